"""Quotation detection: the spans of direct speech in a work, marks excluded, ids Q1.. in text order.

Each paragraph is scanned once. Every quote mark is classed as opening or closing by its own shape (curly
marks) or by what stands either side of it (straight marks, and the right single mark that doubles as an
apostrophe). A work has a primary convention (double or single marks) and marks of the other family inside
a quotation are nested quotations, kept inside the outer one. A paragraph that ends with a quotation still
open closes it there (speech running over paragraphs reopens with a new mark); a closing mark that comes
first in a paragraph, with nothing open, means the opening mark was lost and the quote starts the paragraph.
Paragraphs that open with an em dash and hold no quote marks are dash dialogue. In a chat log or script
("Tony: Come on :)"), each labelled line's message is a quotation. Speech set in italics, where the source
keeps them, is found by `ficlens.quotes.italics`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ficlens.lexicon import (
    APOSTROPHES,
    DOUBLE_CLOSING,
    DOUBLE_OPENING,
    DOUBLE_QUOTES,
    LEFT_DOUBLE,
    LEFT_SINGLE,
    OPENING_QUOTES,
    QUOTE_MARKS,
    RIGHT_SINGLE,
    SINGLE_QUOTES,
    STRAIGHT_DOUBLE,
    STRAIGHT_QUOTES,
    STRAIGHT_SINGLE,
    char_class,
)
from ficlens.model import Paragraph, Quote, SpeakerLabel, Work
from ficlens.quotes.italics import italic_quotes
from ficlens.quotes.settings import QUOTE_DEFAULTS, QuoteSettings

OPEN, CLOSE, EITHER = "open", "close", "either"
DOUBLE, SINGLE = "double", "single"

_MARK = re.compile(char_class(QUOTE_MARKS))
# Single marks that open a quotation (’ is mostly an apostrophe): their count tells the work's convention.
_SINGLE_OPENING = re.compile(char_class(LEFT_SINGLE + STRAIGHT_SINGLE))
_DASH_START = re.compile(r"[ \t]*[—―][ \t]*(?=\S)")
_DASH_TAG = re.compile(r"\s[—―]\s*|[—―]\s*$")
# Words that begin with an apostrophe: elisions, not opening single quotes.
_ELISIONS = re.compile(
    r"(?i)(?:em|tis|twas|twere|twill|cause|cos|til|till|bout|round|n|s|tween|ere|ave|e|im|er|d"
    r"|ll|re|ve|m|t|un|uns|ow|ome|ello|appen|alf|nuff|kay|sup)\b|\d0s|\d\d\b"
)
_SPACE_BEFORE = set(" \t\n\u00a0([{—–-/")
# A mark right after an English opening or straight mark stands where a space would ("“'Tis", "“‘Go’”").
_MARK_BEFORE = OPENING_QUOTES + STRAIGHT_QUOTES


@dataclass(frozen=True)
class Mark:
    pos: int
    family: str  # DOUBLE | SINGLE
    role: str  # OPEN | CLOSE | EITHER


def classify(text: str, pos: int) -> Mark | None:
    """The role of the mark at `pos`, from its shape and neighbours; None for an apostrophe."""
    ch = text[pos]
    prev = text[pos - 1] if pos > 0 else "\n"
    nxt = text[pos + 1] if pos + 1 < len(text) else "\n"
    spaced_before = prev in _SPACE_BEFORE or prev in _MARK_BEFORE
    spaced_after = nxt.isspace() or nxt in ".,;:!?)]}—–-"
    if ch in DOUBLE_OPENING:
        return Mark(pos, DOUBLE, OPEN)
    if ch in DOUBLE_CLOSING:
        return Mark(pos, DOUBLE, CLOSE)
    if ch == STRAIGHT_DOUBLE:
        if spaced_before and not nxt.isspace():
            return Mark(pos, DOUBLE, OPEN)
        if spaced_after and not prev.isspace():
            return Mark(pos, DOUBLE, CLOSE)
        return Mark(pos, DOUBLE, EITHER)
    # Single marks: tell quotes from apostrophes.
    if prev.isalnum() and nxt.isalnum():
        return None  # don’t, o’clock
    if spaced_before and not nxt.isspace():
        if _ELISIONS.match(text, pos + 1):
            return None  # ’em, 'tis, ’90s
        return (
            Mark(pos, SINGLE, OPEN)
            if ch != RIGHT_SINGLE or nxt.isalpha() or nxt in LEFT_DOUBLE + STRAIGHT_DOUBLE
            else None
        )
    if not prev.isspace() and spaced_after:
        return Mark(pos, SINGLE, CLOSE)  # also a plural possessive (girls’ ); only used while one is open
    return None


def primary_family(text: str, settings: QuoteSettings = QUOTE_DEFAULTS) -> str:
    """The work's convention: double marks unless single opening marks clearly outnumber them."""
    doubles = sum(text.count(c) for c in DOUBLE_QUOTES)
    singles = 0
    for m in _SINGLE_OPENING.finditer(text):
        mark = classify(text, m.start())
        singles += mark is not None and mark.role == OPEN
    return (
        SINGLE
        if singles >= settings.single_openings and singles > settings.single_share * doubles
        else DOUBLE
    )


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


