"""The LitBank name layer and its evaluation, on a couple of test documents (the full split: --slow)."""

from __future__ import annotations

import itertools

import pytest
from paths import LITBANK, need

from ficlens.datasets.litbank import load_doc, split_ids
from ficlens.errors import BadDataset
from ficlens.eval.litbank_entities import evaluate


def test_gold_names_are_trimmed_outermost_proper_names():
    doc = load_doc(need(LITBANK), "105_persuasion_brat")
    names = [doc.text[s:e] for s, e in doc.names]
    assert "Sir Walter Elliot" in names and "Anne" in names
    assert not any(n[0].islower() for n in names)  # "the second Sir Walter" -> "Sir Walter"
    spans = sorted(doc.names)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))  # no nesting left
    kinds = {k for *_, k in doc.per_mentions}
    assert kinds == {"PROP", "NOM", "PRON"}


def test_chains_are_read_whatever_their_label_case():
    # Tom Sawyer's chain is labelled TOM-0: a chain label in capitals is still a chain, not an entity type
    doc = load_doc(need(LITBANK), "74_the_adventures_of_tom_sawyer_brat")
    chains: dict[str, set[str]] = {}
    for s, e, chain, _ in doc.per_mentions:
        chains.setdefault(chain, set()).add(doc.text[s:e])
    tom = next(forms for forms in chains.values() if "Tom" in forms)
    assert {"TOM", "he", "him"} <= tom
    assert sum(1 for *_, chain, _ in doc.per_mentions if chain == "TOM-0") > 100


def test_splits_do_not_overlap():
    root = need(LITBANK)
    train, dev, test = (set(split_ids(root, s)) for s in ("train", "dev", "test"))
    assert len(test) == 10 and not (train & test) and not (dev & test)


def test_bad_folder_is_a_clear_error(tmp_path):
    with pytest.raises(BadDataset):
        split_ids(tmp_path, "test")


def test_two_test_documents():
    s = evaluate(need(LITBANK), split="test", limit=2)
    assert s["docs"] == 2
    assert s["per_f1"] > 0.6
    assert 0 < s["coref_avg_f1"] <= 1 and s["coref_all_avg_f1"] <= s["coref_avg_f1"] + 0.2


@pytest.mark.slow
def test_full_test_split_targets():
    s = evaluate(need(LITBANK), split="test")
    assert s["per_f1"] >= 0.80
    assert s["coref_avg_f1"] >= 0.65  # the target for the trained coreference
