"""Each page's question to the dataset: its filters (parsed from the URL, typed and bounded) and the bound SQL
that answers them. Values only ever travel as parameters; the few identifiers (sort columns) come from fixed
tables here, never from the request."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ficlens.serve.agreement import STATUSES
from ficlens.serve.dataset import Corpus

PAGE_SIZE = 50
FACET_VALUES = 12  # values listed per facet (the selected ones always are)
MAX_TERM = 200  # characters of a search box kept
COUNT_CAP = 10_000  # a quote search counts its matches up to here, then says "10,000+"
CONTEXT = 240  # characters of text shown either side of a quote


def _text(params, name: str) -> str:
    return " ".join((params.get(name) or "").split())[:MAX_TERM]


def _texts(params, name: str) -> list[str]:
    return [v[:MAX_TERM] for v in params.getlist(name) if v.strip()][:10]


def _int(params, name: str, *, low: int = 0, high: int = 10**12) -> int | None:
    value = (params.get(name) or "").strip()
    if not re.fullmatch(r"\d{1,13}", value):
        return None
    return min(max(int(value), low), high)


def _page(params) -> int:
    return _int(params, "page", low=1, high=10**6) or 1


def _terms(q: str) -> list[str]:
    """Search words, lower-cased; a "quoted phrase" stays one term."""
    return [a or b for a, b in re.findall(r'"([^"]+)"|(\S+)', q.lower())][:8]


@dataclass
class Page:
    rows: list[dict[str, Any]]
    total: int
    page: int
    capped: bool = False  # `total` is a lower bound

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))

    @property
    def first(self) -> int:
        return (self.page - 1) * PAGE_SIZE + 1 if self.rows else 0

    @property
    def last(self) -> int:
        return (self.page - 1) * PAGE_SIZE + len(self.rows)


@dataclass
class Where:
    """A WHERE clause built piece by piece, its values kept apart as parameters."""

    parts: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)

    def add(self, sql: str, *params: Any) -> None:
        self.parts.append(sql)
        self.params.extend(params)

    @property
    def sql(self) -> str:
        return " AND ".join(self.parts) or "TRUE"


# ---------------------------------------------------------------- works

WORK_SORTS = {
    "kudos": "kudos",
    "hits": "hits",
    "words": "words",
    "chapters": "chapters",
    "quotes": "quotes",
    "updated": "coalesce(updated, published)",
    "title": "lower(title)",
}
LIST_FACETS = {"fandom": "fandoms", "relationship": "relationships", "character": "tagged_characters"}
SCALAR_FACETS = {"rating": "rating", "language": "language", "status": "status"}
FACET_LABELS = {
    "fandom": "Fandom",
    "rating": "Rating",
    "language": "Language",
    "status": "Status",
    "relationship": "Relationship tag",
    "character": "Character tag",
}


@dataclass
class WorkFilters:
    q: str = ""
    facets: dict[str, list[str]] = field(default_factory=dict)
    words_min: int | None = None
    words_max: int | None = None
    chapters_min: int | None = None
    chapters_max: int | None = None
    sort: str = "kudos"
    desc: bool = True
    page: int = 1

    @classmethod
    def parse(cls, params) -> WorkFilters:
        sort = params.get("sort") if params.get("sort") in WORK_SORTS else "kudos"
        return cls(
            q=_text(params, "q"),
            facets={name: _texts(params, name) for name in FACET_LABELS},
            words_min=_int(params, "words_min"),
            words_max=_int(params, "words_max"),
            chapters_min=_int(params, "chapters_min"),
            chapters_max=_int(params, "chapters_max"),
            sort=sort,
            desc=params.get("order", "desc") != "asc",
            page=_page(params),
        )

    def where(self, *, leave_out: str | None = None) -> Where:
        """The filters as SQL over ``w``; `leave_out` a facet (its own counts ignore its selection)."""
        where = Where()
        for term in _terms(self.q):
            where.add("contains(haystack, ?)", term)
        for name, values in self.facets.items():
            if name == leave_out:
                continue
            for value in values:
                if name in LIST_FACETS:
                    where.add(f"list_contains({LIST_FACETS[name]}, ?)", value)
            scalar = [v for v in values if name in SCALAR_FACETS]
            if scalar:
                where.add(f"{SCALAR_FACETS[name]} IN (SELECT unnest(?::VARCHAR[]))", scalar)
        for column, low, high in (
            ("words", self.words_min, self.words_max),
            ("chapters", self.chapters_min, self.chapters_max),
        ):
            if low is not None:
                where.add(f"{column} >= ?", low)
            if high is not None:
                where.add(f"{column} <= ?", high)
        return where


@dataclass
class FacetValue:
    value: str
    count: int
    selected: bool


def works_page(corpus: Corpus, f: WorkFilters) -> Page:
    where = f.where()
    total = corpus.one(f"SELECT count(*) FROM w WHERE {where.sql}", where.params)
    order = f"{WORK_SORTS[f.sort]} {'DESC' if f.desc else 'ASC'} NULLS LAST, work_id"
    rows = corpus.rows(
        f"""SELECT work_id, title, authors, fandoms, rating, language, relationships, tagged_characters,
                  freeforms, words, chapters, chapters_posted, chapters_total, status, kudos, hits, quotes,
                  characters, published, updated, summary, stage
            FROM w WHERE {where.sql} ORDER BY {order} LIMIT ? OFFSET ?""",
        [*where.params, PAGE_SIZE, (f.page - 1) * PAGE_SIZE],
    )
    return Page(rows=rows, total=total, page=f.page)


def work_facets(corpus: Corpus, f: WorkFilters) -> dict[str, list[FacetValue]]:
    """Each facet's values with how many of the matching works hold each (one scan of the matches)."""
    where = f.where()
    parts = [
        f"SELECT '{name}' AS facet, {f'unnest({LIST_FACETS[name]})' if name in LIST_FACETS else SCALAR_FACETS[name]}"
        " AS v FROM hit"
        for name in FACET_LABELS
    ]
    counted = corpus.rows(
        f"""WITH hit AS MATERIALIZED (SELECT * FROM w WHERE {where.sql}),
            counts AS (SELECT facet, v, count(*) AS n FROM ({" UNION ALL ".join(parts)})
                       WHERE v IS NOT NULL AND v <> '' GROUP BY facet, v)
            SELECT facet, v, n FROM (
              SELECT *, row_number() OVER (PARTITION BY facet ORDER BY n DESC, v) AS k FROM counts)
            WHERE k <= ? ORDER BY facet, k""",
        [*where.params, FACET_VALUES],
    )
    out: dict[str, list[FacetValue]] = {name: [] for name in FACET_LABELS}
    for r in counted:
        out[r["facet"]].append(FacetValue(r["v"], r["n"], r["v"] in f.facets.get(r["facet"], [])))
    for name, values in f.facets.items():  # a chosen value is always listed, even past the first few
        shown = {v.value for v in out[name]}
        out[name][:0] = [FacetValue(v, 0, True) for v in values if v not in shown]
    return out


