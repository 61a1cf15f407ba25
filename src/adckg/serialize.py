"""Deterministic serialisation and all-or-nothing writing of release files."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from rdflib import BNode, Graph
from rdflib.compare import to_canonical_graph

from adckg.prefixes import PREFIX_MAP, new_graph

_SPARQL_PREFIX = re.compile(rb"^PREFIX (\S*:) (<[^>\s]*>)$", re.MULTILINE)
# rdflib format name, file extension, media type.
FORMATS: dict[str, tuple[str, str, str]] = {
    "turtle": ("longturtle", ".ttl", "text/turtle"),
    "ntriples": ("nt", ".nt", "application/n-triples"),
    "rdfxml": ("xml", ".owl", "application/rdf+xml"),
    "jsonld": ("json-ld", ".jsonld", "application/ld+json"),
}


def to_bytes(graph: Graph, fmt: str = "turtle") -> bytes:
    """Serialise so that the same triples always give the same bytes."""
    return to_bytes_all(graph, (fmt,))[fmt]


def to_bytes_all(graph: Graph, formats: tuple[str, ...]) -> dict[str, bytes]:
    """Several formats of one graph; blank nodes are labelled and triples sorted only once."""
    out: dict[str, bytes] = {}
    if "turtle" in formats:
        data = graph.serialize(format=FORMATS["turtle"][0], encoding="utf-8")
        # rdflib's longturtle writes SPARQL-style PREFIX lines, which the OWL API (Protege's
        # parser) refuses; the Turtle 1.0 @prefix form is read by every Turtle parser.
        head, blank, body = data.partition(b"\n\n")
        data = _SPARQL_PREFIX.sub(rb"@prefix \1 \2 .", head) + blank + body
        out["turtle"] = data if data.endswith(b"\n") else data + b"\n"
    if {"ntriples", "rdfxml", "jsonld"} & set(formats):
        labelled = _canonical_labels(graph)
        if {"ntriples", "rdfxml"} & set(formats):
            out["ntriples"] = _sorted_ntriples(labelled)
            if "rdfxml" in formats:
                # rdflib's RDF/XML writer follows its store's unordered iteration; pyoxigraph
                # writes triples in the order given, here the sorted N-Triples order.
                out["rdfxml"] = _rdfxml(out["ntriples"])
        if "jsonld" in formats:
            from adckg.jsonld import to_jsonld

            out["jsonld"] = to_jsonld(labelled)
    return {fmt: out[fmt] for fmt in formats}


def _canonical_labels(graph: Graph) -> Graph:
    """The graph with blank nodes renamed canonically (only if it has any: that is costly)."""
    if any(isinstance(term, BNode) for triple in graph for term in triple):
        return to_canonical_graph(graph)
    return graph


def sorted_ntriples(graph: Graph) -> bytes:
    """N-Triples, one line per triple in code-point order, blank nodes labelled canonically."""
    return _sorted_ntriples(_canonical_labels(graph))


def _sorted_ntriples(labelled: Graph) -> bytes:
    text = labelled.serialize(format="nt", encoding="utf-8").decode("utf-8")
    return ("\n".join(sorted(line for line in text.splitlines() if line.strip())) + "\n").encode()


def _rdfxml(ntriples: bytes) -> bytes:
    import pyoxigraph

    triples = pyoxigraph.parse(ntriples, format=pyoxigraph.RdfFormat.N_TRIPLES)
    prefixes = {p: ns for p, ns in PREFIX_MAP.items() if not ns.endswith("_")}
    prefixes["obo"] = "http://purl.obolibrary.org/obo/"
    data = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.RDF_XML, prefixes=prefixes)
    return data if data.endswith(b"\n") else data + b"\n"


def merge(*graphs: Graph) -> Graph:
    """One graph holding the triples of all, with the project's prefixes."""
    merged = new_graph()
    for graph in graphs:
        for triple in graph:
            merged.add(triple)
    return merged


def write_atomically(files: dict[Path, bytes]) -> list[Path]:
    """Write every file via a temporary sibling and rename; return the files that changed.

    All content is ready before the first rename, so a failure while computing it
    leaves every previous file untouched.
    """
    changed: list[Path] = []
    for path, data in sorted(files.items()):
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() and path.read_bytes() == data:
            continue
        handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.chmod(tmp, 0o644)  # release files are for everyone to read
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        changed.append(path)
    return changed
