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
from rdflib import XSD, BNode, Graph, Literal, URIRef

from adckg.errors import InputError
from adckg.formats import reader_formats
from adckg.prefixes import new_graph

# rdflib logs a traceback for every literal whose lexical form is not of its datatype
# ("abc"^^xsd:integer). Such a literal is not a crash: the shapes report it
# (shapes/literals.ttl), once, as a violation.
logging.getLogger("rdflib.term").setLevel(logging.CRITICAL)

# Our format names, rdflib's (what ``rdflib.util.guess_format`` returns) and a few aliases.
FORMATS: dict[str, ox.RdfFormat] = reader_formats()
_XSD_STRING = str(XSD.string)
_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
MAX_BYTES = 256 * 1024 * 1024  # larger files are refused before they are read
MAX_DEPTH = 256  # nesting of collections, blank nodes, JSON or XML elements
_POSITION = re.compile(r"Parser error (?:at|between) line (\d+)[^:]*:\s*")
_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]+:/")  # also "http:/x": Path() folds "//"


def _oxigraph_format(path: Path, fmt: str) -> ox.RdfFormat:
    try:
        return FORMATS[fmt]
    except KeyError:
        names = ", ".join(sorted(FORMATS))
        raise InputError(f"{path}: unknown RDF format '{fmt}' (known: {names})") from None


def read_local(path: Path, max_bytes: int | None = None) -> bytes:
    """The bytes of a local file of at most ``max_bytes``; a URL is refused, never fetched."""
    max_bytes = MAX_BYTES if max_bytes is None else max_bytes
    if _URL.match(str(path)):
        raise InputError(f"{path}: only local files are read; download it first")
    try:
        size = Path(path).stat().st_size
        if size > max_bytes:
            raise InputError(
                f"{path}: {size:,} bytes, more than the {max_bytes:,} adckg reads; split the file"
            )
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


def _closing(data: bytes, delimiter: bytes, start: int) -> int:
    """Where ``delimiter`` closes a string opened before ``start`` (-1: never)."""
    while True:
        end = data.find(delimiter, start)
        if end < 0:
            return -1
        backslashes = 0
        while end - backslashes - 1 >= start and data[end - backslashes - 1] == 0x5C:
            backslashes += 1
        if backslashes % 2 == 0:
            return end
        start = end + 1


_TURTLE_SPECIAL = re.compile(rb"[\"'<#()\[\]]")
_JSON_SPECIAL = re.compile(rb'["{}\[\]]')
_XML_SPECIAL = re.compile(rb"<")
_XML_TAG = re.compile(rb"""<(?:[^>"']|"[^"]*"|'[^']*')*>""")


def _too_deep_text(data: bytes, max_depth: int, json: bool) -> int | None:
    """Offset where brackets nest deeper than ``max_depth`` (Turtle family or JSON).

    Strings, IRIs and comments are skipped; an unclosed one ends the scan (the parser
    reports it). Linear in the file's size.
    """
    special = _JSON_SPECIAL if json else _TURTLE_SPECIAL
    opening, closing = (b"{[", b"}]") if json else (b"([", b")]")
    depth, position = 0, 0
    while True:
        found = special.search(data, position)
        if found is None:
            return None
        char, at = data[found.start() : found.start() + 1], found.start()
        position = at + 1
        if char in opening:
            depth += 1
            if depth > max_depth:
                return at
        elif char in closing:
            depth = max(0, depth - 1)
        elif char == b"#":
            position = data.find(b"\n", position)
        elif char == b"<":
            position = data.find(b">", position)
        else:  # a string: short, or long with three quotes (Turtle only)
            delimiter = char * 3 if not json and data.startswith(char * 3, at) else char
            end = _closing(data, delimiter, at + len(delimiter))
            position = end + len(delimiter) if end >= 0 else -1
        if position < 0:
            return None


def _xml_scan(data: bytes, max_depth: int) -> tuple[str, int] | None:
    """The first problem of an XML file: a DTD declaration or too deep nesting.

    Comments, CDATA sections and processing instructions are skipped, so a
    ``<!DOCTYPE`` written inside a comment is not mistaken for one.
    """
    depth, position = 0, 0
    while True:
        found = _XML_SPECIAL.search(data, position)
        if found is None:
            return None
        at = found.start()
        for opener, closer in ((b"<!--", b"-->"), (b"<![CDATA[", b"]]>"), (b"<?", b"?>")):
            if data.startswith(opener, at):
                end = data.find(closer, at + len(opener))
                if end < 0:
                    return None
                position = end + len(closer)
                break
        else:
            declaration = _DTD.match(data, at)
            if declaration:
                return declaration.group(1).decode().upper(), at
            tag = _XML_TAG.match(data, at)  # quoted attribute values may hold ">" or "/>"
            if tag is None:
                return None
            if data.startswith(b"</", at):
                depth = max(0, depth - 1)
            elif not tag.group().endswith(b"/>"):
                depth += 1
                if depth > max_depth:
                    return "depth", at
            position = tag.end()


def check_shape(path: Path, fmt: str, data: bytes, max_depth: int | None = None) -> None:
    """Refuse, before parsing, what a parser should never be given.

    A DTD in RDF/XML (it can read other files or the network), and nesting deeper than
    ``max_depth``: a few megabytes of nested collections made the parser allocate
    gigabytes and abort the process.
    """
    max_depth = MAX_DEPTH if max_depth is None else max_depth
    oxformat = _oxigraph_format(path, fmt)
    if oxformat == ox.RdfFormat.RDF_XML:
        problem = _xml_scan(data, max_depth)
        if problem and problem[0] != "depth":
            raise InputError(
                f"{path}: not valid {fmt}: line {_line_of(data, problem[1])}:"
                f" {problem[0]} declarations are refused"
                " (they can read other files or the network); remove them"
            )
        deep = problem[1] if problem else None
    else:
        deep = _too_deep_text(data, max_depth, json=oxformat == ox.RdfFormat.JSON_LD)
    if deep is not None:
        raise InputError(
            f"{path}: not valid {fmt}: line {_line_of(data, deep)}: nested more than"
            f" {max_depth} levels deep; adckg reads no deeper"
        )


def parse_quads(path: Path, fmt: str = "turtle", base_iri: str | None = None) -> Iterator[ox.Quad]:
    """Parse a local RDF file strictly; every error is ``FILE: not valid FMT: line N: why``.

    The whole file is parsed before anything is returned, so a caller never sees half
    a graph. ``base_iri`` defaults to the file's own ``file:`` IRI, as rdflib does.
    Size and nesting are bounded first (``MAX_BYTES``, ``MAX_DEPTH``).
    """
    oxformat = _oxigraph_format(path, fmt)
    data = read_local(path)
    check_shape(path, fmt, data)
    base = base_iri if base_iri is not None else Path(path).resolve().as_uri()
    try:
        quads = list(ox.parse(data, format=oxformat, base_iri=base))
    except (SyntaxError, ValueError) as exc:
        raise InputError(f"{path}: not valid {fmt}: {_reason(exc, data)}") from None
    return iter(quads)


def to_rdflib(
    term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple,
) -> URIRef | BNode | Literal:
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


def parse_rdf_file(path: Path, fmt: str = "turtle") -> Graph:
    """Parse one local RDF file strictly and offline into a graph with our prefixes bound.

    An error names the file and line: ``FILE: not valid FORMAT: line N: reason``.
    """
    return parse_into(new_graph(), path, fmt)
