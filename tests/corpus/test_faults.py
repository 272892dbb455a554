"""The corpus fault tests of issue 12 on the analyze stage over real works, with their figures.

The corpus: long stretches of the PDNC novels, every AO3 fixture (pages and downloads, the refused ones
included), the seed, the shared JSONL with mistyped metadata, and one work that never ends. Faults: kill -9 of
the driver at five random points (each time resumed), the endless work (its time budget), a corrupt shard
(found and redone on resume) and a second writer (refused). Each run's dataset must equal an uninterrupted run.

    .venv/bin/python -m pytest --slow -s tests/corpus/test_faults.py    # figures printed as one JSON line
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest
from corpus_fixtures import NOVELS, load_dataset
from paths import AO3_DOWNLOADS, AO3_PAGES, PDNC, SEED, SHARED, need
from test_run import alive, damage, finished_works, worker_pids

from ficlens.corpus.shards import SPOOL_DIR

pytestmark = pytest.mark.slow
SECONDS = 20  # the time budget: the endless work costs this much, and no real work here comes near it
SHARD_SIZE = 16
DRIVER = (
    "import sys; from crashing import misbehave; from ficlens.corpus.run import run_corpus; "
    "from ficlens.corpus.worker import Budget; "
    f"run_corpus([sys.argv[1]], out=sys.argv[2], workers=2, stage='analyze', shard_size={SHARD_SIZE}, "
    f"progress=False, task=misbehave, budget=Budget(seconds={SECONDS}))"
)


def fault_corpus(root: Path, *, chunks: int = 30, chars: int = 30_000) -> Path:
    root.mkdir(parents=True)
    novels = [need(PDNC / n / "novel_text.txt").read_text(encoding="utf-8") for n in NOVELS]
    for i in range(chunks):
        text = novels[i % len(novels)]
        start = text.find("\n\n", (i // len(novels)) * chars) + 2
        (root / f"pdnc-{i:03d}.txt").write_text(text[start : start + chars], encoding="utf-8")
    for fixture in [*need(AO3_PAGES).iterdir(), *need(AO3_DOWNLOADS).iterdir()]:
        (root / f"ao3-{fixture.parent.name}-{fixture.name}").symlink_to(fixture)
    (root / "seed.txt").symlink_to(need(SEED))
    (root / "mistyped.jsonl").symlink_to(need(SHARED / "fuzz" / "jsonl-mistyped-metadata.jsonl"))
    (root / "Emma-endless.txt").write_text(novels[0][:3000], encoding="utf-8")
    return root


def start_driver(corpus: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", DRIVER, str(corpus), str(out)],
        cwd=Path(__file__).parent,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def run_to_end(corpus: Path, out: Path) -> float:
    started = time.monotonic()
    assert start_driver(corpus, out).wait() == 0
    return time.monotonic() - started


def test_corpus_faults(tmp_path: Path):
    corpus = fault_corpus(tmp_path / "corpus")
    works = sum(1 for p in corpus.iterdir() if not p.name.endswith(".jsonl")) + 7
    figures: dict = {"works": works, "stage": "analyze", "workers": 2, "time_limit_s": SECONDS}

    reference = tmp_path / "reference"
    figures["uninterrupted_s"] = round(run_to_end(corpus, reference), 1)
    expected = load_dataset(reference)
    errors = [json.loads(e) for e in expected["errors"]]
    assert len(expected["works"]) + len(errors) == works
    assert [e["code"] for e in errors if "endless" in e["key"]] == ["E012"]  # the hanging work
    assert not [e for e in errors if e["code"] is None]  # no crash in a stage
    figures["hanging_work"] = "E012 row after its budget, the run went on"
    figures["warnings"] = len(expected["warnings"])

    # kill -9 of the driver alone, five times at random points, each time resumed
    out, rng, kills = tmp_path / "killed", random.Random(12), []
    for target in sorted(rng.sample(range(1, works - 2), 5)):
        proc = start_driver(corpus, out)
        deadline = time.monotonic() + 300
        while finished_works(out) < target and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(rng.uniform(0, 1))  # anywhere in the works in flight, or in writing a shard
        workers = worker_pids(proc.pid)
        proc.kill()
        proc.wait()
        time.sleep(2)
        kills.append({"finished_works": finished_works(out), "orphans": sum(alive(pid) for pid in workers)})
    figures["kills"] = kills
    figures["resume_s"] = round(run_to_end(corpus, out), 1)
    assert [k["orphans"] for k in kills] == [0] * 5
    assert [k["finished_works"] for k in kills] == sorted(k["finished_works"] for k in kills)
    assert load_dataset(out) == expected  # same works, none twice, none lost
    assert not list(out.rglob("*.tmp")) and not list((out / SPOOL_DIR).glob("*/*"))

    # a corrupt shard: found on resume and redone
    damaged = damage(out, "corrupt")
    figures["corrupt_shard_redo_s"] = round(run_to_end(corpus, out), 1)
    figures["corrupt_shard_works_redone"] = damaged["works"]
    assert load_dataset(out) == expected

    # two writers: the second is refused in one line, the first goes on to the same dataset
    out = tmp_path / "two"
    first = start_driver(corpus, out)
    deadline = time.monotonic() + 60
    while not (out / "runs.jsonl").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    second = subprocess.run(
        [
            sys.executable,
            "-m",
            "ficlens.cli",
            "corpus",
            "run",
            str(corpus),
            "--out",
            str(out),
            "--no-progress",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert second.returncode == 1 and "another ficlens corpus run" in second.stderr
    assert second.stderr.count("\n") == 1
    assert first.wait() == 0
    assert load_dataset(out) == expected
    figures["second_writer"] = second.stderr.strip()
    print(json.dumps(figures))
