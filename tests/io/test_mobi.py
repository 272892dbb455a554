"""MOBI and AZW3 through the optional `mobi` package: AO3's books, header sniffing, cleanup, failures."""

from __future__ import annotations

import itertools
import struct
import sys
import tempfile
from pathlib import Path

import ao3_synthetic
import pytest
from ao3_books import reads_like_its_html
from paths import AO3_DOWNLOADS, need

from ficlens.errors import CorruptFile, MissingDependency
from ficlens.io import ao3_download, mobi
from ficlens.words import count_words

STEM = AO3_DOWNLOADS / "23009290-oneshot"
DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def kindleunpack(request):
    if request.node.name != "test_missing_optional_package":
        pytest.importorskip("mobi.kindleunpack")


@pytest.fixture(scope="module")
def html_download():
    return ao3_download.parse(need(STEM.with_suffix(".html")).read_bytes(), "x.html")


def test_sniff_and_kind():
    mobi_bytes = need(STEM.with_suffix(".mobi")).read_bytes()
    azw3_bytes = need(STEM.with_suffix(".azw3")).read_bytes()
    assert mobi.sniff(mobi_bytes) and mobi.sniff(azw3_bytes)
    assert (mobi.kind(mobi_bytes), mobi.kind(azw3_bytes)) == ("mobi", "azw3")
    assert not mobi.sniff(need(STEM.with_suffix(".epub")).read_bytes())
    assert not mobi.sniff(b"BOOKMOBI" * 20)  # the type sits at offset 60 of a Palm database header


@pytest.mark.parametrize("suffix", [".mobi", ".azw3"])
def test_ao3_book_reads_like_the_html_download(suffix, html_download, capsys):
    book = mobi.parse(need(STEM.with_suffix(suffix)).read_bytes(), f"x{suffix}")
    assert book.format == f"ao3-{suffix[1:]}"
    for field in (
        "title",
        "authors",
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
        "summary",
        "notes",
        "end_notes",
        "work_id",
    ):
        assert getattr(book.metadata, field) == getattr(html_download.metadata, field), field
    assert [c.title for c in book.chapters] == [None]
    words = sum(count_words(book.text[c.start : c.end]) for c in book.chapters)
    assert abs(words - html_download.metadata.words) <= 0.02 * html_download.metadata.words
    assert book.text.startswith("Their contact was late.")
    assert "Posted originally" not in book.text and "End Notes" not in book.text
    out = capsys.readouterr()
    assert out.out == "" and out.err == ""  # KindleUnpack's chatter must not reach a JSON stdout


