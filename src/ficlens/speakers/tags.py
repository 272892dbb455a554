"""Reading the text around a quotation: its speech tag's reach, the name mentions near it, and what the tag
says (who it names, its pronoun, whom it addresses, PDNC's quote type). Shared by the ranker's features."""

from __future__ import annotations

import bisect
import re

from ficlens.cast.nominals import noun_gender
from ficlens.lexicon import (
    CLOSING_QUOTES,
    CURLY_DOUBLE,
    OPENING_QUOTES,
    PRONOUN_GENDER,
    SPEECH_PHRASES,
    SPEECH_VERBS,
    STRAIGHT_DOUBLE,
    STRAIGHT_QUOTES,
    SUBJECT_PRONOUNS,
    TAG_PRONOUNS,
    alternation,
    char_class,
)
from ficlens.model import Mention, Quote, Work

VERB = re.compile(r"\b" + alternation(SPEECH_VERBS, SPEECH_PHRASES) + r"\b", re.IGNORECASE)
_TAG_PRONOUN = "(" + "|".join(TAG_PRONOUNS) + ")"
PRONOUN = re.compile(r"\b" + _TAG_PRONOUN + r"\b", re.IGNORECASE)
# The gender a tag's he or she gives its speaker (a they in a tag is as often a group).
HE_SHE = tuple(p for p in SUBJECT_PRONOUNS if PRONOUN_GENDER[p] != "nonbinary")
TAG_GENDER = {p: PRONOUN_GENDER[p] for p in HE_SHE}
_GAP_VERB_BEFORE_NAME = re.compile(
    r"[^\w\n]{0,4}\s*(?:" + VERB.pattern + r")\s+(?:\w+\s+){0,2}$", re.IGNORECASE
)
_GAP_EMPTY = re.compile(r"[^\w]{0,4}\s*$")
# she hears Tom mutter
_GAP_HEARS = re.compile(r"[^\w]{0,4}\s*\w+\s+(?:hears?|heard|hearing)\s+$", re.IGNORECASE)
_NAME_THEN_VERB = re.compile(r"\s+(?:\w+\s+){0,2}?(?:" + VERB.pattern + r")", re.IGNORECASE)
_NAME_THEN_FINITE = re.compile(r"\s+(?:[a-z]+ly\s+)?[a-z]{2,}(?:ed|es|s)\b")
_POSSESSIVE = re.compile(r"['’]s?\b")
_TAIL_VERB = re.compile(char_class(".!?" + STRAIGHT_DOUBLE + CURLY_DOUBLE, negated=True) + r"{0,60}$")
PRONOUN_TAG = re.compile(
    r"[^\w]{0,4}\s*(?:(?:"
    + VERB.pattern
    + r")\s+"
    + _TAG_PRONOUN
    + r"\b|"
    + _TAG_PRONOUN
    + r"\s+(?:\w+\s+){0,2}?(?:"
    + VERB.pattern
    + r"))",
    re.IGNORECASE,
)
# Bounds that keep one quote's work constant on any input (a 1 MB paragraph of dialogue naming thousands of
# people); neither is reached on PDNC, where a paragraph's quotes lie at most 5,000 characters from its
# edges but one in 34,517, and a quote has at most 18 candidates with the gold cast.
PARAGRAPH_REACH = 5000  # characters either side of a quotation that count as its paragraph
MAX_ALL_CANDIDATES = 40


def tag_bounds(
    work: Work, quotes: list[Quote], i: int, pstart: int, pend: int, reach: int
) -> tuple[tuple[int, int], tuple[int, int]]:
    """The reaches searched for quote i's speech tag after it and before it (`reach` characters at most),
    inside its paragraph."""
    q = quotes[i]
    nxt = quotes[i + 1].start if i + 1 < len(quotes) else len(work.text)
    prv = quotes[i - 1].end if i > 0 else 0
    after = (min(q.end + 1, pend), max(min(q.end + 1, pend), min(nxt - 1, pend, q.end + reach)))
    before = (min(max(prv + 1, pstart, q.start - reach), q.start), max(q.start - 1, pstart))
    lead = work.text[pstart : max(pstart, q.start - 1)]
    if not lead.strip() and pstart > 0:
        # A quote opening its paragraph may be led in by the previous one: "...she observed,\n\n"How..."
        tail_end = pstart
        while tail_end and work.text[tail_end - 1].isspace():  # no copy of the text before: linear
            tail_end -= 1
        if tail_end and work.text[tail_end - 1] in ",:;-—" and prv < tail_end:
            before = (max(prv + 1, tail_end - reach), tail_end)
    return after, before


