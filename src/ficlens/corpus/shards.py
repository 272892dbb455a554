"""Shards: fixed-size slices of the item list, how their finished works are kept, and how a shard is stored.

A shard's id is a hash of its items' keys, so the same inputs always give the same shards. Each finished work
is spooled at once to ``DIR/_spool/<id>/<position>.arrows`` (its rows in every table, with a checksum), so a
kill at any point loses only the works in flight. When all of a shard's works are spooled, the shard is
written as one Parquet file per table, ``DIR/<table>/part-<index>-<id>.parquet``, then a completion marker
``DIR/_done/<id>.json`` that records every file's size and SHA-256, and the spool is removed. Every file is
written to a temporary name and renamed; a shard's files and marker are fsynced, with their folders, so a
marker on disk means its files are, even after a power cut (spooled works are not: a torn one fails its
checksum and is redone). On resume, a marker is trusted only if its files match it, a spooled work only if
its checksum does."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import struct
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import count, islice
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from pyarrow import ipc

from ficlens.corpus.inputs import Item
from ficlens.corpus.tables import SCHEMAS, TABLES

DONE_DIR = "_done"
SPOOL_DIR = "_spool"
SPOOL_MAGIC = b"FICLENS-SPOOL-1\n"
_LENGTH = struct.Struct("<Q")
# Tables a dataset of an older table schema lacks: its shards stay readable (the views show them empty).
ADDED_LATER = frozenset({"texts"})


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


def write_durably(path: Path, data: bytes, *, sync: bool = True) -> None:
    """`data` to a temporary name beside `path`, renamed over `path`: a killed process leaves either the old
    content or all of `data`. With `sync`, the file and then its folder are fsynced first, so that holds after
    a power cut too."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            if sync:
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if sync:
        sync_folder(path.parent)


def sync_folder(folder: Path) -> None:
    """Make renames and removals in `folder` durable."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def remove_durably(path: Path) -> None:
    path.unlink(missing_ok=True)
    with contextlib.suppress(FileNotFoundError):
        sync_folder(path.parent)


# --- the spool: one file per finished work --------------------------------------------------------------


def spool_path(out: Path, shard_id: str, position: int) -> Path:
    return out / SPOOL_DIR / shard_id / f"{position:06d}.arrows"


def spool_work(out: Path, shard_id: str, position: int, tables: dict[str, pa.Table]) -> None:
    """One work's rows in every table, as Arrow IPC streams in one file, with a SHA-256 at its end."""
    parts = [SPOOL_MAGIC]
    for name in TABLES:
        sink = pa.BufferOutputStream()
        with ipc.new_stream(sink, SCHEMAS[name]) as writer:
            writer.write_table(tables[name].cast(SCHEMAS[name]))
        body = sink.getvalue().to_pybytes()
        parts += [_LENGTH.pack(len(body)), body]
    data = b"".join(parts)
    # Not fsynced (two fsyncs per work cost more than reading a short work): a kill leaves the page cache
    # intact, and after a power cut the checksum finds a torn file, whose work is simply redone.
    write_durably(spool_path(out, shard_id, position), data + hashlib.sha256(data).digest(), sync=False)


def read_spooled(path: Path) -> dict[str, pa.Table] | None:
    """A spooled work's tables, or None if the file is missing, cut short or damaged."""
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    data, digest = raw[:-32], raw[-32:]
    if len(raw) < len(SPOOL_MAGIC) + 32 or hashlib.sha256(data).digest() != digest:
        return None
    if not data.startswith(SPOOL_MAGIC):
        return None
    tables, at = {}, len(SPOOL_MAGIC)
    try:
        for name in TABLES:
            (length,) = _LENGTH.unpack_from(data, at)
            at += _LENGTH.size
            tables[name] = ipc.open_stream(pa.py_buffer(data[at : at + length])).read_all()
            at += length
    except (pa.ArrowException, struct.error, ValueError):
        return None
    if not all(tables[name].schema.equals(SCHEMAS[name]) for name in TABLES):
        return None
    return tables


def spooled_positions(out: Path, shard: Shard) -> set[int]:
    """The positions of the shard's works that are spooled and intact; a damaged spool file is removed."""
    folder = out / SPOOL_DIR / shard.id
    if not folder.is_dir():
        return set()
    good = set()
    for path in folder.glob("*.arrows"):
        position = int(path.stem) if path.stem.isdecimal() else -1
        if 0 <= position < len(shard.items) and read_spooled(path) is not None:
            good.add(position)
        else:
            remove_durably(path)
    return good


