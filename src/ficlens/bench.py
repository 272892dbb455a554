"""`ficlens bench`: how fast ficlens reads and analyses, beside the floor of spaCy's blank tokenizer.

Everything runs in this one process on one core, after a warm-up run that loads the models, so the figures are
per core and exclude interpreter start and model loading. Each timing is the median of `repeat` runs. The peak
memory is the process's so far: bench one file alone to read its own.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from ficlens import io
from ficlens.corpus.worker import peak_rss
from ficlens.pipeline import annotate
from ficlens.segment import segment


@dataclass
class BenchRow:
    path: str
    format: str
    words: int
    read_ms: float  # ingest: parse + segment
    analyze_ms: float | None  # the whole pipeline, read included
    blank_ms: float  # spaCy's blank English tokenizer over the same text
    peak_mib: float  # the process's peak resident memory so far (models loaded, this file analysed)

    @property
    def analyze_wps(self) -> float | None:
        return self.words / (self.analyze_ms / 1000) if self.analyze_ms else None

    @property
    def blank_wps(self) -> float:
        return self.words / (self.blank_ms / 1000) if self.blank_ms else float("inf")


def _median_ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def bench_file(path: Path, *, repeat: int = 5, read_only: bool = False) -> BenchRow:
    import spacy

    data = io.read_bytes(path)

    def read():
        return segment(io.work_from_bytes(data, str(path)))

    work = read()
    read_ms = _median_ms(read, repeat)
    analyze_ms = None
    if not read_only:
        annotate(read())  # warm-up: loads the models
        analyze_ms = _median_ms(lambda: annotate(read()), max(1, repeat // 2))
    tokenizer = spacy.blank("en").tokenizer
    blank_ms = _median_ms(lambda: tokenizer(work.text), repeat)
    return BenchRow(
        str(path), work.source.format, work.stats.words, read_ms, analyze_ms, blank_ms, peak_rss() / 2**20
    )


def bench(paths: list[Path], *, repeat: int = 5, read_only: bool = False) -> list[BenchRow]:
    return [bench_file(p, repeat=repeat, read_only=read_only) for path in paths for p in io.iter_inputs(path)]
