"""Invariants of reading and segmentation on arbitrary text: spans nest and never fall off the text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ficlens.pipeline import read_bytes

PIECES = [
    "\n",
    "\n\n",
    "\n\n\n\n\n",
    "\r\n",
    "  ",
    "Chapter 1",
    "Chapter Two: Rain",
    "II",
    "* * *",
    "#",
    "xXx",
    "Work Text:",
    "Chapter Text",
    "Notes:",
    "Summary:",
    "Rating: Mature",
    "by someone",
    "“Hi,” she said.",
    "“Go!” Naruto yelled.",
    "Mr. Smith left.",
    "No.",
    "Wait…",
    "She—",
    "—”",
    "word",
    "Ünïcödé 日本",
    "...",
    "}",
]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=40).map("".join).filter(str.strip))
def test_spans_nest_inside_the_text(text):
    work = read_bytes(text.encode(), name="fuzz.txt")
    assert work.text == text
    n = len(text)
    for c in work.chapters:
        assert 0 <= c.start <= c.end <= n
    for s in work.scenes:
        chapter = work.chapters[s.chapter - 1]
        assert chapter.start <= s.start < s.end <= chapter.end
        assert text[s.start : s.end] == text[s.start : s.end].strip()
    for p in work.paragraphs:
        assert any(c.start <= p.start < p.end <= c.end for c in work.chapters)
    paragraph_spans = [(p.start, p.end) for p in work.paragraphs]
    for s in work.sentences:
        assert any(a <= s.start < s.end <= b for a, b in paragraph_spans)
        assert text[s.start : s.end].strip()
    assert work.stats.words >= 0
