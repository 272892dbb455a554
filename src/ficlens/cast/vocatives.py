"""Vocatives: the words inside a quotation that address someone (“Forehead,” Ino says; “I can't, Ino-pig.”).

A vocative names its addressee, so a vocative that is no known name (a nickname) becomes an alias of the
person addressed: whoever answers the quote, or else the other party of the conversation.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ficlens.lexicon import APOSTROPHES

# a name-like phrase: capitalised words, hyphenated parts allowed (Ino-pig, Bushy-Brows, Sakura-chan)
_WORD = rf"[A-Z][\w{APOSTROPHES}]*(?:[-‐][\w{APOSTROPHES}]+)*"
_NAME = rf"{_WORD}(?:\s+{_WORD}){{0,2}}"
_AT_START = re.compile(
    rf"^\s*(?:(?:[Oo]h|[Hh]ey|[Yy]es|[Nn]o|[Ww]ell|[Dd]ear|[Mm]y\s+dear),?\s+)?({_NAME})\s*[,!]"
)
_AT_END = re.compile(rf",\s+(?:my\s+(?:dear\s+)?)?({_NAME})\s*(?=[.!?…,]|$)")
# discourse words that stand where a vocative would but address no one
NOT_VOCATIVES = {
    "well",
    "yes",
    "no",
    "oh",
    "ah",
    "hey",
    "look",
    "listen",
    "okay",
    "ok",
    "so",
    "now",
    "please",
    "sorry",
    "thanks",
    "thank",
    "fine",
    "sure",
    "right",
    "hello",
    "hi",
    "good",
    "wait",
    "come",
    "really",
    "damn",
    "shit",
    "alright",
    "huh",
    "um",
    "uh",
    "hmm",
    "actually",
    "anyway",
    "besides",
    "still",
    "then",
    "why",
    "what",
    "but",
    "and",
    "yeah",
    "yep",
    "nope",
    "seriously",
    "honestly",
    "indeed",
    "i",
    "you",
    "we",
    "he",
    "she",
    "they",
    "it",
    "this",
    "that",
    "there",
    "here",
    "god",
    "jesus",
    "christ",
    "heavens",
    "lord",
    "goodbye",
    "bye",
    "whatever",
    "maybe",
    "perhaps",
    "because",
    "if",
    "when",
    "how",
    "who",
    "where",
    "nothing",
    "everything",
    "everyone",
    "nobody",
    "true",
    "never",
    "always",
    "again",
    "too",
    "sir",
    "madam",
    "ma'am",
    "ma’am",
    "mother",
    "father",
    "mom",
    "dad",
    "mum",
    "boys",
    "girls",
    "guys",
    "man",
    "dude",
    "kid",
    "gentlemen",
    "ladies",
    "friend",
    "friends",
    "love",
    "darling",
    "honey",
    "sweetheart",
    "la",
    "aye",
    "hum",
    "pray",
    "esq",
    "alas",
    "bah",
    "pooh",
    "hush",
    "ha",
    "eh",
    "o",
    "nay",
    "hark",
    "lo",
    "sheesh",
    "geez",
    "jeez",
    "ugh",
    "wow",
    "whoa",
    "hmph",
    "tch",
    "psha",
    "pshaw",
    "heyday",
    "hullo",
    "pfui",
    "pouf",
    "ahem",
    "oops",
    "ow",
    "ouch",
    "yay",
    "nah",
    "meh",
    "gosh",
    "golly",
    "hurrah",
    "hurray",
    "bravo",
}


@dataclass
class Vocative:
    start: int
    end: int
    text: str
    quote: tuple[int, int]
    comma: bool = True  # set off by a comma ("Forehead, ..." / "..., Ino-pig."), not just "Hullo!"
    # the word is all the quote says ("Awkward," he decides): a one-word remark more often than a call,
    # unless the speech goes on after the tag (“Forehead,” Ino says, “let's go out.”)
    alone: bool = False


def _accept(text: str) -> bool:
    first = text.split()[0].lower().strip(APOSTROPHES)
    return first not in NOT_VOCATIVES and text.lower() not in NOT_VOCATIVES


def find_vocatives(text: str, quotes: list[tuple[int, int]]) -> list[Vocative]:
    out: list[Vocative] = []
    starts = sorted(s for s, _ in quotes)
    for qs, qe in quotes:
        inner = text[qs:qe]
        hits: dict[tuple[int, int], bool] = {}
        if m := _AT_START.match(inner):
            hits[m.span(1)] = inner[m.end() - 1] == ","
        for m in _AT_END.finditer(inner):
            hits[m.span(1)] = True
        for (s, e), comma in sorted(hits.items()):
            phrase = inner[s:e]
            if _accept(phrase):
                whole = not inner[:s].strip() and not inner[e:].strip(" ,.!?…")
                alone = whole and not _speech_goes_on(text, qe, starts)
                out.append(Vocative(qs + s, qs + e, " ".join(phrase.split()), (qs, qe), comma, alone))
    return out


SPEECH_TAG_CHARS = 80  # how far after a quote the next part of the same speech may start


def _speech_goes_on(text: str, end: int, starts: list[int]) -> bool:
    """A next quote starts soon after `end` in the same paragraph (the speech goes on after its tag)."""
    k = bisect.bisect_right(starts, end)
    return k < len(starts) and starts[k] - end <= SPEECH_TAG_CHARS and "\n" not in text[end : starts[k]]
