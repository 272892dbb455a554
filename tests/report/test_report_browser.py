"""The report in a real browser (Debian's chromium through Playwright): it renders, loads nothing, and runs
no script from the work. Skipped when chromium is absent; CI installs it."""

import pytest
from paths import SHARED

import ficlens
from ficlens.report import render_html

REAL_WORKS = [
    SHARED / "seed" / "000_8f683d6341e37dd5.txt",
    SHARED / "fixtures" / "ao3" / "download" / "334557-series-8ch.html",
]


def outermost_quotes(work):
    """Ids of the quotes not inside another quote (a nested quote is shown as part of the outer one)."""
    return {
        q.id
        for q in work.quotes
        if not any(o is not q and o.start <= q.start and q.end <= o.end for o in work.quotes)
    }


def assert_quiet(opened):
    assert opened.console_errors == [] and opened.page_errors == []
    assert opened.requests == [opened.url]  # the document itself, nothing else
    assert opened.dialogs == []


def box(page, selector):
    element = page.query_selector(selector)
    assert element is not None, selector
    bbox = element.bounding_box()
    return bbox and bbox["width"] > 0 and bbox["height"] > 0


def figure_rendered(page, alt):
    return page.evaluate(
        'alt => { const i = document.querySelector(`img[alt="${alt}"]`);'
        " return !!i && i.complete && i.naturalWidth > 0; }",
        alt,
    )


def hover_tip(page, selector):
    page.hover(selector)
    page.wait_for_selector("#tip:not([hidden])", timeout=2000)
    assert box(page, "#tip")
    return page.inner_text("#tip .tip-who")


@pytest.fixture(scope="module", params=REAL_WORKS, ids=lambda p: p.name)
def real_work(request):
    if not request.param.exists():
        pytest.skip(f"{request.param} is not here")
    return ficlens.analyze(request.param)


def test_real_report_renders_quietly(real_work, open_report):
    opened = open_report(render_html(real_work))
    page = opened.page
    assert_quiet(opened)
    assert figure_rendered(page, "Scene mood") and box(page, "#mood-figure img")
    if real_work.characters:
        assert figure_rendered(page, "Interaction network") and box(page, "#network-figure img")
    assert page.locator("div.scene").count() == len(real_work.scenes)
    shown = set(page.eval_on_selector_all(".q", "els => els.map(e => e.dataset.quote)"))
    assert shown == outermost_quotes(real_work)


def test_real_report_hover_shows_the_speaker(real_work, open_report):
    quote = next((q for q in real_work.quotes if q.speaker), None) or real_work.quotes[0]
    page = open_report(render_html(real_work)).page
    tip = hover_tip(page, f'.q[data-quote="{quote.id}"]')
    names = {c.id: c.name for c in real_work.characters}
    assert tip.split(" → ")[0] == names.get(quote.speaker, "unknown speaker")


def test_hover_names_speaker_and_addressee(make_story, open_report):
    opened = open_report(render_html(make_story()))
    assert_quiet(opened)
    assert figure_rendered(opened.page, "Interaction network") and box(opened.page, "#network-figure img")
    assert hover_tip(opened.page, '.q[data-quote="Q3"]') == "Jonah → Mara"
    assert hover_tip(opened.page, '.q[data-quote="Q1"]') == "Mara → Jonah"
    opened.page.hover("h1")
    assert opened.page.is_hidden("#tip")


def test_xss_payloads_never_run(xss_payload_work, open_report):
    opened = open_report(render_html(xss_payload_work))
    page = opened.page
    for selector in ("#title", "#summary", "#notes", ".byline", ".q", "article.text p:last-child"):
        page.hover(selector)  # a payload that did become an element would fire on events like these
    page.wait_for_timeout(200)
    assert page.evaluate("window.__xss") is None
    assert_quiet(opened)
    assert "<script>window.__xss=1</script>" in page.inner_text("#title")
    assert "<img src=x onerror=" in page.inner_text("#notes")
    assert page.locator("iframe, svg, object, embed").count() == 0
