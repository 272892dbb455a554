"""Rows from a Work: schemas derived from the model's dataclasses, the analysis as tables, errors with their
reason."""

from __future__ import annotations

from dataclasses import asdict, fields

import pyarrow as pa
import pytest
from paths import SEED, need

import ficlens
from ficlens.corpus.tables import MIRRORED, SCHEMAS, Rows, arrow_type, error_row, mirror_schema
from ficlens.errors import EmptyFile
from ficlens.model import CharacterArc, Relationship, Work


@pytest.fixture(scope="module")
def seed_analysed() -> Work:
    return ficlens.analyze(need(SEED))


def test_a_mirrored_table_has_work_id_and_a_column_per_field():
    for name, (cls, _) in MIRRORED.items():
        assert SCHEMAS[name].names == ["work_id", *(f.name for f in fields(cls))], name
    relationship = mirror_schema(Relationship)
    assert relationship.field("score").type == pa.float64()
    assert relationship.field("pair").type == pa.list_(pa.string())
    assert relationship.field("features").type.names == [
        "thoughts",
        "cosentences",
        "dialogue",
        "vocatives",
        "copresence",
    ]
    evidence = relationship.field("evidence").type.value_type
    assert [(f.name, f.type) for f in evidence] == [
        ("start", pa.int64()),
        ("end", pa.int64()),
        ("kind", pa.string()),
        ("romance_cues", pa.int64()),
    ]
    point = mirror_schema(CharacterArc).field("scenes").type.value_type
    assert point.field("quotes").type == pa.float64() and point.field("quotes").nullable
    with pytest.raises(TypeError, match="no Arrow type"):
        arrow_type(dict[str, int])


def test_the_analysis_becomes_one_row_per_item(seed_analysed):
    work = seed_analysed
    rows = Rows()
    rows.add_work("w1", "seed", work, stage="analyze")
    tables = rows.to_arrow()
    for name, items in [
        ("interactions", work.interactions),
        ("relationships", work.relationships),
        ("scene_moods", work.arcs.scenes),
        ("character_arcs", work.arcs.characters),
        ("character_stats", work.character_stats),
        ("quotes", work.quotes),
    ]:
        assert tables[name].to_pylist() == [{"work_id": "w1", **asdict(item)} for item in items], name
    top = tables["relationships"].to_pylist()[0]
    assert top["label"] == "Ino/Sakura" and top["features"]["thoughts"] > 0 and top["evidence"]
    edges = tables["interactions"].to_pylist()
    assert {e["kind"] for e in edges} == {"speech", "copresence"}
    assert all((e["words"] is None) == (e["kind"] == "copresence") != (e["scenes"] is None) for e in edges)


def test_a_work_becomes_rows_in_every_table_with_its_id():
    work = ficlens.read(need(SEED))
    rows = Rows()
    rows.add_work("w1", "seed", work, stage="read")
    tables = rows.to_arrow()
    assert set(tables) == set(SCHEMAS)
    assert all(t.schema.equals(SCHEMAS[name]) for name, t in tables.items())
    (works,) = tables["works"].to_pylist()
    assert works["words"] == work.stats.words > 0
    assert works["chars"] == len(work.text)
    assert tables["chapters"].num_rows == len(work.chapters)
    assert tables["scenes"].num_rows == len(work.scenes)
    assert set(tables["scenes"].column("work_id").to_pylist()) == {"w1"}
    assert rows.words == work.stats.words
    assert all(tables[name].num_rows == 0 for name in ("interactions", "relationships", "character_stats"))


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
