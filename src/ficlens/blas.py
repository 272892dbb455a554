"""The matrix multiply under the name finder's network, chosen by measuring it, and held to one thread.

thinc multiplies with blis by default; numpy's own BLAS (the OpenBLAS its wheels bundle) can be much faster
on one CPU and slower on another, so the choice is measured once per process, on a multiply of the NER
encoder's shape, unless the setting names one:

    FICLENS_BLAS=auto    measure both and take the faster (the default; about 40 ms of CPU at start-up)
    FICLENS_BLAS=blis    thinc's blis
    FICLENS_BLAS=numpy   numpy's BLAS

Either runs on one thread (`one_thread`): ficlens's figures are per core, a corpus run puts one worker on each
core, and OpenBLAS's threads only spin and wait on matrices this small (twice the CPU time for no gain).
"""

from __future__ import annotations

import os
import time
from functools import cache

import numpy as np

from ficlens.errors import BadSetting

SETTING = "FICLENS_BLAS"
CHOICES = ("blis", "numpy")
# One maxout layer of the NER's encoder: (tokens, width x window) by (width x pieces, width x window)
_SHAPE = (1024, 288, 288)
_REPEAT = 3


def one_thread():
    """A context in which every BLAS loaded in the process uses one thread."""
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1, user_api="blas")


@cache
def choice() -> str:
    """`FICLENS_BLAS`, or with "auto" (or unset) the faster of the two on this machine."""
    wanted = os.environ.get(SETTING, "auto").strip().lower() or "auto"
    if wanted == "auto":
        return fastest()
    if wanted not in CHOICES:
        raise BadSetting(SETTING, f"{wanted!r} is none of auto, {', '.join(CHOICES)}")
    return wanted


def ner_ops():
    """thinc's operations backed by the chosen multiply."""
    from thinc.api import NumpyOps

    return NumpyOps(use_blis=choice() == "blis")


def fastest() -> str:
    """The backend whose best of `_REPEAT` multiplies of `_SHAPE` takes least CPU time, on one thread."""
    from thinc.api import NumpyOps

    rows, inner, cols = _SHAPE
    rng = np.random.default_rng(0)
    x = rng.standard_normal((rows, inner), dtype=np.float32)
    w = rng.standard_normal((cols, inner), dtype=np.float32)
    took: dict[str, float] = {}
    with one_thread():
        for name in CHOICES:
            ops = NumpyOps(use_blis=name == "blis")
            ops.gemm(x, w, trans2=True)  # first call: page in the library
            runs = []
            for _ in range(_REPEAT):
                start = time.process_time()
                ops.gemm(x, w, trans2=True)
                runs.append(time.process_time() - start)
            took[name] = min(runs)
    return min(CHOICES, key=took.__getitem__)
