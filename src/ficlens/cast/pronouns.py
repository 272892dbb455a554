"""Third-person pronouns found, and the gender a text gives each name (whom each pronoun refers to is
`ficlens.cast.coref`'s trained resolver).

Gender is read from the text, not from a list of first names: after a name in the narration, the next
third-person singular pronoun of the same paragraph (before any other name) votes for that name's gender.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass

from ficlens.lexicon import (
    CLOSING_QUOTES,
    FIRST_PERSON,
    PRONOUN_GENDER,
    REFLEXIVE_PRONOUNS,
    SECOND_PERSON,
    STRAIGHT_DOUBLE,
    SUBJECT_PRONOUNS,
    char_class,
)


def _words(words: tuple[str, ...]) -> str:
    return r"\b(" + "|".join(words) + r")\b"


PRONOUN_RX = re.compile(_words(tuple(PRONOUN_GENDER)), re.IGNORECASE)
FIRST_PERSON_RX = re.compile(_words(FIRST_PERSON))  # case kept: "I", not the article's "i"
SECOND_PERSON_RX = re.compile(_words(SECOND_PERSON), re.IGNORECASE)


@dataclass
class Token:
    """A name or pronoun occurrence in text order."""

    start: int
    end: int
    surface: str
    is_name: bool
    inside_quote: bool
    paragraph: int


class Spans:
    """Fast 'is this offset inside one of these sorted, disjoint spans' and 'which span' lookups."""

    def __init__(self, spans: list[tuple[int, int]]):
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]

    def index(self, pos: int) -> int:
        i = bisect_right(self.starts, pos) - 1
        return i if i >= 0 and pos < self.spans[i][1] else -1

    def contains(self, pos: int) -> bool:
        return self.index(pos) >= 0


def pronoun_tokens(text: str, quotes: Spans, paragraphs: Spans) -> list[Token]:
    return [
        Token(m.start(), m.end(), m.group(1), False, quotes.contains(m.start()), paragraphs.index(m.start()))
        for m in PRONOUN_RX.finditer(text)
    ]


_VOTING = frozenset(SUBJECT_PRONOUNS + REFLEXIVE_PRONOUNS)
_SENTENCE_END = re.compile(r"[.!?…]" + char_class(STRAIGHT_DOUBLE + CLOSING_QUOTES + ")") + r"*\s+|\n\s*\n")


def sentence_index(text: str):
    """A function offset -> sentence number (rough: ends at . ! ? … and blank lines)."""
    ends = [m.end() for m in _SENTENCE_END.finditer(text)]
    return lambda pos: bisect_right(ends, pos)


def name_genders(text: str, tokens: list[Token], *, min_votes: int = 2, share: float = 0.6) -> dict[str, str]:
    """Surface -> gender, read from the narration. The first name of a sentence is taken as its subject;
    the first subject or reflexive pronoun after it, in that sentence or the next (before another name),
    votes for its gender ("Ino is alone ... She is far from home"). Object and possessive forms never
    vote: in "Cecil took her hand" her is someone else."""
    sentence_of = sentence_index(text)
    votes: dict[str, Counter] = defaultdict(Counter)
    subject: Token | None = None
    subject_sentence = -1
    for tok in tokens:
        if tok.inside_quote:
            continue
        sentence = sentence_of(tok.start)
        if tok.is_name:
            if sentence != subject_sentence or subject is None:
                subject, subject_sentence = tok, sentence
            elif subject is not None and sentence == subject_sentence:
                continue  # a later name in the subject's sentence: the subject keeps the vote
            continue
        if subject is None or sentence > subject_sentence + 1:
            subject = None
            continue
        if tok.surface.lower() in _VOTING:
            votes[subject.surface][PRONOUN_GENDER[tok.surface.lower()]] += 1
            subject = None
    return {
        surface: g
        for surface, counter in votes.items()
        if (g := _gender_of(counter, min_votes=min_votes, share=share))
    }


# "they" is mostly plural: it makes a name nonbinary with at least this many votes and this share of them all
MIN_THEY_VOTES, THEY_SHARE = 3, 0.7


def _gender_of(votes: Counter, *, min_votes: int, share: float) -> str | None:
    """He against she decides; "they" (mostly plural) counts only when it is nearly all the votes."""
    binary = votes["male"] + votes["female"]
    if votes["nonbinary"] >= MIN_THEY_VOTES and votes["nonbinary"] >= THEY_SHARE * (
        binary + votes["nonbinary"]
    ):
        return "nonbinary"
    if not binary:
        return None
    gender = "male" if votes["male"] > votes["female"] else "female"
    if votes[gender] >= share * binary and (votes[gender] >= min_votes or votes[gender] == binary):
        return gender
    return None
