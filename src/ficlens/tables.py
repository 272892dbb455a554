"""An analysed work as three flat tables, for a spreadsheet (CSV) or pandas: quotes, characters, interactions.

Each row names its people as well as giving their ids, so a table reads on its own: a quote's speaker and
addressees by name, an interaction's two ends. In CSV a list (addressees, aliases, scenes) is one cell, its
items joined by "; "; in pandas it stays a list.
"""

from __future__ import annotations

import csv
import io
from bisect import bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from ficlens.errors import MissingDependency

if TYPE_CHECKING:  # `Work.to_dataframes` calls this module: no import back at run time
    from ficlens.model import Work

TABLES = ("quotes", "characters", "interactions")
LIST_SEPARATOR = "; "


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]]


class Frames(NamedTuple):
    """`Work.to_dataframes()`: one pandas DataFrame per table."""

    quotes: Any
    characters: Any
    interactions: Any


def quotes_table(work: Work) -> Table:
    """One row per quotation, in text order, with its chapter and scene and the names of who speaks to whom."""
    name = _names(work)
    chapter_of = _index_of([(c.start, c.index) for c in work.chapters])
    scene_of = _index_of([(s.start, s.index) for s in work.scenes])
    return Table(
        "quotes",
        (
            "id",
            "start",
            "end",
            "chapter",
            "scene",
            "speaker_id",
            "speaker",
            "addressee_ids",
            "addressees",
            "type",
            "confidence",
            "text",
        ),
        [
            (
                q.id,
                q.start,
                q.end,
                chapter_of(q.start),
                scene_of(q.start),
                q.speaker,
                name.get(q.speaker),
                list(q.addressees),
                [name.get(a, a) for a in q.addressees],
                q.type,
                q.confidence,
                q.text,
            )
            for q in work.quotes
        ],
    )


def characters_table(work: Work) -> Table:
    """One row per character, most mentioned first, with what each says (`character_stats`)."""
    stats = {s.id: s for s in work.character_stats}
    return Table(
        "characters",
        (
            "id",
            "name",
            "aliases",
            "gender",
            "mentions",
            "quotes",
            "words_spoken",
            "dialogue_share",
            "pov",
            "narrator",
            "first_scene",
            "last_scene",
        ),
        [
            (
                c.id,
                c.name,
                list(c.aliases),
                c.gender,
                c.mentions,
                c.quotes,
                s.words_spoken if (s := stats.get(c.id)) else 0,
                s.dialogue_share if s else 0.0,
                c.pov,
                c.narrator,
                s.first_scene if s else None,
                s.last_scene if s else None,
            )
            for c in work.characters
        ],
    )


def interactions_table(work: Work) -> Table:
    """One row per edge of the network: `speech` (source speaks to target) and `copresence` (scenes shared)."""
    name = _names(work)
    return Table(
        "interactions",
        ("source_id", "source", "target_id", "target", "kind", "weight", "words", "scenes"),
        [
            (
                i.source,
                name.get(i.source),
                i.target,
                name.get(i.target),
                i.kind,
                i.weight,
                i.words,
                list(i.scenes) if i.scenes is not None else None,
            )
            for i in work.interactions
        ],
    )


def tables(work: Work) -> dict[str, Table]:
    """The three tables of an analysed work, by name (`TABLES`)."""
    if missing := [f for f in ("characters", "quotes.speaker", "interactions") if f not in work.layers]:
        raise ValueError(
            f"the tables need an analysed work (ficlens.analyze); this one lacks {', '.join(missing)}"
        )
    return {
        "quotes": quotes_table(work),
        "characters": characters_table(work),
        "interactions": interactions_table(work),
    }


def to_csv(table: Table) -> str:
    """The table as CSV with a header row (RFC 4180 quoting, newline line ends), lists joined by "; "."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(table.columns)
    writer.writerows(tuple(_cell(v) for v in row) for row in table.rows)
    return out.getvalue()


def to_dataframes(work: Work) -> Frames:
    """The three tables as pandas DataFrames (pandas is not a dependency of ficlens: `pip install pandas`)."""
    try:
        import pandas
    except ImportError:
        raise MissingDependency(
            None, "work.to_dataframes() needs pandas: pip install pandas (or 'ficlens[pandas]')"
        ) from None
    # nullable dtypes: a count missing on some rows (a co-presence edge's words) stays an integer
    made = {
        key: pandas.DataFrame.from_records(t.rows, columns=list(t.columns)).convert_dtypes()
        for key, t in tables(work).items()
    }
    return Frames(**made)


def _names(work: Work) -> dict[str | None, str]:
    return {c.id: c.name for c in work.characters}


def _index_of(starts: list[tuple[int, int]]):
    """offset -> the index of the span (chapter, scene) starting at or before it; None before the first."""
    offsets = [s for s, _ in starts]

    def index(offset: int) -> int | None:
        at = bisect_right(offsets, offset) - 1
        return starts[at][1] if at >= 0 else None

    return index


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(v) for v in value)
    return "" if value is None else value
