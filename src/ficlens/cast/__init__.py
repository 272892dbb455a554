"""The cast: name mentions, alias clusters, nicknames, pronouns, narrator and point of view.

`build_cast(work)` runs after quotation detection and before attribution. It fills `work.characters`
(ids C1.. by mentions, most mentioned first) and `work.mentions` (names, vocatives, pronouns). First-person
pronouns inside quotations are left to attribution: they are the speaker.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from itertools import combinations

from ficlens.cast.aliases import (
    Cluster,
    cluster_names,
    drop_plurals,
    given_key,
    join_bare_honorifics,
    join_initials,
    join_short_forms,
    join_wives,
    parse_name,
    title_clash,
    title_holder,
)
from ficlens.cast.chapter_pairings import cast_chapter_pairings
from ficlens.cast.character_tags import attach_tag_words, join_tagged, tag_genders
from ficlens.cast.common_words import common_pos
from ficlens.cast.coref import CorefInput
from ficlens.cast.coref import resolve as resolve_pronouns
from ficlens.cast.evidence import is_person
from ficlens.cast.given_names import is_given_name, with_lexicon_genders
from ficlens.cast.names import find_names, merge_spans, with_honorific_given_names
from ficlens.cast.nominals import Nominal, nominal_speakers, noun_gender
from ficlens.cast.pov import MIN_PERSON_PRONOUNS, pov_character, told_in_person
from ficlens.cast.pronouns import (
    FIRST_PERSON_RX,
    SECOND_PERSON_RX,
    Spans,
    Token,
    name_genders,
    pronoun_tokens,
    sentence_index,
)
from ficlens.cast.settings import CAST_DEFAULTS, CastSettings
from ficlens.cast.user_cast import known_characters
from ficlens.cast.vocatives import Vocative, find_vocatives
from ficlens.lexicon import APOSTROPHES, KINSHIP_TITLES, PLURAL_TITLES, SUBJECT_PRONOUNS, TITLES
from ficlens.model import READER, Character, Mention, Work
from ficlens.stage import stage

__all__ = ["build_cast"]


@stage(
    "cast",
    requires=("text", "paragraphs", "scenes", "quotes", "speaker_labels"),
    assigns=("characters", "mentions"),
    settings=CAST_DEFAULTS,
)
def build_cast(
    work: Work, *, settings: CastSettings = CAST_DEFAULTS, name_spans: list[tuple[int, int]] | None = None
) -> Work:
    """Fill `work.characters` and `work.mentions`. `settings`: the clustering's two parameters (see
    `cluster_names`; the defaults are those 5-fold CV on PDNC dev chooses in every fold, `ficlens eval
    cast`), whether to read the AO3 tags and to ask for person evidence; `name_spans` lets an evaluation
    reuse one NER pass."""
    draft = draft_cast(work, settings=settings, name_spans=name_spans)
    text = work.text
    vocative_at = {(v.start, v.end) for v in draft.vocatives}
    mentions = [
        Mention(
            t.start,
            t.end,
            text[t.start : t.end],
            draft.coref.char_of[t.surface],
            "nominal"
            if t.surface in draft.nominal_surfaces
            else "vocative"
            if (t.start, t.end) in vocative_at
            else "name",
        )
        for t in draft.coref.tokens
        if t.is_name
    ]
    named = {(m.start, m.end) for m in mentions}
    mentions += [
        Mention(v.start, v.end, text[v.start : v.end], draft.coref.char_of[v.text], "vocative")
        for v in draft.vocatives
        if v.text in draft.coref.char_of and (v.start, v.end) not in named
    ]
    mentions += _pronoun_mentions(draft.coref)
    mentions.sort(key=lambda m: m.start)

    work.characters = _characters(draft.clusters, mentions, draft.coref.gender_of)
    mentions += _mark_pov(work, text, mentions, draft.quotes)
    mentions.sort(key=lambda m: m.start)
    tags = work.metadata.characters if settings.use_tags else []
    work.mentions = cast_chapter_pairings(work, mentions, draft.quotes, tags)
    return work


def _pronoun_mentions(inp: CorefInput) -> list[Mention]:
    return [
        Mention(
            t.start,
            t.end,
            t.surface,
            entity if entity in inp.gender_of else None,
            "pronoun",
            entity,
            round(p, 3),
        )
        for t, entity, p in resolve_pronouns(inp)
    ]


def _layout(work: Work) -> tuple[Spans, Spans, Spans]:
    """The work's quotations, paragraphs and scenes (the whole text for a work not segmented)."""
    whole = [(0, len(work.text))]
    return (
        Spans([(q.start, q.end) for q in work.quotes]),
        Spans([(p.start, p.end) for p in work.paragraphs] or whole),
        Spans([(s.start, s.end) for s in work.scenes] or whole),
    )


