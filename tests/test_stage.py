"""Stages declare what they need and fill: the pipeline's order is checked, and a stage refuses a work
without its layers instead of computing them again."""

from __future__ import annotations

import json

import pytest
from paths import SEED, need

from ficlens.cast import build_cast
from ficlens.model import Metadata, Source, Work
from ficlens.pipeline import nlp_stages, read
from ficlens.quotes import find_quotes
from ficlens.segment import segment
from ficlens.speakers import attribute
from ficlens.stage import MissingLayer, check_order, provide


def test_the_pipeline_is_in_an_order_that_meets_every_need():
    stages = (segment, *nlp_stages())
    check_order(stages)
    assert [s.name for s in stages] == ["segment", "quotes", "cast", "speakers", "analysis"]


def test_an_order_that_leaves_a_need_unmet_is_refused_when_assembled():
    with pytest.raises(MissingLayer, match="the cast stage needs quotes, speaker_labels"):
        check_order((segment, build_cast, find_quotes))


def test_two_stages_filling_one_field_are_refused():
    with pytest.raises(ValueError, match="the quotes stage fills quotes, speaker_labels a second time"):
        check_order((segment, find_quotes, find_quotes))


def test_a_stage_refuses_a_work_without_its_layers():
    seed = read(need(SEED))
    assert seed.layers == ["paragraphs", "scenes", "sentences", "stats"]
    with pytest.raises(MissingLayer, match="the cast stage needs quotes, speaker_labels"):
        build_cast(seed)
    assert seed.characters == [] and seed.quotes == []  # nothing computed on the quiet
    with pytest.raises(MissingLayer, match="the speakers stage needs characters, mentions"):
        attribute(find_quotes(seed))


def test_each_stage_records_what_it_filled():
    work = build_cast(find_quotes(read(need(SEED))))
    assert work.layers[-4:] == ["quotes", "speaker_labels", "characters", "mentions"]
    assert {"Sakura", "Ino"} <= {c.name for c in work.characters}


def test_gold_layers_can_be_provided():
    text = "“Hi, Bob,” said Ann."
    work = Work(Source("a", "text", ""), Metadata(), text)
    with pytest.raises(MissingLayer, match="paragraphs"):
        find_quotes(work)
    provide(work, "paragraphs")
    assert find_quotes(work).quotes == []  # no paragraphs given: nothing to scan, and nothing invented


def test_every_stage_with_settings_declares_them_and_the_pipeline_lists_them():
    from dataclasses import asdict

    from ficlens.pipeline import settings

    stages = (segment, *nlp_stages())
    listed = settings()
    assert set(listed) == {s.name for s in stages if s.settings is not None} == {"quotes", "cast", "speakers"}
    # as JSON holds them (a manifest read back): tuples become lists
    assert all(
        listed[s.name] == json.loads(json.dumps(asdict(s.settings))) for s in stages if s.settings is not None
    )
    assert listed["cast"] == {
        "dominance": 1.1,
        "surname_factor": 1.0,
        "use_tags": True,
        "need_person_evidence": True,
        "known": [],
    }
    assert listed["speakers"]["conversation_gap"] == 2
