"""`ficlens corpus bench`: corpus throughput per engine and worker count, and what it means for all of AO3.

Each configuration runs `run_corpus` into a fresh folder on the same inputs and reports words/s (the AO3
word count of the works read), works/s, the highest peak RSS of any worker, and the load average around the
run (these machines are shared, so a figure without its load means little). Without inputs it builds a
corpus of symlinks to ../shared (the PDNC novels and the AO3 fixtures, repeated until it holds enough words),
outside the repository.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from ficlens.corpus.run import RunSummary, run_corpus
from ficlens.errors import CorpusError

AO3_WORKS = 15_000_000
AO3_WORDS = 1e11


@dataclass
class BenchRow:
    engine: str
    workers: int
    stage: str
    works: int
    words: int
    errors: int
    crashes: int  # errors with no FicError code: a stage failed, so this row measured less than it should
    seconds: float
    words_per_s: float
    words_per_cpu_s: float  # words per CPU-second of the workers: one core's rate, whatever else runs
    works_per_s: float
    cores_used: float  # worker CPU-seconds over wall seconds: how much of the machine the run really got
    peak_rss_mib: float  # the largest worker's high-water mark
    # seconds to start the engine (local: the fork server, which loads the models once for every worker;
    # dask: the cluster) and, for the slowest worker, from its start to ready (local: forked from that
    # server; dask: the models loaded in it)
    engine_start_s: float
    worker_start_s: float
    load_before: float  # 1-minute load average
    load_after: float


def build_bench_corpus(shared: Path, dest: Path, *, min_words: int) -> tuple[Path, int]:
    """A folder of symlinks, PDNC novels and AO3 fixtures one after another (again and again) until they
    hold `min_words` words: a small bench is small."""
    from ficlens.errors import FicError
    from ficlens.pipeline import read
    from ficlens.words import count_words

    novels = sorted((shared / "data" / "pdnc-dev").glob("*/novel_text.txt"))
    fixtures = sorted(p for p in (shared / "fixtures" / "ao3").glob("*/*") if p.is_file())
    if not novels:
        raise CorpusError(shared, "no PDNC novels under data/pdnc-dev to build a bench corpus from")

    def words_in(path: Path) -> int:
        if path.suffix == ".txt":
            return count_words(path.read_text(encoding="utf-8", errors="replace"))
        try:
            return read(path).stats.words
        except FicError:  # a login wall, a 404 page: no work, and an error row in the run
            return 0

    items = [(p, f"{p.parent.name}.txt") for p in novels] + [
        (p, f"{p.parent.name}-{p.name}") for p in fixtures
    ]
    words_of: dict[Path, int] = {}
    if dest.exists():
        shutil.rmtree(dest)
    total, copy = 0, 0
    while total < min_words:
        folder = dest / f"copy-{copy:02d}"
        folder.mkdir(parents=True)
        for path, name in items:
            if total >= min_words:
                break
            (folder / name).symlink_to(path.resolve())
            total += words_of.setdefault(path, words_in(path))
        copy += 1
    return dest, total


def run_bench(
    inputs: Sequence[str | Path],
    *,
    configs: Sequence[tuple[str, int]],
    stage: str,
    shard_size: int,
    scratch: Path,
    on_row: Callable[[BenchRow], None] | None = None,
) -> list[BenchRow]:
    """Each configuration in turn; `on_row` sees each row as soon as its run ends (runs can be long)."""
    rows = []
    for engine, workers in configs:
        out = scratch / f"run-{engine}-{workers}"
        if out.exists():
            shutil.rmtree(out)
        load_before = os.getloadavg()[0]
        started = time.perf_counter()
        summary = run_corpus(
            inputs,
            out=out,
            workers=workers,
            engine=engine,
            shard_size=shard_size,
            stage=stage,
            progress=False,
        )
        seconds = time.perf_counter() - started  # the whole run: listing, cluster start, writing included
        rows.append(
            bench_row(
                engine,
                workers,
                stage,
                summary,
                seconds,
                load_before=load_before,
                load_after=os.getloadavg()[0],
            )
        )
        if on_row:
            on_row(rows[-1])
    return rows


def bench_row(
    engine: str,
    workers: int,
    stage: str,
    summary: RunSummary,
    seconds: float,
    *,
    load_before: float,
    load_after: float,
) -> BenchRow:
    """A run's figures. Rates are kept whole (rounding is for the table): on a loaded machine a short run's
    cores_used can be a few thousandths, and rounded it would read as no work done."""
    return BenchRow(
        engine=engine,
        workers=workers,
        stage=stage,
        works=summary.works,
        words=summary.words,
        errors=summary.errors,
        crashes=summary.crashes,
        seconds=round(seconds, 2),
        words_per_s=summary.words / seconds,
        words_per_cpu_s=summary.words / summary.cpu_seconds if summary.cpu_seconds else 0.0,
        works_per_s=summary.works / seconds,
        cores_used=summary.cpu_seconds / seconds,
        peak_rss_mib=round(max(summary.peak_rss.values(), default=0) / 2**20, 1),
        engine_start_s=round(summary.engine_start or 0.0, 3),
        worker_start_s=round(max(summary.worker_starts, default=0.0), 3),
        load_before=round(load_before, 2),
        load_after=round(load_after, 2),
    )


def ao3_hours(words_per_s_per_worker: float, *, cores: int = 100, words: float = AO3_WORDS) -> float:
    """Hours for all of AO3 on `cores` workers at the measured per-worker rate (linear scaling assumed)."""
    return words / (words_per_s_per_worker * cores) / 3600 if words_per_s_per_worker else float("inf")


def scaling(rows: Sequence[BenchRow], engine: str) -> float | None:
    """Words/s of the largest worker count over that of one worker, on one engine."""
    by_workers = {r.workers: r.words_per_s for r in rows if r.engine == engine}
    if 1 not in by_workers or len(by_workers) < 2 or not by_workers[1]:
        return None
    return by_workers[max(by_workers)] / by_workers[1]


def to_json(rows: Sequence[BenchRow]) -> str:
    return json.dumps({"cpus": os.cpu_count(), "rows": [asdict(r) for r in rows]}, indent=2)
