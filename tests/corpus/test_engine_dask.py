"""A real Dask cluster: a scheduler and two workers in their own processes: the local dataset."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from corpus_fixtures import NOVELS, excerpt, load_dataset

from ficlens.corpus.run import run_corpus
from ficlens.errors import CorpusError

distributed = pytest.importorskip("distributed")
DASK = Path(sys.executable).with_name("dask")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def cluster(tmp_path: Path):
    """`dask scheduler` and two `dask worker`s, one thread each; yields the scheduler's address."""
    if not DASK.exists():
        pytest.skip("the dask command is not installed beside this python")
    address = f"tcp://127.0.0.1:{free_port()}"
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "cwd": tmp_path}
    procs = [
        subprocess.Popen(
            [DASK, "scheduler", "--host", "127.0.0.1", "--port", address.rsplit(":", 1)[1], "--no-dashboard"],
            **quiet,
        )
    ]
    try:
        for n in range(2):
            procs.append(
                subprocess.Popen(
                    [
                        DASK,
                        "worker",
                        address,
                        "--host",
                        "127.0.0.1",
                        "--nthreads",
                        "1",
                        "--no-dashboard",
                        "--name",
                        f"w{n}",
                        "--local-directory",
                        str(tmp_path / f"w{n}"),
                    ],
                    **quiet,
                )
            )
        wait_for_workers(address, 2)
        yield address
    finally:
        for proc in reversed(procs):
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


def wait_for_workers(address: str, n: int) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            with distributed.Client(address, timeout="5s") as client:
                client.wait_for_workers(n, timeout=60)
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_a_dask_cluster_gives_the_same_dataset_as_local_processes(
    good_corpus: Path, bad_corpus: Path, tmp_path: Path, cluster: str
):
    inputs = [good_corpus, bad_corpus]
    local = run_corpus(inputs, out=tmp_path / "local", shard_size=3, stage="read", progress=False)
    dask = run_corpus(
        inputs,
        out=tmp_path / "dask",
        engine="dask",
        scheduler=cluster,
        shard_size=3,
        stage="read",
        progress=False,
    )
    assert (dask.works, dask.words, dask.errors) == (local.works, local.words, local.errors)
    assert len(dask.peak_rss) == 2  # both workers took works
    data = load_dataset(tmp_path / "dask")
    assert data == load_dataset(tmp_path / "local")
    assert len(data["works"]) > 0 and len(data["errors"]) == 6


def test_without_a_scheduler_a_local_cluster_runs_it(good_corpus: Path, tmp_path: Path):
    local = run_corpus([good_corpus], out=tmp_path / "local", shard_size=4, stage="read", progress=False)
    dask = run_corpus(
        [good_corpus],
        out=tmp_path / "dask",
        engine="dask",
        workers=2,
        shard_size=4,
        stage="read",
        progress=False,
    )
    assert (dask.works, dask.words) == (local.works, local.words)
    assert load_dataset(tmp_path / "dask") == load_dataset(tmp_path / "local")


def test_an_unreachable_scheduler_is_a_clear_error(good_corpus: Path, tmp_path: Path, monkeypatch):
    monkeypatch.setattr("ficlens.corpus.engine_dask.CONNECT_TIMEOUT", "1s")
    with pytest.raises(CorpusError, match="cannot reach the Dask scheduler"):
        run_corpus(
            [good_corpus],
            out=tmp_path / "out",
            engine="dask",
            scheduler=f"tcp://127.0.0.1:{free_port()}",
            stage="read",
            progress=False,
        )


@pytest.mark.slow
def test_a_work_that_kills_its_dask_worker_is_an_error_row(tmp_path: Path):
    import dask
    from crashing import die_on_poison

    from ficlens.corpus.engine_dask import DaskEngine
    from ficlens.corpus.inputs import expand_inputs
    from ficlens.corpus.shards import plan_shards
    from ficlens.corpus.worker import Job

    for novel in NOVELS[:5]:
        (tmp_path / f"{novel}.txt").write_text(excerpt(novel, chars=600), encoding="utf-8")
    (tmp_path / "Emma-poison.txt").write_text(excerpt("Emma", chars=600), encoding="utf-8")
    jobs = [
        Job(shard=s.id, position=i, item=item)
        for s in plan_shards(expand_inputs([tmp_path]), size=3)
        for i, item in enumerate(s.items)
    ]
    # No retries on other workers: the first death marks the task, which keeps the test short.
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        results = list(DaskEngine(workers=2, task=die_on_poison).run(jobs, stage="read"))
    errors = [(Path(e["key"]).name, e["error"]) for r in results for e in r.tables["errors"].to_pylist()]
    assert errors == [("Emma-poison.txt", "WorkerDied")]
    assert sum(r.tables["works"].num_rows for r in results) == 5


def test_a_hanging_work_on_dask_is_stopped_at_its_time_budget_and_the_run_goes_on(tmp_path: Path):
    from crashing import misbehave

    from ficlens.corpus.worker import Budget

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for novel in NOVELS[:3]:
        (corpus / f"{novel}.txt").write_text(excerpt(novel, chars=600), encoding="utf-8")
    (corpus / "Emma-endless.txt").write_text(excerpt("Emma", chars=600), encoding="utf-8")
    summary = run_corpus(
        [corpus],
        out=tmp_path / "out",
        engine="dask",
        workers=2,
        stage="read",
        progress=False,
        budget=Budget(seconds=5),
        task=misbehave,
    )
    data = load_dataset(tmp_path / "out")
    assert [(Path(e["key"]).name, e["code"]) for e in map(json.loads, data["errors"])] == [
        ("Emma-endless.txt", "E012")
    ]
    assert len(data["works"]) == summary.works - 1 == 3
