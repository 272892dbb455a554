"""Name mentions: the shipped spaCy NER (``ficlens/models/ner``, trained by `ficlens train ner`).

The model is loaded once per process. Long texts are cut at paragraph breaks into chunks of a few
thousand characters and run through ``nlp.pipe``, so memory stays flat on a 200k-word novel.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from pathlib import Path

from ficlens import blas
from ficlens.cast.aliases import MIN_SHORT_FORM
from ficlens.cast.common_words import common_pos
from ficlens.cast.given_names import is_given_name
from ficlens.errors import MissingDependency
from ficlens.lexicon import (
    ADDRESS_TITLES,
    APOSTROPHES,
    CORE_SPEECH_VERBS,
    CURLY_DOUBLE,
    HONORIFICS,
    LEFT_SINGLE,
    PERSON_VERBS,
    PERSONAL_TITLES,
    STRAIGHT_DOUBLE,
    SURNAME_PARTICLES,
    TITLE_ABBREVIATIONS,
    TITLES,
    alternation,
    char_class,
)

MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "ner"
CHUNK_CHARS = 6000


@lru_cache(maxsize=1)
def load_model():
    import spacy
    from thinc.api import get_current_ops, set_current_ops

    if not (MODEL_DIR / "config.cfg").is_file():
        raise MissingDependency(MODEL_DIR, "the NER model is missing: run ficlens train ner")
    # the network's layers keep the operations current when they are built: the measured multiply
    current = get_current_ops()
    set_current_ops(blas.ner_ops())
    try:
        return spacy.load(MODEL_DIR)
    finally:
        set_current_ops(current)


# Chunks the NER reads at once: on Pride and Prejudice 4 take 264 MiB at peak and 16 take 543, for no less CPU
NER_BATCH = 4
# spaCy's memory grows with the tokens of a batch of chunks: 6,000 characters of prose are about 1,300
# tokens, but 6,000 of one-letter lines are 6,000 (16 such chunks took 1.5 GB). A chunk stops at
# MAX_CHUNK_TOKENS by this rough count (above every chunk of PDNC's novels, whose most is 1,821).
MAX_CHUNK_TOKENS = 2000
_TOKENISH = re.compile(r"\w+|[^\w\s]|\s(?=\s)|\n")


def _token_limit(text: str, start: int, end: int) -> int:
    """`end`, or sooner: where the MAX_CHUNK_TOKENS-th token of text[start:end] begins."""
    for n, m in enumerate(_TOKENISH.finditer(text, start, end)):
        if n == MAX_CHUNK_TOKENS:
            return m.start()
    return end


def _chunks(text: str) -> Iterator[tuple[int, str]]:
    """(offset, chunk) pieces of at most ~CHUNK_CHARS and MAX_CHUNK_TOKENS, cut after a newline where
    possible."""
    start = 0
    while start < len(text):
        end = _token_limit(text, start, min(len(text), start + CHUNK_CHARS))
        if end < len(text):
            half = start + (end - start) // 2
            cut = text.rfind("\n", half, end)
            if cut < 0:
                cut = text.rfind(" ", half, end)
            end = cut + 1 if cut >= 0 else end
        yield start, text[start:end]
        start = end


FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "but",
        "or",
        "nor",
        "for",
        "so",
        "yet",
        "if",
        "then",
        "than",
        "as",
        "at",
        "by",
        "in",
        "of",
        "on",
        "to",
        "up",
        "with",
        "from",
        "into",
        "onto",
        "upon",
        "about",
        "above",
        "after",
        "against",
        "along",
        "among",
        "around",
        "before",
        "behind",
        "below",
        "beneath",
        "beside",
        "besides",
        "between",
        "beyond",
        "during",
        "except",
        "inside",
        "near",
        "off",
        "out",
        "outside",
        "over",
        "since",
        "through",
        "throughout",
        "till",
        "until",
        "toward",
        "towards",
        "under",
        "unlike",
        "via",
        "within",
        "without",
        "although",
        "though",
        "because",
        "unless",
        "whereas",
        "while",
        "when",
        "whenever",
        "where",
        "wherever",
        "whether",
        "why",
        "how",
        "what",
        "which",
        "who",
        "whom",
        "whose",
        "this",
        "that",
        "these",
        "those",
        "there",
        "here",
        "i",
        "me",
        "my",
        "mine",
        "we",
        "us",
        "our",
        "you",
        "your",
        "he",
        "him",
        "his",
        "she",
        "her",
        "hers",
        "it",
        "its",
        "they",
        "them",
        "their",
        "is",
        "am",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "have",
        "has",
        "had",
        "do",
        "does",
        "did",
        "will",
        "would",
        "shall",
        "should",
        "can",
        "could",
        "may",
        "might",
        "must",
        "not",
        "no",
        "yes",
        "oh",
        "ah",
        "well",
        "now",
        "just",
        "only",
        "even",
        "also",
        "still",
        "once",
        "never",
        "always",
        "ever",
        "perhaps",
        "indeed",
        "however",
        "thus",
        "hence",
        "meanwhile",
        "all",
        "any",
        "each",
        "every",
        "some",
        "such",
        "both",
        "either",
        "neither",
        "many",
        "much",
        "more",
        "most",
        "other",
        "another",
        "same",
        "very",
        "too",
        "again",
        "said",
        "says",
        "asked",
        "let",
        "lets",
    ]
)
PARTICLES = SURNAME_PARTICLES | {"st", "bin", "ibn", "al"}  # also inside a name the NER found ("St. John")
_WORD = re.compile(rf"[A-Za-z\u00C0-\u024F][\w\u00C0-\u024F]*(?:[-‐{APOSTROPHES}][\w\u00C0-\u024F]+)*\.?")
_POSSESSIVES = tuple(a + "s" for a in APOSTROPHES)


def split_name_span(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The names inside a predicted span: runs of capitalised words (particles such as "de" allowed
    inside), cut at other punctuation and at function words ("Had Elizabeth" -> "Elizabeth", "Jane to
    Elizabeth" -> "Jane", "Elizabeth"); a possessive and a sentence's full stop are dropped."""
    runs: list[tuple[int, int]] = []
    run_start = run_end = None
    pos = start
    for m in _WORD.finditer(text, start, end):
        gap = text[pos : m.start()]
        word = m.group()
        core = word.rstrip(".")
        low = core.lower()
        if core.endswith(_POSSESSIVES):
            core = core[:-2]
        is_name = (core[:1].isupper() and low not in FUNCTION_WORDS) or bool(_ELIDED.match(core))
        joins = (
            run_start is not None
            and gap.strip() == ""
            and low not in PERSONAL_TITLES
            and (
                is_name
                or low in PARTICLES
                or (low in ("of", "the") and _capitalised_next(text, m.end(), end))
            )
        )
        if run_start is not None and not joins:
            runs.append((run_start, run_end))
            run_start = None
        if is_name and run_start is None:
            run_start = m.start()
        if run_start is not None:
            abbreviation = low in TITLE_ABBREVIATIONS or (len(core) == 1 and core.isupper())  # "Mr.", "O."
            run_end = m.start() + len(core) + (1 if word.endswith(".") and abbreviation else 0)
            if (
                word.endswith(".")
                and low not in TITLE_ABBREVIATIONS
                and not (len(core) == 1 and core.isupper())
            ):
                runs.append((run_start, run_end))  # a full stop ends the name
                run_start = None
        pos = m.end()
    if run_start is not None:
        runs.append((run_start, run_end))
    out = []
    for s, e in runs:
        while e > s and text[s:e].split()[-1].lower() in PARTICLES | {"of", "the"}:  # no trailing "de", "The"
            e = s + text[s:e].rstrip().rfind(" ")
        if (
            e > s
            and text[s].isupper()
            and not all(w.lower().rstrip(".") in TITLES for w in text[s:e].split())
        ):
            out.append((s, e))
    return out


