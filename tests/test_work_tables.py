"""`ficlens.tables`: the three tables of an analysed work (quotes, characters, interactions), as CSV and
as pandas DataFrames. (Not test_tables.py: the corpus's tests hold that name.)"""

from __future__ import annotations

import csv
import io
from functools import cache

import pytest
from paths import SEED, need

import ficlens
from ficlens.tables import tables, to_csv


@cache
def seed() -> ficlens.Work:
    return ficlens.analyze(need(SEED))


def rows(table_name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(to_csv(tables(seed())[table_name]))))


def test_quotes_name_their_speaker_and_addressees():
    quotes = rows("quotes")
    work = seed()
    assert len(quotes) == len(work.quotes)
    first = quotes[0]
    assert first["text"] == work.quotes[0].text and int(first["start"]) == work.quotes[0].start
    names = {c.id: c.name for c in work.characters}
    for row, quote in zip(quotes, work.quotes, strict=True):
        assert row["speaker"] == names.get(quote.speaker, "")
        assert row["addressees"] == "; ".join(names[a] for a in quote.addressees)
    assert {q["speaker"] for q in quotes} >= {"Ino", "Sakura", "Lee", "Naruto"}
    for row, quote in zip(quotes, work.quotes, strict=True):  # the scene whose span holds the quote
        scene = next(s for s in work.scenes if s.start <= quote.start < s.end)
        assert (row["scene"], row["chapter"]) == (str(scene.index), "1")
    assert len({q["scene"] for q in quotes}) > 1


def test_characters_and_interactions():
    characters = rows("characters")
    assert [c["name"] for c in characters] == [c.name for c in seed().characters]
    ino = next(c for c in characters if c["name"] == "Ino")
    assert ino["aliases"] == "Ino; Ino-pig" and ino["gender"] == "female" and int(ino["words_spoken"]) > 0
    speech = [i for i in rows("interactions") if i["kind"] == "speech"]
    assert ("Ino", "Sakura") in {(i["source"], i["target"]) for i in speech}
    assert all(i["words"] and not i["scenes"] for i in speech)


def test_dataframes_of_the_seed():
    pytest.importorskip("pandas")
    quotes, characters, interactions = seed().to_dataframes()
    assert list(quotes.columns) == list(tables(seed())["quotes"].columns)
    assert len(quotes) == len(seed().quotes) and set(characters["name"]) == {"Ino", "Sakura", "Lee", "Naruto"}
    assert quotes.loc[0, "addressees"] == ["Sakura"]  # a list stays a list
    by_speaker = quotes.groupby("speaker")["text"].count()
    assert by_speaker["Ino"] == next(c.quotes for c in seed().characters if c.name == "Ino")
    assert str(interactions["words"].dtype) == "Int64"  # missing on co-presence edges, still integers


def test_a_work_not_analysed_has_no_tables():
    with pytest.raises(ValueError, match="analysed work"):
        tables(ficlens.read(need(SEED)))
