"""The PDNC scorer on hand-made cases (including ones a too-generous scorer would pass), the gold cast,
and (slow) the full cross-validated evaluation against the issue's targets."""

from __future__ import annotations

import pytest
from paths import PDNC, need

from ficlens.datasets.pdnc import (
    GoldCharacter,
    GoldQuote,
    PdncNovel,
    gold_cast,
    gold_units,
    load_novel,
    map_characters,
    work_for_novel,
)
from ficlens.eval.pdnc import evaluate, match_spans, score_novel
from ficlens.model import Character, Quote


def test_matching_is_one_to_one():
    # One predicted quote over two gold sub-quotations matches at most one of them.
    assert len(match_spans([(0, 100)], [(0, 50), (50, 100)])) <= 1
    # Two predictions over one gold span: only one is paired.
    assert match_spans([(0, 50), (50, 100)], [(0, 100)]) in ({}, {0: 0}, {0: 1})


def test_matching_needs_half_of_each_span():
    assert match_spans([(0, 10)], [(0, 100)]) == {}  # a sliver of the gold span is no match
    assert match_spans([(0, 100)], [(0, 10)]) == {}  # nor is a prediction ten times too long
    assert match_spans([(2, 98)], [(0, 100)]) == {0: 0}
    assert match_spans([(0, 10), (20, 30)], [(21, 31), (1, 9)]) == {0: 1, 1: 0}


def test_characters_map_one_to_one():
    gold = [
        GoldCharacter("0", "Elizabeth", {"Elizabeth", "Lizzy", "Eliza"}, "F", "major"),
        GoldCharacter("1", "Jane", {"Jane", "Miss Bennet"}, "F", "major"),
    ]
    pred = [
        Character("a", "Lizzy", ["Lizzy"], quotes=3),
        Character("b", "Eliza", ["Eliza", "Elizabeth"], quotes=9),
        Character("c", "Miss Bennet", ["Miss Bennet", "Lizzy"], quotes=1),
    ]
    mapping = map_characters(pred, gold)
    assert mapping["b"] == "Elizabeth"  # the strongest overlap wins
    assert "a" not in mapping  # Elizabeth is taken: a split character maps once only
    assert mapping["c"] == "Jane"
    assert len(set(mapping.values())) == len(mapping)


def test_a_name_without_its_article_maps_to_the_gold_character():
    # Alice: ficlens's "Hatter" is PDNC's "The Hatter" (whose aliases leave out the bare form)
    gold = [
        GoldCharacter("0", "The Hatter", {"The Hatter"}, "M", ""),
        GoldCharacter("1", "Alice", {"Alice"}, "F", ""),
    ]
    pred = [
        Character(id="h", name="Hatter", aliases=["Hatter"]),
        Character(id="a", name="Alice", aliases=["Alice"]),
    ]
    assert map_characters(pred, gold) == {"h": "The Hatter", "a": "Alice"}


def _novel() -> PdncNovel:
    text = '"Hi," said A. "Yes." "No," said B. "Stop."'
    n = PdncNovel("toy", text, path=PDNC)
    n.characters = [GoldCharacter("0", "A", {"A"}, "F", ""), GoldCharacter("1", "B", {"B"}, "M", "")]
    n.quotes = [
        GoldQuote("Q0", [(1, 4), (15, 19)], "A", ["B"], "explicit", "said A"),
        GoldQuote("Q1", [(23, 26), (37, 42)], "B", ["A"], "explicit", "said B"),
    ]
    return n


def _cast() -> list[Character]:
    return [Character("x", "A", ["A"]), Character("y", "B", ["B"])]


def test_a_quote_is_right_only_if_every_matched_part_is():
    novel = _novel()
    work = work_for_novel(novel)
    work.characters = _cast()
    units, _ = gold_units(novel)
    speakers = ["x", "y", "y", "y"]  # Q0's second part is given to B
    quotes = [Quote(u.id, u.start, u.end, u.text, speaker=s) for u, s in zip(units, speakers, strict=False)]
    score = score_novel(novel, work, quotes)
    assert score.total.quotes == 2 and score.total.speaker == 1


def test_unmatched_gold_quotes_count_as_wrong():
    novel = _novel()
    work = work_for_novel(novel)
    work.characters = _cast()
    score = score_novel(novel, work, [])
    assert score.total.speaker == 0 and score.total.quotes == 2 and score.total.addr_f1 == 0


