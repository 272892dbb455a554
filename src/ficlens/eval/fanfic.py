"""`ficlens eval fanfic`: speakers, addressees, types and the cast on the hand-annotated fan-fiction set.

Each gold file (`ficlens.datasets.fanfic`) names a work under ``../shared``; ficlens analyses it end to end
and is scored as on PDNC (`ficlens.eval.pdnc.score_novel`: quotations matched by overlap, characters mapped
one to one by name and alias). Beside the PDNC scores: the cast's precision (ficlens's characters that are
someone in the gold cast, mentioned-only people included) and recall (the gold characters who act in the
story, mentioned-only people left out), and the same-gender subset: the quotations whose speaker and every
addressee share a gender, where gender cannot tell the speaker from the listener (slash and femslash).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from ficlens.datasets.fanfic import gold_files, load_gold, source_of
from ficlens.datasets.pdnc import GoldQuote, PdncNovel, map_characters
from ficlens.eval.pdnc import NovelScore, Report, score_novel
from ficlens.model import Work
from ficlens.speakers.settings import CONFIDENT, Calibration

DEFAULT_ROOT = Path(__file__).resolve().parents[3] / "data" / "fanfic-dev"
SHARED = Path(__file__).resolve().parents[3].parent / "shared"
KNOWN_GENDERS = ("F", "M", "X")


@dataclass
class CastScore:
    predicted: int = 0
    predicted_right: int = 0  # mapped to someone in the gold cast
    gold: int = 0  # gold characters who act (not only mentioned)
    gold_found: int = 0

    @property
    def precision(self) -> float:
        return self.predicted_right / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.gold_found / self.gold if self.gold else 0.0

    def add(self, other: CastScore) -> None:
        for name in ("predicted", "predicted_right", "gold", "gold_found"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class FanficReport:
    works: Report
    same_gender: Report
    cast: dict[str, CastScore] = field(default_factory=dict)
    moved: int = 0  # gold quotations found again after a reader change

    @property
    def cast_total(self) -> CastScore:
        total = CastScore()
        for score in self.cast.values():
            total.add(score)
        return total


def evaluate(
    root: Path = DEFAULT_ROOT, *, shared: Path = SHARED, settings: dict | None = None
) -> FanficReport:
    """Every gold file under `root`, its work analysed end to end (`settings`: per-stage overrides)."""
    from ficlens.pipeline import analyze

    scores, same, cast, moved = [], [], {}, 0
    for path in gold_files(root):
        work = analyze(source_of(path, shared), settings=settings)
        gold = load_gold(path, work.text)
        moved += gold.moved
        scores.append(score_novel(gold.novel, work, work.quotes))
        same.append(score_novel(same_gender_subset(gold.novel), work, work.quotes))
        cast[gold.novel.name] = score_cast(work, gold.novel)
    return FanficReport(Report(scores, "end to end"), Report(same, "same-gender quotations"), cast, moved)


def calibration(report: Report, threshold: float) -> Calibration:
    pairs = [pair for novel in report.novels for pair in novel.confidence]
    above = [right for conf, right in pairs if conf >= threshold]
    below = [right for conf, right in pairs if conf < threshold]
    return Calibration(
        threshold=threshold,
        above=len(above),
        right_above=sum(above) / len(above) if above else 0.0,
        below=len(below),
        right_below=sum(below) / len(below) if below else 0.0,
        works=len(report.novels),
    )


def same_gender_subset(novel: PdncNovel) -> PdncNovel:
    """The quotations whose speaker and every addressee (one at least) are of one known gender."""
    gender = {c.name: c.gender for c in novel.characters}

    def same(q: GoldQuote) -> bool:
        people = {gender.get(p) for p in [q.speaker, *q.addressees]}
        return bool(q.addressees) and len(people) == 1 and people <= set(KNOWN_GENDERS)

    return replace(novel, quotes=[q for q in novel.quotes if same(q)])


def score_cast(work: Work, novel: PdncNovel) -> CastScore:
    mapped = map_characters(work.characters, novel.characters)
    acting = {c.name for c in novel.characters if c.category != "mentioned"}
    return CastScore(
        predicted=len(work.characters),
        predicted_right=len(mapped),
        gold=len(acting),
        gold_found=len(acting & set(mapped.values())),
    )


def render(report: FanficReport) -> list:
    from rich.table import Table

    from ficlens.eval.pdnc import render as render_pdnc

    tables = [
        *render_pdnc(report.works, corpus="Fan-fiction set", unit="work")[:1],
        *render_pdnc(report.same_gender, corpus="Fan-fiction set", unit="work")[:1],
    ]
    cast = Table(title="Cast against the gold cast")
    for col in ("work", "characters", "precision", "acting gold", "recall"):
        cast.add_column(col, justify="left" if col == "work" else "right")
    for name, s in [*report.cast.items(), ("overall", report.cast_total)]:
        cast.add_row(name, str(s.predicted), f"{s.precision:.1%}", str(s.gold), f"{s.recall:.1%}")
    tables.append(cast)
    c = calibration(report.works, CONFIDENT)
    tables.append(
        f"Speakers at confidence ≥ {c.threshold:g}: {c.above:,} of {c.above + c.below:,} quotations found, "
        f"{c.right_above:.1%} right; below: {c.right_below:.1%} right"
    )
    return tables


def overall_row(score: NovelScore) -> dict[str, float]:
    """The headline figures of one report, for tests and notes."""
    t = score.total
    return {"quotes": t.quotes, "speaker": t.speaker_acc, "addr_f1": t.addr_f1, "type": t.type_acc}
