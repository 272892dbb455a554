"""`ficlens bench`: how fast ficlens reads and analyses, beside the floor of spaCy's blank tokenizer.

Everything runs in this one process on one core, after a warm-up run that loads the models, so the figures are
per core and exclude interpreter start and model loading. Each timing is the median of `repeat` runs, in CPU
time (what the process itself used, so a figure holds on a busy machine) and in wall time. The ratio to the
blank tokenizer, timed in the same run, is the figure to compare across machines. The peak memory is the
process's so far: bench one file alone to read its own.
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
class Timing:
    """Medians of several runs, in milliseconds."""

    cpu_ms: float  # CPU time of the process (all its threads)
    wall_ms: float


@dataclass
class BenchRow:
    path: str
    format: str
    words: int
    read: Timing  # ingest: parse + segment
    analyze: Timing | None  # the whole pipeline, read included
    blank: Timing  # spaCy's blank English tokenizer over the same text
    peak_mib: float  # the process's peak resident memory so far (models loaded, this file analysed)

    @property
    def analyze_wps(self) -> float | None:
        """Words per CPU-second of the whole pipeline."""
        return _per_second(self.words, self.analyze.cpu_ms) if self.analyze else None

    @property
    def analyze_wall_wps(self) -> float | None:
        return _per_second(self.words, self.analyze.wall_ms) if self.analyze else None

    @property
    def blank_wps(self) -> float:
        return _per_second(self.words, self.blank.cpu_ms)

    @property
    def ratio(self) -> float | None:
        """How many times the blank tokenizer's CPU time the pipeline takes."""
        return self.analyze.cpu_ms / self.blank.cpu_ms if self.analyze and self.blank.cpu_ms else None


def _per_second(words: int, ms: float) -> float:
    return words / (ms / 1000) if ms else float("inf")


def _median(fn, repeat: int) -> Timing:
    cpu, wall = [], []
    for _ in range(repeat):
        start_cpu, start_wall = time.process_time(), time.perf_counter()
        fn()
        cpu.append((time.process_time() - start_cpu) * 1000)
        wall.append((time.perf_counter() - start_wall) * 1000)
    return Timing(statistics.median(cpu), statistics.median(wall))


def bench_file(path: Path, *, repeat: int = 5, read_only: bool = False) -> BenchRow:
    import spacy

    data = io.read_bytes(path)

    def read():
        return segment(io.work_from_bytes(data, str(path)))

    work = read()
    read_timing = _median(read, repeat)
    analyze_timing = None
    if not read_only:
        annotate(read())  # warm-up: loads the models
        analyze_timing = _median(lambda: annotate(read()), max(1, repeat // 2))
    tokenizer = spacy.blank("en").tokenizer
    blank_timing = _median(lambda: tokenizer(work.text), repeat)
    return BenchRow(
        str(path),
        work.source.format,
        work.stats.words,
        read_timing,
        analyze_timing,
        blank_timing,
        peak_rss() / 2**20,
    )


def bench(paths: list[Path], *, repeat: int = 5, read_only: bool = False) -> list[BenchRow]:
    return [bench_file(p, repeat=repeat, read_only=read_only) for path in paths for p in io.iter_inputs(path)]
