"""Safe reading of zip containers (EPUB) in memory: nothing is ever extracted to disk.

Hostile archives are refused before and while reading: too many members, member names that climb out of
the archive (``../``, absolute paths, drive letters), declared sizes or compression ratios of a zip bomb,
and, because the directory can lie, a cap on the bytes actually decompressed. A truncated or broken zip
is a `CorruptFile`.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass

from ficlens.errors import CorruptFile, UnsafeArchive

MAX_MEMBERS = 10_000
MAX_TOTAL_BYTES = 256 * 1024 * 1024  # all members together, uncompressed
MAX_MEMBER_BYTES = 64 * 1024 * 1024
MAX_RATIO = 200  # text compresses about 3–10×; a ratio of hundreds is a bomb
RATIO_FLOOR = 1024 * 1024  # small members may compress extremely well (runs of spaces) without harm
_CHUNK = 64 * 1024
_DRIVE = re.compile(r"^[A-Za-z]:")
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    EOFError,
    NotImplementedError,
    ValueError,
    OSError,
    RuntimeError,
    KeyError,
    IndexError,
    UnicodeDecodeError,
    OverflowError,
)


@dataclass
class SafeZip:
    """A zip archive held in memory, its members read with size caps."""

    archive: zipfile.ZipFile
    path: str
    budget: int = MAX_TOTAL_BYTES  # bytes that may still be decompressed, over all reads

    @classmethod
    def open(cls, data: bytes, path: str) -> SafeZip:
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
            infos = archive.infolist()
        except _ZIP_ERRORS as exc:
            raise CorruptFile(path, f"broken or truncated zip archive ({_reason(exc)})") from None
        check_directory(infos, path)
        return cls(archive=archive, path=path)

    def names(self) -> list[str]:
        return self.archive.namelist()

    def has(self, name: str) -> bool:
        try:
            self.archive.getinfo(name)
        except KeyError:
            return False
        return True

    def read(self, name: str) -> bytes:
        """One member's bytes, decompressed in chunks and stopped as soon as it outgrows its caps."""
        try:
            info = self.archive.getinfo(name)
        except KeyError:
            raise CorruptFile(self.path, f"the archive lacks {name!r}") from None
        limit = min(MAX_MEMBER_BYTES, self.budget, info.file_size)
        out = bytearray()
        try:
            with self.archive.open(info) as member:
                while chunk := member.read(_CHUNK):
                    out += chunk
                    if len(out) > limit:
                        raise UnsafeArchive(self.path, _over_limit(name, limit, self.budget))
        except UnsafeArchive:
            raise
        except _ZIP_ERRORS as exc:
            raise CorruptFile(self.path, f"broken archive member {name!r} ({_reason(exc)})") from None
        self.budget -= len(out)
        return bytes(out)


def check_directory(infos: list[zipfile.ZipInfo], path: str) -> None:
    """Refuse an archive from its directory alone: member count, names, declared sizes and ratios."""
    if len(infos) > MAX_MEMBERS:
        raise UnsafeArchive(path, f"{len(infos)} members in the archive (at most {MAX_MEMBERS})")
    total = 0
    for info in infos:
        if is_unsafe_name(info.filename):
            raise UnsafeArchive(path, f"member name {info.filename!r} points outside the archive")
        if info.file_size > MAX_MEMBER_BYTES:
            raise UnsafeArchive(path, f"member {info.filename!r} declares {info.file_size} bytes: a zip bomb")
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise UnsafeArchive(
                path,
                f"member {info.filename!r} compresses "
                f"{info.file_size // max(info.compress_size, 1)}:1: a zip bomb",
            )
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise UnsafeArchive(path, f"the archive declares {total} bytes uncompressed: a zip bomb")


def _over_limit(name: str, limit: int, budget: int) -> str:
    if limit == budget:  # the reads together, not this member: a spine that lists one member many times
        return (
            f"reading {name!r} takes the archive past {MAX_TOTAL_BYTES // 2**20} MiB decompressed "
            "in all: a zip bomb"
        )
    return f"member {name!r} decompresses to more than its declared or allowed size: a zip bomb"


def is_unsafe_name(name: str) -> bool:
    name = name.replace("\\", "/")
    if name.startswith("/") or _DRIVE.match(name) or "\x00" in name:
        return True
    return ".." in posixpath.normpath(name).split("/")


def resolve(base: str, href: str) -> str:
    """A member name from an href relative to the member `base` (OPF → XHTML), without fragment or query."""
    from urllib.parse import unquote

    href = unquote(href.split("#", 1)[0].split("?", 1)[0])
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), href)).lstrip("/")


def _reason(exc: BaseException) -> str:
    return str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
