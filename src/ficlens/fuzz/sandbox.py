"""Run one input in a forked child under a wall-clock and a memory limit, and say how it ended.

Forking from a warm process (modules imported, models loaded) costs milliseconds, isolates every input (a
hang, a crash in C code or a memory blow-up takes down only the child) and gives each input its own peak
memory: the child's ``ru_maxrss`` from ``os.wait4``. Time is the child's CPU time (``RLIMIT_CPU``), so a
loaded machine does not turn a slow input into a timeout; a child whose CPU time stops growing for as long
as the limit (a deadlock, a wait) is stopped as a stall, and a wall-clock cap of ten times the limit
stops anything else. Memory is capped twice: ``RLIMIT_AS`` in the child turns
a runaway allocation into ``MemoryError``, and the parent, polling the child's resident set while it waits,
kills a child whose memory passes the limit.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import resource
import select
import signal
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass

# How one input ended. The last four are defects.
OK, FIC_ERROR, EXCEPTION, CRASH, TIMEOUT, MEMORY = "ok", "ficerror", "exception", "crash", "timeout", "memory"
DEFECTS = (EXCEPTION, CRASH, TIMEOUT, MEMORY)

_POLL_S = 0.05
WALL_FACTOR = 10  # the wall-clock cap, in multiples of the CPU-time limit
_TICK = os.sysconf("SC_CLK_TCK")
_PAGE = os.sysconf("SC_PAGE_SIZE")


@dataclass
class Outcome:
    kind: str
    seconds: float  # CPU time of the child (user + system)
    peak_mib: float
    error: str = ""  # "E006 ..." for a FicError, "ValueError: ... (at file.py:12 in f)" for a defect

    @property
    def defect(self) -> bool:
        return self.kind in DEFECTS


def run_limited(task: Callable[[], object], *, timeout_s: float, memory_mib: int) -> Outcome:
    """`task()` in a child: ok, a FicError, another exception, a crash (a signal), a timeout or over memory."""
    read_end, write_end = os.pipe()
    start = time.monotonic()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child, measured by the parent
        os.close(read_end)
        _child(task, write_end, memory_mib, timeout_s)
    os.close(write_end)
    try:
        report, killed = _wait_for_report(pid, read_end, timeout_s, memory_mib)
    finally:
        os.close(read_end)
    _, status, usage = os.wait4(pid, 0)
    seconds = usage.ru_utime + usage.ru_stime
    peak = usage.ru_maxrss / 1024
    if killed == TIMEOUT:
        return Outcome(
            TIMEOUT,
            seconds,
            peak,
            f"stalled or over {timeout_s * WALL_FACTOR:g} s of wall-clock "
            f"time ({seconds:.1f} s CPU in {time.monotonic() - start:.0f} s)",
        )
    if killed == MEMORY:
        return Outcome(MEMORY, seconds, peak, f"over {memory_mib} MiB")
    signalled = os.WTERMSIG(status) if os.WIFSIGNALED(status) else 0
    if signalled == signal.SIGXCPU or (signalled == signal.SIGKILL and seconds >= 0.9 * math.ceil(timeout_s)):
        return Outcome(TIMEOUT, seconds, peak, f"over {timeout_s:g} s of CPU time")
    if report is None:
        why = (
            f"killed by signal {os.WTERMSIG(status)}"
            if os.WIFSIGNALED(status)
            else f"exited {os.WEXITSTATUS(status)} without a result"
        )
        return Outcome(CRASH, seconds, peak, why)
    kind = (
        MEMORY
        if report["kind"] == EXCEPTION and report["error"].startswith("MemoryError")
        else report["kind"]
    )
    if peak > memory_mib and kind != MEMORY:
        return Outcome(MEMORY, seconds, peak, f"peak {peak:.0f} MiB is over {memory_mib} MiB")
    return Outcome(kind, seconds, peak, report["error"])


def _wait_for_report(pid: int, fd: int, timeout_s: float, memory_mib: int) -> tuple[dict | None, str]:
    """The child's JSON report; or None and TIMEOUT/MEMORY when the child had to be killed (over memory,
    stalled: no CPU time gained for `timeout_s`, or past the wall-clock cap)."""
    deadline = time.monotonic() + timeout_s * WALL_FACTOR
    stall = max(2.0, timeout_s)
    last_cpu, last_gain = -1.0, time.monotonic()
    chunks: list[bytes] = []
    while True:
        now = time.monotonic()
        left = deadline - now
        if left <= 0 or now - last_gain > stall:
            _kill(pid)
            return None, TIMEOUT
        ready, _, _ = select.select([fd], [], [], min(_POLL_S, left))
        if ready:
            chunk = os.read(fd, 65536)
            if not chunk:  # the child closed its end: it reported, or died
                break
            chunks.append(chunk)
        elif _resident_mib(pid) > memory_mib:
            _kill(pid)
            return None, MEMORY
        else:
            cpu = _cpu_seconds(pid)
            if cpu > last_cpu:
                last_cpu, last_gain = cpu, time.monotonic()
    try:
        return json.loads(b"".join(chunks)), ""
    except ValueError:
        return None, ""


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


def _cpu_seconds(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _TICK  # utime and stime, after the command's name
    except (OSError, IndexError, ValueError):
        return 0.0


def _resident_mib(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * _PAGE / 2**20
    except (OSError, IndexError, ValueError):
        return 0.0


def _child(
    task: Callable[[], object], fd: int, memory_mib: int, timeout_s: float
) -> None:  # pragma: no cover
    code = 0
    try:
        _quiet_and_capped(memory_mib, timeout_s)
        report = {"kind": OK, "error": ""}
        try:
            task()
        except BaseException as exc:
            report = classify(exc)
        os.write(fd, json.dumps(report).encode())
    except BaseException:
        code = 3
    finally:
        os._exit(code)


def _quiet_and_capped(memory_mib: int, timeout_s: float) -> None:
    """No output from the child (warnings, logging); CPU time capped (SIGXCPU ends the child); address space
    capped at the parent's plus twice the budget, so a runaway allocation fails inside the child."""
    cpu = max(1, math.ceil(timeout_s))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    signal.signal(signal.SIGXCPU, signal.SIG_DFL)
    import faulthandler

    faulthandler.disable()  # a crash is the parent's to report, not a dump on the test runner's stderr
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    with open("/proc/self/statm") as fh:
        size = int(fh.read().split()[0]) * _PAGE
    limit = size + 2 * memory_mib * 2**20
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard == resource.RLIM_INFINITY or limit < hard:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 1000))


def classify(exc: BaseException) -> dict:
    from ficlens.errors import FicError

    if isinstance(exc, FicError):
        return {"kind": FIC_ERROR, "error": str(exc)[:500]}
    return {"kind": EXCEPTION, "error": f"{type(exc).__name__}: {str(exc)[:300]} ({where(exc)})"}


def where(exc: BaseException) -> str:
    """The innermost frame of ficlens's own code in the traceback (or the innermost frame at all)."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "/ficlens/" in f.filename and "/ficlens/fuzz/" not in f.filename]
    frame = (ours or frames or [None])[-1]
    if frame is None:
        return "no traceback"
    return f"at {frame.filename.split('/src/')[-1]}:{frame.lineno} in {frame.name}"