# ---------------------------------------------------------------- quotes

QUOTE_TYPES = ("explicit", "anaphoric", "implicit")


@dataclass
class QuoteFilters:
    q: str = ""
    speaker: str = ""
    addressee: str = ""
    fandom: str = ""
    work: str = ""  # a work_id
    type: str = ""
    page: int = 1

    @classmethod
    def parse(cls, params) -> QuoteFilters:
        work = params.get("work") or ""
        return cls(
            q=_text(params, "q"),
            speaker=_text(params, "speaker"),
            addressee=_text(params, "addressee"),
            fandom=_text(params, "fandom"),
            work=work if re.fullmatch(r"[0-9a-f]{1,64}", work) else "",
            type=params.get("type") if params.get("type") in QUOTE_TYPES else "",
            page=_page(params),
        )

    def where(self) -> Where:
        """The filters as SQL over the quote index ``qi`` (`dataset.QUOTES_INDEX`)."""
        where = Where()
        for term in _terms(self.q):
            where.add("contains(text, ?)", term)
        if self.speaker:
            where.add("speaker IN (SELECT k FROM names WHERE lname = ?)", self.speaker.lower())
        if self.addressee:
            where.add(
                "n IN (SELECT n FROM qa WHERE addressee IN (SELECT k FROM names WHERE lname = ?))",
                self.addressee.lower(),
            )
        if self.fandom:
            where.add("work IN (SELECT wn FROM wf WHERE fandom = ?)", self.fandom)
        if self.work:
            where.add("work = (SELECT wn FROM w WHERE work_id = ?)", self.work)
        if self.type:
            where.add("type = ?", self.type)
        return where