def given_cast_coref(work: Work) -> CorefInput:
    """The resolver's input for a work whose characters and name mentions are given (a gold cast)."""
    text = work.text
    quotes, paragraphs, scenes = _layout(work)
    names = [
        Token(m.start, m.end, m.character, True, quotes.contains(m.start), paragraphs.index(m.start))
        for m in work.mentions
        if m.character is not None
    ]
    return CorefInput(
        tokens=sorted(names + pronoun_tokens(text, quotes, paragraphs), key=lambda t: t.start),
        char_of={c.id: c.id for c in work.characters},
        gender_of={c.id: c.gender for c in work.characters},
        scene_of=scenes.index,
        sentence_of=sentence_index(text),
    )


def pronoun_mentions(work: Work) -> list[Mention]:
    """The work's third-person pronouns resolved against the characters its mentions already name (a gold
    cast in evaluation), by the same resolver `build_cast` uses."""
    return _pronoun_mentions(given_cast_coref(work))


@dataclass
class CastDraft:
    """The cast before its pronouns are resolved: the characters' clusters, and the names, descriptions and
    pronouns that refer to them, in text order (what coreference reads, and learns from)."""

    clusters: list[Cluster]
    coref: CorefInput  # names and descriptions of characters, pronouns; surface -> character id; genders
    nominal_surfaces: set[str]
    vocatives: list[Vocative]
    quotes: Spans


def draft_cast(
    work: Work, *, settings: CastSettings = CAST_DEFAULTS, name_spans: list[tuple[int, int]] | None = None
) -> CastDraft:
    """Names found, filtered and clustered into characters; descriptions that speak joined; pronouns found."""
    text = work.text
    quotes, paragraphs, scenes = _layout(work)

    vocatives = find_vocatives(text, quotes.spans)
    lowercase_words = set(re.findall(rf"\b[a-z][\w{APOSTROPHES}-]*", text))
    tagged = known_characters(work.metadata.characters, settings.known, use_tags=settings.use_tags)
    spans = find_names([text])[0] if name_spans is None else name_spans
    # a chat log's or script's speaker labels are names, though one opens every line; so are tagged names
    spans = merge_spans(
        with_honorific_given_names(text, spans)
        + [(label.start, label.end) for label in work.speaker_labels]
        + attach_tag_words(text, spans, tagged, lowercase_words)
    )
    name_tokens = [
        Token(s, e, surface, True, quotes.contains(s), paragraphs.index(s))
        for s, e in spans
        if is_person_name(surface := " ".join(text[s:e].split()))
    ]
    if paragraphs.spans:
        # the story's own paragraphs only: a chapter heading ("Chapter 1: Salt"), the title or an AO3
        # scrape's summary and notes are no narration, and a name there would count as one
        name_tokens = [t for t in name_tokens if t.paragraph >= 0]
    name_tokens = in_ordinary_case(drop_shouted_headings(drop_places(text, name_tokens)))
    pronouns = pronoun_tokens(text, quotes, paragraphs)
    tokens = sorted(name_tokens + pronouns, key=lambda t: t.start)

    counts = most_used(drop_plurals(Counter(t.surface for t in name_tokens)))
    name_tokens = [t for t in name_tokens if t.surface in counts]
    genders = tag_genders(with_lexicon_genders(name_genders(text, tokens), counts), counts, tagged)
    clusters = cluster_names(
        counts,
        genders,
        dominance=settings.dominance,
        surname_factor=settings.surname_factor,
        together=paragraph_pairs(name_tokens),
    )
    clusters = join_tagged(
        join_initials(join_wives(join_bare_honorifics(join_short_forms(clusters)))), tagged
    )
    clusters = _assign_nicknames(clusters, vocatives, name_tokens, paragraphs, quotes, lowercase_words, text)
    clusters = _assign_quoted_nicknames(clusters, name_tokens, lowercase_words)
    clusters = _join_addressed_names(clusters, vocatives, name_tokens, paragraphs)
    nominals = [n for n in nominal_speakers(text, quotes.contains) if _add_nominal(clusters, n)]
    if settings.need_person_evidence:
        clusters = _persons(clusters, name_tokens, vocatives, nominals, work)
    clusters.sort(key=lambda c: -c.count)
    char_of = {surface: f"C{i}" for i, c in enumerate(clusters, 1) for surface in c.names}
    nominal_tokens = [
        Token(s, e, n.surface, True, quotes.contains(s), paragraphs.index(s))
        for n in nominals
        if n.surface in char_of
        for s, e in n.spans
    ]
    coref = CorefInput(
        tokens=sorted(
            [t for t in name_tokens + nominal_tokens if t.surface in char_of] + pronouns,
            key=lambda t: t.start,
        ),
        char_of=char_of,
        gender_of={f"C{i}": c.gender for i, c in enumerate(clusters, 1)},
        scene_of=scenes.index,
        sentence_of=sentence_index(text),
    )
    return CastDraft(
        clusters=clusters,
        coref=coref,
        nominal_surfaces={n.surface for n in nominals},
        vocatives=vocatives,
        quotes=quotes,
    )


