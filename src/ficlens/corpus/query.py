"""DuckDB over a corpus dataset: every table a view (works, chapters, ...), and a summary of the whole.

Views read only the files of finished shards, so a dataset whose run is still going (or was killed) can be
queried and never shows half a shard; a shard whose files were damaged since is left out. Queries are
read-only and offline: only one SELECT (or EXPLAIN) statement runs, on a read-only connection; DuckDB may read
nothing but the dataset's files (`enable_external_access` off, `allowed_directories` the table folders),
installs and loads no extension, and the configuration is locked before the user's SQL runs.
"""

from __future__ import annotations

import tempfile
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from ficlens.corpus.run import READABLE_SCHEMAS, read_manifest
from ficlens.corpus.shards import table_files
from ficlens.corpus.tables import SCHEMAS, TABLES
from ficlens.errors import CorpusError

READ_ONLY_STATEMENTS = {duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN}
OFFLINE = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}


def connect(out: str | Path, *, settings: dict[str, Any] | None = None) -> duckdb.DuckDBPyConnection:
    """A read-only DuckDB with one view per table over the finished shards of `out`, locked down.

    The views are written to a catalog of their own in a temporary folder, which is then opened read-only: the
    user's SQL can change nothing, not even the views, and can read nothing but the dataset's table folders.
    `settings`: DuckDB settings (names from our code, values bound) made before the configuration is locked."""
    out = Path(out).resolve()
    manifest = read_manifest(out)
    if manifest.get("schema") not in READABLE_SCHEMAS:
        raise CorpusError(out, f"a dataset in an unknown corpus format ({manifest.get('schema')!r})")
    folder = tempfile.TemporaryDirectory(prefix="ficlens-query-")
    catalog = Path(folder.name) / "views.duckdb"
    try:
        with duckdb.connect(str(catalog)) as writer:
            create_views(writer, out)
        con = duckdb.connect(str(catalog), read_only=True, config=OFFLINE)
        for name, value in (settings or {}).items():
            con.execute(f"SET {name} = ?", [value])
        con.execute("SET allowed_directories = ?", [[f"{out / table}/" for table in TABLES]])
        con.execute("SET enable_external_access = false")
        con.execute("SET lock_configuration = true")
        con.execute("SELECT count(*) FROM works").fetchone()  # reads every works file's footer now
    except duckdb.Error as exc:  # a shard's file damaged in a way its size does not show
        folder.cleanup()
        raise damaged(out, exc) from None
    weakref.finalize(con, folder.cleanup)  # the catalog goes with the connection
    return con


def damaged(out: Path, exc: duckdb.Error) -> CorpusError:
    return CorpusError(
        out,
        f"cannot read the dataset ({' '.join(str(exc).split())}); run the same `corpus run` again to check "
        "it and redo damaged shards",
    )


def create_views(con: duckdb.DuckDBPyConnection, out: Path) -> None:
    for table in TABLES:
        files = [str(p) for p in table_files(out, table) if p.exists()]  # an older dataset lacks a table
        on_disk = {str(p) for p in (out / table).glob("part-*.parquet")}
        if files and on_disk == set(files):  # the usual case, a finished run: one glob, not a list of files
            files = [str(out / table / "part-*.parquet")]
        if files:
            con.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet({_sql_list(files)})")
        else:  # no shard finished yet: an empty table with the right columns
            con.register("_empty", SCHEMAS[table].empty_table())
            con.execute(f"CREATE TABLE {table} AS SELECT * FROM _empty")
            con.unregister("_empty")


def _sql_list(values: list[str]) -> str:
    return "[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


@dataclass
class QueryResult:
    columns: list[str]
    rows: list[tuple[Any, ...]]


def query(out: str | Path, sql: str) -> QueryResult:
    con = connect(out)
    try:
        statements = duckdb.extract_statements(sql)
        refused = [s for s in statements if s.type not in READ_ONLY_STATEMENTS]
        if refused:
            kind = refused[0].type.name
            raise CorpusError(
                None, f"SQL error: only SELECT queries are allowed, not {kind} (queries are read-only)"
            )
        if len(statements) != 1:
            raise CorpusError(None, f"SQL error: give one SELECT statement, not {len(statements)}")
        cursor = con.execute(sql)
        columns = [d[0] for d in cursor.description] if cursor.description else []
        return QueryResult(columns=columns, rows=cursor.fetchall() if columns else [])
    except duckdb.Error as exc:
        raise CorpusError(None, f"SQL error: {' '.join(str(exc).split())}") from None


@dataclass
class Stats:
    shards_done: int
    shards_total: int
    stage: str
    works: int
    words: int
    errors: int
    warnings: int  # kept works with a problem in their metadata
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
    con = connect(out)
    try:
        return _stats(out, read_manifest(out), con)
    except duckdb.Error as exc:  # a shard's file damaged in a way its size does not show
        raise damaged(out, exc) from None


def _stats(out: Path, manifest: dict, con: duckdb.DuckDBPyConnection) -> Stats:
    def one(sql: str) -> int:
        return int(con.execute(sql).fetchone()[0] or 0)

    return Stats(
        shards_done=len(table_files(out, "works")),
        shards_total=int(manifest.get("shards", 0)),
        stage=str(manifest.get("stage")),
        works=one("SELECT count(*) FROM works"),
        words=one("SELECT sum(words) FROM works"),
        errors=one("SELECT count(*) FROM errors"),
        warnings=one("SELECT count(*) FROM warnings"),
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
