"""Chapter pairings: the sides of a chapter title like "Female Reader/Male Werewolf", matched to the work's
character tags (those of the anthology in the AO3 fixtures)."""

from __future__ import annotations

import pytest
from paths import AO3_PAGES, need

import ficlens
from ficlens.cast.chapter_pairings import chapter_pairings, matching_tags, parse_side
from ficlens.model import Chapter, Work


@pytest.fixture(scope="module")
def tags():
    return ficlens.read(need(AO3_PAGES / "20907563-tagwall-10ch.html")).metadata.characters


def test_a_side_reads_its_gender_and_whether_it_is_the_reader():
    side = parse_side("Trans Male Reader")
    assert side.reader and side.gender == "male" and side.words == {"reader"}
    side = parse_side("Gender neutral reader")
    assert side.reader and side.gender == "nonbinary"
    side = parse_side("Male Werewolf")
    assert not side.reader and side.gender == "male" and side.words == {"werewolf"}
    assert parse_side("Tentacles").words == {"tentacle"}


def test_sides_meet_the_tags_that_are_them(tags):
    assert matching_tags(parse_side("Trans Male Reader"), tags) == ["Male Reader"]
    assert matching_tags(parse_side("Gender neutral reader"), tags) == ["Gender Neutral Reader - Character"]
    assert matching_tags(parse_side("Male Werewolf"), tags) == [
        "Werewolf Character(s)",
        "Original Werewolf Character(s)",
    ]
    assert matching_tags(parse_side("Female Spellcaster"), tags) == ["Spell caster"]  # words run together
    assert "Original Orc Character(s)" in matching_tags(parse_side("Male Orc"), tags)
    assert matching_tags(parse_side("Spider Monster Thing"), tags) == []


def _work(*titles: str) -> Work:
    work = ficlens.read_text("Words of a chapter. " * 5 * len(titles))
    work.chapters = [Chapter(i, t, i * 100, i * 100 + 100) for i, t in enumerate(titles)]
    return work


def test_only_titles_whose_sides_are_people_are_pairings(tags):
    work = _work(
        "Kakashi x Reader",
        "Love/Hate",
        "Part 1/2",
        "Female Reader/Male Werewolf",
        "Sasuke/Naruto",
        "Kakashi x Y/N",
        "Reader/",
        "A/B",
    )
    found = chapter_pairings(work, tags, known={"sasuke", "a"})
    assert [(p.start, [s.text for s in p.sides]) for p in found] == [
        (0, ["Kakashi", "Reader"]),
        (300, ["Female Reader", "Male Werewolf"]),
        (400, ["Sasuke", "Naruto"]),
        (500, ["Kakashi", "Reader"]),  # Y/N is the reader
    ]
