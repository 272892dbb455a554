"""Works built by hand for the report tests, and a headless Debian chromium driven by Playwright."""

from __future__ import annotations

import math
import random
import re
from dataclasses import dataclass, field

import pytest
from browser import chromium
from xss import PAYLOAD, XSS

from ficlens.analysis import analyse
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
    Stats,
    Work,
)
from ficlens.segment.paragraphs import find_paragraphs
from ficlens.segment.sentences import split_sentences

STORY = (
    "“Jonah,” Mara says, “you came back.”\n\n“Of course I did,” Jonah says to Mara, and he kisses her.\n\n\n\n\n"
    "Mara sits alone and thinks of Jonah. Her heart aches with love.\n\n“Mara!” Jonah calls."
)
STORY_SPEAKERS = ["C1", "C1", "C2", "C2"]
STORY_CONFIDENCE = [0.97, 0.95, 0.42, 0.99]  # Q3 below the report's "confident" threshold, the rest above


def story_work(
    text: str = STORY,
    *,
    title: str = "Coming Back",
    names: tuple[str, str] = ("Mara", "Jonah"),
    metadata: Metadata | None = None,
) -> Work:
    """Two characters, two scenes, quotes with speakers and addressees, name mentions: what the NLP stages
    give the analysis, written out by hand, then analysed (what the report needs)."""
    a, b = names
    characters = [Character(id="C1", name=a, aliases=[a], pov=True), Character(id="C2", name=b, aliases=[b])]
    ids = {a: "C1", b: "C2"}
    mentions = [
        Mention(m.start(), m.end(), m.group(), ids[m.group()], "name")
        for m in re.finditer("|".join(map(re.escape, names)), text)
    ]
    quotes = []
    for n, (m, speaker, confidence) in enumerate(
        zip(re.finditer(r"“([^”]*)”", text), STORY_SPEAKERS, STORY_CONFIDENCE, strict=True), start=1
    ):
        quotes.append(
            Quote(
                id=f"Q{n}",
                start=m.start(1),
                end=m.end(1),
                text=m.group(1),
                speaker=speaker,
                addressees=["C2" if speaker == "C1" else "C1"],
                type="explicit",
                confidence=confidence,
            )
        )
    cut = text.index("\n\n\n\n\n") + 5
    return analysed(
        Source(path="story.txt", format="text", sha256=""),
        metadata or Metadata(title=title, authors=["someone"]),
        text,
        [Chapter(index=1, title=None, start=0, end=len(text))],
        [Scene(1, 1, 0, cut), Scene(2, 1, cut, len(text))],
        characters,
        mentions,
        quotes,
    )


def analysed(
    source: Source,
    metadata: Metadata,
    text: str,
    chapters: list[Chapter],
    scenes: list[Scene],
    characters: list[Character],
    mentions: list[Mention],
    quotes: list[Quote],
) -> Work:
    """The work the NLP stages would give, with its characters' counts, paragraphs and sentences, analysed."""
    for c in characters:
        c.mentions = sum(m.character == c.id for m in mentions)
        c.quotes = sum(q.speaker == c.id for q in quotes)
    paragraphs = find_paragraphs(text, chapters)
    work = Work(
        source=source,
        metadata=metadata,
        text=text,
        chapters=chapters,
        scenes=scenes,
        paragraphs=paragraphs,
        sentences=split_sentences(text, paragraphs),
        characters=characters,
        mentions=mentions,
        quotes=quotes,
        stats=Stats(words=len(text.split())),
        layers=["paragraphs", "scenes", "sentences", "stats", *NLP_FIELDS, *SPEAKER_FIELDS],
    )
    return analyse(work)


CAST = (
    "Sherlock Holmes-Baskerville",
    "Dr. John Hamish Watson",
    "Mara",
    "Lady Catherine de Bourgh",
    "Jonah",
    "Ino",
)
MOODS = (
    "{} is happy and laughs with joy.",
    "{} is furious, and the loss hurts terribly.",
    "The rain is cold and {} feels grim and sad.",
    "{} shares a wonderful, lovely meal.",
    "The room around {} is quiet.",
)


