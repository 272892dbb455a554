"""Works built by hand for the analysis tests, so they run before (and apart from) the cast and dialogue stages.

`seed_work` stands in for those stages on the seed with deliberately plain rules: name mentions by regex, a
quote's speaker is the nearest name in its paragraph outside quotes, its addressee the previous speaker in the
scene. The analysis must find the central relationship from these signals alone.
"""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

import pytest

from ficlens.model import (
    NLP_FIELDS,
    SPEAKER_FIELDS,
    Chapter,
    Character,
    Mention,
    Metadata,
    Quote,
    Scene,
    Source,
    Work,
)
from ficlens.segment.paragraphs import find_paragraphs
from ficlens.segment.sentences import split_sentences

SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seed" / "000_8f683d6341e37dd5.txt"
SEED_CAST = {
    "Ino": ["Ino", "Ino-pig"],
    "Sakura": ["Sakura", "Forehead"],
    "Naruto": ["Naruto"],
    "Lee": ["Lee"],
    "Tenten": ["Tenten"],
    "Neji": ["Neji"],
    "Sasuke": ["Sasuke"],
    "Shizune": ["Shizune"],
    "Hokage": ["Hokage"],
}
SCENE_BREAK = re.compile(r"\n(?:[ \t]*\n){4,}")
QUOTE = re.compile(r"“([^”]*)”")
PARAGRAPH = re.compile(r"[^\n]+")


def scenes_of(text: str) -> list[Scene]:
    cuts = [0, *[m.end() for m in SCENE_BREAK.finditer(text)], len(text)]
    spans = [(a, b) for a, b in pairwise(cuts) if text[a:b].strip()]
    return [Scene(index=i, chapter=1, start=a, end=b) for i, (a, b) in enumerate(spans, start=1)]


def build_work(text: str, cast: dict[str, list[str]], *, title: str = "test") -> Work:
    characters = [
        Character(id=f"C{i}", name=name, aliases=aliases)
        for i, (name, aliases) in enumerate(cast.items(), start=1)
    ]
    alias_to_id = {a: c.id for c in characters for a in c.aliases}
    names = re.compile(r"\b(" + "|".join(sorted(map(re.escape, alias_to_id), key=len, reverse=True)) + r")\b")
    quotes_spans = [(m.start(1), m.end(1)) for m in QUOTE.finditer(text)]

    def in_quote(offset: int) -> bool:
        return any(a <= offset < b for a, b in quotes_spans)

    mentions = [
        Mention(
            m.start(),
            m.end(),
            m.group(),
            alias_to_id[m.group()],
            "vocative" if in_quote(m.start()) else "name",
        )
        for m in names.finditer(text)
    ]
    scenes = scenes_of(text)
    quotes, last_speaker = [], {}
    for n, (a, b) in enumerate(quotes_spans, start=1):
        para = next(p for p in PARAGRAPH.finditer(text) if p.start() <= a < p.end())
        narr = [m for m in mentions if para.start() <= m.start < para.end() and not in_quote(m.start)]
        speaker = min(narr, key=lambda m: abs(m.start - a)).character if narr else None
        scene = next(s.index for s in scenes if s.start <= a < s.end)
        previous = last_speaker.get(scene)
        addressees = [previous] if previous and previous != speaker else []
        if speaker:
            last_speaker[scene] = speaker
        quotes.append(
            Quote(id=f"Q{n}", start=a, end=b, text=text[a:b], speaker=speaker, addressees=addressees)
        )
    for c in characters:
        c.mentions = sum(m.character == c.id for m in mentions)
        c.quotes = sum(q.speaker == c.id for q in quotes)
    chapters = [Chapter(index=1, title=None, start=0, end=len(text))]
    paragraphs = find_paragraphs(text, chapters)
    return Work(
        source=Source(path=title, format="text", sha256=""),
        metadata=Metadata(title=title),
        text=text,
        chapters=chapters,
        scenes=scenes,
        paragraphs=paragraphs,
        sentences=split_sentences(text, paragraphs),
        characters=characters,
        mentions=mentions,
        quotes=quotes,
        layers=["paragraphs", "scenes", "sentences", *NLP_FIELDS, *SPEAKER_FIELDS],
    )


@pytest.fixture(scope="session")
def seed_work() -> Work:
    if not SEED.exists():
        pytest.skip(f"{SEED} is not here")
    return build_work(SEED.read_text(encoding="utf-8"), SEED_CAST, title="seed")


@pytest.fixture
def fresh_seed_work() -> Work:
    """The seed as `seed_work` gives it, for a test that must see it unanalysed."""
    if not SEED.exists():
        pytest.skip(f"{SEED} is not here")
    return build_work(SEED.read_text(encoding="utf-8"), SEED_CAST, title="seed")


@pytest.fixture(scope="session")
def make_work():
    """`build_work`, for tests that write their own little story."""
    return build_work


@pytest.fixture(scope="session")
def seed_path() -> Path:
    if not SEED.exists():
        pytest.skip(f"{SEED} is not here")
    return SEED