TOP_NAMED = 3  # the work's most named characters: candidates for every quote (the global_top3 feature)


def _nameless(work: Work) -> set[str]:
    """The characters the text never calls by a name (a partner who is "the vampire" and "he" all through):
    their pronouns stand in for names in the index. Not the reader or a first-person narrator, whose
    you and I are read apart."""
    named = {m.character for m in work.mentions if m.kind in ("name", "vocative")}
    return {c.id for c in work.characters if c.id not in named and not c.reader and not c.narrator}


class MentionIndex:
    """Name mentions sorted by position, with the quotation (if any) each falls in."""

    def __init__(self, work: Work, quotes: list[Quote]):
        nameless = _nameless(work)
        named = sorted(
            (
                m
                for m in work.mentions
                if m.character
                and (
                    m.kind in ("name", "vocative", "nominal")
                    or (m.kind == "pronoun" and m.character in nameless)
                )
            ),
            key=lambda m: m.start,
        )
        self.mentions: list[Mention] = named
        self.starts = [m.start for m in named]
        qstarts = [q.start for q in quotes]
        self.in_quote: list[int] = []
        for m in named:
            j = bisect.bisect_right(qstarts, m.start) - 1
            self.in_quote.append(j if j >= 0 and m.start < quotes[j].end else -1)
        self.resolved = sorted(
            (m for m in work.mentions if m.character and m.kind == "pronoun"), key=lambda m: m.start
        )
        self.resolved_starts = [m.start for m in self.resolved]
        self.totals: dict[str, int] = {}
        for m in named:
            self.totals[m.character] = self.totals.get(m.character, 0) + 1

        # A dict keeps the order (most named first), so the candidates come in the same order on every run.
        self.top = dict.fromkeys(sorted(self.totals, key=self.totals.get, reverse=True)[:TOP_NAMED])
        self.sentence_starts = [x.start for x in work.sentences]

    def sentence(self, pos: int) -> int:
        return bisect.bisect_right(self.sentence_starts, pos)

    def subject_of(self, at: int, gender: str, chars: dict, floor: int) -> str | None:
        """Who a he/she at `at` is, after Hobbs: the latest character of that gender named earlier in its
        own sentence (outside quotes), else the *first* one named in the latest sentence naming one."""
        here = self.sentence(at)
        best, best_sentence = None, None
        for k in reversed(self.between(floor, at)):
            m = self.mentions[k]
            if self.in_quote[k] >= 0 or not chars.get(m.character) or chars[m.character].gender != gender:
                continue
            s = self.sentence(m.start)
            if s == here:
                return m.character
            if best_sentence is not None and s != best_sentence:
                break
            best, best_sentence = m.character, s
        return best

    def between(self, start: int, end: int) -> range:
        return range(bisect.bisect_left(self.starts, start), bisect.bisect_left(self.starts, end))


def outside(idx: MentionIndex, r: range) -> list[int]:
    return [k for k in r if idx.in_quote[k] < 0]


# an action beat's subject or possessive ("his expression shifts"); not "her", as often the object
_BEAT_PRONOUN = re.compile(r"\b(" + "|".join((*HE_SHE, "his")) + r")\b", re.IGNORECASE)
_SENTENCE_BREAK = re.compile(r"[.!?…]\s")


