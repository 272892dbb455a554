"""A text naming thousands of people (a generated roll of names) is clustered in bounded time: the
clustering compares each name with each character so far, so only the most used names take part."""

from __future__ import annotations

import re
import time

from ficlens.cast import MAX_NAMES, build_cast
from ficlens.pipeline import read_bytes
from ficlens.quotes import find_quotes

_SYLLABLES = ("ka", "ro", "mi", "ta", "le", "su", "no", "ri", "ve", "an")
_NAME = re.compile(r"\b[A-Z][a-z]{7}\b")


def _names(n: int) -> list[str]:
    return ["".join(_SYLLABLES[(i // 10**k) % 10] for k in range(4)).capitalize() for i in range(n)]


def test_a_roll_of_thousands_of_names_keeps_the_most_used():
    names = _names(3000)
    leads = " ".join(f"{names[0]} smiled and {names[1]} laughed." for _ in range(30))
    roll = " ".join(f"{n} waved." for n in names)
    work = find_quotes(read_bytes(f"{leads}\n\n{roll}\n".encode(), name="roll.txt"))
    spans = [m.span() for m in _NAME.finditer(work.text)]
    started = time.process_time()
    build_cast(work, name_spans=spans)
    assert time.process_time() - started < 60
    assert len(work.characters) <= MAX_NAMES
    assert {names[0], names[1]} <= {c.name for c in work.characters}