_ELIDED = re.compile(rf"^[a-z][{APOSTROPHES}][A-Z]")  # d'Urberville, o'Hara


def _capitalised_next(text: str, pos: int, end: int) -> bool:
    """A capitalised word follows within the span ("William the Conqueror", "Lavelle of Java")."""
    return bool(re.match(r"\s+[A-Z]", text[pos:end]))


# spaCy's tokenizer strips affixes one character at a time, searching the rest of the token each time: a run
# of symbols thousands long (50k "!" or quote marks) costs seconds a chunk, and a run of spaced symbols
# (". . . . ") makes a token of each, several times the tokens (and memory) of prose. No name is inside such
# a run, so the NER sees it as spaces of the same length (the offsets stay the same).
_SYMBOL_RUN = re.compile(r"[^\w\s]{16,}|(?:[^\w\s]+\s+){16,}")


# A sentence: up to its end mark (and closing quotes) and the space after, or a line.
_SENTENCE = re.compile(r"[^\n]*?(?:[.!?…]+[\"”’')\]]*(?:\s+|$)|\n+|$)")
_CAPITAL_WORD = re.compile(r"[A-Z][\w’'-]*")
# what may stand before a sentence's first word: space, an opening quote or bracket, a dash
_OPENING = re.compile(r"[\s\"“‘'(\[—–-]*")
_FIRST_PERSON = re.compile(r"I(?:[’'](?:m|d|ll|ve))?")
_AFTER_SENTENCE_END = re.compile(r"[.!?…][\"”’')\]]*\s*$")


