"""Emotional arcs with VADER: the mean compound score per scene, and per main character per scene (their
quotes, and the sentences that mention them)."""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache
from statistics import fmean

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from ficlens.analysis.layout import Layout
from ficlens.model import ArcPoint, Arcs, CharacterArc, SceneMood

MAX_CHARACTERS = 8  # arcs for more than this many characters are unreadable in a report


class _Vader(SentimentIntensityAnalyzer):
    """VADER, with its two checks of the words around a scored word handed only those words (three back, two
    ahead): the library lowercases the whole sentence again for every word it checks, quadratic in the
    sentence's length, though it reads no further. The scores are the library's own."""

    def _negation_check(self, valence, words_and_emoticons, start_i, i):
        back = min(i, 3)  # the check reads words i-1 .. i-3 only (the caller sees to i > start_i)
        window = words_and_emoticons[i - back : i + 1]
        return SentimentIntensityAnalyzer._negation_check(valence, window, start_i, back)

    def _special_idioms_check(self, valence, words_and_emoticons, i):
        # called with i > 2; reads words i-3 .. i+2, and whether i+1 and i+2 exist
        return SentimentIntensityAnalyzer._special_idioms_check(
            valence, words_and_emoticons[i - 3 : i + 3], 3
        )


@lru_cache(maxsize=1)
def _analyzer() -> SentimentIntensityAnalyzer:
    return _Vader()  # loads its lexicon from the wheel once per process


def compound(text: str) -> float:
    return _analyzer().polarity_scores(text)["compound"]


def emotional_arcs(layout: Layout) -> Arcs:
    """The mood of every scene, and of each main character in every scene (``None`` in a scene where they
    neither speak nor are mentioned)."""
    sentence_scores = [compound(layout.work.span(s.start, s.end)) for s in layout.sentences]
    by_scene: dict[int, list[float]] = defaultdict(list)
    for s, score in zip(layout.sentences, sentence_scores, strict=False):
        if (i := layout.scene_at(s.start)) is not None:
            by_scene[i].append(score)
    scenes = [
        SceneMood(index=sc.index, compound=_mean(by_scene[i]), sentences=len(by_scene[i]))
        for i, sc in enumerate(layout.scenes)
    ]
    return Arcs(scenes=scenes, characters=_character_arcs(layout, sentence_scores))


def _character_arcs(layout: Layout, sentence_scores: list[float]) -> list[CharacterArc]:
    quoted: dict[str, dict[int, list[float]]] = defaultdict(lambda: defaultdict(list))
    for q in layout.quotes:
        if q.speaker and (i := layout.scene_at(q.start)) is not None:
            quoted[q.speaker][i].append(compound(q.text or layout.work.span(q.start, q.end)))
    mentioned: dict[str, dict[int, list[float]]] = defaultdict(lambda: defaultdict(list))
    for i, people in layout.sentence_people.items():
        scene = layout.scene_at(layout.sentences[i].start)
        for who in people:
            if scene is not None:
                mentioned[who][scene].append(sentence_scores[i])
    out = []
    for cid in layout.main_characters[:MAX_CHARACTERS]:
        points = [
            ArcPoint(index=sc.index, quotes=_mean(quoted[cid].get(i)), mentions=_mean(mentioned[cid].get(i)))
            for i, sc in enumerate(layout.scenes)
        ]
        out.append(CharacterArc(id=cid, name=layout.names.get(cid, cid), scenes=points))
    return out


def _mean(values: list[float] | None) -> float | None:
    return round(fmean(values), 4) if values else None
