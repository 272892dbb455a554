"""The AO3 work-page reader on real saved pages: metadata as the page shows it, chapters, notes kept out of
the text, structural scene breaks, AO3's own word count, and a clear error for every page that is not a work."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from paths import SHARED
from selectolax.lexbor import LexborHTMLParser
from typer.testing import CliRunner

import ficlens
from ficlens.cli import app
from ficlens.errors import NotAWork
from ficlens.io import ao3_page, parse_bytes
from ficlens.io.base import BREAK_GAP
from ficlens.words import count_words

# The same place tests/conftest.py names AO3_PAGES: ../shared/fixtures/ao3/page.

PAGES = SHARED / "fixtures" / "ao3" / "page"
DOWNLOADS = SHARED / "fixtures" / "ao3" / "download"

WORKS = [
    "17793689-ch1-of-wip",
    "17793689-ch2-of-wip",
    "20907563-tagwall-10ch",
    "23009290-oneshot",
    "29046888-7ch-series",
    "37214506-chatfic-ch1",
    "41214669-two-series",
    "41822007-workskin",
    "923647-center-hash-breaks",
]
# Pages holding every posted chapter (the others are chapter views): AO3's printed `Words:` must equal ours.
COMPLETE = ["23009290-oneshot", "41822007-workskin", "923647-center-hash-breaks", "20907563-tagwall-10ch"]


def page(name: str) -> Path:
    path = PAGES / f"{name}.html"
    if not path.exists():
        pytest.skip(f"{path} is not here")
    return path


@cache
def work(name: str) -> ficlens.model.Work:
    return ficlens.read(page(name))


# --- recognising pages ------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(PAGES.glob("*.html")), ids=lambda p: p.stem)
def test_sniff_claims_every_saved_ao3_page(path):
    assert ao3_page.sniff(path.read_bytes())


@pytest.mark.parametrize("path", sorted(DOWNLOADS.glob("*")), ids=lambda p: p.name)
def test_sniff_leaves_official_downloads_to_their_reader(path):
    assert not ao3_page.sniff(path.read_bytes())


def test_sniff_leaves_plain_text_alone():
    seed = SHARED / "seed" / "000_8f683d6341e37dd5.txt"
    if not seed.exists():
        pytest.skip("seed is not here")
    assert not ao3_page.sniff(seed.read_bytes())


@pytest.mark.parametrize("name", WORKS)
def test_work_pages_read_as_ao3_page(name):
    assert work(name).source.format == "ao3-page"


# --- metadata, as each page shows it ----------------------------------------------------------------------


def test_oneshot_metadata():
    meta = work("23009290-oneshot").metadata
    assert meta.title == "My Aim Is Steady And True"
    assert meta.authors == ["nianeyna"]
    assert (meta.work_id, meta.url) == ("23009290", "https://archiveofourown.org/works/23009290")
    assert meta.rating == "Teen And Up Audiences"
    assert meta.warnings == ["Graphic Depictions Of Violence"]
    assert meta.categories == ["M/M"]
    assert meta.fandoms == ["Final Fantasy XIV"]
    assert meta.relationships == ["Honoroit Banlardois/Emmanellain de Fortemps"]
    assert meta.characters == ["Honoroit Banlardois", "Emmanellain de Fortemps"]
    assert meta.freeforms[:3] == ["Hurt/Comfort", "Stabbing", "Chest Wounds"]
    assert meta.language == "English"
    assert meta.series == []
    assert (meta.published, meta.updated, meta.completed) == ("2020-03-04", None, None)
    assert (meta.words, meta.chapters_posted, meta.chapters_total) == (4559, 1, 1)
    assert (meta.comments, meta.kudos, meta.bookmarks, meta.hits) == (32, 49, 10, 375)
    assert meta.summary.startswith("100 percent all-natural fandom-grade h/c.")
    assert meta.notes == "Beta'd by the inimitable Cascaper."
    assert meta.end_notes.startswith("Dedicated to everyone over at #the-emmhono-corner")


def test_wip_chapter_view_metadata():
    meta = work("17793689-ch2-of-wip").metadata
    assert meta.title == "Nobody Expects the Dragon Age Inquisition"
    assert meta.authors == ["enigmalea"]
    assert meta.rating == "Mature"
    assert "Dragon Age: Inquisition" in meta.fandoms
    assert "Female Lavellan/Solas" in meta.relationships
    assert "Cassandra Pentaghast" in meta.characters
    assert "Alternate Universe - Modern with Magic" in meta.freeforms
    assert (meta.published, meta.updated, meta.completed) == ("2019-02-15", "2019-12-28", None)
    assert (meta.words, meta.chapters_posted, meta.chapters_total) == (70561, 14, None)  # "14/?"
    assert (meta.comments, meta.kudos, meta.bookmarks, meta.hits) == (138, 96, 21, 1559)
    assert [(s.name, s.position) for s in meta.series] == [("Thedas Unveiled", 1)]


def test_work_summary_shows_on_the_first_chapter_view_only():
    first, second = work("17793689-ch1-of-wip"), work("17793689-ch2-of-wip")
    assert first.metadata.summary.startswith(
        "A Modern Thedas AU, in which Fen'Harel and the Second Inquisitor"
    )
    assert second.metadata.summary is None  # AO3 prints the work's summary above chapter 1 only
    [chapter] = first.chapters
    assert (chapter.index, chapter.title) == (1, "The Guild")
    assert chapter.end_notes.startswith("Fen'Harel shal em - Fen'Harel save me\nda'fen - little wolf")


def test_completed_work_in_a_series():
    meta = work("29046888-7ch-series").metadata
    assert meta.title == "waiting//wishing"
    assert meta.authors == ["KBstories"]
    assert meta.categories == ["Gen", "F/M"]
    assert meta.fandoms == ["僕のヒーローアカデミア | Boku no Hero Academia | My Hero Academia"]
    assert (meta.published, meta.completed) == ("2021-01-28", "2021-03-03")
    assert (meta.words, meta.chapters_posted, meta.chapters_total) == (36352, 7, 7)
    assert (meta.kudos, meta.hits) == (1090, 19592)
    [series] = meta.series
    assert (series.name, series.position, series.url) == (
        "first impressions",
        2,
        "https://archiveofourown.org/series/2126586",
    )
    assert meta.notes.startswith("This is a sequel to impression//expression.")
    assert "\n\nSpoiler warning for the Paranormal Liberation War Arc" in meta.notes  # paragraphs kept apart


def test_work_in_two_series():
    meta = work("41214669-two-series").metadata
    assert meta.title == "Permablocking Specific Tags - Site Skin"
    assert [(s.name, s.position, s.url) for s in meta.series] == [
        ("AO3 Skins", 1, "https://archiveofourown.org/series/3078150"),
        (":has() selector", 1, "https://archiveofourown.org/series/3078153"),
    ]
    assert meta.rating == "General Audiences"
    assert (meta.categories, meta.relationships, meta.characters) == ([], [], [])
    assert meta.fandoms == ["Fandom - Fandom", "AO3", "No Fandom"]
    assert (meta.words, meta.chapters_posted, meta.chapters_total) == (2232, 3, 3)
    assert (meta.comments, meta.kudos, meta.bookmarks, meta.hits) == (375, 759, 811, 39535)
    assert meta.completed == "2023-08-10"


def test_tag_wall_keeps_every_tag():
    meta = work("20907563-tagwall-10ch").metadata
    assert meta.title == "Monster Fucker October"
    assert meta.rating == "Explicit"
    assert meta.categories == ["F/M", "M/M", "Other", "F/F"]
    assert meta.fandoms == ["Original Work"]
    assert len(meta.freeforms) == 202
    assert meta.freeforms[:2] == ["Smut", "Fluff and Smut"]
    assert (meta.kudos, meta.bookmarks, meta.hits) == (7161, 551, 562700)
    assert (meta.chapters_posted, meta.chapters_total) == (10, None)


def test_anonymous_creator():
    meta = work("37214506-chatfic-ch1").metadata
    assert meta.authors == ["Anonymous"]
    assert meta.title == "AvengersGC"
    assert [(s.name, s.position) for s in meta.series] == [("Twitterchat Saga", 1)]


def test_pseud_shown_with_its_user():
    meta = work("923647-center-hash-breaks").metadata
    assert meta.authors == ["Alias (anafabula)"]
    assert meta.fandoms == ["Twin Peaks", "Welcome to Night Vale"]
    assert meta.published == "2013-08-12"


def test_work_skin_page_metadata():
    meta = work("41822007-workskin").metadata
    assert meta.title == "so I open the window to hear sounds of people"
    assert meta.authors == ["oriflamme"]
    assert [(s.name, s.position) for s in meta.series] == [("it's about the bones 👌", 3)]
    assert meta.end_notes.startswith("I'm not sourcing all the memes, goddammit.")


# --- chapters ---------------------------------------------------------------------------------------------


def test_full_work_view_has_every_chapter_with_its_title_and_summary():
    chapters = work("20907563-tagwall-10ch").chapters
    assert [c.index for c in chapters] == list(range(1, 11))
    assert chapters[0].title == "Female Reader/Male Werewolf"
    assert chapters[7].title == "Trans Male Reader/Mothman"
    assert chapters[0].summary == "Warnings: Bondage, dubcon and oral sex."
    assert all(c.end > c.start for c in chapters)


def test_chapter_view_is_numbered_as_on_ao3():
    [chapter] = work("17793689-ch2-of-wip").chapters
    assert chapter.index == 2
    assert chapter.title == "The College of Enchanters: New Haven"
    assert chapter.summary.startswith("In which Fenina accidentally runs into someone")


def test_chapter_notes_and_end_notes_go_to_the_chapter():
    [chapter] = work("29046888-7ch-series").chapters
    assert chapter.title == "Plans"
    assert chapter.notes.startswith("Beta-read by Pitte.")
    assert "See the end of the chapter" not in chapter.notes
    assert chapter.end_notes.startswith("So.......... Since Hori decided to kick us")


def test_oneshot_is_one_untitled_chapter():
    [chapter] = work("23009290-oneshot").chapters
    assert (chapter.index, chapter.title, chapter.notes) == (1, None, None)


@pytest.mark.parametrize("name", WORKS)
def test_notes_and_landmarks_never_reach_the_text(name):
    w = work(name)
    # Summaries are left out: they often quote the story itself.
    notes = [w.metadata.notes, w.metadata.end_notes] + [n for c in w.chapters for n in (c.notes, c.end_notes)]
    paragraphs = [p for note in notes if note for p in note.split("\n\n") if len(p) > 40]
    for paragraph in paragraphs:
        assert paragraph not in w.text
    for landmark in ("Chapter Text", "Work Text:", "Summary:", "Notes:"):
        assert landmark not in w.text


# --- text and scene breaks --------------------------------------------------------------------------------


def test_blank_paragraph_in_prose_is_a_scene_break():
    w = work("23009290-oneshot")
    assert w.text.count(BREAK_GAP) == 1
    before, after = w.text.split(BREAK_GAP)
    assert before.endswith("If Emmanellain made any reply, he didn’t hear it.")
    assert after.startswith("“No. Honoroit? No. Don’t.”")


def test_hr_is_a_scene_break():
    assert work("17793689-ch2-of-wip").text.count(BREAK_GAP) == 1


def test_symbol_lines_stay_as_paragraphs_without_an_extra_break():
    text = work("923647-center-hash-breaks").text
    assert text.count("\n\n#\n\n") == 8
    assert BREAK_GAP not in text
    # Loose text after a <center> block is a paragraph of its own.
    assert "\n\nShe died of fright, which doesn't sound like enough of a reason." in text


def test_spacer_paragraphs_between_most_paragraphs_are_not_scene_breaks():
    # The chatfic puts an empty paragraph between chat turns; the tag wall after every paragraph.
    assert BREAK_GAP not in work("37214506-chatfic-ch1").text
    tagwall = work("20907563-tagwall-10ch")
    assert tagwall.text.count(BREAK_GAP) == len(tagwall.chapters) - 1  # only the joins between chapters
    # The tutorial spaces many paragraphs with <p><br></p>; only its one longer gap is a break.
    assert work("41214669-two-series").text.count(BREAK_GAP) == 1


def test_single_br_is_a_line_break_inside_a_paragraph():
    assert "\n\n.blurb:has(a) {\ncolor: blue;\n}\n\n" in work("41214669-two-series").text


def test_chat_lines_are_paragraphs():
    assert work("37214506-chatfic-ch1").text.startswith(
        "Tony started a new conversation.\n\nTony added Steve, Natasha, Clint, Bruce, & Thor.\n\n"
        "Natasha: Tony absolutely not."
    )


# --- word counts ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", WORKS)
def test_word_count_equals_ao3s_figure_when_every_chapter_is_on_the_page(name):
    w = work(name)
    if len(w.chapters) == w.metadata.chapters_posted:
        assert w.stats.words == w.metadata.words
    else:  # a chapter view: part of the work
        assert 0 < w.stats.words < w.metadata.words


def test_complete_pages_are_the_one_shots_and_the_full_work_view():
    complete = {name for name in WORKS if len(work(name).chapters) == work(name).metadata.chapters_posted}
    assert complete == set(COMPLETE)


def _ao3_count(userstuff) -> int:
    """AO3's rule as AO3 applies it: each HTML text node of the chapter counted on its own."""
    nodes = [n for n in userstuff.traverse(include_text=True) if n.tag == "-text"]
    landmarks = sum(count_words(h.text()) for h in userstuff.css(".landmark"))
    return sum(count_words(n.text_content or "") for n in nodes) - landmarks


