"""The corpus bench: its corpus is built from ../shared as symlinks, and its figures come from real runs."""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus_fixtures import NOVELS, excerpt, load_dataset
from paths import AO3_PAGES, need

import ficlens
from ficlens.corpus.bench import BenchRow, ao3_hours, bench_row, build_bench_corpus, run_bench, scaling
from ficlens.corpus.run import run_corpus
from ficlens.words import count_words


def mini_shared(root: Path) -> Path:
    """A ../shared in small: three PDNC excerpts and one AO3 page, laid out as the real one."""
    for novel in NOVELS[:3]:
        (root / "data" / "pdnc-dev" / novel).mkdir(parents=True)
        (root / "data" / "pdnc-dev" / novel / "novel_text.txt").write_text(excerpt(novel), encoding="utf-8")
    (root / "fixtures" / "ao3" / "page").mkdir(parents=True)
    (root / "fixtures" / "ao3" / "page" / "oneshot.html").symlink_to(
        need(AO3_PAGES / "23009290-oneshot.html")
    )
    return root


def test_the_bench_corpus_holds_what_it_is_asked_for_and_little_more(tmp_path: Path):
    shared = mini_shared(tmp_path / "shared")
    novels = sorted(shared.glob("data/pdnc-dev/*/novel_text.txt"))
    first = count_words(novels[0].read_text(encoding="utf-8"))
    # a small bench is small: one novel is enough for its words
    corpus, words = build_bench_corpus(shared, tmp_path / "small", min_words=first)
    assert words == first and len([p for p in corpus.rglob("*") if p.is_symlink()]) == 1
    # a large one goes round the novels and the AO3 page again until it holds enough
    page = ficlens.read(shared / "fixtures" / "ao3" / "page" / "oneshot.html").stats.words
    one_round = sum(count_words(p.read_text(encoding="utf-8")) for p in novels) + page
    corpus, words = build_bench_corpus(shared, tmp_path / "large", min_words=2 * one_round + 1)
    links = sorted(p for p in corpus.rglob("*") if p.is_symlink())
    assert words >= 2 * one_round + 1 and len(links) > 2 * (len(novels) + 1)
    targets = {p.resolve() for p in [*novels, AO3_PAGES / "23009290-oneshot.html"]}
    assert {link.resolve() for link in links} == targets


def test_a_bench_row_reports_the_run(good_corpus: Path, tmp_path: Path):
    (row,) = run_bench(
        [good_corpus / "texts"], configs=[("local", 1)], stage="read", shard_size=2, scratch=tmp_path
    )
    data = load_dataset(tmp_path / "run-local-1")
    assert (row.works, row.errors, row.crashes) == (4, 0, 0) and len(data["works"]) == 4
    # seconds is shown rounded to 1/100 s; words/s comes from the unrounded time
    assert row.words > 0 and row.words / row.words_per_s == pytest.approx(row.seconds, abs=0.006)
    assert row.peak_rss_mib > 10
    assert row.words_per_cpu_s >= row.words_per_s  # one worker: its CPU time is within the wall time
    assert 0 < row.cores_used <= 1
    assert row.cores_used == pytest.approx(row.words_per_s / row.words_per_cpu_s)
    # the fork server started, and the worker forked from it came up, within the run
    assert 0 < row.engine_start_s < row.seconds and 0 < row.worker_start_s < row.seconds


def test_each_worker_start_is_measured(good_corpus: Path, tmp_path: Path):
    summary = run_corpus(
        [good_corpus / "texts"], out=tmp_path / "out", workers=2, stage="read", progress=False
    )
    assert summary.engine_start is not None and summary.engine_start > 0
    assert len(summary.worker_starts) == 2 and all(0 < s < summary.seconds for s in summary.worker_starts)


def test_a_short_run_on_a_loaded_machine_still_reports_the_cores_it_used(good_corpus: Path, tmp_path: Path):
    """The same run's figures as if the machine had been so busy that its wall time was 1,000 times longer:
    a few thousandths of a core, not a rounded 0.0 that reads as no work done."""
    summary = run_corpus([good_corpus / "texts"], out=tmp_path / "out", stage="read", progress=False)
    seconds = 1000 * max(summary.seconds, summary.cpu_seconds)
    row = bench_row("local", 1, "read", summary, seconds, load_before=9.0, load_after=9.0)
    assert 0 < row.cores_used < 0.001
    assert row.cores_used == pytest.approx(summary.cpu_seconds / seconds)
    assert 0 < row.words_per_s == pytest.approx(summary.words / seconds)


def test_the_ao3_estimate_and_scaling_follow_from_the_rates():
    assert ao3_hours(10_000, cores=100, words=3.6e9) == pytest.approx(1.0)
    rows = [
        BenchRow("local", w, "read", 1, 1, 0, 0, 1.0, rate, rate, 1.0, 1.0, 1.0, 1.0, 0.1, 0.0, 0.0)
        for w, rate in ((1, 1000.0), (2, 1900.0))
    ]
    assert scaling(rows, "local") == pytest.approx(1.9)
    assert scaling(rows, "dask") is None
