"""Check the PDF, MOBI and AZW3 readers on books printed from AO3 HTML downloads the way AO3 prints them.

AO3 makes its PDF, MOBI and AZW3 downloads from its HTML download with calibre's ``ebook-convert`` and a
fixed set of options (the work's metadata, an auto table of contents cut at AO3's chapter headings; for
PDF 36 pt margins, a 17 pt font and subset fonts; for e-books a small stylesheet). `convert` runs the same
command, so any AO3 HTML download (or a work written in AO3's template) becomes the books a user would
have downloaded. `measure` reads each book and compares it with the HTML download it came from: chapters
found against the chapters of the HTML, chapter titles, the words counted by AO3's rule against AO3's
``Words:`` figure, and the words of the summary and notes (text that leaks into them, or out of them, shows
here).

``ficlens eval formats [--out DIR] [--formats pdf,mobi,azw3] HTML...`` prints one row per book
and exits 1 when a book misses a chapter, a title, a note, or AO3's figure by more than 1 %. The works
written for the tests are ``tests/io/data/*.html``; the shared downloads ``../shared/fixtures/ao3/download/
*.html``.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

FORMATS = ("pdf", "mobi", "azw3")
TOLERANCE = 0.01
# AO3's chapter XPath: a one-shot's hidden title heading, each chapter's heading, the preface and afterword.
_CHAPTER_XPATH = (
    "//h:body/h:div[@id='chapters']/h:h2[@class='toc-heading'] | "
    "//h:body/h:div[@id='chapters']/h:div[@class='meta group']/h:h2[@class='heading'] | "
    "//h:body/h:div[@id='preface' or @id='afterword']/h:h2[@class='toc-heading']"
)
_PDF_OPTIONS = [
    "--pdf-page-margin-top",
    "36",
    "--pdf-page-margin-right",
    "36",
    "--pdf-page-margin-bottom",
    "36",
    "--pdf-page-margin-left",
    "36",
    "--pdf-default-font-size",
    "17",
    "--subset-embedded-fonts",
]


# For its e-books (not the PDF) AO3 adds a stylesheet: the tag list loses its box and indents (each label and
# value a plain block, labels bold), and the chapters and story text lose their padding.
_EBOOK_CSS = """
.meta dl.tags { padding: 0; border: 0 none; }
.meta dl.tags > dt, .meta dl.tags > dd { margin: 0; display: block; }
.meta dt { font-weight: bold; }
#chapters, .userstuff { padding: 0; font-family: serif; }
"""


class ConversionFailed(RuntimeError):
    pass


def calibre() -> str | None:
    """The ``ebook-convert`` command, or None when calibre is not installed."""
    return shutil.which("ebook-convert")


def convert(html: Path, out: Path, *, timeout: float = 300, ebook_css: bool = True) -> Path:
    """Print `html` (an AO3 HTML download) to `out` (.pdf, .mobi or .azw3) with AO3's calibre options;
    `ebook_css=False` leaves out the stylesheet AO3 adds to its e-books (as older downloads lack it)."""
    import ficlens

    command = calibre()
    if command is None:
        raise ConversionFailed("calibre's ebook-convert is not installed")
    meta = ficlens.read(html).metadata
    tags = ", ".join(
        [
            "Fanworks",
            *(meta.rating or "").split(", "),
            *meta.fandoms,
            *meta.relationships,
            *meta.characters,
            *meta.freeforms,
        ]
    )
    args = [
        command,
        str(html),
        str(out),
        "--input-encoding",
        "utf-8",
        "--toc-threshold",
        "0",
        "--use-auto-toc",
        "--title",
        meta.title or "",
        "--authors",
        ", ".join(meta.authors),
        "--comments",
        meta.summary or "",
        "--tags",
        tags,
        "--publisher",
        "Archive of Our Own",
        "--language",
        meta.language or "English",
        "--chapter",
        _CHAPTER_XPATH,
    ]
    if meta.series:
        args += ["--series", meta.series[0].name, "--series-index", str(meta.series[0].position or 1)]
    if out.suffix == ".pdf":
        args += _PDF_OPTIONS
    # calibre prints PDFs with Qt WebEngine (Chromium), whose sandbox refuses to run as root in a container.
    env = {**os.environ, "QTWEBENGINE_DISABLE_SANDBOX": "1", "QT_QPA_PLATFORM": "offscreen"}
    with tempfile.TemporaryDirectory(prefix="ficlens-calibre-") as home:
        if out.suffix != ".pdf" and ebook_css:
            css = Path(home) / "ebooks.css"
            css.write_text(_EBOOK_CSS, encoding="utf-8")
            args += ["--extra-css", str(css)]
        env.setdefault("XDG_RUNTIME_DIR", home)
        env["CALIBRE_CONFIG_DIRECTORY"] = home  # no calibre settings of the user's leak in
        result = subprocess.run(args, capture_output=True, text=True, timeout=timeout, env=env, check=False)
    if result.returncode != 0 or not out.is_file():
        raise ConversionFailed(f"ebook-convert {html.name} -> {out.suffix}: {result.stderr.strip()[-300:]}")
    return out


def build(html: Path, fmt: str, folder: Path) -> Path:
    """The book printed from `html` in `folder`, named by the HTML's content so that it is reused."""
    digest = hashlib.sha256(html.read_bytes()).hexdigest()[:12]
    out = folder / f"{html.stem}-{digest}.{fmt}"
    if not out.is_file():
        folder.mkdir(parents=True, exist_ok=True)
        partial = folder / f".{out.name}.partial.{fmt}"
        convert(html, partial)
        partial.replace(out)
    return out


