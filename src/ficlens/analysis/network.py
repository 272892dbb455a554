"""The interaction network: who speaks to whom (directed, from quotes) and who shares scenes (co-presence).

`interactions(layout)` gives the edges (``Work.interactions``); `to_graph(work)` builds the networkx graph that
`write_graph` exports as GEXF or GraphML.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

import networkx as nx

from ficlens.analysis.layout import Layout
from ficlens.errors import UnsupportedFormat
from ficlens.model import Interaction, Work
from ficlens.stage import require
from ficlens.words import count_words

WRITERS = {".gexf": nx.write_gexf, ".graphml": nx.write_graphml}


def interactions(layout: Layout) -> list[Interaction]:
    """Edges: ``speech`` (speaker → addressee; quotes and words) and ``copresence`` (a pair; shared scenes)."""
    quotes: Counter = Counter()
    words: Counter = Counter()
    for q in layout.quotes:
        for addressee in q.addressees:
            if q.speaker and addressee != q.speaker:
                quotes[q.speaker, addressee] += 1
                words[q.speaker, addressee] += count_words(q.text or layout.work.span(q.start, q.end))
    edges = [
        Interaction(source=a, target=b, kind="speech", weight=n, words=words[a, b])
        for (a, b), n in sorted(quotes.items())
    ]
    shared: dict[tuple[str, str], list[int]] = defaultdict(list)
    for scene, people in zip(layout.scenes, layout.mentioned_in_scene, strict=False):
        for pair in layout.pairs(people):
            shared[pair].append(scene.index)
    edges += [
        Interaction(source=a, target=b, kind="copresence", weight=len(scenes), scenes=scenes)
        for (a, b), scenes in sorted(shared.items())
    ]
    return edges


def to_graph(work: Work) -> nx.DiGraph:
    """A directed graph of an analysed work's cast. Speech edges keep their direction; co-presence is stored
    both ways.

    Edge attributes: ``speech`` (quotes), ``words``, ``copresence`` (shared scenes) and ``weight`` (their sum).
    """
    require(work, ["interactions"], by="the interaction network")
    edges = work.interactions
    graph = nx.DiGraph(title=work.metadata.title or "")
    for c in work.characters:
        graph.add_node(c.id, label=c.name, mentions=c.mentions, quotes=c.quotes, pov=c.pov or c.narrator)
    for e in edges:
        pairs = [(e.source, e.target)]
        if e.kind == "copresence":
            pairs.append((e.target, e.source))
        for a, b in pairs:
            attrs = graph.get_edge_data(a, b) or {"speech": 0, "words": 0, "copresence": 0}
            if e.kind == "speech":
                attrs["speech"] += e.weight
                attrs["words"] += e.words or 0
            else:
                attrs["copresence"] += e.weight
            attrs["weight"] = attrs["speech"] + attrs["copresence"]
            graph.add_edge(a, b, **attrs)
    return graph


def write_graph(work: Work, path: str | Path) -> None:
    """Write the network as GEXF or GraphML, chosen by the file's suffix."""
    path = Path(path)
    writer = WRITERS.get(path.suffix.lower())
    if writer is None:
        raise UnsupportedFormat(path, f"graph files must end in {' or '.join(WRITERS)}")
    writer(to_graph(work), path)
