"""Saved SPARQL queries: their headers, safe parameter binding, and two engines.

A query file is plain SPARQL that any tool can run; a ``# key: value`` header gives
its title, competency question, description, parameters and result columns. A
parameter is bound by a ``VALUES`` clause built from a validated RDF term (never by
pasting user text into the query), placed first in the query's WHERE group, so the
same file without the clause answers for every value. (Inside the group rather than
after the query: Virtuoso refuses a trailing VALUES on a variable the query does not
project.)
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

import pyoxigraph as ox
from rdflib import RDFS, XSD, Literal, URIRef
from rdflib.query import ResultRow

from adckg.errors import InputError
from adckg.formats import BY_NAME
from adckg.prefixes import converter
from adckg.store import guard
from adckg.store.isolation import IsolationError, run_without_network
from adckg.store.results import term_json

T = TypeVar("T")
ENGINES = ("oxigraph", "rdflib")
_PARAM = re.compile(
    r"^\?(?P<name>\w+)\s*=\s*(?P<default>\S+)\s*\((?P<kind>iri|literal)\)\s*(?P<doc>.*)$"
)


@dataclass(frozen=True)
class Parameter:
    """A query parameter: ``# param: ?drug = adckg:T-DXd (iri) the ADC to ask about``."""

    name: str
    default: str
    kind: str
    doc: str


@dataclass(frozen=True)
class SavedQuery:
    """A ``queries/*.rq`` file and its metadata header."""

    name: str
    path: Path
    header: dict[str, str]
    parameters: list[Parameter] = field(default_factory=list)
    text: str = ""

    @property
    def title(self) -> str:
        return self.header.get("title", "")

    @property
    def question(self) -> str:
        return self.header.get("question", "")

    @property
    def columns(self) -> list[str]:
        return [c.strip() for c in self.header.get("columns", "").split(",") if c.strip()]


def read_query(path: Path) -> SavedQuery:
    """Parse the header lines that open a query file."""
    text = path.read_text(encoding="utf-8")
    header: dict[str, str] = {}
    parameters: list[Parameter] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        key, sep, value = line[1:].partition(":")
        if not sep:
            continue
        key, value = key.strip(), value.strip()
        if key == "param":
            match = _PARAM.match(value)
            if not match:
                raise InputError(
                    f"{path}: bad parameter line {value!r};"
                    " write '?name = default (iri|literal) doc'"
                )
            parameters.append(Parameter(**match.groupdict()))
        else:
            header[key] = value
    return SavedQuery(path.stem, path, header, parameters, text)


def list_queries(queries_dir: Path) -> list[SavedQuery]:
    """Every saved query, by name."""
    return [read_query(p) for p in sorted(queries_dir.glob("*.rq"))]


