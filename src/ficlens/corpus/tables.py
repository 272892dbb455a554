"""The corpus dataset's tables: fixed Arrow schemas, and a `Work` turned into plain rows.

Every table carries `work_id` (a hash of the input's key), so all of them join on it. Schemas are fixed so
that every shard's Parquet files agree, even when a shard has no rows for a table. A table that holds a
work's items (chapters, quotes, relationships, ...) mirrors their model dataclass: its schema is derived from
the dataclass's typed fields, one row per item, so the tables follow the model without a second list of
columns. Nothing here depends on timing or the worker, so a resumed run writes exactly what an uninterrupted
one does.
"""

from __future__ import annotations

import typing
from dataclasses import asdict, dataclass, field, is_dataclass
from operator import attrgetter
from typing import Any

import pyarrow as pa

from ficlens.errors import FicError
from ficlens.model import (
    Chapter,
    Character,
    CharacterArc,
    CharacterStats,
    Interaction,
    Quote,
    Relationship,
    Scene,
    SceneMood,
    Series,
    Work,
    field_types,
    optional_of,
)

# The tables' columns, as a version: bumped whenever a column is added, removed or retyped (a model
# dataclass's field included), and written into the manifest so a reader knows what it reads.
TABLE_SCHEMA = "ficlens.tables/3"  # 2: quotes.confidence, works.partial; 3: texts

_str, _int, _bool = pa.string(), pa.int64(), pa.bool_()
_strs = pa.list_(pa.string())
_SCALARS = {str: _str, int: _int, float: pa.float64(), bool: _bool}

# Tables of a work's items: name -> (their model dataclass, where a Work holds them).
MIRRORED: dict[str, tuple[type, str]] = {
    "chapters": (Chapter, "chapters"),
    "scenes": (Scene, "scenes"),
    "characters": (Character, "characters"),
    "quotes": (Quote, "quotes"),
    "interactions": (Interaction, "interactions"),
    "relationships": (Relationship, "relationships"),
    "scene_moods": (SceneMood, "arcs.scenes"),
    "character_arcs": (CharacterArc, "arcs.characters"),
    "character_stats": (CharacterStats, "character_stats"),
}


def arrow_type(tp: Any) -> pa.DataType:
    """A model field's Arrow type: scalars, ``list[X]`` as lists, a dataclass as a struct (every column and
    struct field is nullable, so ``X | None`` is ``X``)."""
    tp = optional_of(tp)
    if is_dataclass(tp):
        return pa.struct([(name, arrow_type(t)) for name, t in field_types(tp).items()])
    if typing.get_origin(tp) is list:
        return pa.list_(arrow_type(typing.get_args(tp)[0]))
    if tp in _SCALARS:
        return _SCALARS[tp]
    raise TypeError(f"no Arrow type for {tp!r}: give the model field a plain type")


def mirror_schema(cls: type) -> pa.Schema:
    """The schema of a table of `cls` items: ``work_id``, then a column per field, in the field order."""
    return pa.schema([("work_id", _str), *((name, arrow_type(t)) for name, t in field_types(cls).items())])


SCHEMAS: dict[str, pa.Schema] = {
    "works": pa.schema(
        [
            ("work_id", _str),
            ("key", _str),
            ("format", _str),
            ("sha256", _str),
            ("title", _str),
            ("authors", _strs),
            ("ao3_id", _str),
            ("url", _str),
            ("rating", _str),
            ("language", _str),
            ("warnings", _strs),
            ("categories", _strs),
            ("fandoms", _strs),
            ("relationships", _strs),
            ("tagged_characters", _strs),
            ("freeforms", _strs),
            ("series", _strs),
            ("published", _str),
            ("updated", _str),
            ("completed", _str),
            ("posted_words", _int),
            ("chapters_posted", _int),
            ("chapters_total", _int),
            ("partial", _bool),
            ("kudos", _int),
            ("hits", _int),
            ("comments", _int),
            ("bookmarks", _int),
            ("words", _int),
            ("chars", _int),
            ("chapters", _int),
            ("scenes", _int),
            ("paragraphs", _int),
            ("sentences", _int),
            ("characters", _int),
            ("quotes", _int),
            ("stage", _str),
        ]
    ),
    **{name: mirror_schema(cls) for name, (cls, _) in MIRRORED.items()},
    "errors": pa.schema(
        [("work_id", _str), ("key", _str), ("error", _str), ("code", _str), ("message", _str)]
    ),
    # What a work's report needs beyond its items: the text the spans point into, and the prose around it.
    "texts": pa.schema(
        [
            ("work_id", _str),
            ("text", _str),
            ("summary", _str),
            ("notes", _str),
            ("end_notes", _str),
            ("series", arrow_type(list[Series])),
        ]
    ),
    # A work that was kept, with a problem in what came with it (a JSONL metadata field of the wrong type).
    "warnings": pa.schema(
        [("work_id", _str), ("key", _str), ("field", _str), ("code", _str), ("message", _str)]
    ),
}
TABLES = tuple(SCHEMAS)


