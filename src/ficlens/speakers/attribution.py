"""Speaker, addressees and type for every quotation, from a staged learned ranker.

Stage one scores each candidate character from the quote's own surroundings; each later stage adds the
previous stage's beliefs about the speakers of the quote's paragraph-mates and of the turns before and after
it, which is how turn-taking, vocatives answered in the next line and "who was addressed last" enter. Each
stage is a softmax over candidates of a linear score plus a small tanh hidden layer; weights are trained by
`ficlens train attribution` on PDNC and shipped as JSON under ficlens/models, with the settings the
features were computed with (a model is refused under other settings). Without the shipped model the
stage stops (`MissingDependency`): a hand-set rule baseline (`SpeakerModel.rules`) is for comparison only,
never a silent stand-in.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from ficlens.errors import MissingDependency
from ficlens.model import Quote, Work
from ficlens.ranker import Ranker
from ficlens.speakers.features import (
    CONTEXT,
    FEATURES,
    LOCAL,
    QuoteContext,
    context_rows,
    local_contexts,
    same_conversation,
)
from ficlens.speakers.settings import SPEAKER_DEFAULTS, SpeakerSettings, check_trained_with
from ficlens.speakers.turns import decode_turns

MODEL_NAME = "attribution.json"

# The rule baseline: a speech tag naming someone, then a pronoun tag, the action beat, turn-taking.
_RULES = {
    "after_name_verb": 5.0,
    "after_name_first": 1.0,
    "before_name_verb": 4.0,
    "before_name_last": 1.0,
    "tag_pronoun_rank1": 3.0,
    "tag_pronoun_rank2": 1.0,
    "tag_resolved": 3.0,
    "para_subject": 1.5,
    "para_first_name": 1.0,
    "bias_rank1": 1.0,
    "rank2": 0.5,
    "in_quote": -2.0,
    "in_prev_quote": 1.5,
    "prev_same_para": 4.0,
    "prev_turn1": -1.0,
    "prev_turn2": 2.0,
    "next_turn2": 1.5,
    "next_turn1": -1.0,
}


@dataclass
class SpeakerModel:
    """Stage one over local features; each later stage adds the previous stage's beliefs about the
    neighbouring quotes' speakers."""

    stages: list[Ranker]
    trained_on: list[str]
    settings: dict | None = None  # the SpeakerSettings (as a dict) it was trained with; None: hand-set rules

    @classmethod
    def rules(cls) -> SpeakerModel:
        w1 = np.array([_RULES.get(f, 0.0) for f in LOCAL])
        w2 = np.array([_RULES.get(f, 0.0) for f in FEATURES])
        return cls([Ranker(w1), Ranker(w2)], trained_on=[])

    def to_json(self) -> str:
        return json.dumps(
            {
                "features": {"local": list(LOCAL), "context": list(CONTEXT)},
                "stages": [r.to_dict() for r in self.stages],
                "trained_on": self.trained_on,
                "settings": self.settings,
            },
            indent=1,
        )

    @classmethod
    def from_json(cls, text: str) -> SpeakerModel:
        data = json.loads(text)
        if data["features"] != {"local": list(LOCAL), "context": list(CONTEXT)}:
            raise ValueError("the shipped attribution model was trained on other features; retrain it")
        return cls([Ranker.from_dict(r) for r in data["stages"]], data["trained_on"], data.get("settings"))

    def predict(
        self,
        contexts: list[QuoteContext],
        *,
        stages: int | None = None,
        settings: SpeakerSettings = SPEAKER_DEFAULTS,
    ) -> list[dict[str, float]]:
        """Candidate probabilities per quote after the first `stages` stages (all by default); `settings`:
        those the contexts were made with."""
        first, *later = self.stages[:stages]
        probs = beliefs(first, contexts, [c.local for c in contexts])
        for ranker in later:
            probs = beliefs(ranker, contexts, context_rows(contexts, probs, settings))
        return probs


