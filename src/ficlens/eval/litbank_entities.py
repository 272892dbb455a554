"""LitBank person names: the gold layer the shipped NER learns, and its evaluation.

What a *character name* is, in LitBank terms: a PER mention of the proper-name kind (``PROP_PER`` in
LitBank's coreference layer, which uses the same texts and offsets as the entity layer). Leading lowercase
words are trimmed ("the second Sir Walter" -> "Sir Walter") and, where names nest, the outermost is kept.
Nominal mentions ("his wife", "a man who ...") and pronouns are not names: the cast finds those otherwise.

`evaluate` reports exact-span precision/recall/F1 of the shipped model on these names, and, for reference,
recall of the outermost PER spans of LitBank's entity layer that are proper names.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ficlens.errors import BadDataset


@dataclass
class LitbankDoc:
    id: str  # e.g. "105_persuasion_brat"
    text: str
    names: list[tuple[int, int]]  # character-name spans [start, end)
    # coreference: (start, end, chain id) for every PER mention (proper, nominal, pronoun)
    per_mentions: list[tuple[int, int, str, str]]  # (start, end, chain, kind PROP|NOM|PRON)


def split_ids(litbank_dir: Path, split: str) -> list[str]:
    path = Path(litbank_dir) / "splits" / "ner" / f"{split}.ids"
    if not path.is_file():
        raise BadDataset(litbank_dir, f"no LitBank split file splits/ner/{split}.ids")
    return [line.strip().removesuffix(".tsv") for line in path.read_text().splitlines() if line.strip()]


def _trim_name(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Drop leading lowercase words ("the", "old", "the second"); None when no capitalised word is left."""
    while start < end:
        if text[start].isupper():
            return start, end
        nxt = text.find(" ", start, end)
        if nxt < 0:
            return None
        start = nxt + 1
    return None


def _outermost(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    kept: list[tuple[int, int]] = []
    for s, e in sorted(set(spans), key=lambda x: (x[0], -x[1])):
        if kept and s < kept[-1][1]:
            continue  # nested in (or overlapping) an earlier, longer name
        kept.append((s, e))
    return kept


def load_doc(litbank_dir: Path, doc_id: str) -> LitbankDoc:
    brat = Path(litbank_dir) / "coref" / "brat"
    txt, ann = brat / f"{doc_id}.txt", brat / f"{doc_id}.ann"
    if not txt.is_file() or not ann.is_file():
        raise BadDataset(litbank_dir, f"missing coref/brat/{doc_id}.txt or .ann: not a LitBank folder")
    text = txt.read_text(encoding="utf-8")
    kinds: dict[str, tuple[int, int, str]] = {}
    chains: dict[str, str] = {}
    for line in ann.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 2 or not parts[0].startswith("T"):
            continue
        label, *offsets = parts[1].split(" ")
        start, end = int(offsets[0]), int(offsets[-1])
        if label.endswith("_PER") and label.split("_")[0] in ("PROP", "NOM", "PRON"):
            kinds[parts[0]] = (start, end, label.split("_")[0])
        elif not label.isupper():  # a coreference chain label such as Sir_Walter_Elliot-0
            chains[f"{start}:{end}"] = label
    names = [t for s, e, k in kinds.values() if k == "PROP" and (t := _trim_name(text, s, e))]
    per = [(s, e, chains.get(f"{s}:{e}", f"_single{tid}"), k) for tid, (s, e, k) in kinds.items()]
    return LitbankDoc(id=doc_id, text=text, names=_outermost(names), per_mentions=sorted(per))


def load_split(litbank_dir: Path, split: str, *, limit: int | None = None) -> list[LitbankDoc]:
    return [load_doc(litbank_dir, i) for i in split_ids(litbank_dir, split)[:limit]]


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
    for doc, pred in zip(docs, predicted):
        gold = set(doc.names)
        pred_set = set(pred)
        tp += len(gold & pred_set)
        n_pred += len(pred_set)
        n_gold += len(gold)
        words += len(doc.text.split())
    scores = {f"per_{k}": v for k, v in _prf(tp, n_pred, n_gold).items()}
    scores.update({"docs": len(docs), "gold_names": n_gold, "predicted_names": n_pred,
                   "ner_words_per_s": words / seconds if seconds else 0.0})
    if coref:
        scores.update(litbank_coref_scores(docs))
    return scores


def _response_clusters(doc: LitbankDoc) -> list[set[tuple[int, int]]]:
    """The cast's clusters on one LitBank text: its resolved name and pronoun mentions per character."""
    from ficlens.cast import build_cast
    from ficlens.dialogue import find_quotes
    from ficlens.pipeline import read_bytes

    work = read_bytes(doc.text.encode("utf-8"), name=f"{doc.id}.txt")
    if work.text != doc.text:
        raise BadDataset(doc.id, "the text reader changed the LitBank text: offsets would not line up")
    work = build_cast(find_quotes(work))
    clusters: dict[str, set[tuple[int, int]]] = {}
    for m in work.mentions:
        if m.character is not None:
            clusters.setdefault(m.character, set()).add((m.start, m.end))
    return list(clusters.values())


def _key_clusters(doc: LitbankDoc, *, resolvable_only: bool) -> list[set[tuple[int, int]]]:
    """Gold PER chains. `resolvable_only`: proper names and third-person pronouns, the mentions the cast
    resolves (nominals and first/second-person pronouns are left out of both key and response)."""
    from ficlens.cast.pronouns import PRONOUN_GENDER

    chains: dict[str, set[tuple[int, int]]] = {}
    for s, e, chain, kind in doc.per_mentions:
        if resolvable_only and not (kind == "PROP" or (kind == "PRON" and doc.text[s:e].lower() in PRONOUN_GENDER)):
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
    resolvable_responses = [[{(s, e) for s, e in c if not FIRST_PERSON_RX.fullmatch(d.text[s:e])} for c in r]
                            for d, r in zip(docs, responses)]
    out = {}
    for prefix, resolvable in (("coref_", True), ("coref_all_", False)):
        pairs = [(_key_clusters(d, resolvable_only=resolvable), r)
                 for d, r in zip(docs, resolvable_responses if resolvable else responses)]
        out.update({prefix + k: v for k, v in micro_over_documents(pairs).items()})
    return out


def main(argv: list[str] | None = None) -> None:
    import argparse
    import json

    parser = argparse.ArgumentParser(description="LitBank PER-name F1 and character coreference of ficlens")
    parser.add_argument("litbank_dir", type=Path)
    parser.add_argument("--split", default="test", choices=("train", "dev", "test"))
    parser.add_argument("--limit", type=int, default=None, help="only the first N documents")
    args = parser.parse_args(argv)
    print(json.dumps(evaluate(args.litbank_dir, split=args.split, limit=args.limit), indent=2))


if __name__ == "__main__":
    main()
