"""Dialogue: quotation detection, then speaker and addressee attribution (after the cast is built)."""

from __future__ import annotations

from ficlens.model import Work


def find_quotes(work: Work) -> Work:
    """Direct speech spans (marks excluded), ids Q1.. in text order."""
    from ficlens.dialogue.quotes import find_quote_spans

    work.quotes = find_quote_spans(work)
    return work


def attribute(work: Work) -> Work:
    """Speaker, addressees and type for each quote, among `work.characters` (needs the cast stage first)."""
    from ficlens.dialogue.attribution import attribute_quotes

    attribute_quotes(work)
    counts: dict[str, int] = {}
    for q in work.quotes:
        if q.speaker:
            counts[q.speaker] = counts.get(q.speaker, 0) + 1
    for c in work.characters:
        c.quotes = counts.get(c.id, 0)
    return work
