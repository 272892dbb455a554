"""What runs inside a worker process: one work in, plain Arrow tables out.

The driver sends `Job`s (a work's locator, never its text) and gets back a `WorkResult` per work, so every
worker has work from the first moment, and the driver can stop a work that runs past its `Budget` without
losing any other. The pipeline's models load once per process: `warm` runs the pipeline on the bundled example,
which fills the stages' module-level caches (in the local engine's fork server, so its workers start warm). A
work that fails becomes an error row.

A worker process ends when its driver does, however the driver ends (kill -9 included): the kernel's
parent-death signal (its parent, the fork server, ends with the driver), a thread that watches the parent's
and the driver's pids, and the end of the job pipe all stop it.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import resource
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection

import pyarrow as pa

from ficlens import pipeline
from ficlens.corpus.inputs import Item, apply_metadata, load_item
from ficlens.corpus.shards import Shard
from ficlens.corpus.tables import Rows
from ficlens.errors import WorkOverMemory

STAGES = ("read", "analyze")
DEFAULT_SECONDS = 600.0  # per work: a long work's analysis takes well under a minute
DEFAULT_MEMORY_MIB = 4096  # per worker: the models take ~200 MiB, a 64 MiB input a few hundred more
PR_SET_PDEATHSIG = 1  # linux/prctl.h

_warmed: set[str] = set()


@dataclass(frozen=True)
class Budget:
    """What one work may take: seconds (of CPU, or of a stall; see `engine_local.Clock`), and the resident
    memory of the worker that runs it."""

    seconds: float = DEFAULT_SECONDS
    memory_mib: int = DEFAULT_MEMORY_MIB

    @property
    def memory_bytes(self) -> int:
        return self.memory_mib * 2**20


@dataclass(frozen=True)
class Job:
    """One work of one shard: the shard's id, the work's place in it, and where its bytes are."""

    shard: str
    position: int
    item: Item


@dataclass
class WorkResult:
    job: Job
    tables: dict[str, pa.Table]
    words: int
    errors: int
    seconds: float
    cpu_seconds: float  # CPU time on the work: a rate that other load on the machine barely moves
    pid: int
    peak_rss: int  # bytes, this worker process's high-water mark so far


@dataclass
class ShardResult:
    shard: Shard
    tables: dict[str, pa.Table]
    works: int
    words: int
    errors: int
    seconds: float
    cpu_seconds: float
    pid: int
    peak_rss: int


Task = Callable[[Job, str], WorkResult]


def timed_warm(stage: str) -> float:
    """`warm`, and the seconds it took here."""
    began = time.monotonic()
    warm(stage)
    return time.monotonic() - began


def warm(stage: str) -> None:
    """Load the stage's models now, once per process, so the first work is not slower than the rest."""
    if stage in _warmed:
        return
    _warmed.add(stage)
    from ficlens import blas
    from ficlens.data import example_path

    blas.one_thread()  # for good, not only around the NER: one worker per core, one thread per worker
    undo_malloc_trimming()

    # Reading imports the readers and the segmenter; a broken stage shows up, per work, in the errors table.
    with contextlib.suppress(Exception):
        work = pipeline.read(example_path())
        if stage == "analyze":
            pipeline.annotate(work)


def process_job(job: Job, stage: str) -> WorkResult:
    if stage not in STAGES:
        raise ValueError(f"stage must be one of {STAGES}")
    warm(stage)
    started, cpu_started = time.perf_counter(), time.process_time()
    rows = Rows()
    process_item(job.item, rows, stage=stage)
    tables = rows.to_arrow()
    return WorkResult(
        job=job,
        tables=tables,
        words=rows.words,
        errors=tables["errors"].num_rows,
        seconds=time.perf_counter() - started,
        cpu_seconds=time.process_time() - cpu_started,
        pid=os.getpid(),
        peak_rss=peak_rss(),
    )


def process_shard(shard: Shard, stage: str) -> ShardResult:
    """A whole shard in this process, work after work (for tests and tools; runs go through `process_job`)."""
    if stage not in STAGES:
        raise ValueError(f"stage must be one of {STAGES}")
    warm(stage)
    started, cpu_started = time.perf_counter(), time.process_time()
    rows = Rows()
    for item in shard.items:
        process_item(item, rows, stage=stage)
    tables = rows.to_arrow()
    return ShardResult(
        shard=shard,
        tables=tables,
        works=len(shard.items),
        words=rows.words,
        errors=tables["errors"].num_rows,
        seconds=time.perf_counter() - started,
        cpu_seconds=time.process_time() - cpu_started,
        pid=os.getpid(),
        peak_rss=peak_rss(),
    )


