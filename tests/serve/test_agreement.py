"""Authors' relationship tags against the pair the text centres on."""

from __future__ import annotations

from ficlens.serve.agreement import parse_tag, status


def test_a_tag_gives_its_sides_and_kind_without_the_fandom_in_brackets():
    tag = parse_tag("Solas (Dragon Age)/Female Lavellan")
    assert tag.kind == "romantic"
    assert tag.sides == (frozenset({"solas"}), frozenset({"female", "lavellan"}))
    assert parse_tag("Avengers Team & Avengers Team").kind == "platonic"
    assert parse_tag("Slow Burn") is None


def test_a_full_name_tag_names_the_pair_the_text_calls_by_first_names():
    tags = ["Haruno Sakura/Yamanaka Ino"]
    assert status(tags, ["Ino", "Sakura"], "romantic") == "agrees"
    assert status(tags, ["Ino", "Sakura"], "platonic") == "kind differs"
    assert status(tags, ["Ino", "Naruto"], "romantic") == "disagrees"


def test_both_names_must_fall_on_different_sides():
    assert status(["Uzumaki Naruto/Uzumaki Kushina"], ["Naruto", "Kushina"], "romantic") == "agrees"
    assert status(["Ino/Sakura"], ["Ino", "Ino"], "romantic") == "disagrees"


def test_works_without_pair_tags_or_without_a_pair_are_told_apart():
    assert status([], ["A", "B"], "romantic") == "untagged"
    assert status(["Fluff"], ["A", "B"], "romantic") == "untagged"
    assert status(["Ann/Bo"], None, None) == "no pair found"
