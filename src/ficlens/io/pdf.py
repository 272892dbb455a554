"""Reader: PDF (formats "ao3-pdf" and "pdf") through pypdf.

Text comes page by page from pypdf's layout mode, which keeps blank lines between paragraphs. Wrapped lines
are joined into paragraphs (a word hyphenated at a line end is rejoined), a paragraph cut by a page break is
mended, and runs of blank lines longer than the document's usual gap are scene breaks, as in the HTML
readers. Another PDF gets its title and author from the document information and its chapters from
``Chapter …`` headings standing alone.

AO3's PDF is its HTML download printed by calibre (Chromium): the preface pages give the tags (``Label:
value`` lines), the title page the byline, summary and notes, every chapter starts a page with its ``Chapter
N: Title`` heading (long titles wrap), then its summary and notes, its story text and its end notes; the
afterword's ``End Notes`` and closing message are cut off. Layout mode measures indentation from the leftmost
text of each page, which shifts from page to page, so each line also gets its position on the page from
pypdf's text visitor: a note is a blockquote printed well right of its label, story text only a little. The
PDF's outline (calibre's table of contents) gives each chapter's first page and its full title.
"""

from __future__ import annotations

import io
import itertools
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from ficlens.errors import CorruptFile, FicError, UnsupportedFormat
from ficlens.io import ao3_common, ao3_download, html
from ficlens.io.base import Parsed, RawChapter
from ficlens.lexicon import CLOSING_QUOTES, STRAIGHT_DOUBLE, char_class
from ficlens.model import Metadata, Series

FORMAT = "pdf"
AO3_FORMAT = "ao3-pdf"
name = FORMAT

_AO3_MARK = "Posted originally on the Archive of Our Own"
_WORK_URL = re.compile(r"archiveofourown\.org/works/(\d+)")
_LABEL_LINE = re.compile(
    r"^(Rating|Ratings|Archive Warnings?|Categor(?:y|ies)|Fandoms?|Relationships?|"
    r"Characters?|Additional Tags?|Language|Series|Collections?|Stats):\s*(.*)$"
)
_SERIES = re.compile(r"Part\s+(\d[\d,]*)\s+of\s+(.+?)(?=,\s*Part\s+\d|$)")
_AO3_HEADING = re.compile(r"^Chapter\s+\d+(?::\s*.+)?$")
_GENERIC_HEADING = re.compile(
    r"^(?:chapter|part|book)\s+(?:\d+|[ivxlcdm]+|[a-z]+(?:-[a-z]+)?)\b.{0,60}$", re.IGNORECASE
)
_CHAPTER_NOTE_LABELS = {
    "Chapter Summary": "summary",
    "Chapter Notes": "notes",
    "Chapter End Notes": "end_notes",
}
_WORK_NOTE_LABELS = {"Summary": "summary", "Notes": "notes"}
_AFTERWORD_STARTS = ("End Notes", "Works inspired by this one", "Please drop by the Archive and comment")
_POINTER = re.compile(r"^See the end of the (?:work|chapter) for")
_CHAPTER_BYLINE = re.compile(r"^Chapter by ")
_SENTENCE_END = re.compile(char_class(".!?…:;" + STRAIGHT_DOUBLE + CLOSING_QUOTES + ")]*~_-") + "$")
_HYPHENATED = re.compile(r"\w-$")
_SPACES = re.compile(r"\s+")
_INDENT = 3  # columns of layout indentation that mark a quoted block when no position is known
# AO3's notes are blockquotes about 25 pt right of their label; its story text sits in a box 13 pt right of
# the chapter's labels. Halfway between tells a note line from a story line.
_NOTE_INDENT_PT = 19.0
_SAME_COLUMN_PT = 3.0
_STORY_PADDING_PT = 10.0  # a page that opens the story starts this far below where a running text starts
_LAYOUT_PIECES = 1500  # strings shown on one page beyond which layout mode is too slow
_MATCH_AHEAD = 6  # visitor lines looked at to place one layout line (keeps placing linear)


