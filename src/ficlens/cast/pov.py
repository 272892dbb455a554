"""Narrator and point of view.

First-person narration: I/me/my outside quotations, often enough beside the third-person pronouns;
second-person narration (a reader-insert) the same with you/your.
Third-person point of view: the character whose perceptions and thoughts the narration reports most
(a name or resolved pronoun as subject of a perception/cognition verb), with the pronoun mass of the
narration as the tie-breaker.
"""

from __future__ import annotations

import re
from collections import Counter

from ficlens.lexicon import APOSTROPHES

_NOT = rf"n[{APOSTROPHES}]t"  # couldn't, couldn’t
COGNITION = re.compile(
    rf"\s+(?:\w+ly\s+)?(?:can(?:not|[{APOSTROPHES}]t)?\s+|could(?:{_NOT})?\s+|does(?:{_NOT})?\s+|did(?:{_NOT})?\s+)?"
    r"(?:think|thinks|thought|know|knows|knew|feel|feels|felt|see|sees|saw|wonder|wonders|wondered|"
    r"remember|remembers|remembered|realise|realises|realised|realize|realizes|realized|notice|notices|"
    r"noticed|hear|hears|heard|watch|watches|watched|want|wants|wanted|hope|hopes|hoped|wish|wishes|"
    r"wished|believe|believes|believed|decide|decides|decided|imagine|imagines|imagined|suspect|"
    r"suspects|suspected|understand|understands|understood|recall|recalls|recalled|dream|dreams|dreamed|"
    r"dreamt|fear|fears|feared|doubt|doubts|doubted|consider|considers|considered|forget|forgets|forgot|"
    r"find|finds|found|can|could)\b"
)


# Narration told in the first or second person: its I (or you) outside quotations at least this often (and
# MIN_PERSON_PRONOUNS times in all), and at least a third as often as he/she/they
WORDS_PER_PERSON_PRONOUN = 100
MIN_PERSON_PRONOUNS = 5
THIRD_PERSON_PER_PERSON = 3


def told_in_person(outside: int, outside_third: int, words: int) -> bool:
    """Whether the narration is told in the first person (`outside`: I/me/my outside quotations) or, with
    you/your, in the second (fan fiction's reader-insert: "You tugged at your restraints"): at least 1 per
    100 narrated words, and at least a third as frequent as he/she/they."""
    return (
        outside >= max(MIN_PERSON_PRONOUNS, words / WORDS_PER_PERSON_PRONOUN)
        and outside * THIRD_PERSON_PER_PERSON >= outside_third
    )


MIN_POV_VERBS = 3  # perception or cognition verbs that make a character the point of view


def pov_character(text: str, subjects: list[tuple[int, int, str, bool]]) -> str | None:
    """`subjects`: (start, end, character id, is_pronoun) for narrated mentions. The character with most
    perception/cognition verbs right after a mention, or None when no character has `MIN_POV_VERBS`."""
    cognition: Counter = Counter()
    mass: Counter = Counter()
    for _start, end, cid, is_pronoun in subjects:
        if COGNITION.match(text, end):
            cognition[cid] += 1
        if is_pronoun:
            mass[cid] += 1
    if not cognition:
        return None
    best = max(cognition, key=lambda c: (cognition[c], mass[c]))
    return best if cognition[best] >= MIN_POV_VERBS else None