def _midsentence_capitals(text: str) -> frozenset[str]:
    """Capitalised words the text writes inside a sentence somewhere: names of this text's own, so that
    "Will" opening a sentence is looked at where "Will" is someone ("Will Graham"), not where it is a verb."""
    found = set()
    for m in _CAPITAL_WORD.finditer(text):
        before = text[max(0, m.start() - 3) : m.start()]
        if before[-1:] in (" ", ",", ";", ":") and not _AFTER_SENTENCE_END.search(before):
            found.add(m.group())
    return frozenset(found)


def _may_name(sentence: str, names: frozenset[str]) -> bool:
    """Whether a sentence holds a word the NER could take for a name: a capital inside it (not "I"), or an
    opening word that is no everyday word ("Elizabeth smiled"; not "She smiled") or is a name elsewhere."""
    lead = _OPENING.match(sentence).end()
    for m in _CAPITAL_WORD.finditer(sentence):
        word = m.group()
        if _FIRST_PERSON.fullmatch(word):
            continue
        if m.start() != lead or word in names or common_pos(word) in (None, "PROPN"):
            return True
    return False


@dataclass
class _Piece:
    """Runs of a text's sentences that may hold names, joined by blank lines into one NER input of about a
    chunk's size (short inputs one by one would cost the model more than the text it skips)."""

    text: str
    starts: list[int]  # where each run begins in `text`
    offsets: list[int]  # ... and in the work's text
    ends: list[int]  # where each run ends in `text`

    @classmethod
    def joined(cls, runs: list[tuple[int, str]]) -> _Piece:
        """The piece of `runs`, each (its offset in the work's text, its text)."""
        starts = list(accumulate((len(run) + len(_JOIN) for _, run in runs[:-1]), initial=0))
        return cls(
            text=_JOIN.join(run for _, run in runs),
            starts=starts,
            offsets=[offset for offset, _ in runs],
            ends=[start + len(run) for start, (_, run) in zip(starts, runs, strict=True)],
        )

    def in_text(self, start: int, end: int) -> tuple[int, int] | None:
        """A span of `text` as a span of the work's text; None across a join (no name spans a blank line)."""
        k = bisect_right(self.starts, start) - 1
        if k < 0 or end > self.ends[k]:
            return None
        return self.offsets[k] + start - self.starts[k], self.offsets[k] + end - self.starts[k]