def sniff(data: bytes) -> bool:
    return b"%PDF-" in data[:1024]


@dataclass
class Line:
    page: int
    text: str  # stripped; "" for a blank line
    indent: int  # columns in layout mode, from the page's leftmost text
    x: float | None = None  # left edge on the page in points (AO3 PDFs), None when not known
    y: float | None = None  # baseline height on the page in points


def parse(data: bytes, path: str) -> Parsed:
    reader = _open(data, path)
    lines = _lines(reader, path)
    if not any(line.text for line in lines):
        raise UnsupportedFormat(path, "PDF without extractable text (a scan needs OCR first)")
    info = _info(reader)
    if any(_AO3_MARK in line.text for line in lines if line.page == 0):
        return _parse_ao3(reader, lines, info, path)
    metadata = Metadata(title=info.get("title"), authors=_split_names(info.get("author")))
    return html.build(FORMAT, metadata, _chapters(lines, heading=_GENERIC_HEADING, ao3=False))


def _open(data: bytes, path: str):
    from pypdf import PdfReader

    # pypdf logs every repaired xref and unknown encoding on stderr; a real failure raises, and becomes ours.
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise UnsupportedFormat(path, "encrypted PDF: remove the password first")
        len(reader.pages)
    except FicError:
        raise
    except Exception as exc:
        raise CorruptFile(path, f"broken or truncated PDF ({type(exc).__name__}: {str(exc)[:80]})") from None
    return reader


def _lines(reader, path: str) -> list[Line]:
    lines: list[Line] = []
    try:
        for number, page in enumerate(reader.pages):
            text = _page_text(page)
            for raw in text.replace("\f", "\n").splitlines():
                stripped = raw.strip()
                indent = len(raw) - len(raw.lstrip()) if stripped else 0
                lines.append(Line(page=number, text=_SPACES.sub(" ", stripped), indent=indent))
    except FicError:
        raise
    except Exception as exc:
        raise CorruptFile(path, f"broken PDF page ({type(exc).__name__}: {str(exc)[:80]})") from None
    return lines


def _page_text(page) -> str:
    """The page in pypdf's layout mode, or in its plain mode when the page shows text in so many pieces
    that layout mode, quadratic in the pieces of one text block, would take minutes (no printer needs that
    many: calibre's densest pages have a few hundred)."""
    contents = page.get_contents()
    data = contents.get_data() if contents is not None else b""
    if data.count(b"(") + data.count(b"<") > _LAYOUT_PIECES:
        return page.extract_text() or ""
    return page.extract_text(extraction_mode="layout") or ""


def _info(reader) -> dict[str, str]:
    try:
        meta = reader.metadata or {}
        return {
            key: str(meta.get(f"/{key.title()}") or "").strip() or None
            for key in ("title", "author", "keywords")
        }
    except Exception:
        return {}


# --- where each line sits on its page -----------------------------------------------------------------


class _Placer:
    """Gives the lines of a page their left edge and baseline, where pypdf's text visitor shows them, when
    first asked: only the pages with notes need them, and reading a page's positions costs as much as its
    text."""

    def __init__(self, reader, lines: list[Line]) -> None:
        self.reader = reader
        self.pages = dict(_by_page(lines))
        self.done: set[int] = set()

    def __call__(self, page: int) -> None:
        if page in self.done or page not in self.pages:
            return
        self.done.add(page)
        try:
            starts = _line_starts(self.reader.pages[page])
        except Exception:
            return
        _match_starts(self.pages[page], starts)


def _by_page(lines: list[Line]) -> Iterator[tuple[int, list[Line]]]:
    start = 0
    for i in range(1, len(lines) + 1):
        if i == len(lines) or lines[i].page != lines[start].page:
            yield lines[start].page, lines[start:i]
            start = i


