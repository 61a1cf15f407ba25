"""The HTTP routes: SPARQL 1.1 Protocol at /sparql, and the HTML pages.

Starlette serves the routes (small, typed, well kept, ASGI so uvicorn runs it); Jinja2
renders the pages with autoescaping on, so everything echoed back is escaped. Every
response carries a Content-Security-Policy that allows no script, no frame, no plug-in
and no request to another site, and ``X-Content-Type-Options: nosniff``. The SPARQL
endpoint may be called from any web origin (``Access-Control-Allow-Origin: *``, GET and
POST, no credentials): it is read-only and public; the pages are not open to other
origins.
"""

from __future__ import annotations

import math
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode

import pyoxigraph as ox
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import (
    FileResponse,
    HTMLResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
)
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from adckg.errors import InputError
from adckg.formats import HTML, offers, response_media_type
from adckg.prefixes import OTHER_NAMESPACES, SD, VOID, sparql_prefixes
from adckg.serve.config import ServeConfig
from adckg.serve.pool import Busy, DeadlineExceeded, Job, QueryFailed, QueryPool
from adckg.serve.site import Site, iri_of
from adckg.store.query import SavedQuery, bind, list_queries
from adckg.store.results import MEDIA_TYPE, NotAcceptable, negotiate

PROTOCOL_FORM = "application/x-www-form-urlencoded"
DIRECT_QUERY = "application/sparql-query"
ENTITY_TYPES = {
    HTML: "html",
    "application/xhtml+xml": "html",
    **offers("turtle", "jsonld", "ntriples"),
}
EDITOR_EXAMPLE = (
    "SELECT ?adc ?label WHERE {\n  ?adc a adcko:AntibodyDrugConjugate ; rdfs:label ?label .\n}"
    "\nORDER BY ?label\n"
)


CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self';"
    " base-uri 'none'; frame-ancestors 'none'"
)
CORS_PATH = "/sparql"
CORS_HEADERS = [
    (b"access-control-allow-origin", b"*"),
    (b"access-control-expose-headers", b"X-Result-Truncated, X-Result-Cap, Retry-After"),
]
PREFLIGHT_HEADERS = [
    *CORS_HEADERS,
    (b"access-control-allow-methods", b"GET, POST, OPTIONS"),
    (b"access-control-allow-headers", b"Accept, Content-Type"),
    (b"access-control-max-age", b"86400"),
]


class BodyTooLarge(Exception):
    """The request body is over the configured limit (413)."""


class Hardening:
    """ASGI middleware: security headers on every response, CORS for /sparql, URL limit.

    A request line over ``max_url`` bytes is answered 414 before any route sees it; an
    OPTIONS preflight to /sparql is answered per the CORS policy (204).
    """

    def __init__(self, app: ASGIApp, max_url: int):
        self.app = app
        self.max_url = max_url

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cors = scope["path"] == CORS_PATH
        extra = [
            (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"no-referrer"),
            *(CORS_HEADERS if cors else []),
        ]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        url_bytes = len(scope.get("raw_path") or b"") + len(scope.get("query_string") or b"")
        if url_bytes > self.max_url:
            response: Response = PlainTextResponse(
                f"request URL over the {self.max_url}-byte limit; POST the query instead", 414
            )
            await response(scope, receive, send_with_headers)
            return
        if cors and scope["method"] == "OPTIONS":
            extra = [h for h in extra if not h[0].startswith(b"access-control")]
            extra += PREFLIGHT_HEADERS
            response = Response(status_code=204, headers={"Allow": "GET, POST, OPTIONS"})
            await response(scope, receive, send_with_headers)
            return
        await self.app(scope, receive, send_with_headers)


