"""Readers: every supported file form to one `Work` (metadata, text, chapters), before segmentation.

Formats are recognised from the content, never from the extension. Readers are tried in order; the first
whose `sniff` accepts the bytes parses them. Anything unrecognised is a clear `FicError`.
"""

from __future__ import annotations

import codecs
import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

from ficlens.errors import EmptyFile, FicError, TooLarge, UnreadableFile, UnsupportedFormat
from ficlens.io import ao3_download, ao3_page, epub, html, mobi, pdf, text
from ficlens.io.base import Parsed
from ficlens.model import Chapter, Metadata, Source, Work

# Order matters: binary containers first, AO3 HTML before generic HTML, plain text last.
READERS = (epub, mobi, pdf, ao3_page, ao3_download, html, text)

MAX_BYTES = int(os.environ.get("FICLENS_MAX_BYTES", str(64 * 1024 * 1024)))

SUFFIXES = {".txt", ".text", ".html", ".htm", ".xhtml", ".epub", ".mobi", ".azw3", ".azw", ".pdf"}


def read_bytes(path: str | Path) -> bytes:
    path = Path(path)
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise UnreadableFile(path, "not a regular file")
        if size == 0:
            raise EmptyFile(path, "the file is empty")
        if size > MAX_BYTES:
            raise TooLarge(
                path,
                f"{size / 2**20:.0f} MiB is over the {MAX_BYTES / 2**20:.0f} MiB limit "
                "(set FICLENS_MAX_BYTES to raise it)",
            )
        data = path.read_bytes()
    except FicError:
        raise
    except FileNotFoundError:
        raise UnreadableFile(path, "no such file") from None
    except PermissionError:
        raise UnreadableFile(path, "permission denied") from None
    except OSError as exc:
        raise UnreadableFile(path, exc.strerror or "cannot be read") from None
    if not data.strip():
        raise EmptyFile(path, "the file holds only whitespace")
    return data


def check_bytes(data: bytes, name: str) -> bytes:
    """Bytes given in place of a file pass the checks a file's do: something there, and not too much."""
    if len(data) > MAX_BYTES:
        raise TooLarge(
            name,
            f"{len(data) / 2**20:.0f} MiB is over the {MAX_BYTES / 2**20:.0f} MiB limit "
            "(set FICLENS_MAX_BYTES to raise it)",
        )
    if not data.strip():
        raise EmptyFile(name, "empty, or only whitespace")
    return data


# Text whose visible characters stand mostly in tags is markup no reader recognised, never prose: read as a
# story, its tag names would become characters and its attribute quotes dialogue. Text with fewer tags, but
# too many for the odd <i> of a pasted story, is an HTML snippet too short to be sniffed as a page: the HTML
# reader takes its tags out.
MAX_MARKUP_SHARE = 0.5
HTML_SNIPPET_SHARE = 0.3


def parse_bytes(data: bytes, path: str) -> Parsed:
    data = as_utf8(data)
    for reader in READERS:
        if reader.sniff(data):
            if reader is text:
                return parse_text(data, path)
            return reader.parse(data, path)
    raise UnsupportedFormat(path, "not a format ficlens reads")


def parse_text(data: bytes, path: str) -> Parsed:
    share = html.markup_share(data)
    if share > MAX_MARKUP_SHARE:
        raise UnsupportedFormat(
            path, f"markup, not prose: {share:.0%} of the text is tags, and it is no HTML page ficlens reads"
        )
    if share > HTML_SNIPPET_SHARE:
        return html.parse(data, path)
    return text.parse(data, path)


# UTF-32 first: its little-endian BOM starts with UTF-16's.
_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def as_utf8(data: bytes) -> bytes:
    """UTF-16 or UTF-32 text (with its BOM) as UTF-8, other bytes as they are. Every sniff and the markup
    check look at bytes, and in UTF-16 no tag ever matches: an HTML page would be read as plain text, tags
    and all. Bytes that do not decode are left to the readers (the text reader says what is wrong)."""
    for bom, codec in _WIDE_BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec).encode("utf-8")
            except UnicodeError:
                continue
    return data


def load(path: str | Path) -> Work:
    """Read one file into a `Work` with metadata, text and chapters (no segmentation yet)."""
    data = read_bytes(path)
    return work_from_bytes(data, str(path))


def load_bytes(data: bytes, name: str) -> Work:
    """A file's bytes into a `Work`, as `load` reads a file; `name` stands for its path."""
    return work_from_bytes(check_bytes(data, name), name)


def load_text(story: str, name: str) -> Work:
    """A story given as text into a `Work`, read as a plain-text file is (never as HTML or another format)."""
    data = check_bytes(story.encode("utf-8", "replace"), name)
    parsed = text.parse(data, name)
    return _work(parsed, data, name)


def work_from_bytes(data: bytes, path: str) -> Work:
    return _work(parse_bytes(data, path), data, path)


def _work(parsed: Parsed, data: bytes, path: str) -> Work:
    source = Source(path=path, format=parsed.format, sha256=hashlib.sha256(data).hexdigest())
    parsed.metadata.partial = holds_part(parsed.metadata, parsed.chapters)
    return Work(
        source=source,
        metadata=parsed.metadata,
        text=parsed.text,
        chapters=parsed.chapters,
        italics=parsed.italics,
    )


def holds_part(metadata: Metadata, chapters: list[Chapter]) -> bool:
    """Whether the source holds fewer chapters than the work has posted: AO3's page of one chapter ("Chapters:
    3/?" above a single chapter), never a work whose posted chapters are all here, finished or not."""
    posted = metadata.chapters_posted
    return posted is not None and len(chapters) < posted


def iter_inputs(path: str | Path) -> Iterator[Path]:
    """A file, or every supported file under a directory (sorted, so runs are repeatable)."""
    path = Path(path)
    if path.is_dir():
        for child in sorted(path.rglob("*")):
            if child.is_file() and child.suffix.lower() in SUFFIXES:
                yield child
    else:
        yield path