@dataclass
class Row:
    book: str
    format: str
    chapters: int
    expected_chapters: int
    titles_match: bool
    words: int
    ao3_words: int
    summary_words: int
    expected_summary_words: int
    notes_match: bool
    error: str | None = None

    @property
    def word_diff(self) -> float:
        return (self.words - self.ao3_words) / self.ao3_words if self.ao3_words else float("nan")

    @property
    def ok(self) -> bool:
        return (
            self.error is None
            and self.chapters == self.expected_chapters
            and self.titles_match
            and abs(self.word_diff) <= TOLERANCE
            and self.summary_words == self.expected_summary_words
            and self.notes_match
        )


def _notes(work) -> list:
    return [
        work.metadata.notes,
        work.metadata.end_notes,
        *((c.summary, c.notes, c.end_notes) for c in work.chapters),
    ]


def _squash(value):
    if isinstance(value, tuple):
        return tuple(_squash(v) for v in value)
    return " ".join(value.split()) if value else value


def compare(book: Path, html: Path) -> Row:
    """One book against the HTML download it was printed from."""
    import ficlens
    from ficlens.errors import FicError
    from ficlens.words import count_words

    expected = ficlens.read(html)
    summary = count_words(expected.metadata.summary or "")
    try:
        work = ficlens.read(book)
    except FicError as exc:
        return Row(
            html.stem,
            book.suffix[1:],
            0,
            len(expected.chapters),
            False,
            0,
            expected.metadata.words or 0,
            0,
            summary,
            False,
            error=str(exc),
        )
    return Row(
        book=html.stem,
        format=work.source.format,
        chapters=len(work.chapters),
        expected_chapters=len(expected.chapters),
        titles_match=[c.title for c in work.chapters] == [c.title for c in expected.chapters],
        words=work.stats.words,
        ao3_words=expected.metadata.words or 0,
        summary_words=count_words(work.metadata.summary or ""),
        expected_summary_words=summary,
        notes_match=[_squash(n) for n in _notes(work)] == [_squash(n) for n in _notes(expected)],
    )


def measure(htmls: list[Path], folder: Path, formats: tuple[str, ...] = FORMATS) -> list[Row]:
    rows = []
    for html in htmls:
        for fmt in formats:
            rows.append(compare(build(html, fmt, folder), html))
    return rows


def render(rows: list[Row]) -> str:
    lines = [
        (
            f"{'work':24} {'format':9} {'chapters':>9} {'titles':>6} {'words':>7} {'AO3':>7} {'diff':>7} "
            f"{'summary':>9} {'notes':>5}"
        )
    ]
    for row in rows:
        if row.error:
            lines.append(f"{row.book[:24]:24} {row.format:9} {row.error}")
            continue
        lines.append(
            f"{row.book[:24]:24} {row.format:9} {row.chapters:>4}/{row.expected_chapters:<4} "
            f"{'ok' if row.titles_match else 'WRONG':>6} {row.words:>7} {row.ao3_words:>7} "
            f"{row.word_diff:>+7.2%} {row.summary_words:>4}/{row.expected_summary_words:<4} "
            f"{'ok' if row.notes_match else 'WRONG':>5}"
        )
    return "\n".join(lines)
