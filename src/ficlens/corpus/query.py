"""DuckDB over a corpus dataset: every table a view (works, chapters, ...), and a summary of the whole.

Views read only the files of finished shards, so a dataset whose run is still going (or was killed) can be
queried and never shows half a shard.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from ficlens.corpus.run import read_manifest
from ficlens.corpus.shards import done_markers, table_files
from ficlens.corpus.tables import SCHEMAS, TABLES
from ficlens.errors import CorpusError


def connect(out: str | Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with one view per table over the finished shards of `out`."""
    out = Path(out)
    read_manifest(out)
    con = duckdb.connect(":memory:")
    for table in TABLES:
        files = [str(p) for p in table_files(out, table)]
        on_disk = {str(p) for p in (out / table).glob("part-*.parquet")}
        if files and on_disk == set(files):  # the usual case, a finished run: one glob, not a list of files
            files = [str(out / table / "part-*.parquet")]
        if files:
            con.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet({_sql_list(files)})")
        else:  # no shard finished yet: an empty view with the right columns
            con.register(f"_{table}_empty", SCHEMAS[table].empty_table())
            con.execute(f"CREATE VIEW {table} AS SELECT * FROM _{table}_empty")
    return con


def _sql_list(values: list[str]) -> str:
    return "[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


@dataclass
class QueryResult:
    columns: list[str]
    rows: list[tuple[Any, ...]]


def query(out: str | Path, sql: str) -> QueryResult:
    con = connect(out)
    try:
        cursor = con.execute(sql)
    except duckdb.Error as exc:
        raise CorpusError(None, f"SQL error: {' '.join(str(exc).split())}") from None
    columns = [d[0] for d in cursor.description] if cursor.description else []
    return QueryResult(columns=columns, rows=cursor.fetchall() if columns else [])


@dataclass
class Stats:
    shards_done: int
    shards_total: int
    stage: str
    works: int
    words: int
    errors: int
    errors_by_reason: list[tuple[str, str, int]]  # (code, error class, count)
    chapters: int
    scenes: int
    characters: int
    quotes: int
    attributed_quotes: int
    interactions: int
    formats: list[tuple[str, int]]


def stats(out: str | Path) -> Stats:
    out = Path(out)
    manifest = read_manifest(out)
    con = connect(out)

    def one(sql: str) -> int:
        return int(con.execute(sql).fetchone()[0] or 0)

    return Stats(
        shards_done=len(done_markers(out)),
        shards_total=int(manifest.get("shards", 0)),
        stage=str(manifest.get("stage")),
        works=one("SELECT count(*) FROM works"),
        words=one("SELECT sum(words) FROM works"),
        errors=one("SELECT count(*) FROM errors"),
        errors_by_reason=[
            (c or "-", e, int(n))
            for c, e, n in con.execute(
                "SELECT code, error, count(*) AS n FROM errors GROUP BY ALL ORDER BY n DESC, code"
            ).fetchall()
        ],
        chapters=one("SELECT count(*) FROM chapters"),
        scenes=one("SELECT count(*) FROM scenes"),
        characters=one("SELECT count(*) FROM characters"),
        quotes=one("SELECT count(*) FROM quotes"),
        attributed_quotes=one("SELECT count(*) FROM quotes WHERE speaker IS NOT NULL"),
        interactions=one("SELECT count(*) FROM interactions"),
        formats=[
            (f, int(n))
            for f, n in con.execute(
                "SELECT format, count(*) AS n FROM works GROUP BY ALL ORDER BY n DESC, format"
            ).fetchall()
        ],
    )
