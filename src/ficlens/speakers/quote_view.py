"""What the local features of one quotation share, computed once per quote: its candidates, their recency,
who its speech tags name or address, the tag's pronoun and whom it resolves to, the names in this turn's and
the neighbouring turns' quotes. Each feature (local_features.py) is then a small function of the view and a
candidate."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from ficlens.model import Character, Quote, Work
from ficlens.speakers.settings import SpeakerSettings
from ficlens.speakers.tags import (
    LEAD_IN_ENDS,
    MAX_ALL_CANDIDATES,
    PRONOUN,
    PRONOUN_TAG,
    TAG_GENDER,
    VERB,
    MentionIndex,
    addressed,
    adjacent_after,
    adjacent_before,
    beat_pronoun,
    described_tag,
    lead_in_subject,
    named_in,
    outside,
    quote_kind,
    sentence_initial,
    vocatives,
)

_NEXT_REACH = 300  # characters after a quotation whose names join its candidates (who answers, a late tag)
_FAR_WINDOWS = 3  # how many windows back the candidates named further back are looked for
_FAR_CANDIDATES = 2  # candidates taken from there, beyond max_candidates
# characters before and after a tag's verb searched for its pronoun ("she said softly", "said he")
_PRONOUN_BEFORE_VERB, _PRONOUN_AFTER_VERB = 20, 12
_EARLIER_IN_TURN = 6  # earlier quotes of the paragraph whose names count as spoken to or of


@dataclass
class WorkView:
    """What every quote of a work shares."""

    work: Work
    quotes: list[Quote]
    idx: MentionIndex
    chars: dict[str, Character]
    total: int  # named mentions in the work (at least 1)
    narrators: dict[str, tuple[str, ...]]  # a first-person narrator -> i/we; the one reader, if one -> you
    settings: SpeakerSettings
    # where the narration's "you" is which reader: the start of each of their you/your, and whose it is (an
    # anthology's chapters may each have their own)
    reader_starts: list[int]
    reader_of: list[str]
    # where each chapter starts, and the characters named in each (an anthology's chapters have casts apart)
    chapter_starts: list[int] = field(default_factory=list)
    chapter_casts: list[set[str]] = field(default_factory=list)

    def named_in_chapter(self, character: str, position: int) -> bool:
        """Whether the chapter holding `position` names `character` (always so in a work of no chapters)."""
        if not self.chapter_starts:
            return True
        k = max(0, bisect.bisect_right(self.chapter_starts, position) - 1)
        return character in self.chapter_casts[k]

    def narrators_at(self, position: int) -> dict[str, tuple[str, ...]]:
        """Who the narration calls I/we and, by the latest you/your before `position` (else the first), you."""
        if not self.reader_starts:
            return self.narrators
        k = max(0, bisect.bisect_right(self.reader_starts, position) - 1)
        return self.narrators | {self.reader_of[k]: ("you",)}


@dataclass
class QuotePlace:
    """Where quote `i` sits: its paragraph (clipped to PARAGRAPH_REACH), the reaches searched for its tag
    after and before it, its turn (quotes of its paragraph) and the turns' quotes beside it."""

    i: int
    paragraph: int
    pstart: int
    pend: int
    after: tuple[int, int]
    before: tuple[int, int]
    turn: list[int]
    prev_turn: int | None  # the last quote of the turn before
    next_turn: int | None  # the first quote of the turn after


