"""Third-person pronouns: the gender a text gives each name, and which character each he/she/they is.

Gender is read from the text, not from a list of first names: after a name in the narration, the next
third-person singular pronoun of the same paragraph (before any other name) votes for that name's gender.
Resolution is by salience: a pronoun goes to the most recently mentioned character of its gender within
the scene; "they" goes to a character only when the text uses they for that character.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass

PRONOUN_GENDER = {
    "he": "male", "him": "male", "his": "male", "himself": "male",
    "she": "female", "her": "female", "hers": "female", "herself": "female",
    "they": "nonbinary", "them": "nonbinary", "their": "nonbinary", "theirs": "nonbinary",
    "themself": "nonbinary", "themselves": "nonbinary",
}
PRONOUN_RX = re.compile(r"\b(" + "|".join(PRONOUN_GENDER) + r")\b", re.IGNORECASE)
FIRST_PERSON_RX = re.compile(r"\b(I|me|my|mine|myself)\b")


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
    return [Token(m.start(), m.end(), m.group(1), False, quotes.contains(m.start()), paragraphs.index(m.start()))
            for m in PRONOUN_RX.finditer(text)]


_OBJECT_FOLLOWERS = re.compile(r"\s*(?:[,.;:!?”\"—–)]|$|(?:as|and|or|to|in|on|at|with|for|from|by|up|down|out|"
                               r"off|over|back|away|again|that|the|a|an|so|but|when|if|into|about|too)\b)")


def _votes(text: str, name: Token, pronoun: Token) -> bool:
    """Whether `pronoun` may stand for `name`: same sentence, and not an object pronoun ("Lee approaches
    her": her is someone else)."""
    if re.search(r"[.!?…]", text[name.end:pronoun.start]):
        return False
    word = pronoun.surface.lower()
    if word in ("him", "them"):
        return False
    return not (word == "her" and _OBJECT_FOLLOWERS.match(text, pronoun.end))


def name_genders(text: str, tokens: list[Token], *, min_votes: int = 2, share: float = 0.7) -> dict[str, str]:
    """Surface -> gender, from the first pronoun after each narrated name mention in its sentence."""
    votes: dict[str, Counter] = defaultdict(Counter)
    pending: Token | None = None
    for tok in tokens:
        if tok.inside_quote:
            continue
        if tok.is_name:
            pending = tok
        elif pending is not None and tok.paragraph == pending.paragraph:
            if _votes(text, pending, tok):
                votes[pending.surface][PRONOUN_GENDER[tok.surface.lower()]] += 1
                pending = None
    genders = {}
    for surface, counter in votes.items():
        gender, n = counter.most_common(1)[0]
        if n >= min_votes and n >= share * sum(counter.values()):
            genders[surface] = gender
        elif n >= 1 and n == sum(counter.values()) and gender != "nonbinary":
            genders[surface] = gender  # one clear vote, none against
    return genders


def resolve(tokens: list[Token], char_of: dict[str, str], gender_of: dict[str, str | None],
            scene_of) -> list[tuple[Token, str | None]]:
    """(pronoun token, character id or None) for every pronoun, by gendered recency within the scene."""
    last: dict[str, str] = {}
    scene = None
    out: list[tuple[Token, str | None]] = []
    for tok in tokens:
        current = scene_of(tok.start)
        if current != scene:
            scene, last = current, {}
        if tok.is_name:
            cid = char_of.get(tok.surface)
            if cid and gender_of.get(cid):
                last[gender_of[cid]] = cid
            continue
        out.append((tok, last.get(PRONOUN_GENDER[tok.surface.lower()])))
    return out
