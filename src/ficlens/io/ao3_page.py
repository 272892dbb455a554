"""Reader: an AO3 page saved from the browser (work view, chapter view or full-work view): format "ao3-page".

AO3's official downloads are another reader's (`ao3_download`); they carry no site chrome (``id="main"``).
AO3 pages that are not a work (adult-content warning, login wall, 404, unrevealed work, chapter index,
series page) are claimed too, so that they fail with a `NotAWork` that says what the page is. Pages are
recognised by AO3's own structure, not by their wrapper: a page saved from its ``<div id="outer">`` on, or as
its ``#workskin`` alone, reads as the whole page (the work skin alone lacks the header's tags and stats).
"""

from __future__ import annotations

import re
from datetime import datetime

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ficlens.errors import NotAWork, UnsupportedFormat
from ficlens.io import ao3_common
from ficlens.io.base import Parsed, RawChapter, assemble
from ficlens.io.html import parse_markup
from ficlens.model import Metadata, Series

FORMAT = "ao3-page"
name = FORMAT

_SITE_MARK = re.compile(rb"archive ?of ?our ?own|archiveofourown\.org", re.IGNORECASE)
# Ids are case-sensitive; tag and attribute names are not ([^<>] keeps the scan linear).
_MAIN_REGION = re.compile(rb"""<(?i:div)[^<>]*\b(?i:id)\s*=\s*["']?main\b""")
_OUTER_WRAPPER = re.compile(rb"""\b(?i:id)\s*=\s*["']?outer\b""")
_WORK_SKIN = re.compile(rb"""\b(?i:id)\s*=\s*["']?workskin\b""")  # the element AO3 renders a work in
_WORK_ID = re.compile(r"/works/(\d+)")
_CHAPTER_NUMBER = re.compile(r"(\d+)")
_SERIES_POSITION = re.compile(r"Part\s+(\d[\d,]*)\s+of", re.IGNORECASE)
_DIGITS = re.compile(r"\d+")

# The tag lists of the work header: Metadata field ← the <dd> class AO3 gives it.
_TAG_FIELDS = {
    "warnings": "warning",
    "categories": "category",
    "fandoms": "fandom",
    "relationships": "relationship",
    "characters": "character",
    "freeforms": "freeform",
}
_COUNT_FIELDS = {
    "words": "words",
    "comments": "comments",
    "kudos": "kudos",
    "bookmarks": "bookmarks",
    "hits": "hits",
}


def sniff(data: bytes) -> bool:
    """An AO3 site page by its own structure, wherever the saved markup starts (a whole page, or a fragment
    from ``<div id="outer">`` on): the archive's name with its ``#outer`` and ``#main`` regions, or the
    ``#workskin`` element a work is rendered in. Downloads have none of these."""
    if _WORK_SKIN.search(data):
        return True
    return all(mark.search(data) for mark in (_SITE_MARK, _OUTER_WRAPPER, _MAIN_REGION))


def parse(data: bytes, path: str) -> Parsed:
    tree = parse_markup(_decode(data))
    main = tree.css_first("#main")
    chapters_node = tree.css_first("#chapters")
    if chapters_node is None:
        raise NotAWork(path, _what_page(tree, main))
    nodes = _chapter_nodes(chapters_node)
    raw = [_chapter(node) for node in nodes]
    items = [ao3_common.collect(text, italics=True) for _, text in raw]
    usual = ao3_common.usual_gap(items)  # one spacing habit per document, across its chapters
    for (chapter, _), chapter_items in zip(raw, items, strict=False):
        chapter.blocks = ao3_common.to_blocks(chapter_items, usual=usual)
    if not any(isinstance(item, str) for chapter_items in items for item in chapter_items):
        raise UnsupportedFormat(
            path,
            "AO3 work page without any story text (an image or audio work, or a page whose markup was cut)",
        )
    parsed = assemble(FORMAT, _metadata(tree), [chapter for chapter, _ in raw])
    for chapter, node in zip(parsed.chapters, nodes, strict=False):
        number = _chapter_number(node)
        if number is not None:  # a chapter view of chapter 2 is chapter 2, not 1
            chapter.index = number
    return parsed


def _decode(data: bytes) -> str:
    # AO3 serves UTF-8; a page re-saved by an old browser may be cp1252.
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


