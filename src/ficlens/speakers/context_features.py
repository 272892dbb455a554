"""The ranker's stage-two features: what the previous stage believes about the speakers of a quote's
paragraph-mates and of the turns (paragraphs with quotes) before and after it, in its conversation. Each
reads the quote's NeighbourView; the order below is the column order the shipped model was trained on."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ficlens.speakers.feature_registry import FeatureRegistry
from ficlens.speakers.local_features import LOCAL_FEATURES
from ficlens.speakers.settings import SpeakerSettings

if TYPE_CHECKING:
    from ficlens.speakers.features import QuoteContext

Beliefs = dict[str, float]


@dataclass
class NeighbourView:
    """One quote's neighbours' beliefs; turn beliefs are the means over a turn's quotes, and empty outside
    the quote's conversation."""

    local: np.ndarray  # the quote's local rows
    row_of: dict[str, int]  # candidate -> row
    same_prev: Beliefs  # the quote before, in the same paragraph
    same_next: Beliefs
    prev: tuple[Beliefs, Beliefs, Beliefs]  # the 1st, 2nd and 3rd turn before
    next: tuple[Beliefs, Beliefs, Beliefs]
    conversation: list[Beliefs]  # the other quotes of the conversation within `conversation_reach`
    para_tags: set[str]  # characters a speech tag on another quote of the paragraph names

    def local_value(self, c: str, feature: str) -> np.float32:
        return self.local[self.row_of[c], _LOCAL_COLUMN[feature]]


_LOCAL_COLUMN = {name: i for i, name in enumerate(LOCAL_FEATURES.names)}


def paragraph_turns(paragraphs: list[int]) -> list[list[int]]:
    """Indices of consecutive quotes in one paragraph (`paragraphs[i]`: quote i's), grouped: the turns of
    an exchange."""
    turns: list[list[int]] = []
    for i, p in enumerate(paragraphs):
        if turns and paragraphs[turns[-1][-1]] == p:
            turns[-1].append(i)
        else:
            turns.append([i])
    return turns


def same_conversation(a: QuoteContext, b: QuoteContext, gap: int) -> bool:
    """Neighbouring quotes belong to one exchange when their paragraphs are at most `gap` apart (with the
    default 2: at most one quote-less paragraph lies between)."""
    return abs(a.paragraph - b.paragraph) <= gap


def conversations(contexts: list[QuoteContext], gap: int) -> list[int]:
    """Conversation number per quote: quotes further apart than `gap` paragraphs start a new one."""
    conv = [0] * len(contexts)
    for i in range(1, len(contexts)):
        conv[i] = conv[i - 1] + (not same_conversation(contexts[i - 1], contexts[i], gap))
    return conv


def neighbour_views(
    contexts: list[QuoteContext], probs: list[Beliefs], settings: SpeakerSettings
) -> list[NeighbourView]:
    n = len(contexts)
    conv = conversations(contexts, settings.conversation_gap)
    reach = settings.conversation_reach
    turns = paragraph_turns([c.paragraph for c in contexts])
    turn_probs = [_mean_probs([probs[i] for i in members]) for members in turns]
    turn_tags = [Counter(contexts[j].named_tag for j in members) for members in turns]
    out = []
    for t, members in enumerate(turns):

        def turn(k: int, i: int, t: int = t) -> Beliefs:
            j = t + k
            return turn_probs[j] if 0 <= j < len(turns) and conv[turns[j][0]] == conv[i] else {}

        for i in members:
            ctx = contexts[i]
            near = range(max(0, i - reach), min(n, i + reach + 1))
            out.append(
                NeighbourView(
                    local=ctx.local,
                    row_of={c: r for r, c in enumerate(ctx.candidates)},
                    same_prev=probs[i - 1] if i > 0 and contexts[i - 1].paragraph == ctx.paragraph else {},
                    same_next=probs[i + 1]
                    if i + 1 < n and contexts[i + 1].paragraph == ctx.paragraph
                    else {},
                    prev=(turn(-1, i), turn(-2, i), turn(-3, i)),
                    next=(turn(1, i), turn(2, i), turn(3, i)),
                    conversation=[probs[j] for j in near if j != i and conv[j] == conv[i]],
                    # a tag on another quote of the paragraph names this one's speaker too, nearly always
                    para_tags={tag for tag, k in turn_tags[t].items() if k > (tag == ctx.named_tag)},
                )
            )
    return out


def _mean_probs(group: list[Beliefs]) -> Beliefs:
    out: Beliefs = {}
    for probs in group:
        for c, v in probs.items():
            out[c] = out.get(c, 0.0) + v / len(group)
    return out


CONTEXT_FEATURES: FeatureRegistry[NeighbourView] = FeatureRegistry()
feature = CONTEXT_FEATURES.register


@feature
def prev_same_para(v: NeighbourView, c: str) -> float:
    return v.same_prev.get(c, 0.0)


@feature
def prev_turn1(v: NeighbourView, c: str) -> float:
    return v.prev[0].get(c, 0.0)


@feature
def prev_turn2(v: NeighbourView, c: str) -> float:
    return v.prev[1].get(c, 0.0)


@feature
def next_turn1(v: NeighbourView, c: str) -> float:
    return v.next[0].get(c, 0.0)


@feature
def next_turn2(v: NeighbourView, c: str) -> float:
    return v.next[1].get(c, 0.0)


@feature
def next_same_para(v: NeighbourView, c: str) -> float:
    return v.same_next.get(c, 0.0)


@feature
def prev_turn3(v: NeighbourView, c: str) -> float:
    return v.prev[2].get(c, 0.0)


@feature
def next_turn3(v: NeighbourView, c: str) -> float:
    return v.next[2].get(c, 0.0)


@feature
def conversation(v: NeighbourView, c: str) -> float:
    """The strongest belief in the candidate among the conversation's nearby quotes."""
    return max((p.get(c, 0.0) for p in v.conversation), default=0.0)


@feature
def para_tag(v: NeighbourView, c: str) -> bool:
    return c in v.para_tags


# Conjunctions a linear model cannot form itself: "he said" names the man who did not just speak; a reply
# goes back to the one before last, or to the one addressed.
@feature
def pronoun_not_prev(v: NeighbourView, c: str) -> float:
    pronoun = max(v.local_value(c, "pronoun_tag_rank1"), v.local_value(c, "pronoun_tag_rank2"))
    return pronoun * (1.0 - v.prev[0].get(c, 0.0))


@feature
def prev2_not_prev1(v: NeighbourView, c: str) -> float:
    return v.prev[1].get(c, 0.0) * (1.0 - v.prev[0].get(c, 0.0))


@feature
def vocative_prev_not_prev(v: NeighbourView, c: str) -> float:
    return v.local_value(c, "vocative_prev") * (1.0 - v.prev[0].get(c, 0.0))
