"""Whole runs: a joinable dataset, nothing lost, another run's folder refused, kill -9 + resume."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from corpus_fixtures import NOVELS, load_dataset
from paths import PDNC, need

from ficlens.corpus.inputs import expand_inputs
from ficlens.corpus.run import run_corpus
from ficlens.corpus.shards import DONE_DIR
from ficlens.errors import CorpusError


def test_a_run_gives_a_joinable_dataset_with_every_input_once(good_corpus: Path, tmp_path: Path):
    summary = run_corpus(
        [good_corpus], out=tmp_path / "out", workers=2, shard_size=3, stage="read", progress=False
    )
    data = load_dataset(tmp_path / "out")
    items = expand_inputs([good_corpus])
    assert (summary.shards, summary.skipped, summary.works) == (4, 0, len(items))
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["inputs"] == [str(good_corpus)]
    assert (manifest["stage"], manifest["shard_size"], manifest["works"], manifest["shards"]) == (
        "read",
        3,
        10,
        4,
    )
    works = [json.loads(r) for r in data["works"]]
    assert data["errors"] == []
    assert sorted(w["work_id"] for w in works) == sorted(i.work_id for i in items)
    ids = {w["work_id"] for w in works}
    for table in ("chapters", "scenes"):
        assert {json.loads(r)["work_id"] for r in data[table]} == ids  # every work has chapters and scenes
    assert summary.words == sum(w["words"] for w in works) > 0
    assert {w["format"] for w in works} >= {"text", "ao3-page"}


def test_a_rerun_skips_finished_shards_and_changes_nothing(good_corpus: Path, tmp_path: Path):
    out = tmp_path / "out"
    run_corpus([good_corpus], out=out, shard_size=4, stage="read", progress=False)
    before = load_dataset(out)
    again = run_corpus([good_corpus], out=out, shard_size=4, stage="read", progress=False, workers=2)
    assert (again.skipped, again.works) == (again.shards, 0)
    assert load_dataset(out) == before
    runs = [json.loads(line) for line in (out / "runs.jsonl").read_text().splitlines()]
    assert [(r["engine"], r["workers"], r["resumed_shards"]) for r in runs] == [
        ("local", 1, 0),
        ("local", 2, 3),
    ]


@pytest.mark.parametrize("change", ["inputs", "stage", "shard_size", "content"])
def test_another_run_into_the_same_folder_is_a_clear_error(good_corpus: Path, tmp_path: Path, change: str):
    out = tmp_path / "out"
    options = {"out": out, "shard_size": 4, "stage": "read", "progress": False}
    run_corpus([good_corpus / "texts"], **options)
    inputs = [good_corpus / "texts"]
    if change == "inputs":
        inputs = [good_corpus]
    elif change == "content":
        (good_corpus / "texts" / "new.txt").write_text("A new work.\n", encoding="utf-8")
    else:
        options[change] = {"stage": "analyze", "shard_size": 5}[change]
    with pytest.raises(CorpusError, match="holds another run"):
        run_corpus(inputs, **options)


def test_a_folder_that_is_not_a_run_is_refused(good_corpus: Path, tmp_path: Path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(CorpusError, match="not empty"):
        run_corpus([good_corpus], out=tmp_path / "out", stage="read", progress=False)


def test_bad_inputs_do_not_stop_the_run(bad_corpus: Path, tmp_path: Path):
    summary = run_corpus([bad_corpus], out=tmp_path / "out", shard_size=2, stage="read", progress=False)
    data = load_dataset(tmp_path / "out")
    assert (len(data["works"]), len(data["errors"])) == (2, 6)
    assert summary.errors == 6


def chunked_corpus(root: Path, *, works: int, chars: int) -> Path:
    """`works` texts cut from PDNC novels, each a different stretch of a novel."""
    root.mkdir()
    novels = [need(PDNC / n / "novel_text.txt").read_text(encoding="utf-8") for n in NOVELS]
    for i in range(works):
        text = novels[i % len(novels)]
        start = text.find("\n\n", (i // len(novels)) * chars) + 2
        (root / f"work-{i:03d}.txt").write_text(text[start : start + chars], encoding="utf-8")
    return root


def markers(out: Path) -> int:
    folder = out / DONE_DIR
    return len(list(folder.glob("*.json"))) if folder.is_dir() else 0


def test_kill_9_at_random_points_then_resume_equals_an_uninterrupted_run(tmp_path: Path):
    corpus = chunked_corpus(tmp_path / "corpus", works=30, chars=8_000)
    options = ["--shard-size", "1", "--stage", "read", "--no-progress"]
    reference = tmp_path / "reference"
    run_corpus([corpus], out=reference, shard_size=1, stage="read", progress=False)
    out = tmp_path / "out"
    command = [
        sys.executable,
        "-m",
        "ficlens.cli",
        "corpus",
        "run",
        str(corpus),
        "--out",
        str(out),
        "--workers",
        "2",
        *options,
    ]
    rng = random.Random(6)
    partial_states = []
    for _ in range(3):
        seen = markers(out)
        # Its own session, so kill -9 takes the workers too, as a crash of the machine would.
        proc = subprocess.Popen(
            command, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 30
        while markers(out) <= seen and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(rng.uniform(0, 0.15))
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        partial_states.append(markers(out))
    assert any(0 < n < 30 for n in partial_states), partial_states  # some kill did land mid-run
    done_before = markers(out)
    summary = run_corpus([corpus], out=out, shard_size=1, stage="read", progress=False)
    assert summary.skipped == done_before and summary.works == 30 - done_before
    assert load_dataset(out) == load_dataset(reference)
    assert not list(out.rglob("*.tmp"))
