"""`ficlens.eval.formats`: AO3's books printed with calibre, compared with the HTML they came from."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from ficlens.cli import app
from ficlens.eval import formats

DATA = Path(__file__).parents[1] / "io" / "data"


def test_compare_a_book_with_its_html():
    row = formats.compare(DATA / "odd-titles.pdf", DATA / "odd-titles.html")
    assert (row.format, row.chapters, row.expected_chapters, row.titles_match) == ("ao3-pdf", 5, 5, True)
    assert row.ao3_words == 4647 and row.words == row.ao3_words and row.ok
    assert "odd-titles" in formats.render([row]) and "5/5" in formats.render([row])


def test_compare_flags_a_book_of_another_work():
    row = formats.compare(DATA / "no-summary.pdf", DATA / "odd-titles.html")
    assert (row.chapters, row.expected_chapters) == (3, 5)
    assert not row.titles_match and not row.ok


def test_command_prints_a_book_and_measures_it(tmp_path):
    if formats.calibre() is None:
        pytest.skip("calibre's ebook-convert is not installed")
    result = CliRunner().invoke(
        app, ["eval", "formats", "--out", str(tmp_path), "--formats", "pdf", str(DATA / "no-summary.html")]
    )
    assert result.exit_code == 0, result.output
    out = result.output
    assert "no-summary" in out and "3/3" in out and "+0.00%" in out
    assert [p.suffix for p in tmp_path.iterdir()] == [".pdf"]


def test_command_refuses_a_missing_file_and_an_unknown_format_in_one_line(tmp_path):
    for args in (["--formats", "docx", str(DATA / "no-summary.html")], [str(tmp_path / "missing.html")]):
        result = CliRunner().invoke(app, ["eval", "formats", "--out", str(tmp_path), *args])
        assert result.exit_code == 1
        assert len(result.output.strip().splitlines()) == 1 and result.output.startswith("ficlens: ")
