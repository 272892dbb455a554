"""Speakers: who says each quotation and to whom, among the cast (runs after the cast is built)."""

from __future__ import annotations

from collections import Counter

from ficlens.model import SPEAKER_FIELDS, Work
from ficlens.stage import stage


@stage("speakers", requires=("paragraphs", "sentences", "quotes", "speaker_labels", "characters", "mentions"),
       assigns=SPEAKER_FIELDS)
def attribute(work: Work) -> Work:
    """Speaker, addressees and type for each quote, among `work.characters`."""
    from ficlens.speakers.attribution import attribute_quotes

    attribute_quotes(work)
    counts = Counter(q.speaker for q in work.quotes if q.speaker)
    for c in work.characters:
        c.quotes = counts.get(c.id, 0)
    return work
