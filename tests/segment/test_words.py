"""AO3's word count: its rule, and the fast path agreeing with the full Unicode one."""

from __future__ import annotations

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from ficlens.segment.words import _WORD, count_words


def slow_count(text: str) -> int:
    text = regex.sub(r"['’‘-]", "", text.replace("--", "—"))
    return sum(1 for _ in _WORD.finditer(text))


def test_ao3_rule():
    assert count_words("don’t stop--now, it's well-known") == 5  # dont stop now its wellknown
    assert count_words("日本語 and ไทย") == 3 + 1 + 3
    assert count_words("“Forehead,” Ino says.") == 3
    assert count_words("") == 0


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("ab1 _-'’‘.—\n") + ["é", "e\u0301", "²", "‿", "日", "カ", "\u200d"]),
                max_size=40).map("".join))
def test_fast_path_equals_unicode_rule(text):
    assert count_words(text) == slow_count(text)