def _line_starts(page) -> list[tuple[float, float, str]]:
    """(baseline, left edge, text) of the leftmost piece of each printed line, from the top of the page."""
    pieces: dict[int, tuple[float, float, str]] = {}

    def visit(text, cm, tm, font, size) -> None:
        text = _SPACES.sub(" ", text).strip()
        if not text:
            return
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        key = round(y)
        if key not in pieces or x < pieces[key][1]:
            pieces[key] = (y, x, text)

    page.extract_text(visitor_text=visit)
    return sorted(pieces.values(), key=lambda piece: -piece[0])


def _match_starts(page_lines: list[Line], starts: list[tuple[float, float, str]]) -> None:
    """Pair each layout line with the visitor's line that begins with the same characters, in page order."""
    j = 0
    for line in page_lines:
        if not line.text:
            continue
        key = line.text[:8]
        for k in range(j, min(j + _MATCH_AHEAD, len(starts))):
            piece = starts[k][2]
            if piece.startswith(key) or key.startswith(piece):
                line.y, line.x = starts[k][0], starts[k][1]
                j = k + 1
                break


# --- AO3 -----------------------------------------------------------------------------------------------


def _parse_ao3(reader, lines: list[Line], info: dict, path: str) -> Parsed:
    place = _Placer(reader, lines)
    metadata = Metadata(title=info.get("title"))
    byline = _read_tags(lines, metadata)
    metadata.title = metadata.title or _previous_text(lines, byline)
    body_end = _afterword_start(lines, byline)
    metadata.end_notes = _note_text(lines[body_end:], start_label="End Notes", place=place)
    outline = _outline_chapters(reader)
    starts = [_first_line_on(lines, page, byline, body_end) for _, page in outline]
    if outline and all(a < b for a, b in itertools.pairwise(starts)) and starts[0] > byline:
        _read_title_page(lines[byline : starts[0]], metadata, info, place)
        bounds = list(zip(starts, [*starts[1:], body_end], strict=False))
        chapters = [
            _outline_chapter(title, lines[a:b], place)
            for (title, _), (a, b) in zip(outline, bounds, strict=False)
        ]
        chapters = [chapter for chapter in chapters if any(isinstance(i, str) for i in chapter[1])]
    else:
        body_start = _story_start(lines, byline, body_end, place)
        _read_title_page(lines[byline:body_start], metadata, info, place)
        chapters = _chapters(lines[body_start:body_end], heading=_AO3_HEADING, ao3=True, place=place)
    if not chapters:
        raise CorruptFile(path, "AO3 PDF without any chapter text")
    return html.build(AO3_FORMAT, metadata, chapters)


def _read_tags(lines: list[Line], metadata: Metadata) -> int:
    """Fill the tags and stats from the preface's first page; return the index of the byline (``by …``),
    the first after the tags."""
    label, values, label_page = None, [], None
    # The title heads the first page and the title page, and it may begin "by …" too.
    titles = {metadata.title, next((line.text for line in lines if line.text), None)}
    for i, line in enumerate(lines):
        match = _LABEL_LINE.match(line.text)
        if match:
            _store_label(metadata, label, values)
            label, values, label_page = match.group(1), [match.group(2)], line.page
        elif label and line.text and line.indent > 0 and line.page == label_page:
            values.append(line.text)  # a wrapped tag list
        elif line.text.startswith("by ") and label is not None and line.text not in titles:
            _store_label(metadata, label, values)
            return i
        match = _WORK_URL.search(line.text)
        if match and metadata.work_id is None:
            metadata.work_id = match.group(1)
            metadata.url = f"https://archiveofourown.org/works/{match.group(1)}"
    _store_label(metadata, label, values)
    return len(lines)


def _read_title_page(lines: list[Line], metadata: Metadata, info: dict, place: _Placer) -> None:
    """Byline, title, summary and notes from the title page's lines (the byline first)."""
    if not lines:
        metadata.authors = metadata.authors or _split_names(info.get("author"))
        return
    metadata.authors = _split_names(lines[0].text[3:]) or _split_names(info.get("author"))
    notes = dict(_notes(lines[1:], _WORK_NOTE_LABELS, place))
    metadata.summary, metadata.notes = notes.get("summary"), notes.get("notes")


