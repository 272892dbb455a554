"""`ficlens eval litbank-entities`: LitBank person names (the gold layer the shipped NER learns, loaded by
`ficlens.datasets.litbank`) and character coreference.

What a *character name* is, in LitBank terms: a PER mention of the proper-name kind (``PROP_PER`` in
LitBank's coreference layer, which uses the same texts and offsets as the entity layer). Leading lowercase
words are trimmed ("the second Sir Walter" -> "Sir Walter") and, where names nest, the outermost is kept.
Nominal mentions ("his wife", "a man who ...") and pronouns are not names: the cast finds those otherwise.

`evaluate` reports exact-span precision/recall/F1 of the shipped model on these names, and the cast's
coreference (MUC, B³, CEAF-e and their average, the CoNLL score) against LitBank's PER chains: `coref_*`
on the mentions the cast resolves (names and third-person pronouns), `coref_all_*` on every PER mention.
Every mention the cast finds is in the response, singletons too (those that refer to no one), as LitBank
annotates singletons.
"""

from __future__ import annotations

import time
from pathlib import Path

from ficlens.datasets.litbank import LitbankDoc, load_split, quoted_work


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def evaluate(litbank_dir: Path, *, split: str = "test", limit: int | None = None, coref: bool = True) -> dict:
    """PER-name precision/recall/F1 (exact spans) of the shipped NER on a LitBank split, plus words/s,
    and character-level coreference (B³, MUC, CEAF-e) of the cast's name/pronoun clustering."""
    from ficlens.cast.names import find_names

    docs = load_split(litbank_dir, split, limit=limit)
    tp = n_pred = n_gold = words = 0
    t0 = time.perf_counter()
    predicted = find_names([d.text for d in docs])
    seconds = time.perf_counter() - t0
    for doc, pred in zip(docs, predicted, strict=False):
        gold = set(doc.names)
        pred_set = set(pred)
        tp += len(gold & pred_set)
        n_pred += len(pred_set)
        n_gold += len(gold)
        words += len(doc.text.split())
    scores = {f"per_{k}": v for k, v in _prf(tp, n_pred, n_gold).items()}
    scores.update(
        {
            "docs": len(docs),
            "gold_names": n_gold,
            "predicted_names": n_pred,
            "ner_words_per_s": words / seconds if seconds else 0.0,
        }
    )
    if coref:
        scores.update(litbank_coref_scores(docs))
    return scores


def _response_clusters(doc: LitbankDoc) -> list[set[tuple[int, int]]]:
    """The cast's coreference on one LitBank text: its mentions by entity (characters and the unnamed
    people pronouns refer to), and each mention that refers to no one as an entity of its own (LitBank
    annotates singletons)."""
    from ficlens.cast import build_cast

    work = build_cast(quoted_work(doc))
    clusters: dict[str, set[tuple[int, int]]] = {}
    for m in work.mentions:
        clusters.setdefault(m.entity or f"alone {m.start}", set()).add((m.start, m.end))
    return list(clusters.values())


def _key_clusters(doc: LitbankDoc, *, resolvable_only: bool) -> list[set[tuple[int, int]]]:
    """Gold PER chains. `resolvable_only`: proper names and third-person pronouns, the mentions the cast
    resolves (nominals and first/second-person pronouns are left out of both key and response)."""
    from ficlens.lexicon import PRONOUN_GENDER

    chains: dict[str, set[tuple[int, int]]] = {}
    for s, e, chain, kind in doc.per_mentions:
        if resolvable_only and not (
            kind == "PROP" or (kind == "PRON" and doc.text[s:e].lower() in PRONOUN_GENDER)
        ):
            continue
        chains.setdefault(chain, set()).add((s, e))
    return list(chains.values())


def litbank_coref_scores(docs: list[LitbankDoc]) -> dict[str, float]:
    """Character coreference (PER), micro over documents: `coref_*` on names + third-person pronouns,
    `coref_all_*` against every gold PER mention (nominals and I/you included)."""
    from ficlens.cast.pronouns import FIRST_PERSON_RX
    from ficlens.eval.coref_metrics import micro_over_documents

    responses = [_response_clusters(d) for d in docs]
    # for the names + third-person key, the narrator's I/me/my are left out of the response as well
    resolvable_responses = [
        [{(s, e) for s, e in c if not FIRST_PERSON_RX.fullmatch(d.text[s:e])} for c in r]
        for d, r in zip(docs, responses, strict=False)
    ]
    out = {}
    for prefix, resolvable in (("coref_", True), ("coref_all_", False)):
        pairs = [
            (_key_clusters(d, resolvable_only=resolvable), r)
            for d, r in zip(docs, resolvable_responses if resolvable else responses, strict=False)
        ]
        out.update({prefix + k: v for k, v in micro_over_documents(pairs).items()})
    return out
