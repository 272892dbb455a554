"""Paragraphs: blocks of non-blank lines inside chapters, without scene-break symbol lines.

Most texts separate paragraphs with blank lines (the HTML readers always use one). A text whose lines are
almost never separated by a blank line marks them otherwise: one paragraph a line (long, unwrapped lines),
or an indented first line (wrapped lines); then a blank line is a gap. `chapter_blocks` gives the blocks
with the blank lines before each, which `find_scenes` reads to find breaks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import NamedTuple

from ficlens.model import Chapter, Paragraph
from ficlens.segment.breaks import is_break_line

_LINE = re.compile(r"[^\n]*\n?")
_LINE_PER_PARAGRAPH = 0.1  # below this share of blank-separated line pairs, each line may be a paragraph
_MIN_MEAN_LINE = 80  # characters: hard-wrapped prose (~70), verse and chat lines are shorter
_MIN_INDENTED = 0.03  # share of indented lines that says paragraphs are marked by indentation


@dataclass(frozen=True)
class Block:
    start: int  # first visible character
    end: int  # after the last visible character
    gap: int  # blank lines between this block and the one before it in the chapter (0 for the first)
    is_break: bool  # a scene-break symbol line


class LineSpan(NamedTuple):
    """One line by its visible text (a tuple: tens of thousands are made per work)."""

    start: int  # first visible character (the line's start when blank)
    end: int  # after the last visible character (== start when blank)
    indented: bool  # begins with whitespace


def chapter_lines(text: str, start: int, end: int) -> list[LineSpan]:
    """Each line of text[start:end], by its visible text."""
    out = []
    for m in _LINE.finditer(text, start, end):
        raw = m.group()
        if not raw:
            break
        body = raw.strip()
        if not body:
            out.append(LineSpan(m.start(), m.start(), False))
            continue
        lead = len(raw) - len(raw.lstrip())
        out.append(LineSpan(m.start() + lead, m.start() + lead + len(body), lead > 0))
    return out


def paragraph_mode(lines_by_chapter: list[list[LineSpan]]) -> str:
    """How this text marks paragraphs: "blank" lines (most texts), one a "line" (blank lines rare, lines long:
    unwrapped prose), or an "indent" (blank lines rare, lines wrapped short, new paragraphs indented). Short
    lines with neither are verse or chat logs: blank-line blocks again."""
    adjacent = gapped = 0
    for lines in lines_by_chapter:
        for a, b in pairwise(lines):
            if b.start != b.end:
                adjacent += a.start != a.end
                gapped += a.start == a.end
    if adjacent == 0 or gapped >= _LINE_PER_PARAGRAPH * (adjacent + gapped):
        return "blank"
    visible = [line for lines in lines_by_chapter for line in lines if line.start != line.end]
    if sum(line.end - line.start for line in visible) >= _MIN_MEAN_LINE * len(visible):
        return "line"
    if sum(line.indented for line in visible) >= _MIN_INDENTED * len(visible):
        return "indent"
    return "blank"


def blocks_of(text: str, lines: list[LineSpan], *, mode: str) -> list[Block]:
    out: list[Block] = []
    gap, current = 0, None  # current: [start, end, gap] of the block being built
    for start, end, indented in lines:
        if start == end:
            gap += 1
            continue
        is_break = is_break_line(text[start:end])
        if current and (gap or is_break or mode == "line" or (mode == "indent" and indented)):
            out.append(Block(*current, False))
            current = None
        if is_break:
            out.append(Block(start, end, gap if out else 0, True))
        elif current is None:
            current = [start, end, gap if out else 0]
        else:
            current[1] = end
        gap = 0
    if current:
        out.append(Block(*current, False))
    return out


def chapter_blocks(text: str, chapters: list[Chapter]) -> tuple[tuple[Block, ...], ...]:
    """The blocks of every chapter, in order (cached: paragraphs and scenes both read them)."""
    return _chapter_blocks(text, tuple((c.start, c.end) for c in chapters))


@lru_cache(maxsize=2)
def _chapter_blocks(text: str, spans: tuple[tuple[int, int], ...]) -> tuple[tuple[Block, ...], ...]:
    lines_by_chapter = [chapter_lines(text, start, end) for start, end in spans]
    mode = paragraph_mode(lines_by_chapter)
    return tuple(tuple(blocks_of(text, lines, mode=mode)) for lines in lines_by_chapter)


def find_paragraphs(text: str, chapters: list[Chapter]) -> list[Paragraph]:
    return [
        Paragraph(b.start, b.end)
        for blocks in chapter_blocks(text, chapters)
        for b in blocks
        if not b.is_break
    ]
