"""Scenes: the seed's ten, symbol-line conventions, gaps measured against the document's usual gap."""

from __future__ import annotations

import pytest
from paths import AO3_PAGES, SEED, need
from selectolax.lexbor import LexborHTMLParser

import ficlens
from ficlens.data import example_path
from ficlens.io.base import BREAK, RawChapter, assemble
from ficlens.io.text_layout import layout
from ficlens.model import Chapter, Metadata
from ficlens.segment.breaks import is_break_line
from ficlens.segment.paragraphs import find_paragraphs
from ficlens.segment.scenes import find_scenes

# The paths tests/conftest.py names (../shared from the repo root), spelled out here: another conftest module
# under tests/ shadows `from conftest import ...` when the whole suite is collected.


# The first words of each scene, as a reader of the seed sees them (README: 10 scenes, 4-blank-line breaks).
SEED_SCENE_STARTS = [
    "Dreaming reminds her of falling.",
    "The thing is, in the dream Ino knows whose hitai-ate it is.",
    "“Forehead,” Ino says, “let’s go out.”",
    "Speaking of Naruto—",
    "Sometimes he tells her about a new jutsu",
    "“I don’t know what your problem is,” Naruto says",
    "Of all the people she could open up to, Ino never thought it would be Lee.",
    "When they head back to the village,",
    "Back home, Ino dreams.",
    "Early in the morning, Ino shows up on Sakura’s doorstep.",
]


def scenes_of(text: str) -> list[str]:
    _, chapters = layout(text)
    return [text[s.start : s.end] for s in find_scenes(text, chapters)]


@pytest.fixture(scope="module")
def seed():
    return ficlens.read(need(SEED))


def test_seed_has_ten_scenes_with_the_right_first_lines(seed):
    assert len(seed.scenes) == 10
    for scene, first in zip(seed.scenes, SEED_SCENE_STARTS, strict=False):
        assert seed.text[scene.start : scene.end].startswith(first)


def test_seed_scenes_keep_two_blank_line_gaps_and_exclude_breaks(seed):
    bodies = [seed.text[s.start : s.end] for s in seed.scenes]
    assert not any("\n\n\n\n\n" in b for b in bodies)
    assert sum("\n\n\n" in b for b in bodies) >= 1  # the seed's two-blank-line gaps are not breaks
    assert all(b == b.strip() and b for b in bodies)
    assert "Work Text:" not in "".join(bodies)


def test_scenes_never_cross_chapters():
    work = ficlens.read(example_path())
    assert [s.chapter for s in work.scenes] == [1, 1, 2]  # "* * *" in chapter 1, none in chapter 2
    for scene in work.scenes:
        chapter = work.chapters[scene.chapter - 1]
        assert chapter.start <= scene.start < scene.end <= chapter.end
    assert work.text[work.scenes[1].start :].startswith("The first storm came")


STORY = "She left.\n\n{break_}\n\nHe stayed.\n\nThe end came later.\n"


@pytest.mark.parametrize(
    "break_",
    [
        "***",
        "* * *",
        "   * * *   ",
        "~~~",
        "#",
        "xxx",
        "XxXxX",
        "-----",
        "&&",
        "o0o",
        "oOo",
        "~*~",
        "-x-",
        "◇◇◇",
        "⁂",
        "___",
        "+++",
        "=/=",
        "*/*",
        "///",
    ],
)
def test_symbol_line_breaks(break_):
    assert scenes_of(STORY.format(break_=break_)) == ["She left.", "He stayed.\n\nThe end came later."]


@pytest.mark.parametrize(
    "line",
    ["...", "“…”", "?!", "Ooo.", "I", "ox", "xo", "Oh.", "“Go!”", "(...)", "—?", "}", "};", "[ ]", "<>"],
)
def test_lines_that_are_no_breaks(line):
    assert not is_break_line(line)
    assert len(scenes_of(STORY.format(break_=line))) == 1


def test_double_spaced_text_breaks_only_at_wider_gaps():
    paragraphs = [f"Paragraph {n} is here." for n in range(8)]
    text = "\n\n\n".join(paragraphs[:4]) + "\n\n\n\n\n\n" + "\n\n\n".join(paragraphs[4:])
    assert [s.split(" ")[1] for s in scenes_of(text)] == ["0", "4"]


