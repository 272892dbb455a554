"""The browser's web app: GET routes only, each page's filters in its URL, its rows as CSV or JSON.

Safety: every value reaches SQL as a bound parameter (`queries`) and HTML through Jinja2's autoescape; a
strict Content-Security-Policy allows only this server's own script and style (no inline code, no other
origin); the Host header must name the address the server is bound to (a web page cannot reach it through
DNS rebinding); static files come from a fixed list read at start, and no route writes anything.
"""

from __future__ import annotations

import csv
import html as html_module
import io
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.resources import files
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.middleware.trustedhost import TrustedHostMiddleware

from ficlens.model import Work
from ficlens.report import render_html
from ficlens.serve import queries
from ficlens.serve.dataset import Corpus
from ficlens.serve.workpage import load_work

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "frame-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
STATIC = {
    "app.css": "text/css",
    "app.js": "text/javascript",
    "htmx.min.js": "text/javascript",
    "htmx.LICENSE": "text/plain",
}
# Rendered reports kept (a report is ~0.1-1 MB): the work page's frame and its "report on its own page" link,
# or a reader going back, draw the charts once (matplotlib is most of a report's time).
REPORTS_KEPT = 16
WORK_ID = re.compile(r"[0-9a-f]{1,64}")
FORMATS = ("csv", "json")
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}


@dataclass
class Export:
    """What a page shows, as a table: its columns, and each row's values for them."""

    name: str
    columns: list[str]
    rows: list[list[Any]]


