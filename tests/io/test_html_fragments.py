"""HTML without its wrapper: AO3 pages and downloads saved as fragments, with a damaged ``<html`` start, junk
before the markup, upper-case tags or no optional end tags read exactly as the intact file; markup that no
reader recognises is refused, never read as prose.

The variants are built at test time from every page and HTML download in ../shared/fixtures/ao3."""

from __future__ import annotations

import codecs
import re
import time
from collections.abc import Callable

import pytest
from paths import AO3_DOWNLOADS, AO3_PAGES, need
from selectolax.lexbor import LexborHTMLParser
from typer.testing import CliRunner

from ficlens.cli import app
from ficlens.errors import FicError, UnsupportedFormat
from ficlens.io import html, parse_bytes, text
from ficlens.words import count_words

FIXTURES = sorted(need(AO3_PAGES).glob("*.html")) + sorted(need(AO3_DOWNLOADS).glob("*.html"))
# End tags HTML lets a page leave out.
_OPTIONAL_END_TAGS = re.compile(
    r"</(?:p|li|dd|dt|html|body|head|tr|td|th|tbody|thead|option)>", re.IGNORECASE
)


def _element(selector: str) -> Callable[[str], str | None]:
    def cut(markup: str) -> str | None:
        node = LexborHTMLParser(markup).css_first(selector)
        return node.html if node is not None else None

    return cut


def _body_contents(markup: str) -> str | None:
    body = LexborHTMLParser(markup).body
    return body.inner_html if body is not None else None


def _damaged_html_start(markup: str) -> str:
    without_doctype = re.sub(r"<!DOCTYPE[^>]*>", "", markup, count=1, flags=re.IGNORECASE)
    return re.sub(r"<html\b", "<htm l", without_doctype, count=1, flags=re.IGNORECASE)


def _junk_before(markup: str) -> str:
    return "\ufeff  \n<!-- saved by a browser -->\nSaved from the web on a rainy day\n" + markup


def _upper_case_tags(markup: str) -> str:
    return re.sub(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)", lambda m: f"<{m.group(1)}{m.group(2).upper()}", markup)


def _upper_case_tags_and_attributes(markup: str) -> str:
    """Tag and attribute names in capitals, as old editors wrote them (values, ids included, untouched)."""

    def upper_tag(tag: re.Match[str]) -> str:
        attributes = re.sub(
            r"(\s)([a-zA-Z-]+)=", lambda m: m.group(1) + m.group(2).upper() + "=", tag.group(3)
        )
        return f"<{tag.group(1)}{tag.group(2).upper()}{attributes}"

    return re.sub(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)([^<>]*)", upper_tag, markup)


VARIANTS: dict[str, Callable[[str], str | None]] = {
    "outer-div-only": _element("#outer"),
    "body-contents-only": _body_contents,
    "workskin-only": _element("#workskin"),
    "damaged-html-start": _damaged_html_start,
    "junk-before": _junk_before,
    "upper-case-tags": _upper_case_tags,
    "upper-case-tags-and-attributes": _upper_case_tags_and_attributes,
    "no-optional-end-tags": lambda markup: _OPTIONAL_END_TAGS.sub("", markup),
}
# Cut down to the work skin, a page keeps its story and preface but loses the header with tags and stats.
_KEEPS_ALL_METADATA = set(VARIANTS) - {"workskin-only"}


def _outcome(data: bytes, path: str):
    """What a reader makes of the bytes: the parse, or the error's code and problem."""
    try:
        return parse_bytes(data, path)
    except FicError as exc:
        return exc.code, exc.problem


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_variant_reads_as_the_intact_file(path, variant):
    markup = path.read_text(encoding="utf-8")
    changed = VARIANTS[variant](markup)
    if changed is None:
        pytest.skip(f"{path.name} has no element for {variant}")
    intact = _outcome(path.read_bytes(), str(path))
    got = _outcome(changed.encode("utf-8"), str(path))
    if isinstance(intact, tuple):  # a page that is not a work stays one, with the same explanation
        assert got == intact
        return
    assert not isinstance(got, tuple), got
    assert got.format == intact.format
    assert got.metadata.title == intact.metadata.title
    assert got.metadata.authors == intact.metadata.authors
    assert [(c.index, c.title) for c in got.chapters] == [(c.index, c.title) for c in intact.chapters]
    assert count_words(got.text) == count_words(intact.text)
    assert got.text == intact.text
    if variant in _KEEPS_ALL_METADATA:
        assert got.metadata == intact.metadata


