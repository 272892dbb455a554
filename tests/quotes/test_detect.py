"""Quotation detection on the seed, on PDNC (against gold spans) and on the conventions fiction uses."""

from __future__ import annotations

import pytest
from paths import PDNC, SEED, need

import ficlens
from ficlens.datasets.pdnc import load_novel, work_for_novel
from ficlens.errors import UnsupportedFormat
from ficlens.eval.pdnc import match_spans
from ficlens.model import Chapter, Metadata, Source, Work
from ficlens.quotes import find_quotes
from ficlens.quotes.detect import detect
from ficlens.segment import segment


def work_of(text: str) -> Work:
    return segment(
        Work(
            source=Source("snippet", "text", ""),
            metadata=Metadata(),
            text=text,
            chapters=[Chapter(0, None, 0, len(text))],
        )
    )


def quotes_of(text: str) -> list[str]:
    return [text[s:e] for s, e in detect(text, work_of(text).paragraphs)[0]]


@pytest.fixture(scope="module")
def seed():
    need(SEED)
    try:
        return find_quotes(ficlens.read(SEED))
    except UnsupportedFormat:  # the text reader may not be there yet: segment the raw text
        return find_quotes(work_of(SEED.read_text(encoding="utf-8")))


def test_seed_has_its_36_quotations_in_text_order(seed):
    assert len(seed.quotes) == 36
    assert [q.id for q in seed.quotes] == [f"Q{i}" for i in range(1, 37)]
    assert all(a.end <= b.start for a, b in zip(seed.quotes, seed.quotes[1:], strict=False))
    assert seed.quotes[0].text == "Forehead,"
    assert seed.quotes[1].text == "let’s go out."  # the speech tag splits the line in two quotes


def test_seed_spans_exclude_the_marks(seed):
    text = seed.text
    for q in seed.quotes:
        assert text[q.start : q.end] == q.text
        assert q.text[0] not in "“”" and q.text[-1] not in "“”"
        assert text[q.end] == "”"


def test_seed_quotes_that_lost_their_opening_mark_start_their_paragraph(seed):
    lost = [q for q in seed.quotes if q.text in ("Sheesh,", "Lee,")]
    assert len(lost) == 2
    for q in lost:
        assert seed.text[q.start - 1] == "\n"
        assert any(p.start == q.start for p in seed.paragraphs)


@pytest.mark.parametrize("name", ["PrideAndPrejudice", "NorthangerAbbey", "DaisyMiller"])
def test_detection_against_pdnc_gold_spans(name):
    novel = load_novel(need(PDNC / name))
    work = work_for_novel(novel)
    pred = [(q.start, q.end) for q in find_quotes(work).quotes]
    gold = [s for q in novel.quotes for s in q.spans]
    matched = match_spans(pred, gold)
    assert len(matched) / len(gold) >= 0.95  # recall
    assert len(matched) / len(pred) >= 0.9  # precision (PDNC leaves some quoted words unannotated)


def test_british_single_quotes_keep_apostrophes_inside():
    text = "‘I don’t think it’s the girls’ fault,’ said Anne. ‘’Tis late.’\n\nHe went out."
    assert quotes_of(text) == ["I don’t think it’s the girls’ fault,", "’Tis late."]


def test_nested_quotes_stay_inside_the_outer_one():
    text = "“She told me ‘never again,’ and left,” said Tom.\n\n‘He said “no” twice,’ she said. ‘Twice.’"
    assert quotes_of(text)[:1] == ["She told me ‘never again,’ and left,"]


def test_straight_quotes_and_a_tag_in_the_middle():
    text = '"Go, my dear," cried her mother, "and shew her ladyship about."'
    assert quotes_of(text) == ["Go, my dear,", "and shew her ladyship about."]


def test_speech_running_over_paragraphs():
    text = "“The first part goes on\n\n“and the second part ends here.”\n\nShe nodded."
    assert quotes_of(text) == ["The first part goes on", "and the second part ends here."]


def test_em_dash_dialogue():
    text = "—Where are you going? said Stephen.\n\n—Home, she answered.\n\nThe rain kept on."
    assert quotes_of(text)[0].startswith("Where are you going?")
    assert len(quotes_of(text)) == 2


def test_mixed_conventions_in_one_work():
    text = (
        "“Come here,” she said.\n\n“Why?” he asked.\n\n‘Because I said so,’ she replied.\n\n"
        "“Fine.”\n\nIt wasn’t the boys’ idea."
    )
    assert quotes_of(text) == ["Come here,", "Why?", "Because I said so,", "Fine."]


def test_chat_and_script_lines_are_quotations_of_their_label():
    lines = [
        "Tony: Come on :)",
        "Clint: why is thor here",
        "Tony: No",
        "Natasha: how does it feel",
        "Clint: is there even wifi in space",
        "Tony: Uhm",
        "Natasha: “quoted” words",
        "Steve: Fine.",
    ]
    text = "Tony started a new conversation.\n\n" + "\n\n".join(lines)
    assert quotes_of(text) == [line.split(": ", 1)[1] for line in lines]
    # one labelled paragraph in prose is a note, not a chat
    prose = "Note: this is a one-shot.\n\n“Hello,” she said.\n\n" + "\n\n".join(["He left."] * 8)
    assert quotes_of(prose) == ["Hello,"]


def test_a_paragraph_of_many_plural_possessives_is_scanned_in_linear_time():
    """Each possessive once looked through every later mark of its paragraph: 100k of them took minutes."""
    import time

    from ficlens.pipeline import read_bytes

    text = "‘Hello,’ she said, ‘the girls’ dogs’ bones.’ " + "the girls’ dogs " * 100_000
    work = read_bytes(text.encode(), name="possessives.txt")
    started = time.process_time()
    spans = [q.text for q in find_quotes(work).quotes]
    assert time.process_time() - started < 10
    assert spans[:2] == ["Hello,", "the girls’ dogs’ bones."]
