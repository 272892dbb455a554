"""A worker task that dies, as native code or the OOM killer would, on a work whose file name holds "poison".

It lives in its own module so that spawned worker processes can import it by name.
"""

from __future__ import annotations

import os
from pathlib import Path

from ficlens.corpus.shards import Shard
from ficlens.corpus.worker import ShardResult, process_shard


def die_on_poison(shard: Shard, stage: str) -> ShardResult:
    if any("poison" in Path(item.key).name for item in shard.items):
        os._exit(70)  # no exception, no cleanup: the process is simply gone
    return process_shard(shard, stage)
