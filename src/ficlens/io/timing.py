"""How long the readers take: ``python -m ficlens.io.timing PATH...`` prints, per file, the reader's format,
its size and the best time to sniff and parse it (no segmentation), over several runs."""

from __future__ import annotations

import argparse
import timeit
from pathlib import Path

from ficlens.errors import FicError
from ficlens.io import iter_inputs, parse_bytes, read_bytes


def time_parse(path: Path, *, runs: int = 20) -> tuple[str, float]:
    """The format and the best wall time in milliseconds of `parse_bytes` on one file."""
    data = read_bytes(path)
    parsed = parse_bytes(data, str(path))
    best = min(timeit.repeat(lambda: parse_bytes(data, str(path)), number=1, repeat=runs))
    return parsed.format, best * 1000


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m ficlens.io.timing", description=__doc__)
    parser.add_argument("paths", nargs="+", type=Path, help="files or directories of works")
    parser.add_argument("--runs", type=int, default=20, help="runs per file; the best is kept")
    args = parser.parse_args(argv)
    for root in args.paths:
        for path in iter_inputs(root):
            try:
                fmt, ms = time_parse(path, runs=args.runs)
            except FicError as exc:
                print(f"{path.name}\t-\t{exc.problem}")
                continue
            print(f"{path.name}\t{fmt}\t{path.stat().st_size / 1024:.0f} KiB\t{ms:.2f} ms")


if __name__ == "__main__":
    main()
