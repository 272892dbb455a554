"""Nominal speakers: people the text calls by a description, not a name ("said the Cabman", "the General
said"). A definite description that is the subject of a speech tag twice or more is a character (twice, not
three times: PDNC cast 1:1 67.7 -> 68.3 %, fan fiction 85.4 -> 85.6 %, end to end equal); it joins
the one named character who bears it as a title ("the General" = General Tilney), else stands alone.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from ficlens.lexicon import (
    RIGHT_DOUBLE,
    SPEECH_PHRASES,
    SPEECH_VERBS,
    STRAIGHT_DOUBLE,
    alternation,
    char_class,
)

_SPEECH = alternation(SPEECH_VERBS, SPEECH_PHRASES)
# an adjective is no head: "the old man", "the invisible man", "the young lady" keep their noun
_ADJECTIVES = (
    "old",
    "young",
    "little",
    "elder",
    "younger",
    "elderly",
    "tall",
    "stout",
    "fat",
    "thin",
    "big",
    "invisible",
    "strange",
    "other",
    "first",
    "second",
    "poor",
    "dark",
    "fair",
)
_HEAD = r"((?:(?i:" + "|".join(_ADJECTIVES) + r")\s+)?[A-Za-z][a-z]+(?:-[A-Za-z][a-z]+)?)"
# "…,” said the cabman" / "…,” the General said"
_CLOSE = char_class(RIGHT_DOUBLE + STRAIGHT_DOUBLE)
_TAG_AFTER = re.compile(rf"{_CLOSE}\s*,?\s*{_SPEECH}\s+the\s+{_HEAD}\b(?!\s*(?:of|who|whose|in|at)\b)")
_TAG_BEFORE = re.compile(rf"{_CLOSE}\s*,?\s*the\s+{_HEAD}\s+{_SPEECH}\b")
# descriptions that point back to someone named, or stand for a group
NOT_PEOPLE = frozenset(
    {
        "other",
        "others",
        "latter",
        "former",
        "first",
        "second",
        "third",
        "last",
        "one",
        "same",
        "rest",
        "whole",
        "two",
        "three",
        "company",
        "party",
        "crowd",
        "group",
        "voice",
        "voices",
        "people",
        "men",
        "women",
        "children",
        "ladies",
        "gentlemen",
        "boys",
        "girls",
        "family",
        "police",
    }
)


# words a description's head cannot end on: "said the other in a whisper", "said the new arrival's wife",
# "said the little old [man]"
_NOT_NOUNS = frozenset(
    {"in", "with", "at", "of", "to", "and", "or", "but", "from", "on", "by", "for", "new", "as", *_ADJECTIVES}
)


_FEMALE_HEADS = re.compile(
    r"\w*(?:woman|lady)|ladyship|girl|wife|(?:grand|step)?mother|mamma|sister|daughter|aunt|niece|queen|maid|"
    r"widow|mistress|madam|nun|\w{3,}ess"
)
_MALE_HEADS = re.compile(
    r"\w*man|boy|lad|husband|(?:grand|step)?father|papa|brother|son|uncle|nephew|king|lord|lordship|monk|"
    r"priest|waiter|butler|sir"
)


def noun_gender(head: str) -> str | None:
    """The gender a description's noun says: "the landlady", "the waitress" are women, "the policeman",
    "the king" men; "the stranger", "the doctor" say nothing."""
    word = head.split()[-1].lower()
    if _FEMALE_HEADS.fullmatch(word) and word not in ("dress", "address", "business", "mattress"):
        return "female"
    if _MALE_HEADS.fullmatch(word) and word not in (
        "human",
        "german",
        "roman",
        "norman",
        "ottoman",
        "shaman",
    ):
        return "male"
    return None


@dataclass
class Nominal:
    surface: str  # as the text writes it most often ("the Cabman")
    head: str  # lowercase ("cabman")
    tags: int  # speech tags it is the subject of
    spans: list[tuple[int, int]]  # every "the <head>" outside quotations


def nominal_speakers(text: str, inside_quote, *, min_tags: int = 2) -> list[Nominal]:
    """Descriptions that are the subject of at least `min_tags` speech tags, with their occurrences outside
    quotations (`inside_quote(pos) -> bool`)."""
    tags = Counter()
    for rx in (_TAG_AFTER, _TAG_BEFORE):
        for m in rx.finditer(text):
            tags[" ".join(m.group(1).lower().split())] += 1
    heads = {
        h
        for h, n in tags.items()
        if n >= min_tags and h not in NOT_PEOPLE and h.split()[-1] not in _NOT_NOUNS
    }
    if not heads:
        return []
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    forms: dict[str, Counter] = defaultdict(Counter)
    # not "the General" inside "the General Tilney": that is a name the NER has
    rx = re.compile(
        r"\b[Tt]he\s+("
        + "|".join(re.escape(h).replace(r"\ ", r"\s+") for h in sorted(heads))
        + r")\b(?!(?-i:\s+[A-Z]))",
        re.IGNORECASE,
    )
    for m in rx.finditer(text):
        head = " ".join(m.group(1).lower().split())
        if inside_quote(m.start()):
            continue
        spans[head].append(m.span())
        forms[head]["the " + " ".join(m.group(1).split())] += 1
    return [Nominal(forms[h].most_common(1)[0][0], h, tags[h], spans[h]) for h in sorted(heads) if spans[h]]
