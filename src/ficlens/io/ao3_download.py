"""Reader: AO3's official HTML download (format "ao3-html"), and the parser of AO3's download template.

AO3 renders every download (HTML, EPUB, MOBI, AZW3, PDF) from one template: a ``#preface`` with the tags as
``<dl>`` pairs, the title, byline, summary and notes; ``#chapters`` with, per chapter, a meta block (an
``<h2 class="heading">``, chapter summary and notes) and a ``userstuff`` block of story text, then the chapter
end notes; an ``#afterword`` with the work's end notes. Calibre, which AO3 uses for the e-book formats,
splits that document into several files and renames most classes, so the parser leans on ids, element
kinds and AO3's label texts rather than on class names. `parse_tree` is shared with the EPUB, MOBI and
AZW3 readers; `apply_label` and `labelled_blocks` also serve MOBI's flattened HTML.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ficlens.errors import CorruptFile
from ficlens.io import ao3_common
from ficlens.io.base import Parsed, RawChapter, assemble
from ficlens.model import Metadata, Series

FORMAT = "ao3-html"
name = FORMAT

_SNIFF_BYTES = 64 * 1024
_MARKERS = (b"Posted originally on the", b"Archive of Our Own")
_PREFACE = re.compile(rb"""\b(?i:id)\s*=\s*["']?preface\b""")  # attribute names in any case

_WORK_URL = re.compile(r"archiveofourown\.org/works/(\d+)")
_SERIES_PART = re.compile(r"Part\s+(\d[\d,]*)\s+of\s*$", re.IGNORECASE)
_STAT = re.compile(r"(Published|Updated|Completed|Words|Chapters):\s*(\S+)")
_CHAPTER_PREFIX = re.compile(r"^Chapter\s+\d+\s*(?::\s*|$)", re.IGNORECASE)
_SPACES = re.compile(r"\s+")

# The label AO3 prints before a tag list (singular or plural, as the count decides) → the Metadata field.
_TAG_LABELS = {
    "rating": "rating",
    "ratings": "rating",
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
    "additional tag": "freeforms",
    "additional tags": "freeforms",
}
_HEADINGS = ("h1", "h2", "h3")


def sniff(data: bytes) -> bool:
    """AO3's download template: its "Posted originally on the Archive of Our Own" line and a ``#preface``.

    AO3 pages saved from the browser carry neither; they belong to `ao3_page`."""
    head = data[:_SNIFF_BYTES]
    return all(marker in head for marker in _MARKERS) and bool(_PREFACE.search(head))


def parse(data: bytes, path: str) -> Parsed:
    from ficlens.io.html import decode_markup, parse_markup

    return parse_tree(parse_markup(decode_markup(data, path)), path, format=FORMAT)


def parse_tree(tree: LexborHTMLParser, path: str, *, format: str) -> Parsed:
    """Metadata and chapters of a document in AO3's download template (one file, or calibre's split files
    joined in spine order)."""
    metadata = read_metadata(tree)
    chapters = read_chapters(tree)
    if not any(isinstance(item, str) for _, items in chapters for item in items):
        raise CorruptFile(path, "AO3 download without any chapter text")
    usual = ao3_common.usual_gap([items for _, items in chapters])
    for chapter, items in chapters:
        chapter.blocks = ao3_common.to_blocks(items, usual=usual)
    return assemble(format, metadata, [chapter for chapter, _ in chapters])


# --- metadata -------------------------------------------------------------------------------------------


def read_metadata(tree: LexborHTMLParser) -> Metadata:
    metadata = Metadata()
    prefaces = outermost(tree, "#preface")
    for preface in prefaces:
        for label, value in last_of_each(labelled_values(preface)):
            apply_label(metadata, label, value)
        notes = dict(labelled_blocks(preface))
        if "summary" in notes:
            metadata.summary = ao3_common.plain_text(notes["summary"])
        if "notes" in notes:
            metadata.notes = ao3_common.plain_text(notes["notes"])
        _read_title_and_byline(metadata, preface)
    metadata.work_id, metadata.url = work_link([a for preface in prefaces for a in preface.css("a")])
    end_notes = None
    for container in outermost(tree, "#endnotes, #afterword"):  # AO3 puts #endnotes inside #afterword
        end_notes = dict(labelled_blocks(container)).get("end notes", end_notes)
    if end_notes is not None:
        metadata.end_notes = ao3_common.plain_text(end_notes)
    return metadata


