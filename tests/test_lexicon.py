"""The shared verb lists and the pattern built from them."""

from __future__ import annotations

import re

from ficlens.lexicon import (
    CORE_SPEECH_VERBS,
    PERSON_VERBS,
    SPEECH_PHRASES,
    SPEECH_VERBS,
    SPEECH_VERBS_FINITE,
    alternation,
)


def test_the_narrower_lists_are_parts_of_the_whole():
    assert CORE_SPEECH_VERBS <= SPEECH_VERBS and CORE_SPEECH_VERBS <= PERSON_VERBS
    assert SPEECH_VERBS_FINITE <= SPEECH_VERBS
    assert {"said", "yells", "whispered"} <= SPEECH_VERBS_FINITE and not {"say", "went", "thought"} & SPEECH_VERBS_FINITE


def test_alternation_matches_whole_longest_forms_and_spaced_phrases():
    rx = re.compile(r"\b" + alternation(SPEECH_VERBS, SPEECH_PHRASES) + r"\b")
    assert rx.search("“Go,” she says.").group() == "says"
    assert rx.search("“Go,” he broke\n  in.").group() == "broke\n  in"
    assert rx.search("The sayings of the wise") is None
