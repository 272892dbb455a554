"""The check every AO3 book printed by calibre must pass against the HTML download it was printed from."""

from __future__ import annotations

import pytest

import ficlens
from ficlens.eval import formats
from ficlens.words import count_words


def _chapter_words(work) -> list[int]:
    return [count_words(work.text[c.start : c.end]) for c in work.chapters]


def reads_like_its_html(book, html) -> None:
    """Chapters, titles, words per chapter, AO3's Words figure, summary and every note as in the HTML."""
    printed, source = ficlens.read(book), ficlens.read(html)
    assert [c.title for c in printed.chapters] == [c.title for c in source.chapters]
    assert _chapter_words(printed) == pytest.approx(_chapter_words(source), rel=0.01, abs=2)
    assert printed.stats.words == pytest.approx(source.metadata.words, rel=0.01)
    row = formats.compare(book, html)
    assert (row.summary_words, row.notes_match) == (row.expected_summary_words, True)
    for field in (
        "title",
        "authors",
        "work_id",
        "fandoms",
        "freeforms",
        "words",
        "chapters_total",
        "summary",
    ):
        assert getattr(printed.metadata, field) == getattr(source.metadata, field), field
