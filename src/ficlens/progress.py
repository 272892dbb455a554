"""Progress by step on a terminal: a Rich line on stderr while a work is read, analysed and written.

Only where stderr is a terminal: piped or redirected, nothing is drawn (a log gets no spinner frames). The
library never prints; it calls a `progress(step)` hook (`ficlens.pipeline.annotate`), and this is the
command line's.
"""

from __future__ import annotations

import sys
from types import TracebackType

from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn


def on_terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):  # replaced or closed stderr
        return False


class StepProgress:
    """``with StepProgress(steps, enabled=...) as step: step("read") ...``: a bar over `steps` with the current
    step and the time so far; `begin(label)` starts the next work of several. Disabled, it does nothing."""

    def __init__(self, steps: tuple[str, ...], *, enabled: bool) -> None:
        self.steps = steps
        self.enabled = enabled
        self._progress: Progress | None = None
        self._task = None
        self._label = ""

    def __enter__(self) -> StepProgress:
        if self.enabled:
            self._progress = Progress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                BarColumn(),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=True,  # gone once done: the final "wrote" line is what stays
            )
            self._progress.start()
            self._task = self._progress.add_task("", total=len(self.steps))
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

    def begin(self, label: str) -> None:
        """The next work (a directory's files one by one): the bar starts again, labelled."""
        self._label = label
        if self._progress is not None:
            self._progress.reset(self._task, total=len(self.steps), description=label)

    def __call__(self, step: str) -> None:
        if self._progress is None:
            return
        done = self.steps.index(step) if step in self.steps else 0
        what = f"{self._label}: {step}" if self._label else step
        self._progress.update(self._task, completed=done, description=what)