def _persons(clusters, name_tokens, vocatives, nominals, work: Work) -> list[Cluster]:
    """The clusters the text shows to be people (`cast.evidence`)."""
    spans_of: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for t in name_tokens:
        spans_of[t.surface].append((t.start, t.end))
    vouched = {v.text for v in vocatives} | {n.surface for n in nominals}
    vouched |= {" ".join(work.text[label.start : label.end].split()) for label in work.speaker_labels}
    return [c for c in clusters if is_person(c, spans_of, work.text, vouched)]


# The clustering compares every name with every character so far: a text naming more people than this (a
# generated roll of names; a long novel names a few hundred) keeps its most used names.
MAX_NAMES = 1000
MAX_SAME_SURNAME = 60  # names ending in one word paired per paragraph, likewise


def most_used(counts: Counter) -> Counter:
    return counts if len(counts) <= MAX_NAMES else Counter(dict(counts.most_common(MAX_NAMES)))


def paragraph_pairs(name_tokens: list[Token]) -> Counter:
    """{surface, surface} -> paragraphs naming both, for names ending in the same word ("Mr. Knightley",
    "Mr. John Knightley"): the clustering's sign of two people sharing a title and surname."""
    by_paragraph: dict[int, set[str]] = defaultdict(set)
    for t in name_tokens:
        by_paragraph[t.paragraph].add(t.surface)
    pairs = Counter()
    for surfaces in by_paragraph.values():
        by_last: dict[str, list[str]] = defaultdict(list)
        for surface in sorted(surfaces):
            by_last[surface.split()[-1]].append(surface)
        for same in by_last.values():
            for a, b in combinations(same[:MAX_SAME_SURNAME], 2):
                pairs[frozenset((a, b))] += 1
    return pairs


# A description ("the General") joins the title's holder only when that one has at least twice the mentions
# of the next holder: set by hand, stricter than the names' tuned `dominance` (a description names no one).
NOMINAL_DOMINANCE = 2.0


def _add_nominal(clusters: list[Cluster], nominal: Nominal) -> bool:
    """Make a description that speaks a character, or an alias of the one character holding it as a title
    ("the General" beside General Tilney). False when it is already a name ("the Hatter": "Hatter")."""
    if any(
        p is not None and not p.title and p.words == tuple(nominal.head.split())
        for c in clusters
        for s in c.names
        if (p := parse_name(s))
    ):
        return False
    head = parse_name(nominal.head) if " " not in nominal.head else None  # "the young lady" holds no title
    if head is not None and (holder := title_holder(head, clusters, NOMINAL_DOMINANCE)) is not None:
        holder.names[nominal.surface] += len(nominal.spans)
        return True
    cluster = Cluster(names=Counter({nominal.surface: len(nominal.spans)}), gender=noun_gender(nominal.head))
    clusters.append(cluster)
    return True


def is_person_name(surface: str) -> bool:
    """A name of one person with at least one word that is no title ("Mr" alone is not a name)."""
    parsed = parse_name(surface)
    return (
        parsed is not None
        and any(w not in TITLES for w in parsed.words)
        and surface.split()[0].lower().rstrip(".") not in PLURAL_TITLES
    )


