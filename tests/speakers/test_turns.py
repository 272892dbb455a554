"""Turn-taking decoded over a run of dialogue: alternation anchored by a tagged quote."""

from __future__ import annotations

import numpy as np
from paths import ROOT

import ficlens
from ficlens.model import Quote
from ficlens.speakers.features import QuoteContext
from ficlens.speakers.turns import decode_turns


def _contexts(paragraphs: list[int]) -> list[QuoteContext]:
    return [QuoteContext(Quote(f"Q{i}", 0, 0, ""), p, [], np.zeros((0, 0))) for i, p in enumerate(paragraphs)]


EVEN = {"A": 0.5, "B": 0.5}


def test_an_untagged_run_alternates_from_its_tagged_quote():
    probs = [{"A": 0.98, "B": 0.02}, EVEN, EVEN, EVEN, EVEN]
    assert decode_turns(_contexts([0, 1, 2, 3, 4]), probs) == ["A", "B", "A", "B", "A"]


def test_a_paragraph_is_one_turn():
    probs = [{"A": 0.98, "B": 0.02}, EVEN, EVEN]
    assert decode_turns(_contexts([0, 0, 1]), probs) == ["A", "A", "B"]


def test_quotes_far_apart_are_decided_alone():
    probs = [{"A": 0.98, "B": 0.02}, {"A": 0.6, "B": 0.4}]
    assert decode_turns(_contexts([0, 5]), probs) == ["A", "A"]


def test_a_quote_with_no_candidates_has_no_speaker():
    assert decode_turns(_contexts([0, 1]), [{"A": 0.9}, {}]) == ["A", None]


def test_a_long_same_gender_exchange_keeps_its_phase():
    # the fan-fiction set's M/M passage: "“How long did they say?” Jonah asked." and then seven untagged
    # lines between him and Silas
    work = ficlens.analyze(ROOT / "data" / "fanfic-dev" / "passages" / "mm-long.txt")
    name = {c.id: c.name.split()[0] for c in work.characters}
    start = work.text.index("“How long did they say?”")
    run = [q for q in work.quotes if q.start >= start][:5]
    assert [name.get(q.speaker) for q in run] == ["Jonah", "Silas", "Jonah", "Silas", "Jonah"]


def test_a_speech_tag_naming_the_speaker_is_not_overruled():
    contexts = _contexts([0, 1, 2])
    contexts[2].kind = "explicit"  # "..., said B.": the rhythm (A, B, A) gives way
    probs = [{"A": 0.98, "B": 0.02}, {"A": 0.55, "B": 0.45}, {"A": 0.4, "B": 0.6}]
    assert decode_turns(contexts, probs)[2] == "B"
    contexts[2].kind = "implicit"
    assert decode_turns(contexts, probs)[2] == "A"
