"""Shards: the same inputs give the same shards; finished: files renamed in, then a marker."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq

from ficlens.corpus.inputs import expand_inputs
from ficlens.corpus.shards import clean_partial, fingerprint, is_done, plan_shards, table_files, write_shard
from ficlens.corpus.tables import TABLES
from ficlens.corpus.worker import process_shard


def test_shards_are_fixed_size_and_named_by_their_content(good_corpus: Path):
    items = expand_inputs([good_corpus])
    shards = plan_shards(items, size=3)
    assert [len(s.items) for s in shards] == [3, 3, 3, 1]
    assert [s.id for s in shards] == [s.id for s in plan_shards(expand_inputs([good_corpus]), size=3)]
    # Dropping the last item renames only the last shard.
    fewer = plan_shards(items[:-1], size=3)
    assert [s.id for s in fewer[:2]] == [s.id for s in shards[:2]]
    assert fewer[-1].id != shards[-1].id


def test_the_fingerprint_sees_a_file_change_size(good_corpus: Path):
    before, n = fingerprint(expand_inputs([good_corpus]), shard_size=3)
    assert n == 10
    assert before != fingerprint(expand_inputs([good_corpus]), shard_size=4)[0]
    with open(good_corpus / "texts" / "Emma.txt", "a", encoding="utf-8") as fh:
        fh.write("\n\nOne more line.")
    assert before != fingerprint(expand_inputs([good_corpus]), shard_size=3)[0]


def test_a_written_shard_is_marked_done_and_readable(good_corpus: Path, tmp_path: Path):
    shard = plan_shards(expand_inputs([good_corpus / "texts"]), size=10)[0]
    result = process_shard(shard, "read")
    out = tmp_path / "out"
    assert not is_done(out, shard)
    write_shard(out, shard, result.tables, summary={"works": result.works})
    assert is_done(out, shard)
    for table in TABLES:
        (path,) = table_files(out, table)
        assert pq.read_table(path).equals(result.tables[table])
    assert pq.read_metadata(table_files(out, "works")[0]).row_group(0).column(0).compression == "ZSTD"


def test_leftover_temporary_files_are_removed(tmp_path: Path):
    (tmp_path / "works").mkdir(parents=True)
    leftover = tmp_path / "works" / ".part-000000-abc.parquet.123.tmp"
    leftover.write_bytes(b"half a file")
    clean_partial(tmp_path)
    assert not leftover.exists()
