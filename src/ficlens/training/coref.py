"""Train the pronoun resolver (`ficlens.cast.coref`) on LitBank's coreference and write the shipped model.

    ficlens train coref ../shared/data/litbank [--out PATH]

Each LitBank text of the train split goes through ficlens as any work does (reader, quotes, the cast up to
its pronouns: `draft_cast`), so the model learns on the names, clusters and genders it will meet. A
character is the gold chain most of its names belong to; a pronoun's right candidates are the entities
holding its gold chain (several when the cast split a person), else "nobody here". The walk follows the
gold choices (teacher forcing). Hidden size and L2 are chosen on the dev split; test is never read here.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path

import numpy as np

from ficlens.cast import draft_cast
from ficlens.cast.coref import FEATURES, MODEL_FORMAT, Choice, walk
from ficlens.datasets.litbank import LitbankDoc, load_split, quoted_work
from ficlens.ranker import Label, Ranker, fit

Example = tuple[np.ndarray, Label]


def _gold_chain_of(doc: LitbankDoc):
    """(start, end) -> gold PER chain: exact spans, and for names any gold mention they overlap (the
    smallest: "Mr. Darcy" in "Mr. Darcy's sister")."""
    exact = {(s, e): chain for s, e, chain, _ in doc.per_mentions}
    by_size = sorted(doc.per_mentions, key=lambda m: m[1] - m[0])

    def chain(start: int, end: int, is_name: bool) -> str | None:
        if (start, end) in exact or not is_name:
            return exact.get((start, end))
        return next((c for s, e, c, kind in by_size if kind != "PRON" and s < end and start < e), None)

    return chain


def document_examples(doc: LitbankDoc) -> list[Example]:
    """One LitBank text's pronoun choices (feature rows, gold rows), walked with the gold choices."""
    draft = draft_cast(quoted_work(doc))
    chain = _gold_chain_of(doc)
    votes: dict[str, Counter] = {}
    for t in draft.coref.tokens:
        if t.is_name and (c := chain(t.start, t.end, True)):
            votes.setdefault(draft.coref.char_of[t.surface], Counter())[c] += 1
    chains = {cid: {v.most_common(1)[0][0]} for cid, v in votes.items()}
    examples: list[Example] = []
    unnamed = 0

    def teacher(choice: Choice) -> str | None:
        nonlocal unnamed
        gold = chain(choice.token.start, choice.token.end, False)
        right = tuple(
            i
            for i, c in enumerate(choice.candidates)
            if gold is not None and c is not None and gold in chains.get(c, ())
        )
        examples.append((choice.rows, right or (0,)))
        if right:
            return choice.candidates[right[0]]
        unnamed += 1
        chains[f"U{unnamed}"] = {gold}
        return None

    walk(draft.coref, teacher)
    return examples


def accuracy(model: Ranker, examples: list[Example]) -> float:
    """Share of pronouns whose top candidate is a right one (on walks that followed the gold choices)."""
    hits = sum(int(np.argmax(model.scores(rows))) in right for rows, right in examples)
    return hits / len(examples) if examples else 0.0


HIDDEN_SIZES = (0, 8, 16)
L2 = (1e-4, 1e-3)


def train(litbank: Path, out: Path, *, steps: int = 400) -> str:
    t0 = time.perf_counter()
    train_ex = [x for d in load_split(litbank, "train") for x in document_examples(d)]
    dev_ex = [x for d in load_split(litbank, "dev") for x in document_examples(d)]
    best: tuple[float, int, float] | None = None
    lines = []
    for hidden in HIDDEN_SIZES:
        for l2 in L2:
            model = fit([r for r, _ in train_ex], [y for _, y in train_ex], hidden=hidden, l2=l2, steps=steps)
            score = accuracy(model, dev_ex)
            lines.append(f"hidden {hidden:2d}, l2 {l2:g}: dev pronoun accuracy {score:.3f}")
            if best is None or score > best[0]:
                best = (score, hidden, l2)
    assert best is not None
    score, hidden, l2 = best
    # the chosen settings, refit on train and dev together
    model = fit(
        [r for r, _ in train_ex + dev_ex],
        [y for _, y in train_ex + dev_ex],
        hidden=hidden,
        l2=l2,
        steps=steps,
    )
    out.write_text(
        json.dumps(
            {
                "format": MODEL_FORMAT,
                "trained_on": "LitBank coreference, train + dev splits (CC BY 4.0)",
                "hidden": hidden,
                "l2": l2,
                "steps": steps,
                "features": list(FEATURES),
                "ranker": model.to_dict(),
            },
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )
    lines.append(
        f"chose hidden {hidden}, l2 {l2:g} (dev {score:.3f}); {len(train_ex)} + {len(dev_ex)} pronouns; "
        f"wrote {out} in {time.perf_counter() - t0:.0f} s"
    )
    return "\n".join(lines)
