"""Scoring a predicted cast against a PDNC novel's gold characters.

Aliases are compared after normalisation: case-folded, whitespace collapsed, a final full stop of a title
dropped ("Mr. Knightley" = "mr knightley"). An alias that several gold characters share is ambiguous
and counts for none of them. Gold pseudo-characters (``_group``, ``_unknowable``) are ignored.

``speaking_matched_1to1``
    Among gold characters that speak at least `min_quotes` (5) gold quotes, the share that are matched one
    to one: exactly one predicted character has an alias among the gold character's aliases, and that
    predicted character has no alias of any *other* gold character. A gold character split over two
    predicted characters, or merged with another gold character, is not matched.

``purity``
    Cluster purity over name mentions. Each predicted name/vocative mention whose text is an unambiguous
    gold alias is labelled with that gold character; for each predicted character the largest label count
    is its pure part; purity = sum of pure parts / number of labelled mentions. Predicted characters with
    no labelled mention do not count. 1.0 when no predicted character mixes gold characters' names.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from ficlens.eval.pdnc_data import PdncNovel
from ficlens.model import Work


def normalise(alias: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\b(mrs?|ms|dr|st)\.", r"\1", alias.strip().casefold()))


def gold_alias_owner(novel: PdncNovel) -> dict[str, str]:
    """Normalised alias -> gold character name, for aliases exactly one gold character has."""
    owners: dict[str, set[str]] = defaultdict(set)
    for ch in novel.characters:
        if ch.name.startswith("_"):
            continue
        for alias in ch.aliases:
            owners[normalise(alias)].add(ch.name)
    return {a: next(iter(o)) for a, o in owners.items() if len(o) == 1}


def score_cast(work: Work, novel: PdncNovel, *, min_quotes: int = 5) -> dict[str, float]:
    owner = gold_alias_owner(novel)
    speaking = Counter(q.speaker for q in novel.quotes)
    targets = [ch.name for ch in novel.characters if not ch.name.startswith("_") and speaking[ch.name] >= min_quotes]

    golds_of: dict[str, set[str]] = {}  # predicted id -> gold characters its aliases name
    for ch in work.characters:
        golds_of[ch.id] = {owner[a] for alias in ch.aliases if (a := normalise(alias)) in owner}
    matched = 0
    for gold in targets:
        hits = [cid for cid, golds in golds_of.items() if gold in golds]
        if len(hits) == 1 and golds_of[hits[0]] == {gold}:
            matched += 1

    labels: dict[str, Counter] = defaultdict(Counter)
    for m in work.mentions:
        if m.character is not None and m.kind in ("name", "vocative") and (a := normalise(m.text)) in owner:
            labels[m.character][owner[a]] += 1
    labelled = sum(sum(c.values()) for c in labels.values())
    pure = sum(max(c.values()) for c in labels.values())
    return {
        "speaking_matched_1to1": matched / len(targets) if targets else 0.0,
        "purity": pure / labelled if labelled else 0.0,
        "speaking_characters": float(len(targets)),
        "predicted_characters": float(len(work.characters)),
    }
