"""The speakers stage's settings: the shipped model saves those it was trained with, the stage refuses a model
trained with others, and one conversation gap rules the turn features and the addressees."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, replace
from types import SimpleNamespace

import pytest

from ficlens.model import Character, Mention
from ficlens.pipeline import read_bytes
from ficlens.quotes import find_quotes
from ficlens.speakers import attribute
from ficlens.speakers.attribution import SpeakerModel, attribute_quotes, default_model, model_path
from ficlens.speakers.context_features import conversations
from ficlens.speakers.settings import SPEAKER_DEFAULTS, SettingsMismatch, SpeakerSettings, check_trained_with
from ficlens.stage import provide

SCENE = (
    "“Where were you?” Anna asked.\n\n“Out,” said Ben.\n\nThe rain had stopped.\n\nIt was late.\n\n"
    "The lamps were lit.\n\n“And now?” Anna said.\n\n“Home,” said Ben.\n"
)


def scene():
    work = find_quotes(read_bytes(SCENE.encode(), name="scene.txt"))
    work.characters = [
        Character(id=n, name=n, aliases=[n], gender=g) for n, g in (("Anna", "female"), ("Ben", "male"))
    ]
    work.mentions = [
        Mention(m.start(), m.end(), m.group(), m.group(), "name")
        for m in re.finditer(r"\b(?:Anna|Ben)\b", work.text)
    ]
    provide(work, "characters", "mentions")
    return work


def test_the_defaults_are_the_settings_the_shipped_model_was_trained_with():
    assert default_model().settings == asdict(SpeakerSettings()) == asdict(SPEAKER_DEFAULTS)
    assert json.loads(model_path().read_text(encoding="utf-8"))["settings"] == asdict(SPEAKER_DEFAULTS)
    assert attribute.settings == SPEAKER_DEFAULTS  # what the stage declares is what it runs with


def test_a_model_trained_with_other_settings_is_refused():
    data = json.loads(default_model().to_json())
    data["settings"]["conversation_gap"] = 3
    other = SpeakerModel.from_json(json.dumps(data))
    with pytest.raises(SettingsMismatch, match=r"conversation_gap 3 in the model, 2 here.*retrain"):
        attribute_quotes(scene(), model=other)
    with pytest.raises(SettingsMismatch, match=r"window 2500 in the model, 1000 here"):
        attribute(scene(), settings=replace(SPEAKER_DEFAULTS, window=1000))


def test_a_model_that_saved_no_settings_is_taken_at_its_word():
    data = json.loads(default_model().to_json())
    del data["settings"]
    model = SpeakerModel.from_json(json.dumps(data))
    assert model.settings is None
    check_trained_with(
        None, replace(SPEAKER_DEFAULTS, window=1000)
    )  # the hand-set rules are no trained model
    assert [q.speaker for q in attribute_quotes(scene(), model=model)] == ["Anna", "Ben", "Anna", "Ben"]


def test_a_model_saves_its_settings_and_reads_them_back():
    model = SpeakerModel.rules()
    model.settings = asdict(replace(SPEAKER_DEFAULTS, tag_reach=80))
    assert SpeakerModel.from_json(model.to_json()).settings["tag_reach"] == 80


def test_one_conversation_gap_ends_an_exchange_everywhere():
    at = [SimpleNamespace(paragraph=p) for p in (0, 1, 3, 6, 7)]
    assert conversations(at, SPEAKER_DEFAULTS.conversation_gap) == [0, 0, 0, 1, 1]
    assert conversations(at, 3) == [0, 0, 0, 0, 0]
    # Anna's last words come three quote-less paragraphs after the exchange: to no one, unless the gap is wider
    # (the rule model, which saved no settings, runs under any)
    work = scene()
    work.quotes = work.quotes[:3]
    rules = SpeakerModel.rules()
    speak = attribute_quotes(work, model=rules)
    assert [q.speaker for q in speak] == ["Anna", "Ben", "Anna"] and [q.addressees for q in speak][-1] == []
    wide = attribute_quotes(work, model=rules, settings=replace(SPEAKER_DEFAULTS, conversation_gap=4))
    assert wide[-1].addressees == ["Ben"]


def test_training_saves_the_settings_its_features_were_computed_with():
    from ficlens.speakers.features import local_contexts
    from ficlens.training.attribution import Examples, fit_model, label_index

    narrow = replace(SPEAKER_DEFAULTS, window=1000)
    contexts = local_contexts(scene(), settings=narrow)
    speakers = ["Anna", "Ben", "Anna", "Ben"]
    examples = [
        Examples("scene", contexts, [label_index(c, s) for c, s in zip(contexts, speakers, strict=True)])
    ]
    model = fit_model(examples, stages=2, steps=5, hidden=0, settings=narrow)
    assert SpeakerModel.from_json(model.to_json()).settings == asdict(narrow)
    with pytest.raises(SettingsMismatch, match="window 1000 in the model, 2500 here"):
        attribute_quotes(scene(), model=model)
    assert {q.speaker for q in attribute_quotes(scene(), model=model, settings=narrow)} <= {"Anna", "Ben"}
