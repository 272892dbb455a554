"""A conditional-logit candidate ranker in numpy: a softmax over each group's candidates (a quote's
possible speakers; a pronoun's possible antecedents).

A candidate's score is linear in its features plus, optionally, a small tanh hidden layer, which lets
features combine ("a he-tag" and "the man not just speaking"). Training maximises the log-probability of
the gold candidates (several may be right: a pronoun's antecedent may be any mention of its entity; groups
with no gold candidate are left out of the loss), with L2 regularisation, by full-batch Adam from a seeded
start. Small and fast: the shipped model is JSON.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class Ranker:
    weights: np.ndarray  # (d,) linear part
    hidden: np.ndarray | None = None  # (d, h) input -> hidden
    hidden_bias: np.ndarray | None = None  # (h,)
    out: np.ndarray | None = None  # (h,) hidden -> score

    def scores(self, rows: np.ndarray) -> np.ndarray:
        s = rows @ self.weights
        if self.hidden is not None:
            s = s + np.tanh(rows @ self.hidden + self.hidden_bias) @ self.out
        return s

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        if len(rows) == 0:
            return np.zeros(0)
        s = self.scores(rows)
        e = np.exp(s - s.max())
        return e / e.sum()

    def to_dict(self) -> dict:
        def r(a: np.ndarray) -> list:
            return np.round(a.astype(float), 6).tolist()

        out = {"linear": r(self.weights)}
        if self.hidden is not None:
            out |= {"hidden": r(self.hidden), "hidden_bias": r(self.hidden_bias), "out": r(self.out)}
        return out

    @classmethod
    def from_dict(cls, data: dict) -> Ranker:
        if "hidden" not in data:
            return cls(np.array(data["linear"]))
        return cls(
            np.array(data["linear"]),
            np.array(data["hidden"]),
            np.array(data["hidden_bias"]),
            np.array(data["out"]),
        )


Label = int | tuple[int, ...]  # the gold row of a group (-1: none), or all its gold rows


def _gold_rows(label: Label) -> tuple[int, ...]:
    if isinstance(label, tuple):
        return label
    return (label,) if label >= 0 else ()


def _flatten(groups: list[np.ndarray], labels: list[Label]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """All candidate rows stacked, the offset where each group's rows begin, and a 0/1 mask of the gold rows.
    Only groups with a gold candidate and a choice to make are kept."""
    keep = [(g, rows) for g, y in zip(groups, labels, strict=False) if (rows := _gold_rows(y)) and len(g) > 1]
    x = np.vstack([g for g, _ in keep]).astype(np.float32)
    sizes = np.array([len(g) for g, _ in keep])
    offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    gold = np.zeros(len(x), dtype=np.float32)
    for offset, (_, rows) in zip(offsets, keep, strict=False):
        gold[offset + np.array(rows)] = 1.0
    return x, offsets, gold


class _Adam:
    def __init__(self, params: list[np.ndarray], rate: float):
        self.params, self.rate, self.t = params, rate, 0
        self.m = [np.zeros_like(p) for p in params]
        self.v = [np.zeros_like(p) for p in params]

    def step(self, grads: list[np.ndarray]) -> None:
        self.t += 1
        for p, g, m, v in zip(self.params, grads, self.m, self.v, strict=False):
            m *= 0.9
            m += 0.1 * g
            v *= 0.999
            v += 0.001 * g * g
            p -= self.rate * (m / (1 - 0.9**self.t)) / (np.sqrt(v / (1 - 0.999**self.t)) + 1e-8)


def fit(
    groups: list[np.ndarray],
    labels: list[Label],
    *,
    hidden: int = 0,
    l2: float = 1e-3,
    steps: int = 300,
    rate: float = 0.05,
    seed: int = 0,
) -> Ranker:
    """`groups[i]` holds group i's candidate rows; `labels[i]` the gold candidate's row (-1: none) or a tuple
    of gold rows, whose summed probability is maximised. `hidden` > 0 adds a tanh hidden layer of that many
    units."""
    x, offsets, gold = _flatten(groups, labels)
    n, d = len(offsets), x.shape[1]
    group = np.repeat(np.arange(n), np.diff(np.append(offsets, len(x))))
    rng = np.random.default_rng(seed)
    ranker = Ranker(np.zeros(d, dtype=np.float32))
    params = [ranker.weights]
    if hidden:  # float32 throughout: the hidden layer's products dominate training time
        ranker.hidden = rng.normal(0.0, 0.1, (d, hidden)).astype(np.float32)
        ranker.hidden_bias = np.zeros(hidden, dtype=np.float32)
        ranker.out = rng.normal(0.0, 0.1, hidden).astype(np.float32)
        params += [ranker.hidden, ranker.hidden_bias, ranker.out]
    adam = _Adam(params, rate)
    for _ in range(steps):
        h = np.tanh(x @ ranker.hidden + ranker.hidden_bias) if hidden else None
        s = x @ ranker.weights + (h @ ranker.out if hidden else 0.0)
        s -= np.maximum.reduceat(s, offsets)[group]
        e = np.exp(s)
        p = e / np.add.reduceat(e, offsets)[group]
        # d(mean negative log-likelihood of the gold rows)/d(score): the candidate's probability minus its
        # share of the gold rows' probability (1 for a group's only gold row)
        right = p * gold
        ds = (p - right / np.add.reduceat(right, offsets)[group]).astype(np.float32)
        ds /= n
        grads = [x.T @ ds + l2 * ranker.weights]
        if hidden:
            dh = np.outer(ds, ranker.out) * (1.0 - h * h)
            grads += [x.T @ dh + l2 * ranker.hidden, dh.sum(axis=0), h.T @ ds + l2 * ranker.out]
        adam.step(grads)
    return ranker
