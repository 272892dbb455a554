"""Files shipped inside the package: the bundled example story."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def example_path() -> Path:
    return Path(str(files("ficlens.data") / "example.txt"))