_LOCATIVE = re.compile(
    r"\b(?:at|in|to|from|into|near|towards|toward|inside|around|through)\s+(?:the\s+)?$", re.IGNORECASE
)


_LOCATIVE_REACH = 12  # characters before a name read for _LOCATIVE: "towards the ", "through the "
MIN_LOCATIVE = 2  # uses after at/in/from ... that, as `share` of all its uses, make a name a place's


def drop_places(text: str, tokens: list[Token], *, share: float = 0.4) -> list[Token]:
    """Drop names that are places: a name mostly written right after at/in/from/into ... ("at Randalls")."""
    total, locative = Counter(), Counter()
    for t in tokens:
        total[t.surface] += 1
        if _LOCATIVE.search(text, max(0, t.start - _LOCATIVE_REACH), t.start):
            locative[t.surface] += 1
    places = {s for s, n in total.items() if locative[s] >= MIN_LOCATIVE and locative[s] >= share * n}
    return [t for t in tokens if t.surface not in places]


def drop_shouted_headings(tokens: list[Token]) -> list[Token]:
    """Drop capitals-only names of several words that the text never writes in ordinary case: chapter
    headings ("MR. MARVEL DISCUSSES") read as names. "MR. THOMAS MARVEL" stays: "Mr. Thomas Marvel" is there."""
    surfaces = {t.surface for t in tokens}
    return [
        t
        for t in tokens
        if not (t.surface.isupper() and " " in t.surface and t.surface.title() not in surfaces)
    ]


def in_ordinary_case(tokens: list[Token]) -> list[Token]:
    """A name in capitals ("MISS SCHLEGEL" on a letter, a shout) is the name the text writes in ordinary
    case: it takes that surface (the most used one), so it joins the same character."""
    ordinary = Counter(t.surface for t in tokens if not t.surface.isupper())
    by_lower = {}
    for surface, _ in ordinary.most_common():
        by_lower.setdefault(surface.lower(), surface)
    return [
        replace(t, surface=by_lower.get(t.surface.lower(), t.surface)) if t.surface.isupper() else t
        for t in tokens
    ]


def _narration(
    clusters: list[Cluster], name_tokens: list[Token]
) -> tuple[dict[str, Cluster], dict[int, list[Cluster]]]:
    """Surface -> its cluster, and paragraph -> the clusters its narration names (outside quotes), in order."""
    cluster_of = {s: c for c in clusters for s in c.names}
    narrated: dict[int, list[Cluster]] = defaultdict(list)
    for t in name_tokens:
        if not t.inside_quote and t.surface in cluster_of:
            narrated[t.paragraph].append(cluster_of[t.surface])
    return cluster_of, narrated


def _speaker_and_answerer(
    paragraph: int, narrated: dict[int, list[Cluster]]
) -> tuple[Cluster | None, Cluster | None]:
    """Who speaks a quote in `paragraph` (the first character its narration names) and who answers (the
    first other character named in the next paragraph)."""
    here = narrated.get(paragraph, [])
    speaker = here[0] if here else None
    return speaker, next((c for c in narrated.get(paragraph + 1, []) if c is not speaker), None)


def _assign_nicknames(
    clusters: list[Cluster],
    vocatives: list[Vocative],
    name_tokens: list[Token],
    paragraphs: Spans,
    quotes: Spans,
    lowercase_words: set[str],
    text: str,
) -> list[Cluster]:
    """Give each vocative that is no known name to the character it addresses (see `addressee`)."""
    cluster_of, narrated = _narration(clusters, name_tokens)
    votes: dict[str, Counter] = defaultdict(Counter)
    own_names = _own_names(name_tokens, vocatives, quotes, text)
    for v in vocatives:
        own = cluster_of.get(v.text)
        if own is not None and (len(own.names) > 1 or v.text in own_names):
            continue  # a name used outside vocatives, or one of several: a character's own name
        if not v.comma or v.alone or not is_person_name(v.text) or not is_nickname(v.text, lowercase_words):
            continue
        target = _named_in(v.text, cluster_of) or addressee(paragraphs.index(v.start), narrated)
        if target is not None and target is not own:
            votes[v.text][id(target)] += 1
    by_id = {id(c): c for c in clusters}
    for nickname, counter in votes.items():
        target = by_id[counter.most_common(1)[0][0]]
        own = cluster_of.get(nickname)
        if own is not None:  # the NER took the nickname for a name of its own: fold it in
            clusters.remove(own)
            for surface, n in own.names.items():
                target.names[surface] += n
        else:
            target.names[nickname] += 0  # an alias, counted by its vocative mentions
        if (parsed := parse_name(nickname)) is not None:
            target.parsed.append(parsed)
        cluster_of[nickname] = target
    return clusters