# --- pages that are not a work -------------------------------------------------------------------------


def _what_page(tree: LexborHTMLParser, main: LexborNode | None) -> str:
    """One line naming the kind of AO3 page this is, for the `NotAWork` error."""
    classes = set((main.attributes.get("class") or "").split()) if main is not None else set()
    text = _squash(main.text()) if main is not None else ""
    if "error-404" in classes or "Error 404" in text:
        return "AO3 404 page: the work does not exist or was deleted"
    if tree.css_first("p.caution") is not None and "Adult Content Warning" in text:
        return (
            "AO3 adult-content warning page: save the work after choosing 'Yes, Continue' "
            "(add ?view_adult=true to the URL)"
        )
    if "sessions-new" in classes or tree.css_first("#signin") is not None:
        return "AO3 login wall: the work is only available to registered users; save it while logged in"
    if "revealed soon" in text or "Mystery Work" in (_title(tree) or ""):
        return "unrevealed work: AO3 hides it until its challenge reveals it"
    if "works-navigate" in classes:
        return "AO3 chapter index (Navigate page), not the work's text; save a chapter or the entire work"
    if "series-show" in classes:
        return "AO3 series page, not a work; save each work of the series"
    kind = " ".join(sorted(classes - {"region"})) or "unknown"
    return f"AO3 page that is not a work (page type: {kind})"


def _title(tree: LexborHTMLParser) -> str | None:
    node = tree.css_first("title")
    return _squash(node.text()) if node is not None else None


# --- metadata ---------------------------------------------------------------------------------------------


def _metadata(tree: LexborHTMLParser) -> Metadata:
    meta = tree.css_first("dl.work.meta")
    preface = tree.css_first("#workskin > .preface.group") or tree.css_first(".preface.group")
    work_id = _work_id(tree)
    metadata = Metadata(
        title=_text_of(preface, "h2.title"),
        authors=_authors(preface),
        work_id=work_id,
        url=f"https://archiveofourown.org/works/{work_id}" if work_id else None,
        rating=next(iter(_tags(meta, "rating")), None),
        language=_text_of(meta, "dd.language"),
        series=_series(meta),
        published=_date(_text_of(meta, "dd.published")),
        summary=ao3_common.plain_text(_first(preface, ".summary blockquote.userstuff")),
        notes=ao3_common.plain_text(_first(preface, ".notes blockquote.userstuff")),
        end_notes=ao3_common.plain_text(tree.css_first("#work_endnotes blockquote.userstuff")),
    )
    for field, css in _TAG_FIELDS.items():
        setattr(metadata, field, _tags(meta, css))
    for field, css in _COUNT_FIELDS.items():
        setattr(metadata, field, _count(_text_of(meta, f"dl.stats dd.{css}")))
    _status(meta, metadata)
    _chapter_counts(_text_of(meta, "dl.stats dd.chapters"), metadata)
    return metadata


def _work_id(tree: LexborHTMLParser) -> str | None:
    node = tree.css_first("#kudo_commentable_id")
    if node is not None and (node.attributes.get("value") or "").isdecimal():
        return node.attributes["value"]
    for link in tree.css("ul.work.navigation a[href], #chapters h3.title a[href]"):
        found = _WORK_ID.search(link.attributes.get("href") or "")
        if found:
            return found.group(1)
    return None


def _authors(preface: LexborNode | None) -> list[str]:
    """Creators as AO3 shows them: "pseud (user)", co-creators in order, "Anonymous" (which has no link)."""
    byline = _first(preface, "h3.byline")
    if byline is None:
        return []
    links = [_squash(a.text()) for a in byline.css('a[rel="author"]')]
    if links:
        return links
    shown = _squash(byline.text())
    return [shown] if shown else []


def _tags(meta: LexborNode | None, css: str) -> list[str]:
    if meta is None:
        return []
    return [_squash(a.text()) for a in meta.css(f"dd.{css}.tags a.tag")]


def _series(meta: LexborNode | None) -> list[Series]:
    """Each "Part N of NAME" of the work header; a work can sit in several series."""
    found: list[Series] = []
    for span in meta.css("dd.series span.position") if meta is not None else []:
        link = span.css_first("a")
        position = _SERIES_POSITION.search(_squash(span.text()))
        href = link.attributes.get("href") if link is not None else None
        found.append(
            Series(
                name=_squash(link.text()) if link is not None else _squash(span.text()),
                position=_count(position.group(1)) if position else None,
                url=_absolute(href),
            )
        )
    return found


