"""Reader: MOBI and AZW3 (formats "ao3-mobi", "ao3-azw3", "mobi", "azw3") through the `mobi` package.

`mobi` (KindleUnpack) is GPL-3.0, so it is the optional extra ``ficlens[mobi]``. It unpacks to disk; we give
it a private temporary directory that is removed whatever happens, and silence its printing and logging
(JSON may be going to stdout). A KF8 book (AZW3) unpacks to an EPUB, read by the EPUB reader. An old
MOBI 7 book unpacks to one flattened HTML file with ``<mbp:pagebreak>``s, no ids and no classes, plus an
OPF and NCX: its table of contents cuts the HTML into preface, chapters and afterword, AO3's labels
(``Rating:``, ``Summary``, ``Chapter Notes`` …) give the metadata, and its story text goes through the
same block collector as every HTML reader.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import logging
import re
import struct
import tempfile
from pathlib import Path

from ficlens.errors import CorruptFile, FicError, MissingDependency
from ficlens.io import ao3_common, ao3_download, epub, html
from ficlens.io.archive import SafeZip
from ficlens.io.base import Parsed, RawChapter
from ficlens.model import Metadata

name = "mobi"

_PDB_TYPE = b"BOOKMOBI"
_MOBI_MAGIC = b"MOBI"
_ANCHOR = re.compile(r"""<a\s+(?:[^>]*\s)?id=["']?(filepos\d+)["']?[^>]*>""", re.IGNORECASE)
_PAGEBREAK = re.compile(r"<mbp:pagebreak\s*/?>(?:\s*</mbp:pagebreak>)?", re.IGNORECASE)
# KindleGen writes an empty paragraph as a loose <br></br> between two paragraphs.
_LOOSE_BR = re.compile(r"(?<=</p>)\s*<br\s*/?>(?:\s*</br>)?(?=\s*<p[\s>])", re.IGNORECASE)
_AFTERWORD = "afterword"
_PREFACE = "preface"


def sniff(data: bytes) -> bool:
    """A Palm database of type BOOKMOBI (MOBI 6/7, KF8 and combined books)."""
    return data[60:68] == _PDB_TYPE


def kind(data: bytes) -> str:
    """ "azw3" for a KF8 book (MOBI header version 8), else "mobi"."""
    try:
        (offset,) = struct.unpack(">I", data[78:82])
        header = data[offset : offset + 40]
        if header[16:20] == _MOBI_MAGIC and struct.unpack(">I", header[36:40])[0] == 8:
            return "azw3"
    except struct.error:
        pass
    return "mobi"


def parse(data: bytes, path: str) -> Parsed:
    book_kind = kind(data)
    with tempfile.TemporaryDirectory(prefix="ficlens-mobi-") as tmp:
        out = Path(tmp)
        unpack(data, out, path)
        epub_files = sorted((out / "mobi8").glob("*.epub"))
        if epub_files:
            archive = SafeZip.open(epub_files[0].read_bytes(), path)
            return epub.parse_archive(archive, path, ao3_format=f"ao3-{book_kind}", generic_format=book_kind)
        book = out / "mobi7" / "book.html"
        if not book.is_file():
            raise CorruptFile(path, f"the {book_kind.upper()} book holds no text that can be unpacked")
        return parse_mobi7(
            book.read_bytes(),
            _read(out / "mobi7" / "content.opf"),
            _read(out / "mobi7" / "toc.ncx"),
            path,
            kind=book_kind,
        )


def unpack(data: bytes, out: Path, path: str) -> None:
    """KindleUnpack into `out`; its prints and logs are swallowed, its failures become `CorruptFile`."""
    try:
        from mobi.kindleunpack import unpackBook
    except ImportError:
        raise MissingDependency(path, "install ficlens[mobi] to read MOBI/AZW3") from None
    with contextlib.suppress(ImportError):
        from loguru import logger

        logger.disable("mobi")
    check_structure(data, path)
    source = out / "book.mobi"
    source.write_bytes(data)
    quiet = io.StringIO()
    logging.disable(logging.CRITICAL)
    try:
        with contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet):
            unpackBook(str(source), str(out), epubver="A")
    except FicError:
        raise
    except (Exception, SystemExit) as exc:
        raise CorruptFile(path, f"broken MOBI/AZW3 book ({type(exc).__name__}: {str(exc)[:80]})") from None
    finally:
        logging.disable(logging.NOTSET)


