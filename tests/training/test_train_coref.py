"""The coreference training data: LitBank's gold chains turned into pronoun choices as ficlens meets them."""

from __future__ import annotations

from paths import LITBANK, need

from ficlens.cast.coref import FEATURES
from ficlens.datasets.litbank import load_doc, split_ids
from ficlens.ranker import fit
from ficlens.training.coref import accuracy, document_examples


def test_a_litbank_text_gives_pronoun_choices_with_gold_rows():
    root = need(LITBANK)
    doc_id = split_ids(root, "train")[0]
    examples = document_examples(load_doc(root, doc_id))
    assert len(examples) > 30
    assert all(
        rows.shape[1] == len(FEATURES) and right and max(right) < len(rows) for rows, right in examples
    )
    # most pronouns of a literary text refer to someone already mentioned (row 0 is "nobody here")
    assert sum(right != (0,) for _, right in examples) > len(examples) / 2


def test_a_model_fit_on_three_texts_picks_most_antecedents():
    root = need(LITBANK)
    train = [x for i in split_ids(root, "train")[:3] for x in document_examples(load_doc(root, i))]
    model = fit([r for r, _ in train], [y for _, y in train], steps=200)
    assert accuracy(model, train) > 0.7