# UTF-16 and UTF-32 with a byte-order mark, as some Windows editors save a page.
_WIDE_BOMS = {
    "utf-16-le": codecs.BOM_UTF16_LE,
    "utf-16-be": codecs.BOM_UTF16_BE,
    "utf-32-le": codecs.BOM_UTF32_LE,
    "utf-32-be": codecs.BOM_UTF32_BE,
}


def _wide(data: bytes, codec: str) -> bytes:
    return _WIDE_BOMS[codec] + data.decode("utf-8-sig").encode(codec)


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_utf16_page_reads_as_the_utf8_page(path):
    # Every sniff looked at the raw bytes, where no UTF-16 tag matches: the page was read as text, tags and
    # all.
    data = path.read_bytes()
    assert _outcome(_wide(data, "utf-16-le"), str(path)) == _outcome(data, str(path))


@pytest.mark.parametrize("codec", ["utf-16-be", "utf-32-le", "utf-32-be"])
@pytest.mark.parametrize(
    "path",
    [AO3_PAGES / "23009290-oneshot.html", AO3_DOWNLOADS / "23009290-oneshot.html"],
    ids=lambda p: p.parent.name,
)
def test_page_in_other_wide_encodings_reads_as_the_utf8_page(path, codec):
    data = need(path).read_bytes()
    assert _outcome(_wide(data, codec), str(path)) == _outcome(data, str(path))


@pytest.mark.parametrize("path", sorted(need(AO3_PAGES).glob("*.html")), ids=lambda p: p.name)
def test_page_fragment_is_sniffed_as_an_ao3_page_not_text(path):
    fragment = _element("#outer")(path.read_text(encoding="utf-8")).encode()
    assert not fragment.lstrip().lower().startswith((b"<html", b"<!doctype"))
    assert html.sniff(fragment)
    outcome = _outcome(fragment, path.name)
    if isinstance(outcome, tuple):
        assert outcome[0] == "E008"
    else:
        assert outcome.format == "ao3-page"


# --- markup that is no page ficlens reads --------------------------------------------------------------


def _listing(rows: int) -> bytes:
    """An app's markup: spans, links, inputs and prices, no wrapper, no sentence anywhere."""
    return "".join(
        f'<span class="cell c{i}" data-row="{i}"><a href="/item/{i}">Item {i}</a></span>'
        f'<span class="price">{i}.99</span><input type="checkbox" name="pick{i}">'
        for i in range(rows)
    ).encode()


def _inline_soup(rows: int) -> bytes:
    """Markup of inline and custom elements only: nothing a page's structure uses, so no HTML reader's."""
    return "".join(
        f'<x-row n="{i}"><a href="/item/{i}"><b>Item {i}</b></a> <i>{i}.99</i></x-row>' for i in range(rows)
    ).encode()


def test_listing_fragment_is_html_without_prose():
    listing = _listing(200)
    assert html.sniff(listing)
    with pytest.raises(UnsupportedFormat, match="not a work of fiction"):
        parse_bytes(listing, "listing.html")


def test_inline_tag_soup_is_markup_not_prose():
    soup = _inline_soup(300)
    assert text.sniff(soup) and not html.sniff(soup)  # it is text, as bytes go, and no page
    assert html.markup_share(soup) > 0.5
    with pytest.raises(UnsupportedFormat, match="markup, not prose"):
        parse_bytes(soup, "soup.txt")


@pytest.mark.parametrize("codec", sorted(_WIDE_BOMS))
def test_inline_tag_soup_in_utf16_is_markup_not_prose(codec):
    # The markup share was counted on the raw bytes, where UTF-16 tags never match: 0 %, read as prose.
    soup = _wide(_inline_soup(300), codec)
    with pytest.raises(UnsupportedFormat, match="markup, not prose"):
        parse_bytes(soup, "soup.txt")


