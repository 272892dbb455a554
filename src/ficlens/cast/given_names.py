"""Given-name gender from a name lexicon: the US census first-name lists that the `names` package ships
(MIT; 1,219 male and 4,275 female names with their frequencies).

A text's pronouns are a poor guide to a name's gender in a novel told around one woman: "Henry ... She"
votes "female" whenever the next sentence is about the heroine. A name the lexicon finds far more often
for one sex (ten times) keeps that gender; other names keep what the text says.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from ficlens.cast.aliases import parse_name

RATIO = 10.0  # how much more frequent for one sex a name must be to count as that sex's


def _read(filename: str) -> dict[str, float]:
    text = resources.files("names").joinpath(filename).read_text(encoding="ascii")
    return {
        fields[0].lower(): float(fields[1]) for line in text.splitlines() if len(fields := line.split()) >= 2
    }


@lru_cache(maxsize=1)
def _lists() -> tuple[dict[str, float], dict[str, float]]:
    return _read("dist.male.first"), _read("dist.female.first")


def lexicon_gender(word: str) -> str | None:
    """ "male" / "female" when the census lists give this given name to one sex, else None."""
    male, female = _lists()
    m, f = male.get(word.lower(), 0.0), female.get(word.lower(), 0.0)
    if m > RATIO * f:
        return "male"
    if f > RATIO * m:
        return "female"
    return None


def is_given_name(word: str) -> bool:
    """Whether the census lists hold this word as a first name ("Nancy", "Martha"; not "Forehead")."""
    male, female = _lists()
    return word.lower() in male or word.lower() in female


def with_lexicon_genders(genders: dict[str, str], surfaces) -> dict[str, str]:
    """`genders` (surface -> text-derived gender) with each untitled name's gender taken from its first
    word where the lexicon is sure of it ("Henry Tilney": male, whatever the pronouns near it say)."""
    out = dict(genders)
    for surface in surfaces:
        parsed = parse_name(surface)
        if parsed is None or parsed.title:
            continue
        if (gender := lexicon_gender(parsed.words[0])) is not None:
            out[surface] = gender
    return out
