"""`ficlens corpus run`: inputs → shards → jobs (one per work) → an engine → a resumable Parquet dataset.

The manifest (``DIR/manifest.json``) records the dataset's schema version, the run's inputs, stage, the
settings its pipeline stages run with (`ficlens.pipeline.settings`), shard size and a fingerprint of every
input's name and size. A rerun into the same folder must match it. It then keeps every finished shard whose
files check out against their marker and every spooled work whose checksum does, and redoes the rest, so a
killed run (even by kill -9, at any point) resumes where it stopped and ends with the same dataset. One run
at a time writes a folder: ``DIR/.lock`` is held (flock) for the whole run.
"""

from __future__ import annotations

import fcntl
import json
import os
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ficlens.corpus.inputs import iter_items
from ficlens.corpus.shards import (
    Shard,
    clean_partial,
    drop_spool,
    fingerprint,
    gather_spool,
    iter_shards,
    spool_work,
    spooled_positions,
    verified_markers,
    write_durably,
    write_shard,
)
from ficlens.corpus.tables import TABLE_SCHEMA
from ficlens.corpus.worker import STAGES, Budget, Job, Task, WorkResult, process_job
from ficlens.errors import CorpusError

MANIFEST = "manifest.json"
RUNS_LOG = "runs.jsonl"
LOCK = ".lock"
# 2: works spooled one by one, markers with file sizes and hashes, the warnings table.
# 3: the manifest names its tables' version (`table_schema`); the tables mirror the model, analysis included.
MANIFEST_SCHEMA = "ficlens.corpus/3"
# What `corpus query` and `stats` can read (an older dataset's analysis tables are empty views).
READABLE_SCHEMAS = ("ficlens.corpus/1", "ficlens.corpus/2", MANIFEST_SCHEMA)
DEFAULT_SHARD_SIZE = 128
ENGINES = ("local", "dask")


@dataclass
class RunSummary:
    out: Path
    shards: int
    skipped: int  # shards already finished by an earlier run
    works: int = 0  # works processed by this run (not counting finished shards or spooled works)
    resumed_works: int = 0  # works an earlier run had finished in shards it did not finish
    words: int = 0
    errors: int = 0
    crashes: int = 0  # errors that are no FicError: bugs in a stage, not bad inputs
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # summed over workers, works only
    peak_rss: dict[int, int] = field(default_factory=dict)  # worker pid -> bytes
    engine_start: float | None = None  # seconds to start the engine (fork server with models, or cluster)
    worker_starts: list[float] = field(default_factory=list)  # seconds from each worker's start to ready

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0


