"""Worker tasks that misbehave on purpose, on a work whose file name holds a marker word: "poison" dies as
native code or the OOM killer would, "endless" never ends (asleep), "spin" never ends (busy), "crawl" takes 6 s
at a tenth of a core, "hog" keeps taking memory. Everything else runs the real pipeline.

They live in their own module so that spawned worker processes can import them by name.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from ficlens.corpus.worker import Job, WorkResult, process_job


def _marked(job: Job, word: str) -> bool:
    return word in Path(job.item.key).name


def die_on_poison(job: Job, stage: str) -> WorkResult:
    if _marked(job, "poison"):
        os._exit(70)  # no exception, no cleanup: the process is simply gone
    return process_job(job, stage)


def misbehave(job: Job, stage: str) -> WorkResult:
    """die_on_poison, and the works marked "endless", "spin", "crawl" and "hog" as the module says."""
    if _marked(job, "endless"):
        while True:
            time.sleep(1)
    if _marked(job, "spin"):  # a hang that burns CPU, as a backtracking regex does
        while True:
            pass
    if _marked(job, "crawl"):  # a legal work on a machine busy with other work: 10 % of a core for 6 s
        until = time.monotonic() + 6
        while time.monotonic() < until:
            spin_until = time.monotonic() + 0.01
            while time.monotonic() < spin_until:
                pass
            time.sleep(0.09)
    if _marked(job, "hog"):
        hoard = []
        while True:
            hoard.append(bytearray(32 * 2**20))  # touched pages: resident memory, as a runaway stage's
            for i in range(0, len(hoard[-1]), 4096):
                hoard[-1][i] = 1
    return die_on_poison(job, stage)


def meet(job: Job, stage: str) -> WorkResult:
    """Each work waits (up to a minute) until two worker processes hold one: it ends at once only if the
    engine gives a second worker work while the first is still busy."""
    folder = Path(os.environ["FICLENS_TEST_MEET"])
    (folder / str(os.getpid())).touch()
    deadline = time.monotonic() + 60
    while len(list(folder.iterdir())) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    return process_job(job, stage)
