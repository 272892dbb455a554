"""A fuzz campaign: inputs numbered 0..N-1 per stage, each made deterministically from (seed, stage, number),
each run through `read` (ingest and segmentation, and its JSON) or `analyze` (the whole pipeline, its JSON
and its HTML report) in a forked child with a time and a memory limit. The first inputs of every stage are
the known reproducers and the fixtures as they are; then mutations of the fixtures, hostile archives and
pathological texts. Every defect's input is saved, so it can be rerun with `ficlens read`/`analyze`."""

from __future__ import annotations

import hashlib
import json
import random
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field, replace
from multiprocessing import get_context
from pathlib import Path

from ficlens.fuzz import hostile, mutate, texts
from ficlens.fuzz.sandbox import DEFECTS, EXCEPTION, FIC_ERROR, OK, run_limited
from ficlens.fuzz.seeds import Seed, load_reproducers, load_seeds
from ficlens.fuzz.texts import pathological_text

READ, ANALYZE = "read", "analyze"
LEAK = b"root:x:0:0"  # /etc/passwd in a result: an external entity was resolved
_TAG = re.compile(r"</?[A-Za-z][^<>]{0,300}>")
MOSTLY_TAGS = 0.3  # a story text more than this share HTML tags is markup taken for prose


@dataclass(frozen=True)
class Case:
    stage: str
    number: int
    family: str  # what the input was made from: a fixture format, "archive", "pathological", "reproducer"
    how: str  # the fixture and the mutations, or the generator
    data: bytes

    @property
    def suffix(self) -> str:
        return {
            "epub": ".epub",
            "archive": ".epub",
            "mobi": ".mobi",
            "azw3": ".azw3",
            "pdf": ".pdf",
            "ao3-page": ".html",
            "html": ".html",
        }.get(self.family, ".txt")


@dataclass
class Result:
    stage: str
    number: int
    family: str
    how: str
    kind: str
    seconds: float
    peak_mib: float
    size: int
    error: str = ""
    saved: str = ""


@dataclass
class Config:
    shared: Path
    seed: int = 0
    timeout_s: float = 20.0
    memory_mib: int = 1024
    out: Path | None = None  # where defects' inputs are saved (none: not saved)
    slow_kib_s: float = 100.0  # an input read slower than this (analysed: a tenth), over a second, is kept
    read_chars: int = 200_000  # the largest pathological text through `read`
    analyze_chars: int = 60_000  # ... and through `analyze`


# --- making inputs -----------------------------------------------------------------------------------------


class Maker:
    """Makes case `number` of a stage from the fixtures; the same (seed, stage, number) gives the same bytes."""

    def __init__(self, config: Config):
        self.config = config
        self.seeds = load_seeds(config.shared)
        self.reproducers = load_reproducers(config.shared)
        works = [s for s in self.seeds if s.is_work]
        # analysis is slow on the long works: its inputs come from the shorter ones
        self.analysable = [s for s in works if len(s.data) < 160_000] or works

    def fixed(self, stage: str) -> list[Case]:
        """The reproducers, then every fixture as it is (only works for analysis)."""
        seeds = (
            self.seeds if stage == READ else [s for s in self.analysable if not s.name.startswith("built/")]
        )
        return [
            Case(stage, k, s.family, f"as is: {s.name}", s.data)
            for k, s in enumerate([*self.reproducers, *seeds])
        ]

    def case(self, stage: str, number: int) -> Case:
        fixed = self.fixed(stage)
        if number < len(fixed):
            return fixed[number]
        rng = random.Random(f"{self.config.seed}:{stage}:{number}")
        roll = rng.random()
        if stage == READ:
            family, how, data = (
                self._hostile(rng)
                if roll < 0.05
                else self._pathological(rng, self.config.read_chars)
                if roll < 0.15
                else self._mutated(rng, self.seeds)
            )
        else:
            family, how, data = (
                self._pathological(rng, self.config.analyze_chars)
                if roll < 0.35
                else self._mutated(rng, self.analysable, structural=0.8)
            )
        return Case(stage, number, family, how, data)

    def _hostile(self, rng: random.Random) -> tuple[str, str, bytes]:
        name = rng.choice(sorted(hostile.HOSTILE))
        return "archive", name, hostile.HOSTILE[name](rng)

    def _pathological(self, rng: random.Random, most: int) -> tuple[str, str, bytes]:
        size = rng.choice(texts.sizes(most))
        name, text = pathological_text(rng, size)
        encoding = rng.choices(("utf-8", "utf-16", "cp1252", "latin-1"), (85, 5, 5, 5))[0]
        return "pathological", f"{name} ({size} chars, {encoding})", text.encode(encoding, "replace")

    def _mutated(
        self, rng: random.Random, pool: list[Seed], structural: float = 0.5
    ) -> tuple[str, str, bytes]:
        family = rng.choice(sorted({s.family for s in pool}))  # every format as often, however many fixtures
        seed = rng.choice([s for s in pool if s.family == family])
        other = rng.choice(self.seeds)
        data, steps = seed.data, []
        for _ in range(rng.choice((1, 1, 1, 2, 3))):
            table = mutate.STRUCTURAL.get(seed.family, {}) if rng.random() < structural else {}
            name, fn = rng.choice(sorted((table or mutate.BYTE_MUTATIONS).items()))
            data = fn(data, rng, other.data)[: mutate.MAX_OUT]
            steps.append(name if name not in ("splice", "insert-other") else f"{name}({other.name})")
        return seed.family, f"{seed.name}: {' + '.join(steps)}", data


