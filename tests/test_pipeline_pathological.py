"""Every stage is linear in its input (issue 12): each pathological text (tests/pathological_texts.py) goes
through `read`, and through `analyze` with the JSON and HTML outputs, within a generous time and memory bound.
A quadratic stage needs hours at these sizes, so the bounds cannot flake on a loaded machine yet fail at once
on a regression.

By default every text is read at 200 kB and a few are analysed at 50 kB; `--slow` reads every text at 1 MB
and analyses every one at 200 kB in a child process that reports its peak memory.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pathological_texts import PATHOLOGICAL

from ficlens.errors import FicError
from ficlens.pipeline import analyze, read

READ_SECONDS = 60
ANALYZE_SECONDS = 120
PEAK_MIB = 1024
# cheap to analyse by default: the shapes that once crashed or went quadratic in the annotate stages
DEFAULT_ANALYZED = (
    "run .",
    "run “",
    "nested quotes",
    "unbalanced quotes",
    "huge paragraph",
    "short lines",
    "capitalised names",
    "dialogue paragraphs",
)


def _write(tmp_path: Path, name: str, size: int) -> Path:
    path = tmp_path / "pathological.txt"
    path.write_text(PATHOLOGICAL[name](size), encoding="utf-8")
    return path


def _read_in_time(path: Path) -> None:
    started = time.process_time()
    try:
        work = read(path)
    except FicError:
        return  # refused with a clear error (a text of control characters is no text): fine
    assert time.process_time() - started < READ_SECONDS
    assert work.paragraphs and work.sentences


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_each_pathological_text_is_read_in_bounded_time(tmp_path: Path, name: str) -> None:
    _read_in_time(_write(tmp_path, name, 200_000))


@pytest.mark.parametrize("name", DEFAULT_ANALYZED)
def test_pathological_texts_are_analysed_in_bounded_time(tmp_path: Path, name: str) -> None:
    from ficlens.report import render_html

    path = _write(tmp_path, name, 50_000)
    started = time.process_time()
    work = analyze(path)
    json.loads(work.to_json())
    assert "<html" in render_html(work)
    assert time.process_time() - started < ANALYZE_SECONDS
    ids = {c.id for c in work.characters}
    assert all(q.speaker is None or q.speaker in ids for q in work.quotes)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_each_pathological_megabyte_is_read_in_bounded_time(tmp_path: Path, name: str) -> None:
    _read_in_time(_write(tmp_path, name, 1_000_000))


_CHILD = """
import json, sys, time
from ficlens.errors import FicError
from ficlens.pipeline import analyze
from ficlens.report import render_html
started = time.process_time()
try:
    work = analyze(sys.argv[1])
    work.to_json()
    render_html(work)
except FicError:
    pass
# the child's own peak (VmHWM): ru_maxrss would carry over the forking pytest process's
peak_kib = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(json.dumps({"seconds": time.process_time() - started, "peak_mib": peak_kib / 1024}))
"""


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_each_pathological_text_is_analysed_in_bounded_time_and_memory(tmp_path: Path, name: str) -> None:
    path = _write(tmp_path, name, 200_000)
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path)],
        capture_output=True,
        text=True,
        timeout=ANALYZE_SECONDS * 3,
        check=True,
    )
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    assert figures["seconds"] < ANALYZE_SECONDS
    assert figures["peak_mib"] < PEAK_MIB
