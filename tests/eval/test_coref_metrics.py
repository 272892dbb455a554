"""MUC, B³ and CEAF-e against the worked example of Pradhan et al. (2014), and edge cases."""

from __future__ import annotations

import pytest

from ficlens.eval.coref_metrics import all_metrics, b_cubed, ceaf_e, micro_over_documents, muc

# Pradhan et al. 2014, "Scoring Coreference Partitions of Predicted Mentions", figure 1 / table
KEY = [{"a", "b", "c"}, {"d", "e", "f", "g"}]
RESPONSE = [{"a", "b"}, {"c", "d"}, {"f", "g", "h", "i"}]


def test_muc_textbook_values():
    s = muc(KEY, RESPONSE)
    assert s["recall"] == pytest.approx(2 / 5)
    assert s["precision"] == pytest.approx(2 / 5)


def test_b_cubed_textbook_values():
    s = b_cubed(KEY, RESPONSE)
    assert s["recall"] == pytest.approx((5 / 3 + 5 / 4) / 7)  # 0.4167
    assert s["precision"] == pytest.approx(4 / 8)


def test_ceaf_e_textbook_values():
    s = ceaf_e(KEY, RESPONSE)
    assert s["recall"] == pytest.approx((0.8 + 0.5) / 2)  # 0.65
    assert s["precision"] == pytest.approx((0.8 + 0.5) / 3)  # 0.4333


def test_identity_scores_one_and_average():
    s = all_metrics(KEY, KEY)
    assert (
        s["muc_f1"] == pytest.approx(1)
        and s["b3_f1"] == pytest.approx(1)
        and s["ceafe_f1"] == pytest.approx(1)
    )
    assert s["avg_f1"] == pytest.approx(1)


def test_all_singletons_get_no_muc_credit_but_b3_precision():
    singletons = [{m} for c in KEY for m in c]
    assert muc(KEY, singletons)["recall"] == 0
    assert b_cubed(KEY, singletons)["precision"] == pytest.approx(1)
    assert b_cubed(KEY, singletons)["recall"] < 0.5


def test_one_big_cluster_has_full_muc_recall_and_poor_precision():
    lump = [{m for c in KEY for m in c}]
    s = muc(KEY, lump)
    assert s["recall"] == pytest.approx(1) and s["precision"] == pytest.approx(5 / 6)
    assert b_cubed(KEY, lump)["precision"] < 0.6


def test_documents_are_kept_apart():
    # the same mention ids in two documents must not merge across them
    s = micro_over_documents([(KEY, KEY), (KEY, RESPONSE)])
    assert 0.4 < s["muc_f1"] < 1
    assert s["muc_recall"] == pytest.approx((5 + 2) / 10)
