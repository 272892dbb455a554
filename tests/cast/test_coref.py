"""The trained pronoun resolver: on short texts where the answer is plain, on LitBank's gold chains, and
the shipped model's guard."""

from __future__ import annotations

import json

import pytest
from paths import LITBANK, SEED, need

from ficlens.cast import coref
from ficlens.cast.coref import FEATURES, CorefInput, resolve
from ficlens.cast.pronouns import Spans, Token, pronoun_tokens, sentence_index
from ficlens.datasets.litbank import load_doc, quoted_work
from ficlens.errors import MissingDependency


def _resolve(text: str, names: dict[str, str], genders: dict[str, str | None]):
    found = [
        Token(i, i + len(n), n, True, False, 0)
        for n in names
        for i in (j for j in range(len(text)) if text.startswith(n, j))
    ]
    toks = sorted(found + pronoun_tokens(text, Spans([]), Spans([(0, len(text))])), key=lambda t: t.start)
    inp = CorefInput(toks, names, genders, lambda pos: 0, sentence_index(text))
    return [(t.surface, e) for t, e, _ in resolve(inp)]


def test_gender_and_recency_decide_between_a_woman_and_a_man():
    text = (
        "Ino is alone in the field. She is far from home. Lee arrives and seats himself beside her. "
        "Ino frowns at him, and she turns away. Lee shrugs; he is used to it."
    )
    for word, entity in _resolve(text, {"Ino": "C1", "Lee": "C2"}, {"C1": "female", "C2": "male"}):
        assert entity == ("C1" if word.lower() in ("she", "her") else "C2"), word


def test_unknown_gender_is_learned_from_the_pronoun():
    genders: dict[str, str | None] = {"C1": None}
    assert _resolve("Kiri walks in. She sits down.", {"Kiri": "C1"}, genders) == [("She", "C1")]
    assert genders["C1"] == "female"


def test_a_person_the_text_never_names_is_one_unnamed_entity():
    text = "Mary sat by the fire. A stranger came in from the rain. He shook his coat. He sat down."
    resolved = dict(_resolve(text, {"Mary": "C1"}, {"C1": "female"}))
    unnamed = {e for w, e in _resolve(text, {"Mary": "C1"}, {"C1": "female"}) if w.lower() in ("he", "his")}
    assert len(unnamed) == 1 and next(iter(unnamed)).startswith("U")
    assert "C1" not in resolved.values()


def test_the_cast_marks_each_mention_with_its_entity():
    import ficlens
    from ficlens.cast import build_cast
    from ficlens.quotes import find_quotes

    seed = build_cast(find_quotes(ficlens.read(need(SEED))))
    ids = {c.id for c in seed.characters}
    assert all(m.entity == m.character for m in seed.mentions if m.character)
    unnamed = [m for m in seed.mentions if m.kind == "pronoun" and m.entity and m.entity not in ids]
    assert all(m.character is None and m.entity.startswith("U") for m in unnamed)
    resolved = [m for m in seed.mentions if m.kind == "pronoun" and m.entity and m.confidence is not None]
    assert resolved and all(0 < m.confidence <= 1 for m in resolved)
    assert all(m.confidence is None for m in seed.mentions if m.kind == "name")


def test_litbank_pronouns_mostly_reach_their_gold_chain():
    """On a LitBank test text (never trained on), most pronouns the model gives to a character are in
    that character's gold chain."""
    from ficlens.cast import build_cast

    doc = load_doc(need(LITBANK), "74_the_adventures_of_tom_sawyer_brat")
    chain_of = {(s, e): c for s, e, c, _ in doc.per_mentions}
    work = build_cast(quoted_work(doc))
    names = {m.character: chain_of.get((m.start, m.end)) for m in work.mentions if m.kind == "name"}
    pairs = [
        (chain_of.get((m.start, m.end)), names.get(m.character))
        for m in work.mentions
        if m.kind == "pronoun" and m.character
    ]
    assert len(pairs) > 50
    assert sum(g == c for g, c in pairs) / len(pairs) > 0.75


def test_a_model_for_other_features_is_refused(tmp_path, monkeypatch):
    data = json.loads(coref.MODEL_PATH.read_text())
    data["features"] = list(FEATURES[:-1])
    stale = tmp_path / "coref.json"
    stale.write_text(json.dumps(data))
    monkeypatch.setattr(coref, "MODEL_PATH", stale)
    coref.default_model.cache_clear()
    try:
        with pytest.raises(MissingDependency, match="does not match"):
            coref.default_model()
    finally:
        coref.default_model.cache_clear()
