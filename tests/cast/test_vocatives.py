"""Vocatives inside quotations, on the seed."""

from __future__ import annotations

import re

from paths import SEED, need

import ficlens
from ficlens.cast.vocatives import find_vocatives
from ficlens.quotes import find_quotes


def test_seed_vocatives():
    work = find_quotes(ficlens.read(need(SEED)))
    found = {v.text for v in find_vocatives(work.text, [(q.start, q.end) for q in work.quotes])}
    assert {"Forehead", "Ino-pig"} <= found
    assert not found & {"Well", "Yes", "I"}


def test_vocative_positions():
    text = "“Well, Jane, I think so,” she said. “Come here, Lizzy.” “Oh, Naruto!”"
    quotes = [(m.start(1), m.end(1)) for m in re.finditer(r"“([^”]*)”", text)]
    assert [v.text for v in find_vocatives(text, quotes)] == ["Jane", "Lizzy", "Naruto"]


def test_a_word_that_is_all_the_quote_says_is_alone_unless_the_speech_goes_on():
    text = "“Awkward,” he decides, and goes to change.\n“Forehead,” Ino says, “let’s go out.”"
    quotes = [(m.start(1), m.end(1)) for m in re.finditer(r"“([^”]*)”", text)]
    alone = {v.text: v.alone for v in find_vocatives(text, quotes)}
    assert alone == {"Awkward": True, "Forehead": False}
