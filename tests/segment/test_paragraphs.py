"""Paragraphs: blank-line blocks inside chapters, without break lines or landmarks."""

from __future__ import annotations

import re

import pytest
from paths import SEED, need

import ficlens
from ficlens.model import Chapter
from ficlens.segment.paragraphs import find_paragraphs
from ficlens.segment.scenes import find_scenes

# The paths tests/conftest.py names (../shared from the repo root), spelled out here: another conftest module
# under tests/ shadows `from conftest import ...` when the whole suite is collected.


@pytest.fixture(scope="module")
def seed():
    return ficlens.read(need(SEED))


def test_seed_paragraphs_are_the_blank_line_blocks_of_the_story(seed):
    story = seed.text.split("Work Text:", 1)[1]
    blocks = [b.strip() for b in re.split(r"\n\s*\n", story) if b.strip()]
    assert [seed.text[p.start : p.end] for p in seed.paragraphs] == blocks


def test_paragraphs_exclude_break_lines_and_lie_inside_chapters():
    text = "Title\n\nChapter 1\n\nOne.\nStill one.\n\n* * *\n\nTwo.\n\nChapter 2\n\n  Three.  \n"
    work = ficlens.pipeline.read_bytes(text.encode(), name="made-up.txt")
    assert [text[p.start : p.end] for p in work.paragraphs] == ["One.\nStill one.", "Two.", "Three."]


def test_a_break_line_inside_a_block_splits_it():
    text = "One.\n***\nTwo.\n"
    paragraphs = find_paragraphs(text, [Chapter(1, None, 0, len(text))])
    assert [text[p.start : p.end] for p in paragraphs] == ["One.", "Two."]


def test_crlf_text_paragraphs_end_before_the_carriage_return():
    text = "One.\r\n\r\nTwo and\r\nmore.\r\n"
    paragraphs = find_paragraphs(text, [Chapter(1, None, 0, len(text))])
    assert [text[p.start : p.end] for p in paragraphs] == ["One.", "Two and\r\nmore."]


def test_indented_paragraphs_of_wrapped_lines():
    paragraph = (
        "    She walked along the shore, and the\nwind came in from the sea, cold and\nsharp as a knife."
    )
    text = "\n".join([paragraph] * 6) + "\n\n" + "\n".join([paragraph] * 6) + "\n"
    chapters = [Chapter(1, None, 4, len(text) - 1)]
    paragraphs = find_paragraphs(text, chapters)
    assert len(paragraphs) == 12
    assert all(text[p.start : p.end] == paragraph.strip() for p in paragraphs)
    assert len(find_scenes(text, chapters)) == 2  # the one blank line is the break
