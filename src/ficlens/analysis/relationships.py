"""The central relationship(s): which pairs the story is about, not only who talks most.

A pair scores on five signals, each scaled by its largest value in the work so that no single signal (long
dialogue scenes, say) swamps the others:

- ``thoughts``: sentences of a point-of-view character's narration that mention B while B is not on stage
  (B neither speaks nor is spoken to in that scene): the POV character's mind keeps returning to B;
- ``cosentences``: sentences that mention both;
- ``dialogue``: quotes from one to the other;
- ``vocatives``: one calling the other by name inside a quote;
- ``copresence``: scenes both are in.

A pair is written AO3's way, ``A/B`` when romance cues (kiss, blush, heart, love, ...) gather in the
passages that hold the pair (at least two, and more densely than in the rest of the work), ``A & B``
otherwise. The evidence is those passages, as spans.
"""

from __future__ import annotations

from collections import Counter, defaultdict

import regex

from ficlens.analysis.kinship import Relations
from ficlens.analysis.layout import Layout
from ficlens.analysis.persons import non_persons
from ficlens.model import Evidence, PairSignals, Relationship

# The signals, by name (`PairSignals`'s fields).
WEIGHTS = {"thoughts": 3.0, "cosentences": 2.0, "dialogue": 1.0, "vocatives": 1.0, "copresence": 1.0}

# Words that signal romance when they sit in the same passage as the pair (the sentences that hold it and
# their neighbours). Stems match their inflections.
ROMANCE_CUES = regex.compile(
    r"\b(?:kiss\w*|blush\w*|heart\w*|lov(?:e|es|ed|er|ers|ing|ely)|darling|sweetheart|beloved|flirt\w*|crush\w*"
    r"|lips?|embrac\w*|cuddl\w*|caress\w*|nuzzl\w*|girlfriend|boyfriend|wife|husband|marr(?:y|ied|iage)"
    r"|wedding|date|dating|longing|yearn\w*|jealous\w*|adore\w*|desire\w*|butterfl\w*|flutter\w*|smitten"
    r"|swoon\w*|intimate\w*|tender\w*|beautiful|gorgeous|pretty|miss(?:ed|es|ing)?)\b",
    regex.IGNORECASE,
)

# Cues that speak of romance itself, not of feeling in general ("heart", "dear" and "love" are as often
# a sister's or a friend's): the `/` decision counts these, in the sentences that hold the pair alone.
STRONG_CUES = regex.compile(
    r"\b(?:kiss\w*|lips?|embrac\w*|caress\w*|cuddl\w*|nuzzl\w*|in love|lovers?|darling|sweetheart|beloved"
    r"|flirt\w*|court(?:ing|ship|ed)|woo(?:ed|ing)?|marr(?:y|ies|ied|ying|iage)|wedding|engage(?:d|ment)"
    r"|propos(?:al|ed to|e to)|fianc[eé]e?|husband|wife|bride|blush\w*|jealous\w*|passion\w*|desire\w*"
    r"|girlfriend|boyfriend|dat(?:e|ing)|romance|romantic|adore\w*|attachment|admirer|suitor|heart)\b",
    regex.IGNORECASE,
)
ROMANCE_MIN_CUES = 2
# The pair's strong cues per sentence (of the sentences that hold it alone) beat this share of the work's:
# a lush style does not make every pair a couple.
BASE_SHARE = 0.5
# A pair is family when its family cues ("her sister Jane", "Papa, ...") are at least this share of its
# romance cues (a lover's passages name his sister too), or when its names say so (`kinship`).
FAMILY_MIN, FAMILY_SHARE = 2, 0.2
# ... and friends when their friendship cues ("her friend Harriet") are this share, with no spouse cue: two
# friends talk of marriages all day (gold set: 0.1 made Emma & Harriet and Dorian & Lord Henry platonic and
# turned no couple platonic; 0.2 neither)
FRIEND_SHARE = 0.1
# Among the pairs of either member, a romantic pair has at least this share of the most romance cues
# with one partner: a heroine's romance outshines her sister's and her friend's talk of their suitors.
RIVAL_SHARE = 0.6
MAX_EVIDENCE = 6
MAX_PAIRS = 10


def central_relationships(layout: Layout, *, limit: int = MAX_PAIRS) -> list[Relationship]:
    features, passages = _pair_signals(layout)
    relations = Relations(layout)
    peaks = {f: max((v[f] for v in features.values()), default=0) for f in WEIGHTS}
    nobody = non_persons(layout)  # a relationship needs two people: no place, people or day as a partner
    features = {p: c for p, c in features.items() if not nobody & set(p)}
    total_weight = sum(w for f, w in WEIGHTS.items() if peaks[f]) or 1.0
    scored = []
    for pair, counts in features.items():
        score = sum(WEIGHTS[f] * counts[f] / peaks[f] for f in WEIGHTS if peaks[f]) / total_weight
        scored.append((score, pair, counts))
    scored.sort(key=lambda t: (-t[0], t[1]))
    romance = {pair: _romance(layout, pair, passages[pair]) for pair in features}
    best = defaultdict(int)  # each character's most romance cues with one partner
    for (a, b), (n, _) in romance.items():
        best[a], best[b] = max(best[a], n), max(best[b], n)
    base = _strong_density(layout)
    out = []
    for score, pair, counts in scored[:limit]:
        n, density = romance[pair]
        relation = relations.of(*pair)
        family = relation["family"] >= FAMILY_MIN and relation["family"] >= FAMILY_SHARE * max(n, 1)
        friends = (
            not relation["spouse"]
            and relation["friend"] >= FAMILY_MIN
            and relation["friend"] >= FRIEND_SHARE * max(n, 1)
        )
        romantic = relation["spouse"] >= 2 * max(relation["family"], 1) or (
            not family
            and not friends
            and n >= ROMANCE_MIN_CUES
            and density > BASE_SHARE * base
            and all(n >= RIVAL_SHARE * best[p] for p in pair)
        )
        out.append(_describe(layout, pair, score, counts, passages[pair], romantic))
    return out