def beliefs(ranker: Ranker, contexts: list[QuoteContext], rows: list[np.ndarray]) -> list[dict[str, float]]:
    """One stage's candidate probabilities per quote, from each quote's feature rows."""
    return [
        dict(zip(c.candidates, ranker.probabilities(r), strict=False))
        for c, r in zip(contexts, rows, strict=False)
    ]


def model_path() -> Path:
    return Path(__file__).resolve().parents[1] / "models" / MODEL_NAME


@cache
def default_model() -> SpeakerModel:
    """The shipped model, loaded once."""
    path = model_path()
    if not path.is_file():
        raise MissingDependency(
            path,
            "the shipped attribution model is missing: reinstall ficlens, or rebuild "
            "it with `ficlens train attribution`",
        )
    return SpeakerModel.from_json(path.read_text(encoding="utf-8"))


def quote_types(contexts: list[QuoteContext], speakers: list[str | None]) -> list[str]:
    """PDNC's types (explicit: the tag names the speaker; anaphoric: a pronoun or description; implicit:
    no tag). PDNC types a whole quotation, and a tag typing one part of it types the parts of the same
    paragraph and speaker beside it ("Forehead," Ino says, "let's go out." is explicit twice)."""
    strength = {"implicit": 0, "anaphoric": 1, "explicit": 2}
    types = [c.kind for c in contexts]
    for i in range(1, len(contexts)):  # forward, then backward: a run of parts takes its strongest tag
        if (
            contexts[i].paragraph == contexts[i - 1].paragraph
            and speakers[i] == speakers[i - 1]
            and strength[types[i - 1]] > strength[types[i]]
        ):
            types[i] = types[i - 1]
    for i in range(len(contexts) - 2, -1, -1):
        if (
            contexts[i].paragraph == contexts[i + 1].paragraph
            and speakers[i] == speakers[i + 1]
            and strength[types[i + 1]] > strength[types[i]]
        ):
            types[i] = types[i + 1]
    return types


MAX_NAMED_ADDRESSEES = 2  # a quote calling several people by name is taken to address the first two


def _addressees(
    i: int, contexts: list[QuoteContext], speakers: list[str | None], settings: SpeakerSettings
) -> list[str]:
    """Who is spoken to: someone named inside the quote, else the others who speak around it in the same
    conversation (`participant_reach` quotes either side, none further than `conversation_gap` paragraphs
    from the next), nearest first: in a group scene a remark is for the group (four in ten PDNC quotes have
    two or more addressees)."""
    me = speakers[i]
    named = [c for c in contexts[i].vocatives if c != me]
    if named:
        return named[:MAX_NAMED_ADDRESSEES]
    reach = settings.participant_reach

    def close(j: int) -> bool:  # quotes j and j + 1 are of one conversation
        return same_conversation(contexts[j], contexts[j + 1], settings.conversation_gap)

    lo = hi = i
    while lo > max(0, i - reach) and close(lo - 1):
        lo -= 1
    while hi < min(len(contexts) - 1, i + reach) and close(hi):
        hi += 1
    out: list[str] = []
    for j in sorted(range(lo, hi + 1), key=lambda j: abs(j - i)):
        if speakers[j] and speakers[j] != me and speakers[j] not in out:
            out.append(speakers[j])
    return out


def _continue_addressees(
    contexts: list[QuoteContext], speakers: list[str | None], addressees: list[list[str]], gap: int
) -> list[list[str]]:
    """A speaker going on without a reply ("...," she says, "and all you ever do is train") still speaks to
    whom they spoke just before: a quote with no addressee takes those of the quote right before it when the
    same speaker said that one, in the same conversation (at most `gap` paragraphs back)."""
    out = [list(a) for a in addressees]
    for i in range(1, len(contexts)):
        j = i - 1
        if (
            not out[i]
            and speakers[i]
            and speakers[j] == speakers[i]
            and same_conversation(contexts[j], contexts[i], gap)
        ):
            out[i] = list(out[j])
    return out