@pytest.mark.parametrize("name", WORKS)
def test_each_chapter_counts_as_ao3_counts_its_html(name):
    tree = LexborHTMLParser(page(name).read_bytes().decode("utf-8"))
    texts = [n for n in tree.css("#chapters .userstuff") if n.tag != "blockquote"]
    w = work(name)
    assert len(texts) == len(w.chapters)
    for userstuff, chapter in zip(texts, w.chapters, strict=False):
        assert count_words(w.text[chapter.start : chapter.end]) == _ao3_count(userstuff)


def test_superscript_splits_words_as_ao3_does_without_visible_text():
    text = work("29046888-7ch-series").text
    assert "April 20\u200bth" in text  # "20<sup>th</sup>": two text nodes, two words to AO3
    assert "April 20 th" not in text


# --- pages that are not works -----------------------------------------------------------------------------

NOT_WORKS = {
    "adult-interstitial": "AO3 adult-content warning page",
    "locked-login": "AO3 login wall",
    "deleted-404": "AO3 404 page",
    "unrevealed": "unrevealed work",
    "navigate-index": "chapter index",
    "series-page": "series page",
}


@pytest.mark.parametrize(("name", "kind"), NOT_WORKS.items())
def test_non_work_page_raises_not_a_work_naming_the_page(name, kind):
    path = page(name)
    with pytest.raises(NotAWork, match=kind) as raised:
        parse_bytes(path.read_bytes(), str(path))
    assert "\n" not in str(raised.value)


@pytest.mark.parametrize("name", ["locked-login", "adult-interstitial"])
def test_cli_read_on_non_work_page_is_one_line_error(name):
    result = CliRunner().invoke(app, ["read", str(page(name))])
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("ficlens: E008 ")
    assert NOT_WORKS[name] in lines[0]
    assert "Traceback" not in result.output


BYLINE = b'<a rel="author" href="/users/nianeyna/pseuds/nianeyna">nianeyna</a>'


@pytest.mark.parametrize(
    ("byline", "authors"),
    [
        (
            b'<a rel="author" href="/users/a/pseuds/A">A (a)</a>, <a rel="author" href="/users/b/pseuds/b">b</a>',
            ["A (a)", "b"],
        ),
        (
            b'<a rel="author" href="/users/orphan_account/pseuds/orphan_account">orphan_account</a>',
            ["orphan_account"],
        ),
    ],
)
def test_co_creators_and_orphaned_works(byline, authors):
    data = page("23009290-oneshot").read_bytes()
    assert data.count(BYLINE) == 1
    assert ao3_page.parse(data.replace(BYLINE, byline), "oneshot.html").metadata.authors == authors
