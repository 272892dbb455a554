"""Reader: generic HTML fiction (format "html"), such as a Project Gutenberg HTML book.

Chapters start at ``<h1>``–``<h3>`` headings; paragraphs and scene breaks come from `ao3_common.collect`, which
every HTML-like reader shares. HTML that holds little prose (a web app, a form, a link list) is not a work
of fiction and is refused with `UnsupportedFormat`. `decode_markup` and `split_at_headings` serve the other
markup readers too (AO3 download, EPUB).

HTML is recognised by its markup anywhere in the head of the file, so a page saved as a fragment (no doctype,
no ``<html>``) is still HTML; `markup_share` lets the registry refuse text that is mostly tags. Every markup
reader parses through `parse_markup`, which flattens nesting past `MAX_DEPTH` first: the parser's cost grows
with depth, and real pages nest a few dozen levels.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ficlens.errors import UnsupportedFormat
from ficlens.io import ao3_common
from ficlens.io.base import Parsed, RawChapter, assemble
from ficlens.model import Metadata
from ficlens.words import count_words

FORMAT = "html"
name = FORMAT

_SNIFF_BYTES = 64 * 1024
# The document's own tags anywhere in the head (a page saved after junk or comments, or with a damaged <html
# start). A search for one tag, not a pattern of what may come before it: nested lazy groups over a run of
# comments backtrack exponentially (40 "<!---->" took minutes).
_DOCUMENT_TAG = re.compile(rb"<(?:!doctype\s+html|html|head|body)[\s/>]", re.IGNORECASE)
# A tag: its name, and whatever stands between the name and ">". Possessive quantifiers: without a ">", a
# greedy name would give back one character at a time to the rest, quadratic ("<A" + 64k letters: 22 s).
_TAG = re.compile(rb"<(/?)([A-Za-z][A-Za-z0-9:-]*+)([^<>]*+)>")
_DECLARATION = re.compile(rb"<![^<>]*>")  # comments (without tags inside) and doctypes
# Every HTML element name, so that prose mentioning "<Alice>" (an IRC-style chat) is not taken for markup.
HTML_ELEMENTS = frozenset(
    [
        "a",
        "abbr",
        "address",
        "area",
        "article",
        "aside",
        "audio",
        "b",
        "base",
        "bdi",
        "bdo",
        "big",
        "blockquote",
        "body",
        "br",
        "button",
        "canvas",
        "caption",
        "center",
        "cite",
        "code",
        "col",
        "colgroup",
        "data",
        "datalist",
        "dd",
        "del",
        "details",
        "dfn",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "em",
        "embed",
        "fieldset",
        "figcaption",
        "figure",
        "font",
        "footer",
        "form",
        "frame",
        "frameset",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "head",
        "header",
        "hgroup",
        "hr",
        "html",
        "i",
        "iframe",
        "img",
        "input",
        "ins",
        "kbd",
        "label",
        "legend",
        "li",
        "link",
        "main",
        "map",
        "mark",
        "menu",
        "meta",
        "meter",
        "nav",
        "nobr",
        "noscript",
        "object",
        "ol",
        "optgroup",
        "option",
        "output",
        "p",
        "param",
        "picture",
        "pre",
        "progress",
        "q",
        "rb",
        "rp",
        "rt",
        "rtc",
        "ruby",
        "s",
        "samp",
        "script",
        "section",
        "select",
        "small",
        "source",
        "span",
        "strike",
        "strong",
        "style",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "template",
        "textarea",
        "tfoot",
        "th",
        "thead",
        "time",
        "title",
        "tr",
        "track",
        "tt",
        "u",
        "ul",
        "var",
        "video",
        "wbr",
    ]
)
# Tags that only a page's structure uses; inline formatting (<i>, <b>, <br>) also turns up in text scrapes.
_STRUCTURE = HTML_ELEMENTS - frozenset(
    [
        "a",
        "abbr",
        "b",
        "big",
        "br",
        "cite",
        "code",
        "del",
        "em",
        "font",
        "hr",
        "i",
        "ins",
        "mark",
        "q",
        "s",
        "small",
        "strike",
        "strong",
        "sub",
        "sup",
        "tt",
        "u",
        "wbr",
    ]
)
# An HTML fragment (a page saved from its <div id="outer"> on, a story pasted as <p>s) has this many.
MIN_STRUCTURE_TAGS = 8
_META_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
# Page furniture that is never story text: navigation, forms, scripts, Gutenberg's licence header/footer.
_FURNITURE = (
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "form",
    "header",
    "footer",
    "aside",
    "#pg-header",
    "#pg-footer",
    "section.pg-boilerplate",
)
_HEADINGS = "h1, h2, h3"
_MARK = "\ue000ficlens-heading-{}\ue000"  # a private-use placeholder that stands where a heading was
_MARK_RE = re.compile("^\ue000ficlens-heading-(\\d+)\ue000$")

# Fiction is mostly prose: paragraphs of running sentences. A page with fewer words than this in such
# paragraphs is an app, a form or an index, whatever its markup.
PROSE_PARAGRAPH_WORDS = 8
MIN_PROSE_WORDS = 250


def sniff(data: bytes) -> bool:
    """HTML by its markup anywhere in the head of the file, not by a wrapper at its start: the document's
    own tags (``<html>``, ``<head>``, ``<body>``, a doctype), or enough structural tags for a fragment."""
    head = data[:_SNIFF_BYTES]
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    if _DOCUMENT_TAG.search(head):
        return True
    structure = 0
    for match in _TAG.finditer(head):
        if match.group(2).lower().decode() in _STRUCTURE:
            structure += 1
            if structure >= MIN_STRUCTURE_TAGS:
                return True
    return False


def markup_share(data: bytes) -> float:
    """The share of the head's visible characters that stand in tags (an end tag, a tag with attributes, or
    an HTML element's tag), comments and doctypes. Text that is mostly tags is markup, never prose."""
    head = data[:_SNIFF_BYTES]
    visible = len(head) - sum(head.count(space) for space in b" \t\r\n")
    in_tags = sum(len(match.group()) - match.group().count(b" ") for match in _DECLARATION.finditer(head))
    for match in _TAG.finditer(head):
        closing, tag, rest = match.groups()
        if closing or b"=" in rest or tag.lower().decode() in HTML_ELEMENTS:
            in_tags += len(match.group()) - match.group().count(b" ")
    return in_tags / visible if visible > 0 else 0.0


