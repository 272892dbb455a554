"""The local engine: every work comes back once; a work that kills its worker, runs past its time budget or
grows past its memory budget becomes an error row with its own code, and the run goes on."""

from __future__ import annotations

import time
from pathlib import Path

from corpus_fixtures import NOVELS, excerpt
from crashing import die_on_poison, meet, misbehave

from ficlens.corpus.engine_local import LocalEngine
from ficlens.corpus.inputs import expand_inputs
from ficlens.corpus.shards import plan_shards
from ficlens.corpus.worker import Budget, Job, process_job


def jobs_of(folder: Path, *, shard_size: int) -> list[Job]:
    return [
        Job(shard=s.id, position=i, item=item)
        for s in plan_shards(expand_inputs([folder]), size=shard_size)
        for i, item in enumerate(s.items)
    ]


def excerpts(folder: Path, *extra: str) -> Path:
    """A PDNC excerpt per novel, and copies of Persuasion's under the `extra` names."""
    folder.mkdir(exist_ok=True)
    for novel in NOVELS:
        (folder / f"{novel}.txt").write_text(excerpt(novel, chars=600), encoding="utf-8")
    for name in extra:
        (folder / name).write_text(excerpt("Persuasion", chars=600), encoding="utf-8")
    return folder


def test_every_work_comes_back_once_and_every_worker_has_work_in_one_shard(
    good_corpus: Path, tmp_path: Path, monkeypatch
):
    jobs = jobs_of(good_corpus, shard_size=1000)  # one shard: the workers still share it
    assert len({j.shard for j in jobs}) == 1
    (tmp_path / "meet").mkdir()
    monkeypatch.setenv("FICLENS_TEST_MEET", str(tmp_path / "meet"))
    started = time.monotonic()
    results = list(LocalEngine(workers=2, task=meet).run(jobs, stage="read"))
    assert time.monotonic() - started < 50  # no work waited out its minute for a second busy worker
    assert sorted((r.job.shard, r.job.position) for r in results) == sorted(
        (j.shard, j.position) for j in jobs
    )
    assert len({r.pid for r in results}) == 2


def test_a_work_that_kills_its_worker_is_an_error_row_and_the_rest_is_kept(tmp_path: Path):
    jobs = jobs_of(excerpts(tmp_path / "c", "Persuasion-poison.txt"), shard_size=3)
    results = {r.job: r for r in LocalEngine(workers=2, task=die_on_poison).run(jobs, stage="read")}
    assert set(results) == set(jobs)
    for job in jobs:
        errors = results[job].tables["errors"].to_pylist()
        if "poison" in job.item.key:
            assert [(e["key"], e["error"]) for e in errors] == [(job.item.key, "WorkerDied")]
        else:  # exactly the rows an unbroken worker gives
            assert errors == []
            assert results[job].tables["works"].equals(process_job(job, "read").tables["works"])


def test_hanging_works_are_stopped_at_their_time_budget_and_the_run_goes_on(tmp_path: Path):
    """One asleep for good, one busy for good, one slow but legal: it gets a tenth of a core for 6 s, as on a
    machine busy with other work, and must not be taken for a hang by a 2 s budget."""
    folder = excerpts(tmp_path / "c", "Persuasion-endless.txt", "Persuasion-spin.txt", "Persuasion-crawl.txt")
    jobs = jobs_of(folder, shard_size=1000)
    started = time.monotonic()
    results = list(LocalEngine(workers=2, task=misbehave, budget=Budget(seconds=2)).run(jobs, stage="read"))
    assert time.monotonic() - started < 60
    errors = {Path(e["key"]).name: e for r in results for e in r.tables["errors"].to_pylist()}
    assert sorted(errors) == ["Persuasion-endless.txt", "Persuasion-spin.txt"]
    assert {(e["error"], e["code"]) for e in errors.values()} == {("WorkOverTime", "E012")}
    assert (
        "no progress (no CPU time) for the time budget of 2 s" in errors["Persuasion-endless.txt"]["message"]
    )
    assert "more than the time budget of 2 CPU seconds" in errors["Persuasion-spin.txt"]["message"]
    works = [Path(w["key"]).name for r in results for w in r.tables["works"].to_pylist()]
    assert "Persuasion-crawl.txt" in works and len(works) == len(jobs) - 2


def test_a_work_that_grows_past_the_memory_budget_is_stopped_and_the_run_goes_on(tmp_path: Path):
    jobs = jobs_of(excerpts(tmp_path / "c", "Persuasion-hog.txt"), shard_size=1000)
    budget = Budget(seconds=120, memory_mib=600)
    results = list(LocalEngine(workers=1, task=misbehave, budget=budget).run(jobs, stage="read"))
    errors = [e for r in results for e in r.tables["errors"].to_pylist()]
    assert [(Path(e["key"]).name, e["code"]) for e in errors] == [("Persuasion-hog.txt", "E013")]
    assert errors[0]["error"] == "WorkOverMemory"
    assert sum(r.tables["works"].num_rows for r in results) == len(jobs) - 1
