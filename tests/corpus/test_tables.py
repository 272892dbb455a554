"""Rows from a Work: fixed schemas, interactions counted from the quotes, errors with their reason."""

from __future__ import annotations

from paths import SEED, need

import ficlens
from ficlens.corpus.tables import SCHEMAS, Rows, error_row, interaction_rows
from ficlens.errors import EmptyFile
from ficlens.model import Quote


def test_interactions_count_speaker_addressee_pairs():
    work = ficlens.read(need(SEED))
    work.quotes = [
        Quote("Q1", 0, 1, "a", speaker="C1", addressees=["C2"]),
        Quote("Q2", 2, 3, "b", speaker="C1", addressees=["C2", "C3"]),
        Quote("Q3", 4, 5, "c", speaker="C2", addressees=["C1"]),
        Quote("Q4", 6, 7, "d", speaker=None, addressees=["C1"]),  # unattributed: no interaction
        Quote("Q5", 8, 9, "e", speaker="C3"),
    ]  # no addressee: no interaction
    rows = interaction_rows("w1", work)
    assert [(r["speaker"], r["addressee"], r["quotes"]) for r in rows] == [
        ("C1", "C2", 2),
        ("C1", "C3", 1),
        ("C2", "C1", 1),
    ]


def test_a_work_becomes_rows_in_every_table_with_its_id():
    work = ficlens.read(need(SEED))
    rows = Rows()
    rows.add_work("w1", "seed", work, stage="read")
    tables = rows.to_arrow()
    assert set(tables) == set(SCHEMAS)
    assert all(t.schema.equals(SCHEMAS[name]) for name, t in tables.items())
    (works,) = tables["works"].to_pylist()
    assert works["words"] == work.stats["words"] > 0
    assert works["chars"] == len(work.text)
    assert tables["chapters"].num_rows == len(work.chapters)
    assert tables["scenes"].num_rows == len(work.scenes)
    assert set(tables["scenes"].column("work_id").to_pylist()) == {"w1"}
    assert rows.words == work.stats["words"]


def test_errors_keep_the_code_or_the_exception_type():
    assert error_row("w", "k", EmptyFile("k", "the file is empty")) == {
        "work_id": "w",
        "key": "k",
        "error": "EmptyFile",
        "code": "E002",
        "message": "E002 k: the file is empty",
    }
    row = error_row("w", "k", ZeroDivisionError("division by zero"))
    assert (row["error"], row["code"], row["message"]) == (
        "ZeroDivisionError",
        None,
        "ZeroDivisionError: division by zero",
    )
