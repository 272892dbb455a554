"""The dataset the browser serves: one locked, read-only DuckDB over its Parquet tables, and the small
in-memory tables every page filters (built once at start, so a page never scans the big tables for them).

The connection is opened like `ficlens corpus query`'s (views over the finished shards, a read-only catalog,
no external access but the table folders, configuration locked), with a memory limit and thread count set
first, so the server stays small on a large corpus. Temporary tables live in that connection's memory only:
nothing is written to the dataset or beside it. One lock serialises the queries (a DuckDB connection is not
shared by threads at once); every query binds its values as parameters.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from ficlens.corpus.query import connect, damaged
from ficlens.corpus.shards import done_markers, table_files
from ficlens.errors import CorpusError
from ficlens.serve import agreement

MEMORY_LIMIT = "512MB"  # DuckDB's buffers: the server's whole footprint must stay under 1 GB

# The works as every list page filters them: the scalar facets, the tag lists, and one lower-cased string of
# title, summary, authors and tags for the full-text search (a substring search over 100,000 of them is a few
# milliseconds; no extension, which would need a download).
WORKS_INDEX = """
CREATE TEMP TABLE w AS
SELECT w.work_id, row_number() OVER (ORDER BY w.work_id)::INTEGER AS wn,
       coalesce(nullif(w.title, ''), regexp_extract(w.key, '[^/\\\\]+$')) AS title, w.key, w.authors,
       coalesce(w.fandoms, []) AS fandoms, w.rating, w.language, coalesce(w.relationships, []) AS relationships,
       coalesce(w.tagged_characters, []) AS tagged_characters, coalesce(w.freeforms, []) AS freeforms,
       w.words, w.chapters, w.chapters_posted, w.chapters_total, w.published, w.updated, w.kudos, w.hits,
       w.quotes, w.characters, w.stage, w.partial, t.summary,
       CASE WHEN w.chapters_total IS NOT NULL AND w.chapters_posted = w.chapters_total THEN 'complete'
            WHEN w.chapters_posted IS NOT NULL THEN 'in progress' ELSE 'unknown' END AS status,
       lower(concat_ws(' ', w.title, t.summary, array_to_string(w.authors, ' '),
             array_to_string(w.fandoms, ' '), array_to_string(w.relationships, ' '),
             array_to_string(w.tagged_characters, ' '), array_to_string(w.freeforms, ' '))) AS haystack
FROM works w LEFT JOIN (SELECT work_id, summary FROM texts) t USING (work_id)
"""
# Which shard holds each work, and its row there: a work's rows are read from its shard's files only, and its
# text (a texts file holds one row a work, in its works file's order) from that one row, which a row-number
# filter reaches without reading the rest (over a gigabyte of text at 100,000 works).
LOCATIONS = """
CREATE TEMP TABLE loc AS
SELECT work_id, parse_filename(filename, true) AS stem, file_row_number AS row
FROM read_parquet(?::VARCHAR[], filename = true, file_row_number = true)
"""
# Each work's fandoms, one row each ("" for a work without any): the characters and overview pages group by it.
FANDOMS_INDEX = """
CREATE TEMP TABLE wf AS
SELECT work_id, wn, unnest(CASE WHEN len(fandoms) = 0 THEN [''] ELSE fandoms END) AS fandom FROM w
"""
# Every character's name by work, with a number (k) the quote index refers to: quotes show speakers and
# addressees by name, and filter on them.
NAMES_INDEX = """
CREATE TEMP TABLE names AS
SELECT row_number() OVER (ORDER BY work_id, id)::INTEGER AS k, work_id, id, name, lower(name) AS lname
FROM characters
"""
# Every quote, slim, numbered in dataset order (n: by work, then position): its work and speaker as numbers,
# and its text lower-cased for the search. A quotes page filters this table in memory and reads the text
# around its 50 quotes only, where scanning the quotes files took most of a second. (No full-text
# extension: DuckDB's wheel does not ship one, and the server downloads nothing; a substring scan of
# ~120 MB of quote text in memory takes ~100 ms.)
QUOTES_INDEX = """
CREATE TEMP TABLE qi AS
SELECT row_number() OVER (ORDER BY w.wn, q.start, q.id)::INTEGER AS n, w.wn AS work, q.id,
       q.start::INTEGER AS start, q."end"::INTEGER AS "end", s.k AS speaker, q.type,
       q.confidence, lower(q.text) AS text
FROM quotes q JOIN w USING (work_id) LEFT JOIN names s ON s.work_id = q.work_id AND s.id = q.speaker
"""
# Each quote's addressees (by name number), one row each, in the quote's order.
QUOTE_ADDRESSEES_INDEX = """
CREATE TEMP TABLE qa AS
SELECT qi.n, a.k AS addressee, x.pos
FROM (SELECT work_id, id, unnest(addressees) AS aid, generate_subscripts(addressees, 1) AS pos
      FROM quotes WHERE len(addressees) > 0) x
JOIN w USING (work_id) JOIN qi ON qi.work = w.wn AND qi.id = x.id
JOIN names a ON a.work_id = x.work_id AND a.id = x.aid
"""
# A character across a fandom's works, joined by name (case-insensitive).
CHARACTERS_INDEX = """
CREATE TEMP TABLE fc AS
SELECT wf.fandom, lower(c.name) AS lname, mode(c.name) AS name,
       list_distinct(flatten(list(c.aliases))) AS aliases, list(c.gender) AS genders,
       -- the aliases lower-cased, for the name search (no lambda: its syntax changed in DuckDB 1.3)
       string_split(lower(array_to_string(list_distinct(flatten(list(c.aliases))), chr(31))), chr(31))
         AS laliases,
       count(DISTINCT c.work_id) AS works, sum(c.mentions) AS mentions, sum(c.quotes) AS quotes,
       sum(coalesce(s.words_spoken, 0)) AS words_spoken
