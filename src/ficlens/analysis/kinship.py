"""What the text says a pair is to each other: family, spouses or lovers, friends, rivals.

The cues are phrases that tie one character to another: a possessor (``her``/``his`` resolved to A,
``Elizabeth's``, ``my`` in A's quote) and a relation word (``sister``, ``husband``, ``friend``...) whose
referent is B: a name beside it ("her sister Jane", "Jane, her sister"), the subject of a copula before it
("Jane was her sister"), or the speaker of the quote it attributes ("said her mother"). A quote from A to B
that calls B by a family word ("Papa, ...", "my dear sister") is a family cue too. One pass over the
text for the phrases and one over the quotes: linear in the work's length.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict

import regex

from ficlens.analysis.layout import Layout
from ficlens.lexicon import TITLES
from ficlens.model import Character, Mention

FAMILY = (
    r"mother|father|sister|brother|aunt|auntie|uncle|cousin|daughter|son|grandfather|grandmother|granddaughter"
    r"|grandson|grandpa|grandma|granny|niece|nephew|mamma|mama|papa|mum|mom|dad|daddy|parents?|twin|sibling"
    r"|godmother|godfather|guardian|ward|stepmother|stepfather|stepson|stepdaughter|half-sister|half-brother"
    r"|(?:mother|father|sister|brother|son|daughter)-in-law"
)
SPOUSE = (
    r"husband|wife|fianc[eé]e?|betrothed|bride|bridegroom|lover|sweetheart|girlfriend|boyfriend|beau|suitor"
    r"|admirer|intended|spouse|partner|mate"
)
FRIEND = r"friend|companion|comrade|chum|pal|confidante?|colleague|teammate|mentor|pupil|protégée?"
RIVAL = r"rival|enemy|foe|nemesis|adversary|antagonist"
RELATIONS = {"family": FAMILY, "spouse": SPOUSE, "friend": FRIEND, "rival": RIVAL}
_WORD_KIND = [(kind, re.compile(rf"(?:{words})s?", re.IGNORECASE)) for kind, words in RELATIONS.items()]

_MODIFIERS = (
    r"dear|dearest|own|elder|younger|eldest|youngest|little|big|poor|late|beloved|best|old|oldest|sweet|only"
    r"|future|favourite|favorite|new|former|dead|darling|twin|closest|faithful"
)
# A possessor and a relation word: "her sister", "Elizabeth's dear friend", "my late husband".
PHRASE = regex.compile(
    rf"\b(?P<owner>[Hh]er|[Hh]is|[Mm]y|[Yy]our|\p{{Lu}}[\w.-]*['’]s?)\s+(?i:(?:(?:{_MODIFIERS})\s+){{0,2}}"
    rf"(?P<word>(?:{FAMILY}|{SPOUSE}|{FRIEND}|{RIVAL})s?))\b"
)
# A quote calling its addressee by a family word: "Papa, ...", "..., my dear sister."
VOCATIVE = regex.compile(
    r"(?:^|[,;!?.—-]\s*)(?:oh,?\s+)?(?:my\s+)?(?:(?:dear|dearest|darling|sweet|poor)\s+)?"
    r"(?P<word>mamma|mama|papa|mother|father|mum|mom|dad|daddy|sister|brother|aunt|auntie|uncle|cousin"
    r"|grandmother|grandfather|grandma|grandpa|granny|son|daughter|husband|wife)\s*(?:[,;!?.—-]|$)",
    regex.IGNORECASE,
)
_SPEECH_VERB = re.compile(
    r"[,.!?—-]?\s*(?:said|says|cried|cries|replied|replies|answered|asked|asks|exclaimed|added|continued"
    r"|returned|observed|whispered|called|shouted|murmured|went on)\s+$",
    re.IGNORECASE,
)
_COPULA = re.compile(
    r"\s*,?\s+(?:is|was|were|are|had been|has been|became|becomes|be|as)\s+(?:also\s+|now\s+|not\s+)?$",
    re.IGNORECASE,
)
_NEAR = 3  # characters of punctuation and space between a relation phrase and the name it is said of


_DISTANT = re.compile(r"cousins?|.*-in-laws?|guardians?|wards?|godmothers?|godfathers?", re.IGNORECASE)


def relation_kind(word: str) -> str:
    """ "family", "spouse", "friend" or "rival"; a cousin, an in-law or a guardian is "kin": cousins marry in
    the novels, and "her brother" is often a brother-in-law, so kin cues do not rule out romance."""
    if _DISTANT.fullmatch(word):
        return "kin"
    return next((kind for kind, rx in _WORD_KIND if rx.fullmatch(word)), "family")


class Relations:
    """Relation cues per unordered pair of character ids: Counter of "family", "spouse", "friend", "rival"."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self.pairs: dict[tuple[str, str], Counter] = defaultdict(Counter)
        mentions = sorted(layout.resolved_mentions, key=lambda m: m.start)
        self._starts = [m.start for m in mentions]
        self._ends = sorted((m.end, m.start, m) for m in mentions)
        self._end_keys = [e for e, _, _ in self._ends]
        self._mentions = mentions
        self._find_phrases()
        self._find_vocatives()
        for a, b, kind in self._surname_cues():
            self.pairs[_key(a, b)][kind] += 1

    def of(self, a: str, b: str) -> Counter:
        return self.pairs.get(_key(a, b), Counter())

    def _mention_starting(self, lo: int, hi: int) -> Mention | None:
        i = bisect_left(self._starts, lo)
        return self._mentions[i] if i < len(self._mentions) and self._starts[i] < hi else None

    def _mention_ending(self, lo: int, hi: int) -> Mention | None:
        i = bisect_right(self._end_keys, hi) - 1
        return self._ends[i][2] if i >= 0 and self._end_keys[i] >= lo else None

    def _owner(self, match) -> str | None:
        word, start = match.group("owner").casefold(), match.start("owner")
        if word in ("my", "your"):
            q = self.layout.quote_at(start)
            if q is None:
                return None
            return q.speaker if word == "my" else (q.addressees[0] if q.addressees else None)
        m = self._mention_starting(start, match.end("owner"))
        return m.character if m else None

    def _referent(self, match) -> str | None:
        text = self.layout.work.text
        end, start = match.end(), match.start()
        after = self._mention_starting(end, end + _NEAR + 1)
        if after and regex.fullmatch(r"[\s,]*", text[end : after.start]) and after.kind != "pronoun":
            return after.character  # "her sister Jane", "his friend, Bingley"
        before = self._mention_ending(start - _NEAR - 1, start)
        if before and regex.fullmatch(r"[\s,]*", text[before.end : start]) and before.kind != "pronoun":
            return before.character  # "Jane, her sister"
        base = max(0, start - 40)
        lead = text[base:start]
        if (copula := _COPULA.search(lead)) and (
            subject := self._mention_ending(base + copula.start() - 1, base + copula.start())
        ):
            return subject.character  # "Jane was her sister"
        if (verb := _SPEECH_VERB.search(lead)) and (q := self.layout.quote_at(base + verb.start() - 1)):
            return q.speaker  # "“...,” said her mother": the quote's speaker
        return None

    def _find_phrases(self) -> None:
        text = self.layout.work.text
        for match in PHRASE.finditer(text):
            owner = self._owner(match)
            if owner is None:
                continue
            referent = self._referent(match)
            if referent and referent != owner:
                self.pairs[_key(owner, referent)][relation_kind(match.group("word"))] += 1

    def _find_vocatives(self) -> None:
        for q in self.layout.quotes:
            if not q.speaker or len(q.addressees) != 1 or q.addressees[0] == q.speaker:
                continue
            for match in VOCATIVE.finditer(q.text):
                kind = relation_kind(match.group("word"))
                self.pairs[_key(q.speaker, q.addressees[0])][kind] += 1

    def _surname_cues(self):
        """Pairs whose names share a surname, and who cannot be spouses: the same gender, or one of them a
        Miss or a Master (unmarried). Mr. and Mrs. Bennet share theirs by marriage; the text decides."""
        by_surname: dict[str, list[Character]] = defaultdict(list)
        for c in self.layout.work.characters:
            for s in _surnames(c):
                by_surname[s].append(c)
        seen = set()
        for group in by_surname.values():
            if len(group) > 12:
                continue  # a surname this common says nothing (or the cast merged a family)
            for i, a in enumerate(group):
                for b in group[i + 1 :]:
                    if a.id == b.id or _key(a.id, b.id) in seen:
                        continue
                    seen.add(_key(a.id, b.id))
                    same = a.gender and a.gender == b.gender
                    if same or _unmarried(a) or _unmarried(b):
                        yield a.id, b.id, "family"


def _surnames(c: Character) -> set[str]:
    """The last words of the character's several-word names whose first word is a given name or title."""
    out = set()
    for name in {c.name, *c.aliases}:
        parts = [p for p in re.findall(r"[A-Z][\w'’-]+", name)]
        if len(parts) >= 2 or (parts and name.split()[0].lower().rstrip(".") in TITLES):
            last = parts[-1]
            if last.lower().rstrip(".") not in TITLES and len(last) > 2:
                out.add(last)
    return out


def _unmarried(c: Character) -> bool:
    return any(
        n.split()[0].lower().rstrip(".") in ("miss", "master", "mademoiselle", "mlle")
        for n in [c.name, *c.aliases]
        if n
    )


def _key(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)
