"""The report's figures, drawn with matplotlib as SVG and handed back as ``data:`` URIs for ``<img>``.

An SVG shown through ``<img>`` is an image document: it runs no script and loads nothing, whatever the
character names in it say, and its inline styles are outside the page's Content-Security-Policy.

Every figure stays readable from 10 to 1,000 scenes: scene ticks are thinned to round numbers, long runs of
scenes are drawn as one filled step and a rolling mean instead of a bar or marker per scene, and each main
character gets a panel of their own (small multiples, named in the page, not a legend that can cut names).
Everything drawn is linear in the number of scenes.
"""

from __future__ import annotations

import base64
import io
import math
from dataclasses import dataclass
from functools import cache

import matplotlib
import networkx as nx
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.patches import FancyArrowPatch

from ficlens.model import Arcs, CharacterArc

PALETTE = [
    "#1f77b4",
    "#d62728",
    "#2ca02c",
    "#9467bd",
    "#ff7f0e",
    "#17becf",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
]
MAX_NODES = 16
MAX_PANELS = 8  # `analysis.arcs` keeps at most 8 main characters
BARS_UP_TO = 80  # scenes: beyond this a bar per scene is thinner than a pixel, so the mood is one filled step
MARKERS_UP_TO = 40  # scenes: beyond this, a character's points are dots under a rolling mean, not a line
MAX_CHAPTER_LINES = 30  # more chapter starts than this would be a texture, not a guide
LABEL_WRAP = 14  # characters: a longer network label is set on two lines
LABEL_SIZE = 11  # points: the network is shown at about half its size on a phone
SPEECH_PER_NODE = 2  # arrows: more than this many per node is a hairball
RING = 150  # points: the radius of the network's ring
POSITIVE, NEGATIVE, TREND = "#4c9a5b", "#c0504d", "#333333"

# Names are text, never mathtext ("$" is common in fan fiction); fonts stay text so the SVG stays small.
RC = {
    "svg.fonttype": "none",
    "text.parse_math": False,
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "svg.hashsalt": "ficlens",
}


@dataclass
class ArcPanel:
    """One small multiple: a main character's mood across the scenes."""

    id: str  # Character.id
    name: str
    rank: int | None
    svg: str  # data: URI


def colour(rank: int | None) -> str:
    return PALETTE[rank] if rank is not None and rank < len(PALETTE) else "#999999"


