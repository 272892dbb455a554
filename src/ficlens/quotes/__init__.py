"""Quotations: the spans of direct speech, found before the cast is built."""

from __future__ import annotations

from ficlens.model import Work
from ficlens.quotes.detect import find_quotes_and_labels
from ficlens.quotes.settings import QUOTE_DEFAULTS, QuoteSettings
from ficlens.stage import stage


@stage(
    "quotes", requires=("text", "paragraphs"), assigns=("quotes", "speaker_labels"), settings=QUOTE_DEFAULTS
)
def find_quotes(work: Work, *, settings: QuoteSettings = QUOTE_DEFAULTS) -> Work:
    """Direct speech spans (marks excluded), ids Q1.. in text order, and a chat log's speaker labels."""
    work.quotes, work.speaker_labels = find_quotes_and_labels(work, settings)
    return work
