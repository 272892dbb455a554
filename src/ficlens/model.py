"""The document model: one `Work` and its typed parts.

Every span is ``[start, end)`` in Python string indices into ``Work.text``. Each pipeline stage reads a
`Work` and returns it enriched; the JSON contract (``ficlens.work/1``) is `Work.to_dict`.
"""

from __future__ import annotations

import json
import types
import typing
from dataclasses import asdict, dataclass, field, fields, is_dataclass
from functools import cache
from typing import Any

import orjson

SCHEMA = "ficlens.work/1"

# `Work` fields in the vocabulary of `Work.layers`: what a reader gives (never a layer), what the NLP stages
# fill (written with ``nlp=True``), the per-quote and per-character fields the speakers stage fills, and
# the analysis, each written once filled.
READ_FIELDS = ("source", "metadata", "text", "chapters")
NLP_FIELDS = ("characters", "mentions", "quotes")
SPEAKER_FIELDS = ("quotes.speaker", "quotes.addressees", "quotes.type", "characters.quotes")
ANALYSIS_FIELDS = ("interactions", "relationships", "arcs", "character_stats")

FORMATS = (
    "text",
    "ao3-page",
    "ao3-html",
    "ao3-epub",
    "ao3-mobi",
    "ao3-azw3",
    "ao3-pdf",
    "epub",
    "html",
    "mobi",
    "azw3",
    "pdf",
)


@dataclass
class Source:
    path: str
    format: str
    sha256: str


@dataclass
class Series:
    name: str
    position: int | None = None
    url: str | None = None


@dataclass
class Metadata:
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    work_id: str | None = None
    url: str | None = None
    rating: str | None = None
    warnings: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    fandoms: list[str] = field(default_factory=list)
    relationships: list[str] = field(default_factory=list)
    characters: list[str] = field(default_factory=list)
    freeforms: list[str] = field(default_factory=list)
    language: str | None = None
    series: list[Series] = field(default_factory=list)
    published: str | None = None  # ISO date, YYYY-MM-DD
    updated: str | None = None
    completed: str | None = None
    words: int | None = None  # the figure the source prints, not our count (that is stats.words)
    chapters_posted: int | None = None
    chapters_total: int | None = None  # None when AO3 shows "?"
    comments: int | None = None
    kudos: int | None = None
    bookmarks: int | None = None
    hits: int | None = None
    summary: str | None = None
    notes: str | None = None
    end_notes: str | None = None
    # the source holds only part of the work (one chapter of several saved from AO3's page): what is
    # analysed is that part, not the whole
    partial: bool = False


@dataclass
class Chapter:
    index: int
    title: str | None
    start: int
    end: int
    summary: str | None = None
    notes: str | None = None
    end_notes: str | None = None


@dataclass
class Scene:
    index: int
    chapter: int
    start: int
    end: int


@dataclass
class Paragraph:
    start: int
    end: int


@dataclass
class Sentence:
    start: int
    end: int


@dataclass
class Mention:
    start: int
    end: int
    text: str
    character: str | None  # Character.id, or None when unresolved
    kind: str  # "name" | "pronoun" | "nominal" | "vocative"
    # the coreference entity: the character's id, or U1, U2 ... for a person the text never names ("a stranger
    # came in. He sat down."), None for a pronoun that refers to no one in the text (a group, a thing)
    entity: str | None = None
    # a resolved pronoun's probability of its entity (the coreference model's)
    confidence: float | None = None

    def __post_init__(self) -> None:
        if self.entity is None:
            self.entity = self.character  # a character's mention is one of its entity's


READER = "the reader"  # the character a second-person narration calls "you" (an AO3 reader-insert)


@dataclass
class Character:
    id: str
    name: str
    aliases: list[str] = field(default_factory=list)
    mentions: int = 0
    quotes: int = 0
    gender: str | None = None  # "female" | "male" | "nonbinary" | None, as the text's pronouns use it
    pronouns: list[str] = field(default_factory=list)
    pov: bool = False
    narrator: bool = False

    @property
    def reader(self) -> bool:
        """The reader a second-person narration calls "you" (of the work, or of its chapters that name one)."""
        return "you" in self.aliases


@dataclass
class Quote:
    id: str
    start: int
    end: int
    text: str
    speaker: str | None = None  # Character.id
    addressees: list[str] = field(default_factory=list)
    type: str | None = None  # "explicit" | "anaphoric" | "implicit"
    # the attribution model's probability of the speaker (1.0 for a chat or script label); None unattributed
    confidence: float | None = None