def _romance(layout: Layout, pair: tuple, sentences: dict[int, str]) -> tuple[int, float]:
    """Strong romance cues in the pair's passages (a sentence of the pair and its neighbours in the scene),
    counting only sentences that name no one else; and those cues per such sentence."""
    window = {j for i in sentences for j in range(i - 1, i + 2) if _same_scene(layout, i, j)}
    per_sentence = _strong_cues(layout)
    people = set(pair)
    alone = [j for j in window if layout.sentence_people.get(j, set()) <= people]
    n = sum(per_sentence[j] for j in alone)
    return n, n / max(len(alone), 1)


def _strong_cues(layout: Layout) -> list[int]:
    if "strong_cues" not in layout.memo:
        text = layout.work.text
        layout.memo["strong_cues"] = [
            len(STRONG_CUES.findall(text, s.start, s.end)) for s in layout.sentences
        ]
    return layout.memo["strong_cues"]


def _strong_density(layout: Layout) -> float:
    """Strong romance cues per sentence in the whole work."""
    per_sentence = _strong_cues(layout)
    return sum(per_sentence) / max(len(per_sentence), 1)


def _pair_signals(layout: Layout) -> tuple[dict[tuple, Counter], dict[tuple, dict[int, str]]]:
    """Per unordered pair: counts of each signal, and the sentences (position → kind) that show it."""
    features: dict[tuple, Counter] = defaultdict(Counter)
    passages: dict[tuple, dict[int, str]] = defaultdict(dict)
    for q in layout.quotes:
        for addressee in q.addressees:
            if q.speaker and addressee != q.speaker:
                features[_key(q.speaker, addressee)]["dialogue"] += 1
    for m in layout.resolved_mentions:
        if (
            m.kind == "vocative"
            and (q := layout.quote_at(m.start))
            and q.speaker
            and q.speaker != m.character
        ):
            features[_key(q.speaker, m.character)]["vocatives"] += 1
    for i, people in layout.sentence_people.items():
        for pair in layout.pairs(people):
            features[pair]["cosentences"] += 1
            passages[pair].setdefault(i, "cosentence")
    for pov, other, i in _absent_thoughts(layout):
        pair = _key(pov, other)
        features[pair]["thoughts"] += 1
        passages[pair][i] = "thought"
    for people in layout.mentioned_in_scene:
        for pair in layout.pairs(people):
            features[pair]["copresence"] += 1
    return features, passages


def _absent_thoughts(layout: Layout):
    """(pov, other, sentence) for each narration sentence of a POV character's scene mentioning an absent other."""
    if not layout.pov:
        return
    seen = set()
    for m in layout.resolved_mentions:
        if m.kind == "pronoun" or layout.quote_at(m.start) is not None:
            continue  # a pronoun needs its antecedent nearby, so it says little about absence; quotes are speech
        scene, sentence = layout.scene_at(m.start), layout.sentence_at(m.start)
        if scene is None or sentence is None or m.character in layout.on_stage[scene]:
            continue
        for pov in layout.pov - {m.character}:
            if (pov, m.character, sentence) not in seen:
                seen.add((pov, m.character, sentence))
                yield pov, m.character, sentence


def _describe(
    layout: Layout, pair: tuple, score: float, counts: Counter, sentences: dict[int, str], romantic: bool
) -> Relationship:
    names = [layout.names.get(p, p) for p in pair]
    order = sorted(range(2), key=lambda k: names[k].casefold())
    pair, names = [pair[k] for k in order], [names[k] for k in order]
    around = {i: [j for j in range(i - 1, i + 2) if _same_scene(layout, i, j)] for i in sentences}
    cues = {
        i: sum(_cues(layout, j) for j in around[i]) for i in sentences
    }  # in the passage: i and its neighbours
    window = {j for js in around.values() for j in js}
    n_cues = sum(_cues(layout, j) for j in window)
    # The passages that carry romance cues come first, then the POV's thoughts, then shared sentences.
    best = sorted(sentences, key=lambda i: (-cues[i], sentences[i] != "thought", i))[:MAX_EVIDENCE]
    evidence = [
        Evidence(
            start=layout.sentences[i].start,
            end=layout.sentences[i].end,
            kind=sentences[i],
            romance_cues=cues[i],
        )
        for i in best
    ]
    return Relationship(
        pair=pair,
        names=names,
        label="/".join(names) if romantic else " & ".join(names),
        kind="romantic" if romantic else "platonic",
        score=round(score, 4),
        features=PairSignals(**{f: counts[f] for f in WEIGHTS}),
        romance_cues=n_cues,
        evidence=evidence,
    )


def _cues(layout: Layout, i: int) -> int:
    s = layout.sentences[i]
    return len(ROMANCE_CUES.findall(layout.work.text, s.start, s.end))


def _same_scene(layout: Layout, i: int, j: int) -> bool:
    """Whether sentence j exists and shares sentence i's scene (a passage never reaches across a break)."""
    if not 0 <= j < len(layout.sentences):
        return False
    return layout.scene_at(layout.sentences[i].start) == layout.scene_at(layout.sentences[j].start)


def _key(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)
