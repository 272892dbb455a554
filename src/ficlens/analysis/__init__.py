"""What the story adds up to: interactions, central relationships, arcs, per-character stats.

`analyse(work)` adds four top-level JSON keys through ``Work.extra``: ``interactions`` (network edges),
``relationships`` (ranked pairs with evidence spans), ``arcs`` (VADER per scene and per character) and
``character_stats``.
"""

from __future__ import annotations

from ficlens.analysis import arcs, network, relationships, stats
from ficlens.analysis.layout import Layout
from ficlens.model import Work

__all__ = ["Layout", "analyse"]


def analyse(work: Work) -> Work:
    layout = Layout(work)
    work.extra["interactions"] = network.interactions(layout)
    work.extra["relationships"] = relationships.to_records(relationships.central_relationships(layout))
    work.extra["arcs"] = arcs.emotional_arcs(layout)
    work.extra["character_stats"] = stats.to_records(stats.character_stats(layout))
    return work
