"""Pathological texts for the linear-time checks: each entry maps a name to a function of a size in
characters that returns a text of about that size (never less than a few characters). They are built from
our own words and marks only, so they can be committed and regenerated anywhere.

Long runs of each punctuation mark, nested and unbalanced quotes, one huge paragraph or line, millions of
short lines, blank lines, heading-like lines, capitalised names, chat labels, long words, mixed scripts,
control characters, combining marks, zero-width characters and right-to-left text.
"""

from __future__ import annotations

import random
from collections.abc import Callable

_PROSE = (
    "The rain had stopped by the time she reached the harbour, and the boats knocked against the "
    "pier while the gulls argued over what the fishermen had left behind. "
)
_DIALOGUE = "“Where were you?” she asked. “Out,” he said, and shrugged. “Out where?” “Just out.” "


def _fill(unit: str, size: int) -> str:
    """`unit` repeated to `size` characters (at least one copy)."""
    reps = max(1, -(-size // max(1, len(unit))))
    return (unit * reps)[: max(size, len(unit))]


def _run_of(mark: str) -> Callable[[int], str]:
    """A sentence, then one run of `mark` filling the size, then a capitalised sentence (so a splitter's
    look-ahead finds a sentence start after the run)."""

    def make(size: int) -> str:
        return "She waited" + mark * max(1, size - 40) + " then he came. “Yes,” he said.\n"

    return make


def _spaced_run_of(mark: str) -> Callable[[int], str]:
    """`mark` followed by a space, over and over: each could end or open something."""

    def make(size: int) -> str:
        return "He said " + _fill(mark + " ", size) + "\n"

    return make


def _nested_quotes(size: int) -> str:
    """Quotes nested ever deeper, alternating families, never closed, then closed all at once."""
    depth = max(1, size // 6)
    return "She said " + "“A ‘b " * (depth // 2) + "end" + "’ b” a" * (depth // 2) + ".\n"


def _unbalanced_quotes(size: int) -> str:
    rng = random.Random(7)
    marks = "\"“”‘’'«»"
    out, n = [], 0
    while n < size:
        out.append(rng.choice(marks) + rng.choice(("word", "Word", "he said", "", " ", ".", "—")))
        n += len(out[-1])
    return "".join(out) + "\n"


def _huge_paragraph(size: int) -> str:
    return _fill(_PROSE + _DIALOGUE, size) + "\n"


def _huge_line_no_spaces(size: int) -> str:
    return _fill("abcdefghij.", size) + "\n"


def _short_lines(size: int) -> str:
    return _fill("a\n", size)


def _blank_lines(size: int) -> str:
    return "Start here.\n" + "\n" * size + "End here.\n"


def _blank_lines_with_spaces(size: int) -> str:
    return "Start here.\n" + _fill(" \t\n", size) + "End here.\n"


def _heading_lines(size: int) -> str:
    units = [f"Chapter {i}\n\n“Hello,” said Anna.\n\n" for i in range(1, size // 20 + 2)]
    return "".join(units)[: max(size, 40)]


def _bare_heading_lines(size: int) -> str:
    return "".join(f"Chapter {i}\n" for i in range(1, size // 10 + 2))[: max(size, 20)]


def _names(size: int) -> str:
    rng = random.Random(11)
    syll = ("ka", "ro", "mi", "ta", "le", "su", "no", "ri", "ve", "an")
    names = ["".join(rng.choice(syll) for _ in range(3)).capitalize() for _ in range(2000)]
    out, n = [], 0
    while n < size:
        a, b = rng.choice(names), rng.choice(names)
        piece = f"“Come on,” {a} said to {b}. {b} Smith looked at {a} Jones. "
        out.append(piece)
        n += len(piece)
    return "".join(out) + "\n"


def _chat_labels(size: int) -> str:
    rng = random.Random(13)
    who = [f"User{i}" for i in range(200)] + ["Tony", "Steve", "Natasha"]
    out, n = [], 0
    while n < size:
        line = f"{rng.choice(who)}: hey {rng.choice(who)} you there?\n"
        out.append(line)
        n += len(line)
    return "".join(out)


def _one_chat_label_line(size: int) -> str:
    return "Tony: " + _fill("Steve: ", size) + "\n"


def _long_words(size: int) -> str:
    word = "a" * 5000
    return _fill(word + " ", size) + "\n"


def _long_capitalised_word(size: int) -> str:
    return "He met " + "A" + "b" * size + " there.\n"


def _mixed_scripts(size: int) -> str:
    unit = 'Он сказал: «Привет». 彼は「こんにちは」と言った。 Είπε «Γεια». قال "مرحبا". She said “hi.” '
    return _fill(unit, size) + "\n"


def _control_chars(size: int) -> str:
    unit = "She said\x00 “hi\x07,”\x1b he\x0b said.\x0c\r\n\x1f"
    return _fill(unit, size) + "\n"


def _sparse_control_chars(size: int) -> str:
    # under 1 % control characters: still text
    unit = "She said “hi,” and he\x07 said “yo.” " + _PROSE + _PROSE + "\x0c\r\n"
    return _fill(unit, size) + "\n"


def _combining_marks(size: int) -> str:
    return "Ze" + "\u0301" * size + "lda said “hi.” Then she left.\n"


def _zero_width(size: int) -> str:
    unit = "“Hi\u200b,”\u200d she\u200c said\ufeff.\u2060 "
    return _fill(unit, size) + "\n"


def _rtl(size: int) -> str:
    unit = "\u202eShe said “olleh.”\u202c \u05e9\u05dc\u05d5\u05dd \u200f“\u05d4\u05d9\u05d9”\u200f "
    return _fill(unit, size) + "\n"


def _apostrophes_in_words(size: int) -> str:
    return _fill("the girls' dogs' ", size) + "\n"


def _dialogue_only(size: int) -> str:
    return _fill(_DIALOGUE, size) + "\n"


def _dialogue_paragraphs(size: int) -> str:
    return _fill("“hi,” she said.\n\n“yo,” he said.\n\n", size)


PATHOLOGICAL: dict[str, Callable[[int], str]] = {
    **{
        f"run {mark}": _run_of(mark)
        for mark in (".", "…", "!", "?", "'", '"', "“", "”", "‘", "’", "«", "»", "—", "-", "*", "~", "#", "=")
    },
    **{f"spaced run {mark}": _spaced_run_of(mark) for mark in (".", "…", "'", '"', "“", "”", "‘", "’", "—")},
    "nested quotes": _nested_quotes,
    "unbalanced quotes": _unbalanced_quotes,
    "huge paragraph": _huge_paragraph,
    "huge line without spaces": _huge_line_no_spaces,
    "short lines": _short_lines,
    "blank lines": _blank_lines,
    "blank lines with spaces": _blank_lines_with_spaces,
    "heading lines": _heading_lines,
    "bare heading lines": _bare_heading_lines,
    "capitalised names": _names,
    "chat labels": _chat_labels,
    "one chat line of labels": _one_chat_label_line,
    "long words": _long_words,
    "long capitalised word": _long_capitalised_word,
    "mixed scripts": _mixed_scripts,
    "control characters": _control_chars,
    "sparse control characters": _sparse_control_chars,
    "combining marks": _combining_marks,
    "zero-width characters": _zero_width,
    "right-to-left": _rtl,
    "plural possessives": _apostrophes_in_words,
    "dialogue only": _dialogue_only,
    "dialogue paragraphs": _dialogue_paragraphs,
}

__all__ = ["PATHOLOGICAL"]