def _own_names(name_tokens: list[Token], vocatives: list[Vocative], quotes: Spans, text: str) -> set[str]:
    """The names that are someone's own, not a nickname for the one addressed: any the narration uses, and
    any that speech uses about someone at least as often as it calls someone by it ("Esterton was up there"
    five times, "You're wronging me, Esterton" once). A quote that is nothing but the name ("Salt?") calls."""
    vocative_at = {(v.start, v.end) for v in vocatives}
    called = Counter(v.text for v in vocatives)
    spoken_of: Counter = Counter()
    narrated = set()
    for t in name_tokens:
        if not t.inside_quote:
            narrated.add(t.surface)
        elif (t.start, t.end) in vocative_at:
            continue
        elif _whole_quote(t, quotes, text):
            called[t.surface] += 1
        else:
            spoken_of[t.surface] += 1
    return narrated | {surface for surface, n in spoken_of.items() if n >= called[surface]}


def _whole_quote(t: Token, quotes: Spans, text: str) -> bool:
    i = quotes.index(t.start)
    if i < 0:
        return False
    start, end = quotes.spans[i]
    return not _WORDS.search(text, start, t.start) and not _WORDS.search(text, t.end, end)


_WORDS = re.compile(r"\w")


def _assign_quoted_nicknames(
    clusters: list[Cluster], name_tokens: list[Token], lowercase_words: set[str]
) -> list[Cluster]:
    """A hyphenated nickname only ever said inside quotations and never written in lowercase ("And
    Bushy-Brows—") names a third party of the scene: a character named in the narration around the quote
    who is neither its speaker (named in its paragraph) nor the one who answers (first named in the next)."""
    _, narrated = _narration(clusters, name_tokens)
    tokens_of: dict[str, list[Token]] = defaultdict(list)
    for t in name_tokens:
        tokens_of[t.surface].append(t)
    for cluster in list(clusters):
        if len(cluster.names) != 1:
            continue
        (surface,) = cluster.names
        tokens = tokens_of.get(surface, [])
        if (
            not tokens
            or not all(t.inside_quote for t in tokens)
            or not re.search(r"\w[-‐]\w", surface)
            or not is_nickname(surface, lowercase_words)
        ):
            continue
        votes = Counter()
        for t in tokens:
            speaker, answerer = _speaker_and_answerer(t.paragraph, narrated)
            third = [
                c
                for q in (t.paragraph + 1, t.paragraph - 1, t.paragraph)
                for c in narrated.get(q, [])
                if c not in (speaker, answerer, cluster)
            ]
            if third:
                votes[id(third[0])] += 1
        if votes:
            target = next(c for c in clusters if id(c) == votes.most_common(1)[0][0])
            target.names[surface] += cluster.names[surface]
            clusters.remove(cluster)
    return clusters


def _join_addressed_names(
    clusters: list[Cluster],
    vocatives: list[Vocative],
    name_tokens: list[Token],
    paragraphs: Spans,
    *,
    min_votes: int = 3,
    share: float = 0.6,
) -> list[Cluster]:
    """Join two characters that are one person called two ways, when the quotes addressing one by a
    one-word name are answered, again and again, by the other: "Miss Dashwood" (the others' polite form)
    answered by the narration's "Elinor", or "Maggie" (her family's form) by the narration's "Mrs. Hilbery"."""
    cluster_of, narrated = _narration(clusters, name_tokens)
    votes: dict[int, Counter] = defaultdict(Counter)
    for v in vocatives:
        own = cluster_of.get(v.text)
        parsed = parse_name(v.text)
        if own is None or parsed is None or len(parsed.words) != 1:
            continue
        _, answerer = _speaker_and_answerer(paragraphs.index(v.start), narrated)
        if answerer is not None and answerer is not own:
            votes[id(own)][id(answerer)] += 1
    by_id = {id(c): c for c in clusters}
    for own_id, counter in votes.items():
        (target_id, n), total = counter.most_common(1)[0], sum(counter.values())
        own, target = by_id.get(own_id), by_id.get(target_id)
        if (
            own is None
            or target is None
            or n < min_votes
            or n < share * total
            or not _may_be_one(own, target)
        ):
            continue
        for surface, count in own.names.items():
            target.names[surface] += count
        target.parsed.extend(own.parsed)
        clusters.remove(own)
        del by_id[own_id]
    return clusters


