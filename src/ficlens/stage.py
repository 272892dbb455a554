"""A pipeline stage: a function over a `Work` that declares the fields it needs and the fields it fills.

As spaCy's components do with ``requires``/``assigns``: the pipeline's order is checked once, when it is
assembled (`check_order`), and a stage handed a work that lacks what it needs stops with `MissingLayer`
instead of computing the missing layer again on the quiet. A work records what has been filled in
`Work.layers` (field names; ``quotes.speaker`` is a field of every quote).

A stage with tunable parameters declares its settings: a frozen dataclass whose defaults are the tuned
values, which the stage function takes as ``settings=``. `ficlens.pipeline.settings()` lists them all, for
a corpus run's manifest; a trained model saves the settings it was trained with.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import update_wrapper
from typing import Any

from ficlens.model import READ_FIELDS, Work


class MissingLayer(ValueError):
    """A stage (or an output) was handed a work without a layer it needs."""


@dataclass(eq=False)
class Stage:
    name: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    func: Callable[..., Work]
    settings: Any = None  # the default settings (a frozen dataclass) the function runs with; None: none

    def __call__(self, work: Work, **options) -> Work:
        require(work, self.requires, by=f"the {self.name} stage")
        work = self.func(work, **options)
        provide(work, *self.assigns)
        return work


def stage(
    name: str, *, requires: Iterable[str], assigns: Iterable[str], settings: Any = None
) -> Callable[[Callable], Stage]:
    """Declare `func` a stage; the returned `Stage` is called like the function it wraps. `settings`: the
    stage's default settings, when it has any (its function takes them as ``settings=``)."""

    def declare(func: Callable[..., Work]) -> Stage:
        declared = Stage(name, tuple(requires), tuple(assigns), func, settings)
        update_wrapper(declared, func)  # its name and docstring, for help() and tracebacks
        return declared

    return declare


def require(work: Work, fields: Iterable[str], *, by: str) -> None:
    missing = [f for f in fields if f not in READ_FIELDS and f not in work.layers]
    if missing:
        raise MissingLayer(f"{by} needs {', '.join(missing)}, which no earlier stage has filled")


def provide(work: Work, *fields: str) -> None:
    """Record that `work` now holds `fields` (a stage's output, or gold annotations an evaluation sets)."""
    work.layers.extend(f for f in fields if f not in work.layers)


def check_order(stages: Iterable[Stage]) -> None:
    """Every stage's needs are met by the readers or an earlier stage, and no two stages fill one field."""
    filled = set(READ_FIELDS)
    for s in stages:
        if missing := [f for f in s.requires if f not in filled]:
            raise MissingLayer(f"the {s.name} stage needs {', '.join(missing)}, which no earlier stage fills")
        if twice := [f for f in s.assigns if f in filled]:
            raise ValueError(f"the {s.name} stage fills {', '.join(twice)} a second time")
        filled.update(s.assigns)