def beat_pronoun(
    text: str,
    idx: MentionIndex,
    quotes: list[Quote],
    i: int,
    pstart: int,
    pend: int,
    chars: dict,
    window: int,
) -> tuple[str | None, str | None]:
    """An action beat's pronoun ("The way his expression shifts ... "Oh," he says"): the first he/she/his
    of the narration right around the quote (the sentence leading into it, else the one after it) when no
    name comes first there; its gender and the character it resolves to (named at most `window`
    characters before the paragraph)."""
    q = quotes[i]
    lead_from = max(pstart, quotes[i - 1].end if i else 0)
    lead = text[lead_from : q.start]
    cut = max((m.end() for m in _SENTENCE_BREAK.finditer(lead)), default=0)
    tail_to = min(pend, quotes[i + 1].start if i + 1 < len(quotes) else pend)
    tail = _SENTENCE_BREAK.search(text, q.end + 2, tail_to)
    for lo, hi in ((lead_from + cut, q.start), (q.end, tail.end() if tail else tail_to)):
        m = _BEAT_PRONOUN.search(text, lo, hi)
        if m and not any(idx.in_quote[k] < 0 for k in idx.between(lo, m.start())):
            gender = PRONOUN_GENDER[m.group(1).lower()]
            return gender, idx.subject_of(m.start(), gender, chars, max(0, pstart - window))
    return None, None


_ADDRESSED = re.compile(r"\b(?:to|at|towards?|near|upon|with)\s+(?:the\s+)?$", re.IGNORECASE)
_ADDRESSED_REACH = 12  # characters before a name read for _ADDRESSED: "towards the " is its longest lead-in


def addressed(text: str, start: int) -> bool:
    """Whether a name is the object of "to"/"at"/"near" ... ("said to Elizabeth", "turning to Charlotte")."""
    return bool(_ADDRESSED.search(text, max(0, start - _ADDRESSED_REACH), start))


def named_in(idx: MentionIndex, q: Quote) -> set[str]:
    return {idx.mentions[k].character for k in idx.between(q.start, q.end)}


_DETERMINER = r"the|a|an|his|her|their|my"
# "said the old man" / "her sister cried": the description's determiner and words (the noun among them)
_DESCRIBED_TAG = re.compile(
    r"[^\w]{0,4}\s*(?:(?:" + VERB.pattern + rf")\s+(?P<det>{_DETERMINER})\s+(?P<words>(?:\w+\s+){{0,2}}\w+)|"
    rf"(?P<det2>{_DETERMINER})\s+(?P<words2>(?:\w+\s+){{1,3}}?)(?:" + VERB.pattern + r"))",
    re.IGNORECASE,
)


def described_tag(text: str, after: tuple[int, int]) -> tuple[str, str] | None:
    """A tag right after the quote that describes its speaker by a noun of a gender ("said her mother", "the
    old man cried"): the pronoun that gender takes ("she", "he") and the description's determiner ("her")."""
    m = _DESCRIBED_TAG.match(text, after[0], after[1])
    if not m:
        return None
    det, words = (m["det"], m["words"]) if m["det"] else (m["det2"], m["words2"])
    for word in words.split():
        if gender := noun_gender(word):
            return ("he" if gender == "male" else "she"), det.lower()
    return None


def quote_kind(
    text: str, after: tuple[int, int], before: tuple[int, int], named: str | None, pronoun: str | None
) -> str:
    """PDNC's quote type from the tag alone: a name in it is explicit; a pronoun or a description ("said
    the old man", "her sister cried") anaphoric; no tag implicit."""
    if named is not None:
        return "explicit"
    if pronoun is not None or _DESCRIBED_TAG.match(text, after[0], after[1]):
        return "anaphoric"
    return "implicit"