def _may_be_one(own: Cluster, target: Cluster) -> bool:
    """Whether nothing in their names keeps `own` (a character first called by a one-word name) and `target`
    apart: genders and titles agree, and `own`'s word is not another name of the target's kind."""
    if (
        not own.parsed
        or (own.gender and target.gender and own.gender != target.gender)
        or any(title_clash(p, target) for p in own.parsed)
    ):
        return False
    first = own.parsed[0]
    word = first.words[-1]
    target_givens = {g for g in target.givens() if is_given_name(g)}
    if not first.title:
        # "Maggie" is Mrs. Hilbery, "Harry" Lord Henry: a given name without a surname of its own, for a
        # titled character with no other given name
        return not own.surnames() and bool(target.titles()) and target_givens <= {given_key(word)}
    # "Miss Elizabeth (Bennet)": the title with her given name tells her from the plain "Miss Bennet"
    if any(p.title == first.title and p.words[0] != word for p in target.parsed):
        return False
    # "Aunt Juley" (Mrs. Munt), "Uncle George" (Lord Fermor): a kinship title goes with a given name
    known = target_givens if first.title in KINSHIP_TITLES else target.surnames()
    return not known or word in known


def is_nickname(phrase: str, lowercase_words: set[str]) -> bool:
    """An unknown vocative counts as a nickname when it is one word (hyphens allowed) that the text never
    writes in lowercase, that is nobody's given name and no everyday English word but a noun: "Forehead",
    "Ino-pig" are nicknames there; "Pray", "Perfectly" or "Obviously" are ordinary words, "Nancy" a given
    name (someone else's, not the addressee's nickname) and "Alexis Ivanovitch" someone's full name."""
    return (
        " " not in phrase
        and phrase.lower() not in lowercase_words
        and not is_given_name(phrase)
        and common_pos(phrase) in (None, "NOUN")
    )


ADDRESSEE_LOOKBACK = 3


def _named_in(nickname: str, cluster_of: dict[str, Cluster]) -> Cluster | None:
    """The character whose name a pet form or honorific is built on: "Ino-pig" is Ino's, "Wren-bird" Wren's,
    "Ren-senpai" Takeda Ren's, whoever says it to whom (a lowercase tail only: "Jean-Luc" and "Bushy-Brows"
    are names of their own)."""
    head, _, tail = nickname.replace("‐", "-").partition("-")
    if not tail[:1].islower():
        return None
    if head in cluster_of:
        return cluster_of[head]
    # a word of one character's full name only: "Ren-senpai" is Takeda Ren's
    holders = {id(c): c for surface, c in cluster_of.items() if head in surface.split()[1:]}
    return next(iter(holders.values())) if len(holders) == 1 else None


def addressee(paragraph: int, narrated: dict[int, list[Cluster]]) -> Cluster | None:
    """Who a quote in `paragraph` addresses: the speaker is the character named in its narration; the
    addressee is the next paragraph's named character (who answers), else the last one named before it
    (within `ADDRESSEE_LOOKBACK` paragraphs when the speaker is named: a line of dialogue often follows a
    paragraph or two of pronouns, "Her hands shook … He grunted … Crane watched. “Not bad, Salt.”")."""
    here = narrated.get(paragraph, [])
    speaker = here[0] if here else None
    # only a known speaker's partner is looked for further back: with no one named, the last name is a guess
    reach = ADDRESSEE_LOOKBACK if speaker is not None else 1
    for other in (paragraph + 1, *range(paragraph - 1, paragraph - 1 - reach, -1)):
        for c in narrated.get(other, []):
            if c is not speaker:
                return c
    return None


