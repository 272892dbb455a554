"""Scenes: the parts of each chapter between scene breaks.

A break is a symbol line (``***``, ``~~~``, ``#``, ``xXx``: see `breaks`), or a run of blank lines longer
than the document's usual gap between paragraphs. The usual gap is measured, not assumed: a text with one
blank line between paragraphs breaks at three or more (the HTML readers write four; the seed also has
two-line gaps inside scenes), a double-spaced text at four, a text with one paragraph a line at one.
Scenes never cross chapters, their spans exclude break lines, and there are no empty scenes.
"""

from __future__ import annotations

from collections import Counter

from ficlens.model import Chapter, Scene
from ficlens.segment.paragraphs import Block, chapter_blocks

_FEW_GAPS = 4  # with fewer gaps than this, the "usual" gap is not trusted above one blank line
_USUAL_SHARE = 0.25  # a gap that separates this share of a text's paragraphs is its ordinary spacing


def usual_gap(blocks_by_chapter: tuple[tuple[Block, ...], ...]) -> int:
    """The narrowest gap (in blank lines) that separates a good share of the paragraphs. Not simply the most
    common one: a work broken into many short scenes can have more breaks than plain paragraph gaps."""
    gaps = Counter(b.gap for blocks in blocks_by_chapter for b in blocks[1:] if not b.is_break)
    total = sum(gaps.values())
    if not total:
        return 1
    usual = next((g for g in sorted(gaps) if gaps[g] >= _USUAL_SHARE * total), None)
    if usual is None:
        usual = min(gaps, key=lambda g: (-gaps[g], g))
    return min(usual, 1) if total < _FEW_GAPS else usual


def break_threshold(usual: int) -> int:
    """Blank lines that make a break: one more than a 'wide' paragraph gap (usual + 1) is still no break."""
    return 1 if usual == 0 else usual + 2


def find_scenes(text: str, chapters: list[Chapter]) -> list[Scene]:
    blocks_by_chapter = chapter_blocks(text, chapters)
    threshold = break_threshold(usual_gap(blocks_by_chapter))
    scenes: list[Scene] = []
    for chapter, blocks in zip(chapters, blocks_by_chapter, strict=False):
        current: list[Block] = []
        for block in blocks:
            if current and (block.is_break or block.gap >= threshold):
                scenes.append(Scene(len(scenes) + 1, chapter.index, current[0].start, current[-1].end))
                current = []
            if not block.is_break:
                current.append(block)
        if current:
            scenes.append(Scene(len(scenes) + 1, chapter.index, current[0].start, current[-1].end))
    return scenes
