"""Ordered registries of the speaker ranker's features: each a name and a small function of a view of the
quote (what the features share) and one candidate."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

import numpy as np

View = TypeVar("View")


@dataclass(frozen=True)
class Feature(Generic[View]):
    name: str
    value: Callable[[View, str], float]


class FeatureRegistry(Generic[View]):
    """Features in column order. Registration order is the rows' column order and the order of the names the
    shipped model stores and checks on loading: a new feature goes last, and the model is retrained."""

    def __init__(self) -> None:
        self.features: list[Feature[View]] = []

    def register(self, value: Callable[[View, str], float]) -> Callable[[View, str], float]:
        """Decorator: the function's name is the feature's."""
        if value.__name__ in self.names:
            raise ValueError(f"feature {value.__name__!r} registered twice")
        self.features.append(Feature(value.__name__, value))
        return value

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.features)

    def __len__(self) -> int:
        return len(self.features)

    def rows(self, view: View, candidates: Sequence[str]) -> np.ndarray:
        """One float32 row per candidate, one column per feature."""
        values = [f.value for f in self.features]
        if not candidates:
            return np.zeros((0, len(values)), dtype=np.float32)
        return np.array([[value(view, c) for value in values] for c in candidates], dtype=np.float32)
