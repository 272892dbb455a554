"""`ficlens eval pdnc`: speaker and addressee accuracy on PDNC, end to end or given the gold quotations.

Scoring, defined strictly:
- Units are PDNC sub-quotations (a quote split by a speech tag has several; ficlens makes each its own
  quote). Predicted quotes and gold units are matched one-to-one, largest overlap first, and a pair counts
  only if the overlap covers at least half of each span.
- Predicted characters map to gold characters one-to-one: exact main-name match first, then the largest
  overlap of name+alias sets (compared by `normalise_name`: "Hatter" is "The Hatter"). A character that
  maps to no one is wrong for everyone.
- A gold quotation's speaker is right when at least one of its units is matched and every matched unit's
  predicted speaker maps to the gold speaker. Unmatched gold quotations count as wrong.
- Addressees: `addr exact` is the share of gold quotations whose predicted addressee set (union over
  matched units, mapped to gold names) equals the gold set; `addr F1` is micro F1 over (quote, addressee)
  pairs. Both count unmatched quotations as all-missed.
- `type acc`: the share of gold quotations matched whose every unit got the gold type (explicit, anaphoric,
  implicit); unmatched ones count as wrong.
- With `cv`, each novel is scored by a model trained (same code as `ficlens train attribution`) on
  the other folds' novels only; without it the shipped model is used (in-sample on the novels it saw).
"""

from __future__ import annotations

import importlib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ficlens.datasets.pdnc import (
    PdncNovel,
    gold_speaker_name,
    gold_units,
    load_novel,
    map_characters,
    novel_folders,
    prepare,
)
from ficlens.errors import BadDataset
from ficlens.model import Quote, Work
from ficlens.speakers.attribution import SpeakerModel, attribute_quotes, default_model
from ficlens.training.attribution import fit_model, novel_examples

TYPES = ("explicit", "anaphoric", "implicit")


# ---- matching -------------------------------------------------------------------------------------


def match_spans(pred: list[tuple[int, int]], gold: list[tuple[int, int]]) -> dict[int, int]:
    """One-to-one gold index -> predicted index, largest overlap first; each side must be half covered."""
    order = sorted(range(len(pred)), key=lambda i: pred[i])
    pairs = []
    j0 = 0
    for g, (gs, ge) in sorted(enumerate(gold), key=lambda x: x[1]):
        while j0 < len(order) and pred[order[j0]][1] <= gs:
            j0 += 1
        j = j0
        while j < len(order) and pred[order[j]][0] < ge:
            ps, pe = pred[order[j]]
            ov = min(pe, ge) - max(ps, gs)
            if ov > 0 and 2 * ov >= ge - gs and 2 * ov >= pe - ps:
                pairs.append((ov, g, order[j]))
            j += 1
    out: dict[int, int] = {}
    used: set[int] = set()
    for _, g, p in sorted(pairs, key=lambda x: -x[0]):
        if g not in out and p not in used:
            out[g] = p
            used.add(p)
    return out


# ---- scores ---------------------------------------------------------------------------------------


@dataclass
class Tally:
    quotes: int = 0
    speaker: int = 0
    addr_exact: int = 0
    addr_tp: int = 0
    addr_fp: int = 0
    addr_fn: int = 0
    type_right: int = 0  # matched quotations whose every unit got the gold quote type

    def add(self, other: Tally) -> None:
        for k in vars(self):
            setattr(self, k, getattr(self, k) + getattr(other, k))

    @property
    def speaker_acc(self) -> float:
        return self.speaker / self.quotes if self.quotes else 0.0

    @property
    def type_acc(self) -> float:
        return self.type_right / self.quotes if self.quotes else 0.0

    @property
    def addr_exact_acc(self) -> float:
        return self.addr_exact / self.quotes if self.quotes else 0.0

    @property
    def addr_f1(self) -> float:
        denom = 2 * self.addr_tp + self.addr_fp + self.addr_fn
        return 2 * self.addr_tp / denom if denom else 0.0


@dataclass
class NovelScore:
    name: str
    by_type: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    gold_units: int = 0
    pred_quotes: int = 0
    matched_units: int = 0
    cast: dict[str, float] = field(default_factory=dict)
    # per gold quotation ficlens found: the least confidence of its quotes, and whether the speaker is right
    confidence: list[tuple[float, bool]] = field(default_factory=list)

    @property
    def total(self) -> Tally:
        t = Tally()
        for v in self.by_type.values():
            t.add(v)
        return t


