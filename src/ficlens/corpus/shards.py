"""Shards: fixed-size slices of the item list, and how a finished one is stored.

A shard's id is a hash of its items' keys, so the same inputs always give the same shards. A finished shard
is one Parquet file per table, ``DIR/<table>/part-<index>-<id>.parquet``, each written to a temporary name and
renamed into place, then a completion marker ``DIR/_done/<id>.json``. Only marked shards count: a run killed
between two renames leaves files that the next run simply writes again.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import count, islice
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from ficlens.corpus.inputs import Item
from ficlens.corpus.tables import TABLES
from ficlens.output import write_atomic

DONE_DIR = "_done"


@dataclass(frozen=True)
class Shard:
    index: int
    id: str
    items: tuple[Item, ...]

    @property
    def stem(self) -> str:
        return f"part-{self.index:06d}-{self.id}"


def iter_shards(items: Iterable[Item], *, size: int) -> Iterator[Shard]:
    """Consecutive runs of `size` items (the last may be shorter), streamed."""
    if size < 1:
        raise ValueError("shard size must be at least 1")
    stream = iter(items)
    for index in count():
        chunk = tuple(islice(stream, size))
        if not chunk:
            return
        digest = hashlib.sha1("\n".join(i.key for i in chunk).encode("utf-8")).hexdigest()[:16]
        yield Shard(index=index, id=digest, items=chunk)


def plan_shards(items: Iterable[Item], *, size: int) -> list[Shard]:
    return list(iter_shards(items, size=size))


def fingerprint(items: Iterable[Item], *, shard_size: int) -> tuple[str, int]:
    """A hash of every input's name and size (a rerun into the same folder must match it), and their count."""
    digest = hashlib.sha256(f"shard_size={shard_size}\n".encode())
    n = 0
    for item in items:
        n += 1
        digest.update(f"{item.key}\t{item.size}\n".encode())
    return digest.hexdigest(), n


def marker_path(out: Path, shard_id: str) -> Path:
    return out / DONE_DIR / f"{shard_id}.json"


def is_done(out: Path, shard: Shard) -> bool:
    return marker_path(out, shard.id).exists()


def done_markers(out: Path) -> list[dict]:
    folder = out / DONE_DIR
    if not folder.is_dir():
        return []
    return [json.loads(p.read_text()) for p in sorted(folder.glob("*.json"))]


def write_shard(out: Path, shard: Shard, tables: dict[str, pa.Table], *, summary: dict) -> None:
    """Every table's file atomically, then the marker (the marker last: it is the commit)."""
    for name in TABLES:
        target = out / name / f"{shard.stem}.parquet"
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        try:
            pq.write_table(tables[name], tmp, compression="zstd")
            os.replace(tmp, target)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    record = {"id": shard.id, "index": shard.index, "stem": shard.stem, **summary}
    write_atomic(marker_path(out, shard.id), json.dumps(record, sort_keys=True))


def clean_partial(out: Path) -> None:
    """Remove temporary files a killed run left behind."""
    for name in (*TABLES, DONE_DIR):
        folder = out / name
        if folder.is_dir():
            for tmp in folder.glob(".*.tmp"):
                tmp.unlink(missing_ok=True)


def table_files(out: Path, table: str) -> list[Path]:
    """The files of `table` that belong to finished shards, in shard order."""
    stems = sorted(m["stem"] for m in done_markers(out))
    return [out / table / f"{stem}.parquet" for stem in stems]
