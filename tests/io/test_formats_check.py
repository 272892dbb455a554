"""`python -m ficlens.io.formats_check`: AO3's printed word count beside ours, per file."""

from __future__ import annotations

from paths import AO3_DOWNLOADS, need

from ficlens.io import formats_check


def test_reports_each_file_and_passes_on_complete_downloads(capsys):
    files = [str(need(AO3_DOWNLOADS / name)) for name in ("23009290-oneshot.html", "334557-series-8ch.epub")]
    assert formats_check.main(files) == 0
    rows = capsys.readouterr().out.splitlines()[1:]
    assert [row.split()[1:5] for row in rows] == [["ao3-html", "4559", "4559", "+0.00%"],
                                                  ["ao3-epub", "31623", "31623", "+0.00%"]]


def test_fails_on_a_broken_file(tmp_path, capsys):
    broken = tmp_path / "broken.epub"
    broken.write_bytes(need(AO3_DOWNLOADS / "23009290-oneshot.epub").read_bytes()[:300])
    assert formats_check.main([str(broken)]) == 1
    assert "E006" in capsys.readouterr().out
