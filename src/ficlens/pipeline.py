"""One way through: read → segment → quotes → cast → speakers → analysis, each stage declaring its needs.

The library's entry points: `read` and `analyze` take a file's path or its bytes, `read_text` and
`analyze_text` a story's text. Each returns a typed `Work`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ficlens import io
from ficlens.errors import UnreadableFile
from ficlens.model import Work
from ficlens.segment import segment
from ficlens.stage import Stage, check_order

if TYPE_CHECKING:
    from ficlens.cast.user_cast import KnownCharacter

# A file's path (str or Path) or the file's bytes
Source = str | os.PathLike | bytes
# A cast the user gives: a YAML file's path, or the characters themselves (`cast.user_cast`)
CastSource = str | os.PathLike | Iterable["KnownCharacter | Mapping[str, Any] | str"]
# Told the name of each step as it begins, in the order of `STEPS` (a progress bar's hook)
Progress = Callable[[str], None]

STEPS = ("read", "quotes", "cast", "speakers", "analysis")


def read(source: Source, *, name: str | None = None) -> Work:
    """Ingest only: metadata, text, chapters, scenes, paragraphs, sentences and the word count.

    `source` is a file's path or the file's bytes, in any supported format (recognised from the content,
    never the extension); `name` stands for the path in the result when bytes are given. For a story's
    text as a str, use `read_text`. A bad input raises a `FicError` naming it."""
    if isinstance(source, bytes | bytearray | memoryview):
        return segment(io.load_bytes(bytes(source), name or "<bytes>"))
    if isinstance(source, str) and ("\n" in source or len(source) > 4096):
        raise UnreadableFile(
            repr(source[:30] + "…"), "a text, not a file name: ficlens.read_text and analyze_text take a text"
        )
    if not isinstance(source, str | os.PathLike):
        raise TypeError(f"ficlens.read takes a path or bytes, not {type(source).__name__}")
    return segment(io.load(source))


def read_text(text: str, *, title: str | None = None, name: str = "<text>") -> Work:
    """Ingest a story given as text (read as a plain-text file is: an AO3 text scrape gives its metadata).

    `title` sets the work's title; `name` stands for the path in the result."""
    if not isinstance(text, str):
        raise TypeError(f"ficlens.read_text takes a str, not {type(text).__name__}")
    work = io.load_text(text, name)
    if title is not None:
        work.metadata.title = title
    return segment(work)


def read_bytes(data: bytes, *, name: str = "<bytes>") -> Work:
    """`read` of bytes without the size checks: a corpus worker has made them already."""
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
    """Stage name -> the settings it runs with, for each stage that has settings (what a run records), as
    JSON holds them (a tuple a list), so a manifest read back compares equal."""
    return {s.name: _as_json(asdict(s.settings)) for s in (segment, *nlp_stages()) if s.settings is not None}


def _as_json(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _as_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_as_json(v) for v in value]
    return value


def annotate(
    work: Work,
    *,
    settings: dict[str, Any] | None = None,
    cast: CastSource | None = None,
    min_mentions: int = 0,
    use_tags: bool = True,
    progress: Progress | None = None,
) -> Work:
    """The NLP layers, on a segmented work (`read`): quotes, cast, speakers, analysis.

    `cast`: characters the user knows (a YAML file's path, or a list of {name, aliases, gender}), taken as
    knowledge as AO3 character tags are (`cast.user_cast`). `min_mentions`: characters mentioned fewer
    times leave the cast after attribution; their quotes stay, unattributed (`cast.minor`). `use_tags`:
    False leaves the work's AO3 tags unread. `progress(step)` is called as each step begins. `settings`:
    stage name -> the settings to run it with instead of its defaults."""
    chosen = dict(settings or {})
    known = _known(cast)
    if known or not use_tags:
        from ficlens.cast.settings import CAST_DEFAULTS

        base = chosen.get("cast", CAST_DEFAULTS)
        chosen["cast"] = replace(base, known=known or base.known, use_tags=use_tags and base.use_tags)
    for stage in nlp_stages():
        if stage.name == "analysis" and min_mentions > 0:
            from ficlens.cast.minor import drop_minor

            work = drop_minor(work, min_mentions, keep=(c.name for c in known))
        if progress is not None:
            progress(stage.name)
        work = stage(work, settings=chosen[stage.name]) if stage.name in chosen else stage(work)
    return work


def analyze(
    source: Source,
    *,
    name: str | None = None,
    cast: CastSource | None = None,
    min_mentions: int = 0,
    use_tags: bool = True,
    settings: dict[str, Any] | None = None,
    progress: Progress | None = None,
) -> Work:
    """The full analysis of one work: `read` (a path or bytes), then every NLP layer (`annotate`, whose
    options these are). Returns the `Work` with its characters, mentions, quotes with speakers and
    addressees, interactions, relationships, arcs and character stats."""
    if progress is not None:
        progress("read")
    work = read(source, name=name)
    return annotate(
        work, settings=settings, cast=cast, min_mentions=min_mentions, use_tags=use_tags, progress=progress
    )


def analyze_text(
    text: str,
    *,
    title: str | None = None,
    name: str = "<text>",
    cast: CastSource | None = None,
    min_mentions: int = 0,
    use_tags: bool = True,
    settings: dict[str, Any] | None = None,
    progress: Progress | None = None,
) -> Work:
    """`analyze` of a story given as text: ``ficlens.analyze_text("“Hi,” said Ino.", title="Hello")``."""
    if progress is not None:
        progress("read")
    work = read_text(text, title=title, name=name)
    return annotate(
        work, settings=settings, cast=cast, min_mentions=min_mentions, use_tags=use_tags, progress=progress
    )


def _known(cast: CastSource | None) -> tuple[KnownCharacter, ...]:
    if cast is None or (isinstance(cast, list | tuple) and not cast):
        return ()
    from ficlens.cast.user_cast import load_cast, parse_cast

    if isinstance(cast, str | os.PathLike):
        return load_cast(Path(cast))
    return parse_cast(cast)


def without_tags() -> dict[str, Any]:
    """Settings that leave the work's AO3 tags unread, to measure what they add (`--no-tags`)."""
    from ficlens.cast.settings import CAST_DEFAULTS

    return {"cast": replace(CAST_DEFAULTS, use_tags=False)}
