"""Where things are: which scene and sentence an offset falls in, who is present in each scene.

Every analysis module reads the work through one `Layout`, so they agree on what "a scene" and "present"
mean. It reads the segmenter's scenes and sentences (the analysis stage requires them), never splitting again.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from itertools import combinations

from ficlens.model import Mention, Quote, Scene, Sentence, Work

# characters of one scene or sentence paired for co-presence (far above any real scene's cast)
MAX_PAIRED = 60
# a main character is present (mentions plus quotes) at least this share of the most present one's, and twice
MAIN_SHARE, MIN_MAIN_PRESENCE = 0.05, 2


@dataclass
class Layout:
    work: Work
    scenes: list[Scene] = field(init=False)
    sentences: list[Sentence] = field(init=False)
    memo: dict = field(default_factory=dict, repr=False)  # per-work values the analysis modules compute once

    def __post_init__(self) -> None:
        self.scenes = self.work.scenes
        self.sentences = self.work.sentences
        self._scene_starts = [s.start for s in self.scenes]
        self._sentence_starts = [s.start for s in self.sentences]
        self.quote_starts = [q.start for q in self.quotes]

    @cached_property
    def quotes(self) -> list[Quote]:
        return sorted(self.work.quotes, key=lambda q: q.start)

    @cached_property
    def names(self) -> dict[str, str]:
        return {c.id: c.name for c in self.work.characters}

    def scene_at(self, offset: int) -> int | None:
        """Position (0-based) in `scenes` of the scene holding `offset`."""
        return _locate(self._scene_starts, self.scenes, offset)

    def sentence_at(self, offset: int) -> int | None:
        return _locate(self._sentence_starts, self.sentences, offset)

    def quote_at(self, offset: int) -> Quote | None:
        """The quote whose span (widened by one char each side, for the marks) holds `offset`."""
        i = bisect_right(self.quote_starts, offset + 1) - 1
        if i >= 0 and self.quotes[i].start - 1 <= offset < self.quotes[i].end + 1:
            return self.quotes[i]
        return None

    @cached_property
    def resolved_mentions(self) -> list[Mention]:
        return [m for m in self.work.mentions if m.character]

    @cached_property
    def mentioned_in_scene(self) -> list[set[str]]:
        """Characters named, referred to or speaking in each scene: co-presence for the network."""
        out: list[set[str]] = [set() for _ in self.scenes]
        for m in self.resolved_mentions:
            if (i := self.scene_at(m.start)) is not None:
                out[i].add(m.character)
        for i, people in enumerate(self.on_stage):
            out[i] |= people
        return out

    @cached_property
    def on_stage(self) -> list[set[str]]:
        """Characters who speak or are spoken to in each scene: physically there, not only thought of."""
        out: list[set[str]] = [set() for _ in self.scenes]
        for q in self.quotes:
            if (i := self.scene_at(q.start)) is None:
                continue
            out[i].update(p for p in [q.speaker, *q.addressees] if p)
        return out

    @cached_property
    def sentence_people(self) -> dict[int, set[str]]:
        """Characters mentioned in each sentence (by position in `sentences`)."""
        out: dict[int, set[str]] = defaultdict(set)
        for m in self.resolved_mentions:
            if (i := self.sentence_at(m.start)) is not None:
                out[i].add(m.character)
        return out

    def pairs(self, people: set[str]) -> list[tuple[str, str]]:
        """The sorted pairs of `people`, among its `MAX_PAIRED` most present characters only: a scene or
        sentence naming thousands (a generated list of names) would otherwise give millions of pairs."""
        if len(people) > MAX_PAIRED:
            people = set(sorted(people, key=lambda c: (-self.presence.get(c, 0), c))[:MAX_PAIRED])
        return list(combinations(sorted(people), 2))

    @cached_property
    def presence(self) -> dict[str, int]:
        return {c.id: c.mentions + c.quotes for c in self.work.characters}

    @cached_property
    def pov(self) -> set[str]:
        """Point-of-view characters; without flags from the cast, the most-mentioned character."""
        flagged = {c.id for c in self.work.characters if c.pov or c.narrator}
        if flagged or not self.work.characters:
            return flagged
        top = max(self.work.characters, key=lambda c: (c.mentions, c.quotes))
        return {top.id} if top.mentions or top.quotes else set()

    @cached_property
    def main_characters(self) -> list[str]:
        """Characters ordered by presence in the text (mentions plus quotes), the minor ones dropped."""
        ranked = sorted(self.work.characters, key=lambda c: -(c.mentions + c.quotes))
        if not ranked:
            return []
        top = ranked[0].mentions + ranked[0].quotes
        return [c.id for c in ranked if c.mentions + c.quotes >= max(MIN_MAIN_PRESENCE, top * MAIN_SHARE)]


def _locate(starts: list[int], spans: list, offset: int) -> int | None:
    i = bisect_right(starts, offset) - 1
    if i >= 0 and spans[i].start <= offset < spans[i].end:
        return i
    return None
