"""`ficlens corpus run`: inputs → shards → an engine → a resumable Parquet dataset.

The manifest (``DIR/manifest.json``) records the run's inputs, stage, shard size and a fingerprint of every
input's name and size. A rerun into the same folder must match it; it then skips every shard that has a
completion marker, so a killed run (even by kill -9) resumes where it stopped and ends with the same dataset.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ficlens.corpus.inputs import iter_items
from ficlens.corpus.shards import clean_partial, done_markers, fingerprint, iter_shards, write_shard
from ficlens.corpus.worker import STAGES, ShardResult
from ficlens.errors import CorpusError
from ficlens.output import write_atomic

MANIFEST = "manifest.json"
RUNS_LOG = "runs.jsonl"
MANIFEST_SCHEMA = "ficlens.corpus/1"
DEFAULT_SHARD_SIZE = 128
ENGINES = ("local", "dask")


@dataclass
class RunSummary:
    out: Path
    shards: int
    skipped: int  # shards already finished by an earlier run
    works: int = 0  # works processed by this run (not counting skipped shards)
    words: int = 0
    errors: int = 0
    crashes: int = 0  # errors that are no FicError: bugs in a stage, not bad inputs
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # summed over workers, shards only
    peak_rss: dict[int, int] = field(default_factory=dict)  # worker pid -> bytes

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
) -> RunSummary:
    if stage not in STAGES:
        raise CorpusError(None, f"unknown stage {stage!r} (choose from {', '.join(STAGES)})")
    if engine not in ENGINES:
        raise CorpusError(None, f"unknown engine {engine!r} (choose from {', '.join(ENGINES)})")
    if workers < 1 or shard_size < 1:
        raise CorpusError(None, "--workers and --shard-size must be at least 1")
    out = Path(out)
    # Two passes over the listing, never a list of every work: one to fingerprint, one to feed the engine.
    digest, n_items = fingerprint(iter_items(inputs), shard_size=shard_size)
    if not n_items:
        raise CorpusError(None, "the inputs hold no supported files")
    n_shards = -(-n_items // shard_size)
    claim_folder(
        out, manifest_for(inputs, digest, n_items, stage=stage, shard_size=shard_size, shards=n_shards)
    )
    clean_partial(out)
    finished = {m["id"]: m for m in done_markers(out)}
    summary = RunSummary(out=out, shards=n_shards, skipped=len(finished))
    todo = (s for s in iter_shards(iter_items(inputs), size=shard_size) if s.id not in finished)
    runner = make_engine(engine, workers=workers, scheduler=scheduler)
    log_invocation(out, engine=engine, workers=workers, scheduler=scheduler, resumed_shards=len(finished))
    started = time.perf_counter()
    remaining = n_items - sum(int(m.get("works", 0)) for m in finished.values())
    with progress_bar(enabled=progress, total=remaining) as advance:
        for result in runner.run(todo, stage=stage):
            write_shard(
                out,
                result.shard,
                result.tables,
                summary={"works": result.works, "words": result.words, "errors": result.errors},
            )
            record(summary, result)
            advance(result.works, result.words)
    summary.seconds = time.perf_counter() - started
    return summary


def make_engine(engine: str, *, workers: int, scheduler: str | None):
    if engine == "dask":
        from ficlens.corpus.engine_dask import DaskEngine

        return DaskEngine(workers=workers, scheduler=scheduler)
    if scheduler:
        raise CorpusError(None, "--scheduler needs --engine dask")
    from ficlens.corpus.engine_local import LocalEngine

    return LocalEngine(workers=workers)


def record(summary: RunSummary, result: ShardResult) -> None:
    summary.works += result.works
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
        "inputs": [os.path.abspath(str(i)) for i in inputs],
        "stage": stage,
        "shard_size": shard_size,
        "works": works,
        "shards": shards,
        "fingerprint": digest,
    }


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
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CorpusError(path, f"unreadable manifest ({exc})") from None


def claim_folder(out: Path, manifest: dict) -> None:
    """Start a new run in `out`, or check that it holds this same run, to resume it."""
    path = out / MANIFEST
    if path.exists():
        old = read_manifest(out)
        for key in ("inputs", "stage", "shard_size", "fingerprint"):
            if old.get(key) != manifest[key]:
                what = (
                    "inputs changed (files added, removed or resized)"
                    if key == "fingerprint"
                    else f"{key.replace('_', ' ')}: {old.get(key)!r} there, {manifest[key]!r} now"
                )
                raise CorpusError(out, f"this folder holds another run: {what}; use a new --out folder")
        return
    if out.exists() and any(out.iterdir()):
        raise CorpusError(out, "the output folder is not empty and holds no ficlens run")
    write_atomic(path, json.dumps(manifest, indent=2))


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