# --- the structure the mobi package trusts ---------------------------------------------------------------
# KindleUnpack believes every count and offset in the file: an EXTH item of size 0 under a count of 4 billion
# loops forever, and its PalmDOC decoder is quadratic in a record's size (a 1.5 MB record takes 20 s). So
# the record table, the MOBI headers (MOBI 7 and, in a combined book, KF8) and their EXTH blocks are checked
# first.

_PDB_HEADER = 78  # the Palm database header; the record table follows it, 8 bytes a record
_RECORD_ENTRY = 8
_HAS_EXTH = 0x40  # in the MOBI header's flags at 0x80
_EXTH_HEAD = 12  # "EXTH", block length, item count
_EXTH_ITEM_HEAD = 8  # item id, item size (which counts these 8 bytes)
# Mobipocket writers (KindleGen, calibre) fill a text record with 4096 bytes of text; trailing entries add a
# few bytes and compression only shrinks it (calibre: at most 4101 bytes uncompressed, 2.2 kB compressed).
# KindleUnpack ignores the header's own record size field, so a damaged field is no reason to refuse.
_TEXT_RECORD = 4096
_MAX_TEXT_RECORD = 4 * _TEXT_RECORD
_BOUNDARY = b"BOUNDARY"  # the record between a combined book's MOBI 7 and KF8 halves


def check_structure(data: bytes, path: str) -> None:
    """Raise `CorruptFile` for a record table, MOBI header or EXTH block the mobi package would hang on."""
    offsets = record_offsets(data, path)
    check_header(data, offsets, 0, path)
    boundary = kf8_boundary(data, offsets)
    if boundary is not None:
        if boundary + 1 >= len(offsets) - 1:
            raise CorruptFile(path, "damaged MOBI/AZW3 book: no KF8 header after its boundary record")
        check_header(data, offsets, boundary + 1, path, part="KF8 ")


def record_offsets(data: bytes, path: str) -> list[int]:
    """Where each record starts, then the file's length: a record count that fits the file, and offsets
    never decreasing from after the record table to the end of the file."""
    if len(data) < _PDB_HEADER:
        raise CorruptFile(path, "damaged MOBI/AZW3 book: its database header is cut short")
    (count,) = struct.unpack_from(">H", data, _PDB_HEADER - 2)
    table_end = _PDB_HEADER + _RECORD_ENTRY * count
    if count < 2 or table_end > len(data):
        raise CorruptFile(path, f"damaged MOBI/AZW3 record table: {count} records do not fit the file")
    offsets = [*struct.unpack_from(f">{2 * count}I", data, _PDB_HEADER)[::2], len(data)]
    if offsets[0] < table_end:
        raise CorruptFile(
            path,
            f"damaged MOBI/AZW3 record table: record 0 starts at byte {offsets[0]}, inside the record table",
        )
    # An empty record is allowed (only an empty text record troubles the package: checked with them).
    for k, (start, end) in enumerate(itertools.pairwise(offsets)):
        if end < start:
            after = f"record {k + 1} at {end}" if k + 1 < count else f"the end of the file at {end}"
            raise CorruptFile(
                path, f"damaged MOBI/AZW3 record table: record {k} starts at byte {start}, after {after}"
            )
    return offsets


def kf8_boundary(data: bytes, offsets: list[int]) -> int | None:
    """The boundary record of a combined MOBI 7 + KF8 book, found as the mobi package finds it: the first
    8-byte record reading BOUNDARY, looked for only when the first header is not KF8 (version 8)."""
    first = data[offsets[0] : offsets[1]]
    if first[16:20] == _MOBI_MAGIC and len(first) >= 40 and struct.unpack_from(">I", first, 36)[0] == 8:
        return None
    return next(
        (
            k
            for k, (start, end) in enumerate(itertools.pairwise(offsets))
            if end - start == len(_BOUNDARY) and data[start:end] == _BOUNDARY
        ),
        None,
    )