def long_work(scenes: int, *, chapters: int = 1, seed: int = 1) -> Work:
    """`scenes` scenes over `chapters` chapters, six characters with long names who speak to each other in
    every scene, and moods that change from scene to scene (seeded, so the same work every run)."""
    rng = random.Random(seed)
    ids = {name: f"C{i}" for i, name in enumerate(CAST, start=1)}
    parts, spans, mentions, quotes = [], [], [], []
    pos = 0
    for n in range(scenes):
        a, b = rng.sample(CAST, 2)
        said = f"“Listen, {b},” {a} says to {b}."
        # the mood drifts from bright to dark and back over the work, with noise: arcs with a shape
        drift = (1 + math.cos(2 * math.pi * n / scenes)) / 2
        mood = MOODS[0 if rng.random() < drift else 2] if rng.random() < 0.7 else rng.choice(MOODS)
        body = f"{a} waits. {mood.format(a)} {said} {b} nods at {a}."
        start = pos
        for m in re.finditer("|".join(map(re.escape, CAST)), body):
            mentions.append(Mention(start + m.start(), start + m.end(), m.group(), ids[m.group()], "name"))
        q = body.index("“") + 1
        quotes.append(
            Quote(
                id=f"Q{n + 1}",
                start=start + q,
                end=start + body.index("”"),
                text=body[q : body.index("”")],
                speaker=ids[a],
                addressees=[ids[b]],
                type="explicit",
                confidence=round(rng.random(), 3),
            )
        )
        parts.append(body)
        spans.append((start, start + len(body)))
        pos += len(body) + 5
    text = "\n\n\n\n\n".join(parts)
    per = -(-scenes // chapters)
    chapter_list = [
        Chapter(
            index=c + 1,
            title=f"Part {c + 1}",
            start=spans[c * per][0],
            end=spans[min(scenes, (c + 1) * per) - 1][1],
        )
        for c in range(chapters)
    ]
    return analysed(
        Source(path="long.txt", format="text", sha256=""),
        Metadata(title=f"{scenes} scenes"),
        text,
        chapter_list,
        [Scene(k + 1, k // per + 1, s, e) for k, (s, e) in enumerate(spans)],
        [Character(id=i, name=name, aliases=[name]) for name, i in ids.items()],
        mentions,
        quotes,
    )


def xss_work() -> Work:
    payload = PAYLOAD
    meta = Metadata(
        title=f"Title {payload}",
        authors=[payload],
        url="javascript:window.__xss=9",
        rating=payload,
        fandoms=[payload],
        relationships=[f"A/B {payload}"],
        characters=XSS,
        freeforms=XSS,
        summary=f"Summary {payload}",
        notes=f"Notes {payload}",
        language='en"><script>x</script>',
    )
    text = STORY.replace("you came back.", f"you came back. {XSS[0]} {XSS[1]}") + f"\n\n{payload}"
    work = story_work(text, metadata=meta, names=("Mara", "Jonah"))
    work.characters[0].aliases.append(XSS[2])
    work.chapters[0].title = XSS[3]
    return work


@dataclass
class Opened:
    """A report loaded in chromium, with everything the page tried to do."""

    page: object
    url: str
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")  # not session: one sync Playwright at a time, and tests/serve starts its own
def browser():
    with chromium() as browser:
        yield browser


@pytest.fixture
def open_report(browser, tmp_path):
    pages = []

    def open_(html: str, name: str = "report.html", *, width: int = 1280) -> Opened:
        path = tmp_path / name
        path.write_text(html, encoding="utf-8")
        page = browser.new_page(viewport={"width": width, "height": 900})
        pages.append(page)
        seen = Opened(page=page, url=path.as_uri())
        page.on(
            "console",
            lambda m: seen.console_errors.append(m.text) if m.type in ("error", "warning") else None,
        )
        page.on("pageerror", lambda e: seen.page_errors.append(str(e)))
        page.on("request", lambda r: seen.requests.append(r.url))
        page.on("dialog", lambda d: (seen.dialogs.append(d.message), d.dismiss()))
        page.goto(seen.url, wait_until="load")
        return seen

    yield open_
    for page in pages:
        page.close()


@pytest.fixture
def make_story():
    return story_work


@pytest.fixture(scope="session")
def make_long():
    return long_work


@pytest.fixture
def xss_payload_work() -> Work:
    return xss_work()
