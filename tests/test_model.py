"""The JSON contract `ficlens.work/1`: keys, spans, what `read` leaves out, and reading a record back."""

from __future__ import annotations

import json

import pytest
from paths import AO3_PAGES, SEED, need

import ficlens
from ficlens.data import example_path
from ficlens.model import ANALYSIS_FIELDS, SPEAKER_FIELDS, Arcs, Interaction, Relationship, Series, Work

CONTRACT_KEYS = {
    "schema",
    "source",
    "metadata",
    "text",
    "chapters",
    "scenes",
    "characters",
    "quotes",
    "stats",
}
METADATA_KEYS = {
    "title",
    "authors",
    "work_id",
    "url",
    "rating",
    "warnings",
    "categories",
    "fandoms",
    "relationships",
    "characters",
    "freeforms",
    "language",
    "series",
    "published",
    "updated",
    "words",
    "chapters_posted",
    "chapters_total",
    "kudos",
    "hits",
    "summary",
    "notes",
    "end_notes",
}


def test_analyze_json_keeps_the_contract():
    record = json.loads(ficlens.analyze(example_path()).to_json())
    assert record.keys() >= CONTRACT_KEYS
    assert record["schema"] == "ficlens.work/1"
    assert record["metadata"].keys() >= METADATA_KEYS
    text = record["text"]
    for chapter in record["chapters"]:
        assert 0 <= chapter["start"] <= chapter["end"] <= len(text)
    for quote in record["quotes"]:
        assert text[quote["start"] : quote["end"]] == quote["text"]


def test_read_json_has_no_nlp_layers():
    record = json.loads(ficlens.read(example_path()).to_json(nlp=False))
    assert "quotes" not in record and "characters" not in record
    assert record["stats"]["words"] > 500


@pytest.fixture(
    scope="module",
    params=[SEED, AO3_PAGES / "37214506-chatfic-ch1.html", AO3_PAGES / "29046888-7ch-series.html"],
    ids=lambda p: p.name,
)
def analysed(request) -> Work:
    return ficlens.analyze(need(request.param))


def test_a_full_record_reads_back_to_the_same_record(analysed):
    record = analysed.to_dict()
    back = Work.from_dict(record)
    assert back.to_dict() == record
    assert Work.from_json(analysed.to_json()).to_json() == analysed.to_json()
    # typed again, not dicts: what the report and the corpus read
    assert back.quotes == analysed.quotes and back.characters == analysed.characters
    assert back.relationships == analysed.relationships and back.arcs == analysed.arcs
    assert all(isinstance(r, Relationship) for r in back.relationships) and isinstance(back.arcs, Arcs)
    assert all(isinstance(e, Interaction) for e in back.interactions)
    assert all(isinstance(s, Series) for s in back.metadata.series)


def test_a_read_record_reads_back_without_nlp_layers(analysed):
    read = ficlens.read(analysed.source.path)
    record = read.to_dict(nlp=False)
    back = Work.from_dict(record)
    assert back.to_dict(nlp=False) == record
    assert back.quotes == [] and back.relationships == []
    assert "interactions" not in back.to_dict()  # nor does the analysis come back as empty keys


def test_layers_follow_the_keys_of_the_record(analysed):
    full = Work.from_dict(analysed.to_dict()).layers
    assert {"paragraphs", "scenes", "sentences", "stats", "characters", "mentions", "quotes"} <= set(full)
    assert set(SPEAKER_FIELDS) <= set(full) and set(ANALYSIS_FIELDS) <= set(full)
    assert (
        "text" not in full and "speaker_labels" not in full
    )  # what readers give; what the JSON does not keep
    read = Work.from_dict(analysed.to_dict(nlp=False)).layers
    assert set(read) == {"paragraphs", "scenes", "sentences", "stats"}


def test_a_record_of_another_schema_is_refused():
    record = ficlens.read(need(SEED)).to_dict(nlp=False)
    record["schema"] = "ficlens.work/0"
    with pytest.raises(ValueError, match=r"ficlens\.work/1"):
        Work.from_dict(record)


def test_json_is_indented_by_two_or_on_one_line():
    import pytest

    work = ficlens.read(example_path())
    assert json.loads(work.to_json(indent=None)) == json.loads(work.to_json()) == work.to_dict()
    assert "\n" not in work.to_json(indent=None) and work.to_json().startswith('{\n  "schema"')
    with pytest.raises(ValueError):
        work.to_json(indent=4)


def test_a_record_holds_only_json_types(analysed):
    """orjson writes the record in one buffer; a value of another type (numpy's float64, say) sent it to
    json.dumps's fallback, which took 400 MiB more on a two-million-word work."""
    import orjson

    orjson.dumps(analysed.to_dict())  # raises on any type JSON has not
