"""Printing corpus results for people (Rich tables) and for pipes (CSV, JSON lines)."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Sequence

from rich.console import Console
from rich.table import Table

from ficlens.corpus.bench import AO3_WORDS, BenchRow, ao3_hours, scaling
from ficlens.corpus.query import QueryResult, Stats
from ficlens.errors import CorpusError

FORMATS = ("table", "csv", "jsonl")


def print_result(result: QueryResult, *, fmt: str = "table") -> None:
    if fmt not in FORMATS:
        raise CorpusError(None, f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    if fmt == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(result.columns)
        writer.writerows(result.rows)
    elif fmt == "jsonl":
        for row in result.rows:
            record = dict(zip(result.columns, row, strict=True))
            sys.stdout.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
    else:
        table = Table(*result.columns)
        for row in result.rows:
            table.add_row(*("" if v is None else str(v) for v in row))
        Console().print(table)


def print_stats(stats: Stats) -> None:
    table = Table("measure", "value", title=f"corpus ({stats.stage})")
    for name, value in (
        ("shards done", f"{stats.shards_done} of {stats.shards_total}"),
        ("works", stats.works),
        ("words", stats.words),
        ("errors", stats.errors),
        ("warnings", stats.warnings),
        ("chapters", stats.chapters),
        ("scenes", stats.scenes),
        ("characters", stats.characters),
        ("quotes", stats.quotes),
        ("attributed quotes", stats.attributed_quotes),
        ("interactions", stats.interactions),
    ):
        table.add_row(name, f"{value:,}" if isinstance(value, int) else value)
    for fmt, n in stats.formats:
        table.add_row(f"format {fmt}", f"{n:,}")
    for code, error, n in stats.errors_by_reason:
        table.add_row(f"error {code} {error}", f"{n:,}")
    Console().print(table)


def print_bench(rows: Sequence[BenchRow]) -> None:
    columns = (
        "engine",
        "workers",
        "stage",
        "works",
        "words",
        "errors",
        "crashes",
        "s",
        "words/s",
        "words/cpu-s",
        "works/s",
        "cores used",
        "peak RSS MiB",
        "engine / worker start s",
        "load 1m before/after",
    )
    table = Table(*columns, title="ficlens corpus bench")
    for r in rows:
        table.add_row(
            r.engine,
            str(r.workers),
            r.stage,
            f"{r.works:,}",
            f"{r.words:,}",
            f"{r.errors:,}",
            f"{r.crashes:,}",
            f"{r.seconds:.1f}",
            f"{r.words_per_s:,.0f}",
            f"{r.words_per_cpu_s:,.0f}",
            f"{r.works_per_s:,.1f}",
            f"{r.cores_used:.2f}",
            f"{r.peak_rss_mib:,.0f}",
            f"{r.engine_start_s:.2f} / {r.worker_start_s:.2f}",
            f"{r.load_before:.2f}/{r.load_after:.2f}",
        )
    console = Console(width=max(Console().width, 200))  # a pipe gets 80 columns: too few for this table
    console.print(table)
    for engine in sorted({r.engine for r in rows}):
        factor = scaling(rows, engine)
        if factor is not None:
            most = max(r.workers for r in rows if r.engine == engine)
            console.print(f"{engine}: scaling {factor:.2f}x from 1 to {most} workers")
    for line in ao3_estimates(rows):
        console.print(line)
    for r in rows:
        if r.crashes:
            console.print(
                f"warning: {r.engine} x{r.workers}: {r.crashes:,} works failed inside a stage (errors "
                "without a FicError code); its figures cover less than the whole pipeline"
            )


def ao3_estimates(rows: Sequence[BenchRow]) -> list[str]:
    """All of AO3 on 100 cores, from the best wall-clock rate per worker and from the CPU-time rate."""
    lines = []
    best = max(rows, key=lambda r: r.words_per_s / r.workers, default=None)
    if best and best.words_per_s:
        per_worker = best.words_per_s / best.workers
        lines.append(
            f"AO3 ({AO3_WORDS:.0e} words) on 100 cores at {per_worker:,.0f} words/s per worker "
            f"(wall clock, {best.engine}, {best.workers} workers, stage {best.stage}): "
            f"{ao3_hours(per_worker):,.1f} hours"
        )
    cpu = max((r.words_per_cpu_s for r in rows), default=0.0)
    if cpu:
        lines.append(
            f"AO3 on 100 cores at {cpu:,.0f} words per CPU-second (an unshared core): "
            f"{ao3_hours(cpu):,.1f} hours"
        )
    return lines
