"""Corpus inputs: directories, globs, zip/tar archives and JSONL files, streamed as a stable run of items.

An `Item` is a small locator (no text), so the driver can list millions of them and send them to workers; the
worker reads the bytes itself (`load_item`). The order is stable: inputs in the order given, directories and
archive members sorted by name, JSONL lines in file order. An input that cannot be listed (a corrupt archive)
becomes one `broken` item, so it lands in the errors table instead of stopping the run.

Big corpora are best given as JSONL, zip or uncompressed tar: their works are read at an offset. A member
of a compressed tar is found by decompressing the archive up to it, once per shard.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import tarfile
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from ficlens import errors, io
from ficlens.errors import CorruptFile, EmptyFile, FicError, TooLarge, UnreadableFile, UnsafeArchive
from ficlens.model import Metadata, Series

JSONL_SUFFIXES = (".jsonl", ".ndjson")
ZIP_SUFFIXES = (".zip",)
TAR_SUFFIXES = (".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz")
MAX_MEMBERS = 10_000_000


@dataclass(frozen=True)
class Item:
    """One work to read: where its bytes are, and a key that names it for good."""

    key: str  # unique and stable: the path, "archive!member" or "file.jsonl#L12"
    kind: str  # "file" | "zip" | "tar" | "jsonl" | "broken"
    container: str  # the file on disk
    member: str | None = None  # archive member name
    offset: int = 0  # byte offset of the JSONL line, or of the member in an uncompressed tar (0: by name)
    size: int = 0  # bytes (file/member size, JSONL line length): part of the run's fingerprint
    problem: str | None = None  # "broken": why it could not be listed
    error: str | None = None  # "broken": the FicError class to raise when the item is loaded

    @property
    def work_id(self) -> str:
        return hashlib.sha1(self.key.encode("utf-8")).hexdigest()[:16]


@dataclass
class Loaded:
    """An item's bytes, the name readers see, metadata given beside the text (JSONL), and what was wrong with
    that metadata: (field, the problem as a FicError) for each field coerced or left out."""

    data: bytes
    name: str
    metadata: dict[str, Any] = field(default_factory=dict)
    problems: list[tuple[str, FicError]] = field(default_factory=list)


def _has_suffix(path: str, suffixes: tuple[str, ...]) -> bool:
    return path.lower().endswith(suffixes)


def expand_inputs(inputs: Iterable[str | Path]) -> list[Item]:
    """Every work under `inputs`, in a stable order, each once (a list: for small corpora and tests)."""
    return list(iter_items(inputs))


def iter_items(inputs: Iterable[str | Path]) -> Iterator[Item]:
    """Every work under `inputs`, streamed in a stable order: memory stays flat for millions of works.

    An input that repeats an earlier one, or lies inside an earlier directory, is skipped, so no key repeats.
    """
    taken: list[str] = []
    for raw in inputs:
        for path in _resolve_input(str(raw)):
            name = os.path.abspath(path)
            if any(name == t or name.startswith(t.rstrip(os.sep) + os.sep) for t in taken):
                continue
            taken.append(name)
            yield from _expand_path(Path(path), explicit=True)


def _resolve_input(raw: str) -> list[str]:
    if not os.path.exists(raw) and glob.has_magic(raw):
        matches = sorted(glob.glob(raw, recursive=True))
        if not matches:
            raise UnreadableFile(raw, "no file matches this pattern")
        return matches
    if not os.path.exists(raw):
        raise UnreadableFile(raw, "no such file or directory")
    return [raw]


def _walk(folder: Path) -> Iterator[Path]:
    """Files under `folder` in sorted path order, one directory in memory at a time (hidden ones skipped)."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(Path(entry.path))
        elif entry.is_file():
            yield Path(entry.path)


def _expand_path(path: Path, *, explicit: bool) -> Iterator[Item]:
    """A directory recursively; a file by its name (the EPUB inside a .zip is a member, not an archive)."""
    if path.is_dir():
        for child in _walk(path):
            yield from _expand_path(child, explicit=False)
        return
    name = os.path.abspath(path)
    if _has_suffix(name, JSONL_SUFFIXES):
        yield from _guard(name, _jsonl_items)
    elif _has_suffix(name, ZIP_SUFFIXES):
        yield from _guard(name, _zip_items)
    elif _has_suffix(name, TAR_SUFFIXES):
        yield from _guard(name, _tar_items)
    elif explicit or path.suffix.lower() in io.SUFFIXES:
        yield Item(key=name, kind="file", container=name, size=_size(path))


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return -1


def _guard(name: str, lister) -> Iterator[Item]:
    """List a container as it is read; if it is broken, yield one item that carries the reason instead."""
    try:
        yield from lister(name)
    except FicError as exc:
        yield Item(key=name, kind="broken", container=name, problem=exc.problem, error=type(exc).__name__)
        return
    except (OSError, zipfile.BadZipFile, tarfile.TarError, EOFError) as exc:
        yield Item(
            key=name,
            kind="broken",
            container=name,
            error="CorruptFile",
            problem=f"cannot list the archive ({type(exc).__name__}: {exc})",
        )


