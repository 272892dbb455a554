"""A conditional-logit candidate ranker in numpy: one weight vector, a softmax over each quote's candidates.

Training maximises the log-probability of the gold speaker among the candidates (quotes whose speaker is
not among them are left out of the loss), with L2 regularisation, by full-batch Adam. Small and fast:
the shipped model is a JSON list of weights per stage.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class Ranker:
    weights: np.ndarray

    def scores(self, rows: np.ndarray) -> np.ndarray:
        return rows @ self.weights

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        if len(rows) == 0:
            return np.zeros(0)
        s = self.scores(rows)
        e = np.exp(s - s.max())
        return e / e.sum()


def _flatten(groups: list[np.ndarray], labels: list[int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """All candidate rows stacked, the offset where each quote's rows begin, and the gold row's index.
    Only quotes with a gold candidate and a choice to make are kept."""
    keep = [(g, y) for g, y in zip(groups, labels) if y >= 0 and len(g) > 1]
    x = np.vstack([g for g, _ in keep]).astype(np.float64)
    sizes = np.array([len(g) for g, _ in keep])
    offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    gold = offsets + np.array([y for _, y in keep])
    return x, offsets, gold


def fit(groups: list[np.ndarray], labels: list[int], *, l2: float = 1e-3, steps: int = 300,
        rate: float = 0.05) -> Ranker:
    """`groups[i]` holds quote i's candidate rows; `labels[i]` the gold candidate's row, or -1."""
    x, offsets, gold = _flatten(groups, labels)
    n, d = len(offsets), x.shape[1]
    group = np.repeat(np.arange(n), np.diff(np.append(offsets, len(x))))
    w, m, v = np.zeros(d), np.zeros(d), np.zeros(d)
    for t in range(1, steps + 1):
        s = x @ w
        s -= np.maximum.reduceat(s, offsets)[group]
        e = np.exp(s)
        p = e / np.add.reduceat(e, offsets)[group]
        # Gradient of the mean negative log-likelihood: expected features minus the gold features.
        grad = (x.T @ p - x[gold].sum(axis=0)) / n + l2 * w
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad * grad
        w -= rate * (m / (1 - 0.9 ** t)) / (np.sqrt(v / (1 - 0.999 ** t)) + 1e-8)
    return Ranker(w)
