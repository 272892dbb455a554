from pathlib import Path

import pytest
from typer.testing import CliRunner

from ficlens.analysis import analyse
from ficlens.cli import app
from ficlens.eval.relationships import pair_hits, parse_tag, score_work, tokens

ONESHOT = (
    Path(__file__).resolve().parents[2].parent
    / "shared"
    / "fixtures"
    / "ao3"
    / "page"
    / "23009290-oneshot.html"
)


def test_parse_tag_kind_and_names():
    assert parse_tag("Haruno Sakura/Yamanaka Ino") == (["Haruno Sakura", "Yamanaka Ino"], "romantic")
    assert parse_tag("Inquisitor & Solas (Dragon Age)") == (["Inquisitor", "Solas"], "platonic")


def test_loose_name_match_needs_two_different_names():
    ino, sakura, lee = tokens("Ino Ino-pig"), tokens("Sakura Forehead"), tokens("Lee")
    assert pair_hits("Haruno Sakura/Yamanaka Ino", [ino, sakura])
    assert pair_hits("Haruno Sakura/Yamanaka Ino", [sakura, ino])
    assert not pair_hits("Haruno Sakura/Yamanaka Ino", [sakura, lee])
    assert not pair_hits("Haruno Sakura/Haruno Kizashi", [sakura, sakura])
    assert not pair_hits("Original Female Character/Reader", [tokens("Female Guard"), tokens("Reader")])


def test_score_work_against_tags(seed_work):
    work = analyse(seed_work)
    work.metadata.relationships = ["Haruno Sakura/Yamanaka Ino", "Rock Lee & Yamanaka Ino"]
    score = score_work(work, "seed")
    assert score.top1 and score.top3 and score.kind
    work.metadata.relationships = ["Hyuuga Neji/Tenten"]
    assert not score_work(work, "seed").top3


def test_eval_command_reports_hit_rates():
    if not ONESHOT.exists():
        pytest.skip("AO3 fixtures are not here")
    result = CliRunner().invoke(app, ["eval", "relationships", str(ONESHOT)])
    assert result.exit_code == 0, result.output
    assert "1 tagged works" in result.output and "top-1" in result.output and "top-3" in result.output
