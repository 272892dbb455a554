"""Person evidence on real fan fiction: places, peoples and things the name finder took for names are no
characters; every person who speaks again and again stays."""

from __future__ import annotations

from dataclasses import replace

import pytest
from paths import AO3_PAGES, SEED, need

import ficlens
from ficlens.cast.settings import CAST_DEFAULTS

WITHOUT = {"cast": replace(CAST_DEFAULTS, need_person_evidence=False)}


@pytest.fixture(scope="module")
def dragon_age():
    path = need(AO3_PAGES / "17793689-ch1-of-wip.html")
    return ficlens.analyze(path), ficlens.analyze(path, settings=WITHOUT)


def _names(work) -> set[str]:
    return {a for c in work.characters for a in [c.name, *c.aliases]}


def test_a_place_is_no_character(dragon_age):
    kept, unfiltered = dragon_age
    assert "Thedas" in _names(unfiltered)  # the world's name, capitalised like a person's
    assert "Thedas" not in _names(kept)


def test_everyone_who_speaks_again_and_again_stays(dragon_age):
    kept, unfiltered = dragon_age
    # one line is not enough: "the Guild" answering once as a group is no person
    spoken = {c.name for c in unfiltered.characters if c.quotes >= 2}
    assert spoken <= {c.name for c in kept.characters}


def test_the_seed_keeps_its_cast():
    work = ficlens.analyze(need(SEED))
    assert {"Ino", "Sakura", "Naruto", "Lee"} <= {c.name for c in work.characters}
