"""Hostile markup in every reader that walks an HTML tree (AO3 page, AO3 HTML download, EPUB): deep nesting,
formatting elements left open, tiny nodes by the hundred thousand, huge attributes, entity floods. Each is
read, or refused with a one-line `FicError`; never a RecursionError, never a hang.

The nests are built at test time around the shared fixtures; the inserted line was written for this test."""

from __future__ import annotations

import io
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from paths import AO3_DOWNLOADS, AO3_PAGES, ROOT, SHARED, need

from ficlens.errors import CorruptFile, FicError
from ficlens.io import ao3_common, html, parse_bytes

PAGE = AO3_PAGES / "23009290-oneshot.html"
DOWNLOAD = AO3_DOWNLOADS / "23009290-oneshot.html"
EPUB = AO3_DOWNLOADS / "23009290-oneshot.epub"
NESTED_500 = SHARED / "fuzz" / "ao3-page-nested-500.html"
USERSTUFF = b'<div class="userstuff">'
LINE = "The lantern at the very bottom of the well was still burning."
# Generous for a loaded machine: every case here takes well under a second alone.
SECONDS = 20


def _timed(data: bytes, path: str):
    start = time.process_time()
    parsed = parse_bytes(data, path)
    assert time.process_time() - start < SECONDS
    return parsed


def _nest(depth: int, open_tag: str = "<div>", close_tag: str = "</div>") -> bytes:
    return f"{open_tag * depth}<p>{LINE}</p>{close_tag * depth}".encode()


def _nest_with_ids(depth: int) -> bytes:
    """Nested <div>s that a zip cannot squeeze 200:1 (identical ones make an EPUB a zip bomb by ratio)."""
    opened = "".join(f'<div id="n{i}">' for i in range(depth))
    return f"{opened}<p>{LINE}</p>{'</div>' * depth}".encode()


def _into_story(document: bytes, inserted: bytes) -> bytes:
    """The document with `inserted` at the start of its first story text element."""
    at = document.index(USERSTUFF) + len(USERSTUFF)
    return document[:at] + inserted + document[at:]


def _ao3_epub_with(inserted: bytes) -> bytes:
    """AO3's EPUB of the one-shot with `inserted` after the first paragraph of its story text (calibre
    renames AO3's classes, so the story is found by the ``#chapters`` id)."""
    source = zipfile.ZipFile(need(EPUB))
    out, done = io.BytesIO(), 0
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            start = data.find(b'id="chapters"')
            end = data.find(b"</p>", start) if start >= 0 else -1
            if end >= 0 and not done:
                data, done = data[: end + 4] + inserted + data[end + 4 :], 1
            target.writestr(info, data)
    assert done
    return out.getvalue()