_JOIN = "\n\n"


def _pieces(text: str) -> Iterator[_Piece]:
    """The NER's inputs for a text: its chunks' runs of sentences that may hold names, packed up to
    CHUNK_CHARS and MAX_CHUNK_TOKENS a piece."""
    names = _midsentence_capitals(text)
    runs: list[tuple[int, str]] = []
    size = tokens = 0  # of the runs gathered, joins included
    for off, chunk in _chunks(text):
        if chunk == chunk.lower():
            continue  # no capital letter: no name the NER would find (a million lines of lower-case chat)
        for at, run in _runs_with_names(chunk, names):
            run_tokens = sum(1 for _ in _TOKENISH.finditer(run))
            if runs and (size + len(run) > CHUNK_CHARS or tokens + run_tokens > MAX_CHUNK_TOKENS):
                yield _Piece.joined(runs)
                runs, size, tokens = [], 0, 0
            size += (len(_JOIN) if runs else 0) + len(run)
            tokens += run_tokens
            runs.append((off + at, run))
    if runs:
        yield _Piece.joined(runs)


def _runs_with_names(chunk: str, names: frozenset[str]) -> Iterator[tuple[int, str]]:
    """(offset, text) of each run of consecutive sentences that may hold a name: sentences that cannot
    ("“I don't know,” she said.") are not run through the NER, a third or more of a novel's text."""
    start = end = None
    for m in _SENTENCE.finditer(chunk):
        if m.start() == m.end():
            break
        if _may_name(m.group(), names):
            if start is None:
                start = m.start()
            end = m.end()
        elif start is not None:
            yield start, chunk[start:end]
            start = None
    if start is not None:
        yield start, chunk[start:end]


def _tokenizable(chunk: str) -> str:
    return _SYMBOL_RUN.sub(lambda m: " " * len(m.group()), chunk)


def find_names(
    texts: Iterable[str], *, batch_size: int = NER_BATCH, expand: bool = True
) -> list[list[tuple[int, int]]]:
    """Character-name spans [start, end) for each text: the NER's, and with `expand` every other
    occurrence of a name the text shows to be a person's (see `text_level_names`)."""
    nlp = load_model()
    texts = list(texts)
    # a chunk without a capital letter names no one the NER would find (a million lines of "a", lower-case
    # chat): it is not run through the model at all
    pieces = [(i, piece) for i, t in enumerate(texts) for piece in _pieces(t)]
    out: list[list[tuple[int, int]]] = [[] for _ in texts]
    with blas.one_thread():
        docs = nlp.pipe((_tokenizable(piece.text) for _, piece in pieces), batch_size=batch_size)
        for (i, piece), doc in zip(pieces, docs, strict=False):
            for ent in doc.ents:
                if (span := piece.in_text(ent.start_char, ent.end_char)) is not None:
                    out[i].extend(split_name_span(texts[i], *span))
    if expand:
        out = [
            split_juxtaposed(
                t,
                drop_quantity_nouns(
                    t,
                    trim_sentence_starts(
                        t,
                        full_names(
                            t, merge_spans(drop_sentence_starts(t, spans) + text_level_names(t, spans))
                        ),
                    ),
                ),
            )
            for t, spans in zip(texts, out, strict=False)
        ]
    return out


