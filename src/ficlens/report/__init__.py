"""The self-contained HTML report: one file, no external requests, nothing from the work ever executed.

Safety rests on three layers: Jinja2 autoescapes every value (the work's text, tags and notes are user
content); figures are SVG inside ``<img>`` (image documents run no script); and a Content-Security-Policy
forbids any network access and allows only our own inline script and style, by hash.
"""

from __future__ import annotations

import base64
import hashlib
from functools import cache, lru_cache
from importlib.resources import files
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from ficlens.analysis.layout import Layout
from ficlens.analysis.network import to_graph
from ficlens.model import ANALYSIS_FIELDS, CharacterStats, Work
from ficlens.report import charts, view
from ficlens.stage import MissingLayer

__all__ = ["render_html"]

MAX_CAST_ROWS = 30


def render_html(work: Work) -> str:
    """The report for an analysed work (`ficlens.analyze`, or `analysis.analyse` after the NLP stages)."""
    if missing := [f for f in ANALYSIS_FIELDS if f not in work.layers]:
        # Analysing here would hide a pipeline that skipped the stage: the caller decides what runs.
        raise MissingLayer(
            f"the work has not been analysed (no {', '.join(missing)}): run ficlens.analyze, "
            "or ficlens.analysis.analyse after the NLP stages"
        )
    layout = Layout(work)
    ranks = view.speaker_ranks(layout)
    css, js = _asset("report.css"), _asset("report.js")
    meta = work.metadata
    cast = _cast_rows(work, ranks)
    starts = view.chapter_starts(layout)
    chapters = view.chapters(layout, ranks)
    return (
        _environment()
        .get_template("report.html.j2")
        .render(
            csp=content_security_policy(css=css, js=js),
            css=css,
            js=js,
            lang=(meta.language or "en") if (meta.language or "en").replace("-", "").isalnum() else "en",
            title=meta.title or Path(work.source.path).name,
            meta=meta,
            url=view.safe_url(meta.url),
            tag_groups=[
                ("Rating", [meta.rating] if meta.rating else []),
                ("Warnings", meta.warnings),
                ("Categories", meta.categories),
                ("Fandoms", meta.fandoms),
                ("Relationships", meta.relationships),
                ("Characters", meta.characters),
                ("Additional tags", meta.freeforms),
            ],
            facts=[
                ("Published", meta.published),
                ("Updated", meta.updated),
                ("Words", work.stats.words),
                ("Words in the whole work", meta.words if meta.partial else None),
                ("Chapters", _chapters_fact(work)),
                ("Scenes", len(layout.scenes)),
                ("Quotes", len(work.quotes)),
                ("Kudos", meta.kudos),
                ("Hits", meta.hits),
            ],
            cast=cast[:MAX_CAST_ROWS],
            cast_hidden=max(0, len(cast) - MAX_CAST_ROWS),
            partial=view.partial_note(work),
            relationships=view.evidence_text(work, work.relationships[:5]),
            signals=view.SIGNALS,
            calibration=view.CALIBRATION,
            network_svg=charts.network_figure(to_graph(work), ranks),
            mood_svg=charts.mood_figure(work.arcs, chapter_starts=starts),
            arc_panels=[
                (p, view.css_class(p.rank))
                for p in charts.arc_panels(work.arcs, ranks, chapter_starts=starts)
            ],
            timeline=view.timeline(layout, ranks),
            scene_numbers=[s.index for s in layout.scenes],
            timeline_ticks=set(charts.scene_ticks(len(layout.scenes), most=30)),
            chapters=chapters,
            speakers=_speaker_legend(cast),
            unattributed=sum(q.speaker is None for q in work.quotes),
        )
    )


def content_security_policy(*, css: str, js: str) -> str:
    """No network at all: only data: images and the one inline style and script, pinned by their hashes."""
    return (
        "default-src 'none'; img-src data:; "
        f"style-src '{_sha256(css)}'; script-src '{_sha256(js)}'; "
        "base-uri 'none'; form-action 'none'"
    )


def _cast_rows(work: Work, ranks: dict[str, int]) -> list[dict]:
    stats = {s.id: s for s in work.character_stats}
    rows = []
    for c in sorted(work.characters, key=lambda c: ranks.get(c.id, len(ranks))):
        s = stats.get(c.id) or CharacterStats(
            id=c.id, name=c.name, quotes=0, words_spoken=0, dialogue_share=0.0
        )
        rows.append(
            {
                "name": c.name,
                "aliases": [a for a in c.aliases if a != c.name],
                "pov": c.pov or c.narrator,
                "mentions": c.mentions,
                "quotes": c.quotes,
                "words_spoken": s.words_spoken,
                "dialogue_share": s.dialogue_share,
                "scene_count": len(s.scenes),
                "first_scene": s.first_scene,
                "last_scene": s.last_scene,
                "css": view.css_class(ranks.get(c.id)),
            }
        )
    return rows


def _speaker_legend(cast: list[dict]) -> list[dict]:
    """The speakers who have a colour of their own (the ten most present characters who speak)."""
    return [c for c in cast if c["quotes"] and c["css"] != "spx"]


def _chapters_fact(work: Work) -> str | None:
    meta = work.metadata
    if meta.chapters_posted:
        posted = f"{meta.chapters_posted}/{meta.chapters_total or '?'}"
        return f"{len(work.chapters)} here, of {posted}" if meta.partial else posted
    return str(len(work.chapters)) if work.chapters else None


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


@cache
def _asset(name: str) -> str:
    return (files("ficlens.report") / "assets" / name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("ficlens.report", "templates"),
        autoescape=select_autoescape(["html", "j2"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
