"""Whole runs: a joinable dataset, nothing lost, another run's folder refused, kill -9 + resume."""

from __future__ import annotations

import errno
import json
import random
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from corpus_fixtures import NOVELS, load_dataset
from crashing import misbehave
from paths import PDNC, need

from ficlens.corpus import run as run_module
from ficlens.corpus.inputs import expand_inputs
from ficlens.corpus.query import stats
from ficlens.corpus.run import run_corpus
from ficlens.corpus.shards import SPOOL_DIR, done_markers, spool_work
from ficlens.corpus.tables import TABLES
from ficlens.corpus.worker import Budget
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


def test_the_manifest_records_the_settings_the_stages_ran_with(good_corpus: Path, tmp_path: Path):
    from ficlens.pipeline import settings

    seed = tmp_path / "seed"
    seed.mkdir()
    (seed / "seed.txt").write_bytes((good_corpus / "texts" / "seed.txt").read_bytes())
    run_corpus([seed], out=tmp_path / "analyzed", stage="analyze", progress=False)
    manifest = json.loads((tmp_path / "analyzed" / "manifest.json").read_text())
    assert manifest["settings"] == settings() and {"quotes", "cast", "speakers"} <= set(manifest["settings"])
    assert manifest["settings"]["cast"] == {
        "dominance": 1.1,
        "surname_factor": 1.0,
        "use_tags": True,
        "need_person_evidence": True,
        "known": [],  # no cast given by the user
    }
    run_corpus([seed], out=tmp_path / "read", stage="read", progress=False)
    read = json.loads((tmp_path / "read" / "manifest.json").read_text())
    assert read["settings"] == {}  # reading only segments, which has no settings


def test_a_run_with_other_settings_is_not_resumed(good_corpus: Path, tmp_path: Path):
    out = tmp_path / "out"
    run_corpus([good_corpus / "texts"], out=out, shard_size=4, stage="read", progress=False)
    manifest = json.loads((out / "manifest.json").read_text())
    # as if it had run with other settings
    manifest["settings"] = {"cast": {"dominance": 1.5, "surname_factor": 1.0}}
    (out / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(CorpusError, match=r"holds another run: settings: .*1\.5.* there, \{\} now"):
        run_corpus([good_corpus / "texts"], out=out, shard_size=4, stage="read", progress=False)


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


def finished_works(out: Path) -> int:
    """Works a run has made safe: those of marked shards and those spooled one by one."""
    done = sum(int(m["works"]) for m in done_markers(out))
    return done + len(list((out / SPOOL_DIR).glob("*/*.arrows")))


def worker_pids(driver: int) -> list[int]:
    """The live (not zombie) processes whose parent is `driver`."""
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == driver and fields[0] != "Z":
            pids.append(int(stat.parent.name))
    return pids


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def corpus_command(corpus: Path, out: Path, *options: str) -> list[str]:
    return [sys.executable, "-m", "ficlens.cli", "corpus", "run", str(corpus), "--out", str(out), *options]


def test_kill_9_of_the_driver_at_random_points_then_resume_equals_an_uninterrupted_run(tmp_path: Path):
    """Five kill -9s of the driver alone, at random points of one big shard: its workers die with it, every
    finished work is kept, and the resumed run ends with the dataset an unbroken run makes."""
    corpus = chunked_corpus(tmp_path / "corpus", works=30, chars=20_000)
    reference = tmp_path / "reference"
    run_corpus([corpus], out=reference, stage="read", progress=False)
    out = tmp_path / "out"
    command = corpus_command(corpus, out, "--workers", "2", "--stage", "read", "--no-progress")
    kept = []
    for target in sorted(random.Random(6).sample(range(1, 30), 5)):  # kill once this many works are safe
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while finished_works(out) < target and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.002)
        workers = worker_pids(proc.pid)
        proc.kill()  # the driver only, as a crash or the OOM killer would
        proc.wait()
        deadline = time.monotonic() + 10
        while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not [pid for pid in workers if alive(pid)], "workers outlived their driver"
        kept.append(finished_works(out))
    assert kept == sorted(kept) and kept[0] > 0, kept  # nothing finished was ever lost
    assert sum(n < 30 for n in kept) >= 3, kept  # the kills did land mid-run
    summary = run_corpus([corpus], out=out, stage="read", progress=False)
    assert summary.works == 30 - kept[-1]
    assert summary.works + summary.resumed_works + 30 * summary.skipped == 30
    assert load_dataset(out) == load_dataset(reference)  # same works, none twice, none lost
    assert not list(out.rglob("*.tmp")) and not list((out / SPOOL_DIR).glob("*/*"))


