"""Hostile archives through `read`: each refused (a FicError) or read, never an exception, a hang, a memory
blow-up or a file from outside the archive (/etc/passwd) in the result."""

from __future__ import annotations

import random

import pytest

from ficlens.fuzz.campaign import READ, Case, task_for
from ficlens.fuzz.hostile import HOSTILE, is_zip
from ficlens.fuzz.sandbox import run_limited


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_archive_is_refused_or_read_safely(name):
    for k in range(2):
        data = HOSTILE[name](random.Random(k))
        assert is_zip(data) or name in ("zip64-lies", "bad-crc")
        outcome = run_limited(task_for(Case(READ, k, "archive", name, data)), timeout_s=20, memory_mib=1024)
        assert not outcome.defect, f"{name} #{k}: {outcome}"
