"""Shared fixtures: paths into ../shared, and the --slow flag for long evaluations and training."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "000_8f683d6341e37dd5.txt"
AO3_PAGES = SHARED / "fixtures" / "ao3" / "page"
AO3_DOWNLOADS = SHARED / "fixtures" / "ao3" / "download"
PDNC = SHARED / "data" / "pdnc-dev"
LITBANK = SHARED / "data" / "litbank"


def pytest_addoption(parser):
    parser.addoption("--slow", action="store_true", help="run slow tests: full PDNC evaluation, training")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--slow"):
        return
    skip = pytest.mark.skip(reason="slow: run with --slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


def need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is not here")
    return path