# lowercase particles of a surname ("van der Luyden", "de Worms"), which the NER tends to cut the name at
_PARTICLE_RUN = r"(?:(?:" + "|".join(sorted(SURNAME_PARTICLES)) + r")\s+)*"
# a title of address (English, or French) and capitalised words: a name wherever it stands
_TITLED = re.compile(
    r"\b(?:" + "|".join((*ADDRESS_TITLES, "Madame", "Monsieur")) + r")\.?"
    r"(?:\s+" + _PARTICLE_RUN + r"[A-Z][a-z]+(?:[-‐][A-Z]?[a-z]+)?){1,2}\b"
)
# a given name, particles and a surname: "Louisa van der Luyden" (found where the NER knows the given name)
_PARTICLE_NAME = re.compile(
    r"\b([A-Z][a-z]+)\s+(?:(?:" + "|".join(sorted(SURNAME_PARTICLES)) + r")\s+)+[A-Z][a-z]+\b"
)
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+(?:[-‐][A-Z]?[a-z]+)?\b")
# verbs that, right after a capitalised word, show it names a person (speech, gesture, thought)
_PERSON_VERB = re.compile(r"\s+" + alternation(PERSON_VERBS) + r"\b")
# an inverted speech tag before the word: "said the Hatter", "cried Alice"
_SPEECH_BEFORE = re.compile(r"\b" + alternation(CORE_SPEECH_VERBS) + r"\s+(?:the\s+)?$")
# a verb in the simple present or past right after the word ("Lee arrives", "Lee simply remains")
_ACTING = re.compile(r"\s+(?:[a-z]+ly\s+)?[a-z]{3,}(?:es|ed|s)\b(?!\s+(?:of|and)\b)")
_PLACE_BEFORE = re.compile(r"\b(?:at|in|to|from|into|near|towards|of|the)\s+$", re.IGNORECASE)


_PLACE_REACH = 8  # characters before a word read for _PLACE_BEFORE: "towards " is its longest lead-in
PLACE_ONE_IN = 3  # a word written after at/in/from ... once in three uses or more is mostly a place's name


def _mostly_places(text: str, spans: list[tuple[int, int]]) -> bool:
    after_place = sum(bool(_PLACE_BEFORE.search(text, max(0, s - _PLACE_REACH), s)) for s, _ in spans)
    return after_place * PLACE_ONE_IN >= len(spans)


_COORDINATION_REACH = 40  # characters either side of a word read for "X and Y"


def _coordinated(text: str, spans: list[tuple[int, int]], known: set[str]) -> bool:
    """The word stands in "X and Y" with a name the NER found ("Naruto and Lee")."""
    for s, e in spans:
        after = re.match(r"\s+and\s+([A-Z]\w+)", text[e : e + _COORDINATION_REACH])
        before = re.search(r"([A-Z]\w+)\s+and\s+$", text[max(0, s - _COORDINATION_REACH) : s])
        if (after and after.group(1) in known) or (before and before.group(1) in known):
            return True
    return False


_SENTENCE_START = re.compile(
    r"(?:^|" + char_class(".!?…:;" + CURLY_DOUBLE + STRAIGHT_DOUBLE + LEFT_SINGLE + "—–-") + r"\s*|\n\s*)$"
)


_SENTENCE_START_REACH = 4  # characters before a word read for _SENTENCE_START (a mark, a quote, spaces)


def _is_sentence_initial(text: str, start: int) -> bool:
    return bool(_SENTENCE_START.search(text[max(0, start - _SENTENCE_START_REACH) : start]))


# A word the NER never found is a name when the text capitalises it mid-sentence at least twice and at least
# three times as often as it writes it in lowercase, with a sign of a person: a person's verb after it, an
# inverted tag before it (read that far back: "said the "), two verbs in -s/-ed after it, or "and" with a name.
MIN_CAPITALISED = 2
CAPITALISED_PER_LOWERCASE = 3
_SPEECH_BEFORE_REACH = 20
MIN_ACTING = 2


_SPEECH_AFTER = re.compile(r"\s+" + alternation(CORE_SPEECH_VERBS) + r"\b")
_CLAUSE_END = re.compile(r"\s*[.,;:!?—–]")


