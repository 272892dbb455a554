"""Whether the authors' relationship tags name the pair the text centres on.

AO3 writes a romantic pair ``A/B`` and a platonic one ``A & B``, with full names and often a fandom in
brackets ("Haruno Sakura/Yamanaka Ino", "Solas (Dragon Age)/Lavellan"); ficlens names a character as the text
does ("Sakura"). A name matches a side of a tag when they share a word, so the two conventions meet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ficlens.serve.dataset import Corpus

STATUSES = ("agrees", "kind differs", "disagrees", "untagged", "no pair found")
_BRACKETS = re.compile(r"\([^)]*\)")
_WORD = re.compile(r"[^\W\d_]{2,}")
_NOT_NAMES = frozenset({"the", "of", "and", "de", "van", "von", "reader", "you", "original", "character"})


@dataclass(frozen=True)
class Tag:
    sides: tuple[frozenset[str], ...]  # each side's name words, lower-cased
    kind: str  # "romantic" (A/B) or "platonic" (A & B)


def parse_tag(tag: str) -> Tag | None:
    """A relationship tag's sides and kind; None for a tag that names no pair."""
    text = _BRACKETS.sub(" ", tag)
    if "/" in text:
        parts, kind = text.split("/"), "romantic"
    elif "&" in text:
        parts, kind = text.split("&"), "platonic"
    else:
        return None
    sides = tuple(name_words(p) for p in parts)
    return Tag(sides, kind) if len(sides) >= 2 and all(sides) else None


def name_words(name: str) -> frozenset[str]:
    return frozenset(w for w in _WORD.findall(name.lower()) if w not in _NOT_NAMES)


def names_pair(tag: Tag, names: list[str]) -> bool:
    """Whether the tag has a side for each of the two names (different sides)."""
    if len(names) != 2:
        return False
    a, b = (name_words(n) for n in names)
    return any(
        a & tag.sides[i] and b & tag.sides[j]
        for i in range(len(tag.sides))
        for j in range(len(tag.sides))
        if i != j
    )


def status(tags: list[str], names: list[str] | None, kind: str | None) -> str:
    """One of `STATUSES`: how a work's relationship tags stand to its central inferred pair."""
    parsed = [t for t in map(parse_tag, tags) if t]
    if not parsed:
        return "untagged"
    if not names:
        return "no pair found"
    matching = [t for t in parsed if names_pair(t, names)]
    if not matching:
        return "disagrees"
    return "agrees" if any(t.kind == kind for t in matching) else "kind differs"


def tag_kind(tags: list[str]) -> str | None:
    """The first pair tag's kind: what the author put first."""
    return next((t.kind for t in map(parse_tag, tags) if t), None)


CENTRAL_PAIRS = """
SELECT w.work_id, w.relationships AS tags, r.names, r.label, r.kind, r.score
FROM w LEFT JOIN (
  SELECT work_id, arg_max(names, score) AS names, arg_max(label, score) AS label, arg_max(kind, score) AS kind,
         max(score) AS score
  FROM relationships GROUP BY work_id
) r USING (work_id)
"""


def index(corpus: Corpus) -> None:
    """The temporary table ``agree``: per work, its central pair (the highest-scored) and its status."""
    rows = corpus.rows(CENTRAL_PAIRS)
    ids = [r["work_id"] for r in rows]
    tags = [r["tags"] for r in rows]
    names = [r["names"] for r in rows]
    kinds = [r["kind"] for r in rows]
    statuses = [status(t or [], n, k) for t, n, k in zip(tags, names, kinds, strict=True)]
    tag_kinds = [tag_kind(t or []) for t in tags]
    corpus.execute(
        """CREATE TEMP TABLE agree AS
        SELECT p.*, s.status, s.tag_kind FROM (SELECT unnest(?::VARCHAR[]) AS work_id, unnest(?::VARCHAR[]) AS status,
          unnest(?::VARCHAR[]) AS tag_kind) s JOIN ("""
        + CENTRAL_PAIRS
        + ") p USING (work_id)",
        [ids, statuses, tag_kinds],
    )
