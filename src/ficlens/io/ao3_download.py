"""Reader: ao3_html (being written)."""

from __future__ import annotations

from ficlens.errors import UnsupportedFormat
from ficlens.io.base import Parsed


def sniff(data: bytes) -> bool:
    return False


def parse(data: bytes, path: str) -> Parsed:
    raise UnsupportedFormat(path, "reader not written yet")
