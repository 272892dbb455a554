"""`ficlens bench-scaling`: how each stage's cost grows with the work's length.

Texts of growing size are built from the PDNC novels in ../shared: novels one after another (many casts, as
in a long multi-story collection), and one novel repeated (one cast over a million words, as in a long
single story). Each text runs through the whole pipeline in a fresh process (so its peak memory is its
own), after a small warm-up that loads the models; each stage is timed in CPU seconds, and so is writing
the JSON. The growth exponent of a stage is the slope of log(CPU time) on log(words) over the sizes: 1 is
linear, 2 quadratic.
"""

from __future__ import annotations

import math
import multiprocessing
import time
from dataclasses import dataclass, field
from pathlib import Path

from ficlens.errors import BadDataset

DEFAULT_SIZES = (100_000, 500_000, 1_000_000, 2_000_000)
SINGLE_STORY_WORDS = 1_000_000
SINGLE_STORY_NOVEL = "PrideAndPrejudice"
STAGES = ("read", "quotes", "cast", "speakers", "analysis", "json")  # read: ingest and segment
_SEPARATOR = "\n\n\n\n\n"  # a scene break between two novels
_WARM_UP = "“Come in,” said Anna. Tom sat down by the fire. “Thank you,” he said.\n\n"


@dataclass
class ScalingRow:
    label: str
    words: int
    cpu_s: dict[str, float] = field(default_factory=dict)  # stage -> CPU seconds
    peak_mib: float = 0.0

    @property
    def total_s(self) -> float:
        return sum(self.cpu_s.values())

    @property
    def words_per_s(self) -> float:
        return self.words / self.total_s if self.total_s else float("inf")


def novels(shared: Path) -> list[Path]:
    found = sorted((shared / "data" / "pdnc-dev").glob("*/novel_text.txt"))
    if not found:
        raise BadDataset(shared, "no PDNC novels under data/pdnc-dev to build the scaling texts from")
    return found


def build_text(sources: list[Path], words: int) -> str:
    """The sources one after another (from the first again when they run out), a scene break between two,
    cut at the first paragraph end past `words` words."""
    texts: list[str] = []
    total = 0
    while total < words:
        for path in sources:
            paragraphs = []
            for paragraph in path.read_text(encoding="utf-8").split("\n\n"):
                paragraphs.append(paragraph)
                total += len(paragraph.split())
                if total >= words:
                    break
            texts.append("\n\n".join(paragraphs))
            if total >= words:
                break
    return _SEPARATOR.join(texts)


def measure(text: str, label: str) -> ScalingRow:
    """Run the pipeline on `text` in a fresh process; the row of its stage CPU times and peak memory."""
    context = multiprocessing.get_context("spawn")
    with context.Pool(1) as pool:
        return pool.apply(_measure_here, (text, label))


def _measure_here(text: str, label: str) -> ScalingRow:
    from ficlens.corpus.worker import peak_rss
    from ficlens.pipeline import nlp_stages, read_bytes

    warm = read_bytes(_WARM_UP.encode(), name="warm-up.txt")  # every model loaded before the clock starts
    for stage in nlp_stages():
        warm = stage(warm)
    warm.to_json()

    row = ScalingRow(label, 0)
    start = time.process_time()
    work = read_bytes(text.encode("utf-8"), name=f"{label}.txt")
    row.cpu_s["read"] = time.process_time() - start
    row.words = work.stats.words
    for stage in nlp_stages():
        start = time.process_time()
        work = stage(work)
        row.cpu_s[stage.name] = time.process_time() - start
    start = time.process_time()
    work.to_json()
    row.cpu_s["json"] = time.process_time() - start
    row.peak_mib = peak_rss() / 2**20
    return row


def exponent(rows: list[ScalingRow], stage: str | None = None) -> float | None:
    """Least-squares slope of log CPU time on log words (`stage` None: the whole pipeline)."""
    points = [
        (math.log(r.words), math.log(t))
        for r in rows
        if (t := (r.total_s if stage is None else r.cpu_s.get(stage, 0.0))) > 0 and r.words > 0
    ]
    if len(points) < 2:
        return None
    mx = sum(x for x, _ in points) / len(points)
    my = sum(y for _, y in points) / len(points)
    sxx = sum((x - mx) ** 2 for x, _ in points)
    return sum((x - mx) * (y - my) for x, y in points) / sxx if sxx else None


def run(shared: Path, sizes: tuple[int, ...] = DEFAULT_SIZES, single_story: int = SINGLE_STORY_WORDS):
    """The rows for the many-novel texts of `sizes`, and the one-novel text of `single_story` words."""
    sources = novels(shared)
    rows = [measure(build_text(sources, n), f"novels-{n // 1000}k") for n in sizes]
    single = None
    if single_story:
        one = [p for p in sources if p.parent.name == SINGLE_STORY_NOVEL] or sources[:1]
        single = measure(build_text(one, single_story), f"one-story-{single_story // 1000}k")
    return rows, single
