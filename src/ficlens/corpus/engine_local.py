"""The default engine: shards on local worker processes (`concurrent.futures.ProcessPoolExecutor`).

Workers are spawned, not forked: the driver runs a progress-bar thread, and forking a threaded process can
deadlock. Each worker warms the pipeline once in its initializer. Only a window of shards is in flight, so
a corpus of millions of works never queues millions of futures.

A work that kills its worker process (a crash in native code, the OOM killer) breaks the whole pool, and
every shard in flight fails with it. The pool is restarted and those shards are retried one at a time; a
shard that breaks the pool on its own is run work by work, and the work that breaks it becomes an error row.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
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

Task = Callable[[Shard, str], ShardResult]


class LocalEngine:
    name = "local"

    def __init__(self, *, workers: int, task: Task = process_shard):
        if workers < 1:
            raise ValueError("workers must be at least 1")
        self.workers = workers
        self.task = task  # a module-level function: the spawned workers import it by name
        self._pool: ProcessPoolExecutor | None = None

    def run(self, shards: Iterable[Shard], *, stage: str) -> Iterator[ShardResult]:
        todo = iter(shards)
        self._start(stage)
        try:
            pending: dict[Future, Shard] = {}
            self._fill(pending, todo, stage, 2 * self.workers)
            while pending:
                finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                broken = []
                for future in finished:
                    shard = pending.pop(future)
                    try:
                        result = future.result()
                    except BrokenProcessPool:
                        broken.append(shard)
                        continue
                    yield result
                if broken:  # the pool is gone, with every shard in flight: which work killed it is unknown
                    broken += pending.values()
                    pending.clear()
                    self._start(stage)
                    for shard in sorted(broken, key=lambda s: s.index):
                        yield self._retry(shard, stage)
                self._fill(pending, todo, stage, 2 * self.workers - len(pending))
        finally:
            self._stop()

    def _fill(self, pending: dict[Future, Shard], todo: Iterator[Shard], stage: str, n: int) -> None:
        for shard in islice(todo, max(n, 0)):
            pending[self._pool.submit(self.task, shard, stage)] = shard

    def _retry(self, shard: Shard, stage: str) -> ShardResult:
        """The shard alone; if it still breaks the pool, work by work."""
        try:
            return self._pool.submit(self.task, shard, stage).result()
        except BrokenProcessPool:
            self._start(stage)
        parts = []
        for one in single_item_shards(shard):
            try:
                parts.append(self._pool.submit(self.task, one, stage).result())
            except BrokenProcessPool:
                self._start(stage)
                parts.append(lost_item(shard, one.items[0]))
        return merge_results(shard, parts)

    def _start(self, stage: str) -> None:
        self._stop(wait=False)
        self._pool = ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=warm,
            initargs=(stage,),
        )

    def _stop(self, *, wait: bool = True) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=wait, cancel_futures=True)
            self._pool = None
