"""Reading the report in chromium at a desktop and a phone width: nothing scrolls sideways; a quote's speaker
shows by keyboard as by mouse, inline in label mode, and by colour with a legend; unsure attributions can be
hidden; chapters have a table of contents; the page says how to read it and when it holds part of a work."""

from __future__ import annotations

import pytest
from paths import SHARED

import ficlens
from ficlens.model import Metadata
from ficlens.report import render_html
from ficlens.report.view import CALIBRATION

WIDTHS = [1280, 390]
WIP_CHAPTER = SHARED / "fixtures" / "ao3" / "page" / "17793689-ch1-of-wip.html"
REAL_WORKS = [
    SHARED / "seed" / "000_8f683d6341e37dd5.txt",
    SHARED / "fixtures" / "ao3" / "download" / "334557-series-8ch.html",
]


def scroll_width(page) -> int:
    return page.evaluate("document.scrollingElement.scrollWidth")


def colour(page, selector: str) -> str:
    return page.eval_on_selector(selector, "e => getComputedStyle(e).color")


def wide_story(make_story):
    """The phone's enemies: an unbreakable title, a long URL, a tag wall with one very long tag."""
    meta = Metadata(
        title="Supercalifragilistic" * 6,
        authors=["someone_with_a_very_long_pseudonym_" * 3],
        url="https://archiveofourown.org/works/" + "1234567890" * 8,
        fandoms=["Naruto"],
        relationships=["Haruno Sakura/Yamanaka Ino", "Mara/Jonah"],
        characters=[f"Character Number {i}" for i in range(30)],
        freeforms=["A tag that goes on and on without a single space" * 4, "fluff", "angst"],
        summary="word" * 80,
    )
    return make_story(metadata=meta)


@pytest.mark.parametrize("width", WIDTHS)
def test_nothing_scrolls_sideways(width, make_story, make_long, open_report):
    for name, work in [("wide", wide_story(make_story)), ("long", make_long(300, chapters=12))]:
        page = open_report(render_html(work), f"{name}.html", width=width).page
        assert scroll_width(page) <= width, name


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", REAL_WORKS, ids=lambda p: p.name)
def test_real_reports_fit_the_screen(path, width, open_report):
    if not path.exists():
        pytest.skip(f"{path} is not here")
    page = open_report(render_html(ficlens.analyze(path)), width=width).page
    assert scroll_width(page) <= width


@pytest.mark.parametrize("width", WIDTHS)
def test_tab_reaches_a_quote_and_shows_its_speaker_and_confidence(width, make_story, open_report):
    page = open_report(render_html(make_story()), width=width).page
    for _ in range(80):  # the links and toggles before the text, then the first quote
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('.q[data-quote]')"):
            break
    assert page.evaluate("document.activeElement.dataset.quote") == "Q1"
    page.wait_for_selector("#tip:not([hidden])", timeout=2000)
    assert page.inner_text("#tip .tip-who") == "Mara → Jonah"
    assert page.inner_text("#tip .tip-conf") == "confidence 0.97"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.quote") == "Q2"
    page.keyboard.press("Escape")
    assert page.is_hidden("#tip")


@pytest.mark.parametrize("width", WIDTHS)
def test_label_mode_writes_the_speaker_before_each_quote(width, make_story, open_report):
    page = open_report(render_html(make_story()), width=width).page
    first = "article.text p:first-of-type"
    assert "[Mara]" not in page.inner_text(first)
    page.check("#show-labels")
    text = page.inner_text("article.text")
    assert page.inner_text(first).startswith("[Mara]“Jonah,” Mara says, [Mara]“you came back.”")
    assert "[Jonah?]“Of course I did,”" in text  # Q3 is below the threshold: marked unsure
    assert "[Jonah]“Mara!”" in text
    assert scroll_width(page) <= width


def test_legend_names_each_speaker_in_their_colour(make_story, open_report):
    page = open_report(render_html(make_story())).page
    legend = page.eval_on_selector_all(".speakers .key", "els => els.map(e => e.innerText)")
    assert legend[:2] == ["Mara", "Jonah"] and "other speakers" in legend
    assert any(k.startswith("dashed: confidence under") for k in legend)
    assert colour(page, ".speakers .key >> nth=0") == colour(page, '.q[data-quote="Q1"]')
    assert colour(page, ".speakers .key >> nth=1") == colour(page, '.q[data-quote="Q4"]')
    assert colour(page, '.q[data-quote="Q1"]') != colour(page, '.q[data-quote="Q4"]')


