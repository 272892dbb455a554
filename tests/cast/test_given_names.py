"""Given-name gender from the census lists, and what it changes in a real novel."""

from __future__ import annotations

from paths import PDNC, need

import ficlens
from ficlens.cast import build_cast
from ficlens.cast.given_names import lexicon_gender, with_lexicon_genders
from ficlens.quotes import find_quotes


def test_lexicon_gender_only_when_one_sex_dominates():
    assert lexicon_gender("Henry") == "male" and lexicon_gender("Catherine") == "female"
    assert lexicon_gender("Sakura") is None and lexicon_gender("Willoughby") is None


def test_lexicon_overrides_pronouns_for_untitled_names_only():
    out = with_lexicon_genders(
        {"Henry Tilney": "female", "Mr. Henry": "female"}, ["Henry Tilney", "Mr. Henry"]
    )
    assert out == {"Henry Tilney": "male", "Mr. Henry": "female"}


def test_northanger_men_are_men_and_keep_their_surnames():
    work = build_cast(find_quotes(ficlens.read(need(PDNC / "NorthangerAbbey" / "novel_text.txt"))))
    (john,) = [c for c in work.characters if "John Thorpe" in c.aliases]
    assert john.gender == "male" and "Thorpe" in john.aliases and "Mrs. Thorpe" not in john.aliases
    (henry,) = [c for c in work.characters if "Henry Tilney" in c.aliases]
    assert henry.gender == "male"


def test_census_given_names_are_told_from_nicknames():
    from ficlens.cast.given_names import is_given_name

    assert is_given_name("Nancy") and is_given_name("martha")
    assert not is_given_name("Forehead") and not is_given_name("Ino-pig")