def _generic_epub(body: bytes) -> bytes:
    """A generic EPUB of one XHTML file with `body`."""
    container = (
        b'<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:'
        b'container"><rootfiles><rootfile full-path="content.opf" media-type="application/oebps-'
        b'package+xml"/></rootfiles></container>'
    )
    opf = (
        b'<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0"><metadata '
        b'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>The Well</dc:title></metadata><manifest>'
        b'<item id="c1" href="one.xhtml" media-type="application/xhtml+xml"/></manifest><spine>'
        b'<itemref idref="c1"/></spine></package>'
    )
    xhtml = (
        b'<html xmlns="http://www.w3.org/1999/xhtml"><head><title>x</title></head><body>'
        + body
        + b"</body></html>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), b"application/epub+zip", compress_type=zipfile.ZIP_STORED)
        for name, data in (("META-INF/container.xml", container), ("content.opf", opf), ("one.xhtml", xhtml)):
            zf.writestr(name, data)
    return out.getvalue()


_STORY = " ".join(["She climbed down the iron rungs one at a time and counted them aloud as she went."] * 40)
CONTAINERS: dict[str, Callable[[bytes], bytes]] = {
    "ao3-page": lambda nest: _into_story(need(PAGE).read_bytes(), nest),
    "ao3-html": lambda nest: _into_story(need(DOWNLOAD).read_bytes(), nest),
    "ao3-epub": _ao3_epub_with,
    "epub": lambda nest: _generic_epub(f"<p>{_STORY}</p>".encode() + nest),
}


# --- deep nesting ---------------------------------------------------------------------------------------


def test_shared_reproducer_reads_as_the_page_it_was_made_from():
    parsed = _timed(need(NESTED_500).read_bytes(), str(NESTED_500))
    intact = parse_bytes(need(PAGE).read_bytes(), str(PAGE))
    assert parsed.format == "ao3-page"
    assert parsed.metadata.title == intact.metadata.title
    assert parsed.text == intact.text


@pytest.mark.parametrize("depth", [500, 5_000, 100_000])
@pytest.mark.parametrize("container", sorted(CONTAINERS))
def test_deep_nesting_is_read_in_every_tree_reader(container, depth):
    nest = _nest_with_ids(depth) if "epub" in container else _nest(depth)
    parsed = _timed(CONTAINERS[container](nest), f"deep-{depth}")
    assert parsed.format == container
    assert LINE in parsed.text


@pytest.mark.parametrize(
    ("open_tag", "close_tag"),
    [
        ("<blockquote>", "</blockquote>"),  # each start tag makes the parser scan its open elements
        ("<span>", "</span>"),
        ("<div>", ""),  # never closed
        ("<ul><li>", ""),
        ("<div><table><tr><td>", "</div>"),  # end tags the parser ignores
        ("<em><strong><p>x</p>", ""),  # formatting elements left open, reopened in every paragraph
    ],
    ids=["blockquote", "span", "unclosed-div", "list-items", "ignored-end-tags", "open-formatting"],
)
def test_deep_nesting_of_every_kind_is_read(open_tag, close_tag):
    parsed = _timed(CONTAINERS["ao3-page"](_nest(100_000, open_tag, close_tag)), "deep")
    assert LINE in parsed.text


def test_formatting_left_open_with_distinct_attributes_is_not_rebuilt_in_every_paragraph():
    # The parser reopens every open formatting element in each new paragraph: 4,000 took 11 s, and grows
    # with their square.
    reopened = "".join(f'<b id="b{i}"><p>step {i}' for i in range(20_000)).encode()
    parsed = _timed(CONTAINERS["ao3-page"](reopened), "formatting")
    assert "step 19999" in parsed.text


def test_identical_nesting_in_an_epub_is_refused_as_a_zip_bomb_in_one_line():
    with pytest.raises(FicError) as raised:
        _timed(CONTAINERS["epub"](_nest(100_000)), "deep.epub")
    assert raised.value.code == "E007" and "\n" not in str(raised.value)


def test_deeply_nested_opf_is_a_corrupt_epub_not_a_recursion_error():
    epub = _generic_epub(f"<p>{_STORY}</p>".encode())
    archive = zipfile.ZipFile(io.BytesIO(epub))
    members = {info.filename: archive.read(info) for info in archive.infolist()}
    members["content.opf"] = members["content.opf"].replace(
        b"<metadata ", b"<x>" * 100_000 + b"</x>" * 100_000 + b"<metadata "
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    with pytest.raises(CorruptFile, match="not well-formed XML"):
        _timed(out.getvalue(), "deep.epub")


# --- limit_nesting itself -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    sorted(need(AO3_PAGES).glob("*.html")) + sorted(need(AO3_DOWNLOADS).glob("*.html")),
    ids=lambda p: p.name,
)
def test_real_pages_are_left_as_they_are(path):
    markup = path.read_text(encoding="utf-8")
    assert html.limit_nesting(markup) is markup


def test_only_the_levels_past_the_limit_are_flattened():
    depth = html.MAX_DEPTH + 500
    markup = "<body>" + "<div>" * depth + "<p>deep</p>" + "</div>" * depth + "<p>after</p></body>"
    limited = html.limit_nesting(markup)
    assert limited.count("<div>") == html.MAX_DEPTH and limited.count("</div>") == html.MAX_DEPTH
    tree = html.parse_markup(markup)
    assert [p.text() for p in tree.css("p")] == ["deep", "after"]
    assert tree.css_first("p").parent.parent.tag == "div"


def test_tags_inside_comments_and_scripts_do_not_count():
    hidden = "<!--" + "<div>" * 5_000 + "-->" + "<script>" + "'<div>'" * 5_000 + "</script>"
    markup = hidden + "<div>" * 10 + "text" + "</div>" * 10
    assert html.limit_nesting(markup) is markup


# --- many tiny nodes, huge attributes, entities ---------------------------------------------------------


def test_many_tiny_spaceless_nodes_are_linear():
    # Each node's seam with the text before it is checked; the whole run before it was once re-counted
    # every time: 20,000 nodes took 29 s, 40,000 took 171 s.
    tiny = "".join(f"<i>w{i % 10}.</i>" for i in range(40_000)).encode()
    parsed = _timed(CONTAINERS["ao3-page"](tiny), "tiny")
    assert "w9." in parsed.text
    assert len(ao3_common._tail_after("x" * 10_000, "y" * 10_000)) == ao3_common.TAIL_CHARS


def test_huge_attribute_is_read():
    attribute = b'<p title="' + b"a" * 8_000_000 + b'">' + LINE.encode() + b"</p>"
    parsed = _timed(CONTAINERS["ao3-page"](attribute), "attribute")
    assert LINE in parsed.text and "aaaa" not in parsed.text


def test_entity_flood_is_read():
    flood = b"<p>" + b"&amp;&#x2014;&lt;&nbsp;" * 200_000 + b"</p>"
    parsed = _timed(CONTAINERS["ao3-page"](flood), "entities")
    assert "&\u2014<" in parsed.text


def test_billion_laughs_in_an_xhtml_member_is_not_expanded():
    laughs = (
        b'<!DOCTYPE html [<!ENTITY a "hahahahaha">'
        + b"".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'.encode() for i in range(9))
        + b"]>"
    )
    epub = _generic_epub(f"<p>{_STORY}</p><p>&j;</p>".encode())
    archive = zipfile.ZipFile(io.BytesIO(epub))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in archive.infolist():
            data = archive.read(info)
            zf.writestr(info, laughs + data if info.filename == "one.xhtml" else data)
    try:
        parsed = _timed(out.getvalue(), "laughs.epub")
    except FicError as exc:
        assert "\n" not in str(exc)
    else:
        assert "haha" not in parsed.text


# --- memory ---------------------------------------------------------------------------------------------

# The child's own peak: VmHWM belongs to the process's memory map, which exec replaces (ru_maxrss would carry
# the forking pytest process's peak over).
_PEAK = """
import re, sys
from ficlens.errors import FicError
from ficlens.io import parse_bytes
for name in sys.argv[1:]:
    try:
        parse_bytes(open(name, "rb").read(), name)
    except FicError:
        pass
status = open("/proc/self/status").read()
print(int(re.search(r"VmHWM:\\s+(\\d+) kB", status).group(1)) // 1024)
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads the peak from /proc")
def test_hostile_inputs_under_a_megabyte_stay_well_under_a_gigabyte(tmp_path):
    page = need(PAGE).read_bytes()
    cases = {
        "div": _nest(80_000),
        "list": _nest(50_000, "<ul><li>", ""),
        "formatting": "".join(f'<b id="b{i}"><p>x' for i in range(50_000)).encode(),
        "tiny": b"<i>a.</i>" * 100_000,
    }
    names = []
    for name, inserted in cases.items():
        data = _into_story(page, inserted)
        assert len(data) < 1024 * 1024
        (tmp_path / name).write_bytes(data)
        names.append(str(tmp_path / name))
    run = subprocess.run(
        [sys.executable, "-c", _PEAK, *names],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=True,
    )
    assert int(run.stdout.split()[-1]) < 512
