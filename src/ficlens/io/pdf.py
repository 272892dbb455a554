"""Reader: PDF (formats "ao3-pdf" and "pdf") through pypdf.

Text comes page by page from pypdf's layout mode, which keeps blank lines between paragraphs and the
indentation of quoted blocks. Wrapped lines are joined into paragraphs (a word hyphenated at a line end is
rejoined), a paragraph cut by a page break is mended, and runs of blank lines longer than the document's
usual gap are scene breaks, as in the HTML readers. AO3's PDF is its download document printed: the
preface pages give the tags (``Label:  value`` lines), the title page the byline, summary and notes
(indented), each chapter starts at its ``Chapter N: Title`` heading, and the afterword's ``End Notes`` and
closing message are cut off. Another PDF gets its title and author from the document information and its
chapters from ``Chapter …`` headings standing alone.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass, field

from ficlens.errors import CorruptFile, FicError, UnsupportedFormat
from ficlens.io import ao3_common, ao3_download, html
from ficlens.io.base import Parsed, RawChapter
from ficlens.model import Metadata, Series

FORMAT = "pdf"
AO3_FORMAT = "ao3-pdf"
name = FORMAT

_AO3_MARK = "Posted originally on the Archive of Our Own"
_WORK_URL = re.compile(r"archiveofourown\.org/works/(\d+)")
_LABEL_LINE = re.compile(r"^(Rating|Ratings|Archive Warnings?|Categor(?:y|ies)|Fandoms?|Relationships?|"
                         r"Characters?|Additional Tags?|Language|Series|Collections?|Stats):\s*(.*)$")
_SERIES = re.compile(r"Part\s+([\d,]+)\s+of\s+(.+?)(?=,\s*Part\s+\d|$)")
_AO3_HEADING = re.compile(r"^Chapter\s+\d+(?::\s*.+)?$")
_GENERIC_HEADING = re.compile(r"^(?:chapter|part|book)\s+(?:\d+|[ivxlcdm]+|[a-z]+(?:-[a-z]+)?)\b.{0,60}$",
                              re.IGNORECASE)
_CHAPTER_NOTE_LABELS = {"Chapter Summary": "summary", "Chapter Notes": "notes", "Chapter End Notes": "end_notes"}
_WORK_NOTE_LABELS = {"Summary": "summary", "Notes": "notes"}
_AFTERWORD_STARTS = ("End Notes", "Works inspired by this one", "Please drop by the Archive and comment")
_POINTER = re.compile(r"^See the end of the (?:work|chapter) for")
_SENTENCE_END = re.compile(r"[.!?…:;\"”’)\]*~_-]$")
_HYPHENATED = re.compile(r"\w-$")
_SPACES = re.compile(r"\s+")
_INDENT = 3  # columns of indentation that mark a quoted block (AO3's notes) in layout text


def sniff(data: bytes) -> bool:
    return b"%PDF-" in data[:1024]


@dataclass
class Line:
    page: int
    text: str  # stripped; "" for a blank line
    indent: int


def parse(data: bytes, path: str) -> Parsed:
    reader = _open(data, path)
    lines = _lines(reader, path)
    if not any(line.text for line in lines):
        raise UnsupportedFormat(path, "PDF without extractable text (a scan needs OCR first)")
    info = _info(reader)
    if any(_AO3_MARK in line.text for line in lines if line.page == 0):
        return _parse_ao3(lines, info, path)
    metadata = Metadata(title=info.get("title"), authors=_split_names(info.get("author")))
    return html.build(FORMAT, metadata, _chapters(lines, heading=_GENERIC_HEADING, ao3=False))


def _open(data: bytes, path: str):
    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # pypdf warns about every repaired xref on stderr
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise UnsupportedFormat(path, "encrypted PDF: remove the password first")
        len(reader.pages)
    except FicError:
        raise
    except Exception as exc:  # noqa: BLE001 -- pypdf raises many kinds on a broken file
        raise CorruptFile(path, f"broken or truncated PDF ({type(exc).__name__}: {str(exc)[:80]})") from None
    return reader


def _lines(reader, path: str) -> list[Line]:
    lines: list[Line] = []
    try:
        for number, page in enumerate(reader.pages):
            text = page.extract_text(extraction_mode="layout") or ""
            for raw in text.replace("\f", "\n").splitlines():
                stripped = raw.strip()
                indent = len(raw) - len(raw.lstrip()) if stripped else 0
                lines.append(Line(page=number, text=_SPACES.sub(" ", stripped), indent=indent))
    except FicError:
        raise
    except Exception as exc:  # noqa: BLE001 -- a page pypdf cannot read is a broken file
        raise CorruptFile(path, f"broken PDF page ({type(exc).__name__}: {str(exc)[:80]})") from None
    return lines


def _info(reader) -> dict[str, str]:
    try:
        meta = reader.metadata or {}
        return {key: str(meta.get(f"/{key.title()}") or "").strip() or None
                for key in ("title", "author", "keywords")}
    except Exception:  # noqa: BLE001 -- a broken info dictionary costs the title, not the text
        return {}


# --- AO3 -----------------------------------------------------------------------------------------------

def _parse_ao3(lines: list[Line], info: dict, path: str) -> Parsed:
    metadata = Metadata(title=info.get("title"))
    body_start = _read_preface(lines, metadata)
    body_end = _afterword_start(lines, body_start)
    metadata.end_notes = _note_text(lines[body_end:], start_label="End Notes")
    if not metadata.authors:
        metadata.authors = _split_names(info.get("author"))
    chapters = _chapters(lines[body_start:body_end], heading=_AO3_HEADING, ao3=True)
    if not chapters:
        raise CorruptFile(path, "AO3 PDF without any chapter text")
    return html.build(AO3_FORMAT, metadata, chapters)


def _read_preface(lines: list[Line], metadata: Metadata) -> int:
    """Fill the metadata from the preface pages; return the index of the first line of the story."""
    byline_page = label_page = None
    label, values = None, []
    for i, line in enumerate(lines):
        if byline_page is not None and line.page > byline_page and not _is_note_line(lines, i):
            _store_label(metadata, label, values)
            return i
        match = _LABEL_LINE.match(line.text)
        if match:
            _store_label(metadata, label, values)
            label, values, label_page = match.group(1), [match.group(2)], line.page
        elif label and line.text and line.indent > 0 and line.page == label_page:
            values.append(line.text)  # a wrapped tag list
        elif line.text.startswith("by ") and byline_page is None:
            _store_label(metadata, label, values)
            label, values = None, []
            metadata.authors = _split_names(line.text[3:])
            metadata.title = metadata.title or _previous_text(lines, i)
            byline_page = line.page
            metadata.summary = _note_text(lines[i:], start_label="Summary")
            metadata.notes = _note_text(lines[i:], start_label="Notes")
        match = _WORK_URL.search(line.text)
        if match and metadata.work_id is None:
            metadata.work_id = match.group(1)
            metadata.url = f"https://archiveofourown.org/works/{match.group(1)}"
    _store_label(metadata, label, values)
    return len(lines)


def _is_note_line(lines: list[Line], i: int) -> bool:
    """Whether the first text line of a new page still belongs to the title page's notes."""
    line = lines[i]
    if not line.text:
        return True
    first_on_page = all(not other.text for other in lines[i - 1::-1] if other.page == line.page) if i else True
    return first_on_page and (line.indent >= _INDENT or bool(_POINTER.match(line.text))) \
        and not _AO3_HEADING.match(line.text)


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
        metadata.series = [Series(name=name.strip(), position=int(pos.replace(",", "")))
                           for pos, name in _SERIES.findall(value)]
    elif key == "stats":
        ao3_download.apply_stats(metadata, value)