def _jsonl_items(name: str) -> Iterator[Item]:
    offset = 0
    with open(name, "rb") as fh:
        for lineno, line in enumerate(fh, start=1):
            if line.strip():
                yield Item(
                    key=f"{name}#L{lineno}", kind="jsonl", container=name, offset=offset, size=len(line)
                )
            offset += len(line)


def _zip_items(name: str) -> Iterator[Item]:
    with zipfile.ZipFile(name) as archive:
        infos = [i for i in archive.infolist() if not i.is_dir() and _member_wanted(i.filename)]
    if len(infos) > MAX_MEMBERS:
        raise UnsafeArchive(name, f"{len(infos)} members is over the limit of {MAX_MEMBERS}")
    for info in sorted(infos, key=lambda i: i.filename):
        yield Item(
            key=f"{name}!{info.filename}",
            kind="zip",
            container=name,
            member=info.filename,
            size=info.file_size,
        )


def _tar_items(name: str) -> Iterator[Item]:
    with tarfile.open(name) as archive:
        members = [m for m in archive.getmembers() if m.isfile() and _member_wanted(m.name)]
    seekable = not _compressed(name)
    for member in sorted(members, key=lambda m: m.name):
        # An uncompressed tar's member is read straight at its offset; a compressed one is found by name.
        offset = member.offset_data if seekable and not member.issparse() else 0
        yield Item(
            key=f"{name}!{member.name}",
            kind="tar",
            container=name,
            member=member.name,
            offset=offset,
            size=member.size,
        )


_COMPRESSION_MAGIC = (b"\x1f\x8b", b"BZh", b"\xfd7zXZ\x00")


def _compressed(name: str) -> bool:
    with open(name, "rb") as fh:
        return fh.read(6).startswith(_COMPRESSION_MAGIC)


def _member_wanted(member: str) -> bool:
    base = member.rsplit("/", 1)[-1]
    return bool(base) and not base.startswith(".") and Path(base).suffix.lower() in io.SUFFIXES


def load_item(item: Item) -> Loaded:
    """Read one item's bytes (in the worker). Raises `FicError` for anything wrong with the input."""
    if item.kind == "broken":
        error = getattr(errors, item.error or "", CorruptFile)
        raise error(item.key, item.problem or "cannot be listed")
    if item.kind == "file":
        return Loaded(io.read_bytes(item.container), item.key)
    if item.kind == "jsonl":
        return _load_jsonl(item)
    data = _read_member(item)
    if len(data) == 0:
        raise EmptyFile(item.key, "the file is empty")
    if not data.strip():
        raise EmptyFile(item.key, "the file holds only whitespace")
    return Loaded(data, item.key)


def _read_member(item: Item) -> bytes:
    if item.size > io.MAX_BYTES:
        raise TooLarge(
            item.key, f"{item.size / 2**20:.0f} MiB is over the {io.MAX_BYTES / 2**20:.0f} MiB limit"
        )
    try:
        if item.kind == "zip":
            with zipfile.ZipFile(item.container) as archive, archive.open(item.member) as fh:
                data = fh.read(io.MAX_BYTES + 1)  # the header's size can lie (zip bomb): cap what is read
        elif item.offset > 0:
            with open(item.container, "rb") as fh:
                fh.seek(item.offset)
                data = fh.read(item.size)
            if len(data) != item.size:
                raise CorruptFile(item.key, "the archive ends inside this member")
        else:
            with tarfile.open(item.container) as archive:
                fh = archive.extractfile(item.member)
                if fh is None:
                    raise UnreadableFile(item.key, "not a regular file in the archive")
                data = fh.read(io.MAX_BYTES + 1)
    except FicError:
        raise
    except (OSError, KeyError, zipfile.BadZipFile, tarfile.TarError, EOFError) as exc:
        raise CorruptFile(item.key, f"cannot read the archive member ({type(exc).__name__}: {exc})") from None
    if len(data) > io.MAX_BYTES:
        raise UnsafeArchive(item.key, "the member inflates past the size limit")
    return data


def _load_jsonl(item: Item) -> Loaded:
    if item.size > io.MAX_BYTES:
        raise TooLarge(
            item.key, f"a {item.size / 2**20:.0f} MiB line is over the {io.MAX_BYTES / 2**20:.0f} MiB limit"
        )
    try:
        with open(item.container, "rb") as fh:
            fh.seek(item.offset)
            line = fh.read(item.size)
    except OSError as exc:
        raise UnreadableFile(item.key, exc.strerror or "cannot be read") from None
    try:
        record = json.loads(line)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CorruptFile(item.key, f"not a JSON line ({exc})") from None
    if not isinstance(record, dict):
        raise CorruptFile(item.key, "a JSON line must be an object with a 'text' field")
    text = record.get("text")
    if not isinstance(text, str):
        raise CorruptFile(item.key, "the JSON line has no 'text' string")
    if not text.strip():
        raise EmptyFile(item.key, "the 'text' field is empty")
    metadata, problems = _line_metadata(item.key, record)
    return Loaded(text.encode("utf-8"), item.key, metadata, problems)


