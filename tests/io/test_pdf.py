"""PDF through pypdf: AO3's printed download, a plain PDF made in the test, broken PDFs."""

from __future__ import annotations

import contextlib
import subprocess
import sys
import time
from pathlib import Path

import ao3_synthetic
import pytest
from ao3_books import reads_like_its_html
from paths import AO3_DOWNLOADS, need

import ficlens
from ficlens.errors import CorruptFile, FicError, UnsupportedFormat
from ficlens.io import ao3_download, pdf
from ficlens.words import count_words

STEM = AO3_DOWNLOADS / "23009290-oneshot"
DATA = Path(__file__).parent / "data"


def make_pdf(pages: list[list[str] | str], info: dict[str, str] | None = None) -> bytes:
    """A minimal PDF with one Helvetica text line per string ("" is an empty line, leading spaces indent);
    a page given as one string is its content stream as it stands."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{' '.join(f'{4 + 2 * i} 0 R' for i in range(len(pages)))}] "
        f"/Count {len(pages)} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for i, lines in enumerate(pages):
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R "
            f">> >> /Contents {5 + 2 * i} 0 R >>".encode()
        )
        stream = (
            lines
            if isinstance(lines, str)
            else "\n".join(
                ["BT /F1 11 Tf", *(_show(line, 740 - 14 * n) for n, line in enumerate(lines)), "ET"]
            )
        )
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream.encode("latin-1")))
    objects.append(("<< " + " ".join(f"/{k} ({v})" for k, v in (info or {}).items()) + " >>").encode())
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        len(objects),
        xref,
    )
    return bytes(out)


def _show(line: str, y: int) -> str:
    """One line at its place: leading spaces become an indent of 6 pt each, as a printer positions text."""
    text = line.lstrip(" ")
    x = 72 + 6 * (len(line) - len(text))
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return f"1 0 0 1 {x} {y} Tm ({escaped}) Tj"


@pytest.fixture(scope="module")
def ao3_pdf():
    return pdf.parse(need(STEM.with_suffix(".pdf")).read_bytes(), "x.pdf")


@pytest.fixture(scope="module")
def html_download():
    return ao3_download.parse(need(STEM.with_suffix(".html")).read_bytes(), "x.html")


def test_sniff():
    assert pdf.sniff(need(STEM.with_suffix(".pdf")).read_bytes())
    assert pdf.sniff(make_pdf([["x"]]))
    assert not pdf.sniff(need(STEM.with_suffix(".html")).read_bytes())


def test_ao3_pdf_metadata_from_info_and_front_matter(ao3_pdf, html_download):
    assert ao3_pdf.format == "ao3-pdf"
    # What the PDF's preface prints: title, byline, tags, language, stats, summary, notes, end notes.
    for field in (
        "title",
        "authors",
        "work_id",
        "rating",
        "warnings",
        "categories",
        "fandoms",
        "relationships",
        "characters",
        "freeforms",
        "language",
        "published",
        "words",
        "chapters_posted",
        "chapters_total",
        "summary",
        "notes",
        "end_notes",
    ):
        assert getattr(ao3_pdf.metadata, field) == getattr(html_download.metadata, field), field


def test_ao3_pdf_text_without_front_or_back_matter(ao3_pdf, html_download):
    assert ao3_pdf.text.startswith("Their contact was late.\n\nSo was Emmanellain")
    assert ao3_pdf.text.endswith("“I rather like the sound of that.”")
    for furniture in (
        "Posted originally",
        "Rating:",
        "Summary",
        "Beta'd",
        "End Notes",
        "drop by the Archive",
    ):
        assert furniture not in ao3_pdf.text
    words = count_words(ao3_pdf.text)
    assert abs(words - html_download.metadata.words) <= 0.02 * html_download.metadata.words
    # Wrapped lines are joined and paragraphs cut by page breaks mended: the same paragraphs as the HTML.
    html_paragraphs = [p for p in html_download.text.split("\n\n") if p]
    pdf_paragraphs = [p for p in ao3_pdf.text.split("\n\n") if p]
    assert len(set(pdf_paragraphs) & set(html_paragraphs)) >= 0.95 * len(html_paragraphs)


def test_plain_pdf_title_author_and_chapter_headings():
    data = make_pdf(
        [
            [
                "Chapter 1",
                "",
                "The lighthouse keeper counted the ships in the harbour.",
                "None came that week.",
                "",
                "She went to bed early.",
            ],
            ["Chapter 2: Morning", "", "At dawn the fog lifted, slowly, over the bay."],
        ],
        {"Title": "Fog Over the Bay", "Author": "R. Lane"},
    )
    parsed = pdf.parse(data, "fog.pdf")
    assert parsed.format == "pdf"
    assert (parsed.metadata.title, parsed.metadata.authors) == ("Fog Over the Bay", ["R. Lane"])
    assert [c.title for c in parsed.chapters] == ["Chapter 1", "Chapter 2: Morning"]
    first = parsed.text[parsed.chapters[0].start : parsed.chapters[0].end]
    assert first == (
        "The lighthouse keeper counted the ships in the harbour. None came that week.\n\n"
        "She went to bed early."
    )


def test_hyphen_at_a_line_end_rejoins_the_word():
    parsed = pdf.parse(make_pdf([["The keeper was light-", "headed from the climb."]]), "x.pdf")
    assert parsed.text == "The keeper was light-headed from the climb."


def test_a_paragraph_of_many_wrapped_lines_joins_in_linear_time():
    """Each wrapped line is joined on the last characters so far: the whole paragraph used to be searched for
    a hyphen at every line (a damaged 114 kB PDF took 5 s). 40,000 lines were minutes; now well under 20 s
    on a busy machine."""
    lines = [f"word{i} light-" if i % 3 == 0 else f"headed word{i}" for i in range(40_000)]
    start = time.process_time()
    joined = pdf._join_wrapped(lines)
    assert time.process_time() - start < 20
    assert joined.startswith("word0 light-headed word1 headed word2 word3 light-headed")
    assert joined.count("light-headed") == 13_333 and joined.endswith("word39999 light-")


def test_pdf_without_text():
    with pytest.raises(UnsupportedFormat, match="without extractable text"):
        pdf.parse(make_pdf([[]]), "scan.pdf")


def test_broken_pdfs_are_corrupt():
    data = need(STEM.with_suffix(".pdf")).read_bytes()
    for broken in (data[:500], data[: len(data) // 3], data[:-100], b"%PDF-1.4\nnothing else"):
        with pytest.raises(CorruptFile, match="PDF"):
            pdf.parse(broken, "broken.pdf")


def test_ao3_layout_multichapter_notes_series():
    """A PDF laid out like AO3's printed download (written for this test): tags with a wrapped line,
    title page with indented summary and notes, chapter headings, chapter notes and end notes."""
    pages = [
        [
            "Lanterns",
            "Posted originally on the Archive of Our Own at https://archiveofourown.org/works/1234.",
            "",
            "Rating:          General Audiences",
            "Additional Tags: Rain, Paper Boats,",
            "                 Rivers",
            "Series:          Part 2 of Floods",
            "Language:        English",
            "Stats:           Published: 2021-01-02 Completed: 2021-03-01 Words: 40 Chapters: 2/2",
        ],
        [
            "Lanterns",
            "",
            "by first, second",
            "",
            "Summary",
            "",
            "      Mira waits by the river.",
            "",
            "Notes",
            "",
            "      For K.",
            "",
            "See the end of the work for more notes",
        ],
        [
            "Chapter 1: The Ferry",
            "",
            "Chapter Notes",
            "",
            "      Written for a prompt.",
            "",
            "The ferry was late, as it always was in the wet season.",
            "",
            "Mira counted the lanterns.",
        ],
        [
            "Chapter 2",
            "",
            "The second crossing was quieter than the first one had been.",
            "",
            "Chapter End Notes",
            "",
            "      Thanks, K.",
        ],
        [
            "End Notes",
            "",
            "      The end.",
            "",
            "      Please drop by the Archive and comment to let the creator know if you enjoyed their work!",
        ],
    ]
    parsed = pdf.parse(make_pdf(pages, {"Title": "Lanterns"}), "lanterns.pdf")
    meta = parsed.metadata
    assert parsed.format == "ao3-pdf"
    assert (meta.title, meta.authors, meta.work_id) == ("Lanterns", ["first", "second"], "1234")
    assert meta.freeforms == ["Rain", "Paper Boats", "Rivers"]
    assert [(s.name, s.position) for s in meta.series] == [("Floods", 2)]
    assert (meta.published, meta.completed, meta.words, meta.chapters_total) == (
        "2021-01-02",
        "2021-03-01",
        40,
        2,
    )
    assert (meta.summary, meta.notes, meta.end_notes) == ("Mira waits by the river.", "For K.", "The end.")
    first, second = parsed.chapters
    assert (first.title, first.notes, second.title, second.end_notes) == (
        "The Ferry",
        "Written for a prompt.",
        None,
        "Thanks, K.",
    )
    assert parsed.text[first.start : first.end] == (
        "The ferry was late, as it always was in the wet season.\n\nMira counted the lanterns."
    )
    assert (
        parsed.text[second.start : second.end]
        == "The second crossing was quieter than the first one had been."
    )


# --- AO3's PDFs as calibre prints them ----------------------------------------------------------------


@pytest.mark.parametrize("name", [work.name for work in ao3_synthetic.WORKS])
def test_calibre_pdf_of_a_work_written_for_the_tests(name):
    """Ten chapters with notes everywhere, a summary running onto a second page, no summary, wrapped and
    one-word titles, titles that read like story text, very short and very long chapters: printed from HTML
    in AO3's template by ebook-convert with AO3's options (tests/io/ao3_synthetic.py)."""
    reads_like_its_html(DATA / f"{name}.pdf", DATA / f"{name}.html")


def test_calibre_pdf_notes_keep_to_their_blockquote():
    """Chapter notes printed a little right of the story text must not take the story with them."""
    work = ficlens.read(DATA / "ten-chapters-notes.pdf")
    source = ficlens.read(DATA / "ten-chapters-notes.html")
    for printed, chapter in zip(work.chapters, source.chapters, strict=True):
        assert (printed.summary, printed.notes, printed.end_notes) == (
            chapter.summary,
            chapter.notes,
            chapter.end_notes,
        )
    assert work.metadata.summary == source.metadata.summary  # nine paragraphs over two pages


@pytest.mark.parametrize("stem", ["334557-series-8ch", "23009290-oneshot"])
def test_calibre_pdf_of_a_shared_download(stem, print_ao3):
    reads_like_its_html(*print_ao3(stem, "pdf"))


def test_damaged_calibre_pdf_is_corrupt_or_read():
    """Cuts and flipped bytes of a printed AO3 PDF: a FicError or a reading, never another exception."""
    data = (DATA / "odd-titles.pdf").read_bytes()
    for cut in (len(data) // 5, len(data) // 2, len(data) - 2000):
        with pytest.raises(FicError):
            pdf.parse(data[:cut], "cut.pdf")
    for at in range(1000, len(data), len(data) // 25):
        damaged = data[:at] + bytes(b ^ 0x55 for b in data[at : at + 40]) + data[at + 40 :]
        with contextlib.suppress(FicError):
            pdf.parse(damaged, "damaged.pdf")


def test_a_page_shown_in_thousands_of_pieces_reads_in_linear_time():
    """One TJ array of 12,000 pieces: pypdf's layout mode is quadratic in them (minutes); the page is read
    in plain mode instead, in well under a second on an idle machine."""
    pieces = " ".join(f"(w{i % 10}) -250" for i in range(12_000))
    data = make_pdf(
        [["Chapter 1", "", "An ordinary first page."], f"BT /F1 11 Tf 72 740 Td [{pieces}] TJ ET"]
    )
    start = time.process_time()
    parsed = pdf.parse(data, "pieces.pdf")
    assert time.process_time() - start < 20
    assert parsed.text.count("w7") == 1200


@pytest.mark.parametrize("name", ["odd-titles", "ten-chapters-notes", "oneshot-notes"])
def test_calibre_pdf_without_its_outline_reads_the_same(name, tmp_path):
    """The pages alone (a PDF re-saved by a tool that drops the outline): chapters from the headings that
    open their pages, a wrapped title read to its end, notes still told from the story."""
    from pypdf import PdfReader, PdfWriter

    reader, writer = PdfReader(DATA / f"{name}.pdf"), PdfWriter()
    for page in reader.pages:
        writer.add_page(page)
    writer.add_metadata(dict(reader.metadata or {}))
    stripped = tmp_path / f"{name}.pdf"
    with stripped.open("wb") as out:
        writer.write(out)
    assert not PdfReader(stripped).outline
    reads_like_its_html(stripped, DATA / f"{name}.html")


def test_pypdf_complaints_stay_off_stderr(tmp_path):
    """A font with an encoding pypdf does not know: the text is read as well as it can be, and pypdf's
    log lines do not reach the terminal (ficlens' own errors are one line, and JSON may be on stdout).
    In a fresh interpreter, since pytest's own log capture would hide them here."""
    damaged = tmp_path / "odd.pdf"
    damaged.write_bytes((DATA / "odd-titles.pdf").read_bytes().replace(b"/Identity-H", b"/Identity-Q"))
    code = f"from ficlens.io import pdf; pdf.parse(open({str(damaged)!r}, 'rb').read(), 'odd.pdf')"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert (done.returncode, done.stderr) == (0, "")


def test_ao3_title_that_begins_like_a_byline():
    pages = [
        [
            "by the River",
            "Posted originally on the Archive of Our Own at https://archiveofourown.org/works/77.",
            "",
            "Fandom:          Rivers",
            "Stats:           Published: 2021-01-02 Words: 9 Chapters: 1/1",
        ],
        ["by the River", "", "by wren"],
        ["The water rose all night and nobody slept at all."],
    ]
    parsed = pdf.parse(make_pdf(pages, {"Title": "by the River"}), "river.pdf")
    assert (parsed.metadata.authors, parsed.metadata.fandoms, parsed.metadata.words) == (
        ["wren"],
        ["Rivers"],
        9,
    )
    assert parsed.text == "The water rose all night and nobody slept at all."