def outermost(tree: LexborHTMLParser | LexborNode, selector: str) -> list[LexborNode]:
    """The elements matching `selector` that lie inside no other match, in document order: calibre splits
    the template into sibling ``#preface`` and ``#chapters`` elements, but a duplicated chunk left unclosed
    nests them a thousand deep, and reading each match would read every match nested in it again."""
    found: list[LexborNode] = []
    inside: set[int] = set()
    for node in tree.css(selector):
        if node.mem_id not in inside:
            found.append(node)
            inside.update(nested.mem_id for nested in node.css(selector))  # matches include the node itself
    return found


def last_of_each(pairs: Iterator[tuple[str, LexborNode]]) -> list[tuple[str, LexborNode]]:
    """The last value of each label, in the order of those last values: a later value replaces an earlier
    one anyway, and reading only the last keeps values nested in one another (a ``<dd>`` holding a whole
    ``<dl>``) from being read over and over."""
    last: dict[str, LexborNode] = {}
    for label, value in pairs:
        last.pop(label, None)
        last[label] = value
    return list(last.items())


def _read_title_and_byline(metadata: Metadata, preface: LexborNode) -> None:
    if metadata.title is None:
        heading = preface.css_first("h1") or preface.css_first("p.message b")
        metadata.title = squash(heading.text()) if heading is not None else None
    byline = preface.css_first(".byline")
    if byline is not None and not metadata.authors:
        metadata.authors = byline_names(byline)


def byline_names(byline: LexborNode) -> list[str]:
    """The creators of a byline: its author links, or the bare name after "by" (Anonymous, orphaned)."""
    names = [squash(a.text()) for a in byline.css("a") if (a.attributes.get("rel") or "") == "author"]
    if names:
        return names
    text = re.sub(r"^by\s+", "", squash(byline.text()), flags=re.IGNORECASE)
    return [name.strip() for name in text.split(",") if name.strip()]


def work_link(anchors: list[LexborNode]) -> tuple[str | None, str | None]:
    for anchor in anchors:
        match = _WORK_URL.search(anchor.attributes.get("href") or "")
        if match:
            return match.group(1), f"https://archiveofourown.org/works/{match.group(1)}"
    return None, None


def labelled_values(root: LexborNode) -> Iterator[tuple[str, LexborNode]]:
    """(label, value) pairs: ``<dt>Label:</dt><dd>…</dd>`` in HTML and EPUB, ``<p><b>Label:</b></p>
    <blockquote>…</blockquote>`` in MOBI's flattened HTML."""
    for dt in root.css("dt"):
        dd = next_element(dt)
        if dd is not None and dd.tag == "dd":
            yield _label(dt), dd
    for p in root.css("p"):
        text = squash(p.text())
        if text.endswith(":") and len(text) < 40:
            value = next_element(p)
            if value is not None and value.tag == "blockquote":
                yield _label(p), value


def labelled_blocks(root: LexborNode) -> Iterator[tuple[str, LexborNode]]:
    """(label, blockquote) pairs of the notes: ``<p>Summary</p><blockquote>…</blockquote>``, and the same
    for Notes, End Notes, Chapter Summary, Chapter Notes and Chapter End Notes."""
    for p in root.css("p"):
        label = _label(p)
        if label in {
            "summary",
            "notes",
            "end notes",
            "chapter summary",
            "chapter notes",
            "chapter end notes",
        }:
            value = next_element(p)
            if value is not None and value.tag == "blockquote":
                yield label, value


def apply_label(metadata: Metadata, label: str, value: LexborNode) -> None:
    """Store one labelled value of the preface in its Metadata field."""
    field = _TAG_LABELS.get(label)
    if field == "rating":
        metadata.rating = ", ".join(tag_names(value)) or None
    elif field:
        setattr(metadata, field, tag_names(value))
    elif label == "language":
        metadata.language = squash(value.text()) or None
    elif label == "series":
        metadata.series = series_parts(value)
    elif label == "stats":
        apply_stats(metadata, squash(value.text()))


def tag_names(value: LexborNode) -> list[str]:
    # Links, not commas: tags may contain commas themselves.
    names = [squash(a.text()) for a in value.css("a")]
    if not names:
        names = [part.strip() for part in squash(value.text()).split(",")]
    return [name for name in names if name]