def quotes_page(corpus: Corpus, f: QuoteFilters) -> Page:
    """The matching quotes in dataset order, with their speakers' and addressees' names, work and context.
    Counting stops at `COUNT_CAP`: a search must not scan every quote only to print an exact figure."""
    numbers, total = matching_quotes(corpus, f)
    rows = corpus.rows(
        """WITH hit AS (SELECT n, work, id, start, "end", speaker, type, confidence FROM qi
                        WHERE n IN (SELECT unnest(?::INTEGER[]))),
                addr AS (SELECT qa.n, list(a.name ORDER BY qa.pos) AS addressee_names
                         FROM qa JOIN names a ON a.k = qa.addressee
                         WHERE qa.n IN (SELECT unnest(?::INTEGER[])) GROUP BY qa.n)
           SELECT w.work_id, hit.id, hit.start, hit."end", hit.type, hit.confidence, w.title, w.fandoms,
                  s.name AS speaker_name, addr.addressee_names
           FROM hit JOIN w ON w.wn = hit.work LEFT JOIN names s ON s.k = hit.speaker LEFT JOIN addr USING (n)
           ORDER BY hit.n""",
        [numbers, numbers],
    )
    add_context(corpus, rows)
    return Page(rows=rows, total=min(total, COUNT_CAP), page=f.page, capped=total > COUNT_CAP)


def matching_quotes(corpus: Corpus, f: QuoteFilters) -> tuple[list[int], int]:
    """The page's quote numbers, and how many quotes match (up to `COUNT_CAP` + 1). One scan of the index
    finds both while the page lies within the cap; a page past it asks for its own rows."""
    where = f.where()
    offset = (f.page - 1) * PAGE_SIZE
    found = [
        r[0]
        for r in corpus.tuples(
            f"SELECT n FROM qi WHERE {where.sql} ORDER BY n LIMIT ?", [*where.params, COUNT_CAP + 1]
        )
    ]
    if offset + PAGE_SIZE <= len(found) or len(found) <= COUNT_CAP:
        return found[offset : offset + PAGE_SIZE], len(found)
    page = corpus.tuples(
        f"SELECT n FROM qi WHERE {where.sql} ORDER BY n LIMIT ? OFFSET ?", [*where.params, PAGE_SIZE, offset]
    )
    return [r[0] for r in page], len(found)


def add_context(corpus: Corpus, rows: list[dict[str, Any]]) -> None:
    """Each quote's paragraph (or `CONTEXT` characters either side), cut into before / quote / after."""
    texts = corpus.work_texts(sorted({r["work_id"] for r in rows}))
    for r in rows:
        text = texts.get(r["work_id"], "")
        start, end = r["start"], r["end"]
        if not text or end > len(text):  # a dataset without the texts table: the quote alone
            r["before"], r["after"], r["text"] = "", "", quote_text(corpus, r["work_id"], r["id"])
            continue
        lo = max(text.rfind("\n\n", 0, start) + 2, start - CONTEXT, 0)
        hi = text.find("\n\n", end)
        hi = min(hi if hi >= 0 else len(text), end + CONTEXT)
        r["before"] = ("…" if lo > 0 and text[lo - 1] != "\n" else "") + text[lo:start]
        r["after"] = text[end:hi] + ("…" if hi < len(text) and text[hi] != "\n" else "")
        r["text"] = text[start:end]


def quote_text(corpus: Corpus, work_id: str, quote_id: str) -> str:
    path = corpus.shard_file("quotes", work_id)
    sql = "SELECT text FROM read_parquet(?) WHERE work_id = ? AND id = ?"
    return (corpus.one(sql, [path, work_id, quote_id]) if path else None) or ""


# ---------------------------------------------------------------- characters

CHARACTER_SORTS = {"works": "works", "words": "words_spoken", "quotes": "quotes", "mentions": "mentions"}


@dataclass
class CharacterFilters:
    fandom: str | None = None  # None: the fandom with the most works
    q: str = ""
    sort: str = "works"
    page: int = 1

    @classmethod
    def parse(cls, params) -> CharacterFilters:
        return cls(
            fandom=params.get("fandom", None),
            q=_text(params, "q"),
            sort=params.get("sort") if params.get("sort") in CHARACTER_SORTS else "works",
            page=_page(params),
        )


