"""The fuzz sandbox tells every way an input can end apart: ok, a FicError, another exception, a crash, a
timeout and a memory blow-up, with the child's own peak memory."""

from __future__ import annotations

import os
import signal
import time

from ficlens.errors import CorruptFile
from ficlens.fuzz.sandbox import CRASH, EXCEPTION, FIC_ERROR, MEMORY, OK, TIMEOUT, run_limited


def limited(task, timeout_s=5.0, memory_mib=512):
    return run_limited(task, timeout_s=timeout_s, memory_mib=memory_mib)


def test_ok_and_its_peak_memory():
    outcome = limited(lambda: sum(range(1000)))
    assert outcome.kind == OK and not outcome.defect
    assert 1 < outcome.peak_mib < 512


def test_a_fic_error_is_expected_not_a_defect():
    def refuse():
        raise CorruptFile("x.epub", "broken")

    outcome = limited(refuse)
    assert outcome.kind == FIC_ERROR and not outcome.defect and outcome.error == "E006 x.epub: broken"


def test_any_other_exception_is_a_defect_with_where_it_happened():
    def boom():
        return max([])

    outcome = limited(boom)
    assert outcome.kind == EXCEPTION and outcome.defect
    assert outcome.error.startswith("ValueError: max() arg is an empty sequence")


def test_a_child_that_stops_using_cpu_is_stopped_as_stalled():
    """A deadlock or a wait gains no CPU time: it is stopped after the stall window (2 s at least), long
    before the wall-clock cap."""
    start = time.monotonic()
    outcome = limited(lambda: time.sleep(60), timeout_s=0.5)
    assert outcome.kind == TIMEOUT and outcome.defect and "stalled" in outcome.error
    assert time.monotonic() - start < 5


def test_a_memory_blow_up_is_stopped():
    def hog():
        blocks = []
        for _ in range(64):
            blocks.append(bytearray(64 * 2**20))  # touched: resident, not only reserved
        return blocks

    outcome = limited(hog, timeout_s=30, memory_mib=300)
    assert outcome.kind == MEMORY and outcome.defect


def test_a_crash_in_native_code_is_a_defect():
    outcome = limited(lambda: os.kill(os.getpid(), signal.SIGSEGV))
    assert outcome.kind == CRASH and "signal 11" in outcome.error


def test_a_busy_loop_is_stopped_at_the_cpu_time_limit():
    def spin():
        while True:
            pass

    outcome = limited(spin, timeout_s=1)
    assert outcome.kind == TIMEOUT and "CPU time" in outcome.error and outcome.seconds > 0.8
