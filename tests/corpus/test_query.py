"""DuckDB over the dataset: tables as views, joins by work id, and a summary that agrees with the files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from corpus_fixtures import load_dataset

from ficlens.corpus.query import query, stats
from ficlens.corpus.run import run_corpus
from ficlens.errors import CorpusError


@pytest.fixture
def dataset(good_corpus: Path, bad_corpus: Path, tmp_path: Path) -> Path:
    run_corpus([good_corpus, bad_corpus], out=tmp_path / "out", shard_size=4, stage="read", progress=False)
    return tmp_path / "out"


def test_tables_are_views_that_join_by_work_id(dataset: Path):
    data = load_dataset(dataset)
    result = query(
        dataset,
        'SELECT w.key, count(*) AS n, sum(c."end" - c.start) AS chars FROM works w '
        "JOIN chapters c USING (work_id) GROUP BY ALL ORDER BY w.key",
    )
    assert result.columns == ["key", "n", "chars"]
    chapters = [json.loads(r) for r in data["chapters"]]
    works = {json.loads(r)["work_id"]: json.loads(r)["key"] for r in data["works"]}
    expected = {}
    for c in chapters:
        n, chars = expected.get(works[c["work_id"]], (0, 0))
        expected[works[c["work_id"]]] = (n + 1, chars + c["end"] - c["start"])
    assert [(k, n, chars) for k, n, chars in result.rows] == sorted((k, *v) for k, v in expected.items())


def test_stats_agree_with_the_files(dataset: Path):
    data = load_dataset(dataset)
    s = stats(dataset)
    assert (s.works, s.errors, s.chapters, s.scenes) == (
        len(data["works"]),
        len(data["errors"]),
        len(data["chapters"]),
        len(data["scenes"]),
    )
    assert s.words == sum(json.loads(r)["words"] for r in data["works"])
    assert s.shards_done == s.shards_total == 5
    assert sum(n for _, _, n in s.errors_by_reason) == s.errors == 6
    assert ("E002", "EmptyFile", 1) in s.errors_by_reason


def test_a_killed_run_shows_only_finished_shards(dataset: Path):
    before = stats(dataset)
    marker = min((dataset / "_done").glob("*.json"))
    lost = json.loads(marker.read_text())["works"]
    marker.unlink()  # as if the run died after writing this shard's files but before its marker
    after = stats(dataset)
    assert after.shards_done == 4
    assert after.works + after.errors == before.works + before.errors - lost


def test_bad_sql_and_bad_folders_are_clear_errors(dataset: Path, tmp_path: Path):
    with pytest.raises(CorpusError, match="SQL error"):
        query(dataset, "SELECT nothing FROM nowhere")
    with pytest.raises(CorpusError, match="not a ficlens corpus folder"):
        stats(tmp_path)