def parse(data: bytes, path: str) -> Parsed:
    tree = parse_markup(decode_markup(data, path))
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


# --- nesting ---------------------------------------------------------------------------------------------
# The HTML parser scans its stack of open elements for most start tags, so markup nested N deep costs N per
# element: 100,000 nested <div>s take 15 s, and unclosed formatting elements with distinct attributes are
# rebuilt in every later paragraph (4,000 of them: 11 s). Real pages nest a few dozen levels; deeper levels
# are flattened before parsing: their tags dropped, their text kept.
MAX_DEPTH = 1000
MAX_FORMATTING = 12
# Elements the parser closes by itself when the next of their kind (or a block) starts, and void elements:
# they never build depth on their own.
_SELF_CLOSING = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "keygen",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
        "basefont",
        "bgsound",
        "frame",
        "p",
        "li",
        "dt",
        "dd",
        "option",
        "optgroup",
        "tr",
        "td",
        "th",
        "tbody",
        "thead",
        "tfoot",
        "caption",
        "colgroup",
        "rb",
        "rt",
        "rp",
        "rtc",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "button",
        "html",
        "head",
        "body",
        "frameset",
    ]
)
# Formatting elements stay open across block ends (the parser reopens them in the next block) until their
# own end tag.
_FORMATTING = frozenset(
    ["a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u"]
)
_RAW_TEXT = frozenset(["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes"])
_TOKEN = re.compile(r"<!--|<(/?)([A-Za-z][A-Za-z0-9:-]*+)[^<>]*+>")  # possessive, as `_TAG`
_RAW_END: dict[str, re.Pattern[str]] = {}


def parse_markup(markup: str) -> LexborHTMLParser:
    """Every reader's HTML parse: the markup with nesting beyond `MAX_DEPTH` flattened first."""
    return LexborHTMLParser(limit_nesting(markup))


