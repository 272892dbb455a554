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


def test_a_shared_surname_names_neither_sister():
    from ficlens.eval.relationships import cast_hits, character_words, given_name

    names = {
        "E": ("Miss Elizabeth Bennet", ["Elizabeth", "Lizzy"]),
        "J": ("Jane", ["Jane", "Miss Bennet", "Jane Bennet"]),
        "M": ("Mrs. Bennet", []),
        "B": ("Mr. Bennet", ["Bennet"]),
        "C": ("Catherine Morland", []),
        "K": ("James Morland", []),
    }
    cast = {k: character_words(n, a) for k, (n, a) in names.items()}
    given = {k: given_name(n) for k, (n, _) in names.items()}
    assert cast_hits("Elizabeth Bennet & Jane Bennet", ["E", "J"], cast, given)
    assert not cast_hits("Elizabeth Bennet & Jane Bennet", ["E", "M"], cast, given)
    assert cast_hits("Elizabeth Bennet & Mr. Bennet", ["B", "E"], cast, given)
    assert not cast_hits("Elizabeth Bennet & Mr. Bennet", ["M", "E"], cast, given)
    # "Morland" alone does not make Catherine James, where James is in the cast
    assert not cast_hits("Isabella Thorpe/James Morland", ["C", "I"], {**cast, "I": {"isabella"}}, given)


def test_reader_names_the_reader_insert_only():
    from ficlens.eval.relationships import character_words

    reader, mothman = character_words("the reader"), character_words("Mothman")
    assert pair_hits("Mothman (Character)/Reader", [mothman, reader])
    assert not pair_hits("Mothman (Character)/Reader", [mothman, character_words("Reader Jones")])


def test_a_work_in_several_forms_is_scored_once():
    from ficlens.eval.relationships import evaluate

    page = ONESHOT
    download = ONESHOT.parents[1] / "download" / "23009290-oneshot.html"
    if not (page.exists() and download.exists()):
        pytest.skip("AO3 fixtures are not here")
    report = evaluate([page, download])
    assert len(report.works) == 1 and report.duplicates == [str(download)]
    assert report.works[0].key == "ao3-23009290"


def test_gold_set_is_well_formed():
    from ficlens.eval.relationships import GOLD, load_gold

    gold = load_gold(GOLD)
    pdnc = [k for k in gold if k.startswith("pdnc-")]
    assert len(pdnc) == 22 and "seed" in gold
    for key, entry in gold.items():
        tags = entry.get("tags", []) + entry.get("added", [])
        assert entry["path"] and (tags or entry.get("skip")), key
        assert set(entry.get("central", [])) <= set(tags), key
        for tag in tags:
            assert len(parse_tag(tag)[0]) >= 2, (key, tag)


def test_eval_command_scores_a_gold_set_with_the_tags_hidden(tmp_path):
    if not ONESHOT.exists():
        pytest.skip("AO3 fixtures are not here")
    gold = tmp_path / "gold.json"
    gold.write_text(
        '{"works": {"one": {"path": "fixtures/ao3/page/23009290-oneshot.html",'
        ' "tags": ["Honoroit Banlardois/Emmanellain de Fortemps"]}}}'
    )
    shared = ONESHOT.parents[3]
    result = CliRunner().invoke(
        app, ["eval", "relationships", "--gold", str(gold), "--shared", str(shared), "--no-tags"]
    )
    assert result.exit_code == 0, result.output
    assert "1 tagged works" in result.output and "top-1 100.0%" in result.output
    assert "kind at top-1 100.0%" in result.output
