"""The browser in a real chromium against a real `ficlens serve`: pages load cleanly and offline, filters
narrow, a permalink restores the view, exports hold the rows shown, the work page shows its report, and the
pages fit a 390-pixel phone. Screenshots go to /tmp/ficlens-serve-*.png (to look at, not compared)."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browser import chromium

PAGES = ("/", "/works", "/quotes", "/characters", "/relationships")
SHOTS = Path("/tmp")


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


@pytest.fixture
def open_page(browser, server):
    """A page at `width`, recording console errors, page errors, dialogs and every request's URL."""
    contexts = []

    def open_(path: str, *, width: int = 1280):
        context = browser.new_context(viewport={"width": width, "height": 900}, accept_downloads=True)
        contexts.append(context)
        page = context.new_page()
        page.seen = {"errors": [], "requests": [], "dialogs": []}
        page.on("console", lambda m: page.seen["errors"].append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: page.seen["errors"].append(str(e)))
        page.on("dialog", lambda d: (page.seen["dialogs"].append(d.message), d.dismiss()))
        context.on("request", lambda r: page.seen["requests"].append(r.url))
        page.goto(server + path, wait_until="networkidle")
        return page

    yield open_
    for context in contexts:
        context.close()


def outside(requests: list[str], server: str) -> list[str]:
    """Requests to anywhere but the server (data: URIs load nothing)."""
    return [
        u for u in requests if not u.startswith("data:") and urlsplit(u).netloc != urlsplit(server).netloc
    ]


@pytest.mark.parametrize("path", PAGES)
def test_each_page_loads_without_errors_or_outside_requests(open_page, server, path):
    page = open_page(path)
    assert page.seen["errors"] == [] and page.seen["dialogs"] == []
    assert outside(page.seen["requests"], server) == []
    assert page.evaluate("typeof window.htmx") == "object"  # the vendored script ran under the policy
    assert page.evaluate("window.__xss") is None
    name = path.strip("/") or "overview"
    page.screenshot(path=str(SHOTS / f"ficlens-serve-{name}-1280.png"), full_page=True)


def test_a_facet_narrows_the_works_and_the_permalink_restores_it(open_page, server):
    page = open_page("/works")
    before = page.locator("li.work").count()
    page.locator('[data-facet="fandom"] a', has_text="Testfandom").first.click()
    page.wait_for_url("**fandom=Testfandom**")
    page.wait_for_load_state("networkidle")
    assert 0 < page.locator("li.work").count() < before
    titles = page.locator("li.work h2 a").all_inner_texts()
    again = open_page(urlsplit(page.url).path + "?" + urlsplit(page.url).query)
    assert again.locator("li.work h2 a").all_inner_texts() == titles
    assert again.locator('[data-facet="fandom"] a.on').count() == 1


def test_typing_a_search_narrows_the_works_in_place(open_page):
    page = open_page("/works?fandom=Testfandom")
    assert page.locator("li.work").count() == 2
    page.fill("#q", "reunions")
    page.wait_for_url("**q=reunions**")
    page.wait_for_function("document.querySelectorAll('li.work').length === 1")
    assert page.locator("li.work h2 a").inner_text() == "Coming Back"
    assert page.seen["errors"] == []


def test_quotes_search_by_speaker_and_its_permalink(open_page):
    page = open_page("/quotes")
    every = page.locator("li.quote").count()
    page.fill('input[name="speaker"]', "Mara")
    page.locator("form.search button").click()
    page.wait_for_url("**speaker=Mara**")
    page.wait_for_load_state("networkidle")
    speakers = page.locator("li.quote .speaker").all_inner_texts()
    assert 0 < len(speakers) < every and set(speakers) == {"Mara"}
    again = open_page(urlsplit(page.url).path + "?" + urlsplit(page.url).query)
    assert again.locator("li.quote .speaker").all_inner_texts() == speakers


def test_the_csv_export_downloads_the_rows_shown(open_page):
    page = open_page("/works?fandom=Testfandom&sort=title&order=asc")
    shown = page.locator("li.work h2 a").all_inner_texts()
    with page.expect_download() as download:
        page.locator(".exports a", has_text="CSV").click()
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"))))
    assert [r["title"] for r in rows] == shown


def test_the_work_page_shows_its_report(open_page, server, corpus):
    work_id = corpus.one("SELECT work_id FROM works WHERE title = 'Coming Back'")
    page = open_page(f"/work/{work_id}")
    frame = page.frame_locator("iframe.report")
    assert frame.locator("#cast table.cast").count() == 1
    assert "Mara" in frame.locator("#cast").inner_text()
    assert frame.locator("#network-figure img").count() == 1
    assert page.seen["errors"] == [] and outside(page.seen["requests"], server) == []
    page.screenshot(path=str(SHOTS / "ficlens-serve-work-1280.png"))


@pytest.mark.parametrize("path", [*PAGES, "/works?fandom=Testfandom"])
def test_usable_at_390_pixels_without_sideways_scrolling(open_page, path):
    page = open_page(path, width=390)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    name = path.strip("/").split("?")[0] or "overview"
    page.screenshot(path=str(SHOTS / f"ficlens-serve-{name}-390.png"), full_page=True)


def test_on_a_phone_each_character_is_a_card_its_name_across_the_top(open_page):
    page = open_page("/characters?fandom=Testfandom", width=390)
    table = page.locator("table.characters")
    assert table.locator("thead").is_hidden()
    widths = table.locator("tbody tr").evaluate_all(
        "rows => rows.map(r => [r.clientWidth, r.querySelector('th').clientWidth])"
    )
    assert widths and all(name > 0.8 * row for row, name in widths)
    headers = table.locator("thead th").all_text_contents()[1:]
    labels = table.locator("tbody tr").first.locator("td").evaluate_all("c => c.map(td => td.dataset.label)")
    assert [h.lower() for h in headers] == [label.lower() for label in labels]
