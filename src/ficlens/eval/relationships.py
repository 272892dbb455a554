"""Score the central-relationship ranking against relationship tags: the AO3 authors' own, or a gold set.

A predicted pair hits a tag when its two characters match two different names in the tag. A character
matches a name loosely, by any shared word between the name ("Haruno Sakura", "Yamanaka Ino (Naruto)") and
the character's name or aliases ("Sakura", "Forehead"), but only by the words that tell the tag's names apart:
in "Elizabeth Bennet & Jane Bennet" the shared surname names neither, so Mrs. Bennet matches neither sister.
A name that is all title and shared surname ("Mr. Bennet" beside "Elizabeth Bennet") needs all its words,
title included, so Mr. Bennet matches it and Mrs. Bennet does not. "Reader" names the reader-insert only.

Top-1 counts works whose first pair hits any of their tags, top-3 works where one of the first three does;
"central" top-1 and top-3 count hits of the gold set's central pairs only (for an AO3 work, all its tags);
``kind`` is right when the hit's ``/`` or ``&`` agrees with the tag's. Beyond the first pair, every ranked pair
that hits a tag is a test of the ``/`` vs ``&`` decision: ``pairs kind`` is the share of those right.

A work saved in several forms (a page and its downloads, two chapters of one WIP) is scored once, by AO3
work id: the first path given wins.

    ficlens eval relationships ../shared/fixtures/ao3/page/*.html ../shared/fixtures/ao3/download/*.html
    ficlens eval relationships --gold data/relationships-gold.json --no-tags
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ficlens.errors import FicError
from ficlens.model import READER, Work

GOLD = Path(__file__).resolve().parents[3] / "data" / "relationships-gold.json"
SHARED = Path(__file__).resolve().parents[3].parent / "shared"

_DISAMBIGUATION = re.compile(r"\([^)]*\)")
_WORD = re.compile(r"\w+")
# Words a tag shares with many names without naming anyone.
_GENERIC = {
    "original",
    "character",
    "characters",
    "female",
    "male",
    "you",
    "the",
    "of",
    "and",
    "de",
    "la",
    "le",
    "van",
    "von",
    "der",
    "man",
    "woman",
    "past",
    "san",
    "kun",
    "chan",
    "sama",
    "sensei",
}
# Titles: they tell Mr. Bennet from Mrs. Bennet, but name no one by themselves.
_TITLES = {
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "doctor",
    "sir",
    "lady",
    "lord",
    "captain",
    "colonel",
    "admiral",
    "general",
    "professor",
    "inspector",
    "rev",
    "reverend",
    "signor",
    "signora",
    "madame",
    "mademoiselle",
    "mlle",
    "monsieur",
    "aunt",
    "uncle",
}
_READER = "reader"
# How many ranked pairs the kind check looks at.
KIND_DEPTH = 10


@dataclass
class WorkScore:
    path: str
    tags: list[str]
    predicted: list[str]
    top1: bool
    top3: bool
    kind: bool  # the top-1 hit has the tag's kind (romantic "/" or platonic "&")
    kind_right: int = 0  # ranked pairs (of the first KIND_DEPTH) hitting a tag whose kind they have
    kind_hits: int = 0  # ranked pairs (of the first KIND_DEPTH) hitting a tag
    key: str | None = None
    central_top1: bool = False  # the first pair hits one of the work's central tags (gold: `central`)
    central_top3: bool = False


@dataclass
class Report:
    works: list[WorkScore] = field(default_factory=list)
    untagged: int = 0
    unreadable: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)  # paths of works already scored from another path
    skipped: list[str] = field(default_factory=list)  # gold works that cannot be scored, with why

    def rate(self, attr: str) -> float:
        return sum(getattr(w, attr) for w in self.works) / len(self.works) if self.works else 0.0

    def kind_at_hits(self) -> float:
        """The kind right among works whose first pair hits a tag."""
        hits = sum(w.top1 for w in self.works)
        return sum(w.kind for w in self.works) / hits if hits else 0.0

    def pairs_kind(self) -> tuple[int, int]:
        return sum(w.kind_right for w in self.works), sum(w.kind_hits for w in self.works)

    def summary(self) -> str:
        n = len(self.works)
        right, hits = self.pairs_kind()
        extra = []
        if self.duplicates:
            extra.append(f"{len(self.duplicates)} duplicate paths of works scored once")
        if self.skipped:
            extra.append(f"{len(self.skipped)} skipped")
        return (
            f"relationships: {n} tagged works ({self.untagged} untagged, {len(self.unreadable)} unreadable"
            f"{''.join(', ' + e for e in extra)}); top-1 {self.rate('top1'):.1%}, top-3 {self.rate('top3'):.1%}, "
            f"central top-1 {self.rate('central_top1'):.1%}, central top-3 {self.rate('central_top3'):.1%}, "
            f"kind at top-1 {self.rate('kind'):.1%} (of top-1 hits {self.kind_at_hits():.1%}); "
            f"kind of all hitting pairs {right / hits if hits else 0:.1%} ({right}/{hits})"
        )


def parse_tag(tag: str) -> tuple[list[str], str]:
    """A relationship tag's names and kind: ``A/B`` is romantic, ``A & B`` platonic."""
    kind = "romantic" if "/" in tag else "platonic"
    names = [n.strip() for n in re.split(r"/|&", _DISAMBIGUATION.sub("", tag)) if n.strip()]
    return names, kind


