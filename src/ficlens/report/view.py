"""What the report template shows, computed from an analysed `Work`: plain values only, never markup.

Every string here is raw text from the work; the template escapes it (Jinja2 autoescape). Links survive
only with an http(s) scheme.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import asdict, dataclass, field
from itertools import pairwise
from urllib.parse import urlsplit

from ficlens.analysis.layout import Layout
from ficlens.model import Relationship, Work
from ficlens.speakers.settings import MEASURED_CALIBRATION

_BLOCK = re.compile(r"[^\n]+(?:\n[ \t\u00a0]*[^\s][^\n]*)*")
MAX_TIMELINE_ROWS = 14
# Marks that open a quotation: the inline speaker label goes before the mark, as a reader expects it.
OPENING_MARKS = frozenset("“\"‘'«»\u2039\u203a„‚「『")  # single guillemets escaped for the linter


# What the report tells readers of its confidences, and the threshold of its "only confident speakers".
CALIBRATION = MEASURED_CALIBRATION

# The central-relationship signals (`PairSignals`'s fields): a short name and what is counted.
SIGNALS = {
    "thoughts": (
        "thoughts",
        "sentences of a point-of-view character's narration naming the other while they are off stage",
    ),
    "cosentences": ("shared sentences", "sentences naming both"),
    "dialogue": ("dialogue", "quotes from one to the other"),
    "vocatives": ("names in speech", "one calling the other by name in a quote"),
    "copresence": ("shared scenes", "scenes both are in"),
}


@dataclass
class Piece:
    text: str
    quote: str | None = None  # Quote.id
    who: str | None = None  # "Speaker → Addressee"
    css: str | None = None  # speaker colour class
    label: bool = False  # the inline "[Speaker]" before a quote (shown in label mode)
    confidence: float | None = None  # Quote.confidence
    sure: bool = False  # an attribution at or above the confident threshold


@dataclass
class RelationshipView:
    label: str
    score: float
    signals: list[Signal]  # in `PairSignals`'s order
    passages: list[str]  # the text of the first few evidence spans


@dataclass
class Scene:
    index: int
    paragraphs: list[list[Piece]] = field(default_factory=list)


@dataclass
class Chapter:
    index: int
    title: str | None
    scenes: list[Scene] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"chapter-{self.index}"

    @property
    def heading(self) -> str:
        return self.title or f"Chapter {self.index}"


@dataclass
class Signal:
    name: str  # PairSignals field
    label: str
    count: int


def safe_url(url: str | None) -> str | None:
    """The URL if it is plain http(s); anything else (``javascript:``, ``data:``) is dropped."""
    if url and urlsplit(url.strip()).scheme.lower() in {"http", "https"}:
        return url.strip()
    return None


def speaker_ranks(layout: Layout) -> dict[str, int]:
    """Colour order: the most present characters first, so they get the most distinct colours."""
    order = sorted(layout.work.characters, key=lambda c: -(c.mentions + c.quotes))
    return {c.id: i for i, c in enumerate(order)}


def css_class(rank: int | None) -> str:
    return f"sp{rank}" if rank is not None and rank < 10 else "spx"


def chapters(layout: Layout, ranks: dict[str, int]) -> list[Chapter]:
    """The text split into chapters, scenes and paragraphs, each paragraph cut into plain and quoted pieces."""
    work = layout.work
    out: list[Chapter] = []
    titles = {c.index: c.title for c in work.chapters}
    for scene in layout.scenes:
        if not out or out[-1].index != scene.chapter:
            out.append(Chapter(index=scene.chapter, title=titles.get(scene.chapter)))
        view = Scene(index=scene.index)
        for m in _BLOCK.finditer(work.text, scene.start, scene.end):
            if m.group().strip():
                view.paragraphs.append(_pieces(layout, ranks, m.start(), m.end()))
        out[-1].scenes.append(view)
    return out


def _pieces(layout: Layout, ranks: dict[str, int], start: int, end: int) -> list[Piece]:
    """A paragraph cut at its quotes. A quote that runs on from the previous paragraph (speech over several
    paragraphs) is marked here too; a quote nested inside another stays part of the outer one. Where a
    quote begins, a label piece names its speaker, before the opening mark."""
    text = layout.work.text
    first = bisect_left(layout.quote_starts, start)
    pieces, pos = [], start
    for k in range(max(first - 1, 0), len(layout.quotes)):  # by index: no copy of the rest of the quotes
        q = layout.quotes[k]
        if q.start >= end:
            break
        if q.end <= pos or (q.start < pos and q.start >= start):
            continue  # before this paragraph, or nested in the previous quote
        begin, stop = max(q.start, pos), min(q.end, end)
        quote = Piece(
            text[begin:stop],
            quote=q.id,
            who=_who(layout, q),
            css=_speaker_css(q, ranks),
            confidence=q.confidence,
            sure=is_sure(q),
        )
        lead = begin - 1 if begin > pos and text[begin - 1] in OPENING_MARKS else begin
        if lead > pos:
            pieces.append(Piece(text[pos:lead]))
        if q.start >= start:  # the quote's first piece: its label
            name = _speaker_name(layout, q) + ("" if quote.sure or not q.speaker else "?")
            pieces.append(Piece(f"[{name}]", css=quote.css, label=True, sure=quote.sure))
        if begin > lead:
            pieces.append(Piece(text[lead:begin]))
        pieces.append(quote)
        pos = stop
    if pos < end:
        pieces.append(Piece(text[pos:end]))
    return pieces


def is_sure(quote) -> bool:
    """An attribution the reader can lean on: a speaker, at or above the calibrated threshold."""
    return quote.speaker is not None and (quote.confidence or 0.0) >= CALIBRATION.threshold


def _speaker_name(layout: Layout, quote) -> str:
    return layout.names.get(quote.speaker, "?") if quote.speaker else "?"


def _who(layout: Layout, quote) -> str:
    speaker = layout.names.get(quote.speaker, "unknown speaker") if quote.speaker else "unknown speaker"
    to = ", ".join(layout.names.get(a, a) for a in quote.addressees)
    return f"{speaker} → {to}" if to else speaker


def _speaker_css(quote, ranks: dict[str, int]) -> str:
    return css_class(ranks.get(quote.speaker)) if quote.speaker else "spn"


def timeline(layout: Layout, ranks: dict[str, int]) -> list[dict]:
    """Rows of the scene timeline: per main character, each scene marked speaking, mentioned or absent."""
    rows = []
    for cid in layout.main_characters[:MAX_TIMELINE_ROWS]:
        cells = []
        for spoken, mentioned in zip(layout.on_stage, layout.mentioned_in_scene, strict=False):
            cells.append("on" if cid in spoken else "in" if cid in mentioned else "")
        rows.append({"name": layout.names.get(cid, cid), "css": css_class(ranks.get(cid)), "cells": cells})
    return rows


def evidence_text(work: Work, relationships: list[Relationship], *, limit: int = 3) -> list[RelationshipView]:
    """The relationships with the text of their first few evidence passages."""
    return [
        RelationshipView(
            label=r.label,
            score=r.score,
            signals=[Signal(k, SIGNALS.get(k, (k, ""))[0], v) for k, v in asdict(r.features).items()],
            passages=[work.span(e.start, e.end).strip() for e in r.evidence[:limit]],
        )
        for r in relationships
    ]


def chapter_starts(layout: Layout) -> list[int]:
    """The scene numbers where a chapter after the first begins (the charts mark them)."""
    scenes = layout.scenes
    return [b.index for a, b in pairwise(scenes) if b.chapter != a.chapter]


def partial_note(work: Work) -> str | None:
    """What a reader must know about a source that holds only part of a work (one chapter of several)."""
    meta = work.metadata
    if not meta.partial:
        return None
    here = len(work.chapters) or 1
    whole = meta.chapters_posted or meta.chapters_total
    of = f" of the work's {whole} posted chapters" if whole and whole > here else " of a longer work"
    count = "one chapter" if here == 1 else f"{here} chapters"
    return (
        f"This page holds {count}{of}. Everything below (cast, relationships, arcs, figures) describes "
        "that part only, not the whole work."
    )
