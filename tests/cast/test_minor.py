"""`--min-mentions`: minor characters leave the cast after attribution, their quotes unattributed, the ids of
those kept unchanged, and the analysis sees only those kept."""

from __future__ import annotations

from paths import SEED, need

import ficlens


def test_characters_under_the_threshold_leave_the_seed_and_its_analysis():
    plain = ficlens.analyze(need(SEED))
    mentions = {c.name: c.mentions for c in plain.characters}
    threshold = mentions["Sakura"]  # Lee and Naruto are mentioned less than Sakura in the seed
    assert mentions["Lee"] < threshold and mentions["Naruto"] < threshold
    work = ficlens.analyze(need(SEED), min_mentions=threshold)
    kept = {c.id: c.name for c in work.characters}
    assert set(kept.values()) == {"Ino", "Sakura"}
    assert kept == {c.id: c.name for c in plain.characters if c.name in ("Ino", "Sakura")}  # ids as before
    dropped = {c.id for c in plain.characters} - set(kept)
    # their lines stay, said by no one now: never handed to someone kept
    for before, after in zip(plain.quotes, work.quotes, strict=True):
        assert after.speaker == (None if before.speaker in dropped else before.speaker)
        assert set(after.addressees) <= set(kept)
    assert {m.character for m in work.mentions} <= {*kept, None}
    assert {i.source for i in work.interactions} | {i.target for i in work.interactions} <= set(kept)
    assert all(set(r.pair) <= set(kept) for r in work.relationships)
    assert {s.id for s in work.character_stats} <= set(kept)


def test_a_character_the_user_names_stays_however_rare():
    work = ficlens.analyze(need(SEED), cast=["Tenten"], min_mentions=5)
    assert "Tenten" in {c.name for c in work.characters}