def _outline_chapters(reader) -> list[tuple[str, int]]:
    """(heading, first page) of each ``Chapter N`` entry of the PDF's outline, when all point to a page."""
    try:
        entries = list(_flat_outline(reader, reader.outline))
    except Exception:
        return []
    chapters = [(title, page) for title, page in entries if _AO3_HEADING.match(title)]
    if not chapters or any(page is None or page <= 0 for _, page in chapters):
        return []
    return chapters


def _flat_outline(reader, items, depth: int = 0) -> Iterator[tuple[str, int | None]]:
    if depth > 3:
        return
    for item in items:
        if isinstance(item, list):
            yield from _flat_outline(reader, item, depth + 1)
        else:
            yield _SPACES.sub(" ", str(item.title or "")).strip(), reader.get_destination_page_number(item)


def _first_line_on(lines: list[Line], page: int, start: int, end: int) -> int:
    """Index of the first line on `page` or later, searched in [start, end)."""
    low, high = start, end
    while low < high:  # lines are in page order
        middle = (low + high) // 2
        if lines[middle].page < page:
            low = middle + 1
        else:
            high = middle
    return low


def _outline_chapter(heading: str, lines: list[Line], place: _Placer) -> tuple[RawChapter, list]:
    """One chapter's pages: its heading (wrapped over lines maybe), notes, story text and end notes."""
    skip = _heading_lines(heading, lines)
    [chapter] = _chapters(
        lines[skip:],
        heading=None,
        ao3=True,
        place=place,
        first=RawChapter(title=ao3_download.chapter_title(heading)),
    )
    return chapter


def _heading_lines(heading: str, lines: list[Line]) -> int:
    """How many lines at the top of the chapter print its heading."""
    target, printed = heading.replace(" ", ""), ""
    for i, line in enumerate(lines):
        if not line.text:
            continue
        printed += line.text.replace(" ", "")
        if not target.startswith(printed):
            return 0
        if printed == target:
            return i + 1
    return 0


def _story_start(lines: list[Line], byline: int, end: int, place: _Placer) -> int:
    """The first story line of a work without a usable outline: the first line on a page after the title
    page that is a chapter heading, or neither a label, a pointer, nor a note running on from the page
    before."""
    if byline >= len(lines):
        return len(lines)
    in_note, page = False, lines[byline].page
    for i in range(byline + 1, end):
        line = lines[i]
        if not line.text:
            continue
        label = line.text in _WORK_NOTE_LABELS or bool(_POINTER.match(line.text))
        if (
            line.page != page
            and not label
            and (not in_note or _AO3_HEADING.match(line.text) or _opens_story(lines, i, place))
        ):
            return i
        page = line.page
        if label:
            in_note = not _POINTER.match(line.text)
    return end


def _opens_story(lines: list[Line], i: int, place: _Placer) -> bool:
    """Whether the page that begins at line `i` opens the story rather than running a note on. A note runs
    on from the very top of the page; the story's box opens lower, below its padding, so its first line is
    lower than the first line of the next page (a page the story or the afterword runs on)."""
    line = lines[i]
    following = next(
        (lines[j] for j in range(i, len(lines)) if lines[j].text and lines[j].page > line.page), None
    )
    place(line.page)
    if following is not None:
        place(following.page)
    if line.y is None or following is None or following.y is None:
        return line.indent < _INDENT  # without positions: layout indentation, as good as it gets
    return line.y < following.y - _STORY_PADDING_PT


def _store_label(metadata: Metadata, label: str | None, values: list[str]) -> None:
    if not label:
        return
    value = " ".join(values).strip()
    key = label.lower()
    field_name = ao3_download._TAG_LABELS.get(key)
    if field_name == "rating":
        metadata.rating = value or None
    elif field_name:
        setattr(metadata, field_name, [tag.strip() for tag in value.split(", ") if tag.strip()])
    elif key == "language":
        metadata.language = value or None
    elif key == "series":
        metadata.series = [
            Series(name=name.strip(), position=int(pos.replace(",", "")))
            for pos, name in _SERIES.findall(value)
        ]
    elif key == "stats":
        ao3_download.apply_stats(metadata, value)