def adjacent_after(text: str, after: tuple[int, int], mentions: list[Mention]) -> str | None:
    """The character named by a speech tag right after the quote: ', said Lucy' or ', Lucy said'."""
    if not mentions:
        return None
    m = mentions[0]
    gap = text[after[0] : m.start]
    if _GAP_VERB_BEFORE_NAME.fullmatch(gap) or (
        (_GAP_EMPTY.fullmatch(gap) or _GAP_HEARS.fullmatch(gap)) and _NAME_THEN_VERB.match(text, m.end)
    ):
        return m.character
    # a quote that ends on a comma goes on into its tag, whatever the verb: '"...," Sero smiles'
    ends_on_comma = "," in text[max(0, after[0] - 2) : after[0]] + gap
    if ends_on_comma and _GAP_EMPTY.fullmatch(gap) and _NAME_THEN_FINITE.match(text, m.end):
        return m.character
    return None


_INVERTED_TAG_REACH = (
    25  # characters before a name read for an inverted tag's verb ("said Lucy", "cried poor Lucy")
)


def adjacent_before(text: str, before: tuple[int, int], qstart: int, mentions: list[Mention]) -> str | None:
    """The character named by a tag that leads into the quote: 'Lucy said, ' or 'said Lucy: '."""
    if not mentions:
        return None
    m = mentions[-1]
    # A tag between two parts of one speech ends with a full stop: '"...," said Rodney. "..."'.
    tail = text[m.end : max(m.end, qstart - 1)].rstrip()
    tail = tail.removesuffix(".")
    if _TAIL_VERB.fullmatch(tail) and VERB.search(tail):
        return m.character
    head = text[max(before[0], m.start - _INVERTED_TAG_REACH) : m.start]
    if (
        _TAIL_VERB.fullmatch(tail)
        and len(tail.strip()) <= 2
        and re.search(VERB.pattern + r"\s+(?:\w+\s+)?$", head, re.IGNORECASE)
    ):
        return m.character
    return None


_VOC_BEFORE = re.compile(r"(?:^|[,;:!?.]\s*|\b(?:oh|o|dear|my dear|ah|well|yes|no)\s+)$", re.IGNORECASE)
_VOC_REACH = 12  # characters before a name read for _VOC_BEFORE ("my dear " and some space)
_VOC_AFTER = re.compile(r"\s*(?:[,;:!?.]|$)")


def vocatives(text: str, idx: MentionIndex, q: Quote) -> set[str]:
    """Characters addressed in the quote: named and set off by punctuation ("Lizzy, ...",
    "..., Mr. Darcy!")."""
    out = set()
    for k in idx.between(q.start, q.end):
        m = idx.mentions[k]
        if m.kind == "vocative":
            out.add(m.character)
            continue
        before = text[max(q.start, m.start - _VOC_REACH) : m.start]
        if _VOC_BEFORE.search(before) and _VOC_AFTER.match(text[m.end : q.end + 1]):
            out.add(m.character)
    return out


LEAD_IN_ENDS = (",", ":", "-", "—")  # how narration that leads into a quote ends: "she said, " / "said:"


def lead_in_subject(text: str, before: tuple[int, int], qstart: int, mentions: list[Mention]) -> str | None:
    """The first character named in the sentence that leads into the quote with a speech verb and a
    comma or colon, not as a possessive: "Henry, overjoyed, turned to Fanny and said, "..."" names Henry,
    not Fanny."""
    lead = text[before[0] : before[1]]
    if not lead.rstrip().endswith(LEAD_IN_ENDS) or not VERB.search(lead):
        return None
    cut = before[0] + max(lead.rfind(". "), lead.rfind("! "), lead.rfind("? "), lead.rfind("\n\n"), -1) + 1
    # "On Kirishima's bed Ashido asks, ...": a possessive is no subject
    inside = [m for m in mentions if m.start >= cut and not _POSSESSIVE.match(text, m.end)]
    return inside[0].character if inside else None


_LEAD_IN = (
    " \t\n" + STRAIGHT_QUOTES + OPENING_QUOTES
)  # what may stand between a sentence's end and its first word
_SENTENCE_ENDS = ".!?" + CLOSING_QUOTES + STRAIGHT_QUOTES


def sentence_initial(text: str, pos: int, floor: int) -> bool:
    j = pos - 1
    while j >= floor and text[j] in _LEAD_IN:
        j -= 1
    return j < floor or text[j] in _SENTENCE_ENDS
