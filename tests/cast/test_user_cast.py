"""A cast the user gives (`--cast`): read from YAML and checked, one-line errors naming the file, and taken by
the cast stage as knowledge on the seed (names as given, a mentioned-only character joins, genders kept)."""

from __future__ import annotations

from dataclasses import replace
from functools import cache

import pytest
from paths import SEED, need

import ficlens
from ficlens.cast.settings import CAST_DEFAULTS
from ficlens.cast.user_cast import KnownCharacter, known_characters, load_cast, parse_cast
from ficlens.errors import CorruptFile, EmptyFile, UnreadableFile, UnsupportedFormat

SEED_CAST = """\
- name: Haruno Sakura
  aliases: [Sakura, Forehead]
  gender: female
- name: Yamanaka Ino
  aliases: [Ino, Ino-pig]
- Tenten
- name: Naruto
  gender: nonbinary
"""


@cache
def seed_with(cast: tuple[KnownCharacter, ...]) -> ficlens.Work:
    return ficlens.analyze(need(SEED), settings={"cast": replace(CAST_DEFAULTS, known=cast)})


def by_name(work: ficlens.Work) -> dict[str, ficlens.Character]:
    return {c.name: c for c in work.characters}


def test_a_cast_file_is_read_with_names_aliases_and_genders(tmp_path):
    path = tmp_path / "cast.yaml"
    path.write_text(SEED_CAST, encoding="utf-8")
    assert load_cast(path) == (
        KnownCharacter("Haruno Sakura", ("Sakura", "Forehead"), "female"),
        KnownCharacter("Yamanaka Ino", ("Ino", "Ino-pig")),
        KnownCharacter("Tenten"),
        KnownCharacter("Naruto", (), "nonbinary"),
    )


def test_the_seed_cast_takes_the_users_names_and_characters(tmp_path):
    path = tmp_path / "cast.yaml"
    path.write_text(SEED_CAST, encoding="utf-8")
    plain, given = by_name(ficlens.analyze(need(SEED))), by_name(seed_with(load_cast(path)))
    # the same people, called as the user calls them, with the aliases the text uses
    assert {"Ino", "Sakura"} <= set(plain) and not {"Yamanaka Ino", "Haruno Sakura"} & set(plain)
    assert set(given["Haruno Sakura"].aliases) == {"Sakura", "Forehead"}
    assert set(given["Yamanaka Ino"].aliases) == {"Ino", "Ino-pig"}
    assert given["Yamanaka Ino"].mentions == plain["Ino"].mentions
    # Tenten is only mentioned ("you miss Tenten and Neji"): no character of the text's own, one of the user's
    assert "Tenten" not in plain and given["Tenten"].mentions >= 1
    # the gender the user gives is the character's, whatever the pronouns say
    assert plain["Naruto"].gender == "male" and given["Naruto"].gender == "nonbinary"
    assert "Neji" not in given  # no one the user left out is added


def test_the_users_character_replaces_an_ao3_tag_sharing_a_name():
    known = [KnownCharacter("Sakura", ("Forehead",), "female")]
    tagged = known_characters(
        ["Haruno Sakura", "Uzumaki Naruto", "Original Characters"], known, use_tags=True
    )
    assert [t.tag for t in tagged] == ["Sakura", "Uzumaki Naruto"]
    assert tagged[0].gender == "female" and tagged[0].forms == ("Sakura", "Forehead")
    assert [t.tag for t in known_characters(["Uzumaki Naruto"], known, use_tags=False)] == ["Sakura"]


def test_bare_names_and_a_characters_mapping_are_accepted():
    assert parse_cast({"characters": ["Ino", {"name": "Lee", "aliases": "Bushy-Brows", "gender": "M"}]}) == (
        KnownCharacter("Ino"),
        KnownCharacter("Lee", ("Bushy-Brows",), "male"),
    )


@pytest.mark.parametrize(
    ("content", "error", "words"),
    [
        ("- name: Ino\n  aliases: [Ino-pig\n", CorruptFile, ("not valid YAML", "line")),
        ("", EmptyFile, ("no characters",)),
        ("[]", EmptyFile, ("no characters",)),
        ("name: Ino\n", UnsupportedFormat, ("a list of characters",)),
        ("- name: Ino\n  alias: [Ino-pig]\n", UnsupportedFormat, ("character 1", "unknown key 'alias'")),
        ("- aliases: [Ino-pig]\n", UnsupportedFormat, ("character 1's name", "missing")),
        (
            "- name: Ino\n  gender: sometimes\n",
            UnsupportedFormat,
            ("Ino's gender", "female, male or nonbinary"),
        ),
        (
            "- Ino\n- name: Sakura\n  aliases: [ino]\n",
            UnsupportedFormat,
            ("'ino' is given to two characters",),
        ),
        ("- 42\n", UnsupportedFormat, ("character 1 is int",)),
        ("- name: Ino\n  aliases: {a: b}\n", UnsupportedFormat, ("aliases are a list",)),
    ],
)
def test_a_bad_cast_file_is_one_line_naming_it(tmp_path, content, error, words):
    path = tmp_path / "cast.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(error) as caught:
        load_cast(path)
    message = str(caught.value)
    assert "\n" not in message and str(path) in message
    for word in words:
        assert word in message, message


def test_a_missing_cast_file(tmp_path):
    with pytest.raises(UnreadableFile, match="no such file"):
        load_cast(tmp_path / "nope.yaml")