@dataclass
class SpeakerLabel:
    """The name that opens a chat or script line ("Tony: Come on"), naming the speaker of its message."""

    start: int
    end: int
    quote: str  # Quote.id of the message


# What `ficlens.analysis` adds: the story's network, central relationships, arcs and per-character figures.


@dataclass
class Interaction:
    """An edge of the cast's network: ``speech`` (source speaks to target: quotes and their words) or
    ``copresence`` (an unordered pair, source < target: the scenes both are in)."""

    source: str  # Character.id
    target: str
    kind: str  # "speech" | "copresence"
    weight: int  # quotes (speech) or shared scenes (copresence)
    words: int | None = None  # speech only
    scenes: list[int] | None = None  # copresence only: Scene.index values

    def to_dict(self) -> dict[str, Any]:
        """The edge's JSON: a speech edge has no ``scenes`` key, a co-presence edge no ``words``."""
        return {k: v for k, v in asdict(self).items() if v is not None or k not in ("words", "scenes")}


@dataclass
class PairSignals:
    """How often each of the central-relationship signals shows a pair (see `analysis.relationships`)."""

    thoughts: int = 0
    cosentences: int = 0
    dialogue: int = 0
    vocatives: int = 0
    copresence: int = 0


@dataclass
class Evidence:
    start: int  # a sentence's span
    end: int
    kind: str  # "thought" | "cosentence"
    romance_cues: int = 0  # in the passage: the sentence and its neighbours in the scene


@dataclass
class Relationship:
    pair: list[str]  # two Character ids, in label order
    names: list[str]
    label: str  # "A/B" (romantic) or "A & B"
    kind: str  # "romantic" | "platonic"
    score: float  # 0..1
    features: PairSignals = field(default_factory=PairSignals)
    romance_cues: int = 0
    evidence: list[Evidence] = field(default_factory=list)  # strongest first


@dataclass
class SceneMood:
    index: int  # Scene.index
    compound: float | None  # mean VADER compound of the scene's sentences; None without sentences
    sentences: int


@dataclass
class ArcPoint:
    """One character in one scene: the mood of their quotes and of the sentences that mention them (None
    where they neither speak nor are mentioned)."""

    index: int  # Scene.index
    quotes: float | None = None
    mentions: float | None = None


@dataclass
class CharacterArc:
    id: str  # Character.id
    name: str
    scenes: list[ArcPoint] = field(default_factory=list)


@dataclass
class Arcs:
    scenes: list[SceneMood] = field(default_factory=list)
    characters: list[CharacterArc] = field(default_factory=list)  # the main characters, most present first


@dataclass
class CharacterStats:
    id: str
    name: str
    quotes: int
    words_spoken: int
    dialogue_share: float  # this character's spoken words / all attributed spoken words
    scenes: list[int] = field(default_factory=list)  # Scene.index values where mentioned or speaking
    first_offset: int | None = None
    last_offset: int | None = None
    first_scene: int | None = None
    last_scene: int | None = None


@dataclass
class Stats:
    words: int = 0  # the story's words, as AO3 counts them (its chapters' text, no notes or summaries)