def score_novel(novel: PdncNovel, work: Work, quotes: list[Quote]) -> NovelScore:
    """Score predicted `quotes` (with speakers among work.characters) against the novel's gold."""
    units, owners = gold_units(novel)
    matched = match_spans([(q.start, q.end) for q in quotes], [(u.start, u.end) for u in units])
    to_gold = map_characters(work.characters, novel.characters)
    per_quote: dict[int, list[Quote]] = defaultdict(list)
    for u, p in matched.items():
        per_quote[owners[u]].append(quotes[p])
    score = NovelScore(novel.name, gold_units=len(units), pred_quotes=len(quotes), matched_units=len(matched))
    for qi, gq in enumerate(novel.quotes):
        t = score.by_type[gq.type if gq.type in TYPES else "other"]
        t.quotes += 1
        preds = per_quote.get(qi, [])
        gold_speaker = gold_speaker_name(novel, gq.speaker)
        right = bool(preds) and all(to_gold.get(p.speaker or "") == gold_speaker for p in preds)
        t.speaker += right
        if preds:
            score.confidence.append((min(p.confidence or 0.0 for p in preds), right))
        t.type_right += bool(preds) and all(p.type == gq.type for p in preds)
        gold_addr = {gold_speaker_name(novel, a) for a in gq.addressees}
        pred_addr = {to_gold.get(a, f"?{a}") for p in preds for a in p.addressees}
        t.addr_exact += bool(preds) and pred_addr == gold_addr
        t.addr_tp += len(pred_addr & gold_addr)
        t.addr_fp += len(pred_addr - gold_addr)
        t.addr_fn += len(gold_addr - pred_addr)
    return score


# ---- the evaluation loop ----------------------------------------------------


@dataclass
class Report:
    novels: list[NovelScore]
    mode: str

    @property
    def overall(self) -> NovelScore:
        total = NovelScore("overall")
        for n in self.novels:
            for k, v in n.by_type.items():
                total.by_type[k].add(v)
            total.gold_units += n.gold_units
            total.pred_quotes += n.pred_quotes
            total.matched_units += n.matched_units
        return total


def folds_of(names: list[str], k: int) -> list[list[str]]:
    return [names[i::k] for i in range(k)]


def evaluate(
    root: Path,
    *,
    gold_quotes: bool = False,
    gold_cast: bool = False,
    cv: int = 0,
    model: SpeakerModel | None = None,
) -> Report:
    """Score every novel under `root`. `cv` > 1: k folds by novel, each scored by a model that never saw it."""
    if not Path(root).is_dir():
        raise BadDataset(root, "not a folder: give a PDNC folder (one sub-folder per novel) or one novel's")
    novels = [load_novel(f) for f in novel_folders(root)]
    prepared = {n.name: prepare(n, gold_quotes=gold_quotes, gold_cast_=gold_cast)[0] for n in novels}
    models: dict[str, SpeakerModel] = {}
    if cv > 1:
        examples = {n.name: novel_examples(n, gold_cast=gold_cast) for n in novels}
        for fold in folds_of([n.name for n in novels], cv):
            fold_model = fit_model([ex for name, ex in examples.items() if name not in fold])
            models.update({name: fold_model for name in fold})
    scores = []
    cast_scorer = _cast_scorer() if not gold_cast else None
    for novel in novels:
        work = prepared[novel.name]
        attribute_quotes(work, model=models.get(novel.name) or model or default_model())
        s = score_novel(novel, work, work.quotes)
        if cast_scorer:
            s.cast = cast_scorer(work, novel)
        scores.append(s)
    mode = ("gold quotes" if gold_quotes else "end to end") + (
        ", gold cast" if gold_cast else ", ficlens cast"
    )
    mode += f", {cv}-fold CV by novel" if cv > 1 else ", shipped model"
    return Report(scores, mode)


def _cast_scorer():
    """The cast engineer's hook, `ficlens.eval.cast_scores.score_cast(work, novel)`, when it exists."""
    try:
        return importlib.import_module("ficlens.eval.cast_scores").score_cast
    except ImportError:
        return None


def render(report: Report, *, corpus: str = "PDNC", unit: str = "novel") -> list:
    """Rich tables: per novel and overall, speaker accuracy by quote type, addressees and detection; then
    the cast engineer's cast scores when that hook exists."""
    from rich.table import Table

    table = Table(title=f"{corpus} speaker attribution ({report.mode})")
    for col in (unit, "quotes", "det P", "det R", "speaker", *TYPES, "type acc", "addr exact", "addr F1"):
        table.add_column(col, justify="left" if col == unit else "right")

    def row(n: NovelScore, bold: bool = False) -> None:
        t = n.total
        table.add_row(
            n.name,
            str(t.quotes),
            f"{n.matched_units / max(1, n.pred_quotes):.1%}",
            f"{n.matched_units / max(1, n.gold_units):.1%}",
            f"{t.speaker_acc:.1%}",
            *(f"{n.by_type[k].speaker_acc:.1%}" if n.by_type[k].quotes else "-" for k in TYPES),
            f"{t.type_acc:.1%}",
            f"{t.addr_exact_acc:.1%}",
            f"{t.addr_f1:.1%}",
            style="bold" if bold else None,
        )

    for n in report.novels:
        row(n)
    table.add_section()
    row(report.overall, bold=True)
    tables = [table]
    cast_keys = sorted({k for n in report.novels for k in n.cast})
    if cast_keys:
        cast = Table(title="Cast scores (ficlens.eval.cast_scores)")
        cast.add_column("novel")
        for k in cast_keys:
            cast.add_column(k, justify="right")
        for n in report.novels:
            cast.add_row(n.name, *(f"{n.cast[k]:.2f}" if k in n.cast else "-" for k in cast_keys))
        tables.append(cast)
    return tables
