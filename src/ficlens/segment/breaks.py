"""Symbol lines that authors use as scene breaks.

``***``, ``* * *``, ``~~~``, ``#``, ``-----``, ``&&``, ``o0o``, ``xXx``.
"""

from __future__ import annotations

import re

from ficlens.lexicon import CURLY_QUOTES, GUILLEMETS, STRAIGHT_DOUBLE, STRAIGHT_QUOTES

_MAX_BREAK_LINE = 80
# A line made only of these says something (an ellipsis, a silent "…", "?!"), so it is no break.
_SPEECH_PUNCTUATION = frozenset(
    ".,?!…;:" + STRAIGHT_QUOTES + CURLY_QUOTES + "()" + GUILLEMETS + "{}[]<>"
)  # and brackets: a lone "}" closes code
_PROSE = re.compile(r"[^\W_xXoO0]")  # a letter or digit that no break pattern uses: quick "no" for prose
# a question, an exclamation or a quotation: "—?", "“—”" (not the straight single mark)
_SPOKEN = frozenset("?!…" + STRAIGHT_DOUBLE + CURLY_QUOTES + GUILLEMETS)


def is_break_line(line: str) -> bool:
    """True for a (possibly centred) line made only of non-letter symbols, or of a short x/o pattern."""
    s = line.strip()
    if not s or len(s) > _MAX_BREAK_LINE or _PROSE.search(s):
        return False
    letters = [c for c in s if c.isalnum()]
    if letters:
        return is_xo_pattern(s, letters)
    if any(c in _SPOKEN for c in s):
        return False
    return not all(c in _SPEECH_PUNCTUATION or c.isspace() for c in s)


_MAX_XO_LINE = 30  # characters: the break patterns made of x and o (xXx, o0o, -x-x-) are short
_MIN_BARE_XO = 3  # letters an x/o pattern with no symbols needs: "xo" and "ox" are words


def is_xo_pattern(s: str, letters: list[str]) -> bool:
    """``xxx``, ``XxX``, ``oOo``, ``o0o``, ``-x-``: x's and o's only, with an x, a 0 or mixed case
    (``ooo`` is a word)."""
    if len(s) > _MAX_XO_LINE or any(c in ".!?" for c in s) or not all(c in "xXoO0" for c in letters):
        return False
    symbols = sum(1 for c in s if not c.isalnum() and not c.isspace())
    if len(letters) < _MIN_BARE_XO and not symbols:
        return False
    lower = "".join(letters).lower()
    mixed_case = any(c.isupper() for c in letters) and any(c.islower() for c in letters)
    return "x" in lower or "0" in lower or mixed_case or symbols > 0
