"""The default engine: works on local worker processes, one work at a time each, under a time and memory budget.

Each worker is forked from a fork server (multiprocessing's "forkserver": a fresh single-threaded process, as
the driver runs a progress-bar thread and forking a threaded process can deadlock) that loaded the analysis
models once (`warm_models`), so a worker is ready at once and a replaced one too; it takes one `Job` at a
time through a pipe. The driver hands a job to every idle worker, so all of them have work from the start
whatever the shard size, and it watches each work: one that runs past its time budget (see `Clock`), or
grows its worker past the memory budget, has its worker killed and becomes an error row (WorkOverTime E012,
WorkOverMemory E013); one that kills its worker (a crash in native code, the OOM killer) becomes a
WorkerDied row. A new worker takes the dead one's place and the run goes on. Workers end with the driver,
even when it is killed (see `worker.serve`).
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess

from ficlens.corpus.worker import (
    Budget,
    Job,
    Task,
    WorkerDied,
    WorkResult,
    cpu_seconds,
    failed_work,
    over_memory,
    process_job,
    resident_bytes,
    serve,
)
from ficlens.errors import CorpusError, WorkOverTime

POLL_SECONDS = 0.1  # how often the budgets are checked
MAX_FAILED_STARTS = 3  # workers that die before they are ready, in a row: the pipeline cannot start here


@dataclass
class Worker:
    process: BaseProcess
    conn: Connection
    ready: bool = False
    job: Job | None = None
    started: float = 0.0  # when the job was sent
    cpu_at_start: float = 0.0  # the process's CPU seconds then
    cpu_seen: float = 0.0  # its CPU seconds at the last check
    moved: float = 0.0  # when its CPU time last grew
    spawned: float = 0.0  # when the process was started


class Clock:
    """A work's time, measured so that a machine busy with other work does not make a slow work "hang": CPU
    seconds over the budget, or no CPU at all for the budget's length in wall time (a stall: a lock, a
    sleep), or ten times the budget in wall time whatever happens. Where /proc is missing: wall time only."""

    def __init__(self, seconds: float):
        self.seconds = seconds

    def start(self, worker: Worker) -> None:
        now, cpu = time.monotonic(), cpu_seconds(worker.process.pid)
        worker.started = worker.moved = now
        worker.cpu_at_start = worker.cpu_seen = cpu if cpu is not None else 0.0

    def overrun(self, worker: Worker) -> str | None:
        """Why the worker's work is over its time, or None."""
        now, cpu = time.monotonic(), cpu_seconds(worker.process.pid)
        if cpu is None:
            return self._wall(now - worker.started)
        if cpu > worker.cpu_seen:
            worker.cpu_seen, worker.moved = cpu, now
        if cpu - worker.cpu_at_start > self.seconds:
            return f"used more than the time budget of {self.seconds:g} CPU seconds"
        if now - worker.moved > self.seconds:
            return f"made no progress (no CPU time) for the time budget of {self.seconds:g} s"
        return self._wall((now - worker.started) / 10)

    def _wall(self, elapsed: float) -> str | None:
        if elapsed > self.seconds:
            return f"still running after the time budget of {self.seconds:g} s of wall time"
        return None


class LocalEngine:
    name = "local"

    def __init__(self, *, workers: int, task: Task = process_job, budget: Budget | None = None):
        if workers < 1:
            raise ValueError("workers must be at least 1")
        self.workers = workers
        self.task = task  # a module-level function: the workers import it by name
        self.budget = budget or Budget()
        self.clock = Clock(self.budget.seconds)
        self._context = multiprocessing.get_context("forkserver")
        self._failed_starts = 0
        # seconds the fork server took to start (with the models) and, for each worker, from its fork to ready
        self.engine_start: float | None = None
        self.starts: list[float] = []

    def run(self, jobs: Iterable[Job], *, stage: str) -> Iterator[WorkResult]:
        todo = iter(jobs)
        if stage == "analyze":  # the server starts once per driver: with the models when they will be used
            self._context.set_forkserver_preload(["ficlens.corpus.warm_models"])
        pool = [self._spawn(stage) for _ in range(self.workers)]
        more = True
        try:
            while True:
                for worker in pool:
                    if more and worker.ready and worker.job is None:
                        more = self._hand_out(worker, todo)
                if not more and not any(w.job for w in pool):
                    return
                for conn in wait([w.conn for w in pool], timeout=POLL_SECONDS):
                    worker = next(w for w in pool if w.conn is conn)
                    yield from self._receive(worker, pool, stage)
                for worker in pool:
                    if worker.job is not None:
                        yield from self._enforce_budget(worker, pool, stage)
        finally:
            for worker in pool:
                self._stop(worker, kill=worker.job is not None)

    def _hand_out(self, worker: Worker, todo: Iterator[Job]) -> bool:
        job = next(todo, None)
        if job is None:
            return False
        worker.job = job
        self.clock.start(worker)
        worker.conn.send(job)
        return True

    def _receive(self, worker: Worker, pool: list[Worker], stage: str) -> Iterator[WorkResult]:
        try:
            message = worker.conn.recv()
        except (EOFError, OSError):  # the process is gone
            job = worker.job
            self._replace(worker, pool, stage, started=worker.ready)
            if job is not None:
                yield failed_work(
                    job, WorkerDied("the worker process died on this work (crash, out of memory or a signal)")
                )
            return
        if isinstance(message, tuple) and message[0] == "ready":
            worker.ready = True
            self.starts.append(time.monotonic() - worker.spawned)
            self._failed_starts = 0
            return
        worker.job = None
        yield message

    def _enforce_budget(self, worker: Worker, pool: list[Worker], stage: str) -> Iterator[WorkResult]:
        job, key = worker.job, worker.job.item.key
        overrun = self.clock.overrun(worker)
        if overrun:
            error = WorkOverTime(key, f"{overrun} (--time-limit); its worker was stopped")
        elif resident_bytes(worker.process.pid) > self.budget.memory_bytes:
            error = over_memory(key)
        else:
            return
        self._replace(worker, pool, stage, started=True)
        yield failed_work(job, error)

    def _spawn(self, stage: str) -> Worker:
        ours, theirs = self._context.Pipe()
        process = self._context.Process(
            target=serve,
            args=(theirs, stage, self.task, os.getpid(), self.budget.memory_bytes, dict(os.environ)),
            name="ficlens-corpus-worker",
            daemon=True,
        )
        began = time.monotonic()
        process.start()  # the first start waits for the fork server, which loads the models before it forks
        spawned = time.monotonic()
        if self.engine_start is None:
            self.engine_start = spawned - began
        theirs.close()  # only the worker holds its end: when the worker dies, ours reads EOF
        return Worker(process=process, conn=ours, spawned=spawned)

    def _replace(self, worker: Worker, pool: list[Worker], stage: str, *, started: bool) -> None:
        """Kill `worker` (if it still lives) and put a fresh one in its place."""
        self._stop(worker, kill=True)
        if not started:
            self._failed_starts += 1
            if self._failed_starts >= MAX_FAILED_STARTS:
                raise CorpusError(
                    None,
                    f"{MAX_FAILED_STARTS} worker processes died as they started; "
                    "finished works are kept: run the same command again to resume",
                )
        pool[pool.index(worker)] = self._spawn(stage)

    @staticmethod
    def _stop(worker: Worker, *, kill: bool) -> None:
        if kill:
            worker.process.kill()
        else:
            try:
                worker.conn.send(None)
            except OSError:
                worker.process.kill()
        worker.process.join(timeout=10)
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join()
        worker.conn.close()
