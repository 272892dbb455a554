"""Which characters are no people at all, so no partner in a relationship: places, peoples, days.

The cast keeps out names mostly written after at/in/from (`cast.drop_places`) and clusters without a sign
of a person; what still reaches the analysis and would show as "Fenina & Thedas" is dropped here, by the
cast's own evidence (gender, speech, address, pronouns) and a stricter reading of where its names stand.
"""

from __future__ import annotations

import re
from collections import Counter

from ficlens.analysis.layout import Layout

# A name mostly written after a locative word ("in India", "at Windy Corner", "New York"), after an
# indefinite article ("an Englishman"), or before a place word ("Baker Street") is a place or a people.
_LOCATIVE = re.compile(
    r"\b(?:in|into|within|throughout|across|inside|outside|near|around|over|New|North|South|East|West|Upper"
    r"|Lower|an?|some|many|every|other|few|most)\s+(?:the\s+)?$",
)
_LOCATIVE_WEAK = re.compile(
    r"\b(?:at|to|from|towards|toward|through|leave|left|reach|reached|visit|visited)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_PLACE_WORD = re.compile(
    r"\s+(?:Street|Road|Lane|Square|Avenue|Hill|River|Station|Hotel|House|Hall|Park|Place|Court|Church)\b"
)
_REACH = 16
PLACE_SHARE, PLACE_SHARE_WEAK, MIN_PLACE_USES = 0.15, 0.35, 2


def non_persons(layout: Layout) -> set[str]:
    """Characters that are no people: no sign of a person at all (no gender, speech, address or pronoun),
    or a name mostly used as a place's or a people's ("in India", "at Windy Corner", "an Englishman")."""
    text = layout.work.text
    uses, strong, weak, pronouns = Counter(), Counter(), Counter(), Counter()
    for m in layout.resolved_mentions:
        if m.kind == "pronoun":
            pronouns[m.character] += 1
            continue
        if m.kind != "name" or text.startswith(("'s", "’s"), m.end):
            continue
        uses[m.character] += 1
        lo = max(0, m.start - _REACH)
        if _LOCATIVE.search(text, lo, m.start) or _PLACE_WORD.match(text, m.end):
            strong[m.character] += 1
        elif _LOCATIVE_WEAK.search(text, lo, m.start):
            weak[m.character] += 1
    addressed = {a for q in layout.quotes for a in q.addressees}
    out = set()
    for c in layout.work.characters:
        person = c.gender or c.quotes or c.id in addressed or pronouns[c.id] or c.pov or c.narrator
        n = uses[c.id]
        place = n and (
            (strong[c.id] >= MIN_PLACE_USES and strong[c.id] >= PLACE_SHARE * n)
            or (
                strong[c.id] + weak[c.id] > MIN_PLACE_USES
                and strong[c.id] + weak[c.id] >= PLACE_SHARE_WEAK * n
            )
        )
        if not person or place:
            out.add(c.id)
    return out
