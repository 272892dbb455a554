"""A scene or sentence naming a crowd (a generated roll of a thousand names) pairs only its most present
characters: co-presence stays linear in the text instead of growing with the square of the crowd."""

from __future__ import annotations

import itertools
import time

from ficlens.analysis import analyse
from ficlens.analysis.layout import Layout
from ficlens.analysis.network import interactions

_SYLLABLES = ("ka", "ro", "mi", "ta", "le", "su", "no", "ri", "ve", "an")


def _crowd(n: int) -> dict[str, list[str]]:
    names = ["".join(_SYLLABLES[(i // 10**k) % 10] for k in range(4)).capitalize() for i in range(n)]
    return {name: [name] for name in names}


def test_a_crowded_scene_pairs_its_most_present_characters_only(make_work):
    cast = _crowd(1000)
    leads = list(cast)[:3]
    text = (
        " ".join(f"{a} met {b}." for a, b in itertools.pairwise(leads)) * 20 + " " + ", ".join(cast) + ".\n"
    )
    work = make_work(text, cast)
    started = time.process_time()
    edges = [e for e in interactions(Layout(work)) if e.kind == "copresence"]
    analyse(work)
    assert time.process_time() - started < 20
    assert 3 <= len(edges) <= 5000  # a few thousand pairs at most, not the crowd's half a million
    assert {(e.source, e.target) for e in edges} >= {("C1", "C2"), ("C1", "C3"), ("C2", "C3")}


def test_character_stats_of_a_crowd_over_many_scenes_take_one_pass(make_work):
    """Each character's scenes, from one pass over the scenes (it was a scan of every scene per character)."""
    from ficlens.analysis.stats import character_stats

    cast = _crowd(2000)
    names = list(cast)
    text = "\n\n\n\n\n".join(f"{names[i % 2000]} met {names[(i + 1) % 2000]}." for i in range(5000)) + "\n"
    work = make_work(text, cast)
    assert len(work.scenes) == 5000
    started = time.process_time()
    stats = {s.name: s for s in character_stats(Layout(work))}
    assert time.process_time() - started < 5
    assert stats[names[1]].scenes == [1, 2, 2001, 2002, 4001, 4002]
