"""Reader: generic HTML fiction (format "html"), such as a Project Gutenberg HTML book.

Chapters start at ``<h1>``–``<h3>`` headings; paragraphs and scene breaks come from `ao3_common.collect`, which
every HTML-like reader shares. HTML that holds little prose (a web app, a form, a link list) is not a work
of fiction and is refused with `UnsupportedFormat`. `decode_markup` and `split_at_headings` serve the other
markup readers too (AO3 download, EPUB).
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ficlens.errors import UnsupportedFormat
from ficlens.io import ao3_common
from ficlens.io.base import Parsed, RawChapter, assemble
from ficlens.model import Metadata
from ficlens.segment.words import count_words

FORMAT = "html"
name = FORMAT

_SNIFF_BYTES = 2048
_HTML_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b",
                         re.IGNORECASE | re.DOTALL)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
# Page furniture that is never story text: navigation, forms, scripts, Gutenberg's licence header/footer.
_FURNITURE = ("script", "style", "noscript", "template", "nav", "form", "header", "footer", "aside",
              "#pg-header", "#pg-footer", "section.pg-boilerplate")
_HEADINGS = "h1, h2, h3"
_MARK = "\ue000ficlens-heading-{}\ue000"  # a private-use placeholder that stands where a heading was
_MARK_RE = re.compile("^\ue000ficlens-heading-(\\d+)\ue000$")

# Fiction is mostly prose: paragraphs of running sentences. A page with fewer words than this in such
# paragraphs is an app, a form or an index, whatever its markup.
PROSE_PARAGRAPH_WORDS = 8
MIN_PROSE_WORDS = 250


def sniff(data: bytes) -> bool:
    head = data[:_SNIFF_BYTES]
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    return bool(_HTML_START.match(head))


def parse(data: bytes, path: str) -> Parsed:
    tree = LexborHTMLParser(decode_markup(data, path))
    body = tree.body
    if body is None:
        raise UnsupportedFormat(path, "HTML page that is not a work of fiction: it has no body")
    strip_furniture(body)
    metadata = Metadata(title=_title(tree), authors=_authors(tree), language=_language(tree))
    raw = split_at_headings(body)
    require_prose([item for _, items in raw for item in items], path)
    return build(FORMAT, metadata, raw)


def decode_markup(data: bytes, path: str) -> str:
    """Markup bytes to text: a UTF-8 BOM or strict UTF-8, then the declared charset, then cp1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = _META_CHARSET.search(data[:4096])
    for codec in ([declared.group(1).decode("ascii")] if declared else []) + ["cp1252"]:
        try:
            return data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("latin-1")  # never fails; a page this broken is still worth reading


def strip_furniture(body: LexborNode) -> None:
    for selector in _FURNITURE:
        for node in body.css(selector):
            node.decompose()


def require_prose(items: list, path: str) -> None:
    """Refuse HTML without enough running prose to be a story. Paragraphs are counted as collected, so a
    story laid out with ``<br><br>`` instead of ``<p>`` counts too; list items and labels are too short."""
    words = 0
    for item in items:
        if isinstance(item, str):
            n = count_words(item)
            if n >= PROSE_PARAGRAPH_WORDS:
                words += n
    if words < MIN_PROSE_WORDS:
        raise UnsupportedFormat(path, f"HTML page that is not a work of fiction: only {words} words of prose "
                                      f"in paragraphs (a story has at least {MIN_PROSE_WORDS})")


def split_at_headings(root: LexborNode, *, first_title: str | None = None) -> list[tuple[RawChapter, list]]:
    """Chapters of one element: text before the first heading, then one chapter per ``<h1>``–``<h3>``.

    Headings can sit at any depth (Gutenberg wraps chapters in ``<div class="chapter">``), so each one is
    swapped for a placeholder paragraph, the element is collected once, and the items are cut at the
    placeholders. Chapters without text (a title page's heading, a table of contents heading) are dropped."""
    titles: list[str] = []
    for heading in root.css(_HEADINGS):
        titles.append(ao3_common.plain_text(heading) or "")
        heading.replace_with(LexborHTMLParser(f"<p>{_MARK.format(len(titles) - 1)}</p>").body.css_first("p"))
    chapters: list[tuple[RawChapter, list]] = [(RawChapter(title=first_title), [])]
    for item in ao3_common.collect(root):
        match = _MARK_RE.match(item) if isinstance(item, str) else None
        if match:
            title = titles[int(match.group(1))].replace("\n", " ") or None
            chapters.append((RawChapter(title=title), []))
        else:
            chapters[-1][1].append(item)
    return [(chapter, items) for chapter, items in chapters if any(isinstance(i, str) for i in items)]


def build(format: str, metadata: Metadata, chapters: list[tuple[RawChapter, list]]) -> Parsed:
    """Blocks with scene breaks measured against the whole document's usual gap, then one text."""
    usual = ao3_common.usual_gap([items for _, items in chapters])
    for chapter, items in chapters:
        chapter.blocks = ao3_common.to_blocks(items, usual=usual)
    return assemble(format, metadata, [chapter for chapter, _ in chapters])


def _title(tree: LexborHTMLParser) -> str | None:
    for selector in ('meta[name="dc.title"]', 'meta[name="DC.title"]', 'meta[property="og:title"]'):
        node = tree.css_first(selector)
        if node is not None and (node.attributes.get("content") or "").strip():
            return node.attributes["content"].strip()
    node = tree.css_first("title")
    text = node.text().strip() if node is not None else ""
    return " ".join(text.split()) or None


def _authors(tree: LexborHTMLParser) -> list[str]:
    for selector in ('meta[name="author"]', 'meta[name="dc.creator"]', 'meta[name="DC.creator"]'):
        names = [(n.attributes.get("content") or "").strip() for n in tree.css(selector)]
        if any(names):
            return [name for name in names if name]
    return []


def _language(tree: LexborHTMLParser) -> str | None:
    html = tree.css_first("html")
    return (html.attributes.get("lang") or html.attributes.get("xml:lang") or None) if html is not None else None
