"""The cast stage's settings: how clearly one character must dominate to take a name several could own.

`ficlens eval cast` cross-validates them on PDNC dev (`ficlens.eval.cast_scores.GRID`); the defaults are the
values it chooses.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ficlens.cast.user_cast import KnownCharacter


@dataclass(frozen=True)
class CastSettings:
    # how many times more mentions the most mentioned candidate needs than the next one to take an ambiguous
    # short name ("Jane" between two Janes); 5-fold CV on PDNC dev chooses 1.1 in every fold
    dominance: float = 1.1
    # times more again when the name is a surname of both ("Weston" between Mr. and Mrs. Weston); CV as above
    surname_factor: float = 1.0
    # read the work's AO3 character tags (`cast.character_tags`); off: the text alone, to measure what they add
    use_tags: bool = True
    # keep only the clusters the text shows to be people (`cast.evidence`)
    need_person_evidence: bool = True
    # the characters the user gives (`--cast`, `cast.user_cast`), taken as knowledge as the tags are
    known: tuple[KnownCharacter, ...] = ()


CAST_DEFAULTS = CastSettings()
