"""Per-character figures: words spoken, share of the dialogue, scenes present in, first and last appearance."""

from __future__ import annotations

from collections import Counter, defaultdict

from ficlens.analysis.layout import Layout
from ficlens.model import CharacterStats
from ficlens.words import count_words


def character_stats(layout: Layout) -> list[CharacterStats]:
    spoken = Counter()
    quotes = Counter()
    for q in layout.quotes:
        if q.speaker:
            spoken[q.speaker] += count_words(q.text or layout.work.span(q.start, q.end))
            quotes[q.speaker] += 1
    total = sum(spoken.values())
    first, last = _appearances(layout)
    scenes_of: dict[str, list[int]] = defaultdict(list)  # one pass over the scenes, not one per character
    for scene, people in zip(layout.scenes, layout.mentioned_in_scene, strict=False):
        for cid in people:
            scenes_of[cid].append(scene.index)
    out = []
    for c in layout.work.characters:
        scenes = scenes_of.get(c.id, [])
        out.append(
            CharacterStats(
                id=c.id,
                name=c.name,
                quotes=quotes[c.id],
                words_spoken=spoken[c.id],
                dialogue_share=round(spoken[c.id] / total, 4) if total else 0.0,
                scenes=scenes,
                first_offset=first.get(c.id),
                last_offset=last.get(c.id),
                first_scene=_scene_index(layout, first.get(c.id)),
                last_scene=_scene_index(layout, last.get(c.id)),
            )
        )
    return out


def _appearances(layout: Layout) -> tuple[dict[str, int], dict[str, int]]:
    """First and last offset at which each character is mentioned or speaks in the story's scenes (a name in
    a heading outside the chapters is no appearance)."""
    first: dict[str, int] = {}
    last: dict[str, int] = {}
    events = [(m.start, m.character) for m in layout.resolved_mentions]
    events += [(q.start, q.speaker) for q in layout.quotes if q.speaker]
    for offset, who in sorted(events):
        if layout.scene_at(offset) is None:
            continue
        first.setdefault(who, offset)
        last[who] = offset
    return first, last


def _scene_index(layout: Layout, offset: int | None) -> int | None:
    if offset is None:
        return None
    i = layout.scene_at(offset)
    return layout.scenes[i].index if i is not None else None