@dataclass
class Work:
    source: Source
    metadata: Metadata
    text: str
    chapters: list[Chapter] = field(default_factory=list)
    scenes: list[Scene] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    characters: list[Character] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    speaker_labels: list[SpeakerLabel] = field(
        default_factory=list
    )  # not in the JSON: the names are mentions
    # [start, end) of the italic runs of an HTML-based source (texts, letters, thoughts set in italics); not
    # in the JSON: the quotes found in them are
    italics: list[tuple[int, int]] = field(default_factory=list)
    stats: Stats = field(default_factory=Stats)
    interactions: list[Interaction] = field(default_factory=list)
    relationships: list[Relationship] = field(default_factory=list)  # ranked, most central first
    arcs: Arcs = field(default_factory=Arcs)
    character_stats: list[CharacterStats] = field(default_factory=list)
    # The fields the stages have filled so far, by name ("quotes", "quotes.speaker"); see `ficlens.stage`.
    # Not in the JSON: a record's keys say what it holds. An analysis field is written only once filled.
    layers: list[str] = field(default_factory=list)

    def span(self, start: int, end: int) -> str:
        return self.text[start:end]

    def to_dict(self, *, nlp: bool = True) -> dict[str, Any]:
        """The ``ficlens.work/1`` record. ``nlp=False`` drops the NLP layers (what `ficlens read` prints)."""
        out: dict[str, Any] = {
            "schema": SCHEMA,
            "source": asdict(self.source),
            "metadata": asdict(self.metadata),
            "text": self.text,
            "chapters": [asdict(c) for c in self.chapters],
            "scenes": [asdict(s) for s in self.scenes],
            "paragraphs": [[p.start, p.end] for p in self.paragraphs],
            "sentences": [[s.start, s.end] for s in self.sentences],
        }
        if nlp:
            out["characters"] = [asdict(c) for c in self.characters]
            out["mentions"] = [asdict(m) for m in self.mentions]
            out["quotes"] = [asdict(q) for q in self.quotes]
        out["stats"] = asdict(self.stats)
        if nlp:
            out.update(
                {name: _record(getattr(self, name)) for name in ANALYSIS_FIELDS if name in self.layers}
            )
        return out

    def to_json(self, *, nlp: bool = True, indent: int | None = 2) -> str:
        """The record as JSON, indented by two spaces or (`indent` None) on one line. orjson writes it in one
        buffer (json.dumps built a list of every piece first: 450 MiB more on a two-million-word work)."""
        if indent not in (None, 2):
            raise ValueError("indent is 2 or None")
        record = self.to_dict(nlp=nlp)
        try:
            return orjson.dumps(record, option=orjson.OPT_INDENT_2 if indent == 2 else 0).decode("utf-8")
        except orjson.JSONEncodeError:
            # a lone surrogate (a file name in no encoding), which orjson refuses: json keeps it as it was
            return json.dumps(record, ensure_ascii=False, indent=indent)

    def to_dataframes(self) -> Any:
        """The analysed work as pandas tables: ``quotes, characters, interactions = work.to_dataframes()``
        (`ficlens.tables`: speakers and addressees by name; needs pandas)."""
        from ficlens.tables import to_dataframes

        return to_dataframes(self)

    @classmethod
    def from_dict(cls, record: dict[str, Any]) -> Work:
        """The inverse of `to_dict`, for a full record or a ``nlp=False`` one; `layers` says what it held."""
        if record.get("schema") != SCHEMA:
            raise ValueError(f"not a {SCHEMA} record (schema {record.get('schema')!r})")
        work = cls(
            source=build(Source, record["source"]),
            metadata=build(Metadata, record["metadata"]),
            text=record["text"],
            paragraphs=[Paragraph(a, b) for a, b in record["paragraphs"]],
            sentences=[Sentence(a, b) for a, b in record["sentences"]],
            stats=build(Stats, record["stats"]),
        )
        hints = field_types(cls)
        for name in ("chapters", "scenes", *NLP_FIELDS, *ANALYSIS_FIELDS):
            if name in record:
                setattr(work, name, build(hints[name], record[name]))
        work.layers = [name for name in record if name in hints and name not in READ_FIELDS]
        if "characters" in record:  # written by the NLP stages, speakers included
            work.layers += SPEAKER_FIELDS
        return work

    @classmethod
    def from_json(cls, text: str) -> Work:
        return cls.from_dict(json.loads(text))


def _record(value: Any) -> Any:
    """An analysis field's JSON: its dataclasses as dicts (`to_dict` where one says how)."""
    if isinstance(value, list):
        return [_record(v) for v in value]
    return value.to_dict() if hasattr(value, "to_dict") else asdict(value)


@cache
def field_types(cls: type) -> dict[str, Any]:
    """A dataclass's fields and their types, resolved (this module's annotations are strings)."""
    hints = typing.get_type_hints(cls)
    return {f.name: hints[f.name] for f in fields(cls)}


def optional_of(tp: Any) -> Any:
    """``X`` for ``X | None``; any other type as it is."""
    if isinstance(tp, types.UnionType) or typing.get_origin(tp) is typing.Union:
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return tp


def build(tp: Any, value: Any) -> Any:
    """`value` (parsed JSON) as a `tp`: dataclasses from their dicts, lists item by item, the rest as it is."""
    tp = optional_of(tp)
    if value is None:
        return None
    if is_dataclass(tp):
        hints = field_types(tp)
        return tp(**{k: build(hints[k], v) for k, v in value.items()})
    if typing.get_origin(tp) is list:
        (item,) = typing.get_args(tp)
        return [build(item, v) for v in value]
    return value
