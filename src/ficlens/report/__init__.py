"""The self-contained HTML report (being written)."""

from __future__ import annotations

import html

from ficlens.model import Work


def render_html(work: Work) -> str:
    title = html.escape(work.metadata.title or work.source.path)
    return f"<!doctype html><meta charset='utf-8'><title>{title}</title><h1>{title}</h1>"