def _status(meta: LexborNode | None, metadata: Metadata) -> None:
    """AO3 prints one status date: "Completed:" for a finished work, "Updated:" for one in progress."""
    label = (_text_of(meta, "dl.stats dt.status") or "").lower()
    date = _date(_text_of(meta, "dl.stats dd.status"))
    if label.startswith("completed"):
        metadata.completed = date
        metadata.updated = date
    elif date:
        metadata.updated = date


def _chapter_counts(shown: str | None, metadata: Metadata) -> None:
    """ "14/?" → 14 posted, total unknown (None)."""
    if not shown or "/" not in shown:
        return
    posted, total = (part.strip() for part in shown.split("/", 1))
    metadata.chapters_posted = _count(posted)
    metadata.chapters_total = _count(total)


# --- chapters ---------------------------------------------------------------------------------------------


def _chapter_nodes(chapters_node: LexborNode) -> list[LexborNode]:
    """Each ``div.chapter`` of a chapter or full-work view; a one-shot is the ``#chapters`` element itself."""
    nodes = [
        child
        for child in chapters_node.iter()
        if child.tag == "div" and child.id and child.id.startswith("chapter-")
    ]
    return nodes or [chapters_node]


def _chapter(node: LexborNode) -> tuple[RawChapter, LexborNode | None]:
    """The chapter's title and notes, and the element holding its story text."""
    children = list(node.iter())
    where = next(
        (i for i, child in enumerate(children) if child.tag == "div" and _has_class(child, "userstuff")), None
    )
    text = children[where] if where is not None else None
    if node.id == "chapters":  # one-shot: the work's notes are the only notes
        return RawChapter(), text
    # The preface before the text holds title, summary and notes; the one after it, the end notes.
    head = next((c for c in children[:where] if _has_class(c, "preface")), None)
    tail = (
        next((c for c in children[where + 1 :] if _has_class(c, "preface")), None)
        if where is not None
        else None
    )
    chapter = RawChapter(
        title=_chapter_title(_first(head, "h3.title")),
        summary=ao3_common.plain_text(_first(head, ".summary blockquote.userstuff")),
        notes=ao3_common.plain_text(_first(head, ".notes blockquote.userstuff")),
        end_notes=ao3_common.plain_text(_first(tail, ".end.notes blockquote.userstuff")),
    )
    return chapter, text


def _chapter_title(heading: LexborNode | None) -> str | None:
    """AO3 prints ``<a>Chapter 2</a>: The Title``; the title is what follows the link (None when untitled)."""
    if heading is None:
        return None
    link = heading.css_first("a")
    shown = _squash(heading.text())
    if link is not None:
        shown = shown.removeprefix(_squash(link.text())).strip()
    return shown.removeprefix(":").strip() or None


def _chapter_number(node: LexborNode) -> int | None:
    found = _CHAPTER_NUMBER.search(node.id or "") if node.id != "chapters" else None
    return int(found.group(1)) if found else None


# --- small helpers ----------------------------------------------------------------------------------------


def _has_class(node: LexborNode, name: str) -> bool:
    return name in (node.attributes.get("class") or "").split()


def _first(node: LexborNode | None, css: str) -> LexborNode | None:
    return node.css_first(css) if node is not None else None


def _text_of(node: LexborNode | None, css: str) -> str | None:
    found = _first(node, css)
    return (_squash(found.text()) or None) if found is not None else None


def _squash(text: str) -> str:
    return " ".join(text.split())


def _count(shown: str | None) -> int | None:
    """AO3's numbers with thousands separators ("39,535"); None for "?" or nothing."""
    digits = "".join(_DIGITS.findall(shown or ""))
    return int(digits) if digits else None


def _date(shown: str | None) -> str | None:
    if not shown:
        return None
    try:
        return datetime.strptime(shown.strip(), "%Y-%m-%d").date().isoformat()
    except ValueError:
        return None


def _absolute(href: str | None) -> str | None:
    if not href:
        return None
    return href if href.startswith("http") else f"https://archiveofourown.org{href}"
