"""Corpus mode: many works to a resumable Parquet dataset, on local processes or a Dask cluster.

inputs (items) → shards → engine (local | dask) → worker (pipeline → Arrow tables) → shards (Parquet + marker)
→ query (DuckDB views).
"""

from ficlens.corpus.query import connect, query, stats
from ficlens.corpus.run import run_corpus

__all__ = ["connect", "query", "run_corpus", "stats"]