def fandoms(corpus: Corpus) -> list[dict[str, Any]]:
    """Every fandom with its works, most first ("" for works without one)."""
    return corpus.rows("SELECT fandom, count(*) AS works FROM wf GROUP BY fandom ORDER BY works DESC, fandom")


def characters_page(corpus: Corpus, f: CharacterFilters) -> Page:
    if f.fandom is None:
        f.fandom = (
            corpus.one("SELECT fandom FROM wf GROUP BY fandom ORDER BY count(*) DESC, fandom LIMIT 1") or ""
        )
    where = Where()
    where.add("fandom = ?", f.fandom)
    if f.q:
        where.add(
            "(contains(lname, ?) OR list_contains(laliases, ?))",
            f.q.lower(),
            f.q.lower(),
        )
    total = corpus.one(f"SELECT count(*) FROM fc WHERE {where.sql}", where.params)
    rows = corpus.rows(
        f"""SELECT * EXCLUDE (laliases) FROM fc WHERE {where.sql}
            ORDER BY {CHARACTER_SORTS[f.sort]} DESC, works DESC, lname LIMIT ? OFFSET ?""",
        [*where.params, PAGE_SIZE, (f.page - 1) * PAGE_SIZE],
    )
    names = [r["lname"] for r in rows]
    speech = corpus.rows(
        """SELECT lname, partner, n FROM sp WHERE fandom = ? AND lname IN (SELECT unnest(?::VARCHAR[]))
           ORDER BY n DESC, partner""",
        [f.fandom, names],
    )
    paired = corpus.rows(
        """SELECT lname, partner, n FROM pp WHERE fandom = ? AND lname IN (SELECT unnest(?::VARCHAR[]))
           ORDER BY n DESC, partner""",
        [f.fandom, names],
    )
    for r in rows:
        r["genders"] = gender_counts(r["genders"])
        r["aliases"] = sorted({a for a in r["aliases"] if a and a.lower() != r["lname"]}, key=str.lower)
        r["speech_partners"] = [(p["partner"], p["n"]) for p in speech if p["lname"] == r["lname"]][:4]
        r["pair_partners"] = [(p["partner"], p["n"]) for p in paired if p["lname"] == r["lname"]][:4]
    return Page(rows=rows, total=total, page=f.page)


def gender_counts(genders: list[str | None]) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    for g in genders:
        counts[g or "unknown"] = counts.get(g or "unknown", 0) + 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


# ---------------------------------------------------------------- relationships


@dataclass
class RelationshipFilters:
    fandom: str = ""
    status: str = ""
    page: int = 1

    @classmethod
    def parse(cls, params) -> RelationshipFilters:
        return cls(
            fandom=_text(params, "fandom"),
            status=params.get("status") if params.get("status") in STATUSES else "",
            page=_page(params),
        )

    def where(self) -> Where:
        where = Where()
        if self.fandom:
            where.add("a.work_id IN (SELECT work_id FROM wf WHERE fandom = ?)", self.fandom)
        if self.status:
            where.add("a.status = ?", self.status)
        return where


def relationships_page(corpus: Corpus, f: RelationshipFilters) -> Page:
    where = f.where()
    total = corpus.one(f"SELECT count(*) FROM agree a WHERE {where.sql}", where.params)
    rows = corpus.rows(
        f"""SELECT a.work_id, w.title, w.fandoms, a.tags, a.label, a.kind, a.score, a.status, a.tag_kind
            FROM agree a JOIN w USING (work_id) WHERE {where.sql}
            ORDER BY a.score DESC NULLS LAST, a.work_id LIMIT ? OFFSET ?""",
        [*where.params, PAGE_SIZE, (f.page - 1) * PAGE_SIZE],
    )
    return Page(rows=rows, total=total, page=f.page)


