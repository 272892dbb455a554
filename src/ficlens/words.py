"""AO3's word count, so that `stats.words` equals the `Words:` figure AO3 prints for a complete work.

AO3's rule: turn ``--`` into an em dash, remove apostrophes (' ’ ‘) and hyphens, then count runs of word
characters; each Han, Hiragana, Katakana or Thai character counts as one word.
"""

from __future__ import annotations

import re

import regex

from ficlens.lexicon import LEFT_SINGLE, RIGHT_SINGLE, STRAIGHT_SINGLE

_CJK_THAI = r"\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}"
_WORD = regex.compile(rf"[{_CJK_THAI}]|(?:(?![{_CJK_THAI}])\w)+")
# The stdlib's \w (str.isalnum and "_") and `regex`'s Unicode \w agree on these ranges: Latin (bar the
# superscript digits and fractions), Greek, Cyrillic (bar combining marks), Vietnamese, punctuation (bar the
# connectors ‿ ⁀ ⁔), currency, letterlike symbols, arrows, shapes (bar dingbat digits) and emoji. Text made
# only of them (nearly every work) is counted by the stdlib, several times faster with the same result;
# anything else (marks, CJK, Thai, joiners, circled letters) takes the exact `regex` path.
_OUTSIDE_FAST_RANGES = re.compile(
    "[^\x00-\xb1\xb4-\xb8\xba\xbb\xbf-\u02ff\u0370-\u0482\u048a-\u052f\u1e00-\u1eff"
    "\u2010-\u203e\u2041-\u2053\u2055-\u206f\u20a0-\u20cf\u2100-\u214f\u2190-\u23ff"
    "\u2500-\u2775\u2794-\u27bf\U0001f300-\U0001faff]"
)
_FAST_WORD = re.compile(r"\w+")


def count_words(text: str) -> int:
    # Chained str.replace is ~50x faster than str.translate or a regex sub on long non-ASCII text.
    text = (
        text.replace("--", "—")
        .replace(STRAIGHT_SINGLE, "")
        .replace(RIGHT_SINGLE, "")
        .replace(LEFT_SINGLE, "")
    )
    text = text.replace("-", "")
    if _OUTSIDE_FAST_RANGES.search(text) is None:
        return len(_FAST_WORD.findall(text))
    return sum(1 for _ in _WORD.finditer(text))
