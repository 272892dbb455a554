"""Pair features on real PDNC text (Night and Day, A Passage to India) with PDNC's character lists as the
cast: speech tags the ranker must see, and the stage-two rows built from neighbours' beliefs."""

from __future__ import annotations

import numpy as np
import pytest
from paths import PDNC, need

from ficlens.datasets.pdnc import gold_cast, gold_units, load_novel, work_for_novel
from ficlens.speakers.features import CONTEXT, LOCAL, context_rows, local_contexts


def _contexts(name: str):
    novel = load_novel(need(PDNC / name))
    work = work_for_novel(novel)
    work.quotes, _ = gold_units(novel)
    gold_cast(work, novel)
    names = {c.id: c.name for c in work.characters}
    return local_contexts(work), names


@pytest.fixture(scope="module")
def night_and_day():
    return _contexts("NightAndDay")


def _at(contexts, opening: str) -> int:
    return next(i for i, c in enumerate(contexts) if c.quote.text.startswith(opening))


def test_a_tag_ending_in_a_full_stop_names_the_next_part_too(night_and_day):
    contexts, names = night_and_day
    i = _at(contexts, "Oh, I love riding,")  # "Oh, I love riding," Rodney replied. "Could I get a horse ...
    assert names[contexts[i].tag_name] == "William Rodney"
    assert contexts[i + 1].quote.text.startswith("Could I get a horse")
    assert names[contexts[i + 1].tag_name] == "William Rodney"


def test_stage_two_rows_mark_the_tag_of_another_quote_in_the_paragraph(night_and_day):
    contexts, names = night_and_day
    i = _at(contexts, "Quite,")  # "Quite," Rodney agreed. "She is " He seemed ... "She s looking very well,"
    uniform = [{c: 1 / len(ctx.candidates) for c in ctx.candidates} for ctx in contexts]
    rows = context_rows(contexts, uniform)
    later = next(j for j in range(i + 1, i + 4) if contexts[j].paragraph == contexts[i].paragraph)
    col = len(LOCAL) + CONTEXT.index("para_tag")
    marked = [names[c] for c, r in zip(contexts[later].candidates, rows[later], strict=False) if r[col]]
    assert marked == ["William Rodney"]
    assert rows[later].shape == (len(contexts[later].candidates), len(LOCAL) + len(CONTEXT))


def test_phrasal_speech_verbs_make_tags():
    contexts, names = _contexts("APassageToIndia")
    i = _at(contexts, "But she died on leaving Bombay,")  # "...," broke in Adela.
    assert names[contexts[i].tag_name] == "Adela Quested"


def test_conjunctions_discount_the_previous_speaker(night_and_day):
    contexts, _ = night_and_day
    # a pronoun-tagged quote opening its paragraph, one paragraph after the previous turn of its exchange
    i = next(
        i
        for i, c in enumerate(contexts[1:], 1)
        if c.local[:, LOCAL.index("pronoun_tag_rank1")].any() and contexts[i - 1].paragraph == c.paragraph - 1
    )
    ctx = contexts[i]
    r = int(np.argmax(ctx.local[:, LOCAL.index("pronoun_tag_rank1")]))
    col = len(LOCAL) + CONTEXT.index("pronoun_not_prev")
    probs = [{} for _ in contexts]
    assert context_rows(contexts, probs)[i][r, col] == 1.0  # nobody spoke before: the pronoun's man stands
    probs[i - 1] = {ctx.candidates[r]: 1.0}  # he spoke the turn before, so "he said" is another man
    assert context_rows(contexts, probs)[i][r, col] == 0.0


@pytest.fixture(scope="module")
def pride():
    return _contexts("PrideAndPrejudice")


def test_a_name_the_tag_speaks_to_is_no_speaker(pride):
    contexts, names = pride
    # Lady Catherine approached, and, after listening for a few minutes, said to Darcy, "Miss Bennet would not ..."
    i = _at(contexts, "Miss Bennet would not play at all amiss")
    ctx = contexts[i]
    spoken_to = [
        names[c] for c, r in zip(ctx.candidates, ctx.local, strict=False) if r[LOCAL.index("tag_addressee")]
    ]
    assert spoken_to == ["Mr. Darcy"]
    assert ctx.tag_name is None or names[ctx.tag_name] != "Mr. Darcy"


def test_a_tag_in_the_previous_paragraph_names_its_subject_not_the_one_spoken_to(pride):
    contexts, names = pride
    # Mr. Darcy, drawing near Elizabeth, said to her-- / "Do not you feel a great inclination, Miss Bennet, ..."
    ctx = contexts[_at(contexts, "Do not you feel a great inclination")]
    assert names[ctx.tag_name] == "Mr. Darcy" and ctx.kind == "explicit"
    spoken_to = [
        names[c] for c, r in zip(ctx.candidates, ctx.local, strict=False) if r[LOCAL.index("tag_addressee")]
    ]
    assert spoken_to == ["Elizabeth"]  # "near Elizabeth"


def _named(ctx, names, feature: str) -> list[str]:
    return [names[c] for c, r in zip(ctx.candidates, ctx.local, strict=False) if r[LOCAL.index(feature)]]


def test_a_described_tag_gives_its_noun_s_gender_and_marks_whose_kin_it_is():
    contexts, names = _contexts("WhereAngelsFearToTread")
    # "There s no need to twist the thing round to that," said Harriet, rather disturbed.
    # "Of course there isn t," said her mother.
    ctx = contexts[_at(contexts, "Of course there isn")]
    assert ctx.kind == "anaphoric" and ctx.tag_pronoun == "she"
    assert _named(ctx, names, "tag_possessor") == ["Harriet"]  # her mother: not Harriet herself
    assert "Harriet" in _named(ctx, names, "tag_pronoun_rank1")


def test_a_sentence_opening_pronoun_leads_a_long_tag_into_the_quote(night_and_day):
    contexts, _ = night_and_day
    # She laid her hand on the seat next her in a friendly way, and said: / "Come and sit down, William. ..."
    ctx = contexts[_at(contexts, "Come and sit down, William")]
    assert ctx.tag_pronoun == "she" and ctx.kind == "anaphoric"
