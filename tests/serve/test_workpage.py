"""A work rebuilt from the dataset gives the same report as the analysed work itself."""

from __future__ import annotations

from paths import SEED

import ficlens
from ficlens.report import render_html
from ficlens.serve.workpage import load_work


def test_the_report_rebuilt_from_the_dataset_is_the_report_of_the_work(corpus):
    work_id = corpus.one("SELECT work_id FROM works WHERE key = ?", [str(SEED)])
    rebuilt = load_work(corpus, work_id)
    assert rebuilt is not None and rebuilt.text
    assert render_html(rebuilt) == render_html(ficlens.analyze(SEED))


def test_an_unknown_or_unread_work_has_no_report(corpus):
    assert load_work(corpus, "0" * 16) is None
    error_id = corpus.one("SELECT work_id FROM errors LIMIT 1")
    assert error_id and load_work(corpus, error_id) is None