def limit_nesting(markup: str) -> str:
    """Drop the tags that would open elements deeper than `MAX_DEPTH` levels (or more than `MAX_FORMATTING`
    formatting elements at once), and their end tags; text is kept (a dropped block tag becomes a space).

    One pass over the tags with a model of the parser's open elements: an end tag closes its element and
    every element opened inside it; comments and raw text (scripts) are skipped. Linear: each element is
    pushed and popped once."""
    if markup.count("<") <= MAX_FORMATTING:
        return markup
    model = _OpenElements()
    pieces: list[str] = []
    kept_from = skip_to = 0
    for match in _TOKEN.finditer(markup):
        if match.start() < skip_to:
            continue
        name = match.group(2)
        if name is None:  # a comment: nothing inside it is a tag
            end = markup.find("-->", match.end())
            skip_to = end + 3 if end >= 0 else len(markup)
            continue
        name = name.lower()
        if name in _SELF_CLOSING:
            continue
        if match.group(1):
            kept = model.end(name)
        else:
            kept = model.start(name)
            if kept and name in _RAW_TEXT:
                skip_to = _raw_text_end(markup, name, match.end())
        if not kept:
            pieces.append(markup[kept_from : match.start()])
            pieces.append(" " if name in ao3_common.BLOCK_TAGS else "")
            kept_from = match.end()
    if not pieces:
        return markup
    pieces.append(markup[kept_from:])
    return "".join(pieces)


class _OpenElements:
    """The parser's open elements as far as depth goes: a stack of the structural ones with a count per
    name, a count of the formatting ones (the parser reopens those until their own end tag), and the tags
    dropped past the limits, counted per name (the innermost end tags are theirs)."""

    def __init__(self) -> None:
        self.stack: list[str] = []
        self.counts: dict[str, int] = {}
        self.formatting: dict[str, int] = {}
        self.formatting_total = 0
        self.dropped: dict[str, int] = {}

    def start(self, name: str) -> bool:
        """A start tag: whether it is kept."""
        is_formatting = name in _FORMATTING
        if len(self.stack) + self.formatting_total >= MAX_DEPTH or (
            is_formatting and self.formatting_total >= MAX_FORMATTING
        ):
            self.dropped[name] = self.dropped.get(name, 0) + 1
            return False
        if is_formatting:
            self.formatting[name] = self.formatting.get(name, 0) + 1
            self.formatting_total += 1
        else:
            self.stack.append(name)
            self.counts[name] = self.counts.get(name, 0) + 1
        return True

    def end(self, name: str) -> bool:
        """An end tag: whether it is kept (the end of a dropped element is dropped too)."""
        if self.dropped.get(name):
            self.dropped[name] -= 1
            return False
        if self.formatting.get(name):
            self.formatting[name] -= 1
            self.formatting_total -= 1
        elif self.counts.get(name):
            while self.stack:  # the end tag closes every element opened inside its element
                top = self.stack.pop()
                self.counts[top] -= 1
                if top == name:
                    break
        return True


def _raw_text_end(markup: str, name: str, pos: int) -> int:
    """Where the raw text of a <script>, <style> … ends: at its end tag, or at the end of the markup."""
    pattern = _RAW_END.setdefault(name, re.compile(rf"</{name}[\s/>]", re.IGNORECASE))
    found = pattern.search(markup, pos)
    return found.start() if found else len(markup)


def strip_furniture(body: LexborNode) -> None:
    for selector in _FURNITURE:
        for node in body.css(selector):
            node.decompose()


def require_prose(items: list, path: str) -> None:
    """Refuse HTML without enough running prose to be a story. Paragraphs are counted as collected, so a
    story laid out with ``<br><br>`` instead of ``<p>`` counts too; list items and labels are too short, and
    a run of item names, numbers and prices (an app's markup read as one paragraph) is no sentence."""
    words = 0
    for item in items:
        if isinstance(item, str):
            n = count_words(item)
            if n >= PROSE_PARAGRAPH_WORDS and _mostly_words(item):
                words += n
    if words < MIN_PROSE_WORDS:
        raise UnsupportedFormat(
            path,
            f"HTML page that is not a work of fiction: only {words} words of prose "
            f"in paragraphs (a story has at least {MIN_PROSE_WORDS})",
        )


def _mostly_words(paragraph: str) -> bool:
    """Whether most of the paragraph's tokens hold a letter: prose does, a listing of numbers does not."""
    tokens = paragraph.replace(ao3_common.NODE_SPLIT, " ").split()
    return 2 * sum(1 for token in tokens if any(ch.isalpha() for ch in token)) >= len(tokens)


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
    for item in ao3_common.collect(root, italics=True):
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
    return (
        (html.attributes.get("lang") or html.attributes.get("xml:lang") or None) if html is not None else None
    )
