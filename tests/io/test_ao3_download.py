"""AO3's official HTML download: sniffing, every metadata field it prints, chapters, notes and scene breaks."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from paths import AO3_DOWNLOADS, AO3_PAGES, need

import ficlens
from ficlens.errors import CorruptFile
from ficlens.io import ao3_download, parse_bytes

ONESHOT = AO3_DOWNLOADS / "23009290-oneshot.html"
SERIES = AO3_DOWNLOADS / "334557-series-8ch.html"
WRITTEN = Path(__file__).parent / "data" / "ten-chapters-notes.html"  # a work written for the tests


def _printed_words(path) -> int:
    """The Words: figure exactly as AO3 printed it in the file."""
    match = re.search(r"Words:\s*([\d,]+)", need(path).read_text(encoding="utf-8"))
    return int(match.group(1).replace(",", ""))


def _template(chapters_html: str, *, preface_extra: str = "") -> bytes:
    """A minimal document in AO3's download template around chapter markup written for the test."""
    return f"""<!DOCTYPE html><html><head><title>T</title></head><body>
<div id="preface"><h2 class="toc-heading">Preface</h2>
<p class="message"><b>Lanterns</b><br/>Posted originally on the <a href="https://archiveofourown.org/">Archive
of Our Own</a> at <a href="https://archiveofourown.org/works/1234">https://archiveofourown.org/works/1234</a>.</p>
<div class="meta"><dl class="tags"><dt>Rating:</dt><dd><a href="/tags/G">General Audiences</a></dd>
<dt>Additional Tags:</dt><dd><a href="/tags/a">Lanterns, Paper</a>, <a href="/tags/b">Rain</a></dd>
<dt>Stats:</dt><dd>Published: 2021-01-02 Updated: 2021-02-03 Words: 99 Chapters: 2/?</dd></dl>
<h1>Lanterns</h1><div class="byline">by <a rel="author" href="/users/x">first</a>, <a rel="author"
href="/users/y">second</a></div>{preface_extra}</div></div>
<div id="chapters" class="userstuff">{chapters_html}</div>
<div id="afterword"><h2 class="toc-heading">Afterword</h2><p class="message">Please drop by the Archive and
comment to let the creator know if you enjoyed their work!</p></div></body></html>""".encode()


def test_sniff_claims_downloads_only():
    assert ao3_download.sniff(need(ONESHOT).read_bytes())
    assert ao3_download.sniff(need(SERIES).read_bytes())
    for page in sorted(need(AO3_PAGES).glob("*.html")):
        assert not ao3_download.sniff(page.read_bytes()), page.name
    assert not ao3_download.sniff(b"<html><body><p>Posted originally somewhere else.</p></body></html>")


def test_oneshot_metadata_matches_the_preface():
    parsed = ao3_download.parse(need(ONESHOT).read_bytes(), str(ONESHOT))
    meta = parsed.metadata
    assert parsed.format == "ao3-html"
    assert meta.title == "My Aim Is Steady And True"
    assert meta.authors == ["nianeyna"]
    assert (meta.work_id, meta.url) == ("23009290", "https://archiveofourown.org/works/23009290")
    assert meta.rating == "Teen And Up Audiences"
    assert meta.warnings == ["Graphic Depictions Of Violence"]
    assert meta.categories == ["M/M"]
    assert meta.fandoms == ["Final Fantasy XIV"]
    assert meta.relationships == ["Honoroit Banlardois/Emmanellain de Fortemps"]
    assert meta.characters == ["Honoroit Banlardois", "Emmanellain de Fortemps"]
    assert meta.freeforms[:2] == ["Hurt/Comfort", "Stabbing"] and meta.freeforms[-1] == "Id Fic"
    assert len(meta.freeforms) == 8
    assert meta.language == "English"
    assert meta.published == "2020-03-04" and meta.updated is None and meta.completed is None
    assert (meta.words, meta.chapters_posted, meta.chapters_total) == (4559, 1, 1)
    assert meta.summary.startswith("100 percent all-natural fandom-grade h/c.")
    assert meta.notes == "Beta'd by the inimitable Cascaper."
    assert meta.end_notes.startswith("Dedicated to everyone over at #the-emmhono-corner")


def test_front_matter_and_notes_stay_out_of_the_text():
    parsed = ao3_download.parse(need(ONESHOT).read_bytes(), str(ONESHOT))
    assert parsed.text.startswith("Their contact was late.")
    assert parsed.text.endswith("“I rather like the sound of that.”")
    for furniture in (
        "Posted originally",
        "Rating:",
        "Beta'd",
        "End Notes",
        "drop by the Archive",
        "Preface",
    ):
        assert furniture not in parsed.text
    assert [(c.index, c.title) for c in parsed.chapters] == [(1, None)]


