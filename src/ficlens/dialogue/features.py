"""Features of (quotation, candidate character) pairs, for the speaker ranker.

Everything here reads only the work: its paragraphs, quotes, characters and mentions (from the cast stage,
or a gold cast in evaluation). Two kinds: `local_contexts` look at the quote's own surroundings (speech
tags, pronoun tags resolved as Hobbs would, action beats, vocatives, recency); `context_rows` add what the
previous stage believes about the speakers of the quote's paragraph-mates and of the turns before and after
it (turn-taking), so training and prediction see the same kind of input.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from ficlens.lexicon import SPEECH_PHRASES, SPEECH_VERBS, alternation
from ficlens.model import READER, Mention, Quote, Work

_VERB = re.compile(r"\b" + alternation(SPEECH_VERBS, SPEECH_PHRASES) + r"\b", re.IGNORECASE)
_PRONOUN = re.compile(r"\b(he|she|they|i|we|you)\b", re.IGNORECASE)
_PRONOUN_GENDER = {"he": "male", "she": "female"}
_GAP_VERB_BEFORE_NAME = re.compile(r"[^\w\n]{0,4}\s*(?:" + _VERB.pattern + r")\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
_GAP_EMPTY = re.compile(r"[^\w]{0,4}\s*$")
_GAP_HEARS = re.compile(r"[^\w]{0,4}\s*\w+\s+(?:hears?|heard|hearing)\s+$", re.IGNORECASE)  # she hears Tom mutter
_NAME_THEN_VERB = re.compile(r"\s+(?:\w+\s+){0,2}?(?:" + _VERB.pattern + r")", re.IGNORECASE)
_TAIL_VERB = re.compile(r"[^.!?\"“”]{0,60}$")
_PRONOUN_TAG = re.compile(r"[^\w]{0,4}\s*(?:(?:" + _VERB.pattern + r")\s+(he|she|i|they|we|you)\b|"
                          r"(he|she|i|they|we|you)\s+(?:\w+\s+){0,2}?(?:" + _VERB.pattern + r"))", re.IGNORECASE)
TAG_REACH = 120  # characters either side of a quotation searched for its speech tag
WINDOW = 2500  # characters before a quotation whose mentions make candidates
MAX_CANDIDATES = 12
# Bounds that keep one quote's work constant on any input (a 1 MB paragraph of dialogue naming thousands of
# people); neither is reached on PDNC, where a paragraph's quotes lie at most 5,000 characters from its
# edges but one in 34,517, and a quote has at most 18 candidates with the gold cast.
PARAGRAPH_REACH = 5000  # characters either side of a quotation that count as its paragraph
MAX_ALL_CANDIDATES = 40

LOCAL = ("bias_rank1", "rank2", "rank3", "rank_far", "log_window_mentions", "share", "after_name",
         "after_name_verb", "after_name_first", "before_name", "before_name_verb", "before_name_last",
         "tag_pronoun_rank1", "tag_pronoun_rank2", "tag_resolved", "para_first_name", "para_name",
         "para_subject", "in_quote", "in_prev_quote", "in_next_quote", "narrator", "after_other_name_verb",
         "after_tag", "before_tag", "pronoun_tag_rank1", "pronoun_tag_rank2", "pronoun_tag_mismatch",
         "pronoun_tag_unknown_rank1", "other_tag", "first_person_tag", "vocative_here", "vocative_prev",
         "vocative_next", "global_top3", "lead_in_subject", "pronoun_tag_subject", "beat_pronoun_gender",
         "beat_pronoun_subject", "in_same_turn_quote", "tag_addressee")
CONTEXT = ("prev_same_para", "prev_turn1", "prev_turn2", "next_turn1", "next_turn2", "next_same_para",
           "prev_turn3", "next_turn3", "conversation", "para_tag", "pronoun_not_prev", "prev2_not_prev1",
           "vocative_prev_not_prev")
FEATURES = LOCAL + CONTEXT
_PRON1, _PRON2, _VOC_PREV = (LOCAL.index(f) for f in ("pronoun_tag_rank1", "pronoun_tag_rank2", "vocative_prev"))


@dataclass
class QuoteContext:
    """What the ranker sees for one quotation: its candidates and their local feature rows."""
    quote: Quote
    paragraph: int
    candidates: list[str]
    local: np.ndarray  # (len(candidates), len(LOCAL))
    tag_pronoun: str | None = None
    tag_name: str | None = None  # character named next to a speech verb in the tag
    kind: str = "implicit"  # PDNC's quote type, read from the tag: explicit | anaphoric | implicit
    named_tag: str | None = None  # character a speech tag right by the quote names ("said Lucy")
    vocatives: list[str] = field(default_factory=list)


def _paragraph_index(work: Work) -> tuple[list[int], list[int]]:
    return [p.start for p in work.paragraphs], [p.end for p in work.paragraphs]


def _tag_bounds(work: Work, quotes: list[Quote], i: int, pstart: int, pend: int) -> tuple[tuple[int, int], tuple[int, int]]:
    q = quotes[i]
    nxt = quotes[i + 1].start if i + 1 < len(quotes) else len(work.text)
    prv = quotes[i - 1].end if i > 0 else 0
    after = (min(q.end + 1, pend), max(min(q.end + 1, pend), min(nxt - 1, pend, q.end + TAG_REACH)))
    before = (min(max(prv + 1, pstart, q.start - TAG_REACH), q.start), max(q.start - 1, pstart))
    lead = work.text[pstart:max(pstart, q.start - 1)]
    if not lead.strip() and pstart > 0:
        # A quote opening its paragraph may be led in by the previous one: "...she observed,\n\n"How..."
        tail_end = len(work.text[:pstart].rstrip())
        if tail_end and work.text[tail_end - 1] in ",:;-—" and prv < tail_end:
            before = (max(prv + 1, tail_end - TAG_REACH), tail_end)
    return after, before


class MentionIndex:
    """Name mentions sorted by position, with the quotation (if any) each falls in."""

    def __init__(self, work: Work, quotes: list[Quote]):
        named = sorted((m for m in work.mentions if m.character and m.kind in ("name", "vocative", "nominal")),
                       key=lambda m: m.start)
        self.mentions: list[Mention] = named
        self.starts = [m.start for m in named]
        qstarts = [q.start for q in quotes]
        self.in_quote: list[int] = []
        for m in named:
            j = bisect.bisect_right(qstarts, m.start) - 1
            self.in_quote.append(j if j >= 0 and m.start < quotes[j].end else -1)
        self.resolved = sorted((m for m in work.mentions if m.character and m.kind == "pronoun"),
                               key=lambda m: m.start)
        self.resolved_starts = [m.start for m in self.resolved]
        self.totals: dict[str, int] = {}
        for m in named:
            self.totals[m.character] = self.totals.get(m.character, 0) + 1

        self.top = set(sorted(self.totals, key=self.totals.get, reverse=True)[:3])
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


def local_contexts(work: Work, *, quotes: list[Quote] | None = None) -> list[QuoteContext]:
    quotes = quotes if quotes is not None else work.quotes
    idx = MentionIndex(work, quotes)
    chars = {c.id: c for c in work.characters}
    total = max(1, sum(idx.totals.values()))
    pstarts, pends = _paragraph_index(work)
    # who the narration calls I (a first-person narrator) or you (the reader of a reader-insert)
    narrators = {c.id: ("i", "we") for c in work.characters if c.narrator}
    narrators |= {c.id: ("you",) for c in work.characters if c.name == READER}
    para_of = [max(0, bisect.bisect_right(pstarts, q.start) - 1) for q in quotes]
    turns = paragraph_turns(para_of)
    out = []
    for t, turn in enumerate(turns):
        # the neighbouring turns of the exchange: the last quote of the one before, the first of the one after
        prev_turn = turns[t - 1][-1] if t > 0 else None
        next_turn = turns[t + 1][0] if t + 1 < len(turns) else None
        for i in turn:
            p = para_of[i]
            pstart, pend = (pstarts[p], pends[p]) if pstarts else (0, len(work.text))
            pstart = max(pstart, quotes[i].start - PARAGRAPH_REACH)
            pend = min(pend, quotes[i].end + PARAGRAPH_REACH)
            after, before = _tag_bounds(work, quotes, i, pstart, pend)
            out.append(_context(work, quotes, i, p, pstart, pend, after, before, idx, chars, total, narrators,
                                turn, prev_turn, next_turn))
    return out


def paragraph_turns(paragraphs: list[int]) -> list[list[int]]:
    """Indices of consecutive quotes in one paragraph (`paragraphs[i]`: quote i's), grouped: the turns of
    an exchange."""
    turns: list[list[int]] = []
    for i, p in enumerate(paragraphs):
        if turns and paragraphs[turns[-1][-1]] == p:
            turns[-1].append(i)
        else:
            turns.append([i])
    return turns


def _outside(idx: MentionIndex, r: range) -> list[int]:
    return [k for k in r if idx.in_quote[k] < 0]


def _context(work, quotes, i, p, pstart, pend, after, before, idx: MentionIndex, chars, total, narrators,
             turn: list[int], prev_turn: int | None, next_turn: int | None) -> QuoteContext:
    q = quotes[i]
    text = work.text
    # Recency: order of last mention before the quote (outside other quotes counts the same: vocatives
    # name people present).
    recent: dict[str, int] = {}
    window = idx.between(max(0, q.start - WINDOW), q.start)
    counts: dict[str, int] = {}
    for k in reversed(window):
        c = idx.mentions[k].character
        counts[c] = counts.get(c, 0) + 1
        if c not in recent:
            recent[c] = len(recent)
    # a name the tag speaks to or of ("said to Elizabeth", "turning to Charlotte") is not the speaker
    after_all = _outside(idx, idx.between(*after))
    before_all = _outside(idx, idx.between(*before))
    addressed = {k for k in after_all + before_all if _addressed(text, idx.mentions[k].start)}
    spoken_to = {idx.mentions[k].character for k in addressed}
    after_ms = [k for k in after_all if k not in addressed]
    before_ms = [k for k in before_all if k not in addressed]
    after_text, before_text = text[after[0]:after[1]], text[before[0]:before[1]]
    after_verb, before_verb = _VERB.search(after_text), _VERB.search(before_text)
    para_ms = _outside(idx, idx.between(pstart, pend))
    inq = {idx.mentions[k].character for k in idx.between(q.start, q.end)}
    voc_here = _vocatives(text, idx, q)
    voc_prev = _vocatives(text, idx, quotes[prev_turn]) if prev_turn is not None else set()
    voc_next = _vocatives(text, idx, quotes[next_turn]) if next_turn is not None else set()
    prevq = _named_in(idx, quotes[prev_turn]) if prev_turn is not None else set()
    nextq = _named_in(idx, quotes[next_turn]) if next_turn is not None else set()
    # named in an earlier quote of this paragraph: the speaker talks to or of them
    same_turn = set().union(*(_named_in(idx, quotes[j]) for j in range(max(turn[0], i - 6), i)))
    next_ms = idx.between(q.end, q.end + 300)
    cands = list(recent)[:MAX_CANDIDATES]
    for k in reversed(idx.between(max(0, q.start - 3 * WINDOW), max(0, q.start - WINDOW))):
        if len(cands) >= MAX_CANDIDATES + 2:
            break
        c = idx.mentions[k].character
        if c not in cands:
            cands.append(c)
    cands += [c for c in idx.top | narrators.keys() if c not in cands]
    seen = set(cands)
    for k in list(after_ms) + list(before_ms) + list(para_ms) + list(next_ms):
        c = idx.mentions[k].character
        if c not in seen:
            seen.add(c)
            cands.append(c)
    del cands[MAX_ALL_CANDIDATES:]
    # The tag's pronoun, resolved by gender against recent mentions outside quotes.
    tag_pron, tag_at = None, 0
    for bounds, tag_text, verb in ((after, after_text, after_verb), (before, before_text, before_verb)):
        if verb:
            m = _PRONOUN.search(tag_text, max(0, verb.start() - 20), verb.end() + 12)
            if m:
                tag_pron, tag_at = m.group(1).lower(), bounds[0] + m.start()
                break
    gender_rank: dict[str, int] = {}
    if tag_pron in _PRONOUN_GENDER:
        want = _PRONOUN_GENDER[tag_pron]
        for k in reversed(idx.between(max(0, q.start - WINDOW), q.start)):
            c = idx.mentions[k].character
            if idx.in_quote[k] < 0 and chars.get(c) and chars[c].gender == want and c not in gender_rank:
                gender_rank[c] = len(gender_rank)
    after_first = idx.mentions[after_ms[0]].character if after_ms else None
    before_last = idx.mentions[before_ms[-1]].character if before_ms else None
    para_first = idx.mentions[para_ms[0]].character if para_ms else None
    # A sentence-initial name in the paragraph outside quotes: the subject of an action beat.
    subjects = {idx.mentions[k].character for k in para_ms if _sentence_initial(text, idx.mentions[k].start, pstart)}
    tag_name = None
    if after_verb and after_ms:
        tag_name = after_first
    elif before_verb and before_ms:
        tag_name = before_last
    adj_after = _adjacent_after(text, after, [idx.mentions[k] for k in after_ms])
    adj_before = _adjacent_before(text, before, q.start, [idx.mentions[k] for k in before_ms])
    adjacent = adj_after or adj_before
    lead_subject = _lead_in_subject(text, before, q.start, [idx.mentions[k] for k in before_ms])
    pron = _PRONOUN_TAG.match(text, after[0], after[1])
    pron_word = (pron.group(1) or pron.group(2)).lower() if pron and not adjacent else None
    pron_rank: dict[str, int] = {}
    recent_out: dict[str, int] = {}
    if pron_word:
        want = _PRONOUN_GENDER.get(pron_word)
        for k in reversed(idx.between(max(0, q.start - WINDOW), q.start)):
            c = idx.mentions[k].character
            if idx.in_quote[k] < 0:
                recent_out.setdefault(c, len(recent_out))
                if want and chars.get(c) and chars[c].gender == want:
                    pron_rank.setdefault(c, len(pron_rank))
    if adjacent:
        tag_name = adjacent
    # The cast's coreference for the tag's own pronoun ("he says" -> Lee), when the cast resolved it.
    resolved = set()
    if pron:
        at = pron.start(1) if pron.group(1) else pron.start(2)
        k = bisect.bisect_left(idx.resolved_starts, at)
        if k < len(idx.resolved) and idx.resolved[k].start == at:
            resolved.add(idx.resolved[k].character)
    tag_subject = None
    if pron_word in _PRONOUN_GENDER:
        at = pron.start(1) if pron.group(1) else pron.start(2)
        tag_subject = idx.subject_of(at, _PRONOUN_GENDER[pron_word], chars, max(0, q.start - WINDOW))
    elif tag_pron in _PRONOUN_GENDER:
        tag_subject = idx.subject_of(tag_at, _PRONOUN_GENDER[tag_pron], chars, max(0, q.start - WINDOW))
    beat_gender, beat_subject = _beat_pronoun(text, idx, quotes, i, pstart, pend, chars)
    after_named = {idx.mentions[k].character for k in after_ms}
    before_named = {idx.mentions[k].character for k in before_ms}
    para_named = {idx.mentions[k].character for k in para_ms}
    rows = np.zeros((len(cands), len(LOCAL)), dtype=np.float32)
    for r, c in enumerate(cands):
        rank = recent.get(c, 99)
        after_c = c in after_named
        before_c = c in before_named
        rows[r] = (
            rank == 0, rank == 1, rank == 2, rank > 2,
            math.log1p(counts.get(c, 0)), math.log(max(idx.totals.get(c, 0), 1) / total),
            after_c, after_c and bool(after_verb), after_first == c,
            before_c, before_c and bool(before_verb), before_last == c,
            gender_rank.get(c) == 0, gender_rank.get(c) == 1, c in resolved,
            para_first == c, c in para_named, c in subjects,
            c in inq, c in prevq, c in nextq, c in narrators,
            bool(after_verb) and after_first is not None and after_first != c,
            adj_after == c, adj_before == c, pron_rank.get(c) == 0, pron_rank.get(c) == 1,
            bool(pron_word in _PRONOUN_GENDER and chars.get(c) and chars[c].gender
                 and chars[c].gender != _PRONOUN_GENDER[pron_word]),
            bool(pron_word in _PRONOUN_GENDER and chars.get(c) and not chars[c].gender
                 and recent_out.get(c) == 0),
            adjacent is not None and adjacent != c, pron_word in narrators.get(c, ()),
            c in voc_here, c in voc_prev, c in voc_next, c in idx.top, lead_subject == c,
            tag_subject == c, bool(beat_gender and chars.get(c) and chars[c].gender == beat_gender),
            beat_subject == c, c in same_turn, c in spoken_to,
        )
    return QuoteContext(quote=q, paragraph=p, candidates=cands, local=rows, tag_pronoun=pron_word or tag_pron,
                        tag_name=tag_name, named_tag=adjacent,
                        kind=_kind(text, after, before, adjacent or lead_subject, pron_word or tag_pron),
                        vocatives=sorted(voc_here))


_BEAT_PRONOUN = re.compile(r"\b(he|she|his)\b", re.IGNORECASE)
_SENTENCE_BREAK = re.compile(r"[.!?…]\s")


def _beat_pronoun(text: str, idx: MentionIndex, quotes: list[Quote], i: int, pstart: int, pend: int,
                  chars: dict) -> tuple[str | None, str | None]:
    """An action beat's pronoun ("The way his expression shifts ... "Oh," he says"): the first he/she/his
    of the narration right around the quote (the sentence leading into it, else the one after it) when no
    name comes first there; its gender and the character it resolves to."""
    q = quotes[i]
    lead_from = max(pstart, quotes[i - 1].end if i else 0)
    lead = text[lead_from:q.start]
    cut = max((m.end() for m in _SENTENCE_BREAK.finditer(lead)), default=0)
    tail_to = min(pend, quotes[i + 1].start if i + 1 < len(quotes) else pend)
    tail = _SENTENCE_BREAK.search(text, q.end + 2, tail_to)
    for lo, hi in ((lead_from + cut, q.start), (q.end, tail.end() if tail else tail_to)):
        m = _BEAT_PRONOUN.search(text, lo, hi)
        if m and not any(idx.in_quote[k] < 0 for k in idx.between(lo, m.start())):
            gender = "female" if m.group(1).lower() == "she" else "male"
            return gender, idx.subject_of(m.start(), gender, chars, max(0, pstart - WINDOW))
    return None, None


_ADDRESSED = re.compile(r"\b(?:to|at|towards?|near|upon|with)\s+(?:the\s+)?$", re.IGNORECASE)


def _addressed(text: str, start: int) -> bool:
    """Whether a name is the object of "to"/"at"/"near" ... ("said to Elizabeth", "turning to Charlotte")."""
    return bool(_ADDRESSED.search(text, max(0, start - 12), start))


def _named_in(idx: MentionIndex, q: Quote) -> set[str]:
    return {idx.mentions[k].character for k in idx.between(q.start, q.end)}


_DESCRIBED_TAG = re.compile(r"[^\w]{0,4}\s*(?:(?:" + _VERB.pattern + r")\s+(?:the|a|an|his|her|their|my)\s+\w+|"
                            r"(?:the|a|an|his|her|their|my)\s+(?:\w+\s+){1,3}?(?:" + _VERB.pattern + r"))", re.IGNORECASE)


def _kind(text: str, after: tuple[int, int], before: tuple[int, int], named: str | None, pronoun: str | None) -> str:
    """PDNC's quote type from the tag alone: a name in it is explicit; a pronoun or a description ("said
    the old man", "her sister cried") anaphoric; no tag implicit."""
    if named is not None:
        return "explicit"
    if pronoun is not None or _DESCRIBED_TAG.match(text, after[0], after[1]):
        return "anaphoric"
    return "implicit"


def _adjacent_after(text: str, after: tuple[int, int], mentions: list[Mention]) -> str | None:
    """The character named by a speech tag right after the quote: ', said Lucy' or ', Lucy said'."""
    if not mentions:
        return None
    m = mentions[0]
    gap = text[after[0]:m.start]
    if _GAP_VERB_BEFORE_NAME.fullmatch(gap) or ((_GAP_EMPTY.fullmatch(gap) or _GAP_HEARS.fullmatch(gap))
                                                and _NAME_THEN_VERB.match(text, m.end)):
        return m.character
    return None


def _adjacent_before(text: str, before: tuple[int, int], qstart: int, mentions: list[Mention]) -> str | None:
    """The character named by a tag that leads into the quote: 'Lucy said, ' or 'said Lucy: '."""
    if not mentions:
        return None
    m = mentions[-1]
    # A tag between two parts of one speech ends with a full stop: '"...," said Rodney. "..."'.
    tail = text[m.end:max(m.end, qstart - 1)].rstrip()
    tail = tail.removesuffix(".")
    if _TAIL_VERB.fullmatch(tail) and _VERB.search(tail):
        return m.character
    head = text[max(before[0], m.start - 25):m.start]
    if _TAIL_VERB.fullmatch(tail) and len(tail.strip()) <= 2 and re.search(_VERB.pattern + r"\s+(?:\w+\s+)?$", head, re.IGNORECASE):
        return m.character
    return None


_VOC_BEFORE = re.compile(r"(?:^|[,;:!?.]\s*|\b(?:oh|o|dear|my dear|ah|well|yes|no)\s+)$", re.IGNORECASE)
_VOC_AFTER = re.compile(r"\s*(?:[,;:!?.]|$)")


def _vocatives(text: str, idx: MentionIndex, q: Quote) -> set[str]:
    """Characters addressed in the quote: named and set off by punctuation ("Lizzy, ...", "..., Mr. Darcy!")."""
    out = set()
    for k in idx.between(q.start, q.end):
        m = idx.mentions[k]
        if m.kind == "vocative":
            out.add(m.character)
            continue
        before = text[max(q.start, m.start - 12):m.start]
        if _VOC_BEFORE.search(before) and _VOC_AFTER.match(text[m.end:q.end + 1]):
            out.add(m.character)
    return out


def _lead_in_subject(text: str, before: tuple[int, int], qstart: int, mentions: list[Mention]) -> str | None:
    """The first character named in the sentence that leads into the quote with a speech verb and a
    comma or colon: "Henry, overjoyed, turned to Fanny and said, "..."" names Henry, not Fanny."""
    lead = text[before[0]:before[1]]
    if not lead.rstrip().endswith((",", ":", "-", "—")) or not _VERB.search(lead):
        return None
    cut = before[0] + max(lead.rfind(". "), lead.rfind("! "), lead.rfind("? "), lead.rfind("\n\n"), -1) + 1
    inside = [m for m in mentions if m.start >= cut]
    return inside[0].character if inside else None


def _sentence_initial(text: str, pos: int, floor: int) -> bool:
    j = pos - 1
    while j >= floor and text[j] in " \t\n\"'“‘":
        j -= 1
    return j < floor or text[j] in ".!?”\"'’"


def same_conversation(a: QuoteContext, b: QuoteContext) -> bool:
    """Neighbouring quotes belong to one exchange when at most one quote-less paragraph lies between."""
    return abs(a.paragraph - b.paragraph) <= 2


def context_rows(contexts: list[QuoteContext], probs: list[dict[str, float]]) -> list[np.ndarray]:
    """Stage-two rows: local features plus the first stage's belief about the speakers of the quote's
    neighbours: the other quotes of its paragraph, and the turns (paragraphs with quotes) before and after."""
    out = []
    n = len(contexts)
    conv = [0] * n  # conversation number: a quote-less gap of two paragraphs or more ends one
    for i in range(1, n):
        conv[i] = conv[i - 1] + (not same_conversation(contexts[i - 1], contexts[i]))
    turns = paragraph_turns([c.paragraph for c in contexts])
    turn_of = {i: t for t, members in enumerate(turns) for i in members}
    turn_probs = [_mean_probs([probs[i] for i in members]) for members in turns]
    turn_tags = [Counter(contexts[j].named_tag for j in members) for members in turns]
    for i, ctx in enumerate(contexts):
        extra = np.zeros((len(ctx.candidates), len(CONTEXT)), dtype=np.float32)
        t = turn_of[i]

        def turn(k: int, i: int = i, t: int = t) -> dict[str, float]:
            j = t + k
            return turn_probs[j] if 0 <= j < len(turns) and conv[turns[j][0]] == conv[i] else {}

        prev1, prev2, prev3 = turn(-1), turn(-2), turn(-3)
        next1, next2, next3 = turn(1), turn(2), turn(3)
        same_prev = probs[i - 1] if i > 0 and contexts[i - 1].paragraph == ctx.paragraph else {}
        same_next = probs[i + 1] if i + 1 < n and contexts[i + 1].paragraph == ctx.paragraph else {}
        # A speech tag on another quote of the same paragraph names this one's speaker too, nearly always.
        para_tags = {tag for tag, n in turn_tags[t].items() if n > (tag == ctx.named_tag)}
        for r, c in enumerate(ctx.candidates):
            p1 = prev1.get(c, 0.0)
            extra[r] = (same_prev.get(c, 0.0), p1, prev2.get(c, 0.0), next1.get(c, 0.0), next2.get(c, 0.0),
                        same_next.get(c, 0.0), prev3.get(c, 0.0), next3.get(c, 0.0),
                        max((probs[j].get(c, 0.0) for j in range(max(0, i - 8), min(n, i + 9))
                             if j != i and conv[j] == conv[i]), default=0.0),
                        c in para_tags,
                        # Conjunctions a linear model cannot form itself: "he said" names the man who did
                        # not just speak; a reply goes back to the one before last, or to the one addressed.
                        max(ctx.local[r, _PRON1], ctx.local[r, _PRON2]) * (1.0 - p1),
                        prev2.get(c, 0.0) * (1.0 - p1), ctx.local[r, _VOC_PREV] * (1.0 - p1))
        out.append(np.hstack([ctx.local, extra]))
    return out


def _mean_probs(group: list[dict[str, float]]) -> dict[str, float]:
    out: dict[str, float] = {}
    for probs in group:
        for c, v in probs.items():
            out[c] = out.get(c, 0.0) + v / len(group)
    return out
