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
    assert {"said", "yells", "whispered"} <= SPEECH_VERBS_FINITE
    assert not {"say", "went", "thought"} & SPEECH_VERBS_FINITE


def test_alternation_matches_whole_longest_forms_and_spaced_phrases():
    rx = re.compile(r"\b" + alternation(SPEECH_VERBS, SPEECH_PHRASES) + r"\b")
    assert rx.search("“Go,” she says.").group() == "says"
    assert rx.search("“Go,” he broke\n  in.").group() == "broke\n  in"
    assert rx.search("The sayings of the wise") is None


def test_the_quote_families_split_the_marks_and_the_curly_marks_open_or_close():
    from ficlens.lexicon import (
        CLOSING_QUOTES,
        CURLY_QUOTES,
        DOUBLE_CLOSING,
        DOUBLE_OPENING,
        DOUBLE_QUOTES,
        OPENING_QUOTES,
        QUOTE_MARKS,
        SINGLE_QUOTES,
        STRAIGHT_QUOTES,
    )

    assert not set(DOUBLE_QUOTES) & set(SINGLE_QUOTES) and set(QUOTE_MARKS) == set("\"“”„«»'‘’‚")
    assert set(DOUBLE_OPENING) | set(DOUBLE_CLOSING) | {'"'} == set(DOUBLE_QUOTES)
    assert set(OPENING_QUOTES) | set(CLOSING_QUOTES) == set(CURLY_QUOTES)
    assert not set(STRAIGHT_QUOTES) & set(CURLY_QUOTES)


def test_char_class_matches_the_marks_and_nothing_else():
    from ficlens.lexicon import QUOTE_MARKS, char_class, escaped_chars

    rx = re.compile(char_class(QUOTE_MARKS + "-]\\^"))
    assert all(rx.fullmatch(c) for c in QUOTE_MARKS + "-]\\^") and not rx.search("a b.")
    assert re.fullmatch(char_class("“”", negated=True) + "+", "said she")
    assert re.fullmatch(f"[A-Z{escaped_chars('“(')}]", "(")


def test_pronouns_and_titles_agree_with_each_other():
    from ficlens.lexicon import (
        ABBREVIATIONS,
        FILLERS,
        PRONOUN_GENDER,
        REFLEXIVE_PRONOUNS,
        SUBJECT_PRONOUNS,
        TAG_PRONOUNS,
        TITLE_ABBREVIATIONS,
        TITLES,
    )

    assert [PRONOUN_GENDER[p] for p in ("he", "hers", "them")] == ["male", "female", "nonbinary"]
    assert set(SUBJECT_PRONOUNS + REFLEXIVE_PRONOUNS) <= set(PRONOUN_GENDER)
    assert set(SUBJECT_PRONOUNS) <= set(TAG_PRONOUNS)
    assert TITLE_ABBREVIATIONS <= ABBREVIATIONS  # a title's full stop ends no sentence either
    assert all(TITLES.get(f) == "" for f in FILLERS)