def _characters(
    clusters: list[Cluster], mentions: list[Mention], gender_of: dict[str, str | None]
) -> list[Character]:
    per_char: dict[str, Counter] = defaultdict(Counter)
    pronouns: dict[str, Counter] = defaultdict(Counter)
    for m in mentions:
        if m.character is None:
            continue
        per_char[m.character][m.text] += 1
        if m.kind == "pronoun":
            pronouns[m.character][m.text.lower()] += 1
    out = []
    for i, cluster in enumerate(clusters, 1):
        cid = f"C{i}"
        used = per_char[cid]
        names = [s for s in cluster.names if used[s]] or list(cluster.names)
        out.append(
            Character(
                id=cid,
                name=cluster.tag or _display_name(names, used),
                aliases=sorted(names, key=lambda s: -used[s]),
                mentions=sum(used.values()),
                gender=cluster.gender or gender_of.get(cid),
                pronouns=[p for p, _ in pronouns[cid].most_common()],
            )
        )
    return out


def _display_name(names: list[str], used: Counter) -> str:
    """The full name most used: the most used of the longest names the text uses more than once."""

    def length(s: str) -> int:
        parsed = parse_name(s)
        return len(parsed.words) if parsed else 0

    pool = [s for s in names if used[s] > 1] or names
    longest = max((length(s) for s in pool), default=0)
    return max((s for s in pool if length(s) == longest), key=lambda s: used[s])


def _mark_pov(work: Work, text: str, mentions: list[Mention], quotes: Spans) -> list[Mention]:
    """Mark the narrator (first-person narration), the reader addressed as "you" (second-person narration)
    or the third-person POV character; returns the narrator's I/me/my or the reader's you/your mentions
    in the narration, if any."""
    narrated = [m for m in mentions if not quotes.contains(m.start)]
    third = sum(1 for m in narrated if m.kind == "pronoun")
    words = len(text.split())
    first = [m for m in FIRST_PERSON_RX.finditer(text) if not quotes.contains(m.start())]
    if told_in_person(len(first), third, words):
        narrator = narrator_character(work.characters, mentions, quotes)
        if narrator is None:
            narrator = Character(id=f"C{len(work.characters) + 1}", name="the narrator", aliases=["I"])
            work.characters.append(narrator)
        narrator.narrator = narrator.pov = True
        narrator.mentions += len(first)
        return [Mention(m.start(), m.end(), m.group(), narrator.id, "pronoun") for m in first]
    second = [m for m in SECOND_PERSON_RX.finditer(text) if not quotes.contains(m.start())]
    # a reader-insert: "you" is the point-of-view character, whom no name in the text stands for, among
    # others the narration calls he or she (a how-to written to "you" has no one else)
    if told_in_person(len(second), third, words) and third >= MIN_PERSON_PRONOUNS:
        reader = Character(
            id=f"C{len(work.characters) + 1}", name=READER, aliases=["you"], pov=True, mentions=len(second)
        )
        for c in work.characters:
            c.pov = False
        work.characters.append(reader)
        return [Mention(m.start(), m.end(), m.group(), reader.id, "pronoun") for m in second]
    subjects = [
        (m.start, m.end, m.character, m.kind == "pronoun")
        for m in narrated
        if m.character and (m.kind != "pronoun" or m.text.lower() in SUBJECT_PRONOUNS)
    ]
    pov = pov_character(text, subjects)
    for c in work.characters:
        c.pov = c.id == pov
    return []


MIN_NARRATOR_ADDRESS = 3


def narrator_character(
    characters: list[Character], mentions: list[Mention], quotes: Spans
) -> Character | None:
    """In first-person narration the narrator is seldom named in the narration but often addressed in
    dialogue ("Watson," said Holmes): the character with most vocatives, at least `MIN_NARRATOR_ADDRESS`
    and more than the narration names them; failing that, the one the quotations address or name most
    ("Callum Ashby, as I live and breathe": a vocative counts two, a name one), on the same terms. Names in
    quotations come second: dialogue also names the absent (Jonathan Small, whose story is told in quotes)."""
    vocatives, in_quotes, narrated = Counter(), Counter(), Counter()
    for m in mentions:
        if m.kind == "vocative":
            vocatives[m.character] += 1
        elif m.kind == "name":
            (in_quotes if quotes.contains(m.start) else narrated)[m.character] += 1
    for score in (vocatives, vocatives + vocatives + in_quotes):
        ranked = [
            c for c in characters if score[c.id] >= MIN_NARRATOR_ADDRESS and score[c.id] > narrated[c.id]
        ]
        if ranked:
            return max(ranked, key=lambda c: score[c.id] - narrated[c.id])
    return None