@dataclass
class Served:
    """What every route reads: the limits, the pages' data, the query pool, the saved queries."""

    config: ServeConfig
    site: Site
    pool: QueryPool
    saved: dict[str, SavedQuery]
    env: Environment

    def page(self, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        html = self.env.get_template(name).render(config=self.config, **context)
        return HTMLResponse(html, status_code=status)

    def retry_after(self) -> dict[str, str]:
        return {"Retry-After": str(max(1, math.ceil(self.config.deadline)))}

    async def run(self, job: Job, request: Request) -> tuple[Any, int, dict[str, str], str]:
        """Run a job; returns (answer or None, status, headers, error message)."""
        client = request.client.host if request.client else "-"
        try:
            answer = await run_in_threadpool(self.pool.run, job, client)
        except Busy as exc:
            return None, 503, self.retry_after(), str(exc)
        except DeadlineExceeded as exc:
            return None, 504, {}, str(exc)
        except QueryFailed as exc:
            return None, exc.status, {}, str(exc)
        headers = {}
        if answer.truncated:
            headers = {"X-Result-Truncated": "true", "X-Result-Cap": str(self.config.row_cap)}
        return answer, 200, headers, ""

    async def read_body(self, request: Request) -> bytes:
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > self.config.max_body:
            raise BodyTooLarge
        body = bytearray()
        async for chunk in request.stream():
            body.extend(chunk)
            if len(body) > self.config.max_body:
                raise BodyTooLarge
        return bytes(body)

    async def answer_page(
        self, name: str, text: str, request: Request, context: dict[str, Any]
    ) -> HTMLResponse:
        """Run ``text`` for an HTML page: the answer as a table, or the refusal as the error."""
        answer, status, headers, message = await self.run(
            Job(text, "text/html", "html", self.config.row_cap), request
        )
        if answer is None:
            return self.page(name, status=status, error=message, headers=headers, **context)
        return self.page(
            name, answer=answer, cells=self.table(answer), links=format_links(text), **context
        )

    def table(self, answer: Any) -> list[list[Any]]:
        return [[self.site.cell(c) for c in row] for row in answer.rows]


def served(request: Request) -> Served:
    """The state of the app that answers ``request``."""
    state: Served = request.app.state.served
    return state


def format_links(text: str) -> list[tuple[str, str]]:
    """Links that run ``text`` again in each downloadable results format."""
    return [
        (name, "/sparql?" + urlencode({"query": text, "format": name}))
        for name in ("csv", "tsv", "json", "xml")
    ]


async def sparql(request: Request) -> Response:
    """SPARQL 1.1 Protocol: GET or POST a query; updates and dataset parameters refused."""
    the = served(request)
    config = the.config
    params: dict[str, list[str]] = {}
    for key, value in request.query_params.multi_items():
        params.setdefault(key, []).append(value)
    if request.method == "POST":
        try:
            body = await the.read_body(request)
        except BodyTooLarge:
            return PlainTextResponse(
                f"request body over the {config.max_body}-byte limit", status_code=413
            )
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media == PROTOCOL_FORM:
            for key, values in parse_qs(body.decode("utf-8", "replace")).items():
                params.setdefault(key, []).extend(values)
        elif media == DIRECT_QUERY:
            params.setdefault("query", []).append(body.decode("utf-8", "replace"))
        elif media == "application/sparql-update":
            return PlainTextResponse("updates are refused: this endpoint is read-only", 400)
        else:
            return PlainTextResponse(
                f"POST a query as {PROTOCOL_FORM} or {DIRECT_QUERY}", status_code=415
            )
    if "update" in params:
        return PlainTextResponse("updates are refused: this endpoint is read-only", 400)
    if "default-graph-uri" in params or "named-graph-uri" in params:
        return PlainTextResponse(
            "default-graph-uri and named-graph-uri are refused: the dataset is the local"
            " graph only",
            400,
        )
    queries = params.get("query", [])
    if len(queries) > 1:
        return PlainTextResponse("give exactly one query parameter", 400)
    if not queries:
        return service_description(request)
    if len(queries[0].encode()) > config.max_body:
        return PlainTextResponse(f"query over the {config.max_body}-byte limit", 413)
    formats = params.get("format") or []
    fmt = formats[0] if formats else None
    accept = request.headers.get("accept")
    job = Job(queries[0], accept, fmt, config.row_cap)
    answer, status, headers, message = await the.run(job, request)
    if answer is None:
        return PlainTextResponse(message, status_code=status, headers=headers)
    if answer.fmt == "html":
        return the.page(
            "results.html",
            answer=answer,
            cells=the.table(answer),
            headers=headers,
            title="Query results",
            query=queries[0],
            links=format_links(queries[0]),
        )
    headers["Vary"] = "Accept"
    return Response(answer.body, 200, headers, media_type=MEDIA_TYPE[answer.fmt])


def service_description(request: Request) -> Response:
    """The SPARQL service description (a request with no query), or the editor for a browser."""
    try:
        fmt = negotiate(
            request.headers.get("accept"),
            {HTML: "html", **offers("turtle", "ntriples")},
            "turtle",
        )
    except NotAcceptable as exc:
        return PlainTextResponse(str(exc), 406)
    if fmt == "html":
        return RedirectResponse("/editor", status_code=303)
    endpoint = str(request.url.replace(query="", fragment=""))
    formats = ", ".join(
        f"<{OTHER_NAMESPACES['formats']}{f}>"
        for f in (
            "SPARQL_Results_JSON",
            "SPARQL_Results_XML",
            "SPARQL_Results_CSV",
            "SPARQL_Results_TSV",
            "Turtle",
            "N-Triples",
            "JSON-LD",
        )
    )
    turtle = (
        f"@prefix sd: <{SD}> .\n"
        f"@prefix void: <{VOID}> .\n"
        f"<{endpoint}> a sd:Service ;\n"
        f"  sd:endpoint <{endpoint}> ;\n"
        "  sd:supportedLanguage sd:SPARQL11Query ;\n"
        f"  sd:resultFormat {formats} ;\n"
        "  sd:defaultDataset [ a sd:Dataset ;\n"
        f"    sd:defaultGraph [ a sd:Graph ; void:triples {len(served(request).site.store)} ] ] .\n"
    )
    if fmt == "ntriples":
        triples = ox.parse(turtle.encode(), format=ox.RdfFormat.TURTLE)
        body = ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES) or b""
        return Response(body, media_type=response_media_type("ntriples"))
    return Response(turtle, media_type=response_media_type("turtle"))