def check_header(data: bytes, offsets: list[int], index: int, path: str, part: str = "") -> None:
    """The MOBI header in record `index`: its text records exist and are of sane size, its EXTH is sound."""
    header = data[offsets[index] : offsets[index + 1]]
    if header[16:20] != _MOBI_MAGIC:
        return  # the package refuses a header without its magic itself
    check_text_records(header, offsets, index, path, part)
    check_exth(header, path, part)


def check_text_records(header: bytes, offsets: list[int], index: int, path: str, part: str) -> None:
    (count,) = struct.unpack_from(">H", header, 8)  # PalmDOC header: compression, unused, length, count
    after = len(offsets) - 2 - index  # records after the header's
    if count > after:
        raise CorruptFile(
            path,
            f"damaged MOBI/AZW3 book: its {part}header counts {count} text records, "
            f"{after} records follow it",
        )
    for k in range(index + 1, index + count + 1):
        size = offsets[k + 1] - offsets[k]
        if size == 0:
            raise CorruptFile(path, f"damaged MOBI/AZW3 book: {part}text record {k - index} is empty")
        if size > _MAX_TEXT_RECORD:
            raise CorruptFile(
                path,
                f"damaged MOBI/AZW3 book: {part}text record {k - index} is {size:,} "
                f"bytes, over {_MAX_TEXT_RECORD:,} (a record holds {_TEXT_RECORD:,} "
                f"bytes of text)",
            )


def check_exth(header: bytes, path: str, part: str) -> None:
    """The EXTH block the header's flags announce lies inside the header record, and its items, each at
    least an item head long, fill no more than the block."""
    if len(header) < 0x84 or not struct.unpack_from(">I", header, 0x80)[0] & _HAS_EXTH:
        return  # the package fails on a header too short for its flags itself
    start = 16 + struct.unpack_from(">I", header, 20)[0]  # after the PalmDOC header and the MOBI header
    if start + _EXTH_HEAD > len(header):
        raise CorruptFile(path, f"damaged MOBI/AZW3 book: its {part}EXTH block starts past its header record")
    length, count = struct.unpack_from(">II", header, start + 4)
    if not _EXTH_HEAD <= length <= len(header) - start:
        raise CorruptFile(
            path,
            f"damaged MOBI/AZW3 book: its {part}EXTH block of {length:,} bytes does not "
            f"fit its header record",
        )
    if count > (length - _EXTH_HEAD) // _EXTH_ITEM_HEAD:
        raise CorruptFile(
            path, f"damaged MOBI/AZW3 book: its {part}EXTH block of {length:,} bytes claims {count:,} items"
        )
    at = _EXTH_HEAD
    for item in range(count):
        if at + _EXTH_ITEM_HEAD > length:
            raise CorruptFile(path, f"damaged MOBI/AZW3 book: {part}EXTH item {item} starts past its block")
        (size,) = struct.unpack_from(">I", header, start + at + 4)
        if size < _EXTH_ITEM_HEAD or at + size > length:
            problem = "under the 8-byte item head" if size < _EXTH_ITEM_HEAD else "past the block's end"
            raise CorruptFile(
                path, f"damaged MOBI/AZW3 book: {part}EXTH item {item} has size {size:,}, {problem}"
            )
        at += size


def parse_mobi7(book: bytes, opf: bytes | None, ncx: bytes | None, path: str, *, kind: str) -> Parsed:
    text = _LOOSE_BR.sub("<p></p>", html.decode_markup(book, path))
    package = _package(opf, path)
    sections = split_by_toc(text, _toc(ncx, path))
    is_ao3 = package.publisher == epub.AO3_PUBLISHER or ao3_download._MARKERS[0].decode() in text
    metadata = Metadata(
        title=package.title, authors=package.authors, language=package.language, summary=package.description
    )
    chapters: list[tuple[RawChapter, list]] = []
    for label, markup in sections:
        root = html.parse_markup(markup).body
        if root is None:
            continue
        if is_ao3 and label in (_PREFACE, None) and not chapters:
            _ao3_preface(metadata, root)
        elif is_ao3 and label == _AFTERWORD:
            for key, text in take_notes(root, _WORK_NOTES):
                if key == "end notes":
                    metadata.end_notes = text
        else:
            chapters.append(_chapter(root, label, is_ao3))
    if not is_ao3 and not chapters:
        chapters = [_chapter(html.parse_markup(text).body, None, False)]
    chapters = [(chapter, items) for chapter, items in chapters if any(isinstance(i, str) for i in items)]
    if not chapters:
        raise CorruptFile(path, f"the {kind.upper()} book holds no chapter text")
    if is_ao3 and len(chapters) == 1:
        chapters[0][0].title = None  # a one-shot's only TOC entry is the work's title
    return html.build(f"ao3-{kind}" if is_ao3 else kind, metadata, chapters)


