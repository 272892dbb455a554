"""Speakers: who says each quotation and to whom, among the cast (runs after the cast is built)."""

from __future__ import annotations

from ficlens.model import Work


def attribute(work: Work) -> Work:
    """Speaker, addressees and type for each quote, among `work.characters`."""
    from ficlens.speakers.attribution import attribute_quotes

    attribute_quotes(work)
    counts: dict[str, int] = {}
    for q in work.quotes:
        if q.speaker:
            counts[q.speaker] = counts.get(q.speaker, 0) + 1
    for c in work.characters:
        c.quotes = counts.get(c.id, 0)
    return work
