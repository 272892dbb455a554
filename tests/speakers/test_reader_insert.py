"""A second-person reader-insert (an AO3 work told to "you"): the reader is the point-of-view character and
speaks the quotes the narration tags "you whined", "you begged"."""

from __future__ import annotations

import re

import pytest
from paths import AO3_PAGES, need

import ficlens
from ficlens.model import READER


@pytest.fixture(scope="module")
def work():
    return ficlens.analyze(need(AO3_PAGES / "20907563-tagwall-10ch.html"))


def test_the_reader_is_the_point_of_view_character(work):
    (reader,) = [c for c in work.characters if c.name == READER]
    assert reader.pov and not reader.narrator and reader.aliases == ["you"]
    assert not any(c.pov for c in work.characters if c is not reader)
    you = [m for m in work.mentions if m.character == reader.id]
    assert len(you) > 1000 and all(m.text.lower() in ("you", "your", "yours", "yourself") for m in you)


def test_quotes_tagged_you_are_the_readers(work):
    (reader,) = [c for c in work.characters if c.name == READER]
    tagged_you = [
        q for q in work.quotes if re.match(r"[\"”]?\s*[Yy]ou [a-z]+ed\b", work.text[q.end : q.end + 30])
    ]
    assert len(tagged_you) >= 20
    assert sum(q.speaker == reader.id for q in tagged_you) >= 0.7 * len(tagged_you)
    tagged_he = [
        q for q in work.quotes if re.match(r"[\"”]?\s*[Hh]e [a-z]+ed\b", work.text[q.end : q.end + 30])
    ]
    assert len(tagged_he) >= 10
    assert sum(q.speaker == reader.id for q in tagged_he) <= 0.2 * len(tagged_he)


def test_a_how_to_written_to_you_has_no_reader():
    # an AO3 post on site skins: "if you block the tag Romance", and no one in it the narration calls he or she
    how_to = ficlens.analyze(need(AO3_PAGES / "41214669-two-series.html"))
    assert READER not in {c.name for c in how_to.characters}
