"""One way through: read → segment → quotes → cast → speakers → analysis, each stage declaring its needs."""

from __future__ import annotations

from dataclasses import asdict, replace
from functools import cache
from pathlib import Path
from typing import Any

from ficlens import io
from ficlens.model import Work
from ficlens.segment import segment
from ficlens.stage import Stage, check_order


def read(path: str | Path) -> Work:
    """Ingest only: metadata, text, chapters, scenes, paragraphs, sentences and the word count."""
    return segment(io.load(path))


def read_bytes(data: bytes, *, name: str = "<bytes>") -> Work:
    return segment(io.work_from_bytes(data, name))


@cache
def nlp_stages() -> tuple[Stage, ...]:
    """The stages after segmentation, in order; imported on first use (they load spaCy and the models)."""
    from ficlens.analysis import analyse
    from ficlens.cast import build_cast
    from ficlens.quotes import find_quotes
    from ficlens.speakers import attribute

    stages = (find_quotes, build_cast, attribute, analyse)
    check_order((segment, *stages))
    return stages


def settings() -> dict[str, dict]:
    """Stage name -> the settings it runs with, for each stage that has settings (what a run records)."""
    return {s.name: asdict(s.settings) for s in (segment, *nlp_stages()) if s.settings is not None}


def annotate(work: Work, *, settings: dict[str, Any] | None = None) -> Work:
    """The NLP layers, on a segmented work. `settings`: stage name -> the settings to run it with instead of
    its defaults (`without_tags()`, say)."""
    chosen = settings or {}
    for stage in nlp_stages():
        work = stage(work, settings=chosen[stage.name]) if stage.name in chosen else stage(work)
    return work


def analyze(path: str | Path, *, settings: dict[str, Any] | None = None) -> Work:
    return annotate(read(path), settings=settings)


def without_tags() -> dict[str, Any]:
    """Settings that leave the work's AO3 tags unread, to measure what they add (`--no-tags`)."""
    from ficlens.cast.settings import CAST_DEFAULTS

    return {"cast": replace(CAST_DEFAULTS, use_tags=False)}
