"""Check the readers on AO3 downloads: ``ficlens eval word-counts FILE...``.

For each file (any of AO3's five download formats, or a saved AO3 page): the format read, the ``Words:``
figure AO3 printed, ficlens' ``stats.words``, their difference, the chapters and scenes found, and the time
`ficlens.read` took. Exits 1 when a complete work's count is off by more than 2 %, or a file fails.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

TOLERANCE = 0.02


def check(paths: Iterable[str]) -> tuple[list[str], bool]:
    """The table's lines (a header, then one per file) and whether every file passed."""
    import ficlens
    from ficlens.errors import FicError

    worst = 0.0
    header = (
        f"{'file':40} {'format':9} {'printed':>8} {'counted':>8} {'diff':>7} {'chapters':>8} "
        f"{'scenes':>6} {'ms':>6}"
    )
    lines = [header]
    for path in paths:
        start = time.perf_counter()
        try:
            work = ficlens.read(path)
        except FicError as exc:
            lines.append(f"ficlens: {exc}")
            worst = 1.0
            continue
        ms = (time.perf_counter() - start) * 1000
        printed, counted = work.metadata.words, work.stats.words
        diff = (counted - printed) / printed if printed else float("nan")
        if printed and work.metadata.chapters_posted == work.metadata.chapters_total:
            worst = max(worst, abs(diff))
        lines.append(
            f"{str(path)[-40:]:40} {work.source.format:9} {printed or '-':>8} {counted:>8} "
            f"{diff:>+7.2%} {len(work.chapters):>8} {len(work.scenes):>6} {ms:>6.0f}"
        )
    return lines, worst <= TOLERANCE
