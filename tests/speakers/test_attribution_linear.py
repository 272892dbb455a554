"""Attribution's work per quote is bounded: one huge paragraph of dialogue among many named people costs
time in proportion to its length (issue 12: every stage linear in its input)."""

from __future__ import annotations

import random
import re
import time

from ficlens.model import Character, Mention
from ficlens.pipeline import read_bytes
from ficlens.quotes import find_quotes
from ficlens.speakers import attribute
from ficlens.stage import provide


def _named_dialogue_paragraph(quotes: int) -> bytes:
    rng = random.Random(3)
    names = [
        f"{a}{b}" for a in ("Ka", "Ro", "Mi", "Ta", "Le", "Su") for b in ("ren", "lin", "dor", "vek", "sa")
    ]
    parts = [f"“Come on,” {rng.choice(names)} said to {rng.choice(names)}." for _ in range(quotes)]
    return (" ".join(parts) + "\n").encode()


_NAME = re.compile(r"\b[A-Z][a-z]+(?:ren|lin|dor|vek|sa)\b")


def _work_with_cast(quotes: int):
    """The paragraph, its quotes and a cast of every name with its mentions (no NER, to time attribution)."""
    work = find_quotes(read_bytes(_named_dialogue_paragraph(quotes), name="dialogue.txt"))
    found = {m.group(): None for m in _NAME.finditer(work.text)}
    work.characters = [Character(id=f"C{i}", name=n, aliases=[n]) for i, n in enumerate(found, 1)]
    ids = {c.name: c.id for c in work.characters}
    work.mentions = [
        Mention(m.start(), m.end(), m.group(), ids[m.group()], "name") for m in _NAME.finditer(work.text)
    ]
    provide(work, "characters", "mentions")
    return work


def _attribution_seconds(quotes: int) -> float:
    work = _work_with_cast(quotes)
    started = time.process_time()  # CPU time: a busy machine slows the wall clock, not this
    attribute(work)
    assert len(work.quotes) == quotes
    assert sum(q.speaker is not None for q in work.quotes) > quotes // 2
    return time.process_time() - started


def test_a_huge_paragraph_of_named_dialogue_is_attributed_in_linear_time():
    _attribution_seconds(100)  # the first call pays for loading the model
    small, large = _attribution_seconds(500), _attribution_seconds(2000)
    assert large < 30
    assert large < 6 * max(small, 0.05)  # four times the quotes: about four times the time (was nine times)
