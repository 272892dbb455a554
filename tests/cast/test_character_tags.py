"""AO3's character tags as knowledge for the cast, on the shared AO3 pages: tags parsed (synonyms,
disambiguations, nicknames, generic kinds), the text's forms of one tagged character joined under its tag,
and nothing of it when the tags are left unread."""

from __future__ import annotations

import pytest
from paths import AO3_PAGES, need

import ficlens
from ficlens.cast.character_tags import parse_tags
from ficlens.pipeline import without_tags


def _tags(page: str):
    return parse_tags(ficlens.read(need(AO3_PAGES / page)).metadata.characters)


def test_synonyms_nicknames_and_disambiguations_are_read():
    tags = {t.tag: t for t in _tags("37214506-chatfic-ch1.html")}
    assert "Natasha Romanov" in tags and "Thor" in tags  # "(Marvel)" dropped
    assert tags['James "Rhodey" Rhodes'].forms == ("James Rhodes", "Rhodey")
    assert tags['James "Rhodey" Rhodes'].given == "james"
    dragon_age = {t.tag: t for t in _tags("17793689-ch1-of-wip.html")}
    assert dragon_age["Fen'Harel | Solas"].forms == ("Fen'Harel", "Solas")
    assert dragon_age["Inquisitor"].gender == "female"  # "Female Inquisitor (Dragon Age)"


def test_kinds_of_character_are_no_characters():
    tags = {t.tag for t in _tags("20907563-tagwall-10ch.html")}
    assert not tags & {
        "Reader",
        "Reader - Character",
        "Werewolf Character",
        "Gender Neutral Reader - Character",
    }


def test_given_name_found_in_either_order():
    tags = {t.tag: t.given for t in _tags("29046888-7ch-series.html")}
    assert tags["Ashido Mina"] == "mina"  # family name first, as the fandom tags it


@pytest.fixture(scope="module")
def mha():
    path = need(AO3_PAGES / "29046888-7ch-series.html")
    return ficlens.analyze(path), ficlens.analyze(path, settings=without_tags())


def test_the_forms_of_a_tagged_character_are_one_character_named_by_its_tag(mha):
    tagged, _ = mha
    by_alias = {a: c for c in tagged.characters for a in c.aliases}
    assert by_alias["Kaminari"] is by_alias["Denki"]
    assert by_alias["Kaminari"].name == "Kaminari Denki"
    assert by_alias["Kirishima"] is by_alias["Eijirou"]


def test_without_tags_the_text_alone_decides(mha):
    tagged, untagged = mha
    assert "Kaminari Denki" not in {c.name for c in untagged.characters}
    assert [q.text for q in tagged.quotes] == [q.text for q in untagged.quotes]


def test_a_tagged_surname_after_a_found_given_name_makes_one_full_name():
    # the text opens "Fenina Lavellan sighed"; the name finder sees "Fenina", the tags say "Lavellan"
    work = ficlens.analyze(need(AO3_PAGES / "17793689-ch1-of-wip.html"))
    (fenina,) = [c for c in work.characters if "Fenina" in c.aliases]
    assert "Fenina Lavellan" in fenina.aliases
    assert not [c for c in work.characters if c.aliases == ["Lavellan"]]


def test_a_given_name_two_tagged_characters_carry_is_no_character_of_its_own():
    # "James' name was changed to Rhodey", "James' name was changed to Bucky"
    work = ficlens.analyze(need(AO3_PAGES / "37214506-chatfic-ch1.html"))
    names = {c.name for c in work.characters}
    assert "James" not in names
    assert {'James "Rhodey" Rhodes', 'James "Bucky" Barnes'} <= names
