"""One way through: read → segment → quotes → cast → attribution → analysis."""

from __future__ import annotations

from pathlib import Path

from ficlens import io
from ficlens.model import Work
from ficlens.segment import segment


def read(path: str | Path) -> Work:
    """Ingest only: metadata, text, chapters, scenes, paragraphs, sentences and the word count."""
    return segment(io.load(path))


def read_bytes(data: bytes, *, name: str = "<bytes>") -> Work:
    return segment(io.work_from_bytes(data, name))


def annotate(work: Work) -> Work:
    """The NLP layers, on a segmented work."""
    from ficlens.analysis import analyse
    from ficlens.cast import build_cast
    from ficlens.quotes import find_quotes
    from ficlens.speakers import attribute

    for stage in (find_quotes, build_cast, attribute, analyse):
        work = stage(work)
    return work


def analyze(path: str | Path) -> Work:
    return annotate(read(path))
