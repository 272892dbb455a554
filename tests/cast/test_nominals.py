"""Nominal speakers on real text: Alice's King and Queen, and what is no person."""

from __future__ import annotations

from paths import PDNC, need

import ficlens
from ficlens.cast import build_cast
from ficlens.cast.nominals import nominal_speakers
from ficlens.quotes import find_quotes


def test_speech_tag_descriptions_are_found_with_their_occurrences():
    text = (
        "“Go,” said the Cabman. “No,” said the other. “Stop,” said the Cabman.\n\n"
        "The Cabman drove on. “Now,” said the Cabman."
    )
    (cabman,) = nominal_speakers(text, lambda pos: False)
    assert (cabman.head, cabman.tags) == ("cabman", 3)
    assert [text[s:e] for s, e in cabman.spans] == ["the Cabman", "the Cabman", "The Cabman", "the Cabman"]
    assert nominal_speakers(text, lambda pos: False, min_tags=4) == []
    named = text + "\n\nThe Cabman Smith left."  # part of a name: no occurrence of the description
    assert len(nominal_speakers(named, lambda pos: False)[0].spans) == 4


def test_alice_king_and_queen_are_characters():
    work = build_cast(
        find_quotes(ficlens.read(need(PDNC / "AlicesAdventuresInWonderland" / "novel_text.txt")))
    )
    for description in ("the King", "the Queen"):
        owners = [c for c in work.characters if description in c.aliases]
        assert len(owners) == 1
        assert sum(m.kind == "nominal" and m.character == owners[0].id for m in work.mentions) >= 10
    assert not any(a.lower() in ("the other", "the others") for c in work.characters for a in c.aliases)


def test_an_adjective_keeps_its_noun_and_manner_verbs_make_tags():
    text = (
        "“Go,” said the old man. “No,” crooned the old man. “Stop,” said the Invisible Man. “Ha,” the old man "
        "said. “Ho,” said the Invisible Man. “Hm,” said the invisible man."
    )
    found = {n.head: n.tags for n in nominal_speakers(text, lambda pos: False)}
    assert found == {"old man": 3, "invisible man": 3}  # never "old" or "invisible" alone


def test_a_description_s_noun_may_give_a_gender():
    from ficlens.cast.nominals import noun_gender

    assert [noun_gender(h) for h in ("landlady", "waitress", "young lady")] == ["female"] * 3
    assert [noun_gender(h) for h in ("policeman", "old man", "king")] == ["male"] * 3
    assert [noun_gender(h) for h in ("stranger", "doctor", "German", "dress")] == [None] * 4
    # kin and address as PDNC's tags write them ("said her grandmother", "replied her ladyship", "the lad")
    assert [noun_gender(h) for h in ("grandmother", "mamma", "ladyship")] == ["female"] * 3
    assert [noun_gender(h) for h in ("grandfather", "papa", "lordship", "lad")] == ["male"] * 4
    assert [noun_gender(h) for h in ("salad", "ladder")] == [None] * 2


def test_a_head_ends_on_a_noun():
    """ "said the other in a whisper" and "said the little old [man]" have no noun: no description speaks."""
    text = (
        "“Go,” said the other in a whisper. “No,” said the other in a rage. “Hm,” said the little old "
        "fellow. “Ha,” said the little old one.\n\n“Yes,” said the police. “No,” said the police."
    )
    assert nominal_speakers(text, lambda pos: False) == []
