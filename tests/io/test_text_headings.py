"""Chapter headings in plain text: made-up conventions, and the headings of PDNC's novels."""

from __future__ import annotations

import re

import pytest
from paths import PDNC, need

import ficlens
from ficlens.io.text_layout import layout

# The path tests/conftest.py names (../shared from the repo root), spelled out here: another conftest module
# under tests/ shadows `from conftest import ...` when the whole suite is collected.


CHAPTER_LINE = re.compile(r"^[ \t]*chapter[ \t]+([ivxlc]+|\d+)\b.*$", re.IGNORECASE | re.MULTILINE)


@pytest.mark.parametrize(
    "headings,titles",
    [
        (["Chapter 1", "Chapter 2"], [None, None]),
        (["Chapter One: The Start", "Chapter Two - The End"], ["The Start", "The End"]),
        (["CHAPTER I.", "CHAPTER II."], [None, None]),
        (["I", "II", "III"], [None, None, None]),
        (["1.", "2."], [None, None]),
        (["Prologue", "Chapter 1: Rain", "Epilogue"], ["Prologue", "Rain", "Epilogue"]),
    ],
)
def test_chapter_headings(headings, titles):
    parts = ["A Story\n"]
    for n, heading in enumerate(headings):
        parts.append(f"{heading}\n\nPart {n} begins here. It goes on.\n\nAnd it ends.\n")
    text = "\n".join(parts)
    metadata, chapters = layout(text)
    assert metadata.title == "A Story"
    assert [c.title for c in chapters] == titles
    for n, chapter in enumerate(chapters):
        assert text[chapter.start : chapter.end] == f"Part {n} begins here. It goes on.\n\nAnd it ends."


@pytest.mark.parametrize("split", ["\n", "\n\n"])
def test_ao3_heading_with_its_title_on_a_colon_line(split):
    text = (
        f"Work Header\n\nChapter 1{split}: Plans\n\nChapter Text\n\nIt began.\n\n"
        f"Chapter 2{split}: Grit\n\nChapter Text\n\nIt ended.\n"
    )
    _, chapters = layout(text)
    assert [c.title for c in chapters] == ["Plans", "Grit"]
    assert [text[c.start : c.end] for c in chapters] == ["It began.", "It ended."]


def test_numbered_sections_inside_chapters_are_no_chapters():
    text = "Chapter 1\n\n1\n\nOne.\n\n2\n\nTwo.\n\n3\n\nThree.\n\nChapter 2\n\nFour.\n"
    _, chapters = layout(text)
    assert len(chapters) == 2
    assert text[chapters[0].start : chapters[0].end] == "1\n\nOne.\n\n2\n\nTwo.\n\n3\n\nThree."


def test_a_lone_numeral_in_prose_is_no_heading():
    text = "She counted.\n\nI\n\nThat was all she said.\n\n3\n\nThe end.\n"
    _, chapters = layout(text)
    assert len(chapters) == 1


@pytest.mark.parametrize(
    "novel",
    [
        "AlicesAdventuresInWonderland",
        "ARoomWithAView",
        "PrideAndPrejudice",
        "TheInvisibleMan",
        "TheSignOfTheFour",
    ],
)
def test_pdnc_chapter_headings_are_found_and_kept_out(novel):
    work = ficlens.read(need(PDNC / novel / "novel_text.txt"))
    headings = list(CHAPTER_LINE.finditer(work.text))
    assert len(headings) >= 10
    # Every heading starts a chapter (a preface or dedication before the first may add one more).
    assert len(headings) <= len(work.chapters) <= len(headings) + 1
    for heading in headings:
        assert not any(c.start <= heading.start() < c.end for c in work.chapters)
    titled = [c for c in work.chapters if c.title]
    for chapter in titled:
        assert chapter.title not in work.text[chapter.start : chapter.end][:200]


def test_heading_with_a_title_in_capitals_below_it():
    text = "Story\n\nI\n\nTHE HAMILTONS\n\n\nIt began here.\n\nII\n\nA FAREWELL DINNER\n\n\nIt went on.\n"
    _, chapters = layout(text)
    assert [c.title for c in chapters] == ["THE HAMILTONS", "A FAREWELL DINNER"]
    assert [text[c.start : c.end] for c in chapters] == ["It began here.", "It went on."]
