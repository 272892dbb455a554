import pytest

from ficlens.analysis import Layout
from ficlens.analysis.stats import character_stats
from ficlens.model import Scene


def test_seed_character_stats(seed_work):
    stats = {s.name: s for s in character_stats(Layout(seed_work))}
    assert sum(s.dialogue_share for s in stats.values()) == pytest.approx(1, abs=1e-3)
    assert stats["Ino"].words_spoken == max(s.words_spoken for s in stats.values())
    assert stats["Tenten"].words_spoken == 0 and stats["Tenten"].quotes == 0
    first_ino = min(m.start for m in seed_work.mentions if m.character == "C1")
    assert stats["Ino"].first_offset == first_ino
    assert stats["Ino"].first_scene == stats["Ino"].scenes[0]
    assert stats["Ino"].last_scene == stats["Ino"].scenes[-1] == seed_work.scenes[-1].index
    assert len(stats["Ino"].scenes) > len(stats["Lee"].scenes) > 0


def test_appearances_count_only_inside_scenes(make_work):
    text = "Mara\n\nMara waits. Jonah comes.\n\n\n\n\nJonah leaves. Mara stays."
    work = make_work(text, {"Mara": ["Mara"], "Jonah": ["Jonah"]})
    cut = text.index("Jonah leaves")
    # The first line is a heading, outside the scenes.
    work.scenes = [Scene(1, 1, text.index("Mara waits"), cut), Scene(2, 1, cut, len(text))]
    stats = {s.name: s for s in character_stats(Layout(work))}
    assert stats["Mara"].first_offset == text.index("Mara waits")
    assert (stats["Mara"].first_scene, stats["Mara"].last_scene) == (1, 2)
    assert stats["Mara"].scenes == [1, 2] and stats["Jonah"].scenes == [1, 2]
    assert stats["Jonah"].last_offset == text.index("Jonah leaves")
