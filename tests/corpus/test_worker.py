"""The worker: a shard of real works in, the same figures the one-work pipeline gives, failures as rows."""

from __future__ import annotations

from pathlib import Path

import pytest
from paths import SEED, SHARED, need

import ficlens
from ficlens.corpus.inputs import expand_inputs
from ficlens.corpus.run import RunSummary, record
from ficlens.corpus.shards import plan_shards
from ficlens.corpus.worker import process_shard
from ficlens.errors import FicError


def one_shard(*inputs) -> object:
    (shard,) = plan_shards(expand_inputs(inputs), size=1000)
    return shard


def test_read_stage_matches_the_pipeline(good_corpus: Path):
    texts = sorted((good_corpus / "texts").glob("*.txt"))
    result = process_shard(one_shard(*texts), "read")
    assert result.errors == 0 and result.works == len(texts)
    works = result.tables["works"].to_pylist()
    assert [w["words"] for w in works] == [ficlens.read(p).stats.words for p in texts]
    assert result.words == sum(w["words"] for w in works) > 0
    assert result.tables["chapters"].num_rows == sum(len(ficlens.read(p).chapters) for p in texts)
    assert {w["stage"] for w in works} == {"read"}
    assert result.peak_rss > 10 * 2**20


def test_jsonl_metadata_overlays_the_reader(good_corpus: Path):
    result = process_shard(one_shard(good_corpus / "lines.jsonl"), "read")
    works = result.tables["works"].to_pylist()
    assert [(w["title"], w["authors"], w["kudos"]) for w in works] == [
        ("Northanger Abbey", ["Jane Austen"], None),
        ("Persuasion", [], 3),
    ]


def test_analyze_stage_matches_the_pipeline():
    seed = need(SEED)
    result = process_shard(one_shard(seed), "analyze")
    work = ficlens.analyze(seed)
    assert result.errors == 0
    assert result.tables["quotes"].num_rows == len(work.quotes)
    assert result.tables["quotes"].column("text").to_pylist() == [q.text for q in work.quotes]
    assert result.tables["characters"].num_rows == len(work.characters)
    assert result.tables["works"].column("stage").to_pylist() == ["analyze"]
    assert result.tables["relationships"].column("label").to_pylist() == [r.label for r in work.relationships]
    assert result.tables["interactions"].num_rows == len(work.interactions) > 0
    assert result.tables["scene_moods"].num_rows == len(work.scenes)


def expected_error(path: Path) -> str:
    with pytest.raises(FicError) as caught:
        ficlens.read(path)
    return caught.value.code


def test_bad_inputs_become_error_rows(bad_corpus: Path):
    result = process_shard(one_shard(bad_corpus), "read")
    errors = {Path(e["key"]).name: e for e in result.tables["errors"].to_pylist()}
    works = [Path(w["key"]).name for w in result.tables["works"].to_pylist()]
    assert works == ["good.txt", "lines.jsonl#L1"]
    for name in ("empty.txt", "binary.txt", "corrupt.epub"):
        assert errors[name]["code"] == expected_error(bad_corpus / name)
        assert errors[name]["message"].startswith(f"{errors[name]['code']} {bad_corpus / name}: ")
    assert errors["empty.txt"]["code"] == "E002"
    assert [errors[f"lines.jsonl#L{n}"]["code"] for n in (2, 3, 4)] == ["E006"] * 3
    assert "no 'text'" in errors["lines.jsonl#L4"]["message"]
    assert result.works == len(works) + len(errors)


def test_an_unexpected_exception_is_kept_with_its_type_and_the_shard_goes_on(good_corpus: Path, monkeypatch):
    real = ficlens.pipeline.read_bytes

    def flaky(data: bytes, *, name: str):
        if name.endswith("Emma.txt"):
            raise KeyError("a bug in a reader")
        return real(data, name=name)

    monkeypatch.setattr(ficlens.pipeline, "read_bytes", flaky)
    result = process_shard(one_shard(good_corpus / "texts"), "read")
    (error,) = result.tables["errors"].to_pylist()
    assert error["key"].endswith("Emma.txt")
    assert (error["error"], error["code"]) == ("KeyError", None)
    assert error["message"] == "KeyError: 'a bug in a reader'"
    assert result.tables["works"].num_rows == 3
    summary = RunSummary(out=Path("."), shards=1, skipped=0)
    record(summary, result)
    assert (summary.works, summary.errors, summary.crashes) == (4, 1, 1)


def test_a_mistyped_metadata_field_keeps_the_work_and_is_a_warning_row():
    """The shared fuzz reproducer: seven lines with the same text, six with one field of the wrong type."""
    lines = need(SHARED / "fuzz" / "jsonl-mistyped-metadata.jsonl")
    result = process_shard(one_shard(lines), "read")
    assert result.errors == 0
    works = result.tables["works"].to_pylist()
    assert len(works) == 7 and len({w["words"] for w in works}) == 1 and works[0]["words"] > 1000
    by_line = {w["key"].rsplit("#L", 1)[1]: w for w in works}
    assert by_line["1"]["title"] == "123"
    assert by_line["2"]["authors"] == ["just-a-string"]  # one author, not a list of letters
    assert by_line["3"]["kudos"] is None and by_line["4"]["series"] == []
    assert by_line["5"]["fandoms"] == ["1", "2"]
    assert by_line["6"]["chapters_total"] is None
    warnings = result.tables["warnings"].to_pylist()
    assert [(w["key"].rsplit("#L", 1)[1], w["field"], w["code"]) for w in warnings] == [
        ("1", "title", "E006"),
        ("2", "authors", "E006"),
        ("3", "kudos", "E006"),
        ("4", "series", "E006"),
        ("5", "fandoms", "E006"),
        ("6", "chapters_total", "E006"),
    ]
    assert "'lots'" in warnings[2]["message"] and "left out" in warnings[2]["message"]
    assert "kept as a list of one" in warnings[1]["message"]


def _child_peak() -> int:
    from ficlens.corpus.worker import peak_rss

    return peak_rss()


def test_a_worker_reports_its_own_peak_memory_not_its_parents():
    """getrusage's ru_maxrss survives fork and exec: a worker started by a parent holding 300 MiB read as
    300 MiB before it did anything."""
    import multiprocessing

    ballast = bytearray(300 * 2**20)
    ballast[::4096] = b"x" * len(ballast[::4096])  # touched: resident
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        child = pool.apply(_child_peak)
    assert child < 200 * 2**20
    del ballast