def create_app(corpus: Corpus, *, hosts: list[str] | None = None) -> FastAPI:
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=hosts or ["127.0.0.1", "localhost", "::1"])

    @app.middleware("http")
    async def headers(request: Request, call_next):
        began = time.perf_counter()
        response = await call_next(request)
        # the server's own time, for `corpus bench-serve` (and a browser's network panel)
        response.headers["Server-Timing"] = f"app;dur={(time.perf_counter() - began) * 1000:.1f}"
        response.headers.setdefault("Content-Security-Policy", CSP)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    def page(request: Request, template: str, fmt: str | None, export: Callable[[], Export], **context):
        if fmt is not None:
            return exported(export(), fmt)
        return html(template, request=request, **context)

    def html(template: str, *, request: Request, status: int = 200, **context) -> HTMLResponse:
        params = request.query_params
        body = (
            environment()
            .get_template(template)
            .render(
                path=request.url.path,
                query=str(request.url.query),
                url=lambda **changes: link(request.url.path, params, changes),
                toggle=lambda name, value: toggled(request.url.path, params, name, value),
                export_url=lambda fmt: export_link(request.url.path, params, fmt),
                **context,
            )
        )
        return HTMLResponse(body, status_code=status)

    @app.get("/")
    def overview_page(request: Request):
        errors = queries.errors_page(corpus, queries._page(request.query_params))
        return html("overview.html.j2", request=request, o=overview(corpus), errors=errors)

    @app.get("/errors.{fmt}")
    def errors_export(request: Request, fmt: str):
        errors = queries.errors_page(corpus, queries._page(request.query_params))
        return exported(table("errors", errors.rows, ["key", "code", "error", "message"]), _format(fmt))

    @app.get("/works")
    @app.get("/works.{fmt}")
    def works(request: Request, fmt: str | None = None):
        f = queries.WorkFilters.parse(request.query_params)
        result = queries.works_page(corpus, f)
        columns = [
            "work_id",
            "title",
            "authors",
            "fandoms",
            "rating",
            "language",
            "relationships",
            "tagged_characters",
            "words",
            "chapters",
            "status",
            "kudos",
            "hits",
            "quotes",
            "updated",
        ]
        return page(
            request,
            "works.html.j2",
            _format(fmt),
            lambda: table("works", result.rows, columns),
            f=f,
            result=result,
            facets=queries.work_facets(corpus, f) if fmt is None else {},
            labels=queries.FACET_LABELS,
            sorts=list(queries.WORK_SORTS),
        )

    @app.get("/quotes")
    @app.get("/quotes.{fmt}")
    def quotes(request: Request, fmt: str | None = None):
        f = queries.QuoteFilters.parse(request.query_params)
        result = queries.quotes_page(corpus, f)
        columns = [
            "work_id",
            "title",
            "id",
            "speaker_name",
            "addressee_names",
            "type",
            "confidence",
            "text",
            "before",
            "after",
        ]
        title = corpus.one("SELECT title FROM w WHERE work_id = ?", [f.work]) if f.work else None
        return page(
            request,
            "quotes.html.j2",
            _format(fmt),
            lambda: table("quotes", result.rows, columns),
            f=f,
            result=result,
            fandoms=fandom_names(corpus),
            types=queries.QUOTE_TYPES,
            work_title=title,
        )

    @app.get("/characters")
    @app.get("/characters.{fmt}")
    def characters(request: Request, fmt: str | None = None):
        f = queries.CharacterFilters.parse(request.query_params)
        result = queries.characters_page(corpus, f)
        columns = [
            "name",
            "aliases",
            "genders",
            "works",
            "mentions",
            "quotes",
            "words_spoken",
            "speech_partners",
            "pair_partners",
        ]
        return page(
            request,
            "characters.html.j2",
            _format(fmt),
            lambda: table("characters", result.rows, columns),
            f=f,
            result=result,
            fandoms=queries.fandoms(corpus),
            sorts=list(queries.CHARACTER_SORTS),
        )

    @app.get("/relationships")
    @app.get("/relationships.{fmt}")
    def relationships(request: Request, fmt: str | None = None):
        f = queries.RelationshipFilters.parse(request.query_params)
        result = queries.relationships_page(corpus, f)
        columns = ["work_id", "title", "fandoms", "tags", "label", "kind", "score", "status"]
        return page(
            request,
            "relationships.html.j2",
            _format(fmt),
            lambda: table("relationships", result.rows, columns),
            f=f,
            result=result,
            statuses=queries.STATUSES,
            fandoms=fandom_names(corpus),
            by_fandom=queries.agreement_by_fandom(corpus, f) if fmt is None else [],
            pairs=queries.central_pairs(corpus, f) if fmt is None else [],
        )

    @app.get("/work/{work_id}.json")
    def work_json(work_id: str):
        work = load_work(corpus, work_id) if WORK_ID.fullmatch(work_id) else None
        if work is None:
            return PlainTextResponse("no analysed work with this id", status_code=404)
        return download(work.to_json(), f"{work_id}.json", "application/json")

    @app.get("/work/{work_id}")
    def work_page(request: Request, work_id: str):
        row = _work_row(corpus, work_id)
        if row is None:
            return html("missing.html.j2", request=request, status=404, what="work")
        return html("work.html.j2", request=request, w=row)

    @lru_cache(maxsize=REPORTS_KEPT)
    def report(work_id: str) -> Report | None:
        work = load_work(corpus, work_id)
        return rendered(work) if work is not None else None

    @app.get("/work/{work_id}/report")
    def work_report(work_id: str):
        found = report(work_id) if WORK_ID.fullmatch(work_id) else None
        if found is None:
            return PlainTextResponse("no analysed work with this id", status_code=404)
        return HTMLResponse(found.document, headers={"Content-Security-Policy": found.csp})

    @app.get("/static/{name}")
    def static(name: str):
        if name not in STATIC:
            return PlainTextResponse("not found", status_code=404)
        return Response(asset(name), media_type=STATIC[name], headers={"Cache-Control": "max-age=3600"})

    return app


@dataclass(frozen=True)
class Report:
    document: str
    csp: str


def rendered(work: Work) -> Report:
    """The work's HTML report, with the policy to send it under: the report pins its inline style and script
    by hash in its own policy, and this page may be framed by the app only."""
    document = render_html(work)
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', document)
    csp = (
        html_module.unescape(policy.group(1)) if policy else "default-src 'none'"
    ) + "; frame-ancestors 'self'"
    return Report(document, csp)


