"""Where the shared data lives: ../shared beside the repository (read-only; never copied into the repo)."""

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
UD_EWT = SHARED / "data" / "ud-english-ewt"


def need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is not here")
    return path