def gather_spool(out: Path, shard: Shard) -> dict[str, pa.Table]:
    """Every work of the shard from the spool, in item order: the tables an unbroken run would have made."""
    parts: dict[str, list[pa.Table]] = {name: [] for name in TABLES}
    for position in range(len(shard.items)):
        tables = read_spooled(spool_path(out, shard.id, position))
        if tables is None:
            raise FileNotFoundError(spool_path(out, shard.id, position))
        for name in TABLES:
            parts[name].append(tables[name])
    return {name: pa.concat_tables(parts[name]).combine_chunks() for name in TABLES}


def drop_spool(out: Path, shard_id: str) -> None:
    shutil.rmtree(out / SPOOL_DIR / shard_id, ignore_errors=True)


# --- finished shards ------------------------------------------------------------------------------------


def marker_path(out: Path, shard_id: str) -> Path:
    return out / DONE_DIR / f"{shard_id}.json"


def is_done(out: Path, shard: Shard) -> bool:
    return marker_path(out, shard.id).exists()


def write_shard(out: Path, shard: Shard, tables: dict[str, pa.Table], *, summary: dict) -> None:
    """Every table's file durably, then the marker with their sizes and hashes (the marker last: it is the
    commit)."""
    files = {}
    for name in TABLES:
        sink = pa.BufferOutputStream()
        pq.write_table(tables[name], sink, compression="zstd")
        data = sink.getvalue().to_pybytes()
        write_durably(out / name / f"{shard.stem}.parquet", data)
        files[name] = {
            "bytes": len(data),
            "sha256": hashlib.sha256(data).hexdigest(),
            "rows": tables[name].num_rows,
        }
    record = {"id": shard.id, "index": shard.index, "stem": shard.stem, **summary, "files": files}
    write_durably(marker_path(out, shard.id), json.dumps(record, sort_keys=True).encode("utf-8"))


def read_marker(path: Path) -> dict | None:
    """A marker's record, or None if it is empty, cut short or not one of ours."""
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or not isinstance(record.get("stem"), str) or "id" not in record:
        return None
    return record


def done_markers(out: Path) -> list[dict]:
    """The records of every readable marker (their files unchecked), in shard order."""
    folder = out / DONE_DIR
    if not folder.is_dir():
        return []
    records = (read_marker(p) for p in sorted(folder.glob("*.json")))
    return sorted((r for r in records if r is not None), key=lambda r: r["stem"])


def files_match(out: Path, record: dict, *, hashes: bool) -> bool:
    """Whether the shard's files are all there, of the recorded size (and, with `hashes`, content)."""
    files = record.get("files")
    if not isinstance(files, dict):
        return False
    for name in TABLES:
        if name not in files and name in ADDED_LATER:  # a dataset written before the table existed
            continue
        expected = files.get(name) or {}
        path = out / name / f"{record['stem']}.parquet"
        try:
            if path.stat().st_size != expected.get("bytes"):
                return False
            if hashes and _sha256(path) != expected.get("sha256"):
                return False
        except OSError:
            return False
    return True


def _sha256(path: Path) -> str:
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def verified_markers(out: Path) -> dict[str, dict]:
    """Finished shards whose files are all intact (every byte hashed), by id. A marker that is unreadable or
    whose files are missing, cut short or changed is removed with its files: its shard is redone."""
    folder = out / DONE_DIR
    if not folder.is_dir():
        return {}
    good = {}
    for path in sorted(folder.glob("*.json")):
        record = read_marker(path)
        if record is not None and files_match(out, record, hashes=True):
            good[record["id"]] = record
            continue
        if record is not None:
            for name in TABLES:
                (out / name / f"{record['stem']}.parquet").unlink(missing_ok=True)
        remove_durably(path)
    return good


def clean_partial(out: Path, finished: Iterable[str] = ()) -> None:
    """Remove temporary files a killed run left behind, and the spools of shards that were finished."""
    for name in (*TABLES, DONE_DIR):
        folder = out / name
        if folder.is_dir():
            for tmp in folder.glob(".*.tmp"):
                tmp.unlink(missing_ok=True)
    spool = out / SPOOL_DIR
    if spool.is_dir():
        for tmp in spool.glob("*/.*.tmp"):
            tmp.unlink(missing_ok=True)
        for shard_id in finished:
            drop_spool(out, shard_id)


def table_files(out: Path, table: str) -> list[Path]:
    """The files of `table` that belong to finished shards whose files are all there at their recorded size
    (a cheap check, for queries: a shard damaged since is left out until a resumed run redoes it)."""
    stems = [m["stem"] for m in done_markers(out) if "files" not in m or files_match(out, m, hashes=False)]
    return [out / table / f"{stem}.parquet" for stem in stems]