@dataclass
class QuoteView:
    """One quote seen from its surroundings; sets and ranks hold character ids."""

    shared: WorkView
    narrators: dict[str, tuple[str, ...]]  # character -> how the narration calls them here: i/we, or you
    candidates: list[str]
    recent: dict[str, int]  # recency rank of the last mention before the quote, in the window
    counts: dict[str, int]  # mentions in the window
    after_named: set[str]  # named in the tag's reach after the quote (outside quotes, not addressed)
    before_named: set[str]
    after_verb: bool  # a speech verb in the reach after the quote
    before_verb: bool
    after_first: str | None
    before_last: str | None
    para_named: set[str]  # named outside quotes in the paragraph
    para_first: str | None
    subjects: set[str]  # named sentence-initially in the paragraph: an action beat's subject
    in_quote: set[str]
    in_prev_quote: set[str]
    in_next_quote: set[str]
    in_same_turn: set[str]  # named in an earlier quote of the paragraph: spoken to or of
    voc_here: set[str]
    voc_prev: set[str]
    voc_next: set[str]
    spoken_to: set[str]  # named by the tag as addressee ("said to Elizabeth")
    gender_rank: dict[str, int]  # recency among those of the gender of the pronoun near the verb
    pron_word: str | None  # pronoun of a tag right after the quote ("he said"), when it names nobody
    pron_rank: dict[str, int]  # recency among those of that pronoun's gender
    recent_out: dict[str, int]  # recency outside quotes (only when there is such a pronoun)
    resolved: dict[str, float]  # the cast's coreference for that pronoun: its character and probability
    tag_subject: str | None  # that pronoun resolved as Hobbs would
    adj_after: str | None  # named by a tag right after the quote: ', said Lucy'
    adj_before: str | None  # named by a tag leading into it: 'Lucy said, '
    lead_subject: str | None
    beat_gender: str | None
    beat_subject: str | None
    tag_pron: str | None
    possessor: str | None  # whose the tag's description is ("said her mother": her), the speaker's kin
    tag_name: str | None
    kind: str

    @property
    def adjacent(self) -> str | None:
        return self.adj_after or self.adj_before


def quote_view(shared: WorkView, place: QuotePlace) -> QuoteView:
    text, idx, q = shared.work.text, shared.idx, shared.quotes[place.i]
    recent, counts = _recency(idx, q, shared.settings.window)
    after_ms, before_ms, spoken_to = _tag_mentions(text, idx, place)
    para_ms = outside(idx, idx.between(place.pstart, place.pend))
    after_verb, before_verb = _verbs(text, place)
    adj_after = adjacent_after(text, place.after, [idx.mentions[k] for k in after_ms])
    adj_before = adjacent_before(text, place.before, q.start, [idx.mentions[k] for k in before_ms])
    lead_subject = lead_in_subject(text, place.before, q.start, [idx.mentions[k] for k in before_ms])
    adjacent = adj_after or adj_before
    pronouns = _pronoun_tags(shared, place, after_verb, before_verb, adjacent)
    beat_gender, beat_subject = beat_pronoun(
        text, idx, shared.quotes, place.i, place.pstart, place.pend, shared.chars, shared.settings.window
    )
    nearby = after_ms + before_ms + para_ms + list(idx.between(q.end, q.end + _NEXT_REACH))
    pronoun = pronouns["pron_word"] or pronouns["tag_pron"]
    narrators = shared.narrators_at(q.start)
    return QuoteView(
        shared=shared,
        narrators=narrators,
        candidates=_candidates(idx, q, recent, narrators, nearby, shared),
        recent=recent,
        counts=counts,
        **_named_around(shared, place, after_ms, before_ms, para_ms),
        after_verb=bool(after_verb),
        before_verb=bool(before_verb),
        **_quoted_names(shared, place),
        spoken_to=spoken_to,
        **pronouns,
        adj_after=adj_after,
        adj_before=adj_before,
        lead_subject=lead_subject,
        beat_gender=beat_gender,
        beat_subject=beat_subject,
        tag_name=adjacent or _verb_tag_name(idx, after_verb, after_ms, before_verb, before_ms),
        kind=quote_kind(text, place.after, place.before, adjacent or lead_subject, pronoun),
    )


