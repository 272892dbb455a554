"""What every reader returns, and how HTML-like readers turn blocks into one `text`.

Readers recognise their format from the bytes (`sniff`) and parse it (`parse`). A reader of a structured
format (HTML, EPUB, MOBI, PDF) yields chapters as blocks: paragraphs of text, and `BREAK` where the source
marks a scene break structurally (``<hr>``, a run of ``<br>``, a run of blank paragraphs longer than the
document's usual gap). `assemble` joins them into the one text the segmenter reads: paragraphs separated by
one blank line, structural breaks by four, so every format reaches segmentation in the same shape as a text
scrape. Symbol lines (``***``, ``~~~``, ``xxx``) stay in the text as paragraphs; the segmenter finds them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Protocol

from ficlens.model import Chapter, Metadata

# How the HTML collector (`ao3_common`) marks italics: private-use characters (html's heading placeholder
# takes U+E000)
ITALIC_OPEN, ITALIC_CLOSE = "\ue010", "\ue011"
_MARKS = re.compile(f"([{ITALIC_OPEN}{ITALIC_CLOSE}])")

BREAK = object()  # a structural scene break between two blocks

PARAGRAPH_GAP = "\n\n"
BREAK_GAP = "\n\n\n\n\n"


@dataclass
class RawChapter:
    title: str | None = None
    blocks: list = field(default_factory=list)  # str paragraphs and BREAK markers
    summary: str | None = None
    notes: str | None = None
    end_notes: str | None = None


@dataclass
class Parsed:
    """A reader's result, before segmentation."""

    format: str
    metadata: Metadata
    text: str
    chapters: list[Chapter]
    italics: list[tuple[int, int]] = field(default_factory=list)  # [start, end) of the story's italic runs


class Reader(Protocol):
    name: str

    def sniff(self, data: bytes) -> bool: ...

    def parse(self, data: bytes, path: str) -> Parsed: ...


def assemble(format: str, metadata: Metadata, raw: list[RawChapter]) -> Parsed:
    """Join chapters of blocks into one text with chapter spans (chapter titles and notes stay out)."""
    parts: list[str] = []
    chapters: list[Chapter] = []
    italics: list[tuple[int, int]] = []
    pos = 0
    for index, chapter in enumerate(raw, start=1):
        if parts:
            parts.append(BREAK_GAP)
            pos += len(BREAK_GAP)
        start = pos
        pending_gap = ""
        for block in chapter.blocks:
            if block is BREAK:
                pending_gap = BREAK_GAP if pos > start else ""
                continue
            text, runs = take_italics(block.strip())
            if not text.strip():
                continue
            if pos > start:
                gap = pending_gap or PARAGRAPH_GAP
                parts.append(gap)
                pos += len(gap)
            italics.extend((pos + a, pos + b) for a, b in runs)
            parts.append(text)
            pos += len(text)
            pending_gap = ""
        chapters.append(
            Chapter(
                index=index,
                title=chapter.title,
                start=start,
                end=pos,
                summary=chapter.summary,
                notes=chapter.notes,
                end_notes=chapter.end_notes,
            )
        )
    return Parsed(format=format, metadata=metadata, text="".join(parts), chapters=chapters, italics=italics)


def take_italics(block: str) -> tuple[str, list[tuple[int, int]]]:
    """A paragraph without its italic marks (`ITALIC_OPEN`, `ITALIC_CLOSE`), and the [start, end)
    of its italic runs in what is left; nested italics count once, an unclosed run ends with the paragraph."""
    if ITALIC_OPEN not in block and ITALIC_CLOSE not in block:
        return block, []
    out: list[str] = []
    runs: list[tuple[int, int]] = []
    depth, opened, length = 0, 0, 0
    for piece in _MARKS.split(block):
        if piece == ITALIC_OPEN:
            if depth == 0:
                opened = length
            depth += 1
        elif piece == ITALIC_CLOSE:
            if depth == 1 and length > opened:
                runs.append((opened, length))
            depth = max(0, depth - 1)
        else:
            out.append(piece)
            length += len(piece)
    if depth and length > opened:
        runs.append((opened, length))
    return "".join(out), runs
