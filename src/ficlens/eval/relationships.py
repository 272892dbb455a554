"""Score the central-relationship ranking against the relationship tags AO3 authors give their works.

A predicted pair hits a tag when each of its two characters matches a different name in the tag, loosely:
any shared word between the tag's name ("Haruno Sakura", "Yamanaka Ino (Naruto)") and the character's name or
aliases ("Sakura", "Forehead"). Top-1 counts works whose first pair hits any of their tags, top-3 works where
one of the first three does; ``kind`` is right when the hit's ``/`` or ``&`` agrees with the tag's.

    ficlens eval relationships ../shared/fixtures/ao3/page/*.html ../shared/fixtures/ao3/download/*.html
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ficlens.errors import FicError
from ficlens.model import Work

_DISAMBIGUATION = re.compile(r"\([^)]*\)")
_WORD = re.compile(r"\w+")
# Words a tag shares with many names without naming anyone.
_GENERIC = {
    "original",
    "character",
    "characters",
    "female",
    "male",
    "reader",
    "you",
    "the",
    "of",
    "and",
    "mr",
    "mrs",
    "ms",
    "dr",
    "san",
    "kun",
    "chan",
    "sama",
    "sensei",
}


@dataclass
class WorkScore:
    path: str
    tags: list[str]
    predicted: list[str]
    top1: bool
    top3: bool
    kind: bool  # the top-1 hit has the tag's kind (romantic "/" or platonic "&")


@dataclass
class Report:
    works: list[WorkScore] = field(default_factory=list)
    untagged: int = 0
    unreadable: list[str] = field(default_factory=list)

    def rate(self, attr: str) -> float:
        return sum(getattr(w, attr) for w in self.works) / len(self.works) if self.works else 0.0

    def summary(self) -> str:
        n = len(self.works)
        return (
            f"relationships: {n} tagged works ({self.untagged} untagged, {len(self.unreadable)} unreadable); "
            f"top-1 {self.rate('top1'):.1%}, top-3 {self.rate('top3'):.1%}, kind at top-1 {self.rate('kind'):.1%}"
        )


def parse_tag(tag: str) -> tuple[list[str], str]:
    """A relationship tag's names and kind: ``A/B`` is romantic, ``A & B`` platonic."""
    kind = "romantic" if "/" in tag else "platonic"
    names = [n.strip() for n in re.split(r"/|&", _DISAMBIGUATION.sub("", tag)) if n.strip()]
    return names, kind


def tokens(name: str) -> set[str]:
    return {t for t in _WORD.findall(name.casefold()) if len(t) > 1 and t not in _GENERIC}


def pair_hits(tag: str, pair: list[set[str]]) -> bool:
    """Whether the two characters (as token sets) match two different names in the tag."""
    names = [tokens(n) for n in parse_tag(tag)[0]]
    a_idx = [i for i, n in enumerate(names) if n & pair[0]]
    b_idx = [i for i, n in enumerate(names) if n & pair[1]]
    return any(i != j for i in a_idx for j in b_idx)


def score_work(work: Work, path: str) -> WorkScore:
    cast = {c.id: tokens(" ".join([c.name, *c.aliases])) for c in work.characters}
    predicted = work.relationships
    tags = work.metadata.relationships
    hits = [
        [t for t in tags if pair_hits(t, [cast.get(cid, set()) for cid in r.pair])] for r in predicted[:3]
    ]
    top1 = bool(hits and hits[0])
    kind = top1 and any(parse_tag(t)[1] == predicted[0].kind for t in hits[0])
    return WorkScore(
        path=path,
        tags=list(tags),
        predicted=[r.label for r in predicted[:3]],
        top1=top1,
        top3=any(hits),
        kind=kind,
    )


def evaluate(paths: list[str | Path]) -> Report:
    from ficlens.io import iter_inputs
    from ficlens.pipeline import analyze

    report = Report()
    for given in paths:
        for path in iter_inputs(given):
            try:
                work = analyze(path)
            except FicError:
                report.unreadable.append(str(path))  # pages that are not works (login walls, 404s, ...)
                continue
            if not work.metadata.relationships:
                report.untagged += 1
                continue
            report.works.append(score_work(work, str(path)))
    return report


def format_report(report: Report) -> str:
    lines = [
        f"{'top1' if w.top1 else 'top3' if w.top3 else 'miss'}  {Path(w.path).name}: predicted "
        f"{w.predicted or '-'}; tagged {w.tags[:4]}{' …' if len(w.tags) > 4 else ''}"
        for w in report.works
    ]
    return "\n".join([*lines, report.summary()])
