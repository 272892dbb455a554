"""The fuzzer's own pathological texts are read in linear time: each at 100,000 characters within 5 s of CPU
and 1 GiB, in a forked child (a quadratic stage takes minutes there)."""

from __future__ import annotations

import pytest

from ficlens.fuzz.campaign import READ, Case, task_for
from ficlens.fuzz.sandbox import run_limited
from ficlens.fuzz.texts import OWN


@pytest.mark.parametrize("name", sorted(OWN))
def test_each_own_pathological_text_is_read_in_linear_time(name):
    data = OWN[name](100_000).encode("utf-8")
    outcome = run_limited(task_for(Case(READ, 0, "pathological", name, data)), timeout_s=5, memory_mib=1024)
    assert outcome.kind in ("ok", "ficerror"), f"{name}: {outcome}"