@dataclass
class Rows:
    """Arrow tables for every table, gathered over one shard, one work at a time."""

    parts: dict[str, list[pa.Table]] = field(default_factory=lambda: {name: [] for name in TABLES})
    words: int = 0

    def add_work(self, work_id: str, key: str, work: Work, *, stage: str) -> None:
        """All of a work's rows or none: they are converted (and type-checked) before any is kept."""
        converted = {
            name: pa.Table.from_pylist(rows, schema=SCHEMAS[name])
            for name, rows in work_rows(work_id, key, work, stage=stage).items()
        }
        for name, table in converted.items():
            self.parts[name].append(table)
        self.words += work.stats.words

    def add_error(self, work_id: str, key: str, exc: BaseException) -> None:
        self.parts["errors"].append(
            pa.Table.from_pylist([error_row(work_id, key, exc)], schema=SCHEMAS["errors"])
        )

    def add_warnings(self, work_id: str, key: str, problems: list[tuple[str, FicError]]) -> None:
        """A kept work's problems: (field, the error it would have been) per problem."""
        if problems:
            rows = [
                {"work_id": work_id, "key": key, "field": name, "code": exc.code, "message": str(exc)}
                for name, exc in problems
            ]
            self.parts["warnings"].append(pa.Table.from_pylist(rows, schema=SCHEMAS["warnings"]))

    def to_arrow(self) -> dict[str, pa.Table]:
        return {
            name: pa.concat_tables(parts).combine_chunks() if parts else SCHEMAS[name].empty_table()
            for name, parts in self.parts.items()
        }


def work_rows(work_id: str, key: str, work: Work, *, stage: str) -> dict[str, list[dict[str, Any]]]:
    rows = {"works": [work_row(work_id, key, work, stage=stage)], "texts": [text_row(work_id, work)]}
    for name, (_, where) in MIRRORED.items():
        rows[name] = [{"work_id": work_id, **asdict(item)} for item in attrgetter(where)(work)]
    return rows


def work_row(work_id: str, key: str, work: Work, *, stage: str) -> dict[str, Any]:
    m = work.metadata
    return {
        "work_id": work_id,
        "key": key,
        "format": work.source.format,
        "sha256": work.source.sha256,
        "title": m.title,
        "authors": list(m.authors),
        "ao3_id": m.work_id,
        "url": m.url,
        "rating": m.rating,
        "language": m.language,
        "warnings": list(m.warnings),
        "categories": list(m.categories),
        "fandoms": list(m.fandoms),
        "relationships": list(m.relationships),
        "tagged_characters": list(m.characters),
        "freeforms": list(m.freeforms),
        "series": [s.name for s in m.series],
        "published": m.published,
        "updated": m.updated,
        "completed": m.completed,
        "posted_words": m.words,
        "chapters_posted": m.chapters_posted,
        "chapters_total": m.chapters_total,
        "partial": m.partial,
        "kudos": m.kudos,
        "hits": m.hits,
        "comments": m.comments,
        "bookmarks": m.bookmarks,
        "words": work.stats.words,
        "chars": len(work.text),
        "chapters": len(work.chapters),
        "scenes": len(work.scenes),
        "paragraphs": len(work.paragraphs),
        "sentences": len(work.sentences),
        "characters": len(work.characters),
        "quotes": len(work.quotes),
        "stage": stage,
    }


def text_row(work_id: str, work: Work) -> dict[str, Any]:
    m = work.metadata
    return {
        "work_id": work_id,
        "text": work.text,
        "summary": m.summary,
        "notes": m.notes,
        "end_notes": m.end_notes,
        "series": [asdict(s) for s in m.series],
    }


def error_row(work_id: str, key: str, exc: BaseException) -> dict[str, Any]:
    """A FicError keeps its code and one-line message; anything else is a bug, kept with its type."""
    if isinstance(exc, FicError):
        return {
            "work_id": work_id,
            "key": key,
            "error": type(exc).__name__,
            "code": exc.code,
            "message": str(exc),
        }
    message = " ".join(str(exc).split())[:2000]
    return {
        "work_id": work_id,
        "key": key,
        "error": type(exc).__name__,
        "code": None,
        "message": f"{type(exc).__name__}: {message}" if message else type(exc).__name__,
    }
