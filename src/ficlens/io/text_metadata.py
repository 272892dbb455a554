"""Work metadata in the text of an AO3 preface: tag and stat lines, title and byline, summary, notes, URL."""

from __future__ import annotations

import re

from ficlens.io.text_lines import (
    END_NOTES,
    HEADER,
    NOISE,
    NOTES,
    SUMMARY,
    Line,
    join,
    landmark,
    section_text,
    sections,
)
from ficlens.model import Metadata, Series

# ------------------------------------------------------------------------------------- metadata keys

_LIST_FIELDS = {
    "archive warning": "warnings",
    "archive warnings": "warnings",
    "category": "categories",
    "categories": "categories",
    "fandom": "fandoms",
    "fandoms": "fandoms",
    "relationship": "relationships",
    "relationships": "relationships",
    "character": "characters",
    "characters": "characters",
    "additional tags": "freeforms",
    "freeform": "freeforms",
    "freeforms": "freeforms",
}
_TEXT_FIELDS = {
    "rating": "rating",
    "ratings": "rating",
    "language": "language",
    "series": "series",
    "title": "title",
    "author": "authors",
    "authors": "authors",
    "collections": None,
    "collection": None,
    "stats": None,
}
_STAT_FIELDS = {
    "published": "published",
    "updated": "updated",
    "completed": "completed",
    "words": "words",
    "chapters": "chapters",
    "comments": "comments",
    "kudos": "kudos",
    "bookmarks": "bookmarks",
    "hits": "hits",
}
_KEY = re.compile(r"^([A-Za-z][A-Za-z ]{1,20}?)\s*:\s*(.*)$")


def meta_key(s: str) -> tuple[str, str] | None:
    """(key, inline value) when the stripped line is an AO3 tag/stat line such as ``Rating: Mature``."""
    m = _KEY.match(s)
    if not m:
        return None
    key = m.group(1).strip().lower()
    if key in _LIST_FIELDS or key in _TEXT_FIELDS or key in _STAT_FIELDS:
        return key, m.group(2).strip()
    return None


# ------------------------------------------------------------------------------------------ preface


def preface_start(lines: list[Line], lo: int, hi: int) -> int:
    """After the first ``Work Header``/``Preface`` landmark in lines[lo:hi] (site navigation comes before)."""
    return next((i + 1 for i in range(lo, hi) if landmark(lines[i].s) == HEADER), lo)


def read_byline_before(lines: list[Line], header: int, metadata: Metadata) -> None:
    """A title and ``by`` line just above ``Work Header`` (what comes before that is otherwise navigation)."""
    above = [line.s for line in lines[: max(header - 1, 0)] if not line.blank][-3:]
    by = next((i for i, s in enumerate(above) if re.match(r"^by\b", s, re.IGNORECASE)), None)
    if by is not None:
        read_title_and_byline(above[max(by - 1, 0) :], metadata)


_WORK_URL = re.compile(r"archiveofourown\.org/works/(\d+)")


def read_preface(text: str, lines: list[Line], lo: int, hi: int, metadata: Metadata) -> None:
    """Work metadata from an AO3 preface: tag and stat lines, title and byline, summary and notes, the URL."""
    if lo < hi and (url := _WORK_URL.search(text, lines[lo].start, lines[hi - 1].end)):
        metadata.url, metadata.work_id = f"https://archiveofourown.org/works/{url.group(1)}", url.group(1)
    for kind, a, b in sections(lines, lo, hi):
        if kind in (NOISE, HEADER):
            continue
        if kind == SUMMARY:
            metadata.summary = join(metadata.summary, section_text(text, lines, a, b))
        elif kind in (NOTES, END_NOTES):
            metadata.notes = join(metadata.notes, section_text(text, lines, a, b))
        else:
            read_tags([line.s for line in lines[a:b] if not line.blank], metadata)


