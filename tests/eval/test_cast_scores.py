"""score_cast on hand-made casts, including ones a too-generous scorer would reward."""

from __future__ import annotations

import pytest

from ficlens.datasets.pdnc import GoldCharacter, GoldQuote, PdncNovel
from ficlens.eval.cast_scores import score_cast
from ficlens.model import Character, Mention, Metadata, Source, Work


def novel() -> PdncNovel:
    chars = [
        GoldCharacter("0", "Elizabeth", {"Elizabeth", "Lizzy", "Miss Eliza"}, "F", "major"),
        GoldCharacter("1", "Mr. Knightley", {"Mr. Knightley", "Knightley"}, "M", "major"),
        GoldCharacter("2", "Mr. John Knightley", {"Mr. John Knightley", "John"}, "M", "major"),
        GoldCharacter("3", "Mary", {"Mary"}, "F", "minor"),
        GoldCharacter("4", "_group", {"_group"}, "X", "minor"),
    ]
    quotes = [
        GoldQuote(f"Q{i}", [(0, 1)], speaker, [], "explicit", None)
        for i, speaker in enumerate(
            ["Elizabeth"] * 5
            + ["Mr. Knightley"] * 6
            + ["Mr. John Knightley"] * 5
            + ["Mary"] * 4
            + ["_group"] * 9
        )
    ]
    return PdncNovel("toy", "", None, chars, quotes)


def work(characters: list[Character], mentions: list[Mention] = ()) -> Work:
    return Work(Source("toy", "text", ""), Metadata(), "", characters=characters, mentions=list(mentions))


def test_perfect_cast():
    cast = [
        Character("C1", "Elizabeth", ["Elizabeth", "Lizzy"]),
        Character("C2", "Mr. Knightley", ["Mr. Knightley"]),
        Character("C3", "Mr. John Knightley", ["Mr. John Knightley", "John"]),
    ]
    s = score_cast(work(cast), novel())
    assert s["speaking_matched_1to1"] == 1.0  # Mary (4 quotes) and _group are not counted
    assert s["speaking_characters"] == 3


def test_a_merge_matches_neither_character():
    cast = [
        Character("C1", "Elizabeth", ["Elizabeth"]),
        Character("C2", "Mr. Knightley", ["Mr. Knightley", "Mr. John Knightley"]),
    ]
    assert score_cast(work(cast), novel())["speaking_matched_1to1"] == pytest.approx(1 / 3)


def test_a_split_character_is_not_matched():
    cast = [
        Character("C1", "Elizabeth", ["Elizabeth"]),
        Character("C2", "Lizzy", ["Lizzy"]),
        Character("C3", "Mr. Knightley", ["Mr. Knightley"]),
        Character("C4", "John", ["John"]),
    ]
    assert score_cast(work(cast), novel())["speaking_matched_1to1"] == pytest.approx(2 / 3)


def test_purity_is_mention_weighted():
    cast = [Character("C1", "Mr. Knightley", ["Mr. Knightley", "John"])]
    mentions = [Mention(0, 1, "Mr. Knightley", "C1", "name")] * 3 + [Mention(0, 1, "John", "C1", "name")]
    mentions += [Mention(0, 1, "he", "C1", "pronoun"), Mention(0, 1, "Unknown", "C1", "name")]
    assert score_cast(work(cast, mentions), novel())["purity"] == pytest.approx(3 / 4)


def test_empty_cast_scores_zero():
    s = score_cast(work([]), novel())
    assert s["speaking_matched_1to1"] == 0 and s["purity"] == 0


@pytest.mark.slow
def test_pdnc_cross_validated_cast_scores():
    from paths import PDNC, need

    from ficlens.eval.cast_scores import cross_validate

    s = cross_validate(need(PDNC))
    # what the cast reaches today (0.682 and 0.986; the issue asks 0.85 and 0.90; gender 0.941): keep it
    # from sliding back
    assert s["cross_validated"]["purity"] >= 0.98
    assert s["cross_validated"]["speaking_matched_1to1"] >= 0.67
    assert s["cross_validated"]["gender_accuracy"] >= 0.92
    assert s["first_person_narration_accuracy"] >= 0.85


def test_cast_errors_name_the_reason():
    from ficlens.eval.cast_scores import cast_errors

    cast = [
        Character("C1", "Elizabeth", ["Elizabeth"]),
        Character("C2", "Lizzy", ["Lizzy"]),
        Character("C3", "Mr. Knightley", ["Mr. Knightley", "Mr. John Knightley"]),
    ]
    errors = {e["gold"]: e for e in cast_errors(work(cast), novel())}
    assert errors["Elizabeth"]["reason"] == "split" and set(errors["Elizabeth"]["predicted"]) == {
        "Elizabeth",
        "Lizzy",
    }
    assert errors["Mr. Knightley"]["reason"] == "merged" and errors["Mr. Knightley"]["with"] == [
        "Mr. John Knightley"
    ]
    assert errors["Mr. John Knightley"]["reason"] == "merged"
    assert [e["gold"] for e in cast_errors(work([]), novel()) if e["reason"] == "missing"] == [
        "Elizabeth",
        "Mr. Knightley",
        "Mr. John Knightley",
    ]


def test_gender_accuracy_over_matched_characters():
    cast = [
        Character("C1", "Elizabeth", ["Elizabeth"], gender="female"),
        Character("C2", "Mr. Knightley", ["Mr. Knightley"], gender="female"),
        Character("C3", "Mr. John Knightley", ["Mr. John Knightley"]),
    ]  # no gender: wrong
    assert score_cast(work(cast), novel())["gender_accuracy"] == pytest.approx(1 / 3)