# --- running inputs ----------------------------------------------------------------------------------------


def task_for(case: Case) -> Callable[[], object]:
    """What a stage does with an input: what `ficlens read`/`analyze` do, up to the text they print."""

    def run() -> None:
        from ficlens.pipeline import annotate, read_bytes

        name = f"fuzz-{case.stage}-{case.number}{case.suffix}"
        work = read_bytes(case.data, name=name)
        check_not_markup(work.text)
        if case.stage == READ:
            out = work.to_json(nlp=False)
        else:
            from ficlens.report import render_html

            work = annotate(work)
            out = work.to_json() + render_html(work)
        if LEAK in out.encode("utf-8", "replace"):
            raise AssertionError("the output holds /etc/passwd: an external entity was resolved")

    return run


def check_not_markup(text: str) -> None:
    """An oracle beyond exceptions: markup must never come out as the story (a clear error is better)."""
    tags = sum(len(m) for m in _TAG.findall(text))
    if tags > 200 and tags > MOSTLY_TAGS * len(text):
        raise AssertionError(f"markup taken for prose: {tags} of the text's {len(text)} characters are tags")


def warm_up(stage: str) -> None:
    """Import and load what every input needs before forking, so each child starts warm."""
    from ficlens.pipeline import annotate, read_bytes

    work = read_bytes("“Where were you?” Anna asked. “Out,” said Ben.\n".encode(), name="warm-up.txt")
    if stage == ANALYZE:
        from ficlens.report import render_html

        render_html(annotate(work))


def import_everything() -> None:
    pass


def run_case(case: Case, config: Config) -> Result:
    outcome = run_limited(task_for(case), timeout_s=config.timeout_s, memory_mib=config.memory_mib)
    result = Result(
        case.stage,
        case.number,
        case.family,
        case.how,
        outcome.kind,
        round(outcome.seconds, 3),
        round(outcome.peak_mib, 1),
        len(case.data),
        outcome.error,
    )
    if (outcome.defect or is_slow(result, config)) and config.out is not None:
        result.saved = str(save_reproducer(case, result, config.out / ("" if outcome.defect else "slow")))
    return result


def is_slow(result: Result, config: Config) -> bool:
    """Not a defect, but a hint of superlinear work: over a second, at under `slow_kib_s` KiB per second.
    Every stage must be linear, so a small input that takes seconds is worth a look."""
    floor = config.slow_kib_s if result.stage == READ else config.slow_kib_s / 10  # the NLP layers: ~50 KiB/s
    return result.seconds > 1.0 and result.size / 1024 / result.seconds < floor


