"""Books printed from the shared AO3 HTML downloads with calibre, as AO3 prints them (built once, cached)."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.register_assert_rewrite("ao3_books")

from paths import AO3_DOWNLOADS, need  # noqa: E402

from ficlens.eval import formats  # noqa: E402

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def print_ao3(request, tmp_path_factory):
    """`print_ao3(stem, fmt)`: the shared download `stem` printed to `fmt` by ebook-convert with AO3's
    options, kept in pytest's cache (derived from fan text, so never in the repository)."""
    if formats.calibre() is None:
        pytest.skip("calibre's ebook-convert is not installed")
    cache = getattr(request.config, "cache", None)  # absent under -p no:cacheprovider
    folder = Path(cache.mkdir("ao3-calibre-books")) if cache else tmp_path_factory.mktemp("ao3-calibre-books")

    def build(stem: str, fmt: str) -> tuple[Path, Path]:
        html = need(AO3_DOWNLOADS / f"{stem}.html")
        return formats.build(html, fmt, folder), html

    return build