def _fold(text: str) -> str:
    """Casefolded, accents dropped ("Léonce" is "leonce")."""
    return "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))


def words(name: str) -> set[str]:
    """A name's words, titles included, generic words not."""
    return {t for t in _WORD.findall(_fold(name)) if len(t) > 1 and t not in _GENERIC}


def tokens(name: str) -> set[str]:
    """A name's naming words: no titles, no generic words."""
    return words(name) - _TITLES


def character_words(name: str, aliases: list[str] = ()) -> set[str]:
    """What a character is matched by: the words of its name and aliases; the reader of a reader-insert (its
    aliases hold "you") is "reader"."""
    found = words(" ".join([name, *aliases]))
    return found | {_READER} if name == READER or "you" in aliases else found - {_READER}


def _ordered_words(name: str) -> list[str]:
    return [t for t in _WORD.findall(_fold(name)) if len(t) > 1 and t not in _GENERIC]


def _matchers(tag: str) -> list[tuple[set[str], list[str]]]:
    """Per name of the tag: (the words that tell it from the tag's other names, all its words in order)."""
    names = [_ordered_words(n) for n in parse_tag(tag)[0]]
    out = []
    for i, name in enumerate(names):
        others = {w for j, n in enumerate(names) if j != i for w in n} - _TITLES
        out.append((set(name) - _TITLES - others, name))
    return out


def _overlap(character: set[str], matcher: tuple[set[str], list[str]]) -> frozenset[str]:
    """The words by which a character matches a tag's name (empty: it does not)."""
    distinct, every = matcher
    if distinct:
        return frozenset(distinct & character)
    # all title and shared words ("Mr. Bennet" beside "Elizabeth Bennet"): it needs them all
    return frozenset(every) if every and set(every) <= character else frozenset()


def pair_hits(tag: str, pair: list[set[str]]) -> bool:
    """Whether the two characters (as word sets, `character_words`) match two different names in the tag."""
    matchers = _matchers(tag)
    a_idx = [i for i, m in enumerate(matchers) if _overlap(pair[0], m)]
    b_idx = [i for i, m in enumerate(matchers) if _overlap(pair[1], m)]
    return any(i != j for i in a_idx for j in b_idx)


def given_name(name: str) -> str | None:
    """A character name's first naming word ("Charles" of "Charles Wilcox", "Knightley" of "Mr. Knightley")."""
    return next((w for w in _ordered_words(name) if w not in _TITLES), None)


def tag_matches(
    tag: str, cast: dict[str, set[str]], given: dict[str, str | None] | None = None
) -> list[set[str]]:
    """Per name of the tag, the cast's characters that match it, less those another matches better: the
    surname alone ("Catherine Morland" for "James Morland") does not count where a character matches by
    the surname and more ("James Morland"), nor where the character's own given name is not the name's
    ("Charles Wilcox" for "Henry Wilcox"; `given`: character id -> `given_name`)."""
    given = given or {}
    out = []
    for matcher in _matchers(tag):
        overlaps = {
            cid: o
            for cid, words_ in cast.items()
            if (o := _overlap(words_, matcher))
            and (given.get(cid) is None or given[cid] in matcher[1] or given[cid] in o)
        }
        distinct = set(overlaps.values())
        out.append({cid for cid, o in overlaps.items() if not any(o < other for other in distinct)})
    return out


