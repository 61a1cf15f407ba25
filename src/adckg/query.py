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
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from rdflib import Literal, URIRef

from adckg.errors import InputError
from adckg.prefixes import CONVERTER

ENGINES = ("oxigraph", "rdflib")
FORMATS = ("table", "csv", "tsv", "json", "md")
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
    else:
        try:
            iri = CONVERTER.expand(value, strict=True)
        except Exception:  # curies raises its own error types; all mean "unknown prefix"
            raise InputError(
                f"parameter ?{parameter.name}: '{value}' is not a known CURIE or <IRI>"
                f" (prefixes: {', '.join(sorted(CONVERTER.prefix_map))})"
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


_COMMENT_LINE = re.compile(r"^[ \t]*#.*$", re.MULTILINE)
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def _where_group(saved: SavedQuery) -> int:
    """The offset just after the ``{`` that opens the query's WHERE group."""
    code = _COMMENT_LINE.sub(lambda m: " " * len(m.group()), saved.text)
    match = _WHERE.search(code)
    if match is None:
        raise InputError(f"{saved.path}: has parameters but no 'WHERE {{' to bind them in")
    return match.end()


_DECIMAL = "http://www.w3.org/2001/XMLSchema#decimal"


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


class Engine:
    """A loaded store that answers SELECT queries as columns and rows of text."""

    def __init__(self, kind: str, release_file: Path):
        if kind not in ENGINES:
            raise InputError(f"unknown engine '{kind}' (use one of {', '.join(ENGINES)})")
        self.kind = kind
        if kind == "oxigraph":
            import pyoxigraph

            self.store = pyoxigraph.Store()
            self.store.bulk_load(release_file.read_bytes(), format=pyoxigraph.RdfFormat.TURTLE)
        else:
            from rdflib import Graph

            self.graph = Graph().parse(release_file, format="turtle")

    def select(
        self, text: str, source: str = "query", line_offset: int = 0
    ) -> tuple[list[str], list[list[str]]]:
        """Run a SELECT query; a syntax error names the line and column of the user's text.

        ``line_offset`` is how many lines were put before the user's text (PREFIX lines).
        """
        if self.kind == "oxigraph":
            try:
                solutions = self.store.query(text)
            except SyntaxError as exc:
                message = re.sub(
                    r"at (\d+):(\d+)",
                    lambda m: f"at line {int(m.group(1)) - line_offset}, column {m.group(2)}",
                    str(exc),
                )
                raise InputError(f"{source}: SPARQL syntax {message}") from None
            columns = [v.value for v in solutions.variables]
            rows = [[_text(solution[c]) for c in columns] for solution in solutions]
            return columns, rows
        from pyparsing import ParseException

        try:
            result = self.graph.query(text)
        except ParseException as exc:
            raise InputError(
                f"{source}: SPARQL syntax error at line {exc.lineno - line_offset},"
                f" column {exc.col}: {exc.msg}"
            ) from None
        columns = [str(v) for v in result.vars or []]
        rows = [[_text(row[c]) for c in columns] for row in result]
        return columns, rows


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
