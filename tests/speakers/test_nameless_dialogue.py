"""Dialogue with no named character: every stage runs, the quotes are found, their speakers stay unknown
(or go to an unnamed character) and nothing crashes (issue 12: `max()` of an empty candidate set)."""

from __future__ import annotations

from pathlib import Path

import pytest
from paths import SHARED, need

from ficlens.pipeline import analyze

FUZZ = SHARED / "fuzz"

_PAIR = "“hi,” she said. “yo,” he said."


def _check(work, quotes: int) -> None:
    assert len(work.quotes) == quotes
    ids = {c.id for c in work.characters}
    assert all(q.speaker is None or q.speaker in ids for q in work.quotes)
    assert all(set(q.addressees) <= ids for q in work.quotes)


@pytest.mark.parametrize(
    ("name", "quotes"), [("nameless-dialogue.txt", 2), ("nameless-dialogue-paragraph.txt", 20)]
)
def test_the_shared_reproducers_are_analysed(name: str, quotes: int) -> None:
    _check(analyze(need(FUZZ / name)), quotes)


@pytest.mark.parametrize(
    ("text", "quotes"),
    [
        ("«hi,» she said. «yo,» he said.\n", 2),  # guillemets
        (_PAIR + "\n\n" + _PAIR + "\n", 4),  # two paragraphs of it
        (" ".join([_PAIR] * 400) + "\n", 800),  # one long dialogue paragraph
        # turns, one quote a paragraph
        ("\n\n".join(["“hi,” she said.", "“yo,” he said."] * 50) + "\n", 100),
    ],
)
def test_nameless_dialogue_is_analysed(tmp_path: Path, text: str, quotes: int) -> None:
    path = tmp_path / "dialogue.txt"
    path.write_text(text, encoding="utf-8")
    _check(analyze(path), quotes)


def test_cp1252_quotes_are_analysed(tmp_path: Path) -> None:
    path = tmp_path / "cp1252.txt"
    path.write_bytes(b"\x93hi,\x94 she said. \x93yo,\x94 he said.\n")  # Windows-1252's curly double quotes
    work = analyze(path)
    _check(work, 2)
    assert [q.text for q in work.quotes] == ["hi,", "yo,"]