FROM characters c JOIN wf USING (work_id)
LEFT JOIN (SELECT work_id, id, words_spoken FROM character_stats) s USING (work_id, id)
GROUP BY ALL
"""
# Who speaks with whom (either way, quotes) across a fandom's works, by name.
SPEECH_PARTNERS_INDEX = """
CREATE TEMP TABLE sp AS
WITH pairs AS (
  SELECT i.work_id, a.lname AS lname, b.name AS partner, i.weight
  FROM interactions i JOIN names a ON a.work_id = i.work_id AND a.id = i.source
  JOIN names b ON b.work_id = i.work_id AND b.id = i.target WHERE i.kind = 'speech'
  UNION ALL
  SELECT i.work_id, b.lname, a.name, i.weight
  FROM interactions i JOIN names a ON a.work_id = i.work_id AND a.id = i.source
  JOIN names b ON b.work_id = i.work_id AND b.id = i.target WHERE i.kind = 'speech'
)
SELECT wf.fandom, lname, partner, sum(weight) AS n FROM pairs JOIN wf USING (work_id) GROUP BY ALL
"""
# The pairs ficlens found central (score >= 0.5), by name, per fandom: the characters page's "paired with".
PAIRED_INDEX = """
CREATE TEMP TABLE pp AS
WITH r AS (
  SELECT lower(names[1]) AS lname, names[2] AS partner, work_id FROM relationships WHERE score >= 0.5
  UNION ALL SELECT lower(names[2]), names[1], work_id FROM relationships WHERE score >= 0.5)
SELECT wf.fandom, lname, partner, count(*) AS n FROM r JOIN wf USING (work_id) GROUP BY ALL
"""
INDEXES = (
    WORKS_INDEX,
    FANDOMS_INDEX,
    NAMES_INDEX,
    CHARACTERS_INDEX,
    SPEECH_PARTNERS_INDEX,
    PAIRED_INDEX,
    QUOTES_INDEX,
    QUOTE_ADDRESSEES_INDEX,
)


@dataclass
class Corpus:
    """The open dataset: `rows` and `one` run bound SQL under the lock."""

    path: Path
    con: duckdb.DuckDBPyConnection
    lock: threading.Lock

    def rows(self, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
        with self.lock:
            cursor = self.con.execute(sql, params or [])
            columns = [d[0] for d in cursor.description]
            return [dict(zip(columns, r, strict=True)) for r in cursor.fetchall()]

    def tuples(self, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
        with self.lock:
            return self.con.execute(sql, params or []).fetchall()

    def execute(self, sql: str, params: list[Any] | None = None) -> None:
        with self.lock:
            self.con.execute(sql, params or []).fetchall()

    def shard_file(self, table: str, work_id: str) -> str | None:
        """The Parquet file of `table` that holds `work_id`'s rows (None: no such work)."""
        stem = self.one("SELECT stem FROM loc WHERE work_id = ?", [work_id])
        return str(self.path / table / f"{stem}.parquet") if stem else None

    def work_texts(self, work_ids: list[str]) -> dict[str, str]:
        """Works' whole texts, each read from its own row of its shard's texts file (a work without one is
        left out)."""
        places = self.tuples(
            "SELECT work_id, stem, row FROM loc WHERE work_id IN (SELECT unnest(?::VARCHAR[]))", [work_ids]
        )
        texts = {}
        for work_id, stem, row in places:
            path = self.path / "texts" / f"{stem}.parquet"
            if path.exists():  # a dataset written before the texts table has none
                texts[work_id] = self.text_at(str(path), row, work_id)
        return texts

    def text_at(self, path: str, row: int, work_id: str) -> str:
        by_row = "SELECT work_id, text FROM read_parquet(?, file_row_number = true) WHERE file_row_number = ?"
        found = self.tuples(by_row, [path, row])
        if not found or found[0][0] != work_id:  # a file not in its works file's order: look the work up
            found = self.tuples(
                "SELECT work_id, text FROM read_parquet(?) WHERE work_id = ?", [path, work_id]
            )
        return (found[0][1] if found else None) or ""

    def one(self, sql: str, params: list[Any] | None = None) -> Any:
        with self.lock:
            row = self.con.execute(sql, params or []).fetchone()
        return row[0] if row else None


def open_corpus(out: str | Path, *, threads: int = 2) -> Corpus:
    out = Path(out).resolve()
    con = connect(
        out,
        # a page reads single works from shard files: keep their footers parsed rather than reparse each time
        settings={"memory_limit": MEMORY_LIMIT, "threads": threads, "parquet_metadata_cache": True},
    )
    if not done_markers(out):
        raise CorpusError(out, "no finished shard to show yet: wait for `corpus run` to finish one")
    try:
        con.execute(LOCATIONS, [[str(f) for f in table_files(out, "works")]])
        for sql in INDEXES:
            con.execute(sql)
    except duckdb.Error as exc:
        raise damaged(out, exc) from None
    corpus = Corpus(path=out, con=con, lock=threading.Lock())
    agreement.index(corpus)
    return corpus
