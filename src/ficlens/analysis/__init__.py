"""What the story adds up to: interactions, central relationships, arcs, per-character stats.

`analyse(work)` fills the work's typed analysis fields (``interactions``: network edges; ``relationships``:
ranked pairs with evidence spans; ``arcs``: VADER per scene and per character; ``character_stats``); once
filled (``work.layers``), they are written in the work's JSON.
"""

from __future__ import annotations

from ficlens.analysis import arcs, network, relationships, stats
from ficlens.analysis.layout import Layout
from ficlens.model import ANALYSIS_FIELDS, Work
from ficlens.stage import stage

__all__ = ["Layout", "analyse"]


@stage(
    "analysis",
    requires=("scenes", "sentences", "mentions", "quotes.speaker", "quotes.addressees", "characters.quotes"),
    assigns=ANALYSIS_FIELDS,
)
def analyse(work: Work) -> Work:
    layout = Layout(work)
    work.interactions = network.interactions(layout)
    work.relationships = relationships.central_relationships(layout)
    work.arcs = arcs.emotional_arcs(layout)
    work.character_stats = stats.character_stats(layout)
    return work
