"""Third-person pronouns resolved by a trained mention-ranking model.

Each he/she/they (and their other forms) chooses, among the entities mentioned in the last `WINDOW`
sentences, the one it refers to, or none: someone the text has not named, a group, a thing. The entities
are the cast's characters (names and descriptions, clustered before) and the unnamed people that earlier
pronouns started, so "a stranger came in. He sat. He ate." keeps one unnamed entity. The choice is a softmax
over the candidates, scored by a small network (`ficlens.ranker`) over the features below: gender agreement,
distance, recency among those who agree, the subject of the last sentence that names someone (Hobbs),
binding inside a sentence, quotation, salience.

The model is `models/coref.json`, trained on LitBank's coreference (its size and L2 chosen on the dev split,
then refit on train and dev) by

    ficlens train coref ../shared/data/litbank

and scored on its test split by `ficlens eval litbank-entities`.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np

from ficlens.cast.pronouns import Token
from ficlens.errors import MissingDependency
from ficlens.lexicon import PRONOUN_GENDER, REFLEXIVE_PRONOUNS, SUBJECT_PRONOUNS
from ficlens.ranker import Ranker

MODEL_PATH = Path(__file__).resolve().parents[1] / "models" / "coref.json"
MODEL_FORMAT = "ficlens.coref/1"
WINDOW = 8  # sentences back a pronoun looks for its antecedent

_POSSESSIVE = frozenset(("his", "their", "theirs", "hers"))
_REFLEXIVE = frozenset(REFLEXIVE_PRONOUNS)
_SUBJECT = frozenset(SUBJECT_PRONOUNS)

FEATURES = (
    # the "nobody here" candidate, and what makes it likely
    "new",
    "new_they",
    "new_in_quote",
    "new_none_agree",
    "new_subject",
    # agreement
    "gender_agrees",
    "gender_unknown",
    "gender_clashes",
    "they_singular",
    # distance in sentences since the entity's last mention
    "sentences_0",
    "sentences_1",
    "sentences_2",
    "sentences_3_5",
    "sentences_6_plus",
    # recency among the candidates that agree, and among all
    "agree_rank_1",
    "agree_rank_2",
    "agree_rank_3_plus",
    "rank_1",
    "rank_2",
    # the first agreeing entity of the latest sentence naming one (Hobbs)
    "hobbs",
    "hobbs_subject_pronoun",
    # earlier in the pronoun's own sentence: a reflexive's binder, a non-reflexive's non-antecedent
    "same_sentence_reflexive",
    "same_sentence_subject",
    "same_sentence_object",
    "same_sentence_possessive",
    # the entity's last mention
    "last_is_subject",
    "last_is_pronoun",
    "last_same_pronoun",
    "last_in_quote_pronoun_in_quote",
    "last_in_quote_pronoun_out",
    "last_out_pronoun_in_quote",
    "same_paragraph",
    "other_scene",
    # who the entity is
    "named",
    "scene_salience",
    "total_salience",
    "most_salient_agreeing",
    "agreeing_between",
)
INDEX = {name: i for i, name in enumerate(FEATURES)}


@dataclass
class Entity:
    """A character or an unnamed person, with what the ranker reads about its latest mention."""

    id: str
    gender: str | None
    named: bool
    order: int  # entities in the order of their first mention
    last: int = -1  # token index
    sentence: int = -1
    paragraph: int = -1
    scene: int = -1
    in_quote: bool = False
    subject: bool = False  # the latest mention opened its sentence's mentions
    pronoun: str | None = None  # the latest mention's pronoun, lowercased, if it was one
    in_scene: int = 0
    total: int = 0


@dataclass
class Choice:
    """One pronoun's candidates (None: nobody mentioned here) and their feature rows."""

    token: Token
    candidates: list[str | None]
    rows: np.ndarray


@dataclass
class CorefInput:
    """What the resolver reads: names, descriptions and pronouns in text order, the characters' ids by the
    surfaces that name them, their genders, and the scene and sentence of an offset."""

    tokens: list[Token]
    char_of: dict[str, str]
    gender_of: dict[str, str | None]
    scene_of: Callable[[int], int]
    sentence_of: Callable[[int], int]


@dataclass
class _State:
    entities: dict[str, Entity] = field(default_factory=dict)
    active: dict[str, Entity] = field(default_factory=dict)  # those mentioned in the last WINDOW sentences
    sentence_firsts: dict[int, list[str]] = field(default_factory=dict)  # sentence -> entities, in order
    unnamed: int = 0