def _note_text(lines: list[Line], *, start_label: str) -> str | None:
    """The indented paragraphs under a label line (``Summary``, ``Notes``, ``End Notes``)."""
    start = next((i for i, line in enumerate(lines) if line.text == start_label), None)
    if start is None:
        return None
    paragraphs: list[list[str]] = [[]]
    for line in lines[start + 1:]:
        if not line.text:
            if paragraphs[-1]:
                paragraphs.append([])
            continue
        if line.indent < _INDENT or line.text.startswith(_AFTERWORD_STARTS[2]):
            break
        paragraphs[-1].append(line.text)
    text = "\n\n".join(_join_wrapped(p) for p in paragraphs if p)
    return text or None


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
    return next((lines[j].text for j in range(i - 1, -1, -1) if lines[j].text), None)


def _split_names(text: str | None) -> list[str]:
    return [name.strip() for name in (text or "").split(", ") if name.strip()]


# --- text and chapters ------------------------------------------------------------------------------

@dataclass
class _Chapter:
    raw: RawChapter
    items: list = field(default_factory=list)
    paragraph: list[str] = field(default_factory=list)
    blank: int = 0


def _chapters(lines: list[Line], *, heading: re.Pattern, ao3: bool) -> list[tuple[RawChapter, list]]:
    """Lines to chapters of paragraphs and blank gaps; AO3's chapter notes go into the chapter."""
    chapters: list[_Chapter] = [_Chapter(RawChapter(title=None))]
    note: str | None = None
    note_lines: list[str] = []
    page = lines[0].page if lines else 0
    for line in lines:
        current = chapters[-1]
        if line.page != page:
            _page_turn(current, line)
            page = line.page
        if line.text and heading.match(line.text) and _stands_alone(current):
            _end_paragraph(current)
            _end_note(current.raw, note, note_lines)
            note, note_lines = None, []
            title = ao3_download.chapter_title(line.text) if ao3 else line.text
            chapters.append(_Chapter(RawChapter(title=title)))
        elif ao3 and line.text in _CHAPTER_NOTE_LABELS:
            _end_paragraph(current)
            _end_note(current.raw, note, note_lines)
            note, note_lines = _CHAPTER_NOTE_LABELS[line.text], []
        elif ao3 and _POINTER.match(line.text):
            pass
        elif note and (not line.text or line.indent >= _INDENT):
            note_lines.append(line.text)
        else:
            if note:
                _end_note(current.raw, note, note_lines)
                note, note_lines = None, []
            _add_line(current, line.text)
    _end_paragraph(chapters[-1])
    _end_note(chapters[-1].raw, note, note_lines)
    return [(c.raw, c.items) for c in chapters if any(isinstance(i, str) for i in c.items)]


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


def _end_note(raw: RawChapter, note: str | None, note_lines: list[str]) -> None:
    if not note:
        return
    paragraphs, current = [], []
    for text in note_lines + [""]:
        if text:
            current.append(text)
        elif current:
            paragraphs.append(_join_wrapped(current))
            current = []
    setattr(raw, note, "\n\n".join(paragraphs) or None)


def _join_wrapped(lines: list[str]) -> str:
    """Wrapped lines into one paragraph: a hyphen that ends a line joins its word to the next line."""
    out = lines[0]
    for line in lines[1:]:
        out = out + line if _HYPHENATED.search(out) else f"{out} {line}"
    return out
