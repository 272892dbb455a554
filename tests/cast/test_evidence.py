"""Person evidence on real fan fiction: places, peoples and things the name finder took for names are no
characters; every person who speaks again and again stays."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

import pytest
from paths import AO3_PAGES, SEED, need

import ficlens
from ficlens.cast.aliases import Cluster, parse_name
from ficlens.cast.evidence import is_person
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
    # "I live in Val Royeaux": a given name's word ("Val"), but only ever after "in"
    assert "Val Royeaux" not in _names(kept)


def test_everyone_who_speaks_again_and_again_stays(dragon_age):
    kept, unfiltered = dragon_age
    # one line is not enough: "the Guild" answering once as a group is no person
    spoken = {c.name for c in unfiltered.characters if c.quotes >= 2}
    assert spoken <= {c.name for c in kept.characters}


def test_the_seed_keeps_its_cast():
    work = ficlens.analyze(need(SEED))
    assert {"Ino", "Sakura", "Naruto", "Lee"} <= {c.name for c in work.characters}


def test_a_name_said_in_oaths_is_a_character_only_when_it_speaks():
    sworn = ficlens.analyze(need(AO3_PAGES / "41822007-workskin.html"))
    # "says God." - in this work God is a character who speaks
    assert "God" in _names(sworn)

    text = "Oh God, he thought. God knows why. He asked God to let him live."
    spans = [(m.start(), m.end()) for m in re.finditer("God", text)]
    oath = Cluster(names=Counter({"God": 3}), parsed=[parse_name("God")])
    assert not is_person(oath, {"God": spans}, text, {"God"})
    spoken = "“Good morning,” says God."
    assert is_person(oath, {"God": [(21, 24)]}, spoken, set())


def test_a_given_name_always_after_the_is_a_thing():
    text = "She was weakened by the Mark which had allowed her to tear down the Veil. The Mark glowed."
    spans = [(m.start(), m.end()) for m in re.finditer("Mark", text)]
    mark = Cluster(names=Counter({"Mark": 2}), parsed=[parse_name("Mark")])
    assert not is_person(mark, {"Mark": spans}, text, set())
    text = "Mark came in late. The Mark of Cain, he said."
    spans = [(m.start(), m.end()) for m in re.finditer("Mark", text)]
    assert is_person(mark, {"Mark": spans}, text, set())
