"""The Dask engine: the same jobs (one per work) on a Dask distributed cluster.

`scheduler` is the address of a running scheduler (``tcp://host:8786``); without one, a `LocalCluster` of
`workers` single-threaded processes starts on 127.0.0.1 and stops with the run. Inputs must be readable at
the same paths from every worker (a shared filesystem); results come back to the driver as Arrow tables and
only the driver writes the dataset.

Budgets: a work still running past the time budget becomes a WorkOverTime row, its task is cancelled and the
worker that holds it restarted (through its nanny); a LocalCluster's workers get the memory budget as Dask's
own memory limit, so a worker that grows past it is restarted by its nanny and the work becomes a WorkerDied
row. A work whose task kills its workers (Dask's KilledWorker) becomes a WorkerDied row too.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from itertools import islice

from ficlens.corpus.worker import (
    Budget,
    Job,
    Task,
    WorkerDied,
    WorkResult,
    failed_work,
    process_job,
    timed_warm,
)
from ficlens.errors import CorpusError, MissingDependency, WorkOverTime

CONNECT_TIMEOUT = "20s"  # how long to wait for a --scheduler to answer
POLL_SECONDS = 0.2


class DaskEngine:
    name = "dask"

    def __init__(
        self,
        *,
        workers: int,
        scheduler: str | None = None,
        task: Task = process_job,
        budget: Budget | None = None,
    ):
        if workers < 1:
            raise ValueError("workers must be at least 1")
        self.workers = workers
        self.scheduler = scheduler
        self.task = task  # a module-level function: the workers import it by name
        self.budget = budget or Budget()
        # seconds to start the cluster (or reach the scheduler) and, for each worker, to load the models
        self.engine_start: float | None = None
        self.starts: list[float] = []

    def run(self, jobs: Iterable[Job], *, stage: str) -> Iterator[WorkResult]:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise MissingDependency(
                None, "the dask engine needs the dask extra: pip install 'ficlens[dask]'"
            ) from None
        with ExitStack() as stack:
            began = time.monotonic()
            if self.scheduler:
                try:
                    client = stack.enter_context(Client(self.scheduler, timeout=CONNECT_TIMEOUT))
                except OSError as exc:
                    raise CorpusError(
                        None, f"cannot reach the Dask scheduler at {self.scheduler} ({exc})"
                    ) from None
            else:
                stack.enter_context(_local_worker_settings(stage))
                cluster = stack.enter_context(
                    LocalCluster(
                        n_workers=self.workers,
                        threads_per_worker=1,
                        processes=True,
                        host="127.0.0.1",
                        dashboard_address=None,
                        silence_logs=logging.ERROR,
                        memory_limit=self.budget.memory_bytes,
                    )
                )
                client = stack.enter_context(Client(cluster))
            # load the models once on every worker before the first work
            self.engine_start = time.monotonic() - began
            self.starts = list(client.run(timed_warm, stage).values())
            yield from self._run_on(client, iter(jobs), stage)

    def _run_on(self, client, todo: Iterator[Job], stage: str) -> Iterator[WorkResult]:
        from distributed import wait

        slots = max(sum(client.nthreads().values()), 1)
        # One job per thread in flight: a job is running from its submission, so its clock is honest.
        running = {self._submit(client, job, stage): (job, time.monotonic()) for job in islice(todo, slots)}
        while running:
            try:
                done, _ = wait(list(running), timeout=POLL_SECONDS, return_when="FIRST_COMPLETED")
            except TimeoutError:  # none finished within the poll: check the clocks
                done = set()
            for future in done:
                job, _started = running.pop(future)
                yield self._result(future, job)
                future.release()
            for future, (job, started) in list(running.items()):
                if time.monotonic() - started > self.budget.seconds:
                    del running[future]
                    self._stop_task(client, future)
                    yield failed_work(
                        job,
                        WorkOverTime(
                            job.item.key,
                            f"still running after the time budget "
                            f"of {self.budget.seconds:g} s (--time-limit); its "
                            "task was cancelled and its worker restarted",
                        ),
                    )
            for job in islice(todo, slots - len(running)):
                running[self._submit(client, job, stage)] = (job, time.monotonic())

    def _submit(self, client, job: Job, stage: str):
        key = f"ficlens-work-{stage}-{job.shard}-{job.position}"
        return client.submit(self.task, job, stage, key=key, pure=False)

    @staticmethod
    def _result(future, job: Job) -> WorkResult:
        from distributed import KilledWorker

        try:
            return future.result()
        except KilledWorker:  # Dask retried it on other workers: this work kills its process
            return failed_work(
                job, WorkerDied("the worker process died on this work (crash, out of memory or a signal)")
            )
        except Exception as exc:
            raise CorpusError(
                None,
                f"a Dask task failed ({type(exc).__name__}: {exc}); finished works "
                "are kept: run the same command again to resume",
            ) from None

    @staticmethod
    def _stop_task(client, future) -> None:
        """Cancel a task that overran, and restart the worker still running it (a thread cannot be stopped)."""
        holders = [w for w, keys in client.processing().items() if future.key in keys]
        future.cancel()
        with contextlib.suppress(Exception):  # a worker without a nanny cannot be restarted: it finishes late
            client.restart_workers(holders, timeout=60)


def _local_worker_settings(stage: str):
    """Dask settings for a LocalCluster's workers, for as long as the cluster lasts (a worker its nanny
    restarts gets them too):
    - no sampling profiler: nobody reads it (no dashboard), and its thread took 3.5 % of a worker's CPU
      (0.25 of 7 s per novel, measured);
    - for `analyze`, workers forked from one server that loaded the models once (as the local engine's are),
      not each loading them itself: a worker is ready in a fraction of a second, and the models' pages are
      shared. Dask's own fork server preloads distributed; ours adds the models."""
    import dask

    settings = {"distributed.worker.profile.enabled": False}
    if stage == "analyze":
        from distributed.utils import get_mp_context

        settings["distributed.worker.multiprocessing-method"] = "forkserver"
        with dask.config.set(settings):
            get_mp_context().set_forkserver_preload(["distributed", "ficlens.corpus.warm_models"])
    return dask.config.set(settings)
