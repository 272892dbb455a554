"""The report's figures, drawn with matplotlib as SVG and handed back as ``data:`` URIs for ``<img>``.

An SVG shown through ``<img>`` is an image document: it runs no script and loads nothing, whatever the
character names in it say, and its inline styles are outside the page's Content-Security-Policy.
"""

from __future__ import annotations

import base64
import io

import matplotlib
import networkx as nx
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure

from ficlens.model import Arcs

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

# Names are text, never mathtext ("$" is common in fan fiction); fonts stay text so the SVG stays small.
RC = {
    "svg.fonttype": "none",
    "text.parse_math": False,
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "svg.hashsalt": "ficlens",
}


def colour(rank: int | None) -> str:
    return PALETTE[rank] if rank is not None and rank < len(PALETTE) else "#999999"


def network_figure(graph: nx.DiGraph, ranks: dict[str, int]) -> str | None:
    """The cast as a graph: node size by mentions, edge width by speech plus shared scenes."""
    keep = sorted(graph.nodes, key=lambda n: ranks.get(n, len(ranks)))[:MAX_NODES]
    g = nx.Graph()
    for n in keep:
        g.add_node(n, **graph.nodes[n])
    for a, b, attrs in graph.edges(data=True):
        if a in g and b in g:
            old = g.get_edge_data(a, b, {"speech": 0, "copresence": 0})
            g.add_edge(a, b, speech=old["speech"] + attrs["speech"], copresence=attrs["copresence"])
    if not g.number_of_nodes():
        return None
    pos = nx.spring_layout(g, seed=7, weight=None, k=1.6 / max(g.number_of_nodes(), 1) ** 0.5)
    with matplotlib.rc_context(RC):
        fig = Figure(figsize=(6.4, 4.6))
        ax = fig.add_axes((0.02, 0.02, 0.96, 0.96))
        ax.set_axis_off()
        top = max((d["speech"] + d["copresence"] for *_, d in g.edges(data=True)), default=1) or 1
        for a, b, d in g.edges(data=True):
            weight = d["speech"] + d["copresence"]
            ax.plot(
                *zip(pos[a], pos[b], strict=False),
                color="#555555" if d["speech"] else "#bbbbbb",
                linewidth=0.6 + 6 * weight / top,
                zorder=1,
                solid_capstyle="round",
            )
        peak = max((g.nodes[n].get("mentions", 0) + g.nodes[n].get("quotes", 0) for n in g), default=1) or 1
        for n in g:
            size = g.nodes[n].get("mentions", 0) + g.nodes[n].get("quotes", 0)
            area = 120 + 900 * size / peak  # points², so the label sits just above the disc
            ax.scatter(
                *pos[n], s=area, color=colour(ranks.get(n)), edgecolors="white", linewidths=1.5, zorder=2
            )
            ax.annotate(
                g.nodes[n].get("label", n),
                pos[n],
                xytext=(0, area**0.5 / 2 + 3),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=11,
                zorder=3,
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85},
                fontweight="bold" if g.nodes[n].get("pov") else None,
            )
        ax.margins(0.15)
        return _data_uri(fig)


def arcs_figure(arcs: Arcs, ranks: dict[str, int], *, max_characters: int = 6) -> str | None:
    """Two panels: the mean VADER score per scene, and per main character (sentences that mention them)."""
    scenes = arcs.scenes
    if not scenes:
        return None
    xs = [s.index for s in scenes]
    with matplotlib.rc_context(RC):
        fig = Figure(figsize=(6.4, 4.6))
        top, bottom = fig.subplots(2, 1, sharex=True)
        top.axhline(0, color="#cccccc", linewidth=0.8)
        top.bar(
            xs,
            [s.compound or 0 for s in scenes],
            color=["#4c9a5b" if (s.compound or 0) >= 0 else "#c0504d" for s in scenes],
        )
        top.set_ylabel("scene mood")
        bottom.axhline(0, color="#cccccc", linewidth=0.8)
        for char in arcs.characters[:max_characters]:
            points = [(p.index, p.mentions) for p in char.scenes if p.mentions is not None]
            if points:
                bottom.plot(
                    *zip(*points, strict=False),
                    marker="o",
                    markersize=4,
                    linewidth=1.6,
                    color=colour(ranks.get(char.id)),
                    label=char.name,
                )
        if bottom.get_legend_handles_labels()[0]:
            bottom.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
        bottom.set_ylabel("mood around")
        bottom.set_xlabel("scene")
        for ax in (top, bottom):
            ax.set_ylim(-1.05, 1.05)
            ax.spines[["top", "right"]].set_visible(False)
        bottom.set_xticks(xs if len(xs) <= 30 else xs[:: max(1, len(xs) // 20)])
        fig.subplots_adjust(left=0.12, right=0.78, top=0.97, bottom=0.1, hspace=0.12)
        return _data_uri(fig)


def _data_uri(fig: Figure) -> str:
    buf = io.BytesIO()
    FigureCanvasSVG(fig).print_svg(buf, metadata={"Date": None})
    return "data:image/svg+xml;base64," + base64.b64encode(buf.getvalue()).decode("ascii")
