"""Query result formats and content negotiation.

SELECT and ASK answer in SPARQL JSON, XML, CSV or TSV; CONSTRUCT and DESCRIBE in Turtle,
N-Triples or JSON-LD; ``text/html`` asks for the rows as a table for the pages. SELECT
results are written here rather than by pyoxigraph because the row cap cuts them first.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox
from rdflib import XSD

from adckg.formats import (
    BY_NAME,
    HTML,
    RESULT_ACCEPT,
    RESULT_MEDIA_TYPES,
    offers,
    response_media_type,
)
from adckg.prefixes import OTHER_NAMESPACES

# Content negotiation: media type -> format name, in order of preference on a tie.
SOLUTION_TYPES = {**RESULT_ACCEPT, HTML: "html"}
SERVED_GRAPH_FORMATS = ("turtle", "ntriples", "jsonld")
GRAPH_TYPES = {**offers(*SERVED_GRAPH_FORMATS), HTML: "html"}
MEDIA_TYPE = {
    name: response_media_type(name) for name in (*RESULT_MEDIA_TYPES, *SERVED_GRAPH_FORMATS, "html")
}
RDF_FORMAT = {name: BY_NAME[name].oxigraph for name in SERVED_GRAPH_FORMATS}
XSD_STRING = str(XSD.string)
RESULTS_XML = f'<?xml version="1.0"?>\n<sparql xmlns="{OTHER_NAMESPACES["sparql-results"]}">'


class NotAcceptable(Exception):
    """No format the client accepts fits the query's kind (a 406 response)."""


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """Media ranges of an Accept header, best first (an absent header accepts anything)."""
    ranges: list[tuple[str, float, int]] = []
    for position, part in enumerate((header or "*/*").split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if media:
            ranges.append((media.lower(), quality, position))
    ranges.sort(key=lambda r: (-r[1], r[2]))
    return [(media, quality) for media, quality, _ in ranges if quality > 0]


def negotiate(accept: str | None, offered: dict[str, str], default: str) -> str:
    """The short name of the best offered format for ``accept`` (the first wins a tie)."""
    for media, _ in parse_accept(accept):
        if media in offered:
            return offered[media]
        if media == "*/*":
            return default
        if media.endswith("/*"):
            family = media[:-1]
            for candidate, name in offered.items():
                if candidate.startswith(family) and name != "html":
                    return name
    raise NotAcceptable(
        f"none of the accepted types ({accept}) fits; offered: {', '.join(sorted(offered))}"
    )


def choose_format(kind: str, accept: str | None, requested: str | None) -> str:
    """Format for a query of ``kind``: an explicit ``format`` parameter wins over Accept."""
    offered = GRAPH_TYPES if kind in ("construct", "describe") else SOLUTION_TYPES
    if requested:
        names = set(offered.values())
        if requested not in names:
            raise NotAcceptable(
                f"format '{requested}' does not fit a {kind.upper()} query"
                f" (use one of {', '.join(sorted(names))})"
            )
        return requested
    default = "turtle" if kind in ("construct", "describe") else "json"
    return negotiate(accept, offered, default)


@dataclass
class Answer:
    """A finished query: the body to send, or (format html) the cells for a page table."""

    fmt: str
    body: bytes = b""
    truncated: bool = False
    count: int = 0
    columns: list[str] = field(default_factory=list)
    rows: list[list[dict[str, str] | None]] = field(default_factory=list)
    boolean: bool | None = None


def term_json(term: Any) -> dict[str, str]:
    """A term as SPARQL 1.1 JSON results write it."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": str(term)}


def _xml_term(cell: dict[str, str]) -> str:
    value = escape(cell["value"])
    if cell["type"] == "uri":
        return f"<uri>{value}</uri>"
    if cell["type"] == "bnode":
        return f"<bnode>{value}</bnode>"
    attrs = ""
    if "xml:lang" in cell:
        attrs = f" xml:lang={quoteattr(cell['xml:lang'])}"
    elif "datatype" in cell:
        attrs = f" datatype={quoteattr(cell['datatype'])}"
    return f"<literal{attrs}>{value}</literal>"


def write_solutions(fmt: str, columns: list[str], rows: list[list[Any]], truncated: bool) -> Answer:
    """SELECT rows (pyoxigraph terms or None) in ``fmt``."""
    cells = [[term_json(t) if t is not None else None for t in row] for row in rows]
    answer = Answer(fmt, truncated=truncated, count=len(rows), columns=columns)
    if fmt == "html":
        answer.rows = cells
    elif fmt == "json":
        bindings = [
            {c: cell for c, cell in zip(columns, row, strict=True) if cell is not None}
            for row in cells
        ]
        answer.body = json.dumps(
            {"head": {"vars": columns}, "results": {"bindings": bindings}}, ensure_ascii=False
        ).encode()
    elif fmt == "xml":
        out = [RESULTS_XML]
        out.append("<head>" + "".join(f"<variable name={quoteattr(c)}/>" for c in columns))
        out.append("</head>\n<results>")
        for row in cells:
            bound = [
                f"<binding name={quoteattr(c)}>{_xml_term(cell)}</binding>"
                for c, cell in zip(columns, row, strict=True)
                if cell is not None
            ]
            out.append("<result>" + "".join(bound) + "</result>")
        out.append("</results>\n</sparql>\n")
        answer.body = "\n".join(out).encode()
    elif fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(columns)
        writer.writerows([[cell["value"] if cell else "" for cell in row] for row in cells])
        answer.body = buffer.getvalue().encode()
    elif fmt == "tsv":
        lines = ["\t".join(f"?{c}" for c in columns)]
        lines += ["\t".join(str(t) if t is not None else "" for t in row) for row in rows]
        answer.body = ("\n".join(lines) + "\n").encode()
    else:
        raise NotAcceptable(f"format '{fmt}' does not fit a SELECT query")
    return answer


def write_boolean(fmt: str, value: bool) -> Answer:
    """An ASK answer in ``fmt`` (html: the page shows ``boolean``)."""
    answer = Answer(fmt, boolean=value, count=1)
    text = "true" if value else "false"
    if fmt == "json":
        answer.body = json.dumps({"head": {}, "boolean": value}).encode()
    elif fmt == "xml":
        answer.body = (f"{RESULTS_XML}<head/><boolean>{text}</boolean></sparql>\n").encode()
    elif fmt == "csv":
        answer.body = f"_askResult\r\n{text}\r\n".encode()
    elif fmt == "tsv":
        answer.body = f"?_askResult\n{text}\n".encode()
    return answer


def write_triples(
    fmt: str, triples: list[Any], truncated: bool, prefixes: dict[str, str]
) -> Answer:
    """CONSTRUCT or DESCRIBE triples in ``fmt`` (html: subject, predicate, object rows)."""
    answer = Answer(fmt, truncated=truncated, count=len(triples))
    if fmt == "html":
        answer.columns = ["subject", "predicate", "object"]
        answer.rows = [
            [term_json(t.subject), term_json(t.predicate), term_json(t.object)] for t in triples
        ]
        return answer
    options: dict[str, Any] = {"format": RDF_FORMAT[fmt]}
    if fmt == "turtle":
        options["prefixes"] = prefixes
    answer.body = ox.serialize(triples, **options) or b""
    return answer