def series_parts(value: LexborNode) -> list[Series]:
    """``Part 1 of <a href=".../series/15213">Name</a>``, once per series the work is in."""
    parts = []
    for anchor in value.css("a"):
        before = anchor.prev
        text = before.text(deep=False) if before is not None and before.tag == "-text" else ""
        match = _SERIES_PART.search(text or "")
        position = int(match.group(1).replace(",", "")) if match else None
        href = anchor.attributes.get("href") or None
        parts.append(Series(name=squash(anchor.text()), position=position, url=href))
    return parts


def apply_stats(metadata: Metadata, text: str) -> None:
    """``Published: 2020-03-04 Completed: … Words: 4,559 Chapters: 1/1`` into dates and counts."""
    for key, value in _STAT.findall(text):
        if key in ("Published", "Updated", "Completed"):
            setattr(metadata, key.lower(), value)
        elif key == "Words":
            metadata.words = _number(value)
        else:
            posted, _, total = value.partition("/")
            metadata.chapters_posted = _number(posted)
            metadata.chapters_total = _number(total)  # None for "?"


def _number(text: str) -> int | None:
    digits = text.replace(",", "")
    return int(digits) if digits.isdecimal() else None


# --- chapters -------------------------------------------------------------------------------------------


def read_chapters(tree: LexborHTMLParser) -> list[tuple[RawChapter, list]]:
    """Each chapter with its collected text items, from every ``#chapters`` block in document order.

    Inside ``#chapters`` a child is a heading (a one-shot's hidden title heading), a meta block with the
    chapter's ``<h2>`` and notes, an end-notes block, or a ``userstuff`` block of story text; calibre also
    leaves empty page-break ``<div>``s, which hold no text and are skipped."""
    chapters: list[tuple[RawChapter, list]] = []
    for container in outermost(tree, "#chapters"):
        for child in _container_children(container):
            if child.tag in _HEADINGS:
                chapters.append((RawChapter(title=None), []))
            elif _is_userstuff(child):
                if not chapters:
                    chapters.append((RawChapter(title=None), []))
                chapters[-1][1].extend(ao3_common.collect(child, italics=True))
            elif (heading := _direct_heading(child)) is not None:
                chapter = RawChapter(title=chapter_title(heading.text()))
                _read_chapter_notes(chapter, child)
                chapters.append((chapter, []))
            elif chapters:
                _read_chapter_notes(chapters[-1][0], child)
    return chapters


def _container_children(container: LexborNode) -> Iterator[LexborNode]:
    """The element children of a ``#chapters``, and in place of a ``#chapters`` child (the next one, after
    one left unclosed) its own children, so that every chapter is read once. A ``#chapters`` deeper down (in
    a story text left unclosed) is read once too, as part of the element around it."""
    stack = [element_children(container)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
        elif child.id == "chapters":
            stack.append(element_children(child))
        else:
            yield child


def _read_chapter_notes(chapter: RawChapter, block: LexborNode) -> None:
    for label, value in dict(labelled_blocks(block)).items():  # the last of each label
        text = ao3_common.plain_text(value)
        if label == "chapter summary":
            chapter.summary = text
        elif label == "chapter notes":
            chapter.notes = text
        elif label == "chapter end notes":
            chapter.end_notes = text


def chapter_title(heading: str) -> str | None:
    """``Chapter 3: Part 2`` → ``Part 2``; a bare ``Chapter 2`` has no title of its own."""
    title = _CHAPTER_PREFIX.sub("", squash(heading))
    return title or None


def _is_userstuff(node: LexborNode) -> bool:
    return any(c.startswith("userstuff") for c in (node.attributes.get("class") or "").split())


def _direct_heading(node: LexborNode) -> LexborNode | None:
    return next((child for child in element_children(node) if child.tag in _HEADINGS), None)


# --- small helpers --------------------------------------------------------------------------------------


def element_children(node: LexborNode) -> Iterator[LexborNode]:
    for child in node.iter(include_text=False):
        if is_element(child):
            yield child


def next_element(node: LexborNode) -> LexborNode | None:
    sibling = node.next
    while sibling is not None and not is_element(sibling):
        sibling = sibling.next
    return sibling


def is_element(node: LexborNode) -> bool:
    """An element, not text or a comment; a processing instruction (``<?x ?>`` in a damaged book) has no
    tag name at all."""
    tag = node.tag
    return bool(tag) and not tag.startswith("-")


def _label(node: LexborNode) -> str:
    return squash(node.text()).rstrip(":").strip().lower()


def squash(text: str | None) -> str:
    return _SPACES.sub(" ", text or "").strip()