def _drop_possessives(text: str, marks: list[Mark]) -> list[Mark]:
    """A single closing mark after -s and before a lowercase word ("the girls’ fault") is a plural
    possessive when a later single closing mark in the paragraph can close the quote instead."""
    out = []
    later_close = False  # a single closing mark after this one; walking backwards keeps this linear
    for m in reversed(marks):
        single_close = m.family == SINGLE and m.role == CLOSE
        if not (
            single_close
            and later_close
            and text[m.pos - 1] in "sS"
            and text[m.pos + 1 : m.pos + 2] == " "
            and text[m.pos + 2 : m.pos + 3].islower()
        ):
            out.append(m)
        later_close = later_close or single_close
    return out[::-1]


def _scan(text: str, para: Paragraph, primary: str, *, strict: bool = False) -> list[tuple[int, int]]:
    """Quote spans in one paragraph, with `primary` marks delimiting and the other family nested.
    `strict` (for a paragraph in the work's other convention) keeps only closed pairs: no lost opening
    marks, no run-on, since stray apostrophes look like closing single marks."""
    marks = _drop_possessives(
        text,
        [m for m in (classify(text, x.start()) for x in _MARK.finditer(text, para.start, para.end)) if m],
    )
    spans: list[tuple[int, int]] = []
    start: int | None = None
    nested = 0
    seen_primary = False
    for mark in marks:
        if mark.family != primary:
            if start is not None and mark.role in (OPEN, EITHER) and not nested:
                nested = 1 if mark.role == OPEN else nested
            elif start is not None and mark.role == CLOSE and nested:
                nested = 0
            continue
        first = not seen_primary
        seen_primary = True
        if start is None:
            if mark.role in (OPEN, EITHER):
                start, nested = mark.pos + 1, 0
            elif first and not strict:  # the opening mark was lost: the quote starts the paragraph
                spans.append((para.start, mark.pos))
            continue
        if mark.role in (CLOSE, EITHER):
            spans.append((start, mark.pos))
            start = None
        else:  # an opening mark while open: the last quote was never closed
            spans.append((start, mark.pos))
            start, nested = mark.pos + 1, 0
    if start is not None and not strict:  # speech running on into the next paragraph
        spans.append((start, para.end))
    return spans


def _dash_dialogue(text: str, para: Paragraph) -> list[tuple[int, int]]:
    """Em-dash dialogue: speech from the dash, interrupted by tags set off with dashes."""
    m = _DASH_START.match(text, para.start, para.end)
    if not m:
        return []
    spans, pos, speaking = [], m.end(), True
    while pos < para.end:
        tag = _DASH_TAG.search(text, pos, para.end)
        end = tag.start() if tag else para.end
        if speaking:
            spans.append((pos, end))
        if not tag:
            break
        pos, speaking = tag.end(), not speaking
    return spans


