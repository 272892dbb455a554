"""Quotations: the spans of direct speech, found before the cast is built."""

from __future__ import annotations

from ficlens.model import Work


def find_quotes(work: Work) -> Work:
    """Direct speech spans (marks excluded), ids Q1.. in text order."""
    from ficlens.quotes.detect import find_quote_spans

    work.quotes = find_quote_spans(work)
    return work