LONG = "and the paragraph runs on for a while, the way unwrapped prose does when each line is a paragraph."


def test_one_paragraph_a_line_breaks_at_a_blank_line():
    text = (
        "\n".join(f"Line {n} {LONG}" for n in range(12))
        + "\n\n"
        + "\n".join(f"Line {n} {LONG}" for n in range(12, 24))
    )
    scenes = scenes_of(text)
    assert len(scenes) == 2 and scenes[1].startswith("Line 12 ")
    assert len(find_paragraphs(text, layout(text)[1])) == 24


def test_stanzas_of_short_lines_are_paragraphs_not_scenes():
    stanza = "\n".join(f"Short line {n}," for n in range(8))
    text = "\n\n".join([stanza] * 4) + "\n"
    assert len(scenes_of(text)) == 1
    assert len(find_paragraphs(text, layout(text)[1])) == 4


def test_assembled_html_breaks_are_scenes():
    chapters = [
        RawChapter(title="One", blocks=["A.", "B.", BREAK, "C.", "* * *", "D."]),
        RawChapter(title="Two", blocks=[BREAK, "E.", "F.", BREAK, BREAK]),
    ]
    parsed = assemble("html", Metadata(), chapters)
    scenes = find_scenes(parsed.text, parsed.chapters)
    assert [parsed.text[s.start : s.end] for s in scenes] == ["A.\n\nB.", "C.", "D.", "E.\n\nF."]
    assert [s.chapter for s in scenes] == [1, 1, 1, 2]


def test_no_empty_scenes_from_leading_trailing_or_double_breaks():
    text = "***\n\nOne.\n\n***\n\n~~~\n\nTwo.\n\n***\n"
    chapters = [Chapter(index=1, title=None, start=0, end=len(text))]
    scenes = find_scenes(text, chapters)
    assert [text[s.start : s.end] for s in scenes] == ["One.", "Two."]
    assert [s.index for s in scenes] == [1, 2]


def test_two_paragraphs_split_by_a_wide_gap():
    # Too few gaps to measure a usual one: one blank line is assumed, so four make a break.
    assert scenes_of("One.\n\n\n\n\nTwo.\n") == ["One.", "Two."]


def count_hash_paragraphs(page: bytes) -> int:
    tree = LexborHTMLParser(page)
    return sum(1 for p in tree.css("#chapters p") if p.text(strip=True) == "#")


def test_center_hash_fixture_scene_count_matches_the_page():
    path = need(AO3_PAGES / "923647-center-hash-breaks.html")
    hashes = count_hash_paragraphs(path.read_bytes())
    assert hashes >= 2
    work = ficlens.read(path)
    assert len(work.scenes) == hashes + 1
    assert not any(work.text[s.start : s.end].strip() == "#" for s in work.scenes)


def test_a_one_line_wider_gap_is_no_break():
    # Gutenberg texts leave two blank lines around verse and letters; the seed has them inside scenes too.
    paragraphs = [f"Paragraph {n} is here." for n in range(12)]
    text = "\n\n".join(paragraphs[:6]) + "\n\n\n" + "\n\n".join(paragraphs[6:])
    assert len(scenes_of(text)) == 1


def test_seed_with_windows_line_ends_gives_the_same_scenes(seed):
    crlf = seed.text.replace("\n", "\r\n")
    work = ficlens.pipeline.read_bytes(crlf.encode(), name="seed-crlf.txt")
    assert work.text == crlf
    assert [work.text[s.start : s.end].replace("\r\n", "\n") for s in work.scenes] == [
        seed.text[s.start : s.end] for s in seed.scenes
    ]


def test_more_breaks_than_paragraph_gaps_still_breaks():
    # Three scenes of two paragraphs, seven of one: nine four-line breaks beside three one-line gaps.
    blocks = []
    for n in range(10):
        blocks += [f"Scene {n} opens.", f"Scene {n} closes."] if n < 3 else [f"Scene {n} is short."]
        blocks.append(BREAK)
    parsed = assemble("html", Metadata(), [RawChapter(blocks=blocks)])
    assert len(find_scenes(parsed.text, parsed.chapters)) == 10