def _named_around(
    shared: WorkView, place: QuotePlace, after_ms: list[int], before_ms: list[int], para_ms: list[int]
) -> dict:
    """Who the narration names in the tags' reaches and in the paragraph (mention indices given)."""
    text, idx = shared.work.text, shared.idx
    subjects = [k for k in para_ms if sentence_initial(text, idx.mentions[k].start, place.pstart)]
    return {
        "after_named": _characters(idx, after_ms),
        "before_named": _characters(idx, before_ms),
        "after_first": _first(idx, after_ms),
        "before_last": _first(idx, before_ms[::-1]),
        "para_named": _characters(idx, para_ms),
        "para_first": _first(idx, para_ms),
        "subjects": _characters(idx, subjects),
    }


def _pronoun_tags(
    shared: WorkView,
    place: QuotePlace,
    after_verb: re.Match | None,
    before_verb: re.Match | None,
    adjacent: str | None,
) -> dict:
    """The pronoun by a tag's verb and that of a pronoun tag right after the quote ("he said"; none when a
    name stands there), with whom each may be."""
    text, q = shared.work.text, shared.quotes[place.i]
    tag_pron, tag_at = _verb_pronoun(text, place, after_verb, before_verb)
    pron = PRONOUN_TAG.match(text, place.after[0], place.after[1])
    pron_word = (pron.group(1) or pron.group(2)).lower() if pron and not adjacent else None
    possessor = None
    if not (tag_pron or pron_word or adjacent) and (described := described_tag(text, place.after)):
        # "said her mother": one of her gender, and not the "her" it is the mother of
        (tag_pron, determiner), tag_at = described, place.after[0]
        if determiner in POSSESSIVE_GENDER:
            possessor = next(iter(_gender_rank(shared, q, POSSESSIVE_GENDER[determiner])), None)
    pron_rank, recent_out = _pronoun_ranks(shared, q, pron_word)
    return {
        "tag_pron": tag_pron,
        "possessor": possessor,
        "gender_rank": _gender_rank(shared, q, tag_pron),
        "pron_word": pron_word,
        "pron_rank": pron_rank,
        "recent_out": recent_out,
        "resolved": _resolved(shared.idx, pron),
        "tag_subject": _tag_subject(shared, q, pron, pron_word, tag_pron, tag_at),
    }


def _characters(idx: MentionIndex, ks: list[int]) -> set[str]:
    return {idx.mentions[k].character for k in ks}


def _first(idx: MentionIndex, ks: list[int]) -> str | None:
    return idx.mentions[ks[0]].character if ks else None


def _recency(idx: MentionIndex, q: Quote, window: int) -> tuple[dict[str, int], dict[str, int]]:
    """Order of last mention before the quote, and mention counts, in the `window` characters before it
    (mentions inside other quotes count the same: vocatives name people present)."""
    recent: dict[str, int] = {}
    counts: dict[str, int] = {}
    for k in reversed(idx.between(max(0, q.start - window), q.start)):
        c = idx.mentions[k].character
        counts[c] = counts.get(c, 0) + 1
        if c not in recent:
            recent[c] = len(recent)
    return recent, counts


def _tag_mentions(text: str, idx: MentionIndex, place: QuotePlace) -> tuple[list[int], list[int], set[str]]:
    """Mentions outside quotes in the tag's reach after and before the quote, less those the tag speaks to or
    of ("said to Elizabeth", "turning to Charlotte": no speaker), and the characters of those."""
    after_all = outside(idx, idx.between(*place.after))
    before_all = outside(idx, idx.between(*place.before))
    # addressed by a name: a nameless character's "to him" in the index is the cast's guess, not a tag's word
    spoken = {
        k
        for k in after_all + before_all
        if idx.mentions[k].kind != "pronoun" and addressed(text, idx.mentions[k].start)
    }
    return (
        [k for k in after_all if k not in spoken],
        [k for k in before_all if k not in spoken],
        {idx.mentions[k].character for k in spoken},
    )