def _linked_snippet(sentences: int) -> bytes:
    """A story's paragraphs as a short HTML snippet, every sentence a link: a third to a half of it tags,
    with too few structural tags to be sniffed as a page."""
    links = ", ".join(
        f'<a href="https://example.org/notes/{i}">the boat left the harbour at {i} o\'clock and '
        f"nobody on the pier waved</a>"
        for i in range(sentences)
    )
    return f"<dd>{links}</dd>\n".encode()


def test_an_html_snippet_is_read_by_the_html_reader_not_as_prose_with_tags():
    # The fuzzer's reproducer: a page's tag list, cut out of its page, was read as a story holding its tags.
    for sentences in (6, 40):
        snippet = _linked_snippet(sentences)
        assert text.sniff(snippet) and not html.sniff(snippet)
        assert 0.3 < html.markup_share(snippet) < 0.5
        try:
            parsed = parse_bytes(snippet, "snippet.txt")
        except UnsupportedFormat as exc:
            assert "not a work of fiction" in str(exc) and sentences < 20  # too short to be a story
            continue
        assert parsed.format == "html" and "<a" not in parsed.text and "href" not in parsed.text
        assert parsed.text.count("nobody on the pier waved") == sentences


def test_unknown_xml_without_a_declaration_is_refused():
    records = "".join(
        f'<record id="{i}"><field name="title">Entry {i}</field><field name="year">19{i % 100:02d}'
        f"</field></record>"
        for i in range(300)
    )
    with pytest.raises(UnsupportedFormat):
        parse_bytes(f"<records>{records}</records>".encode(), "records.dat")


def test_html_fragment_without_prose_is_a_one_line_error(tmp_path):
    page = "".join(
        f'<div class="row"><div class="label">Setting {i}</div><div class="value">on</div></div>'
        for i in range(300)
    )
    path = tmp_path / "settings.txt"
    path.write_text(page)
    result = CliRunner().invoke(app, ["read", str(path)])
    assert result.exit_code == 1 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and re.match(
        r"^ficlens: E005 .*settings\.txt: HTML page that is not a work", lines[0]
    )


def test_cli_on_tag_soup_is_a_one_line_error(tmp_path):
    path = tmp_path / "soup.html"
    path.write_bytes(_inline_soup(300))
    result = CliRunner().invoke(app, ["read", str(path)])
    assert result.exit_code == 1 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and re.match(r"^ficlens: E005 .*soup\.html: ", lines[0])


def test_a_run_of_comments_before_the_page_is_sniffed_in_linear_time():
    # The old start-of-document pattern backtracked exponentially over comments: 40 took minutes.
    comments = b"<!-- saved -->" * 4_000
    start = time.process_time()
    assert html.sniff(comments + b"<html><body><p>x</p></body></html>")
    assert not html.sniff(comments + b"x")
    assert time.process_time() - start < 1


def test_a_file_of_comments_is_markup_not_prose():
    with pytest.raises(UnsupportedFormat, match="markup, not prose"):
        parse_bytes(b"<!-- a note to myself about the next chapter -->\n" * 500, "comments.txt")


# --- prose that mentions tags stays prose ---------------------------------------------------------------

CHAT = """<Marguerite> are you awake
<Tobias> no
<Marguerite> the kettle is making that noise again
<Tobias> it always makes that noise, it is a kettle

He put the phone face down and listened to the house. The kettle was, in fact, making the noise, a thin
rising whistle that started in the kitchen and went up the stairs like a cat. He lay there and counted to
thirty before he gave in and went down to take it off the hob.
"""


def test_irc_style_chat_in_plain_text_is_still_text():
    assert not html.sniff(CHAT.encode())
    assert html.markup_share(CHAT.encode()) < 0.1
    parsed = parse_bytes(CHAT.encode(), "chat.txt")
    assert parsed.format == "text" and "<Tobias> no" in parsed.text


def test_story_with_inline_italics_stays_text():
    story = ("She said it was <i>fine</i>, which it was not. " * 40 + "\n\n") * 5
    parsed = parse_bytes(story.encode(), "italics.txt")
    assert parsed.format == "text"
