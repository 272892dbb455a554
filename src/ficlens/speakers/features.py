"""Features of (quotation, candidate character) pairs, for the speaker ranker.

Everything here reads only the work: its paragraphs, quotes, characters and mentions (from the cast stage,
or a gold cast in evaluation). Two kinds: `local_contexts` look at the quote's own surroundings (speech
tags, pronoun tags resolved as Hobbs would, action beats, vocatives, recency); `context_rows` add what the
previous stage believes about the speakers of the quote's paragraph-mates and of the turns before and after
it (turn-taking), so training and prediction see the same kind of input.

Each feature is a small function registered in column order (local_features.py, context_features.py) over a
view of the quote built once (quote_view.py; NeighbourView); the names below come from those registries.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

import numpy as np

from ficlens.model import Quote, Work
from ficlens.speakers.context_features import (
    CONTEXT_FEATURES,
    neighbour_views,
    paragraph_turns,
    same_conversation,
)
from ficlens.speakers.local_features import LOCAL_FEATURES
from ficlens.speakers.quote_view import QuotePlace, QuoteView, WorkView, quote_view
from ficlens.speakers.settings import SPEAKER_DEFAULTS, SpeakerSettings
from ficlens.speakers.tags import PARAGRAPH_REACH, MentionIndex, tag_bounds

LOCAL = LOCAL_FEATURES.names
CONTEXT = CONTEXT_FEATURES.names
FEATURES = LOCAL + CONTEXT


@dataclass
class QuoteContext:
    """What the ranker sees for one quotation: its candidates and their local feature rows."""

    quote: Quote
    paragraph: int
    candidates: list[str]
    local: np.ndarray  # (len(candidates), len(LOCAL))
    tag_pronoun: str | None = None
    tag_name: str | None = None  # character named next to a speech verb in the tag
    kind: str = "implicit"  # PDNC's quote type, read from the tag: explicit | anaphoric | implicit
    named_tag: str | None = None  # character a speech tag right by the quote names ("said Lucy")
    vocatives: list[str] = field(default_factory=list)


def local_contexts(
    work: Work, *, quotes: list[Quote] | None = None, settings: SpeakerSettings = SPEAKER_DEFAULTS
) -> list[QuoteContext]:
    shared = work_view(work, quotes if quotes is not None else work.quotes, settings)
    return [
        quote_context(quote_view(shared, place), shared.quotes[place.i], place.paragraph)
        for place in quote_places(work, shared.quotes, settings.tag_reach)
    ]


def work_view(work: Work, quotes: list[Quote], settings: SpeakerSettings) -> WorkView:
    idx = MentionIndex(work, quotes)
    # who the narration calls I (a first-person narrator) or you (the reader of a reader-insert)
    narrators = {c.id: ("i", "we") for c in work.characters if c.narrator}
    readers = [c.id for c in work.characters if c.reader]
    if len(readers) == 1:
        narrators[readers[0]] = ("you",)
    # an anthology's chapters with readers of their own: whose "you" it is goes by where the quote is
    you = (
        [m for m in work.mentions if m.character in readers and m.kind == "pronoun"]
        if len(readers) > 1
        else []
    )
    chapter_starts = [c.start for c in work.chapters] if len(work.chapters) > 1 else []
    chapter_casts: list[set[str]] = [set() for _ in chapter_starts]
    for m in idx.mentions if chapter_starts else []:
        chapter_casts[max(0, bisect.bisect_right(chapter_starts, m.start) - 1)].add(m.character)
    return WorkView(
        work,
        quotes,
        idx,
        {c.id: c for c in work.characters},
        max(1, sum(idx.totals.values())),
        narrators,
        settings,
        [m.start for m in you],
        [m.character for m in you],
        chapter_starts,
        chapter_casts,
    )


def quote_places(work: Work, quotes: list[Quote], tag_reach: int) -> list[QuotePlace]:
    """Each quote's paragraph, tag reaches (`tag_reach` characters at most) and turns, in quote order."""
    pstarts, pends = [p.start for p in work.paragraphs], [p.end for p in work.paragraphs]
    para_of = [max(0, bisect.bisect_right(pstarts, q.start) - 1) for q in quotes]
    turns = paragraph_turns(para_of)
    out = []
    for t, turn in enumerate(turns):
        # the neighbouring turns of the exchange: the last quote of the one before, the first of the one after
        prev_turn = turns[t - 1][-1] if t > 0 else None
        next_turn = turns[t + 1][0] if t + 1 < len(turns) else None
        for i in turn:
            p = para_of[i]
            pstart, pend = (pstarts[p], pends[p]) if pstarts else (0, len(work.text))
            pstart = max(pstart, quotes[i].start - PARAGRAPH_REACH)
            pend = min(pend, quotes[i].end + PARAGRAPH_REACH)
            after, before = tag_bounds(work, quotes, i, pstart, pend, tag_reach)
            out.append(QuotePlace(i, p, pstart, pend, after, before, turn, prev_turn, next_turn))
    return out


def quote_context(view: QuoteView, quote: Quote, paragraph: int) -> QuoteContext:
    return QuoteContext(
        quote=quote,
        paragraph=paragraph,
        candidates=view.candidates,
        local=LOCAL_FEATURES.rows(view, view.candidates),
        tag_pronoun=view.pron_word or view.tag_pron,
        tag_name=view.tag_name,
        named_tag=view.adjacent,
        kind=view.kind,
        vocatives=sorted(view.voc_here),
    )


def context_rows(
    contexts: list[QuoteContext], probs: list[dict[str, float]], settings: SpeakerSettings = SPEAKER_DEFAULTS
) -> list[np.ndarray]:
    """Stage-two rows: local features plus the first stage's belief about the speakers of the quote's
    neighbours: the other quotes of its paragraph, and the turns (paragraphs with quotes) before and after."""
    return [
        np.hstack([ctx.local, CONTEXT_FEATURES.rows(view, ctx.candidates)])
        for ctx, view in zip(contexts, neighbour_views(contexts, probs, settings), strict=False)
    ]


__all__ = [
    "CONTEXT",
    "FEATURES",
    "LOCAL",
    "QuoteContext",
    "context_rows",
    "local_contexts",
    "paragraph_turns",
    "same_conversation",
]