# a chat or script line: a speaker label, a colon, the message ("Tony: Come on :)", "HAMLET: To be")
_LABEL_WORD = rf"[A-Z][\w{APOSTROPHES}.-]*"
CHAT_LABEL = re.compile(rf"[ \t]*({_LABEL_WORD}(?:[ ]{_LABEL_WORD}){{0,2}})[ \t]*:[ \t]+(?=\S)")
MIN_RECURRING_LABELS = 2  # labels said twice or more in a chat log or script: one speaker makes no exchange


def chat_lines(
    text: str, paragraphs: list[Paragraph], settings: QuoteSettings = QUOTE_DEFAULTS
) -> dict[int, re.Match]:
    """Paragraph index -> its label match (group 1 the label; the message runs from the match's end to the
    paragraph's), when the work is a chat log or script: a quarter or more of its paragraphs are labelled
    lines (`settings.chat_share`) and two or more labels recur (an odd "Note: ..." paragraph is not one)."""
    found = {i: m for i, p in enumerate(paragraphs) if (m := CHAT_LABEL.match(text, p.start, p.end))}
    labels = Counter(m.group(1) for m in found.values())
    recurring = sum(n >= 2 for n in labels.values())
    too_few = len(found) < max(settings.chat_lines, settings.chat_share * len(paragraphs))
    if too_few or recurring < MIN_RECURRING_LABELS:
        return {}
    return found


def detect(
    text: str,
    paragraphs: list[Paragraph],
    settings: QuoteSettings = QUOTE_DEFAULTS,
) -> tuple[list[tuple[int, int]], dict[tuple[int, int], tuple[int, int]]]:
    """The quote spans, and for a chat log or script each message's span -> its speaker label's span."""
    chat = chat_lines(text, paragraphs, settings)
    primary = primary_family(text, settings)
    secondary = SINGLE if primary == DOUBLE else DOUBLE
    primary_marks = DOUBLE_QUOTES if primary == DOUBLE else SINGLE_QUOTES
    out: list[tuple[int, int]] = []
    labels: dict[tuple[int, int], tuple[int, int]] = {}
    for i, para in enumerate(paragraphs):
        chunk = text[para.start : para.end]
        if i in chat:
            raw = [(chat[i].end(), para.end)]
        elif any(c in chunk for c in primary_marks):
            raw = _scan(text, para, primary)
            if not raw and primary == SINGLE:
                raw = _scan(text, para, secondary, strict=True)
        elif any(c in chunk for c in DOUBLE_QUOTES + LEFT_SINGLE + STRAIGHT_SINGLE):  # (not ’: an apostrophe)
            raw = _scan(
                text, para, secondary, strict=True
            )  # mixed conventions: this paragraph uses the other marks
        else:
            raw = _dash_dialogue(text, para)
        spans = [s for s in (_trimmed(text, a, b) for a, b in raw) if s]
        if i in chat:
            labels.update((s, chat[i].span(1)) for s in spans)
        out.extend(spans)
    return out, labels


def _after_label(text: str, start: int, end: int) -> tuple[int, int]:
    """A chat line set in italics in a story ("*InnerWolf: Yeah.*") is its message."""
    label = CHAT_LABEL.match(text, start, end)
    return (label.end(), end) if label else (start, end)


def find_quotes_and_labels(
    work: Work, settings: QuoteSettings = QUOTE_DEFAULTS
) -> tuple[list[Quote], list[SpeakerLabel]]:
    """Quotes Q1.. in text order, and the speaker labels of a chat log's or script's messages."""
    found, label_of = detect(work.text, work.paragraphs, settings)
    if not label_of:  # a chat log's messages are its labelled lines, whatever its italics
        found += [
            _after_label(work.text, *run)
            for run in italic_quotes(work.text, work.paragraphs, work.italics, found)
        ]
    spans = sorted(set(found))
    quotes = [Quote(id=f"Q{i}", start=s, end=e, text=work.text[s:e]) for i, (s, e) in enumerate(spans, 1)]
    labels = [
        SpeakerLabel(*label_of[q.start, q.end], quote=q.id) for q in quotes if (q.start, q.end) in label_of
    ]
    return quotes, labels