class WorkerDied(Exception):
    """The worker process died while it held this work: a crash in native code, the OOM killer, a signal."""


def failed_work(job: Job, exc: BaseException) -> WorkResult:
    """The error row for a work the driver had to give up on: its worker died, or it ran over its budget."""
    rows = Rows()
    rows.add_error(job.item.work_id, job.item.key, exc)
    return WorkResult(
        job=job,
        tables=rows.to_arrow(),
        words=0,
        errors=1,
        seconds=0.0,
        cpu_seconds=0.0,
        pid=os.getpid(),
        peak_rss=0,
    )


def process_item(item: Item, rows: Rows, *, stage: str) -> None:
    try:
        loaded = load_item(item)
        work = pipeline.read_bytes(loaded.data, name=loaded.name)
        apply_metadata(work.metadata, loaded.metadata)
        if stage == "analyze":
            work = pipeline.annotate(work)
        rows.add_work(item.work_id, item.key, work, stage=stage)
        rows.add_warnings(item.work_id, item.key, loaded.problems)
    except MemoryError:  # the address-space cap `serve` sets: this work alone wanted too much
        rows.add_error(item.work_id, item.key, over_memory(item.key))
    except Exception as exc:
        rows.add_error(item.work_id, item.key, exc)


def over_memory(key: str) -> WorkOverMemory:
    return WorkOverMemory(key, "the work needed more memory than the worker's budget (--memory-limit)")


def peak_rss() -> int:
    """This process's peak resident memory in bytes. Linux's VmHWM, where there is one: getrusage's
    ru_maxrss survives fork and exec, so a worker started by a large parent would report the parent's."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux reports KiB


def serve(
    conn: Connection,
    stage: str,
    task: Task,
    driver: int,
    memory_bytes: int,
    env: dict[str, str] | None = None,
) -> None:
    """A worker process: jobs in through the pipe, results out, until the driver closes the pipe or dies.
    `env`: the driver's environment as it is now (a worker forked from the fork server would otherwise see
    the server's, as it was when the server started)."""
    die_with_parent(driver)
    if env is not None:
        os.environ.clear()
        os.environ.update(env)
    warm(stage)
    cap_address_space(memory_bytes)
    conn.send(("ready", os.getpid()))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):  # the driver is gone
            return
        if job is None:
            return
        try:
            result = task(job, stage)
        except MemoryError:
            result = failed_work(job, over_memory(job.item.key))
        except Exception as exc:
            result = failed_work(job, exc)
        conn.send(result)


def die_with_parent(driver: int) -> None:
    """End this process when its parent (the local engine's fork server) or the `driver` ends: the kernel's
    parent-death signal (Linux), and a thread that watches both for where that is missing (or the parent died
    before it was set)."""
    parent = os.getppid()
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if not _alive(driver):
        os._exit(1)
    threading.Thread(target=_watch, args=(parent, driver), name="watch-parent", daemon=True).start()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, someone else's (the pid was reused): the parent check still holds
        return True
    return True


def _watch(parent: int, driver: int) -> None:
    while os.getppid() == parent and _alive(driver):
        time.sleep(0.5)
    os._exit(1)


# glibc's mallopt parameters (malloc.h)
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3


def undo_malloc_trimming() -> None:
    """Dask's nanny starts its workers with MALLOC_TRIM_THRESHOLD_=65536 (memory back to the system at once),
    which also fixes glibc's mmap threshold at 128 KiB: the same work then took 27 % more CPU in the
    thread that ran it (Pride and Prejudice, 7.9-8.5 s against 6.2-6.5 s, measured three times each).
    Thresholds that a model's arrays fit under put it back (5.9-6.1 s); both are needed (either alone:
    6.6-8.2 s). Memory stays under the worker's own budget (`cap_address_space`)."""
    if "MALLOC_TRIM_THRESHOLD_" not in os.environ:
        return
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(_M_MMAP_THRESHOLD, 32 * 2**20)
        libc.mallopt(_M_TRIM_THRESHOLD, 64 * 2**20)


def cap_address_space(memory_bytes: int) -> None:
    """A hard cap on what this process can map, the budget above what it maps now (models loaded): a work that
    allocates faster than the driver's memory checks gets a MemoryError instead of taking the machine down."""
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            mapped = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = mapped + memory_bytes
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def cpu_seconds(pid: int) -> float | None:
    """A process's user and system CPU time so far (None where /proc is missing or the process is gone)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime
    except (OSError, ValueError, IndexError):
        return None


def resident_bytes(pid: int) -> int:
    """A process's resident memory now (0 where /proc is missing or the process is gone)."""
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0
