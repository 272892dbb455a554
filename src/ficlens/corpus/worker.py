"""What runs inside a worker process: one shard in, plain Arrow tables out.

Workers receive `Shard`s (paths and offsets, never text objects) and return Arrow tables plus a small summary.
The pipeline's models load once per process: `warm` runs the pipeline on the bundled example when the worker
starts, which fills the stages' module-level caches. A work that fails becomes an error row; nothing a single
work does stops the shard.
"""

from __future__ import annotations

import contextlib
import os
import resource
import time
from dataclasses import dataclass

import pyarrow as pa

from ficlens import pipeline
from ficlens.corpus.inputs import Item, apply_metadata, load_item
from ficlens.corpus.shards import Shard
from ficlens.corpus.tables import Rows

STAGES = ("read", "analyze")

_warmed: set[str] = set()


@dataclass
class ShardResult:
    shard: Shard
    tables: dict[str, pa.Table]
    works: int
    words: int
    errors: int
    seconds: float
    cpu_seconds: float  # CPU time on the shard: a rate that other load on the machine barely moves
    pid: int
    peak_rss: int  # bytes, this worker process's high-water mark so far


def warm(stage: str) -> None:
    """Load the stage's models now, once per process, so the first shard is not slower than the rest."""
    if stage in _warmed:
        return
    _warmed.add(stage)
    if stage == "analyze":
        from ficlens.data import example_path

        # a broken stage shows up, per work, in the errors table instead
        with contextlib.suppress(Exception):
            pipeline.annotate(pipeline.read(example_path()))


def process_shard(shard: Shard, stage: str) -> ShardResult:
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


def lost_item(shard: Shard, item: Item) -> ShardResult:
    """The error row for a work that took its worker process down, found by running its shard work by work."""
    rows = Rows()
    rows.add_error(
        item.work_id,
        item.key,
        WorkerDied("the worker process died on this work (crash, out of memory or a signal)"),
    )
    return ShardResult(
        shard=shard,
        tables=rows.to_arrow(),
        works=1,
        words=0,
        errors=1,
        seconds=0.0,
        cpu_seconds=0.0,
        pid=os.getpid(),
        peak_rss=0,
    )


def merge_results(shard: Shard, parts: list[ShardResult]) -> ShardResult:
    """One shard's result from its works' results, in item order (the same rows an unbroken run gives)."""
    tables = {
        name: pa.concat_tables([p.tables[name] for p in parts]).combine_chunks() for name in parts[0].tables
    }
    return ShardResult(
        shard=shard,
        tables=tables,
        works=sum(p.works for p in parts),
        words=sum(p.words for p in parts),
        errors=sum(p.errors for p in parts),
        seconds=sum(p.seconds for p in parts),
        cpu_seconds=sum(p.cpu_seconds for p in parts),
        pid=parts[-1].pid,
        peak_rss=max(p.peak_rss for p in parts),
    )


def single_item_shards(shard: Shard) -> list[Shard]:
    """The shard cut into one-work shards that keep its index and id (their results merge back into it)."""
    return [Shard(index=shard.index, id=shard.id, items=(item,)) for item in shard.items]


def process_item(item: Item, rows: Rows, *, stage: str) -> None:
    try:
        loaded = load_item(item)
        work = pipeline.read_bytes(loaded.data, name=loaded.name)
        apply_metadata(work.metadata, loaded.metadata)
        if stage == "analyze":
            work = pipeline.annotate(work)
        rows.add_work(item.work_id, item.key, work, stage=stage)
    except Exception as exc:  # noqa: BLE001 - every failure is a row in the errors table, never a stop
        rows.add_error(item.work_id, item.key, exc)


def peak_rss() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux reports KiB
