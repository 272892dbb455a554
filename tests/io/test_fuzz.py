"""Property tests: on arbitrary bytes, and on damaged fixtures (truncated, bytes flipped), every reader's
`parse` and the whole `read_bytes` path raise nothing but `FicError`."""

from __future__ import annotations

import contextlib
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from paths import AO3_DOWNLOADS

from ficlens.errors import FicError
from ficlens.io import READERS
from ficlens.pipeline import read_bytes

FAST = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
DAMAGED = [
    "23009290-oneshot.epub",
    "23009290-oneshot.pdf",
    "23009290-oneshot.mobi",
    "23009290-oneshot.azw3",
    "23009290-oneshot.html",
]


@cache
def fixture_bytes(name: str) -> bytes:
    path = AO3_DOWNLOADS / name
    if not path.exists():
        pytest.skip(f"{path} is not here")
    return path.read_bytes()


def only_fic_errors(call, *args) -> None:
    with contextlib.suppress(FicError):
        call(*args)


@pytest.mark.parametrize("reader", READERS, ids=lambda r: r.__name__.rsplit(".", 1)[-1])
@FAST
@given(data=st.binary(min_size=0, max_size=2048))
def test_every_reader_on_arbitrary_bytes(reader, data):
    reader.sniff(data)
    only_fic_errors(reader.parse, data, "fuzz")


# Prefixes that make the sniffers claim the bytes, so the readers' own parsing is reached.
PREFIXES = [
    b"PK\x03\x04",
    b"%PDF-1.4\n",
    b"\0" * 60 + b"BOOKMOBI",
    b"<!DOCTYPE html><html><body>",
    b'<div id="preface">Posted originally on the Archive of Our Own',
]


@FAST
@given(prefix=st.sampled_from(PREFIXES), data=st.binary(max_size=2048))
def test_pipeline_on_arbitrary_bytes(prefix, data):
    only_fic_errors(read_bytes, prefix + data)


@pytest.mark.parametrize("name", DAMAGED)
@FAST
@given(cut=st.floats(min_value=0.0, max_value=1.0))
def test_truncated_fixture(name, cut):
    data = fixture_bytes(name)
    only_fic_errors(read_bytes, data[: int(len(data) * cut)])


@pytest.mark.parametrize("name", DAMAGED)
@FAST
@given(
    flips=st.lists(
        st.tuples(st.floats(min_value=0.0, max_value=1.0), st.integers(1, 255)), min_size=1, max_size=8
    )
)
def test_fixture_with_flipped_bytes(name, flips):
    data = bytearray(fixture_bytes(name))
    for where, mask in flips:
        at = min(int(where * len(data)), len(data) - 1)
        data[at] ^= mask
    only_fic_errors(read_bytes, bytes(data))