def test_confident_only_hides_unsure_attributions(make_story, open_report):
    page = open_report(render_html(make_story())).page
    page.check("#show-labels")
    plain = colour(page, "#scene-2 p:first-of-type")  # narration, no quote
    jonah = colour(page, '.q[data-quote="Q4"]')
    assert colour(page, '.q[data-quote="Q3"]') == jonah != plain
    page.check("#confident-only")
    assert colour(page, '.q[data-quote="Q3"]') == plain  # 0.42: the attribution is hidden, the words stay
    assert colour(page, '.q[data-quote="Q4"]') == jonah  # 0.99 stays
    assert "[Jonah?]" not in page.inner_text("article.text") and "[Jonah]“Mara!”" in page.inner_text(
        "article.text"
    )
    page.hover('.q[data-quote="Q3"]')
    page.wait_for_selector("#tip:not([hidden])", timeout=2000)
    assert page.inner_text("#tip .tip-who").startswith("speaker hidden")
    page.uncheck("#confident-only")
    assert colour(page, '.q[data-quote="Q3"]') == jonah


@pytest.mark.parametrize("width", WIDTHS)
def test_chapter_contents_jump_to_each_chapter(width, make_long, open_report):
    work = make_long(30, chapters=3)
    page = open_report(render_html(work), width=width).page
    links = page.eval_on_selector_all("nav.chapters a", "els => els.map(e => [e.innerText, e.hash])")
    assert links == [[c.title, f"#chapter-{c.index}"] for c in work.chapters]
    page.click("nav.chapters a >> text=Part 3")
    page.wait_for_function("location.hash === '#chapter-3'")
    top = page.eval_on_selector("#chapter-3", "e => e.getBoundingClientRect().top")
    assert 0 <= top <= 100
    assert page.eval_on_selector("#chapter-3 h3", "e => e.innerText") == "Part 3"
    assert page.locator("#chapter-3 div.scene").count() == sum(s.chapter == 3 for s in work.scenes)


def test_how_to_read_explains_scores_kinds_and_confidence(make_story, open_report):
    page = open_report(render_html(make_story())).page
    text = page.inner_text("#reading")
    right = f"{CALIBRATION.right_above * 100:.0f} %"
    assert right in text and f"{CALIBRATION.threshold:.1f} or above" in text
    assert f"{CALIBRATION.right_below * 100:.0f} % of those below" in text
    assert "A/B" in text and "A & B" in text and "romantic" in text and "platonic" in text
    for label in ("thoughts", "shared sentences", "dialogue", "names in speech", "shared scenes"):
        assert label in text
    assert "shared sentences" in page.inner_text("#relationships")  # the pairs use the same names


@pytest.mark.parametrize("width", WIDTHS)
def test_partial_work_is_announced(width, make_story, open_report):
    meta = Metadata(title="A work in progress", partial=True, chapters_posted=14)
    page = open_report(render_html(make_story(metadata=meta)), width=width).page
    assert page.is_visible("#partial")
    banner = page.inner_text("#partial")
    assert "Partial work" in banner and "one chapter of the work's 14 posted chapters" in banner
    assert "1 here, of 14/?" in page.inner_text("dl.meta")
    assert scroll_width(page) <= width
    whole = open_report(render_html(make_story()), "whole.html", width=width).page
    assert whole.locator("#partial").count() == 0


def test_a_saved_chapter_page_is_announced_as_partial(open_report):
    if not WIP_CHAPTER.exists():
        pytest.skip(f"{WIP_CHAPTER} is not here")
    work = ficlens.analyze(WIP_CHAPTER)
    if not work.metadata.partial:
        pytest.skip("the AO3 page reader does not set Metadata.partial yet")
    page = open_report(render_html(work)).page
    assert page.is_visible("#partial") and "one chapter" in page.inner_text("#partial")
