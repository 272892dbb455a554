"""The fuzz campaign: a bounded, deterministic sample in the default tests (about a minute), the known
reproducers of ../shared/fuzz each through `read` and `analyze`, and the big run under --slow."""

from __future__ import annotations

import json
import re

import pytest
from paths import SHARED, need
from typer.testing import CliRunner

from ficlens.fuzz.campaign import ANALYZE, READ, Config, Maker, format_table, run_campaign, run_case
from ficlens.fuzz.seeds import load_reproducers

FAMILIES = {
    "ao3-page",
    "html",
    "epub",
    "mobi",
    "azw3",
    "pdf",
    "text",
    "archive",
    "pathological",
    "reproducer",
}


def config(tmp_path, **kw) -> Config:
    need(SHARED / "fixtures")
    return Config(shared=SHARED, out=tmp_path / "defects", **kw)


def defects_of(report) -> str:
    return "\n".join(f"{d.kind}: {d.stage} {d.how} -> {d.error} [{d.saved}]" for d in report.defects)


def test_the_same_seed_makes_the_same_inputs(tmp_path):
    one, two = Maker(config(tmp_path, seed=3)), Maker(config(tmp_path, seed=3))
    other = Maker(config(tmp_path, seed=4))
    numbers = range(40, 80)
    assert [one.case(READ, n).data for n in numbers] == [two.case(READ, n).data for n in numbers]
    assert [one.case(READ, n).data for n in numbers] != [other.case(READ, n).data for n in numbers]


def test_every_input_family_is_made(tmp_path):
    maker = Maker(config(tmp_path))
    assert {maker.case(READ, n).family for n in range(400)} == FAMILIES


@pytest.mark.parametrize("stage", [READ, ANALYZE])
@pytest.mark.parametrize("name", [p.name for p in load_reproducers(SHARED)] or ["none"])
def test_the_known_reproducers(tmp_path, stage, name):
    """../shared/fuzz: each must be read (or refused with a FicError) within the limits."""
    case = next((c for c in Maker(config(tmp_path)).fixed(stage) if c.how == f"as is: {name}"), None)
    if case is None:
        pytest.skip(f"{name} is not here")
    result = run_case(case, config(tmp_path))
    assert result.kind in ("ok", "ficerror"), f"{name}: {result.kind} {result.error}"


def test_a_bounded_sample_has_no_defects(tmp_path):
    """About a minute on one core: 400 `read` and 24 `analyze` inputs, the reproducers and fixtures first."""
    report = run_campaign(config(tmp_path, seed=12, analyze_chars=20_000), read=400, analyze=24, chunk=100)
    table = format_table(report)
    assert set(report.tallies[READ]) == FAMILIES, table
    assert sum(t.inputs for t in report.tallies[READ].values()) == 400
    assert sum(t.inputs for t in report.tallies[ANALYZE].values()) == 24
    assert not report.defects, table + "\n" + defects_of(report)


def test_the_fuzz_command_prints_its_table_and_keeps_its_figures(tmp_path):
    from ficlens.cli import app

    out = tmp_path / "run"
    result = CliRunner().invoke(
        app,
        ["fuzz", "--read", "30", "--analyze", "0", "--seed", "5", "--shared", str(SHARED), "--out", str(out)],
    )
    assert re.search(r"^read\s+all\s+30\s", result.stdout, re.MULTILINE), result.output
    summary = json.loads((out / "summary.json").read_text())
    assert sum(t["inputs"] for t in summary["tallies"]["read"].values()) == 30
    assert len((out / "results.jsonl").read_text().splitlines()) == 30
    assert result.exit_code == (1 if summary["defects"] else 0)


@pytest.mark.slow
def test_the_big_run_has_no_defects(tmp_path):
    """100,000 `read` inputs and 2,000 `analyze` inputs on two workers (about two hours on two idle cores)."""
    report = run_campaign(config(tmp_path, seed=0), read=100_000, analyze=2_000, workers=2)
    assert not report.defects, format_table(report) + "\n" + defects_of(report)


def test_markup_taken_for_prose_is_a_defect_ordinary_prose_is_not():
    from ficlens.fuzz.campaign import check_not_markup

    check_not_markup(need(SHARED / "seed" / "000_8f683d6341e37dd5.txt").read_text())
    page = (
        '<div id="outer"><dl class="work meta"><dt>Fandoms:</dt><dd><a href="/tags/x">X</a></dd></dl></div>\n'
    )
    with pytest.raises(AssertionError, match="markup taken for prose"):
        check_not_markup(page * 20 + "Some words of story.\n")


def test_an_input_slow_for_its_size_is_kept_but_is_no_defect(tmp_path):
    from ficlens.fuzz.campaign import Result, is_slow

    cfg = config(tmp_path)
    assert is_slow(Result(READ, 1, "text", "x", "ok", seconds=4.0, peak_mib=50, size=60_000), cfg)
    assert not is_slow(Result(READ, 1, "text", "x", "ok", seconds=4.0, peak_mib=50, size=2_000_000), cfg)
    assert not is_slow(Result(READ, 1, "text", "x", "ok", seconds=0.5, peak_mib=50, size=1_000), cfg)
    assert not is_slow(Result(ANALYZE, 1, "text", "x", "ok", seconds=2.0, peak_mib=50, size=90_000), cfg)
    assert is_slow(Result(ANALYZE, 1, "text", "x", "ok", seconds=4.0, peak_mib=50, size=20_000), cfg)


def test_replay_runs_saved_inputs_again_and_says_what_they_do_now(tmp_path):
    """An input saved as a defect by an earlier run (here: a tag list cut out of an AO3 download) is run
    again by today's code under the same limits, and what it did then and does now is listed."""
    from ficlens.cli import app
    from ficlens.fuzz.campaign import Case, Result, save_reproducer

    page = need(SHARED / "fixtures" / "ao3" / "download" / "23009290-oneshot.html").read_text(
        encoding="utf-8"
    )
    tag_list = max(re.findall(r"<dd>.*?</dd>", page, re.DOTALL), key=len)
    assert tag_list.count("<a href") >= 3
    data = tag_list.encode()
    case = Case(READ, 7, "html", "23009290-oneshot.html: strip-wrapper", data)
    saved = tmp_path / "old" / "defects"
    save_reproducer(
        case,
        Result(
            READ,
            7,
            "html",
            case.how,
            "exception",
            0.01,
            90.0,
            len(data),
            "AssertionError: markup taken for prose",
        ),
        saved,
    )
    result = CliRunner().invoke(app, ["fuzz", "--replay", str(saved), "--out", str(tmp_path / "new")])
    assert result.exit_code == 0, result.output
    assert re.search(r"exception -> (ok|ficerror) ", result.output)
    assert "1 inputs replayed: 1 now ok or a FicError, 0 defects" in result.output
    empty = CliRunner().invoke(app, ["fuzz", "--replay", str(tmp_path), "--out", str(tmp_path / "new")])
    assert empty.exit_code == 1 and "no saved fuzz inputs" in empty.output
