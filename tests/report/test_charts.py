"""The figures stay readable at 10, 100 and 1,000 scenes: thinned scene ticks that never collide, every
main character named whole, network labels clear of nodes and of each other, an arrow per direction of
speech. Geometry is measured where a reader sees it: each SVG opened in chromium."""

from __future__ import annotations

import base64
import xml.etree.ElementTree as ET

import pytest

from ficlens.analysis.network import to_graph
from ficlens.report import charts, render_html
from ficlens.report.view import chapter_starts, speaker_ranks

SVG = "{http://www.w3.org/2000/svg}"
SIZES = [10, 100, 1000]


def svg_text(uri: str) -> str:
    return base64.b64decode(uri.split(",", 1)[1]).decode("utf-8")


def group_ids(uri: str) -> set[str]:
    return {g.get("id") for g in ET.fromstring(svg_text(uri)).iter(f"{SVG}g") if g.get("id")}


def tick_labels(uri: str) -> list[str]:
    """The x tick labels of a figure, in order."""
    root = ET.fromstring(svg_text(uri))
    return [
        "".join(t.itertext()).strip()
        for g in root.iter(f"{SVG}g")
        if (g.get("id") or "").startswith("xtick_")
        for t in g.iter(f"{SVG}text")
    ]


def boxes(browser, tmp_path, uri: str, selector: str) -> dict[str, dict]:
    """Bounding boxes, as chromium draws the SVG, of the elements matching `selector`, by their id."""
    path = tmp_path / "figure.svg"
    path.write_text(svg_text(uri), encoding="utf-8")
    page = browser.new_page()
    try:
        page.goto(path.as_uri())
        return page.eval_on_selector_all(
            selector,
            "els => Object.fromEntries(els.map(e => { const r = e.getBoundingClientRect();"
            " return [e.id, {x: r.left, y: r.top, w: r.width, h: r.height}]; }))",
        )
    finally:
        page.close()


def overlap(a: dict, b: dict) -> bool:
    return (
        a["x"] < b["x"] + b["w"]
        and b["x"] < a["x"] + a["w"]
        and a["y"] < b["y"] + b["h"]
        and b["y"] < a["y"] + a["h"]
    )


@pytest.fixture(scope="module", params=SIZES, ids=lambda n: f"{n}-scenes")
def long(request, make_long):
    return make_long(request.param, chapters=max(1, request.param // 25))


def test_scene_ticks_are_round_and_few():
    assert charts.scene_ticks(8) == list(range(1, 9))
    assert charts.scene_ticks(133) == [1, 20, 40, 60, 80, 100, 120]
    assert charts.scene_ticks(1000) == [1, 200, 400, 600, 800, 1000]
    for n in (11, 57, 133, 999, 12_345):
        ticks = charts.scene_ticks(n, most=5)
        assert 2 <= len(ticks) <= 6 and all(1 <= t <= n for t in ticks) and ticks == sorted(ticks)


def test_mood_ticks_are_thinned_and_never_collide(long, browser, tmp_path):
    n = len(long.scenes)
    uri = charts.mood_figure(long.arcs, chapter_starts=[])
    labels = tick_labels(uri)
    assert 2 <= len(labels) <= 10 and all(1 <= int(t) <= n for t in labels)
    ticks = list(boxes(browser, tmp_path, uri, "g[id^=xtick_]").values())
    assert len(ticks) == len(labels)
    assert not any(overlap(a, b) for i, a in enumerate(ticks) for b in ticks[i + 1 :])
    assert all(b["x"] >= 0 and b["x"] + b["w"] <= 5.6 * 72 * 4 / 3 for b in ticks)  # nothing cut at the edge


def test_each_main_character_has_a_whole_named_panel(long, open_report):
    panels = charts.arc_panels(long.arcs, {}, chapter_starts=[])
    assert [p.name for p in panels] == [c.name for c in long.arcs.characters]
    for width in (1280, 390):
        page = open_report(render_html(long), width=width).page
        captions = page.eval_on_selector_all(
            "#arcs .panel figcaption",
            "els => els.map(e => [e.innerText.trim(), e.scrollWidth <= e.clientWidth])",
        )
        assert [name for name, _ in captions] == [c.name for c in long.arcs.characters]
        assert all(fits for _, fits in captions)
        assert "Sherlock Holmes-Baskerville" in [name for name, _ in captions]
        assert page.evaluate("[...document.querySelectorAll('#arcs img')].every(i => i.naturalWidth > 0)")


def test_panel_ticks_are_thinned(long):
    for panel in charts.arc_panels(long.arcs, {}, chapter_starts=chapter_starts_of(long)):
        labels = tick_labels(panel.svg)
        assert 2 <= len(labels) <= 6


def chapter_starts_of(work):
    from ficlens.analysis.layout import Layout

    return chapter_starts(Layout(work))


def test_rolling_mean_and_breaks_are_linear_and_right():
    assert charts.rolling_mean([0, 0, 3, 0, 0], 3) == [0, 1, 1, 1, 0]
    xs, _ = charts._broken([1, 2, 30, 31], [0.1, 0.2, 0.3, 0.4], gap=5)
    assert len(xs) == 5 and xs[2] != xs[2]  # NaN: the line stops where the character is absent


def test_speech_edges_are_arrows_each_way(make_story):
    work = make_story()
    uri = charts.network_figure(to_graph(work), speaker_ranks_of(work))
    ids = group_ids(uri)
    assert {"speech-C1-C2", "speech-C2-C1"} <= ids  # Mara speaks to Jonah and Jonah to Mara: two arrows
    root = ET.fromstring(svg_text(uri))
    arrow = next(g for g in root.iter(f"{SVG}g") if g.get("id") == "speech-C1-C2")
    shaft, *head = [p.get("d") for p in arrow.iter(f"{SVG}path")]
    assert " Q " in shaft  # curved, so the arrow back runs beside it
    assert head and "z" in head[0].lower()  # a closed, filled head


def speaker_ranks_of(work):
    from ficlens.analysis.layout import Layout

    return speaker_ranks(Layout(work))


def test_network_labels_clear_nodes_and_each_other(long, browser, tmp_path):
    graph = to_graph(long)
    uri = charts.network_figure(graph, speaker_ranks_of(long))
    ids = group_ids(uri)
    speech = [i for i in ids if i.startswith("speech-")]
    assert 0 < len(speech) <= charts.SPEECH_PER_NODE * min(charts.MAX_NODES, graph.number_of_nodes())
    drawn = boxes(browser, tmp_path, uri, "g[id^=label-], g[id^=node-]")
    labels = [b for k, b in drawn.items() if not k.startswith("node-")]
    nodes = [b for k, b in drawn.items() if k.startswith("node-")]
    assert len(nodes) == graph.number_of_nodes() and len(labels) >= len(nodes)
    assert not any(overlap(a, b) for i, a in enumerate(labels) for b in labels[i + 1 :])
    for label in labels:
        for node in nodes:
            cx, cy, r = node["x"] + node["w"] / 2, node["y"] + node["h"] / 2, node["w"] / 2 - 1
            nx = min(max(cx, label["x"]), label["x"] + label["w"])
            ny = min(max(cy, label["y"]), label["y"] + label["h"])
            assert (nx - cx) ** 2 + (ny - cy) ** 2 >= r * r