def find_query(queries_dir: Path, name: str) -> SavedQuery:
    """The saved query called ``name``; an unknown name suggests close ones."""
    path = queries_dir / f"{name}.rq"
    if path.is_file():
        return read_query(path)
    known = [p.stem for p in sorted(queries_dir.glob("*.rq"))]
    close = difflib.get_close_matches(name, known, n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else "; `adckg query --list` lists them"
    raise InputError(f"no saved query '{name}'{hint}")


def _term(parameter: Parameter, value: str) -> URIRef | Literal:
    if parameter.kind == "literal":
        return Literal(value)
    if value.startswith("<") and value.endswith(">"):
        iri = value[1:-1]
    elif re.match(r"[A-Za-z][A-Za-z0-9+.\-]*://", value):
        iri = value  # a bare IRI
    else:
        try:
            iri = converter().expand(value, strict=True)
        except Exception:  # curies raises its own error types; all mean "unknown prefix"
            raise InputError(
                f"parameter ?{parameter.name}: '{value}' is not a known CURIE, <IRI> or"
                " http(s) IRI"
                f" (prefixes: {', '.join(sorted(converter().prefix_map))})"
            ) from None
    if re.search(r"[\s<>\"{}|^`\\]", iri):
        raise InputError(f"parameter ?{parameter.name}: '{value}' is not a valid IRI")
    return URIRef(iri)


def bind(saved: SavedQuery, params: dict[str, str]) -> str:
    """The query text with every parameter bound by a VALUES clause opening its WHERE group."""
    known = {p.name: p for p in saved.parameters}
    unknown = sorted(set(params) - set(known))
    if unknown:
        names = ", ".join(sorted(known)) or "none"
        raise InputError(
            f"query '{saved.name}' has no parameter {', '.join(unknown)} (its parameters: {names})"
        )
    if not saved.parameters:
        return saved.text
    names = " ".join(f"?{p.name}" for p in saved.parameters)
    terms = " ".join(_term(p, params.get(p.name, p.default)).n3() for p in saved.parameters)
    at = _where_group(saved)
    values = f"\n  VALUES ({names}) {{ ({terms}) }}"
    return saved.text[:at] + values + saved.text[at:]


def check_iri_parameters(saved: SavedQuery, params: dict[str, str], engine: Engine) -> None:
    """Every IRI parameter given must name something in the graph; suggest close ones."""
    known = {p.name: p for p in saved.parameters}
    for name, value in params.items():
        parameter = known.get(name)
        if parameter is None or parameter.kind != "iri":
            continue
        iri = str(_term(parameter, value))
        if engine.contains(iri):
            continue
        names = engine.names()
        local = iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]
        by_local = {n.rsplit("/", 1)[-1]: n for n in names}
        by_label = {label.lower(): n for n, label in names.items() if label}
        close = difflib.get_close_matches(local, list(by_local), n=3, cutoff=0.6)
        close += difflib.get_close_matches(local.lower(), list(by_label), n=3, cutoff=0.6)
        shown = []
        for match in close:
            iri_found = by_local.get(match) or by_label[match]
            curie = converter().compress(iri_found) or f"<{iri_found}>"
            entry = f"{curie} ({names[iri_found]})" if names[iri_found] else curie
            if entry not in shown:
                shown.append(entry)
        hint = f"; did you mean {', '.join(shown)}?" if shown else ""
        raise InputError(f"parameter ?{name}: {value} names nothing in the graph{hint}")


_COMMENT_LINE = re.compile(r"^[ \t]*#.*$", re.MULTILINE)
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def _where_group(saved: SavedQuery) -> int:
    """The offset just after the ``{`` that opens the query's WHERE group."""
    code = _COMMENT_LINE.sub(lambda m: " " * len(m.group()), saved.text)
    match = _WHERE.search(code)
    if match is None:
        raise InputError(f"{saved.path}: has parameters but no 'WHERE {{' to bind them in")
    return match.end()


_DECIMAL = str(XSD.decimal)


def term_text(value: str, datatype: str | None = None) -> str:
    """A result term as text; decimals in one form (7.0 and 7 are the same number).

    pyoxigraph keeps decimals in canonical form ("7"), rdflib as parsed ("7.0") and
    Virtuoso as "7.0" or "7"; printing each as the shortest exact decimal makes the
    engines' and stores' answers comparable.
    """
    if datatype == _DECIMAL:
        return format(Decimal(value).normalize(), "f")
    return value


def _text(value: Any) -> str:
    """An embedded engine's result term as :func:`term_text`."""
    if value is None:
        return ""
    datatype = getattr(value, "datatype", None)
    text = str(getattr(value, "value", value)) if hasattr(value, "value") else str(value)
    if datatype is not None:
        datatype = str(getattr(datatype, "value", datatype))
    return term_text(text, datatype)