def _note_text(lines: list[Line], *, start_label: str, place: _Placer | None = None) -> str | None:
    """The note under a label line (``End Notes`` of the afterword)."""
    return dict(_notes(lines, {start_label: "note"}, place)).get("note")


def _notes(
    lines: list[Line], labels: dict[str, str], place: _Placer | None
) -> Iterator[tuple[str, str | None]]:
    """(field, text) of each labelled note in `lines`; anything that is not a note is passed over."""
    note: _Note | None = None
    for line in lines:
        if line.text in labels:
            if note:
                yield note.field, note.text()
            note = _Note(labels[line.text], line, place)
        elif note and not note.take(line):
            yield note.field, note.text()
            note = None
    if note:
        yield note.field, note.text()


def _afterword_start(lines: list[Line], start: int) -> int:
    """The first line of the afterword, searched from the end (story text never follows it)."""
    for i in range(len(lines) - 1, start - 1, -1):
        if lines[i].text.startswith(_AFTERWORD_STARTS[2]):
            end = i
            break
    else:
        return len(lines)
    for i in range(end, start - 1, -1):
        if lines[i].text in _AFTERWORD_STARTS[:2]:
            end = i
        elif lines[i].text and _AO3_HEADING.match(lines[i].text):
            break
    return end


def _previous_text(lines: list[Line], i: int) -> str | None:
    return next((lines[j].text for j in range(min(i, len(lines)) - 1, -1, -1) if lines[j].text), None)


def _split_names(text: str | None) -> list[str]:
    return [name.strip() for name in (text or "").split(", ") if name.strip()]


@dataclass
class _Note:
    """A note (AO3's summary, notes, end notes) being read line by line after its label."""

    field: str
    label: Line
    place: _Placer | None = None
    lines: list[str] = field(default_factory=list)
    x: float | None = None  # the blockquote's left edge, from its first line
    blank: int = 0
    page: int = -1

    def take(self, line: Line) -> bool:
        """Add `line` if it belongs to the note; False when the note has ended before it."""
        if not line.text:
            self.blank += 1
            if self.lines and self.lines[-1]:
                self.lines.append("")
            return True
        if (
            _POINTER.match(line.text)
            or line.text in _AFTERWORD_STARTS[:2]
            or line.text.startswith(_AFTERWORD_STARTS[2])
            or _AO3_HEADING.match(line.text)
        ):
            return False
        if self.place is not None:
            self.place(self.label.page)
            self.place(line.page)
        if not self._inside(line):
            return False
        if self.x is None:
            self.x = line.x
        self.lines.append(line.text)
        self.blank, self.page = 0, line.page
        return True

    def _inside(self, line: Line) -> bool:
        if line.x is None or self.label.x is None:
            return line.indent >= _INDENT  # no positions: layout indentation (good within a page)
        if self.x is None:
            return line.x >= self.label.x + _NOTE_INDENT_PT
        if abs(line.x - self.x) <= _SAME_COLUMN_PT:
            return True
        # Further right (centred or nested lines) stays in the note only without a wider gap than the
        # note's paragraphs have: the story's box opens below a larger gap.
        return line.x > self.x and (self.blank <= 1 or line.page != self.page)

    def text(self) -> str | None:
        paragraphs, current = [], []
        for text in [*self.lines, ""]:
            if text:
                current.append(text)
            elif current:
                paragraphs.append(_join_wrapped(current))
                current = []
        return "\n\n".join(paragraphs) or None


# --- text and chapters ------------------------------------------------------------------------------


@dataclass
class _Chapter:
    raw: RawChapter
    items: list = field(default_factory=list)
    paragraph: list[str] = field(default_factory=list)
    blank: int = 0


