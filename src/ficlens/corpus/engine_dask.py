"""The Dask engine: the same shards on a Dask distributed cluster.

`scheduler` is the address of a running scheduler (``tcp://host:8786``); without one, a `LocalCluster` of
`workers` single-threaded processes starts on 127.0.0.1 and stops with the run. Inputs must be readable at
the same paths from every worker (a shared filesystem); results come back to the driver as Arrow tables and
only the driver writes the dataset.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from itertools import islice

from ficlens.corpus.shards import Shard
from ficlens.corpus.worker import (
    ShardResult,
    lost_item,
    merge_results,
    process_shard,
    single_item_shards,
    warm,
)
from ficlens.errors import CorpusError, MissingDependency

Task = Callable[[Shard, str], ShardResult]
CONNECT_TIMEOUT = "20s"  # how long to wait for a --scheduler to answer


class DaskEngine:
    name = "dask"

    def __init__(self, *, workers: int, scheduler: str | None = None, task: Task = process_shard):
        if workers < 1:
            raise ValueError("workers must be at least 1")
        self.workers = workers
        self.scheduler = scheduler
        self.task = task  # a module-level function: the workers import it by name
        self._shards: dict[str, Shard] = {}  # task key -> shard, for the futures in flight

    def run(self, shards: Iterable[Shard], *, stage: str) -> Iterator[ShardResult]:
        try:
            from distributed import Client, KilledWorker, LocalCluster, as_completed
        except ImportError:
            raise MissingDependency(
                None, "the dask engine needs the dask extra: pip install 'ficlens[dask]'"
            ) from None
        with ExitStack() as stack:
            if self.scheduler:
                try:
                    client = stack.enter_context(Client(self.scheduler, timeout=CONNECT_TIMEOUT))
                except OSError as exc:
                    raise CorpusError(
                        None, f"cannot reach the Dask scheduler at {self.scheduler} ({exc})"
                    ) from None
            else:
                cluster = stack.enter_context(
                    LocalCluster(
                        n_workers=self.workers,
                        threads_per_worker=1,
                        processes=True,
                        host="127.0.0.1",
                        dashboard_address=None,
                        silence_logs=logging.ERROR,
                    )
                )
                client = stack.enter_context(Client(cluster))
            client.run(warm, stage)  # load the models once on every worker before the first shard
            slots = max(sum(client.nthreads().values()), 1)
            todo = iter(shards)
            running = as_completed([self._submit(client, s, stage) for s in islice(todo, 2 * slots)])
            for future in running:
                shard = self._shards.pop(future.key)
                try:
                    result = future.result()
                except KilledWorker:  # Dask retried it on other workers: some work in it kills its process
                    result = self._work_by_work(client, shard, stage)
                except Exception as exc:  # noqa: BLE001 - not a work's fault: stop, the shard stays unfinished
                    raise CorpusError(
                        None,
                        f"a Dask task failed ({type(exc).__name__}: {exc}); finished shards "
                        "are kept: run the same command again to resume",
                    ) from None
                future.release()
                for shard in islice(todo, 1):
                    running.add(self._submit(client, shard, stage))
                yield result

    def _submit(self, client, shard: Shard, stage: str, *, part: str = ""):
        key = f"ficlens-shard-{stage}-{shard.id}{part}"
        self._shards[key] = shard
        return client.submit(self.task, shard, stage, key=key, pure=False)

    def _work_by_work(self, client, shard: Shard, stage: str) -> ShardResult:
        """The shard as one-work tasks, one at a time (so a dying worker holds only the work that kills it);
        a work whose task keeps killing its workers becomes an error row."""
        from distributed import KilledWorker

        parts = []
        for i, one in enumerate(single_item_shards(shard)):
            future = self._submit(client, one, stage, part=f"-{i}")
            self._shards.pop(future.key)
            try:
                parts.append(future.result())
            except KilledWorker:
                parts.append(lost_item(shard, one.items[0]))
            future.release()
        return merge_results(shard, parts)