def _candidates(
    idx: MentionIndex,
    q: Quote,
    recent: dict[str, int],
    narrators: dict,
    nearby: list[int],
    shared: WorkView,
) -> list[str]:
    """The `max_candidates` named last, two more named further back and the work's three most named (of those
    the quote's chapter names), its narrators, then whoever the tags, the paragraph and the next `_NEXT_REACH`
    characters name."""
    most, window = shared.settings.max_candidates, shared.settings.window
    cands = list(recent)[:most]
    for k in reversed(idx.between(max(0, q.start - _FAR_WINDOWS * window), max(0, q.start - window))):
        if len(cands) >= most + _FAR_CANDIDATES:
            break
        c = idx.mentions[k].character
        if c not in cands and shared.named_in_chapter(c, q.start):
            cands.append(c)
    top = [c for c in idx.top if shared.named_in_chapter(c, q.start)]
    cands += [c for c in dict.fromkeys([*top, *narrators]) if c not in cands]
    seen = set(cands)
    for k in nearby:
        c = idx.mentions[k].character
        if c not in seen:
            seen.add(c)
            cands.append(c)
    return cands[:MAX_ALL_CANDIDATES]


def _verbs(text: str, place: QuotePlace) -> tuple[re.Match | None, re.Match | None]:
    (a0, a1), (b0, b1) = place.after, place.before
    return VERB.search(text[a0:a1]), VERB.search(text[b0:b1])


def _verb_pronoun(
    text: str, place: QuotePlace, after_verb: re.Match | None, before_verb: re.Match | None
) -> tuple[str | None, int]:
    """The pronoun by the tag's speech verb (after the quote first) and where it stands; not one a name
    stands between it and the verb ("she hears Naruto mutter": Naruto mutters)."""
    for bounds, verb in ((place.after, after_verb), (place.before, before_verb)):
        if verb:
            reach = text[bounds[0] : bounds[1]]
            m = PRONOUN.search(
                reach, max(0, verb.start() - _PRONOUN_BEFORE_VERB), verb.end() + _PRONOUN_AFTER_VERB
            )
            if m and not (m.end() <= verb.start() and _NAME_WORD.search(reach, m.end(), verb.start())):
                return m.group(1).lower(), bounds[0] + m.start()
    if before_verb and (lead := _lead_in_pronoun(text[place.before[0] : place.before[1]], before_verb)):
        return lead[0], place.before[0] + lead[1]
    return None, 0


_SENTENCE_END = re.compile(r"[.!?]\s")
_SENTENCE_OPENING_PRONOUN = re.compile(r"(?:^|[.!?]\s+|\n\s*\n\s*)(He|She|They)\b")


def _lead_in_pronoun(lead: str, verb: re.Match) -> tuple[str, int] | None:
    """The pronoun opening the sentence that leads into the quote with a speech verb and a comma or colon
    ("She laid her hand on the seat next her, and said: ..."), when no name stands between it and the verb."""
    if not lead.rstrip().endswith(LEAD_IN_ENDS):
        return None
    opening = None
    for match in _SENTENCE_OPENING_PRONOUN.finditer(lead, 0, verb.start()):
        opening = match  # the last sentence to open before the verb
    if opening is None or _NAME_WORD.search(lead, opening.end(), verb.start()):
        return None
    if _SENTENCE_END.search(lead, opening.end(), verb.start()):
        return None
    return opening.group(1).lower(), opening.start(1)


POSSESSIVE_GENDER = {"his": "he", "her": "she"}  # a possessive, as the subject pronoun _gender_rank takes
_NAME_WORD = re.compile(r"\b[A-Z][a-z]")


def _verb_tag_name(
    idx: MentionIndex,
    after_verb: re.Match | None,
    after_ms: list[int],
    before_verb: re.Match | None,
    before_ms: list[int],
) -> str | None:
    """Lacking a name right by the quote: the first named after it, else the last before it, with a verb."""
    if after_verb and after_ms:
        return _first(idx, after_ms)
    if before_verb and before_ms:
        return _first(idx, before_ms[::-1])
    return None


