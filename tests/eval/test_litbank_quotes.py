"""LitBank quotations: the text rebuilt from tokens, gold spans without marks, the gold cast, scoring."""

from __future__ import annotations

import pytest
from paths import LITBANK, need

from ficlens.errors import BadDataset
from ficlens.eval.litbank_quotes import evaluate, load_doc, score_doc, split_ids
from ficlens.quotes import find_quotes
from ficlens.speakers.attribution import attribute_quotes

DOC = "1400_great_expectations_brat"


@pytest.fixture(scope="module")
def doc():
    return load_doc(need(LITBANK), DOC)


def test_test_split_has_ten_texts():
    assert len(split_ids(need(LITBANK), "test")) == 10
    with pytest.raises(BadDataset):
        split_ids(LITBANK, "nonsense")


def test_gold_spans_exclude_marks_and_quote_marks_hug_words(doc):
    text = doc.work.text
    assert len(doc.gold) > 30
    for s, e, speaker in doc.gold:
        assert text[s] not in "\"'“”‘’" and text[e - 1] not in "\"'“”‘’"
        assert speaker is not None
    assert "“ " not in text and " ”" not in text  # marks re-attached to the words they enclose


def test_gold_cast_covers_the_speakers(doc):
    ids = {c.id for c in doc.work.characters}
    assert {sp for _, _, sp in doc.gold} <= ids
    for m in doc.work.mentions[:200]:
        assert doc.work.text[m.start : m.end] == m.text


def test_detection_and_attribution_on_one_text(doc):
    work = find_quotes(doc.work)
    attribute_quotes(work)
    score = score_doc(doc, work.quotes)
    assert score.matched_units / score.gold_units >= 0.9
    assert score.by_type["all"].speaker_acc >= 0.4


def test_not_a_litbank_folder(tmp_path):
    with pytest.raises(BadDataset):
        evaluate(tmp_path)