def split_by_toc(text: str, toc: list[tuple[str, str]]) -> list[tuple[str | None, str]]:
    """(label, markup) sections of the flattened HTML, cut at the ``filepos`` anchors the TOC points to.

    Labels are lower-cased for "Preface"/"Afterword", kept as written for chapters."""
    anchors = {m.group(1): m.start() for m in _ANCHOR.finditer(text)}
    cuts = sorted((anchors[target], label) for label, target in toc if target in anchors)
    if not cuts:
        return [(None, _PAGEBREAK.sub("", text))]
    sections: list[tuple[str | None, str]] = []
    bounds = ([(0, None)] if cuts[0][0] > 0 else []) + cuts
    sections: list[tuple[str | None, str]] = []
    for (start, label), (end, _) in zip(bounds, [*bounds[1:], (len(text), "")], strict=False):
        if label is not None and label.lower() in (_PREFACE, _AFTERWORD):
            label = label.lower()
        # The anchors are written <a id="filepos…" />, which an HTML parser leaves open around the text.
        sections.append((label, _PAGEBREAK.sub("", _ANCHOR.sub("", text[start:end]))))
    return sections


def _ao3_preface(metadata: Metadata, root) -> None:
    for label, value in ao3_download.labelled_values(root):
        ao3_download.apply_label(metadata, label, value)
    for label, value in _tag_labels(root):
        ao3_download.apply_label(metadata, label, value)
    byline = next((p for p in root.css("p") if ao3_download.squash(p.text()).startswith("by ")), None)
    if byline is not None:
        metadata.authors = _byline_names(byline) or metadata.authors
    for label, text in take_notes(root, _WORK_NOTES):
        if label == "summary":
            metadata.summary = text
        elif label == "notes":
            metadata.notes = text
    metadata.work_id, metadata.url = ao3_download.work_link(root.css("a"))


_PREFACE_LABELS = {*ao3_download._TAG_LABELS, "language", "series", "collections", "stats"}


def _tag_labels(root):
    """(label, value) of the tags however KindleGen printed them: a label (``Fandom:``) in a paragraph or
    a blockquote, its value in the paragraph or blockquote after it (the nesting depends on the CSS)."""
    for node in root.css("p, blockquote"):
        label = ao3_download.squash(node.text())
        if label.endswith(":") and label[:-1].lower() in _PREFACE_LABELS:
            value = ao3_download.next_element(node)
            if value is not None and value.tag in ("p", "blockquote") and not _is_label(value):
                yield label[:-1].lower(), value


def _is_label(node) -> bool:
    text = ao3_download.squash(node.text())
    return text.endswith(":") and text[:-1].lower() in _PREFACE_LABELS


def _byline_names(byline) -> list[str]:
    """The creators linked in the title page's ``by …`` line (the package names them all as one)."""
    return [
        ao3_download.squash(a.text())
        for a in byline.css("a")
        if "/users/" in (a.attributes.get("href") or "")
    ]


def _chapter(root, label: str | None, is_ao3: bool) -> tuple[RawChapter, list]:
    """A chapter section: AO3's chapter notes are taken out, and a first paragraph that repeats the TOC
    label is the heading, not text."""
    chapter = RawChapter(title=ao3_download.chapter_title(label) if is_ao3 and label else label)
    if is_ao3:
        _take_chapter_notes(chapter, root)
    items = ao3_common.collect(root, italics=True)
    first = next((i for i, item in enumerate(items) if isinstance(item, str)), None)
    if first is not None and label and ao3_download.squash(items[first]) == ao3_download.squash(label):
        del items[first]
    return chapter, items


_NOTE_FIELDS = {"chapter summary": "summary", "chapter notes": "notes", "chapter end notes": "end_notes"}
_NOTE_POINTERS = ("See the end of the chapter for", "See the end of the work for")