async def home(request: Request) -> Response:
    """The home page: the review, statistics, downloads and saved queries."""
    the = served(request)
    return the.page(
        "home.html",
        title="ADC resistance knowledge graph",
        review=the.site.review(),
        stats=the.site.statistics(),
        downloads=the.site.downloads(),
        queries=list(the.saved.values()),
    )


async def saved_query(request: Request) -> Response:
    """A saved query's page, run with the parameters of the request."""
    the = served(request)
    query: SavedQuery | None = the.saved.get(request.path_params["name"])
    if query is None:
        raise HTTPException(404, f"no saved query '{request.path_params['name']}'")
    values = {p.name: request.query_params.get(p.name, p.default) for p in query.parameters}
    context: dict[str, Any] = {"title": query.title, "saved": query, "values": values}
    try:
        text = bind(query, values)
    except InputError as exc:
        return the.page("saved.html", status=400, error=str(exc), **context)
    return await the.answer_page("saved.html", text, request, context)


async def editor(request: Request) -> Response:
    """The query editor, with the answer of the query it was given."""
    the = served(request)
    text = request.query_params.get("query")
    context: dict[str, Any] = {"title": "SPARQL query editor", "query": text}
    if text is None:
        context["query"] = sparql_prefixes() + "\n" + EDITOR_EXAMPLE
        return the.page("editor.html", **context)
    if len(text.encode()) > the.config.max_body:
        message = f"query over the {the.config.max_body}-byte limit"
        return the.page("editor.html", status=413, error=message, **context)
    return await the.answer_page("editor.html", text, request, context)


