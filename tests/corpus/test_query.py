"""DuckDB over the dataset: tables as views, joins by work id, and a summary that agrees with the files."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from corpus_fixtures import load_dataset, make_good_corpus

from ficlens.corpus.query import connect, query, stats
from ficlens.corpus.run import run_corpus
from ficlens.errors import CorpusError


@pytest.fixture
def dataset(good_corpus: Path, bad_corpus: Path, tmp_path: Path) -> Path:
    run_corpus([good_corpus, bad_corpus], out=tmp_path / "out", shard_size=4, stage="read", progress=False)
    return tmp_path / "out"


@pytest.fixture(scope="module")
def shared_dataset(tmp_path_factory) -> Path:
    """One dataset for the tests that must leave it as it is."""
    root = tmp_path_factory.mktemp("query")
    run_corpus([make_good_corpus(root)], out=root / "out", shard_size=4, stage="read", progress=False)
    return root / "out"


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


def test_the_analysis_tables_are_there_before_any_analysis(shared_dataset: Path):
    """A read-stage dataset has the analysis tables too, empty, with the model's columns."""
    result = query(shared_dataset, "SELECT label, score, evidence FROM relationships")
    assert result.columns == ["label", "score", "evidence"] and result.rows == []
    assert query(shared_dataset, "SELECT count(*) FROM character_stats").rows == [(0,)]


def test_bad_sql_and_bad_folders_are_clear_errors(dataset: Path, tmp_path: Path):
    with pytest.raises(CorpusError, match="SQL error"):
        query(dataset, "SELECT nothing FROM nowhere")
    with pytest.raises(CorpusError, match="not a ficlens corpus folder"):
        stats(tmp_path)


@pytest.mark.parametrize(
    "sql",
    [
        "COPY (SELECT * FROM works) TO '{outside}/stolen.csv'",
        "COPY works TO '{dataset}/works/part-999999-extra.parquet'",  # even into the dataset itself
        "SELECT * FROM read_csv('http://127.0.0.1:9/x.csv')",
        "SELECT * FROM 'https://127.0.0.1:9/x.parquet'",
        "SELECT * FROM read_text('/etc/hostname')",
        "INSTALL httpfs",
        "LOAD httpfs",
        "ATTACH '{outside}/other.db'",
        "SET enable_external_access = true",
        "CREATE TABLE t AS SELECT 1",
        "SELECT 1; COPY works TO '{outside}/two.csv'",
    ],
)
def test_queries_are_read_only_and_offline(shared_dataset: Path, tmp_path: Path, sql: str):
    dataset = shared_dataset
    outside = tmp_path / "outside"
    outside.mkdir()
    files_before = sorted(dataset.rglob("*"))
    with pytest.raises(CorpusError, match=r"^E011 SQL error: "):
        query(dataset, sql.format(outside=outside, dataset=dataset))
    assert list(outside.iterdir()) == []
    assert sorted(dataset.rglob("*")) == files_before
    assert query(dataset, "SELECT count(*) FROM works").rows == [(len(load_dataset(dataset)["works"]),)]


def test_explain_and_ctes_are_queries_too(shared_dataset: Path):
    dataset = shared_dataset
    assert query(dataset, "WITH w AS (SELECT * FROM works) SELECT count(*) AS n FROM w").columns == ["n"]
    assert query(dataset, "EXPLAIN SELECT * FROM works").rows


@pytest.mark.parametrize(
    "sql",
    [
        "CREATE TABLE t AS SELECT 1",
        "DROP VIEW works",
        "SET enable_external_access = true",
        "SELECT * FROM read_text('/etc/hostname')",
    ],
)
def test_the_connection_itself_is_read_only_and_locked(shared_dataset: Path, sql: str):
    """Below the statement check, what DuckDB itself refuses on the connection `query` uses. (It would let a
    COPY write into the table folders it may read: only the statement check stops that, tested above.)"""
    con = connect(shared_dataset)
    with pytest.raises(duckdb.Error):
        con.execute(sql)
    assert con.execute("SELECT count(*) FROM works").fetchone()[0] > 0
