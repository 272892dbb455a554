"""`ficlens bench-scaling`: texts of growing length built from PDNC, each stage timed, growth fitted."""

from __future__ import annotations

import json

import pytest
from paths import PDNC, SHARED, need
from typer.testing import CliRunner

from ficlens.cli import app
from ficlens.scaling import STAGES, ScalingRow, build_text, exponent, novels


def test_the_texts_hold_the_words_asked_for_and_go_round_the_novels_again():
    sources = novels(need(SHARED))
    text = build_text(sources[:1], 5_000)
    assert 5_000 <= len(text.split()) < 5_000 + 1_000  # cut at the first paragraph end past it
    one = sum(len(p.read_text(encoding="utf-8").split()) for p in sources[:1])
    opening = sources[0].read_text(encoding="utf-8").split("\n\n")[0]
    assert build_text(sources[:1], one + 1).count(opening) == 2  # the novel again, cut after its opening


def test_the_exponent_is_the_slope_on_log_scales():
    rows = [
        ScalingRow("a", n, {"cast": 1e-4 * n, "speakers": 1e-9 * n * n}) for n in (1_000, 10_000, 100_000)
    ]
    assert exponent(rows, "cast") == pytest.approx(1.0)
    assert exponent(rows, "speakers") == pytest.approx(2.0)
    assert exponent(rows[:1], "cast") is None  # one size says nothing of growth


def test_the_command_times_every_stage_in_its_own_process(tmp_path):
    need(PDNC)
    out = tmp_path / "scaling.json"
    result = CliRunner().invoke(
        app,
        ["bench-scaling", str(SHARED), "--sizes", "2000,4000", "--single-story", "3000", "--json", str(out)],
    )
    assert result.exit_code == 0, result.output
    assert "growth exponent" in result.stdout
    record = json.loads(out.read_text())
    assert [r["label"] for r in record["rows"]] == ["novels-2k", "novels-4k"]
    assert record["single_story"]["label"] == "one-story-3k"
    for row in [*record["rows"], record["single_story"]]:
        assert set(row["cpu_s"]) == set(STAGES) and row["words"] >= 2_000
        assert 50 < row["peak_mib"] < 2_000  # its own process's peak, models loaded
    assert set(record["exponents"]) == {*STAGES, "total"}


def test_sizes_that_are_no_numbers_are_a_clear_error():
    result = CliRunner().invoke(app, ["bench-scaling", str(SHARED), "--sizes", "big"])
    assert result.exit_code != 0 and "--sizes 'big'" in result.output
