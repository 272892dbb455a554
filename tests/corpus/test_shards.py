"""Shards: the same inputs give the same shards; finished: files renamed in, then a marker."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq

from ficlens.corpus.inputs import expand_inputs
from ficlens.corpus.shards import (
    clean_partial,
    done_markers,
    fingerprint,
    is_done,
    plan_shards,
    read_spooled,
    spool_path,
    spool_work,
    spooled_positions,
    table_files,
    verified_markers,
    write_shard,
)
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


def test_a_spooled_work_reads_back_as_written_and_any_damage_is_seen(good_corpus: Path, tmp_path: Path):
    shard = plan_shards(expand_inputs([good_corpus / "texts"]), size=10)[0]
    tables = process_shard(shard, "read").tables
    spool_work(tmp_path, shard.id, 0, tables)
    path = spool_path(tmp_path, shard.id, 0)
    back = read_spooled(path)
    assert all(back[name].equals(tables[name]) for name in TABLES)
    data = path.read_bytes()
    flipped = bytearray(data)
    flipped[len(data) // 2] ^= 0xFF
    for damaged in (data[:-1], data[: len(data) // 2], b"", bytes(flipped)):
        path.write_bytes(damaged)
        assert read_spooled(path) is None
    assert spooled_positions(tmp_path, shard) == set() and not path.exists()  # a damaged one is removed


def test_a_marker_records_each_file_and_only_intact_shards_are_kept(good_corpus: Path, tmp_path: Path):
    shards = plan_shards(expand_inputs([good_corpus / "texts"]), size=2)
    for shard in shards:
        write_shard(tmp_path, shard, process_shard(shard, "read").tables, summary={"works": 2})
    record = done_markers(tmp_path)[0]
    for name in TABLES:
        path = tmp_path / name / f"{record['stem']}.parquet"
        assert record["files"][name]["bytes"] == path.stat().st_size
        assert record["files"][name]["rows"] == pq.read_metadata(path).num_rows
    assert set(verified_markers(tmp_path)) == {s.id for s in shards}
    (tmp_path / "scenes" / f"{shards[1].stem}.parquet").write_bytes(b"PAR1")
    assert set(verified_markers(tmp_path)) == {shards[0].id}
    assert not is_done(tmp_path, shards[1])  # its marker went: the shard will be redone