def test_series_work_chapters_and_series():
    parsed = ao3_download.parse(need(SERIES).read_bytes(), str(SERIES))
    meta = parsed.metadata
    assert meta.categories == ["F/M", "M/M"]
    assert meta.warnings == ["Creator Chose Not To Use Archive Warnings"]
    assert [(s.name, s.position) for s in meta.series] == [("Watches 'Verse", 1)]
    assert meta.series[0].url.endswith("/series/15213")
    assert (meta.chapters_posted, meta.chapters_total) == (8, 8)
    assert [c.title for c in parsed.chapters] == [
        "Prologue",
        None,
        "Part 2",
        "Part 3",
        "Part 4",
        "Part 5",
        "Part 6",
        "Epilogue",
    ]
    assert all(not parsed.text[c.start : c.end].startswith("Chapter") for c in parsed.chapters)
    assert parsed.text[parsed.chapters[-1].start :].startswith("He recognizes the hospital by scent")


@pytest.mark.parametrize("path", [ONESHOT, SERIES], ids=["oneshot", "series-8ch"])
def test_word_count_equals_ao3s_figure(path):
    work = ficlens.read(need(path))
    assert work.source.format == "ao3-html"
    assert work.stats.words == _printed_words(path) == work.metadata.words


def test_runs_of_br_longer_than_the_usual_gap_are_scene_breaks():
    # This work separates paragraphs with <br/><br/> and scenes with runs of eight <br/>.
    work = ficlens.read(need(SERIES))
    source = SERIES.read_text(encoding="utf-8")
    long_runs = len(re.findall(r"(?:<br />\s*){3,}", source))
    assert len(work.scenes) > len(work.chapters)
    assert len(work.scenes) - len(work.chapters) >= long_runs * 0.9


def test_adaptive_gap_blank_paragraph_and_hr_break_symbol_line_stays():
    chapters = """<h2 class="toc-heading">Lanterns</h2><div class="userstuff">
<p>The rain had not stopped for three days, and the lanterns sagged.</p><p>Mira counted them anyway.</p>
<p>Eleven were still lit.</p><p>Four had gone dark in the night.</p><p>One had drowned outright.</p>
<p>She wrote the numbers on the back of her hand.</p><p>&nbsp;</p><p>By morning the river had risen to the second step.</p><hr/>
<p>Her brother came home with wet boots.</p><p>***</p><p>Nobody spoke of the boat again.</p></div>"""
    parsed = ao3_download.parse(_template(chapters), "t.html")
    paragraphs = parsed.text.split("\n\n")
    assert "***" in paragraphs  # a symbol line is text; the segmenter reads it
    assert parsed.text.count("\n\n\n\n\n") == 2  # the blank paragraph and the <hr>
    meta = parsed.metadata
    assert meta.authors == ["first", "second"]
    assert meta.freeforms == ["Lanterns, Paper", "Rain"]  # a tag with a comma stays whole
    assert (meta.updated, meta.chapters_posted, meta.chapters_total) == ("2021-02-03", 2, None)


def test_blank_paragraphs_as_usual_spacing_are_not_breaks():
    lines = [f"<p>Line {i} of the letter she never sent, folded twice.</p><p>&nbsp;</p>" for i in range(8)]
    chapters = f'<div class="userstuff">{"".join(lines)}<p>&nbsp;</p><p>&nbsp;</p><p>After.</p></div>'
    parsed = ao3_download.parse(_template(chapters), "t.html")
    assert parsed.text.count("\n\n\n\n\n") == 1  # only the gap of three blank paragraphs


def test_chapter_notes_go_to_the_chapter_not_the_text():
    chapters = """
<div class="meta group"><h2 class="heading">Chapter 1: The Ferry</h2>
<p>Chapter Summary</p><blockquote class="userstuff"><p>Mira waits.</p></blockquote>
<p>Chapter Notes</p><blockquote class="userstuff"><p>Written for a prompt.</p></blockquote>
<div class="endnote-link">See the end of the chapter for <a href="#endnotes1">more notes</a></div></div>
<div class="userstuff"><p>The ferry was late, as it always was in the wet season.</p></div>
<div class="meta" id="endnotes1"><p>Chapter End Notes</p><blockquote class="userstuff"><p>Thanks, K.</p>
</blockquote></div>
<div class="meta group"><h2 class="heading">Chapter 2</h2></div>
<div class="userstuff"><p>The second crossing was quieter.</p></div>"""
    parsed = ao3_download.parse(_template(chapters), "t.html")
    first, second = parsed.chapters
    assert (first.title, first.summary, first.notes, first.end_notes) == (
        "The Ferry",
        "Mira waits.",
        "Written for a prompt.",
        "Thanks, K.",
    )
    assert second.title is None
    assert parsed.text[first.start : first.end] == "The ferry was late, as it always was in the wet season."
    assert parsed.text[second.start : second.end] == "The second crossing was quieter."


def test_download_without_chapter_text_is_corrupt():
    with pytest.raises(CorruptFile, match="without any chapter text"):
        ao3_download.parse(_template(""), "empty.html")


def test_registry_routes_downloads_here_and_pages_elsewhere():
    assert parse_bytes(need(ONESHOT).read_bytes(), "x").format == "ao3-html"
    page = need(AO3_PAGES / "23009290-oneshot.html")
    assert parse_bytes(page.read_bytes(), "x").format == "ao3-page"


