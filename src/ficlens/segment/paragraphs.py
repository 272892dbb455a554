"""Paragraphs: non-blank line runs separated by blank lines, inside chapters."""

from __future__ import annotations

import re

from ficlens.model import Chapter, Paragraph

_BLOCK = re.compile(r"[^\n]+(?:\n[ \t\u00a0]*[^\s][^\n]*)*")


def find_paragraphs(text: str, chapters: list[Chapter]) -> list[Paragraph]:
    out = []
    for chapter in chapters:
        for m in _BLOCK.finditer(text, chapter.start, chapter.end):
            if m.group().strip():
                out.append(Paragraph(m.start(), m.end()))
    return out