async def _entity(request: Request, kind: str) -> Response:
    the = served(request)
    iri = iri_of(kind, request.path_params["local"])
    if not the.site.exists(iri):
        raise HTTPException(404, f"no entity {iri} in the graph")
    try:
        fmt = negotiate(request.headers.get("accept"), ENTITY_TYPES, "html")
    except NotAcceptable as exc:
        return PlainTextResponse(str(exc), 406)
    if fmt != "html":
        return Response(
            the.site.triples(iri, fmt), media_type=MEDIA_TYPE[fmt], headers={"Vary": "Accept"}
        )
    data = the.site.describe(iri)
    return the.page("entity.html", title=data["label"], e=data, headers={"Vary": "Accept"})


async def ontology_entity(request: Request) -> Response:
    """A term of the ontology: its page, or its triples by content negotiation."""
    return await _entity(request, "ontology")


async def resource_entity(request: Request) -> Response:
    """A resource of the graph: its page, or its triples by content negotiation."""
    return await _entity(request, "resource")


async def ontology(request: Request) -> Response:
    """The ontology's overview page."""
    the = served(request)
    return the.page("ontology.html", title="Ontology", onto=the.site.ontology())


async def download(request: Request) -> Response:
    """One file of the release directory."""
    the = served(request)
    name = request.path_params["name"]
    files = {d["name"]: d for d in the.site.downloads()}
    if name not in files:
        raise HTTPException(404, f"no release file '{name}'")
    path: Path = the.config.release_dir / name
    return FileResponse(path, media_type=files[name]["media"], filename=name)


async def error_page(request: Request, exc: Exception) -> Response:
    """An HTTP error as a page, keeping the error's headers."""
    status = getattr(exc, "status_code", 500)
    detail = getattr(exc, "detail", "error")
    response = served(request).page("error.html", status=status, title=f"{status}", message=detail)
    response.headers.update(getattr(exc, "headers", None) or {})
    return response


@asynccontextmanager
async def lifespan(app: Starlette) -> AsyncIterator[None]:
    """The query pool's workers live as long as the app."""
    pool: QueryPool = app.state.pool
    await run_in_threadpool(pool.start)
    try:
        yield
    finally:
        pool.close()


ROUTES = [
    Route("/", home),
    Route("/sparql", sparql, methods=["GET", "POST"]),
    Route("/editor", editor),
    Route("/query/{name}", saved_query),
    Route("/ontology", ontology),
    Route("/ontology/{local:path}", ontology_entity),
    Route("/resource/{local:path}", resource_entity),
    Route("/downloads/{name}", download),
]


def create_app(config: ServeConfig, pool: QueryPool | None = None) -> Starlette:
    """The app over the release in ``config``; the pool's workers start with the app."""
    env = Environment(
        loader=PackageLoader("adckg.serve", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
    )
    env.tests["web_link"] = is_web_link
    state = Served(
        config=config,
        site=Site(config.release_dir, config.queries_dir),
        pool=pool or QueryPool(config),
        saved={q.name: q for q in list_queries(config.queries_dir)},
        env=env,
    )
    app = Starlette(
        routes=ROUTES, lifespan=lifespan, exception_handlers={HTTPException: error_page}
    )
    app.state.served = state
    app.state.pool = state.pool
    app.state.site = state.site
    app.add_middleware(Hardening, max_url=config.max_url)
    return app


READ_LIMIT = 1024 * 1024
"""Bytes of request line and headers uvicorn reads before our own limits answer (414)."""


def server_options(config: ServeConfig) -> dict[str, Any]:
    """Settings of uvicorn for ``config``.

    A request line up to :data:`READ_LIMIT` bytes is read, so one over ``max_url`` gets our
    414 rather than a reset connection.
    """
    return {
        "host": config.host,
        "port": config.port,
        "log_level": "warning",
        "h11_max_incomplete_event_size": max(READ_LIMIT, config.max_url * 2),
    }


def is_web_link(value: object) -> bool:
    """Whether ``value`` may be an href: an http(s) IRI or a path of this site."""
    text = str(value or "")
    return text.startswith(("http://", "https://", "/")) and not text.startswith("//")
