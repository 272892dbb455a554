"""Paragraphs: blocks of non-blank lines inside chapters, without scene-break symbol lines.

Most texts separate paragraphs with blank lines (the HTML readers always use one). A text whose lines are
almost never separated by a blank line puts one paragraph on each line instead; then each line is a block,
and a blank line is a gap. `chapter_blocks` gives the blocks with the blank lines before each, which
`find_scenes` reads to find breaks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from ficlens.model import Chapter, Paragraph
from ficlens.segment.breaks import is_break_line

_LINE = re.compile(r"[^\n]*\n?")
_LINE_PER_PARAGRAPH = 0.1  # below this share of blank-separated line pairs, each line may be a paragraph
_MIN_MEAN_LINE = 80  # characters: hard-wrapped prose (~70), verse and chat lines are shorter


@dataclass(frozen=True)
class Block:
    start: int  # first visible character
    end: int  # after the last visible character
    gap: int  # blank lines between this block and the one before it in the chapter (0 for the first)
    is_break: bool  # a scene-break symbol line


def chapter_lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of each line's visible text in text[start:end]; (pos, pos) for a blank line."""
    out = []
    for m in _LINE.finditer(text, start, end):
        raw = m.group()
        if not raw:
            break
        body = raw.strip()
        if not body:
            out.append((m.start(), m.start()))
            continue
        start = m.start() + len(raw) - len(raw.lstrip())
        out.append((start, start + len(body)))
    return out


def lines_are_paragraphs(lines_by_chapter: list[list[tuple[int, int]]]) -> bool:
    """Whether each line is a paragraph: blank lines are rare, and the lines are long (unwrapped prose).
    Short lines without blank lines between them are verse, chat logs or hard-wrapped text: blocks."""
    adjacent = gapped = 0
    for lines in lines_by_chapter:
        for (a0, a1), (b0, b1) in pairwise(lines):
            if a0 != a1 and b0 != b1:
                adjacent += 1
            elif a0 == a1 and b0 != b1:
                gapped += 1
    if adjacent == 0 or gapped >= _LINE_PER_PARAGRAPH * (adjacent + gapped):
        return False
    lengths = [end - start for lines in lines_by_chapter for start, end in lines if end > start]
    return sum(lengths) >= _MIN_MEAN_LINE * len(lengths)


def blocks_of(text: str, lines: list[tuple[int, int]], *, one_per_line: bool) -> list[Block]:
    out: list[Block] = []
    gap, current = 0, None  # current: [start, end] of the block being built
    for start, end in lines + [(-1, -1)]:
        blank = start == end
        if blank or one_per_line or start < 0 or is_break_line(text[start:end]):
            if current:
                out.append(Block(current[0], current[1], current[2], False))
                current = None
            if blank:
                gap += 1
                continue
            if start < 0:
                break
            if is_break_line(text[start:end]):
                out.append(Block(start, end, gap if out else 0, True))
                gap = 0
                continue
        if current is None:
            current = [start, end, gap if out else 0]
            gap = 0
        else:
            current[1] = end
    return out


def chapter_blocks(text: str, chapters: list[Chapter]) -> tuple[tuple[Block, ...], ...]:
    """The blocks of every chapter, in order (cached: paragraphs and scenes both read them)."""
    return _chapter_blocks(text, tuple((c.start, c.end) for c in chapters))


@lru_cache(maxsize=2)
def _chapter_blocks(text: str, spans: tuple[tuple[int, int], ...]) -> tuple[tuple[Block, ...], ...]:
    lines_by_chapter = [chapter_lines(text, start, end) for start, end in spans]
    one_per_line = lines_are_paragraphs(lines_by_chapter)
    return tuple(tuple(blocks_of(text, lines, one_per_line=one_per_line)) for lines in lines_by_chapter)


def find_paragraphs(text: str, chapters: list[Chapter]) -> list[Paragraph]:
    return [Paragraph(b.start, b.end) for blocks in chapter_blocks(text, chapters) for b in blocks
            if not b.is_break]
