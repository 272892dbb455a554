"""The local engine: every shard comes back once, and a work that kills its worker becomes an error row."""

from __future__ import annotations

from pathlib import Path

from corpus_fixtures import NOVELS, excerpt
from crashing import die_on_poison

from ficlens.corpus.engine_local import LocalEngine
from ficlens.corpus.inputs import expand_inputs
from ficlens.corpus.shards import plan_shards
from ficlens.corpus.worker import process_shard


def test_every_shard_comes_back_once(good_corpus: Path):
    shards = plan_shards(expand_inputs([good_corpus]), size=2)
    results = list(LocalEngine(workers=2).run(shards, stage="read"))
    assert sorted(r.shard.id for r in results) == sorted(s.id for s in shards)
    assert len({r.pid for r in results}) <= 2


def test_a_work_that_kills_its_worker_is_an_error_row_and_the_rest_is_kept(tmp_path: Path):
    for novel in NOVELS:
        (tmp_path / f"{novel}.txt").write_text(excerpt(novel, chars=600), encoding="utf-8")
    (tmp_path / "Persuasion-poison.txt").write_text(excerpt("Persuasion", chars=600), encoding="utf-8")
    shards = plan_shards(expand_inputs([tmp_path]), size=3)
    results = {r.shard.id: r for r in LocalEngine(workers=2, task=die_on_poison).run(shards, stage="read")}
    assert sorted(results) == sorted(s.id for s in shards)
    for shard in shards:
        result, expected = results[shard.id], process_shard(shard, "read")
        poisoned = [i for i in shard.items if "poison" in i.key]
        assert result.works == len(shard.items)
        errors = result.tables["errors"].to_pylist()
        assert [(e["key"], e["error"]) for e in errors] == [(i.key, "WorkerDied") for i in poisoned]
        # Every other work gives exactly the rows an unbroken worker gives, in the same order.
        expected_works = [w for w in expected.tables["works"].to_pylist() if "poison" not in w["key"]]
        assert result.tables["works"].to_pylist() == expected_works