def test_addressees_exact_set_and_f1():
    novel = _novel()
    work = work_for_novel(novel)
    work.characters = _cast()
    units, _ = gold_units(novel)
    quotes = [
        Quote(u.id, u.start, u.end, u.text, speaker=s, addressees=a)
        for u, s, a in zip(units, "xxyy", (["y"], ["y"], ["x"], ["x", "y"]), strict=False)
    ]
    t = score_novel(novel, work, quotes).total
    assert t.speaker == 2 and t.addr_exact == 1  # Q1's addressees {A, B} are not the gold {A}
    assert (t.addr_tp, t.addr_fp, t.addr_fn) == (2, 1, 0)


def test_quote_type_is_right_only_if_every_matched_part_has_the_gold_type():
    novel = _novel()
    work = work_for_novel(novel)
    work.characters = _cast()
    units, _ = gold_units(novel)
    types = ["explicit", "explicit", "explicit", "implicit"]  # Q1's second part is typed wrong
    quotes = [
        Quote(u.id, u.start, u.end, u.text, speaker=s, type=t)
        for u, s, t in zip(units, "xxyy", types, strict=False)
    ]
    t = score_novel(novel, work, quotes).total
    assert t.type_right == 1 and t.type_acc == 0.5
    assert score_novel(novel, work, quotes[:2]).total.type_right == 1  # Q1 unmatched: wrong


def test_a_character_that_maps_to_no_one_is_wrong():
    novel = _novel()
    work = work_for_novel(novel)
    work.characters = [Character("x", "A", ["A"]), Character("z", "Zed", ["Zed"])]
    units, _ = gold_units(novel)
    quotes = [Quote(u.id, u.start, u.end, u.text, speaker=s) for u, s in zip(units, "xxzz", strict=False)]
    assert score_novel(novel, work, quotes).total.speaker == 1


def test_gold_cast_finds_aliases_in_the_text():
    novel = load_novel(need(PDNC / "AlicesAdventuresInWonderland"))
    work = work_for_novel(novel)
    gold_cast(work, novel)
    names = {c.id: c.name for c in work.characters}
    found = {names[m.character] for m in work.mentions if m.kind == "name"}
    assert {"Alice", "The King Of Hearts", "The Gryphon"} <= found  # "the King" matches "The King"
    # the gold cast's pronouns are resolved as the cast's are: Alice's story, her "she"
    she = [m for m in work.mentions if m.kind == "pronoun" and m.text.lower() == "she"]
    assert sum(names.get(m.character) == "Alice" for m in she) > len(she) / 2
    for m in work.mentions:
        assert work.text[m.start : m.end] == m.text
    assert not any(m.text == "five" for m in work.mentions)  # "Five" the gardener, not the number


def test_eval_command_on_a_missing_folder_is_a_one_line_error(tmp_path):
    from typer.testing import CliRunner

    from ficlens.cli import app

    result = CliRunner().invoke(app, ["eval", "pdnc", str(tmp_path / "nope")])
    assert result.exit_code == 1
    assert "E010" in result.output and "Traceback" not in result.output
    result = CliRunner().invoke(app, ["eval", "pdnc", str(tmp_path)])
    assert result.exit_code == 1 and "no PDNC novel folders" in result.output


@pytest.mark.slow
def test_cross_validated_pdnc_figures():
    root = need(PDNC)
    # Reached on 2026-11-26: 76.3 % (explicit 95.4 %) given gold quotes and cast; 71.4 % end to end with
    # ficlens's own cast. The targets: 75 % / 95 % with gold quotes, 60 % end to end.
    gold = evaluate(root, gold_quotes=True, gold_cast=True, cv=5).overall
    assert gold.total.speaker_acc >= 0.75
    assert gold.by_type["explicit"].speaker_acc >= 0.95
    e2e = evaluate(root, cv=5).overall
    assert e2e.total.speaker_acc >= 0.69  # BookNLP end to end: 39.7 %
    assert e2e.matched_units / e2e.gold_units >= 0.95


def test_gold_cast_adds_surnames_the_alias_lists_leave_out():
    # PDNC lists William Rodney as {William, Mr. Rodney, William Rodney}, but the text mostly says "Rodney".
    novel = load_novel(need(PDNC / "NightAndDay"))
    work = work_for_novel(novel)
    gold_cast(work, novel)
    names = {c.id: c.name for c in work.characters}
    bare = [names[m.character] for m in work.mentions if m.text == "Rodney"]
    assert bare and set(bare) == {"William Rodney"}
    # Denham is shared by Ralph and his mother: the bare surname names the man, "Mrs. Denham" the woman.
    assert {names[m.character] for m in work.mentions if m.text == "Denham"} == {"Ralph Denham"}
    assert {names[m.character] for m in work.mentions if m.text == "Mrs. Denham"} == {"Mrs. Denham"}
