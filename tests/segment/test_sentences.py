"""Sentences: dialogue from the seed, abbreviations, and the evaluation on UD EWT and LitBank."""

from __future__ import annotations

import pytest
from paths import LITBANK, SEED, SHARED, need

import ficlens
from ficlens.eval.sentences import SPLITTERS, litbank_docs, score, ud_docs
from ficlens.segment.sentences import split_paragraph

# The paths tests/conftest.py names (../shared from the repo root), spelled out here: another conftest module
# under tests/ shadows `from conftest import ...` when the whole suite is collected.


def split(text: str) -> list[str]:
    return [text[s.start : s.end] for s in split_paragraph(text, 0, len(text))]


@pytest.fixture(scope="module")
def seed():
    return ficlens.read(need(SEED))


def seed_paragraph(seed, startswith: str) -> str:
    return next(
        seed.text[p.start : p.end]
        for p in seed.paragraphs
        if seed.text[p.start : p.end].startswith(startswith)
    )


def test_seed_dialogue_with_speech_tags_and_quotes(seed):
    assert split(seed_paragraph(seed, "“You could at least get lunch")) == [
        "“You could at least get lunch with me,” Ino tries.",
        "“My treat.”",
    ]
    assert split(seed_paragraph(seed, "Triumphant, Ino grins."))[:2] == [
        "Triumphant, Ino grins.",
        "“Yakisoba first.”",
    ]


def test_seed_ellipsis_and_dash_inside_quotes_do_not_split(seed):
    assert split(seed_paragraph(seed, "“Do you…ever miss people")) == ["“Do you…ever miss people, Lee?”"]
    nothing = split(seed_paragraph(seed, "“Nothing’s—”"))
    assert nothing[0] == "“Nothing’s—” she stops herself short."


def test_seed_quote_closing_after_question_then_lowercase_tag(seed):
    paragraph = seed_paragraph(seed, "“Just forget it, okay?”")
    assert split(paragraph)[0].startswith("“Just forget it, okay?” Ino says, and gets up")


def test_seed_sentences_cover_every_paragraph(seed):
    for p in seed.paragraphs:
        inside = [s for s in seed.sentences if p.start <= s.start < p.end]
        assert inside[0].start == p.start and inside[-1].end == p.end
        assert all(seed.text[s.start : s.end] == seed.text[s.start : s.end].strip() for s in inside)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("“Hi,” she said. “Go!” he yelled.", ["“Hi,” she said.", "“Go!” he yelled."]),
        ("“Go!” Naruto yelled. He ran.", ["“Go!” Naruto yelled.", "He ran."]),
        (
            "Mr. and Mrs. Dursley met Dr. Who at St. Paul’s. Then they left.",
            ["Mr. and Mrs. Dursley met Dr. Who at St. Paul’s.", "Then they left."],
        ),
        ("J. K. Rowling wrote it. It sold.", ["J. K. Rowling wrote it.", "It sold."]),
        ("No. I live at No. 4 Privet Drive.", ["No.", "I live at No. 4 Privet Drive."]),
        ("She waited... Nothing came.", ["She waited...", "Nothing came."]),
        ("She waited… and waited.", ["She waited… and waited."]),
        ("“Wait—” Sakura began. “I—” But he left.", ["“Wait—” Sakura began.", "“I—”", "But he left."]),
        ("He stopped—then ran. Why?! Nobody knew.", ["He stopped—then ran.", "Why?!", "Nobody knew."]),
        ("“Really?” “Yes.” “Oh.”", ["“Really?”", "“Yes.”", "“Oh.”"]),
    ],
)
def test_dialogue_cases(text, expected):
    assert split(text) == expected


def test_evaluation_on_ud_and_litbank():
    ud = need(SHARED / "data" / "ud-english-ewt" / "en_ewt-ud-dev.conllu")
    tsv = need(LITBANK / "entities" / "tsv")
    ud_score = score(list(ud_docs(ud)), SPLITTERS["ficlens"])
    litbank_score = score(list(litbank_docs(tsv)), SPLITTERS["ficlens"])
    for result in (ud_score, litbank_score):
        assert result.tp + result.fn > 500  # the documents were read

    def f1(r):
        return 2 * r.tp / (2 * r.tp + r.fp + r.fn)

    assert f1(ud_score) > 0.7
    assert f1(litbank_score) > 0.9


def test_evaluation_command_prints_both_scores():
    from typer.testing import CliRunner

    from ficlens.cli import app

    ud = need(SHARED / "data" / "ud-english-ewt")
    result = CliRunner().invoke(
        app, ["eval", "sentences", "--ud", str(ud), "--ud-split", "dev", "--litbank", str(need(LITBANK))]
    )
    assert result.exit_code == 0, result.output
    assert "UD EWT dev: boundaries" in result.stdout and "LitBank: boundaries" in result.stdout


def test_evaluation_without_data_is_a_clear_error(tmp_path):
    from typer.testing import CliRunner

    from ficlens.cli import app

    result = CliRunner().invoke(app, ["eval", "sentences", "--ud", str(tmp_path), "--litbank", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr.startswith("ficlens: E") and "neither" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