def _inverted_tag_before(text: str, start: int) -> bool:
    """A speech verb right before a mention: "said the Hatter", "cried Alice"."""
    return bool(_SPEECH_BEFORE.search(text, max(0, start - _SPEECH_BEFORE_REACH), start))


def speaks(text: str, spans: list[tuple[int, int]]) -> bool:
    """A speech tag names one of the mentions: "God said", "says God." (not "asked God to let him live")."""
    return any(
        _SPEECH_AFTER.match(text, e) or (_inverted_tag_before(text, s) and _CLAUSE_END.match(text, e))
        for s, e in spans
    )


# A verb on the body of the one named ("Cass narrowed her eyes", "Tom shook his head") or that body's own
# ("Cass's face fell"): only people have these.
_BODY = r"(?:eyes|head|hands?|arms?|shoulders?|lips|mouth|face|fingers|hair|teeth|chin|brow|nose|jaw|knees)\b"
_BODY_ACT = re.compile(
    rf"\s+(?:[a-z]+ly\s+)?[a-z]+ed\s+(?:her|his|their)\s+{_BODY}|[{APOSTROPHES}]s\s+{_BODY}"
)


def acts_as_person(text: str, spans: list[tuple[int, int]]) -> bool:
    """A verb of speech, gesture or thought right after one of the mentions, one on its body, or an inverted
    speech tag right before one ("Ino grins", "Cass narrowed her eyes", "said the Hatter")."""
    return any(
        _PERSON_VERB.match(text, e) or _BODY_ACT.match(text, e) or _inverted_tag_before(text, s)
        for s, e in spans
    )


def _person_like(text: str, spans: list[tuple[int, int]], known: set[str]) -> bool:
    """Some sign that a capitalised word names a person (see `text_level_names`)."""
    return (
        acts_as_person(text, spans)
        or (
            sum(bool(_ACTING.match(text, e)) for _, e in spans) >= MIN_ACTING
            and not _mostly_places(text, spans)
        )
        or _coordinated(text, spans, known)
    )


_HONORIFIC_END = re.compile(r"[-‐](?:" + "|".join(HONORIFICS) + r")$")


def _clips_a_name(word: str, names: set[str]) -> bool:
    """`word` is the start of a longer word of one of `names` ("Tam" of Tamsin Rhee)."""
    return len(word) >= MIN_SHORT_FORM and any(
        len(part) > len(word) and part.startswith(word) for name in names for part in name.split()
    )


