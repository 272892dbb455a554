"""The layout of a plain text: AO3 landmarks, the metadata they carry, and the chapters' spans.

Two shapes of text reach here:
- AO3 scrapes, recognised by the ``Work Text:`` / ``Chapter Text`` landmarks AO3 puts before every body.
  Each body runs from its landmark to the next landmark or chapter heading; what lies between bodies is
  preface (work metadata, summary, notes), chapter heading and notes, or end notes.
- Plain stories: an optional title (and ``by`` line, tag lines) on top, then chapters split at heading lines
  ("Chapter 1", "Chapter One: Title", "CHAPTER I.", "Prologue", Roman numerals or numbers on their own line).

Chapter spans start at the first visible character of the story and end after its last one, so landmark
lines, headings and notes never fall inside a chapter.
"""

from __future__ import annotations

import re

from ficlens.io.text_headings import find_headings, match_heading
from ficlens.io.text_lines import (
    BODY,
    END_NOTES,
    HEADER,
    NOISE,
    NOTES,
    SEE_END,
    SUMMARY,
    Line,
    blocks,
    content_span,
    join,
    landmark,
    section_text,
    sections,
    split_lines,
)
from ficlens.io.text_metadata import meta_key, preface_start, read_byline_before, read_preface, read_tags
from ficlens.lexicon import CLOSING_QUOTES, CURLY_QUOTES, GUILLEMETS, STRAIGHT_QUOTES
from ficlens.model import Chapter, Metadata

# --------------------------------------------------------------------------------------- the layout


def layout(text: str) -> tuple[Metadata, list[Chapter]]:
    lines = split_lines(text)
    metadata = Metadata()
    bodies = [i for i, line in enumerate(lines) if landmark(line.s) == BODY]
    chapters = (
        ao3_chapters(text, lines, bodies, metadata) if bodies else plain_chapters(text, lines, metadata)
    )
    return metadata, chapters


def ao3_chapters(text: str, lines: list[Line], bodies: list[int], metadata: Metadata) -> list[Chapter]:
    chapters: list[Chapter] = []
    region_start = 0
    for k, body in enumerate(bodies):
        end = body_end(lines, body + 1)
        headings = [h for i in range(region_start, body) if (h := match_heading(lines, i))]
        heading = headings[-1] if headings else None
        if k == 0:
            start = preface_start(lines, 0, body)
            read_byline_before(lines, start, metadata)
            read_preface(text, lines, start, heading.line if heading else body, metadata)
        elif heading is not None and chapters:
            add_end_notes(text, lines, region_start, heading.line, chapters[-1], metadata)
        notes_from = heading.line + heading.skip if heading else (region_start if k else body)
        chapter = Chapter(index=k + 1, title=heading.title if heading else None, start=0, end=0)
        read_chapter_notes(text, lines, notes_from, body, chapter)
        span = content_span(lines, body + 1, end) or (lines[body].end, lines[body].end)
        chapter.start, chapter.end = span
        chapters.append(chapter)
        region_start = end
    add_end_notes(text, lines, region_start, len(lines), chapters[-1], metadata)
    if len(chapters) == 1 and metadata.end_notes is None:
        metadata.end_notes = chapters[0].end_notes
    return chapters


def body_end(lines: list[Line], lo: int, hi: int | None = None, *, headings: bool = True) -> int:
    """The line where a body that starts at lo stops: the next landmark, or (with `headings`) the next
    chapter heading that AO3 follows with a landmark; an author's own "II" or "Chapter 2" line inside the
    story is story."""
    hi = len(lines) if hi is None else hi
    for i in range(lo, hi):
        if lines[i].blank:
            continue
        if landmark(lines[i].s) or (headings and is_ao3_heading(lines, i)):
            return i
    return hi


def is_ao3_heading(lines: list[Line], i: int) -> bool:
    heading = match_heading(lines, i)
    if heading is None:
        return False
    after = next((j for j in range(i + heading.skip, len(lines)) if not lines[j].blank), None)
    return after is not None and landmark(lines[after].s) in (BODY, NOTES, SUMMARY)


def read_chapter_notes(text: str, lines: list[Line], lo: int, hi: int, chapter: Chapter) -> None:
    for kind, a, b in sections(lines, lo, hi):
        value = section_text(text, lines, a, b)
        if kind == SUMMARY:
            chapter.summary = value
        elif kind in (NOTES, END_NOTES):
            chapter.notes = join(chapter.notes, value)


def add_end_notes(
    text: str, lines: list[Line], lo: int, hi: int, chapter: Chapter, metadata: Metadata
) -> None:
    for kind, a, b in sections(lines, lo, hi):
        value = section_text(text, lines, a, b)
        if kind == NOTES:
            chapter.end_notes = join(chapter.end_notes, value)
        elif kind == END_NOTES:
            metadata.end_notes = join(metadata.end_notes, value)


