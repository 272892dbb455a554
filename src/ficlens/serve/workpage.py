"""A work rebuilt from the dataset's rows, for its HTML report.

Every table mirrors a model dataclass, so its rows are the fields `model.build` expects. Two things the
report reads are not rows: the text (kept in ``texts``) and the mentions, which the corpus does not store
(they are most of an analysed work's size). The report reads mentions only to mark who is named in each
scene, and ``character_stats.scenes`` keeps exactly that (the scenes where a character is mentioned or
speaks), so one mention per character and scene stands in for them.
"""

from __future__ import annotations

from typing import Any

from ficlens.model import (
    ANALYSIS_FIELDS,
    NLP_FIELDS,
    SPEAKER_FIELDS,
    Arcs,
    Chapter,
    Character,
    CharacterArc,
    CharacterStats,
    Interaction,
    Mention,
    Metadata,
    Quote,
    Relationship,
    Scene,
    SceneMood,
    Series,
    Source,
    Stats,
    Work,
    build,
)
from ficlens.serve.dataset import Corpus

# table -> (model class, the column that orders a work's rows as the Work held them)
ITEMS = {
    "chapters": (Chapter, "index"),
    "scenes": (Scene, "index"),
    "characters": (Character, None),
    "quotes": (Quote, "start"),
    "interactions": (Interaction, None),
    "relationships": (Relationship, "score DESC"),
    "scene_moods": (SceneMood, "index"),
    "character_arcs": (CharacterArc, None),
    "character_stats": (CharacterStats, None),
}
METADATA_COLUMNS = {  # Metadata field -> works column, where the names differ
    "work_id": "ao3_id",
    "characters": "tagged_characters",
    "words": "posted_words",
}


def load_work(corpus: Corpus, work_id: str) -> Work | None:
    """The analysed work `work_id`, or None when the dataset has no such work (or only read it)."""
    stem = corpus.one("SELECT stem FROM loc WHERE work_id = ?", [work_id])  # its shard, looked up once
    if stem is None:
        return None
    works = _rows(corpus, stem, "works", work_id)
    if not works or works[0]["stage"] != "analyze":
        return None
    row = works[0]
    texts = _rows(corpus, stem, "texts", work_id)
    if not texts:  # a dataset written before the texts table
        return None
    items = {
        name: [build(cls, r) for r in _rows(corpus, stem, name, work_id, order)]
        for name, (cls, order) in ITEMS.items()
    }
    work = Work(
        source=Source(path=row["key"], format=row["format"], sha256=row["sha256"]),
        metadata=_metadata(row, texts[0]),
        text=texts[0]["text"] or "",
        chapters=items["chapters"],
        scenes=items["scenes"],
        characters=items["characters"],
        quotes=items["quotes"],
        stats=Stats(words=row["words"] or 0),
        interactions=items["interactions"],
        relationships=items["relationships"],
        arcs=Arcs(scenes=items["scene_moods"], characters=items["character_arcs"]),
        character_stats=items["character_stats"],
    )
    work.mentions = presence_mentions(work)
    work.layers = [*NLP_FIELDS, *SPEAKER_FIELDS, *ANALYSIS_FIELDS]
    return work


def _rows(
    corpus: Corpus, stem: str, table: str, work_id: str, order: str | None = None
) -> list[dict[str, Any]]:
    """A work's rows of `table`, from its shard's file (`table` and `order` come from `ITEMS`, not a user)."""
    path = corpus.path / table / f"{stem}.parquet"
    if not path.exists():  # a table a dataset of an older schema lacks
        return []
    sql = "SELECT * EXCLUDE (work_id) FROM read_parquet(?) WHERE work_id = ?"
    rows = corpus.rows(sql + (f" ORDER BY {order}" if order else ""), [str(path), work_id])
    return rows


def _metadata(row: dict[str, Any], text: dict[str, Any]) -> Metadata:
    fields = {name: row.get(METADATA_COLUMNS.get(name, name)) for name in Metadata.__dataclass_fields__}
    fields.update(
        summary=text["summary"],
        notes=text["notes"],
        end_notes=text["end_notes"],
        series=[build(Series, s) for s in text["series"] or []],
    )
    for name, value in list(fields.items()):
        if value is None and isinstance(getattr(Metadata(), name), list):
            fields[name] = []
    return Metadata(**fields)


def presence_mentions(work: Work) -> list[Mention]:
    """A mention at the start of each scene where each character is present (see the module's note)."""
    starts = {s.index: s.start for s in work.scenes}
    return sorted(
        (
            Mention(start=starts[i], end=starts[i], text="", character=s.id, kind="name")
            for s in work.character_stats
            for i in s.scenes
            if i in starts
        ),
        key=lambda m: m.start,
    )
