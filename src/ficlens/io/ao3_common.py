"""AO3 HTML to paragraphs: the story text of a `userstuff` element as blocks for `assemble`.

AO3 stores a chapter as sanitised HTML. Every block element (``<p>``, ``<div>``, ``<center>`` …) and every
run of loose inline content between blocks is one paragraph; a single ``<br>`` is a line break inside it.
Scene breaks are structural: ``<hr>`` always, and otherwise a gap of blank lines (empty paragraphs, runs of
``<br>``) longer than the document's usual gap, because some authors put a blank paragraph after every
paragraph and some separate chat turns with one. Symbol lines (``***``, ``#``) stay as text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from selectolax.lexbor import LexborNode

from ficlens.io.base import BREAK, ITALIC_CLOSE, ITALIC_OPEN
from ficlens.lexicon import CURLY_QUOTES, STRAIGHT_QUOTES, escaped_chars
from ficlens.words import count_words

BLOCK_TAGS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "center",
        "dd",
        "details",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "li",
        "main",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    }
)
SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "head", "title", "-comment", "!doctype"})

# AO3 counts the words of each HTML text node on its own, so "20<sup>th</sup>" is two words to AO3. Where two
# neighbouring nodes would join into fewer words, an invisible zero-width space keeps AO3's split in the text.
NODE_SPLIT = "\u200b"
# Italics (<em>, <i>) kept as two private-use characters around the words (`base.ITALIC_OPEN`), so that
# `base.assemble` can note their spans as it joins the text and take the marks out: fan fiction sets texts,
# letters and telepathy in italics, where a quote mark would be.
_ITALIC_TAGS = frozenset({"em", "i"})
# runs of marks beside spaces, which move outside them
_OPENS_BEFORE_SPACE = re.compile(f"({ITALIC_OPEN}+)(\\s+)")
_SPACE_BEFORE_CLOSES = re.compile(f"(\\s+)({ITALIC_CLOSE}+)")
_EMPTY_ITALIC = re.compile(ITALIC_OPEN + ITALIC_CLOSE)
_FIRST_WORD = re.compile(r"\S+")
TAIL_CHARS = 64
# A line of symbols only (***, ~~~, #, -----, xxx, o0o): the segmenter reads it as a scene break itself.
# Lines of dialogue punctuation alone ("...", "!?") are speech, not dividers.
_DIALOGUE_MARKS = escaped_chars(STRAIGHT_QUOTES + CURLY_QUOTES) + ".…!?"
SYMBOL_LINE = re.compile(rf"^(?![\s{_DIALOGUE_MARKS}]+$)(?:[\W_]+|(?:[xo0]\s*){{3,}})$", re.IGNORECASE)


@dataclass
class Blank:
    """Blank lines between two paragraphs: empty paragraphs, or the extra ``<br>`` of a run."""

    lines: int


class _HardBreak:
    """An ``<hr>``: a scene break whatever the document's usual gap."""


HARD_BREAK = _HardBreak()


class _Collector:
    """Walks one element and collects paragraphs (str), `Blank` gaps and `HARD_BREAK`s in reading order."""

    def __init__(self, *, italics: bool = False) -> None:
        self.italics = italics  # mark <em>/<i> runs (story text; notes and titles are plain)
        self.open_italics = 0  # runs opened in this paragraph's pieces and not yet closed
        self.pending_italics = 0  # italic elements entered whose mark waits for their first words
        self.items: list = []
        self.pieces: list[str] = []  # the inline run being built; "\n" marks a <br>
        self.has_text = False
        self.pending_br = 0
        self.word_tail = ""  # the text since the last whitespace, to see whether the next node joins it
        self.block_starts: list[int] = []  # len(items) where each open block element began

    def walk(self, node: LexborNode) -> None:
        """Reading order over the element's descendants, with an explicit stack instead of recursion, so
        that markup nested thousands of levels deep neither overflows Python's stack nor slows down."""
        stack: list[tuple[Iterator[LexborNode], str | None]] = [(node.iter(include_text=True), None)]
        while stack:
            children, kind = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                if kind == "block":
                    self.end_block()
                elif kind == "italic":
                    self.close_italic()
                continue
            tag = child.tag
            if tag == "-text":
                self.add_text(child.text_content or "")
            elif tag is None or tag in SKIP_TAGS or _is_landmark(child):  # None: a processing instruction
                continue
            elif tag == "br":
                self.pending_br += 1
            elif tag == "hr":
                self.flush()
                self.items.append(HARD_BREAK)
            elif tag in BLOCK_TAGS:
                self.start_block()
                stack.append((child.iter(include_text=True), "block"))
            elif self.italics and tag in _ITALIC_TAGS:
                self.pending_italics += 1
                stack.append((child.iter(include_text=True), "italic"))
            else:  # inline: strong, span, a, code …
                stack.append((child.iter(include_text=True), None))

    def add_text(self, text: str) -> None:
        if self.italics and (ITALIC_OPEN in text or ITALIC_CLOSE in text):  # the marks, written in a page
            text = text.replace(ITALIC_OPEN, "\ufffd").replace(ITALIC_CLOSE, "\ufffd")
        if not text.strip():
            if self.pieces:
                self.pieces.append(" ")  # whitespace between inline nodes still separates words
                self.word_tail = ""
            return
        if self.pending_br and self.has_text:
            if self.pending_br >= 2:
                blank_lines = self.pending_br - 1
                self.flush()
                self.items.append(Blank(blank_lines))
            else:
                self.pieces.append("\n")
                self.word_tail = ""
        self.pending_br = 0
        head = _FIRST_WORD.match(text)
        if self.word_tail and head and _joins(self.word_tail, head.group()):
            self.pieces.append(NODE_SPLIT)
            self.word_tail = ""
        if self.pending_italics:  # the mark goes by the words, in the paragraph that holds them
            self.pieces.append(ITALIC_OPEN * self.pending_italics)
            self.open_italics += self.pending_italics
            self.pending_italics = 0
        self.pieces.append(text)
        self.has_text = True
        self.word_tail = _tail_after(self.word_tail, text)

    def start_block(self) -> None:
        self.flush()
        self.block_starts.append(len(self.items))

    def end_block(self) -> None:
        self.flush()
        if (
            len(self.items) == self.block_starts.pop()
        ):  # a block with no text (empty, <br>, an image): one blank
            self.items.append(Blank(1))

    def close_italic(self) -> None:
        if self.pending_italics:  # no words in it (yet): nothing to close
            self.pending_italics -= 1
        else:
            self.pieces.append(ITALIC_CLOSE)
            self.open_italics -= 1

    def flush(self) -> None:
        """End the current inline run as one paragraph (a trailing <br> adds nothing); italics still open
        close with it and open again at the next paragraph's first words."""
        if self.open_italics:
            self.pieces.append(ITALIC_CLOSE * self.open_italics)
            self.pending_italics += self.open_italics
            self.open_italics = 0
        if self.has_text:
            self.items.append(_clean(_settle_marks("".join(self.pieces))))
        self.pieces, self.has_text, self.pending_br, self.word_tail = [], False, 0, ""