def _chapters(
    lines: list[Line],
    *,
    heading: re.Pattern | None,
    ao3: bool,
    place: _Placer | None = None,
    first: RawChapter | None = None,
) -> list[tuple[RawChapter, list]]:
    """Lines to chapters of paragraphs and blank gaps, a new chapter at each `heading` line standing alone
    (in an AO3 PDF: opening its page, and running on to the first blank line when the title wraps); AO3's
    chapter notes (a label, then a note) go into the chapter."""
    chapters: list[_Chapter] = [_Chapter(first or RawChapter(title=None))]
    note: _Note | None = None
    heading_lines: list[str] = []  # the AO3 heading being read, while it wraps
    page, page_opens = (lines[0].page if lines else 0), True
    for line in lines:
        current = chapters[-1]
        if line.page != page:
            _page_turn(current, line)
            page, page_opens = line.page, True
        opens_page, page_opens = page_opens and bool(line.text), page_opens and not line.text
        if heading_lines:
            if line.text:
                heading_lines.append(line.text)
                continue
            current.raw.title = ao3_download.chapter_title(" ".join(heading_lines))
            heading_lines = []
        if note and note.take(line):
            continue
        if note:
            setattr(current.raw, note.field, note.text())
            note = None
        if (
            line.text
            and heading
            and heading.match(line.text)
            and _stands_alone(current)
            and (opens_page or not ao3)
        ):
            _end_paragraph(current)
            chapters.append(_Chapter(RawChapter(title=None if ao3 else line.text)))
            heading_lines = [line.text] if ao3 else []
        elif ao3 and line.text in _CHAPTER_NOTE_LABELS and _stands_alone(current):
            note = _Note(_CHAPTER_NOTE_LABELS[line.text], line, place)
        elif ao3 and (_POINTER.match(line.text) or (_CHAPTER_BYLINE.match(line.text) and not current.items)):
            pass
        else:
            _add_line(current, line.text)
    if heading_lines:
        chapters[-1].raw.title = ao3_download.chapter_title(" ".join(heading_lines))
    if note:
        setattr(chapters[-1].raw, note.field, note.text())
    _end_paragraph(chapters[-1])
    return [(c.raw, c.items) for c in chapters if any(isinstance(i, str) for i in c.items) or first]


def _stands_alone(chapter: _Chapter) -> bool:
    return not chapter.paragraph


def _add_line(chapter: _Chapter, text: str) -> None:
    if not text:
        if chapter.paragraph:
            _end_paragraph(chapter)
        chapter.blank += 1
        return
    if chapter.blank > 1 and chapter.items:
        chapter.items.append(ao3_common.Blank(chapter.blank - 1))  # one blank line is the usual spacing
    chapter.blank = 0
    chapter.paragraph.append(text)


def _page_turn(chapter: _Chapter, first: Line) -> None:
    """A page ends a paragraph only when its last line ends a sentence and the next page starts anew;
    blank lines at the foot of a page are margin, not a gap."""
    if not chapter.paragraph:
        chapter.blank = min(chapter.blank, 1)
        return
    if first.text and (not _SENTENCE_END.search(chapter.paragraph[-1]) or first.text[:1].islower()):
        return  # the paragraph runs on
    _end_paragraph(chapter)
    chapter.blank = 1


def _end_paragraph(chapter: _Chapter) -> None:
    if chapter.paragraph:
        chapter.items.append(_join_wrapped(chapter.paragraph))
        chapter.paragraph = []


def _join_wrapped(lines: list[str]) -> str:
    """Wrapped lines into one paragraph: a hyphen that ends a line joins its word to the next line."""
    parts, tail = [lines[0]], lines[0][-2:]
    for line in lines[1:]:
        # Only the joined text's last two characters decide, so a long paragraph is not rescanned per line.
        parts.append(line if _HYPHENATED.search(tail) else f" {line}")
        tail = (tail + parts[-1])[-2:]
    return "".join(parts)