@dataclass
class Result:
    """A query's answer from an embedded engine, in every form a query can take.

    SELECT: ``columns`` and ``rows`` of SPARQL JSON terms (None when unbound); ASK:
    ``boolean``; CONSTRUCT and DESCRIBE: ``triples`` (pyoxigraph triples).
    """

    kind: str
    columns: list[str] = field(default_factory=list)
    rows: list[list[dict[str, str] | None]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[Any] = field(default_factory=list)

    def text_rows(self) -> list[list[str]]:
        """Rows as text, decimals in one form (see :func:`term_text`)."""
        return [
            [term_text(c["value"], c.get("datatype")) if c else "" for c in row]
            for row in self.rows
        ]


def answer_without_network(
    engine: Engine,
    text: str,
    render: Callable[[Result], T],
    source: str = "query",
    prefixes: dict[str, str] | None = None,
) -> T:
    """``render`` of the query's result, the query run in a child process with no network.

    Whatever the text, neither engine can then follow SERVICE (nor rdflib load a FROM
    graph); rdflib's SERVICE and remote-graph loading are switched off besides.
    """
    engine.check(text, source, prefixes)  # a refusal needs no child process

    def work() -> T:
        _disable_rdflib_remote()
        return render(engine.run(text, source, prefixes=prefixes))

    try:
        return run_without_network(work)
    except IsolationError as exc:
        raise InputError(f"{source}: {exc}") from None


def _disable_rdflib_remote() -> None:
    import rdflib.plugins.sparql as rdflib_sparql
    from rdflib.plugins.sparql import evaluate

    def refuse_service(ctx: Any, part: Any) -> Any:
        raise InputError("SERVICE is refused: queries here never reach the network")

    rdflib_sparql.SPARQL_LOAD_GRAPHS = False
    evaluate.evalServiceQuery = refuse_service


def _rdflib_term(term: Any) -> dict[str, str] | None:
    from rdflib import BNode
    from rdflib import Literal as RLiteral

    if term is None:
        return None
    if isinstance(term, RLiteral):
        out = {"type": "literal", "value": str(term)}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype is not None and str(term.datatype) != _STRING:
            out["datatype"] = str(term.datatype)
        return out
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    return {"type": "uri", "value": str(term)}


_STRING = str(XSD.string)


class Engine:
    """A loaded store that answers queries of every form (and SELECT as text rows)."""

    def __init__(self, kind: str, release_file: Path):
        if kind not in ENGINES:
            raise InputError(f"unknown engine '{kind}' (use one of {', '.join(ENGINES)})")
        self.kind = kind
        if kind == "oxigraph":
            self.store = ox.Store()
            self.store.bulk_load(release_file.read_bytes(), format=ox.RdfFormat.TURTLE)
        else:
            from rdflib import Graph

            self.graph = Graph().parse(release_file, format="turtle")

    def contains(self, iri: str) -> bool:
        """Whether ``iri`` is a subject or object of some triple of the graph."""
        if self.kind == "oxigraph":
            named = ox.NamedNode(iri)
            return any(True for _ in self.store.quads_for_pattern(named, None, None)) or any(
                True for _ in self.store.quads_for_pattern(None, None, named)
            )
        ref = URIRef(iri)
        return (ref, None, None) in self.graph or (None, None, ref) in self.graph

    def names(self) -> dict[str, str]:
        """IRIs that are subjects in the graph, with their English (or any) label."""
        found: dict[str, str] = {}
        rows = self.run(
            "SELECT ?s (SAMPLE(?l) AS ?label) WHERE { ?s ?p ?o FILTER(isIRI(?s))"
            f" OPTIONAL {{ ?s <{RDFS.label}> ?l }} }} GROUP BY ?s"
        ).rows
        for subject, label in rows:
            if subject is not None:
                found[subject["value"]] = label["value"] if label else ""
        return found

    def select(
        self, text: str, source: str = "query", line_offset: int = 0
    ) -> tuple[list[str], list[list[str]]]:
        """Run a SELECT query; a syntax error names the line and column of the user's text.

        ``line_offset`` is how many lines were put before the user's text (PREFIX lines).
        """
        result = self.run(text, source, line_offset)
        return result.columns, result.text_rows()

    def run(
        self,
        text: str,
        source: str = "query",
        line_offset: int = 0,
        prefixes: dict[str, str] | None = None,
    ) -> Result:
        """Guard and run any query form; refusals and syntax errors are one-line InputErrors.

        ``prefixes`` are declared for the query unless it declares them itself. This runs in
        the calling process; :func:`answer_without_network` runs it with no network.
        """
        kind = self.check(text, source, prefixes)
        if self.kind == "oxigraph":
            return self._run_oxigraph(text, kind, source, line_offset, prefixes)
        return self._run_rdflib(text, kind, source, line_offset, prefixes)

    @staticmethod
    def check(text: str, source: str = "query", prefixes: dict[str, str] | None = None) -> str:
        """The query's kind once the guard let it through and every prefix is known."""
        try:
            reading = guard.read_query(text)
        except (guard.Refused, guard.BadSyntax) as exc:
            raise InputError(f"{source}: {exc}") from None
        known = set(reading.declared) | set(prefixes or {})
        for prefix, at in reading.used:
            if prefix not in known:
                hint = ", ".join(sorted(prefixes or {})) or "none"
                raise InputError(
                    f"{source}: undefined prefix '{prefix}:' ({guard.line_col(text, at)});"
                    f" declare it with PREFIX {prefix}: <...> (known here: {hint})"
                )
        return reading.kind

    def _run_oxigraph(
        self, text: str, kind: str, source: str, offset: int, prefixes: dict[str, str] | None
    ) -> Result:
        try:
            answer = self.store.query(text, prefixes=prefixes)
        except SyntaxError as exc:
            message = re.sub(
                r"at (\d+):(\d+)",
                lambda m: f"at line {int(m.group(1)) - offset}, column {m.group(2)}",
                guard.short_syntax_error(str(exc)),
            )
            raise InputError(f"{source}: SPARQL syntax {message}") from None
        if isinstance(answer, ox.QueryBoolean):
            return Result(kind, boolean=bool(answer))
        if isinstance(answer, ox.QuerySolutions):
            columns = [v.value for v in answer.variables]
            rows = [
                [term_json(s[c]) if s[c] is not None else None for c in columns] for s in answer
            ]
            return Result(kind, columns=columns, rows=rows)
        return Result(kind, triples=list(answer))

    def _run_rdflib(
        self, text: str, kind: str, source: str, offset: int, prefixes: dict[str, str] | None
    ) -> Result:
        from pyparsing import ParseException

        try:
            answer = self.graph.query(text, initNs=prefixes or {})
        except ParseException as exc:
            raise InputError(
                f"{source}: SPARQL syntax error at line {exc.lineno - offset},"
                f" column {exc.col}: {exc.msg}"
            ) from None
        if answer.type == "ASK":
            return Result(kind, boolean=bool(answer.askAnswer))
        if answer.type in ("CONSTRUCT", "DESCRIBE"):
            return Result(kind, triples=_to_oxigraph(answer.graph))
        columns = [str(v) for v in answer.vars or []]
        rows = [
            [_rdflib_term(row[c]) for c in columns] for row in answer if isinstance(row, ResultRow)
        ]
        return Result(kind, columns=columns, rows=rows)


def _to_oxigraph(graph: Any) -> list[Any]:
    """Rdflib triples as pyoxigraph triples (one serialiser for both engines)."""
    data = graph.serialize(format="nt", encoding="utf-8")
    return list(ox.parse(data, format=ox.RdfFormat.N_TRIPLES))


def sparql_json(result: Result) -> str:
    """SELECT or ASK results as SPARQL 1.1 Query Results JSON (typed terms)."""
    if result.boolean is not None:
        return json.dumps({"head": {}, "boolean": result.boolean}, indent=2)
    bindings = [
        {c: cell for c, cell in zip(result.columns, row, strict=True) if cell is not None}
        for row in result.rows
    ]
    return json.dumps(
        {"head": {"vars": result.columns}, "results": {"bindings": bindings}},
        indent=2,
        ensure_ascii=False,
    )


def graph_text(triples: list[Any], fmt: str, prefixes: dict[str, str]) -> bytes:
    """CONSTRUCT or DESCRIBE triples in an RDF format (Turtle with the project's prefixes)."""
    options: dict[str, Any] = {"format": BY_NAME[fmt].oxigraph}
    if fmt in ("turtle", "rdfxml"):
        text = " ".join(str(t) for t in triples)
        options["prefixes"] = {p: ns for p, ns in prefixes.items() if f"<{ns}" in text}
    return ox.serialize(triples, **options) or b""


def format_rows(columns: list[str], rows: list[list[str]], fmt: str) -> str:
    """Render results as an aligned table, CSV, TSV, JSON or a Markdown table."""
    if fmt == "json":
        return json.dumps([dict(zip(columns, row, strict=True)) for row in rows], indent=2)
    if fmt in ("csv", "tsv"):
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n", delimiter="," if fmt == "csv" else "\t")
        writer.writerow(columns)
        writer.writerows(rows)
        return out.getvalue().rstrip("\n")
    if fmt == "md":
        lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
        lines += ["| " + " | ".join(v.replace("|", "\\|") for v in row) + " |" for row in rows]
        return "\n".join(lines)
    widths = [max([len(c)] + [len(r[i]) for r in rows]) for i, c in enumerate(columns)]
    lines = [" | ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()]
    lines.append("-+-".join("-" * w for w in widths))
    lines.extend(
        " | ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip() for row in rows
    )
    return "\n".join(lines)
