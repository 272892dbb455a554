"""Minor characters left out (`--min-mentions N`): a character mentioned fewer than N times drops from the cast.

It runs after the speakers stage and before the analysis, so attribution still chooses among everyone the
text names: a walk-on's line is not handed to a main character because the walk-on was dropped. Their quotes
stay, unattributed (speaker None), they leave the addressees of others' quotes, and their mentions point to
no one; the analysis (network, relationships, arcs, stats) then sees only the characters kept. The kept
characters keep their ids (C1, C2, C5 ...), the same ids a run without the option gives them.
"""

from __future__ import annotations

from collections.abc import Iterable

from ficlens.model import Work


def drop_minor(work: Work, min_mentions: int, *, keep: Iterable[str] = ()) -> Work:
    """Drop the characters with fewer than `min_mentions` mentions, but the point-of-view character and those
    named in `keep` (the user's own cast)."""
    kept_names = set(keep)
    dropped = {
        c.id
        for c in work.characters
        if c.mentions < min_mentions and not c.pov and not c.narrator and c.name not in kept_names
    }
    if not dropped:
        return work
    work.characters = [c for c in work.characters if c.id not in dropped]
    for m in work.mentions:
        if m.character in dropped or m.entity in dropped:
            m.character = m.entity = None
    for q in work.quotes:
        if q.speaker in dropped:
            q.speaker, q.confidence = None, None
        q.addressees = [a for a in q.addressees if a not in dropped]
    return work