@pytest.mark.parametrize("suffix", [".epub", ".mobi", ".azw3", ".pdf"])
def test_every_format_of_the_oneshot_agrees_with_the_html(suffix):
    if suffix in (".mobi", ".azw3"):
        pytest.importorskip("mobi.kindleunpack")
    html = ficlens.read(need(ONESHOT))
    other = ficlens.read(need(ONESHOT.with_suffix(suffix)))
    assert other.source.format == f"ao3-{suffix[1:]}"
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
    ):
        assert getattr(other.metadata, field) == getattr(html.metadata, field), field
    assert abs(other.stats.words - html.stats.words) <= 0.02 * html.stats.words


@pytest.mark.parametrize("instruction", [b"<?xmly ?>", b"<?x?>"])
def test_processing_instruction_among_the_chapters_is_skipped(instruction):
    # A damaged book can hold a processing instruction, a node without a tag name (fuzzing found it in an AZW3).
    data = need(ONESHOT).read_bytes()
    at = data.index(b">", data.index(b'id="chapters"')) + 1
    damaged = data[:at] + instruction + data[at:]
    intact = parse_bytes(data, "intact.html")
    parsed = parse_bytes(damaged, "damaged.html")
    assert parsed.text == intact.text and parsed.metadata == intact.metadata


def _unclosed_copies(data: bytes, start: bytes, end: bytes, times: int) -> bytes:
    """The document with `times` copies of its chunk from `start` to `end` before that chunk, each copy
    without its last ``</div>``: every copy stays open, so the next one and the original chunk nest inside
    it, as in a download with a chunk duplicated and cut short."""
    at = data.index(start)
    chunk = data[at : data.index(end, at)]
    cut = chunk.rindex(b"</div>")
    chunk = chunk[:cut] + chunk[cut + len(b"</div>") :]
    return data[:at] + chunk * times + data[at:]


@pytest.mark.parametrize(
    "start, end",
    [
        (b'<div id="preface">', b'<div id="chapters"'),
        (b'<div id="afterword">', b"</body>"),
    ],
    ids=["preface", "afterword"],
)
def test_prefaces_and_afterwords_nested_900_deep_are_read_once(start, end):
    # Each nested #preface (#afterword) was read with all those nested in it: 6 s for a 354 kB download,
    # minutes and gigabytes at 2 MB.
    data = WRITTEN.read_bytes()
    intact = ao3_download.parse(data, "intact.html")
    nested = _unclosed_copies(data, start, end, 900)
    cpu = time.process_time()
    parsed = ao3_download.parse(nested, "nested.html")
    assert time.process_time() - cpu < 3
    assert parsed.metadata == intact.metadata
    assert parsed.text == intact.text


def test_chapters_nested_900_deep_are_each_read_once():
    # A #chapters holding the next one: every chapter of both is read, each once (a nested #chapters was
    # read once more as notes of the chapter before it, with all those nested in it: quadratic).
    data = WRITTEN.read_bytes()
    intact = ao3_download.parse(data, "intact.html")
    start, after = data.index(b'<div id="chapters"'), data.index(b'<div id="afterword">')
    second = data.index(b'<div class="meta group">', data.index(b'<div class="meta group">') + 1)
    nested = data[:start] + data[start:second] * 900 + data[start:after] + b"</div>" * 900 + data[after:]
    cpu = time.process_time()
    parsed = ao3_download.parse(nested, "nested.html")
    assert time.process_time() - cpu < 3
    assert parsed.metadata == intact.metadata
    assert len(parsed.chapters) == 900 + len(intact.chapters)
    expected = intact.chapters[:1] * 900 + intact.chapters
    texts = [parsed.text[c.start : c.end] for c in parsed.chapters]
    assert texts == [intact.text[c.start : c.end] for c in expected]
    assert [c.title for c in parsed.chapters] == [c.title for c in expected]


@pytest.mark.parametrize(
    ("damage", "replacement"),
    [
        ("Words: 14,193", "Words: 1¹,193"),  # a superscript is a digit to str.isdigit, not to int()
        ("Chapters: 10/10", "Chapters: ¹0/10"),
        ("Part 2 of", "Part ,, of"),  # separators without a digit
    ],
)
def test_damaged_figures_in_the_preface_are_left_out_not_a_crash(damage, replacement):
    source = (Path(__file__).parent / "data" / "ten-chapters-notes.html").read_text(encoding="utf-8")
    assert damage in source
    work = parse_bytes(source.replace(damage, replacement, 1).encode(), "damaged.html")
    assert work.format == "ao3-html" and len(work.chapters) == 10
    meta = work.metadata
    assert (meta.words, meta.chapters_posted, meta.series and meta.series[0].position) == {
        "Words: 1¹,193": (None, 10, 2),
        "Chapters: ¹0/10": (14_193, None, 2),
        "Part ,, of": (14_193, 10, None),
    }[replacement]