# Each Metadata field's kind, from its annotation: one text, a list of texts, a count, or a list of series.
_FIELD_KINDS = {
    f.name: {
        "str | None": "text",
        "list[str]": "texts",
        "int | None": "count",
        "list[Series]": "series",
        "bool": "flag",
    }[str(f.type)]
    for f in fields(Metadata)
}


def _line_metadata(key: str, record: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, FicError]]]:
    """Metadata fields given on the line, at the top level or under "metadata" (the latter wins), each of the
    type Metadata holds. A field of another type is coerced when its meaning is plain (`"authors": "x"` is
    one author, `"kudos": "1,024"` a count) or left out; either way the work is kept and the problem recorded."""
    given = {k: v for k, v in record.items() if k in _FIELD_KINDS}
    nested = record.get("metadata")
    if isinstance(nested, dict):
        given.update({k: v for k, v in nested.items() if k in _FIELD_KINDS})
    kept: dict[str, Any] = {}
    problems: list[tuple[str, FicError]] = []
    for name, value in given.items():
        if value is None:
            continue
        try:
            kept[name], note = _COERCE[_FIELD_KINDS[name]](value)
        except (TypeError, ValueError) as exc:
            problems.append(
                (name, CorruptFile(key, f"metadata field {name!r}: {exc}; the field was left out"))
            )
            continue
        if note:
            problems.append((name, CorruptFile(key, f"metadata field {name!r}: {note}")))
    return kept, problems


def _kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return "a list" if isinstance(value, list) else "an object"


def _is_scalar(value: Any) -> bool:
    return isinstance(value, str | int | float) and not isinstance(value, bool)


def _as_text(value: Any) -> tuple[str, str | None]:
    if isinstance(value, str):
        return value, None
    if _is_scalar(value):
        return str(value), f"{_kind_of(value)} where text was expected, kept as text"
    raise ValueError(f"{_kind_of(value)} where text was expected")


def _as_texts(value: Any) -> tuple[list[str], str | None]:
    if _is_scalar(value):
        return [str(value)], f"{_kind_of(value)} where a list was expected, kept as a list of one"
    if not isinstance(value, list) or not all(_is_scalar(v) for v in value):
        raise ValueError(f"{_kind_of(value)} where a list of strings was expected")
    if all(isinstance(v, str) for v in value):
        return value, None
    return [str(v) for v in value], "numbers in a list of strings, kept as text"


def _as_count(value: Any) -> tuple[int, str | None]:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value, None
    if isinstance(value, float) and value.is_integer() and value >= 0:
        return int(value), "a decimal number where a count was expected, kept as a whole number"
    if isinstance(value, str) and value.strip().replace(",", "").isdecimal():
        return int(value.strip().replace(",", "")), "a string where a count was expected, read as a number"
    raise ValueError(f"{_kind_of(value)} ({str(value)[:40]!r}) where a count was expected")


def _as_flag(value: Any) -> tuple[bool, str | None]:
    if isinstance(value, bool):
        return value, None
    raise ValueError(f"{_kind_of(value)} where true/false was expected")


def _as_series(value: Any) -> tuple[list[Series], str | None]:
    note = None
    if isinstance(value, str | dict):
        value, note = [value], f"{_kind_of(value)} where a list of series was expected, kept as a list of one"
    if not isinstance(value, list):
        raise TypeError(f"{_kind_of(value)} where a list of series was expected")
    return [_one_series(s) for s in value], note


def _one_series(value: Any) -> Series:
    if isinstance(value, str):
        return Series(name=value)
    if not isinstance(value, dict) or not isinstance(value.get("name"), str):
        raise TypeError("a series must be a name or an object with a 'name' string")
    position, url = value.get("position"), value.get("url")
    if position is not None and (isinstance(position, bool) or not isinstance(position, int)):
        raise ValueError("a series 'position' must be a whole number")
    if url is not None and not isinstance(url, str):
        raise ValueError("a series 'url' must be a string")
    return Series(name=value["name"], position=position, url=url)


_COERCE = {"text": _as_text, "texts": _as_texts, "count": _as_count, "series": _as_series, "flag": _as_flag}


def apply_metadata(metadata: Metadata, given: dict[str, Any]) -> None:
    """Overlay metadata given beside the text (already of the right types) on what the reader found."""
    for key, value in given.items():
        setattr(metadata, key, value)