# A paragraph with more quotes than this is no one speaker's (PDNC's most is 13), and deciding it as one would
# cost the square of its quotes.
MAX_CONSENSUS_QUOTES = 16
# added to each quote's probability before the product: a candidate one quote all but rules out is not
# vetoed outright by it
CONSENSUS_FLOOR = 1e-4


def paragraph_consensus(
    contexts: list[QuoteContext], probs: list[dict[str, float]]
) -> list[dict[str, float]]:
    """Quotes in one paragraph almost always share a speaker (97 % in PDNC): decide them together, by the
    product of their probabilities, unless their speech tags name different people (or there are more than
    `MAX_CONSENSUS_QUOTES` of them)."""
    out = list(probs)
    i = 0
    while i < len(contexts):
        j = i
        while j + 1 < len(contexts) and contexts[j + 1].paragraph == contexts[i].paragraph:
            j += 1
        group = range(i, j + 1)
        tagged = {contexts[k].tag_name for k in group if contexts[k].tag_name}
        names = {c for k in group for c in probs[k]}
        # (no names: no candidate in reach, nothing to agree on)
        if 0 < j - i < MAX_CONSENSUS_QUOTES and len(tagged) <= 1 and names:
            joint = {
                c: float(np.sum([np.log(probs[k].get(c, 0.0) + CONSENSUS_FLOOR) for k in group]))
                for c in names
            }
            top = max(joint.values())
            weights = {c: np.exp(v - top) for c, v in joint.items()}
            total = sum(weights.values())
            shared = {c: w / total for c, w in weights.items()}
            for k in group:
                out[k] = shared
        i = j + 1
    return out


def attribute_quotes(
    work: Work,
    *,
    model: SpeakerModel | None = None,
    quotes: list[Quote] | None = None,
    settings: SpeakerSettings = SPEAKER_DEFAULTS,
) -> list[Quote]:
    """Fill speaker, addressees and type on `quotes` (default: the work's) and return them. The model
    (default: the shipped one) must have been trained with `settings` (`SettingsMismatch` if not)."""
    quotes = work.quotes if quotes is None else quotes
    model = model or default_model()
    check_trained_with(model.settings, settings)
    if not quotes:
        return quotes
    contexts = local_contexts(work, quotes=quotes, settings=settings)
    probs = paragraph_consensus(contexts, model.predict(contexts, settings=settings))
    speakers = decode_turns(contexts, probs)
    labelled = _labelled_speakers(work, contexts)
    speakers = [labelled.get(i, s) for i, s in enumerate(speakers)]
    types = quote_types(contexts, speakers)
    addressees = _continue_addressees(
        contexts,
        speakers,
        [_addressees(i, contexts, speakers, settings) for i in range(len(quotes))],
        settings.conversation_gap,
    )
    for i, q in enumerate(quotes):
        q.speaker = speakers[i]
        q.type = "explicit" if i in labelled else types[i]
        q.addressees = addressees[i]
        q.confidence = 1.0 if i in labelled else _confidence(probs[i], speakers[i])
    return quotes


def _confidence(probs: dict[str, float], speaker: str | None) -> float | None:
    """The chosen speaker's probability among the candidates, to three places (the turn decoder can choose
    one the quote alone ranks lower: its own probability is still what the quote says)."""
    return None if speaker is None else round(float(probs.get(speaker, 0.0)), 3)  # a float, not numpy's


def _labelled_speakers(work: Work, contexts: list[QuoteContext]) -> dict[int, str]:
    """Quote index -> speaker, for the messages of a chat log or script: the label names the speaker."""
    if not work.speaker_labels:
        return {}
    by_alias = {alias.lower(): c.id for c in work.characters for alias in c.aliases}
    label_of = {label.quote: work.text[label.start : label.end].lower() for label in work.speaker_labels}
    labels = {i: label_of.get(ctx.quote.id) for i, ctx in enumerate(contexts)}
    return {i: by_alias[label] for i, label in labels.items() if label in by_alias}


__all__ = ["CONTEXT", "SpeakerModel", "attribute_quotes", "default_model", "quote_types"]
