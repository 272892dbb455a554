"""AO3's word count: its rule, and the fast path agreeing with the full Unicode one."""

from __future__ import annotations

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from ficlens.words import _WORD, count_words


def slow_count(text: str) -> int:
    text = regex.sub(r"['’‘-]", "", text.replace("--", "—"))
    return sum(1 for _ in _WORD.finditer(text))


def test_ao3_rule():
    assert count_words("don’t stop--now, it's well-known") == 5  # dont stop now its wellknown
    assert count_words("日本語 and ไทย") == 3 + 1 + 3
    assert count_words("“Forehead,” Ino says.") == 3
    assert count_words("") == 0


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                *list("ab1 _-'’‘.—\n"),
                "é",
                "é",
                "²",
                "½",
                "‿",
                "⁀",
                "日",
                "カ",
                "ไ",
                "\u200d",
                "Ж",
                "҃",
                "λ",
                "Ⓐ",
                "②",
                "❶",
                "🅰",
                "😀",
                "ℓ",  # noqa: RUF001 (a letterlike symbol, on purpose)
                "ª",
                "ʰ",
                "Ⅻ",
            ]
        ),
        max_size=40,
    ).map("".join)
)
def test_fast_path_equals_unicode_rule(text):
    assert count_words(text) == slow_count(text)


def test_fast_ranges_hold_no_character_where_the_two_word_definitions_differ():
    import re
    import sys

    from ficlens.words import _OUTSIDE_FAST_RANGES

    stdlib_word, unicode_word = re.compile(r"\w"), regex.compile(r"\w")
    fast = (chr(c) for c in range(sys.maxunicode + 1) if not _OUTSIDE_FAST_RANGES.match(chr(c)))
    assert [hex(ord(c)) for c in fast if bool(stdlib_word.match(c)) != bool(unicode_word.match(c))] == []
