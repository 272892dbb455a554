"""Scoring a predicted cast against a PDNC novel's gold characters.

Aliases are compared after `normalise_name` ("Mr. Knightley" = "mr knightley", "The Hatter" = "Hatter"). An
alias that several gold characters share is ambiguous
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

``gender_accuracy``
    Among the speaking characters matched 1:1 whose PDNC gender is M or F, the share whose predicted
    gender is the same (no gender counts as wrong).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import asdict, replace

from ficlens.cast.settings import CAST_DEFAULTS, CastSettings
from ficlens.datasets.pdnc import PdncNovel, normalise_name
from ficlens.model import Work


def gold_alias_owner(novel: PdncNovel) -> dict[str, str]:
    """Normalised alias -> gold character name, for aliases exactly one gold character has."""
    owners: dict[str, set[str]] = defaultdict(set)
    for ch in novel.characters:
        if ch.name.startswith("_"):
            continue
        for alias in ch.aliases:
            owners[normalise_name(alias)].add(ch.name)
    return {a: next(iter(o)) for a, o in owners.items() if len(o) == 1}


def speaking_targets(novel: PdncNovel, min_quotes: int) -> Counter:
    """Gold character name -> quotes spoken, for the characters (no pseudo-characters) with `min_quotes` or more."""
    speaking = Counter(q.speaker for q in novel.quotes)
    return Counter(
        {
            ch.name: speaking[ch.name]
            for ch in novel.characters
            if not ch.name.startswith("_") and speaking[ch.name] >= min_quotes
        }
    )


def golds_named(work: Work, owner: dict[str, str]) -> dict[str, set[str]]:
    """Predicted character id -> the gold characters its aliases name."""
    return {
        ch.id: {owner[a] for alias in ch.aliases if (a := normalise_name(alias)) in owner}
        for ch in work.characters
    }


GOLD_GENDERS = {"M": "male", "F": "female"}


def score_cast(work: Work, novel: PdncNovel, *, min_quotes: int = 5) -> dict[str, float]:
    owner = gold_alias_owner(novel)
    speaking = speaking_targets(novel, min_quotes)
    targets = [ch.name for ch in novel.characters if ch.name in speaking]
    golds_of = golds_named(work, owner)
    gender_of = {ch.id: ch.gender for ch in work.characters}
    gold_gender = {ch.name: GOLD_GENDERS.get(ch.gender) for ch in novel.characters}
    matched = gendered = gender_right = 0
    for gold in targets:
        hits = [cid for cid, golds in golds_of.items() if gold in golds]
        if len(hits) == 1 and golds_of[hits[0]] == {gold}:
            matched += 1
            if gold_gender[gold]:
                gendered += 1
                gender_right += gender_of[hits[0]] == gold_gender[gold]

    labels: dict[str, Counter] = defaultdict(Counter)
    for m in work.mentions:
        if (
            m.character is not None
            and m.kind in ("name", "vocative")
            and (a := normalise_name(m.text)) in owner
        ):
            labels[m.character][owner[a]] += 1
    labelled = sum(sum(c.values()) for c in labels.values())
    pure = sum(max(c.values()) for c in labels.values())
    return {
        "speaking_matched_1to1": matched / len(targets) if targets else 0.0,
        "purity": pure / labelled if labelled else 0.0,
        "gender_accuracy": gender_right / gendered if gendered else 0.0,
        "speaking_characters": float(len(targets)),
        "predicted_characters": float(len(work.characters)),
    }


def cast_errors(work: Work, novel: PdncNovel, *, min_quotes: int = 5) -> list[dict]:
    """Why each speaking gold character (>= `min_quotes` quotes) is not matched 1:1: "missing" (no
    predicted character has one of its aliases), "split" (several do: their display names), "merged"
    (its predicted character also holds other gold characters' aliases: their names)."""
    golds_of = golds_named(work, gold_alias_owner(novel))
    name_of = {ch.id: ch.name for ch in work.characters}
    speaking = speaking_targets(novel, min_quotes)
    out = []
    for ch in novel.characters:
        if ch.name not in speaking:
            continue
        hits = [cid for cid, golds in golds_of.items() if ch.name in golds]
        if not hits:
            out.append(
                {
                    "gold": ch.name,
                    "quotes": speaking[ch.name],
                    "reason": "missing",
                    "aliases": sorted(ch.aliases),
                }
            )
        elif len(hits) > 1:
            out.append(
                {
                    "gold": ch.name,
                    "quotes": speaking[ch.name],
                    "reason": "split",
                    "predicted": [name_of[c] for c in hits],
                }
            )
        elif golds_of[hits[0]] != {ch.name}:
            out.append(
                {
                    "gold": ch.name,
                    "quotes": speaking[ch.name],
                    "reason": "merged",
                    "predicted": name_of[hits[0]],
                    "with": sorted(golds_of[hits[0]] - {ch.name}),
                }
            )
    return out


def error_report(
    pdnc_dir, *, limit: int | None = None, settings: CastSettings = CAST_DEFAULTS
) -> dict[str, list[dict]]:
    """Novel -> `cast_errors` with the given cast settings (defaults: `build_cast`'s)."""
    from ficlens.cast import build_cast
    from ficlens.datasets.pdnc import load_novel, novel_folders
    from ficlens.pipeline import read
    from ficlens.quotes import find_quotes

    report = {}
    for folder in novel_folders(pdnc_dir)[:limit]:
        novel = load_novel(folder)
        work = build_cast(find_quotes(read(folder / "novel_text.txt")), settings=settings)
        report[novel.name] = cast_errors(work, novel)
    return report


# the cast settings tried by cross-validation (see `ficlens.cast.aliases.cluster_names`)
GRID = [
    replace(CAST_DEFAULTS, dominance=d, surname_factor=f)
    for d in (1.1, 1.25, 1.5, 2.0, 3.0)
    for f in (1.0, 2.0)
]


def _objective(scores: list[dict[str, float]]) -> float:
    return sum(s["speaking_matched_1to1"] + s["purity"] for s in scores) / max(1, len(scores))


def cross_validate(pdnc_dir, *, folds: int = 5, limit: int | None = None) -> dict:
    """Cast scores on PDNC-format novels, the clustering parameters chosen on the other folds for each
    held-out fold (novels in folder order, fold i = novels i, i+folds, ...). One NER pass per novel."""
    import time

    from ficlens.cast import build_cast
    from ficlens.cast.names import find_names
    from ficlens.datasets.pdnc import load_novel, novel_folders
    from ficlens.pipeline import read
    from ficlens.quotes import find_quotes

    per_novel: dict[str, list[dict[str, float]]] = {}  # novel -> scores per GRID entry
    first_person: dict[str, bool] = {}
    words = seconds = 0.0
    for folder in novel_folders(pdnc_dir)[:limit]:
        novel = load_novel(folder)
        work = find_quotes(read(folder / "novel_text.txt"))
        t0 = time.perf_counter()
        spans = find_names([work.text])[0]
        build_cast(work, name_spans=spans)
        seconds += time.perf_counter() - t0
        first_person[novel.name] = any(c.narrator for c in work.characters)
        words += len(work.text.split())
        per_novel[novel.name] = [
            score_cast(build_cast(work, name_spans=spans, settings=settings), novel) for settings in GRID
        ]
    names = sorted(per_novel)
    held_out: dict[str, dict[str, float]] = {}
    chosen = []
    for k in range(folds):
        test = names[k::folds]
        train = [n for n in names if n not in test]
        best = max(range(len(GRID)), key=lambda g: _objective([per_novel[n][g] for n in train]))
        chosen.append(asdict(GRID[best]))
        held_out.update({n: per_novel[n][best] for n in test})
    mean = {
        key: sum(s[key] for s in held_out.values()) / len(held_out)
        for key in ("speaking_matched_1to1", "purity", "gender_accuracy")
    }
    gold_person = narrative_person(pdnc_dir)
    judged = [n for n in names if n in gold_person]
    narration = (
        (sum(first_person[n] == (gold_person[n] == 1) for n in judged) / len(judged)) if judged else None
    )
    return {
        "novels": len(names),
        "folds": folds,
        "cross_validated": mean,
        "chosen_per_fold": chosen,
        "first_person_narration_accuracy": narration,
        "first_person_detected": sorted(n for n in names if first_person[n]),
        "per_novel": held_out,
        "cast_words_per_s": words / seconds if seconds else 0.0,
    }


def narrative_person(pdnc_dir) -> dict[str, float]:
    """Folder name -> narrative person (1.0, 3.0) from PDNC-Novel-Index.csv, when the folder has it."""
    import csv
    from pathlib import Path

    index = Path(pdnc_dir) / "PDNC-Novel-Index.csv"
    if not index.is_file():
        return {}
    with index.open(encoding="utf-8", newline="") as fh:
        return {row["Folder Name"]: float(row["Narrative Person"] or 0) for row in csv.DictReader(fh)}
