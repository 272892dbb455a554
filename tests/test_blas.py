"""The NER's matrix multiply: measured or set, on one thread, and the names it finds the same either way."""

from __future__ import annotations

import pytest
from paths import SEED, need

from ficlens import blas
from ficlens.errors import BadSetting


@pytest.fixture
def fresh_choice():
    blas.choice.cache_clear()
    yield
    blas.choice.cache_clear()


def test_the_setting_names_the_multiply_and_auto_measures_one(monkeypatch, fresh_choice):
    for wanted in blas.CHOICES:
        monkeypatch.setenv(blas.SETTING, wanted)
        blas.choice.cache_clear()
        assert blas.choice() == wanted
        assert blas.ner_ops().use_blis is (wanted == "blis")
    monkeypatch.setenv(blas.SETTING, "auto")
    blas.choice.cache_clear()
    assert blas.choice() in blas.CHOICES


def test_an_unknown_setting_is_a_clear_error(monkeypatch, fresh_choice):
    monkeypatch.setenv(blas.SETTING, "mkl")
    with pytest.raises(BadSetting, match="FICLENS_BLAS: 'mkl' is none of auto, blis, numpy"):
        blas.choice()


def test_blas_runs_on_one_thread_inside():
    from threadpoolctl import threadpool_info

    with blas.one_thread():
        assert all(pool["num_threads"] == 1 for pool in threadpool_info() if pool["user_api"] == "blas")


def test_both_multiplies_find_the_same_names_in_the_seed():
    import spacy
    from thinc.api import NumpyOps, set_current_ops

    from ficlens.cast.names import MODEL_DIR, _chunks

    text = need(SEED).read_text(encoding="utf-8")
    found = []
    for use_blis in (True, False):
        set_current_ops(NumpyOps(use_blis=use_blis))
        nlp = spacy.load(MODEL_DIR)
        with blas.one_thread():
            found.append(
                [(off + e.start_char, e.end_char) for off, chunk in _chunks(text) for e in nlp(chunk).ents]
            )
    set_current_ops(NumpyOps())
    assert found[0] == found[1] and found[0]
