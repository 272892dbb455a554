"""Turn-taking: the speakers of a run of back-and-forth dialogue decided together.

In a run of quotations in nearby paragraphs, each new paragraph is most often the other person's turn:
"“How long did they say?” Jonah asked. / “The tow? Two hours.” / “That was three hours ago.”" The ranker
sees each quote with its neighbours' beliefs, but over a long untagged run its beliefs fade to even and the
alternation slips a step. Here the run is decoded as a whole (Viterbi):
each quote's speaker probabilities are the emissions, and the speaker changes (to any other, evenly) with
the probability `CHANGE` gives for how many paragraphs apart the quotes are. A tagged quote's near-certain
speaker anchors the run, and the alternation carries from there.
"""

from __future__ import annotations

import numpy as np

from ficlens.speakers.features import QuoteContext

# Chance that the next quote is another person's, by paragraphs apart (the same, the next, one between),
# measured on PDNC dev's gold quotation units: 3 % of 9,123 pairs; 94.9 % of 18,324; 61.1 % of 3,646.
# Quotes further apart are not decoded together.
CHANGE = (0.03, 0.949, 0.611)
FLOOR = 1e-3  # added to each probability: a candidate a quote all but rules out is not vetoed outright
MAX_STATES = 24  # candidates decoded in one run (the most probable ones)


def decode_turns(contexts: list[QuoteContext], probs: list[dict[str, float]]) -> list[str | None]:
    """One speaker per quote: each run of quotes in nearby paragraphs (`_runs`) decoded as a whole, other
    quotes by their own most probable speaker."""
    speakers = [max(p, key=p.get) if p else None for p in probs]
    for run in _runs(contexts, probs):
        for i, speaker in zip(
            run, _viterbi([contexts[i] for i in run], [probs[i] for i in run]), strict=True
        ):
            speakers[i] = speaker
    return speakers


def _runs(contexts: list[QuoteContext], probs: list[dict[str, float]]) -> list[list[int]]:
    """Maximal runs (two quotes or more) of quotes with candidates, each within `len(CHANGE) - 1`
    paragraphs of the one before."""
    runs: list[list[int]] = []
    current: list[int] = []
    for i, p in enumerate(probs):
        if p and current and contexts[i].paragraph - contexts[current[-1]].paragraph < len(CHANGE):
            current.append(i)
            continue
        if len(current) > 1:
            runs.append(current)
        current = [i] if p else []
    if len(current) > 1:
        runs.append(current)
    return runs


def _viterbi(contexts: list[QuoteContext], probs: list[dict[str, float]]) -> list[str]:
    mass: dict[str, float] = {}
    for p in probs:
        for c, v in p.items():
            mass[c] = mass.get(c, 0.0) + v
    states = sorted(mass, key=lambda c: -mass[c])[:MAX_STATES]
    k = len(states)
    emissions = np.log(np.array([[p.get(c, 0.0) + FLOOR for c in states] for p in probs]))
    for t, ctx in enumerate(contexts):  # a speech tag naming the speaker is not overruled by the rhythm
        if ctx.kind == "explicit" and (best := max(probs[t], key=probs[t].get)) in states:
            emissions[t] = np.where(np.array(states) == best, 0.0, -np.inf)
    if k == 1:
        return [states[0]] * len(probs)
    eye = np.eye(k, dtype=bool)
    score = emissions[0].copy()
    back = np.zeros((len(probs), k), dtype=np.int64)
    for t in range(1, len(probs)):
        change = CHANGE[contexts[t].paragraph - contexts[t - 1].paragraph]
        transition = np.where(eye, np.log(1.0 - change), np.log(change / (k - 1)))
        total = score[:, None] + transition  # from state (rows) to state (columns)
        back[t] = np.argmax(total, axis=0)
        score = total[back[t], np.arange(k)] + emissions[t]
    path = [int(np.argmax(score))]
    for t in range(len(probs) - 1, 0, -1):
        path.append(int(back[t][path[-1]]))
    return [states[s] for s in reversed(path)]