def warm_up(corpus: Corpus) -> None:
    """Render one report before the first request: the charts' first drawing loads matplotlib and its fonts
    (a second or so under load), which would otherwise fall on someone's first click."""
    work_id = corpus.one("SELECT work_id FROM w WHERE stage = 'analyze' ORDER BY quotes LIMIT 1")
    work = load_work(corpus, work_id) if work_id else None
    if work is not None:
        rendered(work)


def _format(fmt: str | None) -> str | None:
    return fmt if fmt in FORMATS else None if fmt is None else "csv"


def _work_row(corpus: Corpus, work_id: str) -> dict[str, Any] | None:
    if not WORK_ID.fullmatch(work_id):
        return None
    rows = corpus.rows("SELECT * FROM w WHERE work_id = ?", [work_id])
    return rows[0] if rows else None


@cache
def asset(name: str) -> bytes:
    return (files("ficlens.serve") / "static" / name).read_bytes()


_overviews: dict[int, dict[str, Any]] = {}


def overview(corpus: Corpus) -> dict[str, Any]:
    """The overview's figures, once per open dataset (its tables do not change under the server)."""
    if id(corpus) not in _overviews:
        _overviews[id(corpus)] = queries.overview(corpus)
    return _overviews[id(corpus)]


def fandom_names(corpus: Corpus) -> list[str]:
    return [r["fandom"] for r in queries.fandoms(corpus) if r["fandom"]][:500]


def table(name: str, rows: list[dict[str, Any]], columns: list[str]) -> Export:
    return Export(name=name, columns=columns, rows=[[r.get(c) for c in columns] for r in rows])


def exported(export: Export, fmt: str) -> Response:
    if fmt == "json":
        records = [dict(zip(export.columns, row, strict=True)) for row in export.rows]
        body = json.dumps(records, ensure_ascii=False, default=str, indent=1)
        return download(body, f"{export.name}.json", "application/json")
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(export.columns)
    writer.writerows([[csv_value(v) for v in row] for row in export.rows])
    return download(out.getvalue(), f"{export.name}.csv", "text/csv; charset=utf-8")


def csv_value(value: Any) -> Any:
    """Lists joined by "; " (pairs as "name (count)"); a cell a spreadsheet would run as a formula is
    prefixed with an apostrophe."""
    if isinstance(value, list):
        value = "; ".join(f"{v[0]} ({v[1]})" if isinstance(v, tuple) else str(v) for v in value)
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def download(body: str, filename: str, media_type: str) -> Response:
    return Response(
        body, media_type=media_type, headers={"Content-Disposition": f'attachment; filename="{filename}"'}
    )


def link(path: str, params, changes: dict[str, Any]) -> str:
    """This page's URL with some parameters changed (None removes one); any change but the page's own
    number goes back to page 1."""
    items = [(k, v) for k, v in params.multi_items() if k not in changes and not (k == "page" and changes)]
    for k, v in changes.items():
        if v is not None and v != "":
            items.append((k, str(v)))
    return path + ("?" + urlencode(items) if items else "")


def toggled(path: str, params, name: str, value: str) -> str:
    """This page's URL with `value` added to or removed from the facet `name` (back to page 1)."""
    items = [(k, v) for k, v in params.multi_items() if k != "page" and not (k == name and v == value)]
    if (name, value) not in params.multi_items():
        items.append((name, value))
    return path + ("?" + urlencode(items) if items else "")


def export_link(path: str, params, fmt: str) -> str:
    return f"{path}.{fmt}" + ("?" + urlencode(params.multi_items()) if params else "")


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("ficlens.serve", "templates"),
        autoescape=select_autoescape(["html", "j2"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["num"] = lambda v: "–" if v is None else f"{v:,}" if isinstance(v, int) else v
    env.filters["pct"] = lambda v: "–" if v is None else f"{v * 100:.0f}%"
    return env