def save_reproducer(case: Case, result: Result, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256(case.data).hexdigest()[:10]
    path = folder / f"{case.stage}-{result.kind}-{case.family}-{case.number}-{digest}{case.suffix}"
    path.write_bytes(case.data)
    Path(str(path) + ".json").write_text(json.dumps(asdict(result) | {"saved": str(path)}, indent=1) + "\n")
    return path


def run_range(stage: str, numbers: Iterable[int], config: Config) -> list[Result]:
    maker = Maker(config)
    warm_up(stage)
    return [run_case(maker.case(stage, n), config) for n in numbers]


def replay(folder: Path, config: Config) -> list[tuple[dict, Result]]:
    """Each input a run saved in `folder` (beside its .json), run again under `config`'s limits by the code
    as it is now: what it did then, and what it does now."""
    import_everything()
    warm_up(ANALYZE)
    unsaved = replace(config, out=None)  # the inputs are saved already
    runs = []
    for record in sorted(folder.glob("*.json")):
        then = json.loads(record.read_text())
        case = Case(
            then["stage"], then["number"], then["family"], then["how"], record.with_suffix("").read_bytes()
        )
        runs.append((then, run_case(case, unsaved)))
    return runs


# --- a whole campaign --------------------------------------------------------------------------------------


@dataclass
class Tally:
    inputs: int = 0
    ok: int = 0
    fic_errors: int = 0
    exceptions: int = 0
    crashes: int = 0
    timeouts: int = 0
    over_memory: int = 0
    peak_mib: float = 0.0
    slowest_s: float = 0.0
    largest_input: int = 0

    def add(self, r: Result) -> None:
        self.inputs += 1
        self.ok += r.kind == OK
        self.fic_errors += r.kind == FIC_ERROR
        self.exceptions += r.kind == EXCEPTION
        self.crashes += r.kind == "crash"
        self.timeouts += r.kind == "timeout"
        self.over_memory += r.kind == "memory"
        self.peak_mib = max(self.peak_mib, r.peak_mib)
        self.slowest_s = max(self.slowest_s, r.seconds)
        self.largest_input = max(self.largest_input, r.size)


@dataclass
class Report:
    seed: int
    counts: dict[str, int]
    seconds: float = 0.0
    tallies: dict[str, dict[str, Tally]] = field(default_factory=dict)  # stage -> family -> tally
    defects: list[Result] = field(default_factory=list)
    slow: list[Result] = field(default_factory=list)  # the slowest inputs for their size, kept for a look

    def add(self, results: Iterable[Result]) -> None:
        for r in results:
            self.tallies.setdefault(r.stage, {}).setdefault(r.family, Tally()).add(r)
            if r.kind in DEFECTS:
                self.defects.append(r)
            elif r.saved:
                self.slow.append(r)
        self.slow = sorted(self.slow, key=lambda r: r.size / r.seconds)[:50]

    def to_json(self) -> str:
        return json.dumps(
            {
                "seed": self.seed,
                "counts": self.counts,
                "seconds": round(self.seconds, 1),
                "tallies": {s: {f: asdict(t) for f, t in fams.items()} for s, fams in self.tallies.items()},
                "defects": [asdict(d) for d in self.defects],
                "slow": [asdict(d) for d in self.slow],
            },
            indent=1,
        )


def chunks(stage: str, count: int, size: int) -> list[tuple[str, range]]:
    return [(stage, range(start, min(count, start + size))) for start in range(0, count, size)]


def interleave(first: list, second: list) -> list:
    """Both lists in one, each spread evenly over the whole, so a run stopped early has covered both."""
    keyed = [((k + 0.5) / len(first), 0, x) for k, x in enumerate(first)]
    keyed += [((k + 0.5) / len(second), 1, x) for k, x in enumerate(second)]
    return [x for *_, x in sorted(keyed, key=lambda t: t[:2])]


def _run_job(job: tuple[str, range, Config]) -> list[Result]:
    stage, numbers, config = job
    return run_range(stage, numbers, config)


def run_campaign(
    config: Config,
    *,
    read: int,
    analyze: int,
    workers: int = 1,
    chunk: int = 200,
    on_progress: Callable[[Report], None] | None = None,
    log: Path | None = None,
) -> Report:
    """`read` and `analyze` inputs over `workers` processes (each forks one child per input); every input's
    result is appended to `log` (JSON lines) as its chunk finishes.

    Each chunk of inputs runs in a fresh worker process (forked from this one), so a `read` input's peak
    memory never counts the analysis models an earlier `analyze` chunk loaded."""
    report = Report(seed=config.seed, counts={READ: read, ANALYZE: analyze})
    start = time.monotonic()

    def record(results: list[Result]) -> None:
        report.add(results)
        report.seconds = time.monotonic() - start
        if log is not None:
            with open(log, "a", encoding="utf-8") as fh:
                fh.writelines(json.dumps(asdict(r)) + "\n" for r in results)
        if on_progress:
            on_progress(report)

    jobs = interleave(chunks(READ, read, chunk), chunks(ANALYZE, analyze, max(1, chunk // 10)))
    import_everything()  # the workers fork with the code as it is now, whatever is edited during the run
    texts.prewarm((config.read_chars, config.analyze_chars, 200_000))
    with get_context("fork").Pool(max(1, workers), maxtasksperchild=1) as pool:
        for results in pool.imap_unordered(_run_job, [(stage, numbers, config) for stage, numbers in jobs]):
            record(results)
    return report


def format_table(report: Report) -> str:
    """One row per stage and input family: inputs, outcomes, peak memory and the slowest input."""
    head = (
        "stage",
        "family",
        "inputs",
        "ok",
        "FicError",
        "exceptions",
        "crashes",
        ">time",
        ">memory",
        "peak MiB",
        "slowest s",
    )
    rows = [head]
    for stage, families in report.tallies.items():
        total = Tally()
        for family, t in sorted(families.items()):
            rows.append(_row(stage, family, t))
            for name in ("inputs", "ok", "fic_errors", "exceptions", "crashes", "timeouts", "over_memory"):
                setattr(total, name, getattr(total, name) + getattr(t, name))
            total.peak_mib = max(total.peak_mib, t.peak_mib)
            total.slowest_s = max(total.slowest_s, t.slowest_s)
        rows.append(_row(stage, "all", total))
    widths = [max(len(r[k]) for r in rows) for k in range(len(head))]
    lines = [
        "  ".join(
            c.ljust(w) if k < 2 else c.rjust(w) for k, (c, w) in enumerate(zip(r, widths, strict=False))
        )
        for r in rows
    ]
    return "\n".join(lines)


def _row(stage: str, family: str, t: Tally) -> tuple[str, ...]:
    return (
        stage,
        family,
        f"{t.inputs:,}",
        f"{t.ok:,}",
        f"{t.fic_errors:,}",
        f"{t.exceptions:,}",
        f"{t.crashes:,}",
        f"{t.timeouts:,}",
        f"{t.over_memory:,}",
        f"{t.peak_mib:,.0f}",
        f"{t.slowest_s:.2f}",
    )