# --------------------------------------------------------------------------------------- plain text

_TERMINAL = set(".,;:!?…—–-" + STRAIGHT_QUOTES + CLOSING_QUOTES)
_QUOTES = set(STRAIGHT_QUOTES + CURLY_QUOTES + GUILLEMETS)


def is_title_line(s: str) -> bool:
    words = s.split()
    return (
        0 < len(words) <= 15
        and len(s) <= 100
        and s[-1] not in _TERMINAL
        and s[0] not in _QUOTES
        and (s[0].isupper() or s[0].isdigit())
        and meta_key(s) is None
        and landmark(s) is None
    )


def plain_chapters(text: str, lines: list[Line], metadata: Metadata) -> list[Chapter]:
    headings = find_headings(lines, 0, len(lines))
    if headings and any(landmark(x.s) or meta_key(x.s) for x in lines[: headings[0].line]):
        # An AO3 download saved as text: everything before the first chapter is its preface.
        read_preface(text, lines, preface_start(lines, 0, headings[0].line), headings[0].line, metadata)
        story = headings[0].line
    else:
        story = read_plain_header(text, lines, metadata)
        headings = [h for h in headings if h.line >= story]
    cuts = [(story, None)] + [(h.line + h.skip, h) for h in headings]
    chapters: list[Chapter] = []
    for (lo, heading), nxt in zip(cuts, [h.line for h in headings] + [len(lines)], strict=False):
        chapter = Chapter(index=len(chapters) + 1, title=heading.title if heading else None, start=0, end=0)
        lo = read_leading_notes(text, lines, lo, nxt, chapter)
        end = body_end(lines, lo, nxt, headings=False)
        span = content_span(lines, lo, end)
        if span is None:
            continue
        chapter.start, chapter.end = span
        add_end_notes(text, lines, end, nxt, chapter, metadata)
        chapters.append(chapter)
    if not chapters:
        span = content_span(lines, 0, len(lines)) or (0, 0)
        chapters.append(Chapter(index=1, title=None, start=span[0], end=span[1]))
    return chapters


_MAX_NOTE_BLOCKS = 12


def read_leading_notes(text: str, lines: list[Line], lo: int, hi: int, chapter: Chapter) -> int:
    """``Chapter Notes``/``Chapter Summary`` at the top of a chapter with no ``Chapter Text`` landmark to end
    them: a note runs to a "See the end of the chapter for more notes" line when one follows soon, else it is
    one block. Returns the line the story starts at."""
    while True:
        first = next((i for i in range(lo, hi) if not lines[i].blank), None)
        kind = landmark(lines[first].s) if first is not None else None
        if kind not in (NOTES, SUMMARY):
            return lo
        following = blocks(lines, first + 1, hi)[:_MAX_NOTE_BLOCKS]
        see_end = next((k for k, (a, _) in enumerate(following) if SEE_END.match(lines[a].s)), None)
        taken = following[:see_end] if see_end is not None else following[:1]
        stop = following[see_end][1] if see_end is not None else (taken[-1][1] if taken else first + 1)
        value = section_text(text, lines, first + 1, taken[-1][1]) if taken else None
        if kind == SUMMARY:
            chapter.summary = value
        else:
            chapter.notes = join(chapter.notes, value)
        lo = stop


_GUTENBERG = re.compile(r"^The Project Gutenberg e-?book,? of (.+?),? by (.+)$", re.IGNORECASE)


def read_plain_header(text: str, lines: list[Line], metadata: Metadata) -> int:
    """Title, byline, tag lines, summary and notes on top of a plain story; returns the line the story starts at."""
    story = 0
    expect: str | None = None  # "summary" / "notes": the next block is their value
    all_blocks = blocks(lines, 0)
    for n, (a, b) in enumerate(all_blocks):
        first = lines[a].s
        if expect:
            setattr(metadata, expect, section_text(text, lines, a, b))
            expect, story = None, b
            continue
        kind = landmark(first)
        if kind in (SUMMARY, NOTES) and b - a == 1:
            expect, story = kind, b
            continue
        if kind in (NOISE, HEADER):
            story = b
            continue
        if meta_key(first):
            read_tags([x.s for x in lines[a:b]], metadata)
            story = b
            continue
        if (
            n == 0
            and b - a == 1
            and is_title_line(first)
            and match_heading(lines, a) is None
            and len(all_blocks) > 1
        ):
            gutenberg = _GUTENBERG.match(first)
            metadata.title = gutenberg.group(1) if gutenberg else first
            if gutenberg:
                metadata.authors = [gutenberg.group(2)]
            story = b
            continue
        by = re.match(r"^by\s+(\S.{0,60})$", first, re.IGNORECASE)
        if by and b - a == 1 and metadata.title and not metadata.authors:
            metadata.authors = [by.group(1).strip()]
            story = b
            continue
        break
    return story
