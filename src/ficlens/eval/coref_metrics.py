"""Coreference metrics over clusterings of mentions: MUC, B³ and CEAF-e, as in the CoNLL-2012 scorer
(Pradhan et al. 2014, "Scoring Coreference Partitions of Predicted Mentions").

A clustering is a list of clusters, each a collection of hashable mentions (e.g. (start, end) spans).
Key = gold, response = predicted. Mentions present on one side only count as they do in the reference
scorer: singletons of the other side for MUC's partitions, and zero overlap for B³ and CEAF-e.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable

import networkx as nx

Clusters = list[frozenset]


def _clusters(raw: Iterable[Iterable[Hashable]]) -> Clusters:
    return [frozenset(c) for c in raw if c]


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _score(p: float, r: float) -> dict[str, float]:
    return {"precision": p, "recall": r, "f1": _f1(p, r)}


def _muc_side(key: Clusters, response: Clusters) -> float:
    where = {m: i for i, c in enumerate(response) for m in c}
    num = den = 0
    for cluster in key:
        parts = {where.get(m, ("alone", m)) for m in cluster}
        num += len(cluster) - len(parts)
        den += len(cluster) - 1
    return num / den if den else 0.0


def muc(key, response) -> dict[str, float]:
    k, r = _clusters(key), _clusters(response)
    return _score(_muc_side(r, k), _muc_side(k, r))


def _b3_side(key: Clusters, response: Clusters) -> float:
    where = {m: c for c in response for m in c}
    total = sum(len(c) for c in key)
    num = sum(len(cluster & where[m]) / len(cluster) for cluster in key for m in cluster if m in where)
    return num / total if total else 0.0


def b_cubed(key, response) -> dict[str, float]:
    k, r = _clusters(key), _clusters(response)
    return _score(_b3_side(r, k), _b3_side(k, r))


def ceaf_e(key, response) -> dict[str, float]:
    """Entity-based CEAF: the best one-to-one alignment of clusters under φ4 = 2|K∩R| / (|K|+|R|)."""
    k, r = _clusters(key), _clusters(response)
    graph = nx.Graph()
    for i, kc in enumerate(k):
        for j, rc in enumerate(r):
            if overlap := len(kc & rc):
                graph.add_edge(("k", i), ("r", j), weight=2 * overlap / (len(kc) + len(rc)))
    matching = nx.max_weight_matching(graph)
    similarity = sum(graph[a][b]["weight"] for a, b in matching)
    return _score(similarity / len(r) if r else 0.0, similarity / len(k) if k else 0.0)


def all_metrics(key, response) -> dict[str, float]:
    """Flat scores: muc_f1, b3_f1, ceafe_f1 (and their precision/recall) and avg_f1, the CoNLL average."""
    out: dict[str, float] = {}
    for name, fn in (("muc", muc), ("b3", b_cubed), ("ceafe", ceaf_e)):
        for part, value in fn(key, response).items():
            out[f"{name}_{part}"] = value
    out["avg_f1"] = (out["muc_f1"] + out["b3_f1"] + out["ceafe_f1"]) / 3
    return out


def micro_over_documents(pairs: list[tuple[Clusters, Clusters]]) -> dict[str, float]:
    """Scores over several documents: clusters kept apart by tagging each mention with its document."""
    key = [frozenset((d, m) for m in c) for d, (k, _) in enumerate(pairs) for c in k]
    response = [frozenset((d, m) for m in c) for d, (_, r) in enumerate(pairs) for c in r]
    return all_metrics(key, response)
