"""The document model: one `Work` and its typed parts.

Every span is ``[start, end)`` in Python string indices into ``Work.text``. Each pipeline stage reads a
`Work` and returns it enriched; the JSON contract (``ficlens.work/1``) is `Work.to_dict`.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

SCHEMA = "ficlens.work/1"

FORMATS = ("text", "ao3-page", "ao3-html", "ao3-epub", "ao3-mobi", "ao3-azw3", "ao3-pdf", "epub", "html",
           "mobi", "azw3", "pdf")


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


@dataclass
class Quote:
    id: str
    start: int
    end: int
    text: str
    speaker: str | None = None  # Character.id
    addressees: list[str] = field(default_factory=list)
    type: str | None = None  # "explicit" | "anaphoric" | "implicit"


@dataclass
class SpeakerLabel:
    """The name that opens a chat or script line ("Tony: Come on"), naming the speaker of its message."""

    start: int
    end: int
    quote: str  # Quote.id of the message


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
    stats: dict[str, Any] = field(default_factory=dict)
    speaker_labels: list[SpeakerLabel] = field(default_factory=list)  # not in the JSON: the names are mentions
    # The fields the stages have filled so far, by name ("quotes", "quotes.speaker"); see `ficlens.stage`.
    # Not in the JSON: a record's keys say what it holds.
    layers: list[str] = field(default_factory=list)
    # Keys added by later layers (interactions, relationships, arcs, ...), written as top-level JSON keys.
    extra: dict[str, Any] = field(default_factory=dict)

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
        out["stats"] = dict(self.stats)
        if nlp:
            out.update(self.extra)
        return out

    def to_json(self, *, nlp: bool = True, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(nlp=nlp), ensure_ascii=False, indent=indent)
