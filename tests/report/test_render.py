import base64
import hashlib
import re
from html.parser import HTMLParser

import pytest
from paths import SEED, need
from typer.testing import CliRunner

import ficlens
from ficlens.cli import app
from ficlens.model import Work
from ficlens.report import render_html


class Tags(HTMLParser):
    """Every start tag with its attributes, and the raw text of each <script> and <style>."""

    def __init__(self):
        super().__init__()
        self.tags, self.raw, self._open = [], {"script": [], "style": []}, None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._open = tag if tag in self.raw else None

    def handle_data(self, data):
        if self._open:
            self.raw[self._open].append(data)

    def handle_endtag(self, tag):
        self._open = None


def parse(html: str) -> Tags:
    tags = Tags()
    tags.feed(html)
    return tags


def sha(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


def test_csp_forbids_network_and_pins_inline_code(make_story):
    tags = parse(render_html(make_story()))
    csp = next(
        a["content"] for t, a in tags.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"
    )
    assert "default-src 'none'" in csp and "img-src data:" in csp
    assert f"'{sha(tags.raw['script'][0])}'" in csp and f"'{sha(tags.raw['style'][0])}'" in csp
    assert "unsafe-inline" not in csp and "http" not in csp


def test_nothing_is_loaded_from_outside(make_story):
    tags = parse(render_html(make_story()))
    sources = [a["src"] for _, a in tags.tags if "src" in a]
    assert sources and all(s.startswith("data:image/svg+xml;base64,") for s in sources)
    assert not any(
        t in ("link", "iframe", "object", "embed") and a.get("rel") != "icon" for t, a in tags.tags
    )


def test_quotes_carry_speaker_and_addressee(make_story):
    work = make_story()
    tags = parse(render_html(work))
    spans = {a["data-quote"]: a for t, a in tags.tags if t == "span" and "data-quote" in a}
    assert set(spans) == {q.id for q in work.quotes}
    assert spans["Q2"]["data-who"] == "Mara → Jonah" and spans["Q4"]["data-who"] == "Jonah → Mara"
    assert spans["Q1"]["class"] == spans["Q2"]["class"] != spans["Q3"]["class"]


def test_speech_over_two_paragraphs_is_marked_in_both(make_story):
    work = make_story()
    q = work.quotes[2]  # “Of course I did,” ...: stretch it over the paragraph after it
    q.end = work.text.index("Mara sits") + len("Mara sits")
    tags = parse(render_html(work))
    assert [a["data-quote"] for t, a in tags.tags if t == "span" and "data-quote" in a].count(q.id) == 2


def test_payloads_are_text_not_markup(xss_payload_work):
    html = render_html(xss_payload_work)
    tags = parse(html)
    assert [t for t, _ in tags.tags].count("script") == 1
    assert not any(t in ("iframe", "svg") for t, _ in tags.tags)
    assert not any(k.startswith("on") for _, a in tags.tags for k in a)
    assert not any("javascript:" in (a.get("href") or "") for _, a in tags.tags)
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in html
    assert "{{7*7}}" in html  # user text is never a template
    lang = next(a["lang"] for t, a in tags.tags if t == "html")
    assert lang == "en"


def test_seed_report_from_the_pipeline():
    if not SEED.exists():
        pytest.skip("seed is not here")
    work = ficlens.analyze(SEED)
    html = render_html(work)
    tags = parse(html)
    shown = [a["data-quote"] for t, a in tags.tags if t == "span" and "data-quote" in a]
    assert set(shown) <= {q.id for q in work.quotes}
    assert len(set(shown)) >= 0.9 * len(work.quotes) > 0  # all but the nested ones
    assert sum(1 for t, a in tags.tags if t == "div" and a.get("class") == "scene") == len(work.scenes)
    assert any(t == "img" and a.get("alt") == "Scene mood" for t, a in tags.tags)
    visible = re.sub(r"<[^>]+>", "", html)
    assert "Dreaming reminds her of falling." in visible
    assert render_html(Work.from_json(work.to_json())) == html  # a stored record gives the same report


def test_an_unanalysed_work_is_refused_not_analysed_on_the_quiet():
    work = ficlens.read(need(SEED))
    with pytest.raises(ValueError, match=r"not been analysed .*ficlens\.analyze"):
        render_html(work)
    assert "interactions" not in work.layers


def test_cli_writes_report_and_demo(tmp_path):
    runner = CliRunner()
    out = tmp_path / "demo.html"
    result = runner.invoke(app, ["demo", "-o", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>") and "Content-Security-Policy" in html
