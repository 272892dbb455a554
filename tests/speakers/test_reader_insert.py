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


def readers(work):
    return [c for c in work.characters if c.reader]


def test_each_chapter_has_the_reader_its_title_names(work):
    """An anthology titled by pairing ("Male Reader/Male Vampire"): each chapter's "you" is the reader of its
    title, one character per reader tag across the chapters, each the point of view."""
    assert {c.name for c in readers(work)} == {
        "Female Reader - Character",
        "Male Reader",
        "Gender Neutral Reader - Character",
    }
    assert all(c.pov and not c.narrator for c in readers(work))
    assert not any(c.name == READER for c in work.characters)
    # the contract's ids: C1, C2, ... by mentions, most mentioned first
    assert [c.id for c in work.characters] == [f"C{i}" for i in range(1, len(work.characters) + 1)]
    assert [c.mentions for c in work.characters] == sorted(
        (c.mentions for c in work.characters), reverse=True
    )
    names = {c.id: c.name for c in work.characters}
    for chapter in work.chapters:
        you = [m for m in work.mentions if chapter.start <= m.start < chapter.end and m.character in names]
        owners = {names[m.character] for m in you if m.text.lower() in ("you", "your", "yours", "yourself")}
        reader_side = chapter.title.split("/")[0].lower()  # "Trans Male Reader", "Gender neutral reader"
        (owner,) = owners & {c.name for c in readers(work)}
        assert owner.lower().removesuffix(" - character").split()[0] in reader_side


def test_quotes_tagged_you_are_the_readers(work):
    ids = {c.id for c in readers(work)}
    tagged_you = [
        q for q in work.quotes if re.match(r"[\"”]?\s*[Yy]ou [a-z]+ed\b", work.text[q.end : q.end + 30])
    ]
    assert len(tagged_you) >= 20
    assert sum(q.speaker in ids for q in tagged_you) >= 0.7 * len(tagged_you)
    tagged_he = [
        q for q in work.quotes if re.match(r"[\"”]?\s*[Hh]e [a-z]+ed\b", work.text[q.end : q.end + 30])
    ]
    assert len(tagged_he) >= 10
    assert sum(q.speaker in ids for q in tagged_he) <= 0.2 * len(tagged_he)


def test_each_chapter_partner_speaks_its_he_tags(work):
    """The partner a chapter's title names and the text calls only "your lover" and "he" is a character of
    its own, named by its tag, male by its noun, and says that chapter's "he stuttered" lines (nearly all: a
    "he smiled" line right after his own may go to whoever the turn-taking offers), not the man of another
    chapter."""
    chapter = next(c for c in work.chapters if c.title == "Gender neutral reader/Sharkman")
    (partner,) = [c for c in work.characters if c.name == "sharkman - Character"]
    assert partner.gender == "male"
    tagged_he = [
        q
        for q in work.quotes
        if chapter.start <= q.start < chapter.end
        and re.match(r"[\"”]?\s*[Hh]e [a-z]+ed\b", work.text[q.end : q.end + 30])
    ]
    assert len(tagged_he) >= 5 and sum(q.speaker == partner.id for q in tagged_he) >= 0.8 * len(tagged_he)
