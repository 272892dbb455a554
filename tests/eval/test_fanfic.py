"""`ficlens eval fanfic` on the repository's hand-annotated set: every gold file still lines up with what
the readers give, the set is as large as the issue asks, and the seed's figures hold."""

from __future__ import annotations

import pytest
from paths import SHARED, need

from ficlens.eval.fanfic import DEFAULT_ROOT, calibration, evaluate, overall_row
from ficlens.report.view import CALIBRATION


@pytest.fixture(scope="module")
def report():
    need(SHARED / "fixtures" / "ao3")
    return evaluate(DEFAULT_ROOT, shared=SHARED)


def test_every_gold_quotation_lines_up_with_the_text_ficlens_reads(report):
    assert report.moved == 0
    assert overall_row(report.works.overall)["quotes"] >= 1200  # the minimum


def test_the_seed_keeps_its_speakers(report):
    (seed,) = [n for n in report.works.novels if n.name == "000_8f683d6341e37dd5"]
    assert seed.matched_units == seed.gold_units == 36
    assert seed.total.speaker >= 34
    assert report.cast["000_8f683d6341e37dd5"].recall == 1.0


def test_the_same_gender_subset_holds_the_slash_and_femslash_dialogue(report):
    same = {n.name: n.total.quotes for n in report.same_gender.novels}
    full = {n.name: n.total.quotes for n in report.works.novels}
    assert same["ff-pair"] == full["ff-pair"] > 0  # two women speak to each other throughout
    assert same["mm-long"] == full["mm-long"] > 0
    assert same["37214506-chatfic-ch1"] < full["37214506-chatfic-ch1"]  # a mixed group chat


def test_the_reports_confidence_figures_are_the_measured_ones(report):
    """The HTML report tells readers how often a confident speaker is right: those figures are this set's."""
    measured = calibration(report.works, CALIBRATION.threshold)
    assert measured.above + measured.below == CALIBRATION.quotes
    assert measured.right_above == pytest.approx(CALIBRATION.right_above, abs=0.005)
    assert measured.right_below == pytest.approx(CALIBRATION.right_below, abs=0.005)
    assert measured.above / CALIBRATION.quotes == pytest.approx(CALIBRATION.share_above, abs=0.005)
    assert measured.right_above > measured.right_below + 0.15  # confidence means something