def _take_chapter_notes(chapter: RawChapter, root) -> None:
    """Move AO3's chapter notes (label, then the note) out of the text into the chapter."""
    for key, text in take_notes(root, set(_NOTE_FIELDS)):
        setattr(chapter, _NOTE_FIELDS[key], text)
    for p in root.css("p, blockquote"):
        if ao3_download.squash(p.text()).startswith(_NOTE_POINTERS):
            p.decompose()
    _take_chapter_byline(root)


def _take_chapter_byline(root) -> None:
    """AO3 prints a chapter's own creators (``Chapter by …``) under its heading, before the story."""
    for child in list(ao3_download.element_children(root))[:3]:
        if ao3_download.squash(child.text()).startswith(_CHAPTER_BYLINE):
            child.decompose()
            return


_WORK_NOTES = {"summary", "notes", "end notes"}
_CHAPTER_BYLINE = "Chapter by "


def take_notes(root, labels: set[str]) -> list[tuple[str, str | None]]:
    """(label, text) of each AO3 note in a MOBI 7 section, taken out of the section.

    KindleGen flattens AO3's markup: a note is its label (a paragraph, or a blockquote inside the chapters)
    followed by one blockquote per paragraph, every one nested equally deep and deeper than the label; story
    paragraphs are nested less deeply than a chapter's notes. The note is that run of equally deep blocks."""
    notes = []
    children = list(ao3_download.element_children(root))
    i = 0
    while i < len(children):
        label = ao3_download.squash(children[i].text()).rstrip(":").lower()
        run, end = _note_run(children, i, labels) if label in labels else ([], i + 1)
        if not run:
            if label in labels and _points_to_end_notes(children, i + 1):
                children[i].decompose()  # "Chapter Notes" over nothing but the pointer to the end notes
            i += 1  # else a word like "Notes" in the story, with no note under it
            continue
        notes.append((label, "\n\n".join(filter(None, map(ao3_common.plain_text, run))) or None))
        for node in [children[i], *run]:
            node.decompose()
        i = end
    return notes


def _note_run(children: list, label: int, labels: set[str]) -> tuple[list, int]:
    """The blocks of the note after `children[label]`, and the index after them."""
    run, depth, label_depth = [], None, _depth(children[label])
    j = label + 1
    while j < len(children):
        node = children[j]
        text = ao3_download.squash(node.text())
        if not text:
            j += 1
            continue
        level = _depth(node)
        if text.rstrip(":").lower() in labels or level <= label_depth or level != (depth or level):
            break
        depth = level
        run.append(node)
        j += 1
    return run, j


def _points_to_end_notes(children: list, start: int) -> bool:
    texts = (ao3_download.squash(children[j].text()) for j in range(start, len(children)))
    following = next((text for text in texts if text), "")
    return following.startswith(_NOTE_POINTERS)


def _depth(node) -> int:
    """How many blockquotes are nested around the node's text (0 for a paragraph)."""
    depth = 0
    while node is not None and node.tag == "blockquote":
        depth += 1
        children = list(ao3_download.element_children(node))
        has_text = any(
            child.tag == "-text" and (child.text_content or "").strip()
            for child in node.iter(include_text=True)
        )
        node = children[0] if len(children) == 1 and not has_text else None
    return depth


def _package(opf: bytes | None, path: str) -> epub.Package:
    package = epub.Package(opf_path="content.opf")
    if opf:
        with contextlib.suppress(CorruptFile):  # the book's own preface may still name it
            epub.read_dublin_core(epub.parse_xml(opf, path, "content.opf"), package)
    return package


def _toc(ncx: bytes | None, path: str) -> list[tuple[str, str]]:
    """(label, anchor id) of each NCX entry, in reading order."""
    if not ncx:
        return []
    try:
        root = epub.parse_xml(ncx, path, "toc.ncx")
    except CorruptFile:
        return []
    entries = []
    for point in root.iterfind(".//ncx:navPoint", epub.NS):
        label = epub._text(point.find("ncx:navLabel/ncx:text", epub.NS))
        content = point.find("ncx:content", epub.NS)
        src = content.get("src") if content is not None else None
        if label and src and "#" in src:
            entries.append((label, src.split("#", 1)[1]))
    return entries


def _read(path: Path) -> bytes | None:
    return path.read_bytes() if path.is_file() else None