def _gender_rank(shared: WorkView, q: Quote, tag_pron: str | None) -> dict[str, int]:
    """Recency outside quotes among the characters of the tag pronoun's gender."""
    rank: dict[str, int] = {}
    if tag_pron not in TAG_GENDER:
        return rank
    want, idx, chars = TAG_GENDER[tag_pron], shared.idx, shared.chars
    for k in reversed(idx.between(max(0, q.start - shared.settings.window), q.start)):
        c = idx.mentions[k].character
        if idx.in_quote[k] < 0 and chars.get(c) and chars[c].gender == want and c not in rank:
            rank[c] = len(rank)
    return rank


def _pronoun_ranks(
    shared: WorkView, q: Quote, pron_word: str | None
) -> tuple[dict[str, int], dict[str, int]]:
    """For a pronoun tag: recency outside quotes among its gender, and among everyone."""
    pron_rank: dict[str, int] = {}
    recent_out: dict[str, int] = {}
    if not pron_word:
        return pron_rank, recent_out
    want, idx, chars = TAG_GENDER.get(pron_word), shared.idx, shared.chars
    for k in reversed(idx.between(max(0, q.start - shared.settings.window), q.start)):
        c = idx.mentions[k].character
        if idx.in_quote[k] < 0:
            recent_out.setdefault(c, len(recent_out))
            if want and chars.get(c) and chars[c].gender == want:
                pron_rank.setdefault(c, len(pron_rank))
    return pron_rank, recent_out


def _pronoun_at(pron: re.Match) -> int:
    return pron.start(1) if pron.group(1) else pron.start(2)


def _resolved(idx: MentionIndex, pron: re.Match | None) -> dict[str, float]:
    """The cast's coreference for the tag's own pronoun ("he says" -> Lee: 0.9), when the cast resolved it
    to a character (the narrator's I, marked without the model: 1)."""
    if not pron:
        return {}
    at = _pronoun_at(pron)
    k = bisect.bisect_left(idx.resolved_starts, at)
    if k < len(idx.resolved) and (m := idx.resolved[k]).start == at:
        return {m.character: 1.0 if m.confidence is None else m.confidence}
    return {}


def _tag_subject(
    shared: WorkView,
    q: Quote,
    pron: re.Match | None,
    pron_word: str | None,
    tag_pron: str | None,
    tag_at: int,
) -> str | None:
    floor = max(0, q.start - shared.settings.window)
    if pron_word in TAG_GENDER:
        return shared.idx.subject_of(_pronoun_at(pron), TAG_GENDER[pron_word], shared.chars, floor)
    if tag_pron in TAG_GENDER:
        return shared.idx.subject_of(tag_at, TAG_GENDER[tag_pron], shared.chars, floor)
    return None


def _quoted_names(shared: WorkView, place: QuotePlace) -> dict[str, set[str]]:
    """Who this quote, the turns' quotes beside it and its paragraph's earlier quotes name or address."""
    text, idx, quotes = shared.work.text, shared.idx, shared.quotes
    q, prev, nxt = quotes[place.i], place.prev_turn, place.next_turn
    earlier = range(max(place.turn[0], place.i - _EARLIER_IN_TURN), place.i)
    return {
        "in_quote": named_in(idx, q),
        "in_prev_quote": named_in(idx, quotes[prev]) if prev is not None else set(),
        "in_next_quote": named_in(idx, quotes[nxt]) if nxt is not None else set(),
        "in_same_turn": set().union(*(named_in(idx, quotes[j]) for j in earlier)),
        "voc_here": vocatives(text, idx, q),
        "voc_prev": vocatives(text, idx, quotes[prev]) if prev is not None else set(),
        "voc_next": vocatives(text, idx, quotes[nxt]) if nxt is not None else set(),
    }
