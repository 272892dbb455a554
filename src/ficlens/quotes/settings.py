"""The quote stage's settings: when a work quotes with single marks, and when it is a chat log or script."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class QuoteSettings:
    # a work's convention is single marks when it has at least `single_openings` single opening marks and
    # more than `single_share` times as many as double marks (set by hand with the first detector)
    single_openings: int = 3
    single_share: float = 0.75
    # a work is a chat log or script when at least this share of its paragraphs, and at least `chat_lines`
    # of them, are labelled lines ("Tony: Come on :)"); an odd "Note: ..." paragraph makes none
    chat_share: float = 0.25
    chat_lines: int = 8


QUOTE_DEFAULTS = QuoteSettings()
