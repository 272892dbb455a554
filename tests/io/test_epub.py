"""EPUB: AO3's EPUBs read like the HTML download, generic EPUBs by OPF and headings, hostile zips refused."""

from __future__ import annotations

import io
import struct
import zipfile

import pytest
from paths import AO3_DOWNLOADS, need

from ficlens.errors import CorruptFile, UnsafeArchive
from ficlens.io import ao3_download, archive, epub
from ficlens.words import count_words

ONESHOT = AO3_DOWNLOADS / "23009290-oneshot"
SERIES = AO3_DOWNLOADS / "334557-series-8ch"

CONTAINER = b"""<?xml version="1.0"?><container version="1.0"
 xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>
 <rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>"""

OPF = b"""<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>The Salt Road</dc:title>
<dc:creator>Ada Vell</dc:creator><dc:creator>Tomas Ort</dc:creator><dc:language>en</dc:language>
<dc:description>&lt;p&gt;Salt, oxen and a &lt;em&gt;toll&lt;/em&gt;.&lt;/p&gt;</dc:description></metadata>
<manifest><item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
<item id="c1" href="text/one.xhtml" media-type="application/xhtml+xml"/>
<item id="c1b" href="text/one_split.xhtml" media-type="application/xhtml+xml"/>
<item id="c2" href="text/two.xhtml" media-type="application/xhtml+xml"/></manifest>
<spine><itemref idref="nav"/><itemref idref="c1"/><itemref idref="c1b"/><itemref idref="c2"/></spine></package>"""

NAV = b"""<html xmlns="http://www.w3.org/1999/xhtml"><body><nav><ol>
<li><a href="text/one.xhtml">Salt</a></li><li><a href="text/two.xhtml">Road</a></li></ol></nav></body></html>"""


def _xhtml(body: str) -> bytes:
    return f'<html xmlns="http://www.w3.org/1999/xhtml"><head><title>x</title></head><body>{body}</body></html>'.encode()


def make_epub(members: dict[str, bytes], *, mimetype: bool = True) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        if mimetype:
            zf.writestr(
                zipfile.ZipInfo("mimetype"), b"application/epub+zip", compress_type=zipfile.ZIP_STORED
            )
        for name, data in members.items():
            zf.writestr(name, data)
    return buffer.getvalue()


def generic_members() -> dict[str, bytes]:
    return {
        "META-INF/container.xml": CONTAINER,
        "OEBPS/content.opf": OPF,
        "OEBPS/nav.xhtml": NAV,
        "OEBPS/text/one.xhtml": _xhtml(
            "<h1>The Salt</h1><p>The wagons left before dawn, heavy with salt.</p>"
        ),
        "OEBPS/text/one_split.xhtml": _xhtml("<p>By noon the oxen were tired and the road was white.</p>"),
        "OEBPS/text/two.xhtml": _xhtml("<p>At the river the drivers argued about the toll.</p>"),
    }


def test_sniff():
    assert epub.sniff(need(ONESHOT.with_suffix(".epub")).read_bytes())
    assert epub.sniff(make_epub(generic_members()))
    assert not epub.sniff(b"PK\x03\x04not an epub at all")
    assert not epub.sniff(need(ONESHOT.with_suffix(".html")).read_bytes())


@pytest.mark.parametrize("stem", [ONESHOT, SERIES], ids=["oneshot", "series-8ch"])
def test_ao3_epub_reads_like_the_html_download(stem):
    book = epub.parse(need(stem.with_suffix(".epub")).read_bytes(), "book.epub")
    page = ao3_download.parse(need(stem.with_suffix(".html")).read_bytes(), "book.html")
    assert book.format == "ao3-epub"
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
        "chapters_posted",
        "chapters_total",
        "summary",
        "notes",
        "end_notes",
        "work_id",
    ):
        assert getattr(book.metadata, field) == getattr(page.metadata, field), field
    assert [c.title for c in book.chapters] == [c.title for c in page.chapters]
    words = sum(count_words(book.text[c.start : c.end]) for c in book.chapters)
    assert abs(words - page.metadata.words) <= 0.02 * page.metadata.words


def test_series_position_from_the_epub_preface():
    book = epub.parse(need(SERIES.with_suffix(".epub")).read_bytes(), "book.epub")
    assert [(s.name, s.position) for s in book.metadata.series] == [("Watches 'Verse", 1)]


def test_generic_epub_metadata_and_chapters():
    parsed = epub.parse(make_epub(generic_members()), "salt.epub")
    assert parsed.format == "epub"
    assert parsed.metadata.title == "The Salt Road"
    assert parsed.metadata.authors == ["Ada Vell", "Tomas Ort"]
    assert parsed.metadata.language == "en"
    assert parsed.metadata.summary == "Salt, oxen and a toll."
    # The heading names chapter 1, the nav names chapter 2; a split file continues its chapter.
    assert [c.title for c in parsed.chapters] == ["The Salt", "Road"]
    first, second = (parsed.text[c.start : c.end] for c in parsed.chapters)
    assert first.endswith("the road was white.") and "Salt" not in first.split("\n")[0][:8]
    assert second == "At the river the drivers argued about the toll."


