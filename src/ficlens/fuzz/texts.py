"""Pathological texts: the test suite's catalogue (tests/pathological_texts.py, `PATHOLOGICAL`: name ->
fn(size) -> str) when the checkout has it, and always a few of the fuzzer's own, the shapes that hung or
crashed ficlens before (runs of dots and apostrophes, nested quotes, dialogue with no named speaker,
guillemets, cp1252 quotes, one huge dialogue paragraph)."""

from __future__ import annotations

import importlib.util
import random
import time
from collections.abc import Callable
from functools import cache
from pathlib import Path

TextMaker = Callable[[int], str]


def _repeat(unit: str) -> TextMaker:
    return lambda size: (unit * (size // len(unit) + 1))[: max(size, len(unit))]


OWN: dict[str, TextMaker] = {
    "dots": lambda size: "She waited" + "." * size + " Then he came.\n",
    "ellipses": lambda size: "She waited" + "…" * size + " Then he came.\n",
    "apostrophes": lambda size: "It was" + "'" * size + " late.\n",
    "straight quotes": lambda size: "He said " + '"' * size + "\n",
    "nested quotes": lambda size: "“A ‘b " * (size // 12) + "end" + "’ b” a" * (size // 12) + "\n",
    "nameless dialogue": _repeat("“hi,” she said. “yo,” he said. "),
    "nameless dialogue paragraphs": _repeat("“hi,” she said.\n\n“yo,” he said.\n\n"),
    "guillemets": _repeat("«Bonjour», dit-elle. «Salut», répondit-il. » « "),
    "cp1252 quotes": _repeat("\x93hi,\x94 she said. \x91yo,\x92 he said. "),
    "one dialogue paragraph": lambda size: "“" + "words and more words, " * (size // 23) + "” she said.\n",
    # markup-like prose: a tag opened and never closed, and a long run of angle brackets
    "unclosed tag": lambda size: "He met <A" + "b" * size + " there.\n",
    "unclosed tag with attributes": lambda size: '<p class="x"' + ' a="b"' * (size // 6) + "\n",
    "angle brackets": lambda size: "She wrote " + "<" * size + " and " + ">" * (size // 2) + "\n",
}


@cache
def catalogue() -> dict[str, TextMaker]:
    """Every pathological text maker: the suite's catalogue (when present) and the fuzzer's own."""
    makers = dict(OWN)
    suite = _suite_catalogue()
    makers.update({f"suite: {name}": fn for name, fn in suite.items()})
    return makers


def _suite_catalogue() -> dict[str, TextMaker]:
    try:
        from pathological_texts import PATHOLOGICAL  # on sys.path under pytest (tests/ is a pythonpath)

        return dict(PATHOLOGICAL)
    except ImportError:
        pass
    path = Path(__file__).resolve().parents[3] / "tests" / "pathological_texts.py"
    if not path.is_file():
        return {}
    spec = importlib.util.spec_from_file_location("ficlens_fuzz_pathological_texts", path)
    if spec is None or spec.loader is None:
        return {}
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except Exception:
        return {}
    return dict(getattr(module, "PATHOLOGICAL", {}))


@cache
def make(name: str, size: int) -> str:
    """One maker's text, made once per process (a maker may itself be slow on large sizes)."""
    return catalogue()[name](size)


def sizes(most: int) -> tuple[int, ...]:
    """The sizes of pathological texts up to `most` characters."""
    return 100, 1000, 10_000, most // 4, most


def prewarm(most: tuple[int, ...], slow_s: float = 0.05) -> None:
    """Make, once and before the workers fork, the texts of makers that are slow (a maker quadratic in its
    size would otherwise be paid in every worker)."""
    for name in sorted(catalogue()):
        begun = time.perf_counter()
        make(name, 10_000)
        if time.perf_counter() - begun > slow_s:
            for limit in most:
                for size in sizes(limit):
                    make(name, size)


def pathological_passage(rng: random.Random, size: int) -> str:
    return make(rng.choice(sorted(catalogue())), size)


def pathological_text(rng: random.Random, size: int) -> tuple[str, str]:
    """A named pathological text of about `size` characters, sometimes inside ordinary prose."""
    name = rng.choice(sorted(catalogue()))
    text = make(name, size)
    if rng.random() < 0.3:
        prose = "The rain had stopped. “Where were you?” Anna asked. “Out,” said Ben.\n\n"
        text = prose * 3 + text + "\n\n" + prose * 3
    return name, text
