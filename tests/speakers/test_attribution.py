"""Speaker attribution on real snippets (PDNC's Pride and Prejudice, with its gold character list as the
cast), the ranker on its own, and the shipped model."""

from __future__ import annotations

import numpy as np
import pytest
from paths import PDNC, need

from ficlens.datasets.pdnc import gold_cast, load_novel, work_for_novel
from ficlens.quotes import find_quotes
from ficlens.ranker import fit
from ficlens.speakers.attribution import SpeakerModel, attribute_quotes, default_model


@pytest.fixture(scope="module")
def pride():
    novel = load_novel(need(PDNC / "PrideAndPrejudice"))
    work = find_quotes(work_for_novel(novel))
    gold_cast(work, novel)
    attribute_quotes(work)
    return work


def _name(work, cid):
    return next(c.name for c in work.characters if c.id == cid)


def _quote(work, starting: str):
    return next(q for q in work.quotes if q.text.startswith(starting))


def test_a_tag_that_names_the_speaker(pride):
    q = _quote(pride, "Mr. Darcy is all politeness,")  # "..." said Elizabeth, smiling.
    assert _name(pride, q.speaker) == "Elizabeth"
    assert q.type == "explicit"


def test_the_second_half_of_a_split_quote_has_the_same_speaker(pride):
    first = _quote(pride, "But you forget, mama,")  # "..." said Elizabeth, "that we shall meet him
    second = pride.quotes[pride.quotes.index(first) + 1]
    assert second.text.startswith("that we shall meet him")
    assert first.speaker == second.speaker and _name(pride, first.speaker) == "Elizabeth"


@pytest.mark.parametrize(
    ("opening", "first", "second"),
    [
        ("How strange!", "Elizabeth", "George Wickham"),
        ("And do you really know all this?", "Mrs. Gardiner", "Elizabeth"),
    ],
)
def test_turn_taking_settles_untagged_replies(pride, opening, first, second):
    # Two tagged lines, then untagged replies that alternate between the same two people.
    start = pride.quotes.index(_quote(pride, opening))
    tagged = [q for q in pride.quotes[start : start + 12] if q.type == "explicit"]
    assert _name(pride, tagged[0].speaker) == first
    names = [_name(pride, q.speaker) for q in pride.quotes[start : start + 5] if q.speaker]
    assert set(names) <= {first, second} and names.count(second) >= 2


def test_every_quote_gets_a_type_and_addressees_are_not_the_speaker(pride):
    assert {q.type for q in pride.quotes} <= {"explicit", "anaphoric", "implicit"}
    assert all(q.speaker not in q.addressees for q in pride.quotes)
    ids = {c.id for c in pride.characters}
    assert all(q.speaker in ids for q in pride.quotes if q.speaker)


def test_ranker_learns_which_feature_marks_the_gold_candidate():
    rng = np.random.default_rng(0)
    groups, labels = [], []
    for _ in range(300):
        rows = rng.random((4, 3)).astype(np.float32)
        gold = int(rng.integers(4))
        rows[:, 0] = 0
        rows[gold, 0] = 1  # feature 0 marks the speaker; the others are noise
        groups.append(rows)
        labels.append(gold)
    ranker = fit(groups, labels, steps=200)
    assert ranker.weights[0] > 2 * np.abs(ranker.weights[1:]).max()
    assert all(int(np.argmax(ranker.scores(g))) == y for g, y in zip(groups, labels, strict=False))


def test_hidden_layer_learns_a_conjunction_a_linear_ranker_cannot():
    # the speaker is the candidate whose two features agree (both on or both off): an XOR-like rule
    rng = np.random.default_rng(1)
    groups, labels = [], []
    for _ in range(400):
        gold = int(rng.integers(3))
        rows = np.zeros((3, 2), dtype=np.float32)
        for r in range(3):
            a = int(rng.integers(2))
            rows[r] = (a, a) if r == gold else (a, 1 - a)
        groups.append(rows)
        labels.append(gold)

    def accuracy(ranker):
        return np.mean([int(np.argmax(ranker.scores(g))) == y for g, y in zip(groups, labels, strict=False)])

    assert accuracy(fit(groups, labels, steps=300)) < 0.7
    assert accuracy(fit(groups, labels, steps=300, hidden=8)) > 0.95


def test_shipped_model_round_trips_and_is_trained():
    model = default_model()
    assert model.trained_on, "no trained model shipped: run ficlens train attribution"
    again = SpeakerModel.from_json(model.to_json())
    rows = np.random.default_rng(0).random((5, len(again.stages[-1].weights)))
    assert all(
        np.allclose(a.scores(rows[:, : len(a.weights)]), b.scores(rows[:, : len(b.weights)]), atol=1e-3)
        for a, b in zip(model.stages, again.stages, strict=False)
    )


def test_a_missing_shipped_model_stops_the_stage_rather_than_falling_back(monkeypatch, tmp_path):
    import ficlens.speakers.attribution as attribution
    from ficlens.errors import MissingDependency

    monkeypatch.setattr(attribution, "model_path", lambda: tmp_path / "attribution.json")
    attribution.default_model.cache_clear()
    try:
        with pytest.raises(MissingDependency, match="attribution model is missing"):
            attribution.default_model()
    finally:
        attribution.default_model.cache_clear()
