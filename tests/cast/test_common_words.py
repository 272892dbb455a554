"""The everyday-word list from the UD English Web Treebank."""

from __future__ import annotations

import json

from paths import UD_EWT, need

from ficlens.cast.common_words import PATH, common_pos
from ficlens.training.common_words import build


def test_everyday_words_and_their_parts_of_speech():
    assert common_pos("Obviously") == "ADV" and common_pos("Hold") == "VERB"
    assert common_pos("Plants") == "NOUN" and common_pos("Voices") == "NOUN"  # a plural, as its noun
    assert common_pos("Uhhh") == "INTJ" and common_pos("Yaaaaas") == "INTJ"  # a held letter
    for name in ("Frank", "Lee", "Sakura", "Ino-pig", "Forehead"):
        assert common_pos(name) is None  # also a name, or no everyday word of the treebank


def test_the_shipped_list_is_what_the_treebank_gives():
    shipped = json.loads(PATH.read_text(encoding="utf-8"))["words"]
    assert build(need(UD_EWT)) == shipped


def test_a_laugh_or_a_grunt_is_an_exclamation_not_a_name():
    assert {common_pos(w) for w in ("Hah", "Heh", "Hmph", "Pfft")} == {"INTJ"}
    assert common_pos("Hannah") is None and common_pos("Ha") is None  # a name; a surname too short to tell
