"""The quote stage's settings: the thresholds it declares are those it runs with, and they decide."""

from __future__ import annotations

from dataclasses import replace

from ficlens.model import Chapter, Metadata, Source, Work
from ficlens.quotes import find_quotes
from ficlens.quotes.detect import primary_family
from ficlens.quotes.settings import QUOTE_DEFAULTS, QuoteSettings
from ficlens.segment import segment

CHAT = [
    "Tony: Come on :)",
    "Clint: why",
    "Tony: No",
    "Natasha: how",
    "Clint: wifi",
    "Tony: Uhm",
    "Steve: Fine.",
]


def work_of(text: str) -> Work:
    return segment(
        Work(Source("snippet", "text", ""), Metadata(), text, chapters=[Chapter(0, None, 0, len(text))])
    )


def test_the_stage_declares_the_settings_it_runs_with():
    assert find_quotes.settings == QUOTE_DEFAULTS == QuoteSettings()
    assert (QUOTE_DEFAULTS.chat_lines, QUOTE_DEFAULTS.chat_share) == (8, 0.25)


def test_the_chat_thresholds_decide_what_is_a_chat():
    text = "\n\n".join(CHAT)  # seven labelled lines: one short of a chat log
    assert find_quotes(work_of(text)).quotes == []
    chat = find_quotes(work_of(text), settings=replace(QUOTE_DEFAULTS, chat_lines=7))
    assert [q.text for q in chat.quotes] == [line.split(": ", 1)[1] for line in CHAT]
    assert [chat.text[s.start : s.end] for s in chat.speaker_labels][:2] == ["Tony", "Clint"]


def test_the_single_mark_thresholds_decide_the_convention():
    text = "‘One,’ she said. ‘Two,’ he said. ‘Three,’ she said. ‘Four,’ he said. “Five,” she said. “Six,” he said."
    assert (
        primary_family(text) == "single"
    )  # four single openings: more than 0.75 times the four double marks
    assert primary_family(text, replace(QUOTE_DEFAULTS, single_share=1.0)) == "double"
    assert primary_family(text, replace(QUOTE_DEFAULTS, single_openings=5)) == "double"