def test_temporary_files_are_removed(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    mobi.parse(need(STEM.with_suffix(".mobi")).read_bytes(), "x.mobi")
    with pytest.raises(CorruptFile):
        mobi.parse(need(STEM.with_suffix(".azw3")).read_bytes()[:3000], "cut.azw3")
    assert list(tmp_path.iterdir()) == []


def test_truncated_book_is_corrupt():
    data = need(STEM.with_suffix(".mobi")).read_bytes()
    for cut in (100, 2000, len(data) // 2):
        with pytest.raises(CorruptFile):
            mobi.parse(data[:cut], "cut.mobi")


def test_missing_optional_package(monkeypatch):
    monkeypatch.setitem(sys.modules, "mobi.kindleunpack", None)  # import fails as if not installed
    with pytest.raises(MissingDependency, match=r"install ficlens\[mobi\] to read MOBI/AZW3"):
        mobi.parse(need(STEM.with_suffix(".mobi")).read_bytes(), "x.mobi")


# --- AO3's books as calibre prints them ---------------------------------------------------------------

# In MOBI 7 a chapter's last note paragraph and a quoted block opening the story come out as the same
# blockquote, one after the other: nothing tells them apart, and the quote goes with the note.
_QUOTE_UNDER_NOTES = pytest.mark.xfail(strict=True, reason="MOBI 7 cannot tell a note from a story quote")


@pytest.mark.parametrize(
    "book",
    [
        *(f"{work.name}.azw3" for work in ao3_synthetic.WORKS),
        *(
            pytest.param(f"{work.name}.mobi", marks=_QUOTE_UNDER_NOTES)
            if work.name == "long-notes"
            else f"{work.name}.mobi"
            for work in ao3_synthetic.WORKS
        ),
        *(f"{name}-no-ebook-css.mobi" for name in ao3_synthetic.WITHOUT_EBOOK_CSS),
    ],
)
def test_calibre_book_of_a_work_written_for_the_tests(book):
    """Works in AO3's template (tests/io/ao3_synthetic.py) printed by ebook-convert with AO3's options:
    KindleGen flattens a MOBI 7 note to a label and one blockquote per paragraph (without AO3's e-book
    stylesheet, a chapter's labels become blockquotes too); every paragraph of every note must leave the
    story, and nothing else."""
    reads_like_its_html(DATA / book, DATA / f"{book.split('.')[0].removesuffix('-no-ebook-css')}.html")


def test_mobi_keeps_a_story_line_that_reads_like_a_label():
    work = mobi.parse((DATA / "odd-titles.mobi").read_bytes(), "odd-titles.mobi")
    third = work.text[work.chapters[2].start : work.chapters[2].end]
    assert third.startswith("Notes\n\nSummary of the day: rain.")
    fourth = work.text[work.chapters[3].start : work.chapters[3].end]
    assert "Chapter by" not in fourth and "Chapter Notes" not in fourth


@pytest.mark.parametrize("fmt", ["mobi", "azw3"])
def test_calibre_book_of_the_shared_8_chapter_download(fmt, print_ao3):
    reads_like_its_html(*print_ao3("334557-series-8ch", fmt))


# --- headers checked before the mobi package sees them ----------------------------------------------------
# Damage rebuilt on the works written for the tests: the package loops forever on an EXTH item of size 0
# and decodes an oversized text record in quadratic time, so such books must be refused up front.


def _offsets(data: bytes) -> list[int]:
    count = struct.unpack_from(">H", data, 76)[0]
    return [struct.unpack_from(">I", data, 78 + 8 * k)[0] for k in range(count)]


def _records(data: bytes) -> list[bytes]:
    offsets = [*_offsets(data), len(data)]
    return [data[a:b] for a, b in itertools.pairwise(offsets)]


def _database(name: bytes, records: list[bytes]) -> bytearray:
    """A Palm database of type BOOKMOBI holding `records`."""
    start = 78 + 8 * len(records) + 2
    header = bytearray(name.ljust(60, b"\0") + b"BOOKMOBI" + bytes(8) + struct.pack(">H", len(records)))
    for k, record in enumerate(records):
        header += struct.pack(">II", start, 2 * k)
        start += len(record)
    return header + b"\0\0" + b"".join(records)


def _combined() -> bytearray:
    """A combined book as KindleGen makes them: the MOBI 7 book, a BOUNDARY record, then the KF8 book."""
    return _database(
        b"oneshot",
        [
            *_records((DATA / "oneshot-notes.mobi").read_bytes()),
            b"BOUNDARY",
            *_records((DATA / "oneshot-notes.azw3").read_bytes()),
        ],
    )


def _exth(data: bytearray, header_record: int = 0) -> int:
    at = data.find(b"EXTH", _offsets(data)[header_record])
    assert at > 0
    return at


def _refused(data: bytes, match: str) -> None:
    with pytest.raises(CorruptFile, match=match):
        mobi.check_structure(bytes(data), "damaged.mobi")


@pytest.mark.parametrize("book", sorted(p.name for p in DATA.glob("*") if p.suffix in (".mobi", ".azw3")))
def test_sound_books_pass_the_header_checks(book):
    mobi.check_structure((DATA / book).read_bytes(), book)


def test_combined_book_has_its_kf8_header_checked():
    data = _combined()
    offsets = _offsets(data)
    boundary = mobi.kf8_boundary(bytes(data), [*offsets, len(data)])
    assert boundary is not None and data[offsets[boundary] : offsets[boundary + 1]] == b"BOUNDARY"
    mobi.check_structure(bytes(data), "combined.mobi")
    struct.pack_into(">I", data, _exth(data, boundary + 1) + 8, 0xFFFFFFFF)
    _refused(
        data,
        r"E006 damaged\.mobi: damaged MOBI/AZW3 book: its KF8 EXTH block of [\d,]+ bytes claims "
        r"4,294,967,295 items$",
    )
    mobi7 = _records((DATA / "oneshot-notes.mobi").read_bytes())
    _refused(_database(b"cut", [*mobi7, b"BOUNDARY"]), "no KF8 header after its boundary record$")


@pytest.mark.parametrize("suffix", [".mobi", ".azw3"])
def test_exth_damage_is_refused(suffix):
    own = bytearray((DATA / f"oneshot-notes{suffix}").read_bytes())
    endless = own.copy()
    struct.pack_into(">I", endless, _exth(endless) + 8, 0xFFFFFFFF)
    _refused(endless, r"EXTH block of [\d,]+ bytes claims 4,294,967,295 items")
    stuck = own.copy()
    struct.pack_into(">I", stuck, _exth(stuck) + 16, 0)  # the first item's size, the count left as it is
    _refused(stuck, "EXTH item 0 has size 0, under the 8-byte item head")
    overrun = own.copy()
    struct.pack_into(">I", overrun, _exth(overrun) + 16, 1 << 20)
    _refused(overrun, "EXTH item 0 has size 1,048,576, past the block's end")
    too_long = own.copy()
    struct.pack_into(">I", too_long, _exth(too_long) + 4, 1 << 30)
    _refused(too_long, "EXTH block of 1,073,741,824 bytes does not fit its header record")
    moved = own.copy()
    struct.pack_into(">I", moved, _offsets(moved)[0] + 20, 1 << 20)  # the MOBI header's length
    _refused(moved, "EXTH block starts past its header record")


def test_record_table_damage_is_refused():
    own = bytearray((DATA / "oneshot-notes.azw3").read_bytes())
    backwards = own.copy()
    struct.pack_into(">I", backwards, 78 + 8 * 3, 0xFFFFFFFF)
    _refused(backwards, "record table: record 3 starts at byte 4294967295, after record 4 at")
    _refused(
        own[: _offsets(own)[-1] - 1],
        "record table: record 22 starts at byte [0-9]+, after the end of the file",
    )
    empty_last = own[: _offsets(own)[-1]]  # an empty record is no damage in itself
    mobi.check_structure(bytes(empty_last), "empty-last.azw3")
    crowded = own.copy()
    struct.pack_into(">H", crowded, 76, 60000)
    _refused(crowded, "record table: 60000 records do not fit the file")
    inside = own.copy()
    struct.pack_into(">I", inside, 78, 80)
    _refused(inside, "record 0 starts at byte 80, inside the record table")


def test_text_record_damage_is_refused():
    own = bytearray((DATA / "oneshot-notes.mobi").read_bytes())
    records = _records(bytes(own))
    _refused(
        _database(b"big", [records[0], records[1] + b"a" * 20_000, *records[2:]]),
        r"text record 1 is 2[\d,]+ bytes, over 16,384 \(a record holds 4,096 bytes of text\)$",
    )
    _refused(_database(b"gap", [records[0], b"", *records[2:]]), r"text record 1 is empty$")
    counted = own.copy()
    struct.pack_into(">H", counted, _offsets(counted)[0] + 8, 500)
    _refused(counted, "its header counts 500 text records, 12 records follow it")
    # An uncompressed record holds its 4096 bytes and a few trailing bytes: well inside the limit.
    mobi.check_structure(bytes(_database(b"raw", [records[0], b"a" * 4101, *records[2:]])), "raw.mobi")


def test_damaged_header_is_refused_by_the_reader_quickly():
    data = bytearray((DATA / "oneshot-notes.mobi").read_bytes())
    struct.pack_into(">I", data, _exth(data) + 8, 0xFFFFFFFF)
    struct.pack_into(">I", data, _exth(data) + 16, 0)
    with pytest.raises(CorruptFile, match="EXTH block"):
        mobi.parse(bytes(data), "endless.mobi")
