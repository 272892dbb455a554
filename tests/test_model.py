"""The JSON contract `ficlens.work/1`: keys, spans, and what `read` leaves out."""

from __future__ import annotations

import json

import ficlens
from ficlens.data import example_path

CONTRACT_KEYS = {"schema", "source", "metadata", "text", "chapters", "scenes", "characters", "quotes", "stats"}
METADATA_KEYS = {"title", "authors", "work_id", "url", "rating", "warnings", "categories", "fandoms",
                 "relationships", "characters", "freeforms", "language", "series", "published", "updated",
                 "words", "chapters_posted", "chapters_total", "kudos", "hits", "summary", "notes", "end_notes"}


def test_analyze_json_keeps_the_contract():
    record = json.loads(ficlens.analyze(example_path()).to_json())
    assert CONTRACT_KEYS <= record.keys()
    assert record["schema"] == "ficlens.work/1"
    assert METADATA_KEYS <= record["metadata"].keys()
    text = record["text"]
    for chapter in record["chapters"]:
        assert 0 <= chapter["start"] <= chapter["end"] <= len(text)
    for quote in record["quotes"]:
        assert text[quote["start"]:quote["end"]] == quote["text"]


def test_read_json_has_no_nlp_layers():
    record = json.loads(ficlens.read(example_path()).to_json(nlp=False))
    assert "quotes" not in record and "characters" not in record
    assert record["stats"]["words"] > 500
