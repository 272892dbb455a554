"""Speech set in italics (texts, messages) in the shared AO3 works: found where the text says it is speech,
and not where italics are thoughts, names or emphasis."""

from __future__ import annotations

import pytest
from paths import AO3_DOWNLOADS, AO3_PAGES, need

import ficlens
from ficlens.quotes import find_quotes


def quoted(work) -> list[str]:
    return [q.text for q in work.quotes]


@pytest.fixture(scope="module")
def texting():
    # an eight-chapter work whose characters text each other in italics
    return find_quotes(ficlens.read(need(AO3_DOWNLOADS / "334557-series-8ch.html")))


def test_a_tagged_italic_run_and_its_paragraph_are_speech(texting):
    said = quoted(texting)
    # "*Sorry*, he types. *Have stuff going on at the moment. No time for a relationship.*"
    assert "Sorry" in said
    assert "Have stuff going on at the moment. No time for a relationship." in said
    # "*Pick up your phone*, Lestrade answers." / "and types, *Is there something ...*"
    assert "Pick up your phone" in said
    assert any(s.startswith("Is there something you’d care to tell me") for s in said)


def test_a_paragraph_of_italics_after_a_message_comes_is_speech(texting):
    # "John sends the first text.\n\n*Lost my charger in the explosion. ...*"
    assert any(s.startswith("Lost my charger in the explosion") for s in quoted(texting))


def test_italics_that_are_emphasis_or_titles_are_no_speech(texting):
    said = quoted(texting)
    assert "The IT Crowd" not in said and "nightmare" not in said


def test_the_same_in_the_epub(texting):
    epub = find_quotes(ficlens.read(need(AO3_DOWNLOADS / "334557-series-8ch.epub")))
    assert quoted(epub) == quoted(texting)


def test_an_italic_thought_is_no_speech():
    # "*Sweetheart?* Honoroit wondered"
    work = find_quotes(ficlens.read(need(AO3_PAGES / "23009290-oneshot.html")))
    assert "Sweetheart?" not in quoted(work)


def test_an_italic_chat_line_is_its_message():
    # "*InnerWolf: Yeah.*" in a prose work: the message is the quote, the label names its speaker
    work = find_quotes(ficlens.read(need(AO3_PAGES / "17793689-ch1-of-wip.html")))
    said = quoted(work)
    assert "Yeah." in said and "InnerWolf: Yeah." not in said


def test_plain_text_has_no_italics():
    from paths import SEED

    assert ficlens.read(need(SEED)).italics == []
