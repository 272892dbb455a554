"""`ficlens eval word-counts`: AO3's printed word count beside ours, per file."""

from __future__ import annotations

from paths import AO3_DOWNLOADS, need
from typer.testing import CliRunner

from ficlens.cli import app

runner = CliRunner()


def test_reports_each_file_and_passes_on_complete_downloads():
    files = [str(need(AO3_DOWNLOADS / name)) for name in ("23009290-oneshot.html", "334557-series-8ch.epub")]
    result = runner.invoke(app, ["eval", "word-counts", *files])
    assert result.exit_code == 0, result.output
    rows = result.stdout.splitlines()[1:]
    assert [row.split()[1:5] for row in rows] == [
        ["ao3-html", "4559", "4559", "+0.00%"],
        ["ao3-epub", "31623", "31623", "+0.00%"],
    ]


def test_fails_on_a_broken_file(tmp_path):
    broken = tmp_path / "broken.epub"
    broken.write_bytes(need(AO3_DOWNLOADS / "23009290-oneshot.epub").read_bytes()[:300])
    result = runner.invoke(app, ["eval", "word-counts", str(broken)])
    assert result.exit_code == 1
    assert "E006" in result.stdout