def test_truncated_epub_is_corrupt():
    data = need(ONESHOT.with_suffix(".epub")).read_bytes()
    for cut in (len(data) // 2, len(data) - 10, 200):
        with pytest.raises(CorruptFile):
            epub.parse(data[:cut], "cut.epub")


def test_missing_container_and_bad_opf_are_corrupt():
    members = generic_members()
    del members["META-INF/container.xml"]
    with pytest.raises(CorruptFile, match=r"container\.xml"):
        epub.parse(make_epub(members), "x.epub")
    members = generic_members() | {"OEBPS/content.opf": b"<package><unclosed"}
    with pytest.raises(CorruptFile, match="not well-formed"):
        epub.parse(make_epub(members), "x.epub")


def test_xml_entities_are_not_expanded():
    bomb = b"""<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;">]>""" + OPF.split(b"?>", 1)[1].replace(b"The Salt Road", b"&lol3;")
    parsed = epub.parse(make_epub(generic_members() | {"OEBPS/content.opf": bomb}), "x.epub")
    assert "lollol" not in (parsed.metadata.title or "")


@pytest.mark.parametrize(
    "name", ["../evil.xhtml", "OEBPS/../../evil.xhtml", "/etc/evil.xhtml", "C:/evil.xhtml", "..\\evil.xhtml"]
)
def test_path_traversal_member_is_unsafe(name):
    data = make_epub(generic_members() | {name: _xhtml("<p>x</p>")})
    with pytest.raises(UnsafeArchive, match="outside the archive"):
        epub.parse(data, "x.epub")


def test_zip_bomb_by_ratio_is_unsafe():
    data = make_epub(generic_members() | {"OEBPS/text/zeros.xhtml": b"\0" * (4 * 1024 * 1024)})
    with pytest.raises(UnsafeArchive, match="zip bomb"):
        epub.parse(data, "bomb.epub")


def _patch_declared_size(data: bytes, member: str, size: int) -> bytes:
    """Rewrite one member's uncompressed size in the central directory (a lying archive)."""
    raw = bytearray(data)
    at = raw.find(b"PK\x01\x02")
    while at != -1:
        name_len = struct.unpack("<H", raw[at + 28 : at + 30])[0]
        if raw[at + 46 : at + 46 + name_len] == member.encode():
            raw[at + 24 : at + 28] = struct.pack("<I", size)
            return bytes(raw)
        at = raw.find(b"PK\x01\x02", at + 4)
    raise AssertionError(member)


def test_zip_bomb_by_declared_size_is_unsafe():
    data = _patch_declared_size(make_epub(generic_members()), "OEBPS/text/two.xhtml", 3_000_000_000)
    with pytest.raises(UnsafeArchive, match="zip bomb"):
        epub.parse(data, "bomb.epub")


def test_bytes_actually_read_are_capped(monkeypatch):
    safe, shared = (archive.SafeZip.open(make_epub(generic_members()), "x.epub") for _ in range(2))
    monkeypatch.setattr(archive, "MAX_MEMBER_BYTES", 64)  # the directory check has passed; now the reads
    with pytest.raises(UnsafeArchive, match="zip bomb"):
        safe.read("OEBPS/content.opf")
    monkeypatch.undo()
    shared.budget = len(OPF) + 20  # the whole archive's allowance is shared across reads
    assert shared.read("OEBPS/content.opf") == OPF
    with pytest.raises(UnsafeArchive):
        shared.read("OEBPS/text/one.xhtml")


def test_a_directory_that_lies_about_sizes_fails_cleanly():
    data = _patch_declared_size(make_epub(generic_members()), "OEBPS/text/two.xhtml", 5)
    with pytest.raises((CorruptFile, UnsafeArchive)):
        epub.parse(data, "liar.epub")


def test_too_many_members_is_unsafe(monkeypatch):
    monkeypatch.setattr(archive, "MAX_MEMBERS", 3)
    with pytest.raises(UnsafeArchive, match="members"):
        epub.parse(make_epub(generic_members()), "x.epub")


def test_a_spine_that_lists_one_member_again_and_again_is_capped():
    # Each listing decompresses the member again: 300 listings of a 1 MiB chapter would be 300 MiB of
    # markup to join from a 200 kB file, so the reads share one budget.
    words = [
        "the",
        "salt",
        "road",
        "wagon",
        "oxen",
        "toll",
        "river",
        "driver",
        "dawn",
        "noon",
        "white",
        "heavy",
        "argued",
    ]
    chapter = "".join(
        f"<p>{' '.join(words[(i + j) % len(words)] for j in range(i % 50 + 10))}.</p>" for i in range(6000)
    )
    manifest = "".join(
        f'<item id="c{i}" href="text/one.xhtml" media-type="application/xhtml+xml"/>' for i in range(300)
    )
    opf = (
        OPF.split(b"<manifest>")[0]
        + (
            f"<manifest>{manifest}</manifest><spine>"
            + "".join(f'<itemref idref="c{i}"/>' for i in range(300))
            + "</spine></package>"
        ).encode()
    )
    members = generic_members() | {"OEBPS/content.opf": opf, "OEBPS/text/one.xhtml": _xhtml(chapter)}
    assert len(_xhtml(chapter)) > 1024 * 1024
    with pytest.raises(UnsafeArchive, match="MiB decompressed in all"):
        epub.parse(make_epub(members), "spine.epub")