def damage(out: Path, how: str) -> dict:
    """Damage one finished shard as a crash, a full disk or a stray command would; return its marker."""
    marker = min((out / "_done").glob("*.json"))
    record = json.loads(marker.read_text())
    target = out / "chapters" / f"{record['stem']}.parquet"
    if how == "truncated":
        target.write_bytes(target.read_bytes()[: target.stat().st_size // 2])
    elif how == "corrupt":  # same size, bytes changed in the middle: only the hash can tell
        data = bytearray(target.read_bytes())
        data[len(data) // 2 : len(data) // 2 + 16] = b"\xff" * 16
        target.write_bytes(bytes(data))
    elif how == "missing":
        target.unlink()
    elif how == "empty marker":
        marker.write_bytes(b"")
    return record


@pytest.mark.parametrize("how", ["truncated", "corrupt", "missing", "empty marker"])
def test_resume_checks_every_finished_shard_and_redoes_a_damaged_one(
    good_corpus: Path, tmp_path: Path, how: str
):
    out = tmp_path / "out"
    run_corpus([good_corpus], out=out, shard_size=3, stage="read", progress=False)
    before = load_dataset(out)
    damaged = damage(out, how)
    # Before the resume, stats and queries leave out what they cannot trust, or say what is wrong, in one line.
    try:
        shown = stats(out)
        assert shown.shards_done < 4 or how == "corrupt"
    except CorpusError as exc:
        assert how == "corrupt" and "run the same" in str(exc)
    summary = run_corpus([good_corpus], out=out, shard_size=3, stage="read", progress=False)
    assert summary.skipped == 3 and summary.works == damaged["works"]  # only the damaged shard is redone
    assert damaged["id"] in {m["id"] for m in done_markers(out)}
    assert load_dataset(out) == before
    assert stats(out).shards_done == 4


def test_a_damaged_spooled_work_is_redone(tmp_path: Path):
    corpus = chunked_corpus(tmp_path / "corpus", works=6, chars=3_000)
    reference = tmp_path / "reference"
    run_corpus([corpus], out=reference, stage="read", progress=False)
    out = tmp_path / "out"
    run_corpus([corpus], out=out, stage="read", progress=False)
    # Back to the state of a run killed with every work spooled and none gathered, one spool file cut short.
    (marker,) = (out / "_done").glob("*.json")
    shard = json.loads(marker.read_text())
    tables = {t: pq.read_table(out / t / f"{shard['stem']}.parquet") for t in TABLES}
    ids = tables["works"].column("work_id").to_pylist()
    for position, work_id in enumerate(ids):
        spool_work(
            out,
            shard["id"],
            position,
            {t: tab.filter(pc.equal(tab["work_id"], work_id)) for t, tab in tables.items()},
        )
    marker.unlink()
    cut = out / SPOOL_DIR / shard["id"] / "000002.arrows"
    cut.write_bytes(cut.read_bytes()[:-40])
    summary = run_corpus([corpus], out=out, stage="read", progress=False)
    assert (summary.works, summary.resumed_works) == (1, 5)
    assert load_dataset(out) == load_dataset(reference)


def test_a_second_writer_on_the_same_folder_is_refused_with_one_line(good_corpus: Path, tmp_path: Path):
    """A run that holds the folder (a work that never ends keeps it going), then the same command again."""
    (good_corpus / "texts" / "Persuasion-endless.txt").write_text("It goes on and on.\n", encoding="utf-8")
    out = tmp_path / "out"
    script = (
        "import sys; from crashing import misbehave; from ficlens.corpus.run import run_corpus; "
        "run_corpus([sys.argv[1]], out=sys.argv[2], stage='read', progress=False, task=misbehave)"
    )
    first = subprocess.Popen(
        [sys.executable, "-c", script, str(good_corpus), str(out)],
        cwd=Path(__file__).parent,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while not (out / "runs.jsonl").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        second = subprocess.run(
            corpus_command(good_corpus, out, "--stage", "read", "--no-progress"),
            capture_output=True,
            text=True,
            check=False,
        )
        assert second.returncode == 1
        assert second.stderr.strip() == (
            f"ficlens: E011 {out}: another ficlens corpus run (pid {first.pid}) is writing this folder; "
            "wait for it to end or use another --out"
        )
        assert first.poll() is None  # the first run goes on, untouched
    finally:
        first.kill()
        first.wait()
    # Its lock went with it: the folder can be resumed now.
    summary = run_corpus(
        [good_corpus], out=out, stage="read", progress=False, budget=Budget(seconds=5), task=misbehave
    )
    assert [e["code"] for e in map(json.loads, load_dataset(out)["errors"])] == ["E012"]
    assert summary.works + summary.resumed_works == 11


@pytest.mark.parametrize(
    "key, value",
    [
        ("schema", "ficlens.corpus/2"),
        ("schema", None),
        ("table_schema", "ficlens.tables/1"),
        ("table_schema", None),
    ],
)
def test_a_dataset_of_another_format_version_is_not_resumed(good_corpus: Path, tmp_path: Path, key, value):
    out = tmp_path / "out"
    run_corpus([good_corpus / "texts"], out=out, shard_size=2, stage="read", progress=False)
    manifest = json.loads((out / "manifest.json").read_text())
    assert (manifest["schema"], manifest["table_schema"]) == ("ficlens.corpus/3", "ficlens.tables/3")
    if value is None:
        del manifest[key]
    else:
        manifest[key] = value
    (out / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(CorpusError, match=r"another corpus format .* cannot be resumed, use a new --out"):
        run_corpus([good_corpus / "texts"], out=out, shard_size=2, stage="read", progress=False)


def test_a_dataset_that_cannot_be_written_is_one_error_and_the_finished_works_are_kept(
    good_corpus: Path, tmp_path: Path, monkeypatch
):
    out = tmp_path / "out"
    real, calls = run_module.spool_work, []

    def disk_full_on_the_fifth(*args, **kwargs):
        calls.append(args)
        if len(calls) == 5:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(*args, **kwargs)

    monkeypatch.setattr(run_module, "spool_work", disk_full_on_the_fifth)
    with pytest.raises(CorpusError, match=r"No space left on device.*finished works are kept"):
        run_corpus([good_corpus], out=out, stage="read", progress=False)
    assert finished_works(out) == 4
    monkeypatch.setattr(run_module, "spool_work", real)
    summary = run_corpus([good_corpus], out=out, stage="read", progress=False)
    assert (summary.resumed_works, summary.works) == (4, 6)