def read_tags(values: list[str], metadata: Metadata) -> None:
    """Key lines (``Rating: Mature`` or ``Rating:`` then values) and free lines (title, ``by`` author)."""
    key: str | None = None
    collected: dict[str, list[str]] = {}
    free: list[str] = []
    for s in join_split_keys(values):
        found = meta_key(s)
        if found:
            key, inline = found
            collected.setdefault(key, [])
            if inline:
                collected[key].append(inline)
            if key in _STAT_FIELDS and inline:
                key = None
            continue
        if s == ":" or (s.startswith(":") and key is None):
            continue
        if key is not None and not (key in _STAT_FIELDS and collected[key]):
            collected[key].append(s)
            if key in _STAT_FIELDS:
                key = None
            continue
        key = None
        free.append(s)
    apply_tags(collected, metadata)
    read_title_and_byline(free, metadata)


_STATS_ON_ONE_LINE = re.compile(
    r"\s+(?=(?:Published|Updated|Completed|Words|Chapters|Comments|Kudos|Bookmarks|Hits):)"
)


def join_split_keys(values: list[str]) -> list[str]:
    """One key a line: scrapes put all stats on one line, or a key and its colon on two (``Warning`` / ``:``)."""
    out: list[str] = []
    for s in (part for value in values for part in _STATS_ON_ONE_LINE.split(value)):
        if s.startswith(":") and out and meta_key(out[-1] + ":") and not meta_key(out[-1]):
            out[-1] = out[-1] + s
        else:
            out.append(s)
    return out


def read_title_and_byline(free: list[str], metadata: Metadata) -> None:
    rest = [s for s in free if not s.lower().startswith(("posted originally on", "http"))]
    for i, s in enumerate(rest):
        by = re.match(r"^by\s*(.*)$", s, re.IGNORECASE)
        if by:
            author = by.group(1).strip() or (rest[i + 1] if i + 1 < len(rest) else "")
            if author and not metadata.authors:
                metadata.authors = [a.strip() for a in re.split(r",| and ", author) if a.strip()]
        elif metadata.title is None and len(s) <= 200:
            metadata.title = s


def split_tags(parts: list[str]) -> list[str]:
    return [t.strip() for part in parts for t in part.split(",") if t.strip()]


def apply_tags(collected: dict[str, list[str]], metadata: Metadata) -> None:
    stats = {}
    for key, parts in collected.items():
        if key in _LIST_FIELDS:
            getattr(metadata, _LIST_FIELDS[key]).extend(split_tags(parts))
        elif key in _STAT_FIELDS and parts:
            stats[_STAT_FIELDS[key]] = parts[0]
        elif key == "series":
            metadata.series.extend(parse_series(parts))
        elif key in ("author", "authors") and parts and not metadata.authors:
            metadata.authors = split_tags(parts)
        elif key == "title" and parts and metadata.title is None:
            metadata.title = " ".join(parts)
        elif _TEXT_FIELDS.get(key) and parts:
            setattr(metadata, _TEXT_FIELDS[key], ", ".join(split_tags(parts)))
    for stat in ("published", "updated", "completed"):
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", stats.get(stat, "")):
            setattr(metadata, stat, stats[stat])
    for stat in ("words", "comments", "kudos", "bookmarks", "hits"):
        number = stats.get(stat, "").replace(",", "")
        if number.isdecimal():
            setattr(metadata, stat, int(number))
    posted = re.fullmatch(r"(\d+)\s*/\s*(\d+|\?)", stats.get("chapters", ""))
    if posted:
        metadata.chapters_posted = int(posted.group(1))
        metadata.chapters_total = int(posted.group(2)) if posted.group(2).isdecimal() else None


def parse_series(parts: list[str]) -> list[Series]:
    joined = " ".join(p for p in parts if "Previous Work" not in p and "Next Work" not in p)
    return [
        Series(name=m.group(2).strip(), position=int(m.group(1)))
        for m in re.finditer(r"Part\s+(\d+)\s+of\s+(.+?)(?=\s+Part\s+\d+\s+of\s+|$)", joined)
    ]
