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


def _pack(groups: list[np.ndarray], labels: list[int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pad to (quotes, max candidates, features) with a mask; only groups with a gold label are kept."""
    keep = [(g, y) for g, y in zip(groups, labels) if y >= 0 and len(g) > 1]
    width = max(len(g) for g, _ in keep)
    nfeat = keep[0][0].shape[1]
    x = np.zeros((len(keep), width, nfeat), dtype=np.float64)
    mask = np.zeros((len(keep), width), dtype=bool)
    y = np.zeros(len(keep), dtype=np.int64)
    for i, (g, label) in enumerate(keep):
        x[i, :len(g)] = g
        mask[i, :len(g)] = True
        y[i] = label
    return x, mask, y


def fit(groups: list[np.ndarray], labels: list[int], *, l2: float = 1e-3, steps: int = 400,
        rate: float = 0.05) -> Ranker:
    """`groups[i]` holds quote i's candidate rows; `labels[i]` the gold candidate's row, or -1."""
    x, mask, y = _pack(groups, labels)
    n, _, d = x.shape
    w = np.zeros(d)
    m = np.zeros(d)
    v = np.zeros(d)
    rows = np.arange(n)
    for t in range(1, steps + 1):
        s = np.where(mask, x @ w, -1e9)
        s -= s.max(axis=1, keepdims=True)
        p = np.exp(s) * mask
        p /= p.sum(axis=1, keepdims=True)
        # Gradient of the mean negative log-likelihood: expected features minus gold features.
        grad = (np.einsum("nk,nkd->d", p, x) - x[rows, y].sum(axis=0)) / n + l2 * w
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad * grad
        w -= rate * (m / (1 - 0.9 ** t)) / (np.sqrt(v / (1 - 0.999 ** t)) + 1e-8)
    return Ranker(w)
