"""`python -m ficlens.io.timing`: one line per file with the reader's format and its parse time."""

from __future__ import annotations


import pytest

from ficlens.io import timing
from paths import AO3_PAGES

PAGES = AO3_PAGES


def test_prints_format_and_time_per_file_and_the_error_for_a_non_work(capsys):
    work, login = PAGES / "23009290-oneshot.html", PAGES / "locked-login.html"
    if not (work.exists() and login.exists()):
        pytest.skip("AO3 page fixtures are not here")
    timing.main([str(work), str(login), "--runs", "2"])
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("23009290-oneshot.html\tao3-page\t61 KiB\t") and lines[0].endswith(" ms")
    assert lines[1].startswith("locked-login.html\t-\tAO3 login wall")
