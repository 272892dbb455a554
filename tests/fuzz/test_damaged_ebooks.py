"""Header damage the fuzzer found in MOBI/AZW3 files, rebuilt on the project's own downloads (tests/io/data,
works written for the tests): each must be read or refused with a FicError within 5 s of CPU and 1 GiB.

- an EXTH block claiming 4 billion items whose first item has size 0 (the mobi package loops on it forever);
- a text record 1.5 MB long, where the record table says 4 kB (the package's PalmDOC decoder is quadratic).
"""

from __future__ import annotations

import struct

import pytest
from paths import ROOT

from ficlens.fuzz.campaign import READ, Case, task_for
from ficlens.fuzz.sandbox import run_limited

DATA = ROOT / "tests" / "io" / "data"


def own(name: str) -> bytearray:
    path = DATA / name
    if not path.exists():
        pytest.skip(f"{path} is not here")
    return bytearray(path.read_bytes())


def endless_exth(data: bytearray) -> bytes:
    at = data.find(b"EXTH")
    assert at > 0
    struct.pack_into(">I", data, at + 8, 0xFFFFFFFF)  # the item count
    struct.pack_into(">I", data, at + 16, 0)  # the first item's size
    return bytes(data)


def huge_text_record(data: bytearray, extra: int = 1_500_000) -> bytes:
    count = struct.unpack_from(">H", data, 76)[0]
    offsets = [struct.unpack_from(">I", data, 78 + 8 * k)[0] for k in range(count)]
    for k in range(2, count):
        struct.pack_into(">I", data, 78 + 8 * k, offsets[k] + extra)
    data[offsets[1] : offsets[1]] = b"a" * extra
    return bytes(data)


@pytest.mark.parametrize(
    ("name", "damage"),
    [
        ("oneshot-notes.mobi", endless_exth),
        ("oneshot-notes.azw3", endless_exth),
        ("oneshot-notes.mobi", huge_text_record),
        ("oneshot-notes.azw3", huge_text_record),
    ],
)
def test_damaged_headers_are_refused_quickly(name, damage):
    data = damage(own(name))
    outcome = run_limited(
        task_for(Case(READ, 0, "mobi", f"{name}: {damage.__name__}", data)), timeout_s=5, memory_mib=1024
    )
    assert outcome.kind in ("ok", "ficerror"), f"{name} with {damage.__name__}: {outcome}"
