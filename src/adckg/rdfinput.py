"""Strict, offline parsing of RDF files that come from outside the build.

Every file that ``adckg validate FILE`` or ``adckg load`` reads goes through here.
The parsers are pyoxigraph's, which reject everything the W3C Turtle and N-Triples
negative-syntax suites list (rdflib accepts some of those; ``tests/test_rdfinput.py``
measures both). Nothing is ever fetched: the file is read from the local disk only
(never a URL), an RDF/XML file with a DOCTYPE or ENTITY declaration is refused before
parsing, a JSON-LD remote ``@context`` is an error (pyoxigraph loads no remote
documents), and ``owl:imports`` is kept as an ordinary triple, never followed.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from adckg.errors import InputError

# rdflib logs a traceback for every literal whose lexical form is not of its datatype
# ("abc"^^xsd:integer). Such a literal is not a crash: the shapes report it
# (shapes/literals.ttl), once, as a violation.
logging.getLogger("rdflib.term").setLevel(logging.CRITICAL)

# rdflib's format names (what ``rdflib.util.guess_format`` returns), and a few aliases.
FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nt11": ox.RdfFormat.N_TRIPLES,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "xml": ox.RdfFormat.RDF_XML,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "json-ld": ox.RdfFormat.JSON_LD,
    "jsonld": ox.RdfFormat.JSON_LD,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
}
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_POSITION = re.compile(r"Parser error (?:at|between) line (\d+)[^:]*:\s*")
_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]+:/")  # also "http:/x": Path() folds "//"


def _oxigraph_format(path: Path, fmt: str) -> ox.RdfFormat:
    try:
        return FORMATS[fmt]
    except KeyError:
        names = ", ".join(sorted(FORMATS))
        raise InputError(f"{path}: unknown RDF format '{fmt}' (known: {names})") from None


def read_local(path: Path) -> bytes:
    """The bytes of a local file; a URL is refused rather than fetched."""
    if _URL.match(str(path)):
        raise InputError(f"{path}: only local files are read; download it first")
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder, not an RDF file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror})") from None


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _reason(exc: Exception, data: bytes) -> str:
    """``line N: reason`` from a pyoxigraph error, without its own position prefix."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    line = getattr(exc, "lineno", None)
    if "LoadDocumentCallback" in text:
        text = "a remote @context is never fetched; put the context in the file"
    match = _POSITION.match(text)
    if match:
        line = line or int(match.group(1))
        text = text[match.end() :]
    if not line:
        line = _line_of(data, len(data))  # no position given: the error is at the end
    return f"line {line}: {text or 'syntax error'}"


def parse_quads(path: Path, fmt: str = "turtle", base_iri: str | None = None) -> Iterator[ox.Quad]:
    """Parse a local RDF file strictly; every error is ``FILE: not valid FMT: line N: why``.

    The whole file is parsed before anything is returned, so a caller never sees half
    a graph. ``base_iri`` defaults to the file's own ``file:`` IRI, as rdflib does.
    """
    oxformat = _oxigraph_format(path, fmt)
    data = read_local(path)
    if oxformat == ox.RdfFormat.RDF_XML:
        found = _DTD.search(data)
        if found:
            raise InputError(
                f"{path}: not valid {fmt}: line {_line_of(data, found.start())}:"
                f" {found.group(1).decode().upper()} declarations are refused"
                " (they can read other files or the network); remove them"
            )
    base = base_iri if base_iri is not None else Path(path).resolve().as_uri()
    try:
        quads = list(ox.parse(data, format=oxformat, base_iri=base))
    except (SyntaxError, ValueError) as exc:
        raise InputError(f"{path}: not valid {fmt}: {_reason(exc, data)}") from None
    return iter(quads)


def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> URIRef | BNode | Literal:
    """An rdflib term equal to a pyoxigraph term (a simple literal has no datatype)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise InputError(f"RDF-star triple terms are not supported: {term}")


def parse_into(graph: Graph, path: Path, fmt: str = "turtle") -> Graph:
    """Add the triples of a local RDF file to ``graph`` (named graphs are merged)."""
    for quad in parse_quads(path, fmt):
        graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    return graph