def cast_hits(
    tag: str, pair: list[str], cast: dict[str, set[str]], given: dict[str, str | None] | None = None
) -> bool:
    """Whether the pair of character ids matches two different names of the tag, among the whole cast."""
    matched = tag_matches(tag, cast, given)
    a_idx = [i for i, ids in enumerate(matched) if pair[0] in ids]
    b_idx = [i for i, ids in enumerate(matched) if pair[1] in ids]
    return any(i != j for i in a_idx for j in b_idx)


def score_work(
    work: Work,
    path: str,
    tags: list[str] | None = None,
    *,
    key: str | None = None,
    central: list[str] | None = None,
) -> WorkScore:
    """Score the work's ranked relationships against `tags` (default: its own relationship tags); the
    central top-1 and top-3 against `central` (default: all the tags)."""
    cast = {c.id: character_words(c.name, c.aliases) for c in work.characters}
    given = {c.id: given_name(c.name) for c in work.characters}
    predicted = work.relationships
    tags = list(work.metadata.relationships if tags is None else tags)
    hits = [[t for t in tags if cast_hits(t, r.pair, cast, given)] for r in predicted[:KIND_DEPTH]]
    main = set(tags if central is None else central)
    central_hits = [bool(main & set(h)) for h in hits]
    top1 = bool(hits and hits[0])
    agree = [any(parse_tag(t)[1] == r.kind for t in h) for r, h in zip(predicted, hits, strict=False)]
    return WorkScore(
        path=path,
        tags=tags,
        predicted=[r.label for r in predicted[:3]],
        top1=top1,
        top3=any(hits[:3]),
        kind=top1 and agree[0],
        kind_right=sum(a for a, h in zip(agree, hits, strict=False) if h),
        kind_hits=sum(bool(h) for h in hits),
        key=key,
        central_top1=bool(central_hits and central_hits[0]),
        central_top3=any(central_hits[:3]),
    )


def _work_key(work: Work, path: Path) -> str:
    return f"ao3-{work.metadata.work_id}" if work.metadata.work_id else str(path.resolve())


def evaluate(paths: list[str | Path], *, settings: dict[str, Any] | None = None) -> Report:
    """Score works against their own relationship tags (`settings`: the pipeline's, `without_tags()` say)."""
    from ficlens.io import iter_inputs
    from ficlens.pipeline import analyze

    report, seen = Report(), set()
    for given in paths:
        for path in iter_inputs(given):
            try:
                work = analyze(path, settings=settings)
            except FicError:
                report.unreadable.append(str(path))  # pages that are not works (login walls, 404s, ...)
                continue
            if (key := _work_key(work, Path(path))) in seen:
                report.duplicates.append(str(path))
                continue
            seen.add(key)
            if not work.metadata.relationships:
                report.untagged += 1
                continue
            report.works.append(score_work(work, str(path), key=key))
    return report


def load_gold(path: str | Path = GOLD) -> dict[str, dict]:
    """The gold set: work key -> {"path" (under ../shared), "tags", "added", "skip", "note"}."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise FicError(f"E011 cannot read the relationship gold file {path}: {exc}") from exc
    return data["works"]


def evaluate_gold(
    gold: str | Path = GOLD,
    *,
    shared: str | Path = SHARED,
    settings: dict[str, Any] | None = None,
    only: str | None = None,
) -> Report:
    """Score the gold set's works (paths resolved against `shared`) against their tags plus the hand-added
    ones. Pass `without_tags()` as `settings` to hide the works' own tags from the inference. `only`: keys
    starting with it ("pdnc-", "ao3-")."""
    from ficlens.pipeline import analyze

    report = Report()
    for key, entry in load_gold(gold).items():
        if only and not key.startswith(only):
            continue
        if entry.get("skip"):
            report.skipped.append(f"{key}: {entry['skip']}")
            continue
        path = Path(shared) / entry["path"]
        tags = [*entry.get("tags", []), *entry.get("added", [])]
        if not tags:
            report.untagged += 1
            continue
        try:
            work = analyze(path, settings=settings)
        except (FicError, OSError):
            report.unreadable.append(str(path))
            continue
        report.works.append(score_work(work, str(path), tags, key=key, central=entry.get("central")))
    return report


def format_report(report: Report) -> str:
    lines = [
        f"{'top1' if w.top1 else 'top3' if w.top3 else 'miss'}  {w.key or Path(w.path).name}: predicted "
        f"{w.predicted or '-'}; tagged {w.tags[:4]}{' …' if len(w.tags) > 4 else ''}"
        for w in report.works
    ]
    return "\n".join([*lines, *(f"skipped {s}" for s in report.skipped), report.summary()])
