"""The command line's progress: drawn by step on a terminal, nothing at all elsewhere."""

from __future__ import annotations

import io

from rich.console import Console

from ficlens.progress import StepProgress, on_terminal


def test_disabled_it_draws_nothing(capsys):
    with StepProgress(("read", "write"), enabled=False) as step:
        step.begin("1/2 a.txt")
        step("read")
        step("write")
    assert capsys.readouterr().err == ""
    assert not on_terminal()  # pytest captures stderr: no terminal


def test_enabled_it_shows_the_current_step_and_clears_itself(monkeypatch):
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=100)
    monkeypatch.setattr("ficlens.progress.Console", lambda **kwargs: console)
    with StepProgress(("read", "cast", "write"), enabled=True) as step:
        step.begin("seed.txt")
        step("cast")
        step._progress.refresh()
        drawn = screen.getvalue()
    assert "seed.txt: cast" in drawn
    assert step._progress is None  # stopped: the line is gone, the final "wrote" line is what stays