def scene_ticks(count: int, *, most: int = 8) -> list[int]:
    """Scene numbers to label on an axis of `count` scenes: all of them when few, else round multiples (5,
    10, 20, 25, 50, ...) with at most `most` labels, and scene 1 when it sits far enough from the next."""
    if count <= most:
        return list(range(1, count + 1))
    step = next(s for s in _nice_steps() if count // s <= most)
    ticks = list(range(step, count + 1, step))
    return [1, *ticks] if step >= 5 and len(ticks) < most else ticks


def _nice_steps():
    for scale in (10**k for k in range(12)):
        yield from (
            (scale, 2 * scale, scale * 5 // 2, 5 * scale) if scale >= 10 else (scale, 2 * scale, 5 * scale)
        )


def rolling_mean(values: list[float], window: int) -> list[float]:
    """The centred mean of each value's `window` neighbours (fewer at the ends), by prefix sums: linear."""
    sums = [0.0]
    for v in values:
        sums.append(sums[-1] + v)
    half = window // 2
    out = []
    for i in range(len(values)):
        lo, hi = max(0, i - half), min(len(values), i + half + 1)
        out.append((sums[hi] - sums[lo]) / (hi - lo))
    return out


def trend_window(count: int) -> int:
    """About a twelfth of the work, odd, at least 3: smooth enough to show the shape, not one scene's spike."""
    return max(3, round(count / 12) | 1)


# ---- the network ---------------------------------------------------------------------------------


def network_figure(graph: nx.DiGraph, ranks: dict[str, int]) -> str | None:
    """The cast on a ring around the most present character: node area by mentions, an arrow per direction
    of speech (width by quotes), and a light line for the pairs that share many scenes without speaking.
    Labels sit outside the ring, clear of every node and of each other; the figure is cut to fit them."""
    keep = sorted(graph.nodes, key=lambda n: ranks.get(n, len(ranks)))[:MAX_NODES]
    if not keep:
        return None
    pos = {n: (x * RING, y * RING) for n, (x, y) in _ring_layout(keep).items()}  # in points
    speech = _strong_speech(
        [(a, b, d["speech"]) for a, b, d in graph.edges(data=True) if a in pos and b in pos and d["speech"]],
        len(keep),
    )
    talking = {frozenset((a, b)) for a, b, _ in speech}
    shared = {
        frozenset((a, b)): d["copresence"]
        for a, b, d in graph.edges(data=True)
        if a in pos and b in pos and d["copresence"] and frozenset((a, b)) not in talking
    }
    presence = {n: graph.nodes[n].get("mentions", 0) + graph.nodes[n].get("quotes", 0) for n in keep}
    peak = max(presence.values()) or 1
    area = {n: 90 + 800 * presence[n] / peak for n in keep}  # points²
    labels = _place_labels(pos, area, {n: graph.nodes[n].get("label", n) for n in keep}, graph, keep)
    left, bottom, right, top = _extent(pos, area, labels)
    with matplotlib.rc_context(RC):
        fig = Figure(figsize=((right - left) / 72, (top - bottom) / 72))
        ax = fig.add_axes((0, 0, 1, 1))  # data units are points: the figure is exactly the drawing
        ax.set_axis_off()
        ax.set_xlim(left, right)
        ax.set_ylim(bottom, top)
        _draw_copresence(ax, pos, shared)
        _draw_speech(ax, pos, speech, area)
        for n in keep:
            disc = ax.scatter(
                *pos[n], s=area[n], color=colour(ranks.get(n)), edgecolors="white", linewidths=1.5
            )
            disc.set(zorder=3, gid=f"node-{n}")  # tests find each node by its character
        for n, (text, box, bold) in labels.items():
            ax.text(
                (box[0] + box[2]) / 2,
                (box[1] + box[3]) / 2,
                text,
                ha="center",
                va="center",
                fontsize=LABEL_SIZE,
                fontweight="bold" if bold else None,
                linespacing=1.0,
                zorder=4,
                gid=f"label-{n}",
                bbox={"boxstyle": "square,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.85},
            )
        return _data_uri(fig)


def _strong_speech(edges: list[tuple[str, str, int]], nodes: int) -> list[tuple[str, str, int]]:
    """The speech arrows worth drawing: a single stray quote (often a misattribution) and the weakest links
    of a large cast go; at most SPEECH_PER_NODE arrows a node stay, strongest first."""
    top = max((w for *_, w in edges), default=0)
    floor = min(max(2, 0.03 * top), top)
    strong = sorted((e for e in edges if e[2] >= floor), key=lambda e: -e[2])
    return strong[: max(1, int(SPEECH_PER_NODE * nodes))]


def _ring_layout(nodes: list[str]) -> dict[str, tuple[float, float]]:
    """The first node in the middle, the rest on a unit circle from the top, clockwise, in the order given."""
    if len(nodes) == 1:
        return {nodes[0]: (0.0, 0.0)}
    if len(nodes) == 2:
        return {nodes[0]: (-0.7, 0.0), nodes[1]: (0.7, 0.0)}
    ring = nodes[1:]
    pos = {nodes[0]: (0.0, 0.0)}
    for i, n in enumerate(ring):
        angle = math.pi / 2 - 2 * math.pi * i / len(ring)
        pos[n] = (math.cos(angle), math.sin(angle))
    return pos


def _draw_copresence(ax, pos, shared: dict[frozenset, int]) -> None:
    """Only the pairs sharing a fair part of the most shared scenes, at most one line a node: every pair would
    be a hairball."""
    top = max(shared.values(), default=0)
    strongest = sorted(shared.items(), key=lambda kv: (-kv[1], sorted(kv[0])))[: len(pos)]
    for pair, scenes in strongest:
        if scenes >= max(2, 0.25 * top):
            a, b = sorted(pair)
            ax.plot(
                *zip(pos[a], pos[b], strict=True), color="#c8c8c8", linewidth=0.6 + 2 * scenes / top, zorder=1
            )


def _draw_speech(ax, pos, speech: list[tuple[str, str, int]], area: dict[str, float]) -> None:
    """One curved arrow per direction, so A → B and B → A sit side by side instead of on one line."""
    top = max((w for *_, w in speech), default=1)
    for a, b, quotes in speech:
        share = quotes / top
        arrow = FancyArrowPatch(
            pos[a],
            pos[b],
            arrowstyle="-|>",
            mutation_scale=8 + 7 * share,
            connectionstyle="arc3,rad=0.14",
            shrinkA=math.sqrt(area[a]) / 2 + 1,
            shrinkB=math.sqrt(area[b]) / 2 + 2,
            linewidth=0.7 + 3.5 * share,
            color="#444444",
            alpha=0.45 + 0.55 * share,
            zorder=2,
        )
        arrow.set_gid(f"speech-{a}-{b}")  # tests find each arrow by the pair it joins
        ax.add_patch(arrow)


def _place_labels(pos, area, names: dict[str, str], graph, order: list[str]) -> dict[str, tuple]:
    """Each label outside its node, pushed outward until it clears every node and the labels already placed
    (measured with the font's real metrics). Node -> (text, box in points, bold)."""
    discs = [(*pos[n], math.sqrt(area[n]) / 2 + 1) for n in order]
    placed: dict[str, tuple] = {}
    for n in order:
        text = _wrap(names[n])
        bold = bool(graph.nodes[n].get("pov"))
        width, height = _text_size(text, bold)
        x, y = pos[n]
        dx, dy = (0.0, -1.0) if pos[n] == (0.0, 0.0) else _unit(pos[n])
        radius = math.sqrt(area[n]) / 2
        for gap in range(3, 150, 3):
            box = _label_box(x, y, dx, dy, radius + gap, width, height)
            clear = not any(_overlaps(box, other) for _, other, _ in placed.values())
            if clear and not any(_hits_disc(box, d) for d in discs):
                break
        placed[n] = (text, box, bold)
    return placed


def _extent(pos, area, labels) -> tuple[float, float, float, float]:
    """The box around every node and label, with a margin, in points."""
    boxes = [box for _, box, _ in labels.values()]
    for n, (x, y) in pos.items():
        r = math.sqrt(area[n]) / 2 + 2
        boxes.append((x - r, y - r, x + r, y + r))
    margin = 8
    return (
        min(b[0] for b in boxes) - margin,
        min(b[1] for b in boxes) - margin,
        max(b[2] for b in boxes) + margin,
        max(b[3] for b in boxes) + margin,
    )


def _label_box(x, y, dx, dy, distance, width, height) -> tuple[float, float, float, float]:
    """The box of a label whose nearest edge lies `distance` points from (x, y) along (dx, dy)."""
    cx = x + dx * (distance + width / 2 * abs(dx))
    cy = y + dy * (distance + height / 2 * abs(dy))
    return (cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2)


def _overlaps(a, b, pad: float = 1.5) -> bool:
    return a[0] < b[2] + pad and b[0] < a[2] + pad and a[1] < b[3] + pad and b[1] < a[3] + pad


def _hits_disc(box, disc) -> bool:
    x, y, r = disc
    nx_, ny = min(max(x, box[0]), box[2]), min(max(y, box[1]), box[3])
    return (nx_ - x) ** 2 + (ny - y) ** 2 < r * r


def _unit(p: tuple[float, float]) -> tuple[float, float]:
    length = math.hypot(*p) or 1.0
    return p[0] / length, p[1] / length


def _wrap(name: str) -> str:
    """A long name on two lines, cut at the space nearest its middle."""
    if len(name) <= LABEL_WRAP or " " not in name:
        return name
    spaces = [i for i, ch in enumerate(name) if ch == " "]
    cut = min(spaces, key=lambda i: abs(i - len(name) / 2))
    return f"{name[:cut]}\n{name[cut + 1 :]}"


@cache
def _text_size(text: str, bold: bool) -> tuple[float, float]:
    """Width and height in points of `text` at the label size, with the label's box padding."""
    renderer = _metrics_renderer()
    props = FontProperties(family="DejaVu Sans", size=LABEL_SIZE, weight="bold" if bold else "normal")
    lines = text.split("\n")
    width = max(renderer.get_text_width_height_descent(line, props, ismath=False)[0] for line in lines)
    return width + 4, LABEL_SIZE * 1.2 * len(lines) + 3


@cache
def _metrics_renderer() -> RendererAgg:
    return RendererAgg(10, 10, 72)  # 72 dpi: pixels are points


# ---- the arcs ------------------------------------------------------------------------------------


def mood_figure(arcs: Arcs, *, chapter_starts: list[int] = ()) -> str | None:
    """The mean VADER score of each scene: a bar each when few, one filled step when many, with the rolling
    mean over it; faint lines where chapters begin."""
    scenes = arcs.scenes
    if not scenes:
        return None
    xs = [s.index for s in scenes]
    ys = [s.compound or 0.0 for s in scenes]
    with matplotlib.rc_context(RC):
        fig = Figure(figsize=(5.6, 2.3))  # shown at about 0.7x on a phone, 1.2x on a desktop
        ax = fig.add_axes((0.11, 0.21, 0.84, 0.73))
        _scene_axis(ax, len(xs), chapter_starts, most=10)
        if len(xs) <= BARS_UP_TO:
            ax.bar(xs, ys, width=0.8, color=[POSITIVE if y >= 0 else NEGATIVE for y in ys])
        else:
            ax.fill_between(xs, 0, ys, where=[y >= 0 for y in ys], step="mid", color=POSITIVE, linewidth=0)
            ax.fill_between(xs, 0, ys, where=[y < 0 for y in ys], step="mid", color=NEGATIVE, linewidth=0)
        if len(xs) >= 20:
            ax.plot(xs, rolling_mean(ys, trend_window(len(xs))), color=TREND, linewidth=1.6)
        ax.set_ylabel("scene mood")
        ax.set_xlabel("scene")
        return _data_uri(fig)


def arc_panels(
    arcs: Arcs, ranks: dict[str, int], *, chapter_starts: list[int] = (), limit: int = MAX_PANELS
) -> list[ArcPanel]:
    """A small figure per main character: the mood of the sentences naming them in each scene where they
    are named, over the whole story's mood in grey; the same axes in every panel, so they compare."""
    count = len(arcs.scenes)
    if not count:
        return []
    story = [s.compound or 0.0 for s in arcs.scenes]
    backdrop = story if count < 20 else rolling_mean(story, trend_window(count))
    xs = [s.index for s in arcs.scenes]
    return [
        ArcPanel(
            c.id, c.name, ranks.get(c.id), _panel(c, colour(ranks.get(c.id)), xs, backdrop, chapter_starts)
        )
        for c in arcs.characters[:limit]
    ]


def _panel(arc: CharacterArc, ink: str, xs: list[int], backdrop: list[float], chapter_starts) -> str:
    points = [(p.index, p.mentions) for p in arc.scenes if p.mentions is not None]
    with matplotlib.rc_context({**RC, "font.size": 9}):
        fig = Figure(figsize=(3.4, 1.55))
        ax = fig.add_axes((0.11, 0.2, 0.8, 0.74))
        _scene_axis(ax, len(xs), chapter_starts, most=5)
        ax.set_yticks([-1, 0, 1])
        ax.plot(xs, backdrop, color="#bbbbbb", linewidth=1.2)
        if points:
            px, py = zip(*points, strict=True)
            if len(xs) <= MARKERS_UP_TO:
                ax.plot(px, py, color=ink, linewidth=1.5, marker="o", markersize=3.5)
            else:
                ax.scatter(px, py, color=ink, s=5, alpha=0.45, linewidths=0)
                if len(px) >= 3:
                    window = max(3, round(len(px) / 12) | 1)
                    line = _broken(px, rolling_mean(list(py), window), gap=trend_window(len(xs)))
                    ax.plot(*line, color=ink, linewidth=1.8)
        return _data_uri(fig)


def _broken(xs, ys, *, gap: int) -> tuple[list[float], list[float]]:
    """The line with a break (NaN) wherever two points lie more than `gap` scenes apart: a character absent
    for a long stretch has no mood there, and a straight line across it would invent one."""
    bx, by = [], []
    for i, (x, y) in enumerate(zip(xs, ys, strict=True)):
        if i and x - xs[i - 1] > gap:
            bx.append(math.nan)
            by.append(math.nan)
        bx.append(x)
        by.append(y)
    return bx, by


def _scene_axis(ax, count: int, chapter_starts, *, most: int) -> None:
    """Scenes 1..count on x with thinned round ticks, mood -1..1 on y, a zero line, chapter starts."""
    ax.set_xlim(0.4, count + 0.6)
    ax.set_ylim(-1.05, 1.05)
    ax.set_xticks(scene_ticks(count, most=most))
    ax.axhline(0, color="#cccccc", linewidth=0.8, zorder=0)
    for start in chapter_starts if len(chapter_starts) <= MAX_CHAPTER_LINES else ():
        ax.axvline(start - 0.5, color="#e4e0d6", linewidth=0.8, zorder=0)
    ax.spines[["top", "right"]].set_visible(False)


def _data_uri(fig: Figure) -> str:
    buf = io.BytesIO()
    FigureCanvasSVG(fig).print_svg(buf, metadata={"Date": None})
    return "data:image/svg+xml;base64," + base64.b64encode(buf.getvalue()).decode("ascii")
