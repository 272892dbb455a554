"""Fixtures for the corpus tests; the builders live in corpus_fixtures.py so test modules can import them."""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus_fixtures import make_bad_corpus, make_good_corpus


@pytest.fixture
def good_corpus(tmp_path: Path) -> Path:
    return make_good_corpus(tmp_path)


@pytest.fixture
def bad_corpus(tmp_path: Path) -> Path:
    return make_bad_corpus(tmp_path)
