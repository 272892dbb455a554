"""Everyday English words, and the part of speech each mostly has: a word list built from the Universal
Dependencies English Web Treebank (CC BY-SA 4.0) and shipped as ``ficlens/models/common_words.json``.

    ficlens train common-words ../shared/data/ud-english-ewt

A short fan fiction may never write "obviously" or "plants" in lowercase, so the text alone cannot tell
them from names when one opens a sentence or a quote ("Obviously, ..."). The list holds the treebank's words
(train and dev splits) seen twice or more and seldom tagged as a proper noun, with their most frequent
universal POS tag.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

PATH = Path(__file__).resolve().parents[1] / "models" / "common_words.json"
_ELONGATED = re.compile(r"(\w)\1{2,}")  # "uhhh", "yaaaas": a letter held for effect
# laughs and grunts the treebank does not hold ("Hah!", "Heh", "Hmph", "Pfft"): exclamations
_INTERJECTION = re.compile(r"(?:h+a+h*|a+h+a*|h+e+h+|h+m+p*h*|p+f+t+|t+s+k+|u+m+|e+r+m+)", re.IGNORECASE)


@lru_cache(maxsize=1)
def _words() -> dict[str, str]:
    return json.loads(PATH.read_text(encoding="utf-8"))["words"]


def common_pos(word: str) -> str | None:
    """The part of speech an everyday word mostly has ("obviously": ADV, "plants": NOUN), None for a word
    that is no everyday word or is also a name. A held letter counts once or twice ("Uhhh": uh, "Mmm": mm), and
    marks an exclamation otherwise ("Yaaaaas"), as a laugh or grunt does ("Hah", "Pfft"); a plural counts as
    its noun ("Voices")."""
    words = _words()
    low = word.lower()
    for form in (low, _ELONGATED.sub(r"\1\1", low), _ELONGATED.sub(r"\1", low)):
        if form in words:
            return words[form]
    if _ELONGATED.search(low) or (len(low) > 2 and _INTERJECTION.fullmatch(low)):
        return "INTJ"  # "Yaaaaas", "Shhh": a held letter marks an exclamation
    stem = low[:-1] if low.endswith("s") and not low.endswith("ss") else None  # "voices", "elbows"
    return "NOUN" if stem and words.get(stem) == "NOUN" else None