def agreement_by_fandom(corpus: Corpus, f: RelationshipFilters) -> list[dict[str, Any]]:
    """Per fandom: works by status, the share of tagged works whose tags name the central pair, and how
    authors (first pair tag) and the text (central pair) split romantic / platonic."""
    where = Where()
    if f.fandom:
        where.add("fandom = ?", f.fandom)
    return corpus.rows(
        f"""SELECT wf.fandom, count(*) AS works,
              count(*) FILTER (a.status = 'agrees') AS agrees,
              count(*) FILTER (a.status = 'kind differs') AS kind_differs,
              count(*) FILTER (a.status = 'disagrees') AS disagrees,
              count(*) FILTER (a.status = 'untagged') AS untagged,
              count(*) FILTER (a.status = 'no pair found') AS no_pair,
              count(*) FILTER (a.tag_kind = 'romantic') AS tagged_romantic,
              count(*) FILTER (a.tag_kind = 'platonic') AS tagged_platonic,
              count(*) FILTER (a.kind = 'romantic') AS inferred_romantic,
              count(*) FILTER (a.kind = 'platonic') AS inferred_platonic
            FROM agree a JOIN wf USING (work_id) WHERE {where.sql}
            GROUP BY wf.fandom ORDER BY works DESC, wf.fandom LIMIT 30""",
        where.params,
    )


def central_pairs(corpus: Corpus, f: RelationshipFilters) -> list[dict[str, Any]]:
    """The pairs the texts centre on most often (by the pair's names, in any order), with how many of
    those works' tags name them."""
    where = Where()
    if f.fandom:
        where.add("a.work_id IN (SELECT work_id FROM wf WHERE fandom = ?)", f.fandom)
    return corpus.rows(
        f"""SELECT list_sort(a.names) AS pair, mode(a.label) AS label, count(*) AS works,
              count(*) FILTER (a.status IN ('agrees', 'kind differs')) AS tagged,
              count(*) FILTER (a.kind = 'romantic') AS romantic
            FROM agree a WHERE a.names IS NOT NULL AND {where.sql}
            GROUP BY ALL ORDER BY works DESC, label LIMIT 15""",
        where.params,
    )


# ---------------------------------------------------------------- overview


def overview(corpus: Corpus) -> dict[str, Any]:
    totals = corpus.rows(
        """SELECT count(*) AS works, sum(words) AS words, sum(quotes) AS quotes, sum(characters) AS characters,
                  (SELECT count(DISTINCT fandom) FROM wf WHERE fandom <> '') AS fandoms FROM w"""
    )[0]
    return {
        "totals": totals,
        "errors_count": corpus.one("SELECT count(*) FROM errors"),
        "ratings": corpus.rows(
            "SELECT coalesce(rating, 'no rating') AS rating, count(*) AS works FROM w GROUP BY ALL "
            "ORDER BY works DESC"
        ),
        "fandoms": corpus.rows(
            "SELECT fandom, count(*) AS works, sum(words) AS words FROM wf JOIN w USING (work_id) "
            "GROUP BY fandom ORDER BY works DESC, fandom LIMIT 20"
        ),
        "dialogue": dialogue_by_gender(corpus),
    }


GENDERS = ("female", "male", "nonbinary", "unknown")


def dialogue_by_gender(corpus: Corpus) -> list[dict[str, Any]]:
    """Per fandom (the 20 largest), the share of spoken words by the speakers' gender."""
    rows = corpus.rows(
        """WITH top AS (SELECT fandom FROM wf GROUP BY fandom ORDER BY count(*) DESC, fandom LIMIT 20),
           spoken AS (
             SELECT s.work_id, coalesce(c.gender, 'unknown') AS gender, sum(s.words_spoken) AS words
             FROM character_stats s JOIN characters c USING (work_id, id) GROUP BY ALL)
           SELECT wf.fandom, spoken.gender, sum(spoken.words) AS words
           FROM spoken JOIN wf USING (work_id) WHERE wf.fandom IN (SELECT fandom FROM top)
           GROUP BY ALL"""
    )
    by_fandom: dict[str, dict[str, int]] = {}
    for r in rows:
        by_fandom.setdefault(r["fandom"], {})[r["gender"]] = int(r["words"] or 0)
    out = []
    for fandom, words in by_fandom.items():
        total = sum(words.values())
        shares = {g: (words.get(g, 0) / total if total else 0.0) for g in GENDERS}
        out.append({"fandom": fandom, "words": total, "shares": shares})
    return sorted(out, key=lambda r: (-r["words"], r["fandom"]))


def errors_page(corpus: Corpus, page: int) -> Page:
    total = corpus.one("SELECT count(*) FROM errors")
    rows = corpus.rows(
        "SELECT key, code, error, message FROM errors ORDER BY code NULLS FIRST, key LIMIT ? OFFSET ?",
        [PAGE_SIZE, (page - 1) * PAGE_SIZE],
    )
    return Page(rows=rows, total=total, page=page)
