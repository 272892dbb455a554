"""The default engine: shards on local worker processes (`concurrent.futures.ProcessPoolExecutor`).

Workers are spawned, not forked: the driver runs a progress-bar thread, and forking a threaded process can
deadlock. Each worker warms the pipeline once in its initializer. Only a window of shards is in flight, so
a corpus of millions of works never queues millions of futures.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from itertools import islice

from ficlens.corpus.shards import Shard
from ficlens.corpus.worker import ShardResult, process_shard, warm
from ficlens.errors import CorpusError


class LocalEngine:
    name = "local"

    def __init__(self, *, workers: int):
        if workers < 1:
            raise ValueError("workers must be at least 1")
        self.workers = workers

    def run(self, shards: Iterable[Shard], *, stage: str) -> Iterator[ShardResult]:
        todo = iter(shards)
        pool = ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=warm,
            initargs=(stage,),
        )
        try:
            pending: set[Future] = {
                pool.submit(process_shard, s, stage) for s in islice(todo, 2 * self.workers)
            }
            while pending:
                finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    try:
                        result = future.result()
                    except BrokenProcessPool:
                        raise CorpusError(
                            None,
                            "a worker process died (out of memory or killed); finished "
                            "shards are kept: run the same command again to resume",
                        ) from None
                    pending |= {pool.submit(process_shard, s, stage) for s in islice(todo, 1)}
                    yield result
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
