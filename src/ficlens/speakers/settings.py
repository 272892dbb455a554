"""The speakers stage's settings: how far around a quotation its features look, and what makes a conversation.

The features the ranker was trained on are computed with these, so the shipped model (models/attribution.json)
saves the settings it was trained with and the stage refuses to run a model with others (`check_trained_with`).
The defaults are the values the shipped model was trained with: changing one means retraining it
(`ficlens train attribution`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class SpeakerSettings:
    # characters either side of a quotation searched for its speech tag; set with the first ranker
    tag_reach: int = 120
    # characters before a quotation whose name mentions make its candidates and their recency; set with the
    # first ranker
    window: int = 2500
    # candidates named last before a quote (then two more from further back, the most named and the
    # narrators, and whoever its tags and paragraph name); set with the first ranker
    max_candidates: int = 12
    # paragraph numbers two neighbouring quotes of one conversation lie apart at most: one paragraph
    # without a quote between them (a beat, a description) keeps the exchange going, two end it
    conversation_gap: int = 2
    # quotes either side whose stage-one beliefs make the `conversation` feature
    conversation_reach: int = 8
    # quotes either side whose speakers a quote naming no one is taken to address (PDNC dev, gold quotes
    # and cast: addressee F1 60.7 % at 3, 58.8 % at 2)
    participant_reach: int = 3


SPEAKER_DEFAULTS = SpeakerSettings()

# A speaker at this `Quote.confidence` or above is "confident" (the report can show only those): on the
# fan-fiction dev set two quotations in three reach it, and nine in ten of those are right (`ficlens eval
# fanfic` prints the figures).
CONFIDENT = 0.9


@dataclass(frozen=True)
class Calibration:
    """How often the speaker is right for the quotations found at or above a confidence, and below it, on
    the hand-annotated fan-fiction set (`ficlens.eval.fanfic`: each gold quotation ficlens found, the least
    `Quote.confidence` of its quotes against whether their speaker is the gold one)."""

    threshold: float
    above: int
    right_above: float  # share of the quotations at or above `threshold` whose speaker is right
    below: int
    right_below: float
    works: int

    @property
    def quotes(self) -> int:
        return self.above + self.below

    @property
    def share_above(self) -> float:
        return self.above / self.quotes if self.quotes else 0.0


# What `ficlens eval fanfic` prints for CONFIDENT (the report quotes it; tests/eval/test_fanfic.py holds it to
# the measurement). (0.8 gave 88.8 % / 61.2 %, 0.95 92.0 % / 68.2 %: 0.9 splits "usually right" from "a coin
# toss or better" while keeping two quotes in three.)
MEASURED_CALIBRATION = Calibration(
    threshold=CONFIDENT, above=1091, right_above=0.946, below=505, right_below=0.697, works=15
)


class SettingsMismatch(ValueError):
    """A trained model whose features were computed with other settings than the stage runs with."""


def check_trained_with(trained: dict | None, settings: SpeakerSettings) -> None:
    """Refuse a model trained with other settings (`trained`: the ones it saved; None: it saved none, as a
    hand-set rule model)."""
    if trained is None:
        return
    running = asdict(settings)
    differ = sorted(k for k in trained.keys() | running.keys() if trained.get(k) != running.get(k))
    if differ:
        changes = ", ".join(f"{k} {trained.get(k)!r} in the model, {running.get(k)!r} here" for k in differ)
        raise SettingsMismatch(
            f"the attribution model was trained with other settings ({changes}): "
            "retrain it with `ficlens train attribution`, or run with its settings"
        )
