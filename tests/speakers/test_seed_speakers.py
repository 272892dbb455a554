"""The seed end to end: its 36 quotations, each with the speaker a reader gives it.

The speakers below are this project's hand annotation of the seed (read from the text, one per quotation
in text order); the issue's bar is 33 of 36 right, with the pipeline's own quotes and cast."""

from __future__ import annotations

import pytest
from paths import SEED, need

import ficlens

# Q1..Q36. Q18-Q19 "'Ino,' he says" follow "Lee approaches her as Naruto takes over": Lee.
SPEAKERS = [
    "Ino",
    "Ino",
    "Sakura",
    "Ino",
    "Ino",
    "Ino",
    "Ino",
    "Ino",
    "Sakura",
    "Ino",
    "Naruto",
    "Ino",
    "Naruto",
    "Naruto",
    "Ino",
    "Ino",
    "Naruto",
    "Lee",
    "Lee",
    "Ino",
    "Ino",
    "Lee",
    "Ino",
    "Ino",
    "Lee",
    "Ino",
    "Ino",
    "Lee",
    "Lee",
    "Ino",
    "Lee",
    "Ino",
    "Ino",
    "Lee",
    "Lee",
    "Lee",
]


@pytest.fixture(scope="module")
def seed():
    return ficlens.analyze(need(SEED))


def _named(work):
    name = {c.id: c.name for c in work.characters}
    return [name.get(q.speaker) for q in work.quotes]


def test_seed_speakers_meet_the_bar(seed):
    assert len(seed.quotes) == len(SPEAKERS)
    right = sum(p == g for p, g in zip(_named(seed), SPEAKERS, strict=False))
    assert right >= 33, list(zip(_named(seed), SPEAKERS, strict=False))


def test_seed_addressees_are_named_characters_other_than_the_speaker(seed):
    ids = {c.id for c in seed.characters}
    assert all(q.speaker not in q.addressees and set(q.addressees) <= ids for q in seed.quotes)
    name = {c.id: c.name for c in seed.characters}
    first = seed.quotes[0]  # "Forehead," Ino says: to Sakura
    assert [name[a] for a in first.addressees] == ["Sakura"]
    # Ino going on without a reply ("Huffing, she says, "and all you ever do is train these days."") still
    # speaks to Sakura
    assert [name[a] for a in seed.quotes[5].addressees] == ["Sakura"]
    assert all(q.addressees for q in seed.quotes)


def test_seed_quote_types_follow_the_tags(seed):
    types = [q.type for q in seed.quotes]
    assert types[0:2] == ["explicit", "explicit"]  # "Forehead," Ino says, "let's go out."
    assert types[2] == "implicit"  # "I can't, Ino-pig. I'm busy." (no tag)
    assert types[22] == "anaphoric"  # "I don't mean in the way ...," she says
