"""What the story adds up to: interactions, central relationships, arcs, per-character stats."""

from __future__ import annotations

from ficlens.model import Work


def analyse(work: Work) -> Work:
    return work