def _settle_marks(text: str) -> str:
    """Italic marks moved outside the spaces beside them (a run of them at once: one pass, however deep the
    nesting), and empty italics dropped, so that cleaning the spaces leaves every mark on a word. An opening
    mark is written right before words (`add_text`), so no mark is left beside a space."""
    if ITALIC_OPEN not in text and ITALIC_CLOSE not in text:
        return text
    text = _OPENS_BEFORE_SPACE.sub(r"\2\1", text)
    text = _SPACE_BEFORE_CLOSES.sub(r"\2\1", text)
    return _EMPTY_ITALIC.sub("", text)


def strip_italics(text: str) -> str:
    return text.replace(ITALIC_OPEN, "").replace(ITALIC_CLOSE, "")


def _joins(left: str, right: str) -> bool:
    """Whether two neighbouring text nodes make fewer words together than AO3 counts for them apart."""
    return count_words(left + right) != count_words(left) + count_words(right)


def _tail_after(tail: str, text: str) -> str:
    """The unbroken run of non-space text at the end, once `text` follows `tail` (its last `TAIL_CHARS`
    only: whether two nodes join depends on the characters at their seam, and an unbounded tail would make
    a run of thousands of tiny spaceless nodes quadratic)."""
    if text[-1].isspace():
        return ""
    last = text.rsplit(None, 1)  # scans from the end only: paragraphs can be long
    tail = tail + text if len(last) == 1 and not text[0].isspace() else last[-1]
    return tail[-TAIL_CHARS:]


def _is_landmark(node: LexborNode) -> bool:
    # Screen-reader headings such as "Chapter Text" / "Work Text:" are page furniture, not story.
    return "landmark" in (node.attributes.get("class") or "").split()


def _clean(text: str) -> str:
    lines = (" ".join(line.split()) for line in text.split("\n"))  # str.split() knows Unicode spaces (nbsp)
    return "\n".join(line for line in lines if line)


def collect(node: LexborNode | None, *, italics: bool = False) -> list:
    """Paragraphs, `Blank` gaps and `HARD_BREAK`s of one element, before the document's gap is known; with
    `italics`, its italic runs marked (`ITALIC_OPEN`, `ITALIC_CLOSE`: story text for `base.assemble`)."""
    if node is None:
        return []
    collector = _Collector(italics=italics)
    collector.walk(node)
    collector.flush()
    return collector.items


def gaps(items: list) -> list[int]:
    """The blank lines between each pair of neighbouring paragraphs (``<hr>`` splits are left out)."""
    found: list[int] = []
    run, seen_text = 0, False
    for item in items:
        if isinstance(item, str):
            if seen_text and run >= 0:
                found.append(run)
            run, seen_text = 0, True
        elif item is HARD_BREAK:
            run = -1_000_000  # never counted
        else:
            run += item.lines
    return found


# A gap length that separates at least this share of a document's paragraphs is its ordinary spacing, not a
# scene break: scenes rarely run under five paragraphs, while spacer paragraphs sit between most of them.
USUAL_SHARE = 0.2


def usual_gap(chapters: list[list]) -> int:
    """The document's ordinary gap between paragraphs: the longest one common enough to be spacing."""
    counts = Counter(g for items in chapters for g in gaps(items))
    total = sum(counts.values())
    return max((g for g, n in counts.items() if n >= USUAL_SHARE * total), default=0)


def to_blocks(items: list, *, usual: int) -> list:
    """Paragraphs and `BREAK`s: an ``<hr>``, or a gap longer than ``usual``, is a scene break, unless a
    symbol line next to it already marks the break."""
    blocks: list = []
    run, hard = 0, False
    for item in items:
        if isinstance(item, str):
            if (hard or run > usual) and blocks and not _marked(blocks[-1]) and not _marked(item):
                blocks.append(BREAK)
            blocks.append(item)
            run, hard = 0, False
        elif item is HARD_BREAK:
            hard = True
        else:
            run += item.lines
    return blocks


def _marked(block) -> bool:
    return block is BREAK or bool(SYMBOL_LINE.match(strip_italics(block)))


def plain_text(node: LexborNode | None) -> str | None:
    """Notes and summaries as plain text: paragraphs separated by blank lines; None when empty."""
    paragraphs = [item for item in collect(node) if isinstance(item, str)]
    return "\n\n".join(paragraphs) or None