def run_corpus(
    inputs: Sequence[str | Path],
    *,
    out: str | Path,
    workers: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    shard_size: int = DEFAULT_SHARD_SIZE,
    stage: str = "analyze",
    progress: bool = True,
    budget: Budget | None = None,
    task: Task = process_job,
) -> RunSummary:
    """Run `stage` over every work under `inputs` into the dataset `out` (resuming it if it holds this run).
    `task` is what a worker does with a job (tests put a misbehaving one there)."""
    if stage not in STAGES:
        raise CorpusError(None, f"unknown stage {stage!r} (choose from {', '.join(STAGES)})")
    if engine not in ENGINES:
        raise CorpusError(None, f"unknown engine {engine!r} (choose from {', '.join(ENGINES)})")
    if workers < 1 or shard_size < 1:
        raise CorpusError(None, "--workers and --shard-size must be at least 1")
    budget = budget or Budget()
    if budget.seconds <= 0 or budget.memory_mib <= 0:
        raise CorpusError(None, "--time-limit and --memory-limit must be above 0")
    out = Path(out)
    # Two passes over the listing, never a list of every work: one to fingerprint, one to feed the engine.
    digest, n_items = fingerprint(iter_items(inputs), shard_size=shard_size)
    if not n_items:
        raise CorpusError(None, "the inputs hold no supported files")
    n_shards = -(-n_items // shard_size)
    refuse_foreign_folder(out)
    with locked(out):
        claim_folder(
            out, manifest_for(inputs, digest, n_items, stage=stage, shard_size=shard_size, shards=n_shards)
        )
        finished = verified_markers(out)
        clean_partial(out, finished)
        summary = RunSummary(out=out, shards=n_shards, skipped=len(finished))
        runner = make_engine(engine, workers=workers, scheduler=scheduler, budget=budget, task=task)
        log_invocation(
            out,
            engine=engine,
            workers=workers,
            scheduler=scheduler,
            resumed_shards=len(finished),
            time_limit=budget.seconds,
            memory_limit_mib=budget.memory_mib,
        )
        started = time.perf_counter()
        open_shards = OpenShards(out, summary)
        todo = open_shards.jobs(
            s for s in iter_shards(iter_items(inputs), size=shard_size) if s.id not in finished
        )
        remaining = n_items - sum(int(m.get("works", 0)) for m in finished.values())
        with progress_bar(enabled=progress, total=remaining) as advance, dataset_writes(out):
            open_shards.advance = advance
            for result in runner.run(todo, stage=stage):
                record(summary, result)
                open_shards.add(result)
                advance(1, result.words)
            open_shards.finish_ready()
        summary.seconds = time.perf_counter() - started
        summary.engine_start, summary.worker_starts = runner.engine_start, list(runner.starts)
    return summary


@contextmanager
def dataset_writes(out: Path) -> Iterator[None]:
    """A write that fails (full disk, folder gone read-only) is one line, and costs only the works in flight."""
    try:
        yield
    except OSError as exc:
        raise CorpusError(
            out,
            f"cannot write the dataset ({exc.strerror or exc}); finished works are kept: "
            "run the same command again to resume",
        ) from None


class OpenShards:
    """The shards being worked on: each finished work is spooled at once, and a shard is written as soon as
    all its works are (from the spool, in item order, so a resumed run writes what an unbroken one does)."""

    def __init__(self, out: Path, summary: RunSummary):
        self.out = out
        self.summary = summary
        self.missing: dict[str, tuple[Shard, set[int]]] = {}  # shard id -> (shard, positions not yet done)
        self.ready: list[Shard] = []
        self.advance = lambda works, words: None

    def jobs(self, shards: Iterable[Shard]) -> Iterator[Job]:
        """A job for every work not yet spooled, shard after shard."""
        for shard in shards:
            self.finish_ready()
            spooled = spooled_positions(self.out, shard)
            self.summary.resumed_works += len(spooled)
            self.advance(len(spooled), 0)
            missing = set(range(len(shard.items))) - spooled
            if not missing:
                self.ready.append(shard)
                continue
            self.missing[shard.id] = (shard, missing)
            for position in sorted(missing):
                yield Job(shard=shard.id, position=position, item=shard.items[position])

    def add(self, result: WorkResult) -> None:
        job = result.job
        spool_work(self.out, job.shard, job.position, result.tables)
        shard, missing = self.missing[job.shard]
        missing.discard(job.position)
        if not missing:
            del self.missing[job.shard]
            self.ready.append(shard)
        self.finish_ready()

    def finish_ready(self) -> None:
        while self.ready:
            shard = self.ready.pop(0)
            tables = gather_spool(self.out, shard)
            summary = {
                "works": len(shard.items),
                "words": sum(w or 0 for w in tables["works"].column("words").to_pylist()),
                "errors": tables["errors"].num_rows,
            }
            write_shard(self.out, shard, tables, summary=summary)
            drop_spool(self.out, shard.id)


def make_engine(
    engine: str,
    *,
    workers: int,
    scheduler: str | None,
    budget: Budget | None = None,
    task: Task = process_job,
):
    if engine == "dask":
        from ficlens.corpus.engine_dask import DaskEngine

        return DaskEngine(workers=workers, scheduler=scheduler, budget=budget, task=task)
    if scheduler:
        raise CorpusError(None, "--scheduler needs --engine dask")
    from ficlens.corpus.engine_local import LocalEngine

    return LocalEngine(workers=workers, budget=budget, task=task)


def record(summary: RunSummary, result) -> None:
    """Add one work's (or shard's) result to the run's figures."""
    summary.works += getattr(result, "works", 1)
    summary.words += result.words
    summary.errors += result.errors
    summary.crashes += result.tables["errors"].column("code").null_count
    summary.cpu_seconds += result.cpu_seconds
    summary.peak_rss[result.pid] = max(summary.peak_rss.get(result.pid, 0), result.peak_rss)


def manifest_for(
    inputs: Sequence[str | Path], digest: str, works: int, *, stage: str, shard_size: int, shards: int
) -> dict:
    return {
        "schema": MANIFEST_SCHEMA,
        "table_schema": TABLE_SCHEMA,
        "inputs": [os.path.abspath(str(i)) for i in inputs],
        "stage": stage,
        "settings": stage_settings(stage),
        "shard_size": shard_size,
        "works": works,
        "shards": shards,
        "fingerprint": digest,
    }


def stage_settings(stage: str) -> dict[str, dict]:
    """The settings of the pipeline stages a corpus `stage` runs: all of them to analyze; reading only
    segments, which has none."""
    from ficlens.pipeline import settings

    return settings() if stage == "analyze" else {}


def log_invocation(out: Path, **options) -> None:
    """One line per start in DIR/runs.jsonl: the options that may change between a run and its resumptions."""
    from datetime import UTC, datetime

    from ficlens import __version__

    line = {"started": datetime.now(UTC).isoformat(timespec="seconds"), "ficlens": __version__, **options}
    with open(out / RUNS_LOG, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(line) + "\n")


def read_manifest(out: Path) -> dict:
    path = Path(out) / MANIFEST
    if not path.is_file():
        raise CorpusError(out, "not a ficlens corpus folder (no manifest.json)")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CorpusError(path, f"unreadable manifest ({exc})") from None
    if not isinstance(manifest, dict):
        raise CorpusError(path, "unreadable manifest (not a JSON object)")
    return manifest


def claim_folder(out: Path, manifest: dict) -> None:
    """Start a new run in `out`, or check that it holds this same run, of this dataset version, to resume it."""
    path = out / MANIFEST
    if path.exists():
        old = read_manifest(out)
        versions = (old.get("schema"), old.get("table_schema"))
        if versions != (MANIFEST_SCHEMA, TABLE_SCHEMA):
            there = " with ".join(v for v in versions if v) or "no schema version"
            raise CorpusError(
                out,
                f"this dataset was written in another corpus format ({there}; this ficlens writes "
                f"{MANIFEST_SCHEMA} with {TABLE_SCHEMA}): it cannot be resumed, use a new --out folder",
            )
        for key in ("inputs", "stage", "settings", "shard_size", "fingerprint"):
            if old.get(key) != manifest[key]:
                what = (
                    "inputs changed (files added, removed or resized)"
                    if key == "fingerprint"
                    else f"{key.replace('_', ' ')}: {old.get(key)!r} there, {manifest[key]!r} now"
                )
                raise CorpusError(out, f"this folder holds another run: {what}; use a new --out folder")
        return
    write_durably(path, json.dumps(manifest, indent=2).encode("utf-8"))


def refuse_foreign_folder(out: Path) -> None:
    """An output folder must be new, empty, or a ficlens dataset: never write into someone's other files."""
    if out.exists() and not out.is_dir():
        raise CorpusError(out, "the output path is a file, not a folder")
    if out.is_dir() and not (out / MANIFEST).exists() and any(p.name != LOCK for p in out.iterdir()):
        raise CorpusError(out, "the output folder is not empty and holds no ficlens run")


@contextmanager
def locked(out: Path) -> Iterator[None]:
    """Hold `out`'s lock file for the run: a second run on the same folder is refused, not let in to race."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        fd = os.open(out / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise CorpusError(out, f"cannot write the output folder ({exc.strerror or exc})") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 32).decode("ascii", "replace").strip()
            raise CorpusError(
                out,
                f"another ficlens corpus run{f' (pid {holder})' if holder.isdigit() else ''} is writing this "
                "folder; wait for it to end or use another --out",
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode("ascii"))
        yield
    finally:
        os.close(fd)  # closing the file releases the lock (so does the process's death, kill -9 included)


@contextmanager
def progress_bar(*, enabled: bool, total: int) -> Iterator:
    """A Rich bar on stderr with works/s, words/s and the ETA; `advance(works, words)` moves it."""
    if not enabled:
        yield lambda works, words: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    counts = {"words": 0}
    started = time.perf_counter()
    columns = (
        TextColumn("corpus"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("works"),
        TextColumn("{task.fields[rate]}"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=Console(stderr=True)) as bar:
        task = bar.add_task("corpus", total=total, rate="")

        def advance(works: int, words: int) -> None:
            counts["words"] += words
            elapsed = max(time.perf_counter() - started, 1e-9)
            done = bar.tasks[0].completed + works
            bar.update(
                task,
                advance=works,
                rate=f"{done / elapsed:,.1f} works/s  {counts['words'] / elapsed:,.0f} words/s",
            )

        yield advance