def text_level_names(text: str, predicted: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Names the text itself vouches for, wherever they occur:
    - every capitalised occurrence of a name the NER found somewhere in the text (only mid-sentence
      ones when the text also writes the word in lowercase: "Frank", "Such");
    - a title and capitalised words ("Mrs. Weston");
    - a word the text capitalises mid-sentence at least twice and far more often than it writes it in
      lowercase ("the Hatter" beside one "a hatter"), with some sign of a person: a verb of speech,
      gesture or thought after it ("Ino grins"), an inverted speech tag before it ("said the Hatter"),
      two verbs in -s/-ed after it, or "and" with a known name ("Naruto and Lee");
    - a word, never in lowercase, that mostly opens sentences, when it acts as a person ("Cass narrowed
      her eyes") or clips a name found ("Tam. Come and sit." beside Tamsin);
    - a name found, with an honorific ("Takeda-senpai")."""
    known = {text[s:e] for s, e in predicted}
    words: dict[str, list[tuple[int, int]]] = {}
    for m in _CAPITALISED.finditer(text):
        words.setdefault(m.group(), []).append(m.span())
    lowercase = Counter(re.findall(r"\b[a-z][a-z-]*\b", text))
    out = [m.span() for m in _TITLED.finditer(text)]
    openers: dict[str, list[tuple[int, int]]] = {}  # words mostly opening sentences, named by their fellows
    for word, spans in words.items():
        inside = [sp for sp in spans if not _is_sentence_initial(text, sp[0])]
        if word in known:
            ordinary = lowercase[word.lower()] > 0 or common_pos(word) is not None
            out.extend(inside if ordinary or _mostly_places(text, spans) else spans)
            continue
        if lowercase[word.lower()] * CAPITALISED_PER_LOWERCASE > len(inside):
            continue
        if len(inside) < MIN_CAPITALISED:
            # a name mostly opening its sentences ("Cass blew in. Cass narrowed her eyes."): no everyday
            # word, never in lowercase (the check above leaves none here), and acting as a person
            if len(spans) >= MIN_CAPITALISED and common_pos(word) is None:
                if acts_as_person(text, spans):
                    out.extend(spans)
                else:
                    openers[word] = spans
            continue
        if _person_like(text, spans, known):
            out.extend(inside if lowercase[word.lower()] else spans)
    # ... or clipping a name found ("Tam. Come and sit.": Tam of Tamsin, itself found by its acting); and
    # a name found with an honorific is a name wherever it stands ("Takeda-senpai's," she said)
    found = known | {text[s:e] for s, e in out}
    for word, spans in openers.items():
        if _clips_a_name(word, found):
            out.extend(spans)
    for word, spans in words.items():
        if (m := _HONORIFIC_END.search(word)) and word[: m.start()] in found:
            out.extend(spans)
    out.extend(m.span() for m in _PARTICLE_NAME.finditer(text) if m.group(1) in known)
    # every other occurrence of a name of several words, all names in one pass (longest first where two
    # start at one place; a shorter one inside a longer is dropped by `merge_spans` as it would be anyway)
    several = sorted((name for name in known if " " in name), key=len, reverse=True)
    if several:
        pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, several)) + r")\b")
        out.extend(m.span() for m in pattern.finditer(text))
    return out


def drop_sentence_starts(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """One-word names at a sentence start that the text also writes in lowercase ("Such", "Pray"), or that
    are everyday English words it never capitalises mid-sentence ("Plants work better...")."""
    lowered = set(re.findall(r"\b[a-z][a-z-]*\b", text))
    capitalised_inside = _capitalised_inside(text)
    return [
        (s, e)
        for s, e in spans
        if not (
            " " not in (word := text[s:e])
            and _is_sentence_initial(text, s)
            and (word.lower() in lowered or (common_pos(word) is not None and word not in capitalised_inside))
        )
    ]


def _capitalised_inside(text: str) -> set[str]:
    return {m.group() for m in _CAPITALISED.finditer(text) if not _is_sentence_initial(text, m.start())}


def trim_sentence_starts(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Several-word names at a sentence start lose a first word that the text also writes in lowercase and
    that is no title ("Modest Sir Walter" -> "Sir Walter", "Certainly Katharine" -> "Katharine")."""
    lowered = set(re.findall(r"\b[a-z][a-z-]*\b", text))
    out = []
    for s, e in spans:
        first = text[s:e].split()[0]
        low = first.lower().rstrip(".")
        if (
            " " in text[s:e].strip()
            and low in lowered
            and low not in TITLES
            and _is_sentence_initial(text, s)
        ):
            s = s + len(first) + (len(text[s + len(first) : e]) - len(text[s + len(first) : e].lstrip()))
        out.append((s, e))
    return out


_PAIR = re.compile(r"\b([A-Z][a-z]+)(?= ([A-Z][a-z]+)\b)")  # a lookahead: "Then Fanny Price" holds two pairs
_TITLE_WORD = re.compile(r"^(?:" + "|".join(ADDRESS_TITLES) + r")\.?\s+")


MIN_PAIRS = 2  # a census first name written before a known name this often makes a full name with it


def full_names(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Add full names the NER often misses and the clustering needs:
    - "Fanny Price" wherever the text writes a one-word name it knows ("Fanny") before a surname it uses
      with a title ("Miss Price", "Mr. Price");
    - "Alexis Ivanovitch" where a census first name the text never writes in lowercase stands, twice or
      more, right before a one-word name it knows ("Ivanovitch")."""
    names = Counter(" ".join(text[s:e].split()) for s, e in spans)
    surnames = Counter()  # "Price" -> uses of "Miss Price", "Mr. Price"...
    for n, count in names.items():
        if (m := _TITLE_WORD.match(n)) and " " not in (rest := n[m.end() :]):
            surnames[rest] += count
    # a given name: used alone more than as a titled surname ("Newland", though once "Mrs. Newland")
    givens = {n for n, count in names.items() if " " not in n and count > surnames[n]}
    pairs = Counter(m.groups() for m in _PAIR.finditer(text))
    lowered = set(re.findall(r"\b[a-z]+\b", text))

    def full(first: str, last: str) -> bool:
        if first in givens and last in surnames:
            return True
        return (
            last in names
            and first not in names
            and pairs[first, last] >= MIN_PAIRS
            and first.lower() not in lowered
            and is_given_name(first)
        )

    found = [(m.start(), m.end() + 1 + len(m.group(2))) for m in _PAIR.finditer(text) if full(*m.groups())]
    return merge_spans(spans + found) if found else spans


def split_juxtaposed(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Two names side by side read as one, written so once ("hands John Sherlock's watch"), split in two:
    a two-word name used once whose second word opens another full name the text uses ("Sherlock Holmes")
    and whose first word is a name of its own ("John")."""
    names = Counter(" ".join(text[s:e].split()) for s, e in spans)
    openers = {n.split()[0] for n in names if " " in n}
    out = []
    for s, e in spans:
        words = text[s:e].split()
        if (
            len(words) == 2
            and names[" ".join(words)] == 1
            and words[0].lower().rstrip(".") not in TITLES  # "said Miss Anne", beside "Anne Mitchell"
            and words[1] in openers
            and (words[0] in names or words[0] in openers)
        ):
            second = text.index(words[1], s + len(words[0]))
            out += [(s, s + len(words[0])), (second, e)]
        else:
            out.append((s, e))
    return out


_OF_AFTER = re.compile(r"\s+of\b")


def drop_quantity_nouns(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """One-word plurals the text capitalises only at a sentence start and mostly follows with "of" ("Mounds of
    kanji", "Piles of scrolls"): a quantity, never a person."""
    by_word: dict[str, list[tuple[int, int]]] = {}
    for s, e in spans:
        by_word.setdefault(text[s:e], []).append((s, e))
    quantities = {
        w
        for w, occ in by_word.items()
        if " " not in w
        and w.endswith("s")
        and not w.endswith("ss")
        and all(_is_sentence_initial(text, s) for s, _ in occ)
        and sum(bool(_OF_AFTER.match(text, e)) for _, e in occ) * 2 >= len(occ)
    }
    return [(s, e) for s, e in spans if text[s:e] not in quantities]


def with_honorific_given_names(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Each name followed by a word the text also says with an honorific ("Takeda Ren" where someone says
    "Ren-senpai") taking that word: a Japanese name written family name first, where the name finder often
    stops at the family name."""
    honorific = "|".join(HONORIFICS)
    bases = set(re.findall(rf"\b([A-Z][a-z]+)[-‐](?:{honorific})\b", text))
    if not bases:
        return spans
    out = []
    for s, e in spans:
        given = _NEXT_WORD.match(text, e)
        out.append((s, given.end()) if given and given.group(1) in bases else (s, e))
    return out


_NEXT_WORD = re.compile(r" ([A-Z][a-z]+)\b(?![-‐'’])")


def merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping spans resolved to the longest; adjacent single names ("Sakura Haruno") stay apart."""
    kept: list[tuple[int, int]] = []
    for s, e in sorted(set(spans), key=lambda x: (x[0], -x[1])):
        if kept and s < kept[-1][1]:
            continue
        kept.append((s, e))
    return kept
