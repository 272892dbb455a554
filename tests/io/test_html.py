"""Generic HTML fiction: chapters at headings, paragraphs, page furniture dropped, non-fiction pages refused.

The story below was written for this test."""

from __future__ import annotations

import time

import pytest

from ficlens.errors import UnsupportedFormat
from ficlens.io import html, parse_bytes

CHAPTER_ONE = [
    (
        "The ferry to Holm left at six, and Wren was on the quay by half past five with her bag and her "
        "grandmother's umbrella, which she did not need and would not leave behind."
    ),
    (
        "The harbour smelled of diesel and wet rope. Gulls walked the railings like officials inspecting a queue. "
        "A boy in a yellow coat was selling coffee from a flask, and she bought a cup to have something to hold."
    ),
    "\u201cFirst time over?\u201d he asked, counting her coins twice because his fingers were cold.",
    (
        "\u201cSecond,\u201d she said. \u201cThe first time I was four. I don\u2019t remember anything except "
        "being sick over the side.\u201d"
    ),
    (
        "He laughed and told her the trick was to watch the island and never the water, and she promised she "
        "would, though she already knew she would watch the water the whole way."
    ),
]
CHAPTER_TWO = [
    (
        "Holm had one road, one shop and a church with a tower that leaned a little to the east, as if it were "
        "listening for something out on the sound. Her grandmother's house stood at the end of the road."
    ),
    (
        "The key was where the letter said it would be, under the third stone from the gate. The door stuck, "
        "then gave all at once, and the smell of the house came out to meet her: paper, paraffin and lavender."
    ),
    (
        "She stood in the hall for a long time without taking off her coat. Somewhere upstairs a clock was "
        "still going, which meant someone had wound it, which meant she was not the first to come back."
    ),
    (
        "In the kitchen there were two cups on the table, both washed, both turned upside down to dry. She "
        "turned one over and found a folded note underneath it in handwriting she did not know at all."
    ),
]


def story_html(*, extra_head: str = "", extra_body: str = "") -> bytes:
    one = "".join(f"<p>{p}</p>" for p in CHAPTER_ONE)
    two = "".join(f"<p>{p}</p>" for p in CHAPTER_TWO)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>The Ferry to Holm</title>
<meta name="author" content="J. Marris">{extra_head}</head>
<body><section id="pg-header"><p>This ebook is for the use of anyone anywhere at no cost and with almost no
restrictions whatsoever, under the terms of the licence included with it.</p></section>
<nav><a href="#c1">Chapter I</a> <a href="#c2">Chapter II</a></nav>
<h1>The Ferry to Holm</h1>
<div class="chapter"><h2 id="c1">Chapter I. The Quay</h2>{one}<hr/><p>***</p></div>
<div class="chapter"><h2 id="c2">Chapter II. The House</h2>{two}</div>{extra_body}
<footer><p>Printed with care on a small press somewhere near the water, in a very limited run.</p></footer>
</body></html>""".encode()


def test_sniff():
    assert html.sniff(story_html())
    assert html.sniff(b"\xef\xbb\xbf  <html><body></body></html>")
    assert html.sniff(b"<?xml version='1.0'?>\n<html xmlns='http://www.w3.org/1999/xhtml'>")
    assert not html.sniff(b"Chapter 1\n\nShe said <em>no</em>.")
    assert not html.sniff(b"%PDF-1.4")


def test_chapters_from_headings_and_paragraphs_from_p():
    parsed = html.parse(story_html(), "holm.html")
    assert parsed.format == "html"
    assert parsed.metadata.title == "The Ferry to Holm"
    assert parsed.metadata.authors == ["J. Marris"]
    assert parsed.metadata.language == "en"
    assert [c.title for c in parsed.chapters] == ["Chapter I. The Quay", "Chapter II. The House"]
    one, two = (parsed.text[c.start : c.end] for c in parsed.chapters)
    assert one.split("\n\n")[0] == CHAPTER_ONE[0]
    assert "***" in one.split("\n\n")  # a symbol line stays text
    assert two.split("\n\n") == CHAPTER_TWO


def test_page_furniture_is_not_text():
    text = html.parse(story_html(), "holm.html").text
    for furniture in ("licence", "Chapter I", "small press", "The Ferry to Holm"):
        assert furniture not in text


def test_registry_reads_generic_html():
    assert parse_bytes(story_html(), "holm.html").format == "html"


def test_cp1252_page_is_decoded():
    data = story_html().decode("utf-8").replace('<meta charset="utf-8">', "").encode("cp1252")
    parsed = html.parse(data, "old.html")
    assert "\u201cFirst time over?\u201d" in parsed.text


@pytest.mark.parametrize(
    "page",
    [
        (
            b"<!DOCTYPE html><html><head><title>Dashboard</title><script src='app.js'></script></head>"
            b"<body><div id='app'></div><noscript>You need to enable JavaScript to run this app.</noscript>"
            b"</body></html>"
        ),
        (
            b"<html><body><h1>Sign in</h1><form><label>Email</label><input name='email'><label>Password</label>"
            b"<input type='password'><button>Sign in</button></form><p>Forgot your password?</p></body></html>"
        ),
        b"<html><body><h1>Links</h1><ul>"
        + b"".join(b"<li><a href='/%d'>Page %d</a></li>" % (i, i) for i in range(200))
        + b"</ul></body></html>",
    ],
    ids=["web-app", "form", "link-list"],
)
def test_html_that_is_not_fiction_is_refused(page):
    with pytest.raises(UnsupportedFormat, match="HTML page that is not a work of fiction"):
        html.parse(page, "page.html")


def test_story_laid_out_with_br_instead_of_p():
    body = "<br/><br/>".join(CHAPTER_ONE + CHAPTER_TWO)
    page = f"<html><head><title>Holm</title></head><body><div>{body}</div></body></html>".encode()
    parsed = html.parse(page, "br.html")
    assert parsed.text.split("\n\n") == CHAPTER_ONE + CHAPTER_TWO


def test_tag_opened_and_never_closed_is_scanned_in_linear_time():
    # A tag name that runs on without ">" made the tag regexes backtrack quadratically (22 s at 64k letters).
    prose = "He met <A" + "b" * 64_000 + " there.\n"
    many_tags = "<p>x</p>" * 20 + prose
    start = time.process_time()
    assert not html.sniff(prose.encode())
    assert html.markup_share(prose.encode()) == 0.0
    assert html.limit_nesting(many_tags) == many_tags
    assert time.process_time() - start < 1.0
