"""The HTML report is linear in the work: cutting each paragraph at its quotes once copied the rest of the
work's quotes for every paragraph (160,000 one-quote paragraphs: about half a minute for that alone)."""

from __future__ import annotations

import time

import pytest

from ficlens.analysis.layout import Layout
from ficlens.pipeline import read_bytes
from ficlens.quotes import find_quotes
from ficlens.report.view import _pieces


def _cut_seconds(paragraphs: int) -> float:
    text = "\n\n".join(f"“Line {i},” she said." for i in range(paragraphs)) + "\n"
    work = find_quotes(read_bytes(text.encode(), name="lines.txt"))
    layout = Layout(work)
    started = time.process_time()
    pieces = [_pieces(layout, {}, p.start, p.end) for p in work.paragraphs]
    seconds = time.process_time() - started
    assert len(pieces) == paragraphs
    assert all(
        [piece.quote for piece in ps if piece.quote] == [q.id]
        for ps, q in zip(pieces, work.quotes, strict=False)
    )
    return seconds


def test_each_paragraph_is_cut_at_its_own_quote():
    assert _cut_seconds(2_000) < 10


@pytest.mark.slow
def test_cutting_many_dialogue_paragraphs_at_their_quotes_is_linear():
    assert _cut_seconds(160_000) < 20