def _pronoun_case(word: str) -> str:
    if word in _REFLEXIVE:
        return "reflexive"
    if word in _SUBJECT:
        return "subject"
    if word in _POSSESSIVE:
        return "possessive"
    return "object"  # him, them, her (object or possessive: read as object)


def _agrees(pronoun_gender: str, entity_gender: str | None) -> bool | None:
    """True, False, or None when the entity's gender is not known."""
    if entity_gender is None:
        return None
    return entity_gender == pronoun_gender


def _rows(
    tok: Token, sentence: int, paragraph: int, scene: int, word: str, candidates: list[Entity], state: _State
) -> np.ndarray:
    gender = PRONOUN_GENDER[word]
    case = _pronoun_case(word)
    rows = np.zeros((len(candidates) + 1, len(FEATURES)), dtype=np.float32)
    agreeing = [e for e in candidates if _agrees(gender, e.gender) is not False]
    by_recency = sorted(candidates, key=lambda e: -e.last)
    rank = {e.id: i for i, e in enumerate(by_recency)}
    agreeing_ids = {e.id for e in agreeing}
    agree_rank = {e.id: i for i, e in enumerate(e for e in by_recency if e.id in agreeing_ids)}
    hobbs = _hobbs(state, sentence, agreeing_ids)
    top = max(agreeing, key=lambda e: e.in_scene, default=None)
    new = rows[0]
    new[INDEX["new"]] = 1
    new[INDEX["new_they"]] = gender == "nonbinary"
    new[INDEX["new_in_quote"]] = tok.inside_quote
    new[INDEX["new_none_agree"]] = not agreeing
    new[INDEX["new_subject"]] = case == "subject"
    for row, e in zip(rows[1:], candidates, strict=True):
        agrees = _agrees(gender, e.gender)
        row[INDEX["gender_agrees"]] = agrees is True
        row[INDEX["gender_unknown"]] = agrees is None
        row[INDEX["gender_clashes"]] = agrees is False
        row[INDEX["they_singular"]] = gender == "nonbinary" and e.gender in ("male", "female")
        distance = sentence - e.sentence
        bucket = (
            "sentences_0"
            if distance <= 0
            else "sentences_1"
            if distance == 1
            else "sentences_2"
            if distance == 2
            else "sentences_3_5"
            if distance <= 5
            else "sentences_6_plus"
        )
        row[INDEX[bucket]] = 1
        if e.id in agree_rank:
            r = agree_rank[e.id]
            row[INDEX["agree_rank_1" if r == 0 else "agree_rank_2" if r == 1 else "agree_rank_3_plus"]] = 1
        if rank[e.id] < 2:
            row[INDEX["rank_1" if rank[e.id] == 0 else "rank_2"]] = 1
        if e.id == hobbs:
            row[INDEX["hobbs"]] = 1
            row[INDEX["hobbs_subject_pronoun"]] = case == "subject"
        if distance <= 0:
            row[INDEX[f"same_sentence_{case}"]] = 1
        row[INDEX["last_is_subject"]] = e.subject
        row[INDEX["last_is_pronoun"]] = e.pronoun is not None
        row[INDEX["last_same_pronoun"]] = e.pronoun is not None and PRONOUN_GENDER[e.pronoun] == gender
        row[INDEX["last_in_quote_pronoun_in_quote"]] = e.in_quote and tok.inside_quote
        row[INDEX["last_in_quote_pronoun_out"]] = e.in_quote and not tok.inside_quote
        row[INDEX["last_out_pronoun_in_quote"]] = not e.in_quote and tok.inside_quote
        row[INDEX["same_paragraph"]] = e.paragraph == paragraph
        row[INDEX["other_scene"]] = e.scene != scene
        row[INDEX["named"]] = e.named
        row[INDEX["scene_salience"]] = math.log1p(e.in_scene) / 3
        row[INDEX["total_salience"]] = math.log1p(e.total) / 5
        row[INDEX["most_salient_agreeing"]] = e is top
        row[INDEX["agreeing_between"]] = min(3, sum(1 for a in agreeing if a.last > e.last)) / 3
    return rows


