"""Speakers: who says each quotation and to whom, among the cast (runs after the cast is built)."""

from __future__ import annotations

from collections import Counter

from ficlens.model import SPEAKER_FIELDS, Work
from ficlens.speakers.settings import SPEAKER_DEFAULTS, SpeakerSettings
from ficlens.stage import stage


@stage(
    "speakers",
    requires=("paragraphs", "sentences", "quotes", "speaker_labels", "characters", "mentions"),
    assigns=SPEAKER_FIELDS,
    settings=SPEAKER_DEFAULTS,
)
def attribute(work: Work, *, settings: SpeakerSettings = SPEAKER_DEFAULTS) -> Work:
    """Speaker, addressees and type for each quote, among `work.characters`; the shipped model must have
    been trained with `settings`."""
    from ficlens.speakers.attribution import attribute_quotes

    attribute_quotes(work, settings=settings)
    counts = Counter(q.speaker for q in work.quotes if q.speaker)
    for c in work.characters:
        c.quotes = counts.get(c.id, 0)
    return work
