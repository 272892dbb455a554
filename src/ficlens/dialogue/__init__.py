"""Dialogue: quotation detection, then speaker and addressee attribution (after the cast is built)."""

from __future__ import annotations

from ficlens.model import Work


def find_quotes(work: Work) -> Work:
    return work


def attribute(work: Work) -> Work:
    return work