def _hobbs(state: _State, sentence: int, agreeing: set[str]) -> str | None:
    """The first agreeing entity mentioned in the latest earlier sentence that mentions one."""
    for s in range(sentence - 1, sentence - WINDOW - 1, -1):
        for eid in state.sentence_firsts.get(s, ()):
            if eid in agreeing:
                return eid
    return None


def _mention(state: _State, e: Entity, index: int, tok: Token, sentence: int, paragraph: int, scene: int):
    firsts = state.sentence_firsts.setdefault(sentence, [])
    if e.id not in firsts:
        firsts.append(e.id)
    if e.scene != scene:
        e.in_scene = 0
    e.subject = firsts[0] == e.id
    e.last, e.sentence, e.paragraph, e.scene = index, sentence, paragraph, scene
    e.in_quote = tok.inside_quote
    e.pronoun = None if tok.is_name else tok.surface.lower()
    e.in_scene += 1
    e.total += 1
    state.active[e.id] = e


def _in_window(state: _State, sentence: int) -> list[Entity]:
    """The entities mentioned in the last `WINDOW` sentences, in the order of their first mention; the
    others leave `state.active` (so each pronoun reads a handful of entities, however long the work)."""
    for stale in [k for k, e in state.active.items() if sentence - e.sentence > WINDOW]:
        del state.active[stale]
    return sorted(state.active.values(), key=lambda e: e.order)


Chooser = Callable[[Choice], str | None]


def walk(inp: CorefInput, choose: Chooser) -> list[tuple[Token, str | None]]:
    """(pronoun, entity id) for every pronoun in text order: a character id, "U<n>" for an unnamed person,
    None for nobody. `choose` picks among a pronoun's candidates (the model; a teacher when training).
    A character of unknown gender chosen by he or she takes that gender (in `inp.gender_of`)."""
    char_of, gender_of, scene_of, sentence_of = inp.char_of, inp.gender_of, inp.scene_of, inp.sentence_of
    state = _State()
    out: list[tuple[Token, str | None]] = []
    for index, tok in enumerate(inp.tokens):
        sentence, scene, paragraph = sentence_of(tok.start), scene_of(tok.start), tok.paragraph
        if tok.is_name:
            cid = char_of.get(tok.surface)
            if cid is None:
                continue
            e = state.entities.get(cid) or state.entities.setdefault(
                cid, Entity(cid, gender_of.get(cid), named=True, order=len(state.entities))
            )
            _mention(state, e, index, tok, sentence, paragraph, scene)
            continue
        word = tok.surface.lower()
        candidates = _in_window(state, sentence)
        choice = Choice(
            tok,
            [None, *(e.id for e in candidates)],
            _rows(tok, sentence, paragraph, scene, word, candidates, state),
        )
        picked = choose(choice)
        gender = PRONOUN_GENDER[word]
        if picked is None:
            state.unnamed += 1
            picked = f"U{state.unnamed}"
            state.entities[picked] = Entity(picked, gender, named=False, order=len(state.entities))
        e = state.entities[picked]
        if e.gender is None and gender != "nonbinary":
            e.gender = gender
            if e.named:
                gender_of[e.id] = gender
        _mention(state, e, index, tok, sentence, paragraph, scene)
        out.append((tok, picked))
    return out


@cache
def default_model() -> Ranker:
    """The shipped model, loaded once."""
    if not MODEL_PATH.is_file():
        raise MissingDependency(
            MODEL_PATH,
            "the shipped coreference model is missing: reinstall ficlens, or rebuild it with `ficlens train coref`",
        )
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    if data.get("format") != MODEL_FORMAT or tuple(data.get("features", ())) != FEATURES:
        raise MissingDependency(
            MODEL_PATH,
            "the coreference model does not match this ficlens: rebuild it with `ficlens train coref`",
        )
    return Ranker.from_dict(data["ranker"])


def resolve(inp: CorefInput, model: Ranker | None = None) -> list[tuple[Token, str | None, float]]:
    """(pronoun, entity id, the model's probability for it) for every pronoun of `inp`, by the shipped
    model unless one is given."""
    model = model or default_model()
    confidence: dict[int, float] = {}

    def choose(choice: Choice) -> str | None:
        p = model.probabilities(choice.rows)
        best = int(np.argmax(p))
        confidence[choice.token.start] = float(p[best])
        return choice.candidates[best]

    return [(t, entity, confidence[t.start]) for t, entity in walk(inp, choose)]
