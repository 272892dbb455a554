"""The sentence splitter is linear on long runs of end marks, closers and spaces (issue 12: 40k dots took
22 s because the end pattern was retried at every position of the run)."""

from __future__ import annotations

import time

import pytest
from paths import SHARED, need

from ficlens.model import Paragraph
from ficlens.segment.sentences import split_sentences

_SIZE = 60_000  # the quadratic splitter took about a minute here; the linear one takes milliseconds


@pytest.mark.parametrize("run", [".", "…", "!", "?", "—", ".”", "!’ ", " "])
def test_a_long_run_that_ends_no_sentence_is_split_fast(run: str) -> None:
    text = "Wait" + run * (_SIZE // len(run)) + "x"
    started = time.process_time()
    sentences = split_sentences(text, [Paragraph(0, len(text))])
    assert time.process_time() - started < 2
    assert [(s.start, s.end) for s in sentences] == [(0, len(text))]


def test_a_long_run_before_a_sentence_start_still_ends_the_sentence() -> None:
    text = "Wait" + "." * _SIZE + " Then he came."
    sentences = split_sentences(text, [Paragraph(0, len(text))])
    assert [text[s.start : s.end] for s in sentences] == ["Wait" + "." * _SIZE, "Then he came."]


def test_the_shared_dots_reproducer_is_read_fast() -> None:
    from ficlens.pipeline import read

    started = time.process_time()
    work = read(need(SHARED / "fuzz" / "dots-40k.txt"))
    assert time.process_time() - started < 10
    assert len(work.sentences) == 1
