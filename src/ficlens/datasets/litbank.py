"""LitBank person names, the gold layer the shipped NER learns (`ficlens train ner`) and is scored on
(`ficlens eval litbank-entities`): what a *character name* is, in LitBank terms, is described in
`ficlens.eval.litbank_entities`."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ficlens.errors import BadDataset
from ficlens.model import Work


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


_CHAIN = re.compile(r"-\d+$")


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
        elif _CHAIN.search(label):  # a coreference chain label such as Sir_Walter_Elliot-0 or TOM-0
            chains[f"{start}:{end}"] = label
    names = [t for s, e, k in kinds.values() if k == "PROP" and (t := _trim_name(text, s, e))]
    per = [(s, e, chains.get(f"{s}:{e}", f"_single{tid}"), k) for tid, (s, e, k) in kinds.items()]
    return LitbankDoc(id=doc_id, text=text, names=_outermost(names), per_mentions=sorted(per))


def quoted_work(doc: LitbankDoc) -> Work:
    """The LitBank text read as any work is, its quotations found; BadDataset if the reader changed the text
    (LitBank's offsets would not line up)."""
    from ficlens.pipeline import read_bytes
    from ficlens.quotes import find_quotes

    work = read_bytes(doc.text.encode("utf-8"), name=f"{doc.id}.txt")
    if work.text != doc.text:
        raise BadDataset(doc.id, "the text reader changed the LitBank text: offsets would not line up")
    return find_quotes(work)


def load_split(litbank_dir: Path, split: str, *, limit: int | None = None) -> list[LitbankDoc]:
    return [load_doc(litbank_dir, i) for i in split_ids(litbank_dir, split)[:limit]]
