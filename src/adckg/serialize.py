"""Deterministic serialisation and all-or-nothing writing of release files."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from rdflib import Graph
from rdflib.compare import to_canonical_graph

from adckg.prefixes import PREFIX_MAP, new_graph

# rdflib format name, file extension, media type.
FORMATS: dict[str, tuple[str, str, str]] = {
    "turtle": ("longturtle", ".ttl", "text/turtle"),
    "ntriples": ("nt", ".nt", "application/n-triples"),
    "rdfxml": ("xml", ".owl", "application/rdf+xml"),
    "jsonld": ("json-ld", ".jsonld", "application/ld+json"),
}


def to_bytes(graph: Graph, fmt: str = "turtle") -> bytes:
    """Serialise so that the same triples always give the same bytes."""
    rdflib_format = FORMATS[fmt][0]
    if rdflib_format != "longturtle":
        graph = canonical(graph)
    if rdflib_format in ("nt", "xml"):
        lines = graph.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()
        ntriples = ("\n".join(sorted(line for line in lines if line.strip())) + "\n").encode()
        if rdflib_format == "nt":
            return ntriples
        # rdflib's RDF/XML writer follows its store's unordered iteration; pyoxigraph
        # writes triples in the order given, here the sorted N-Triples order.
        return _rdfxml(ntriples)
    if rdflib_format == "json-ld":
        from adckg.jsonld import to_jsonld

        return to_jsonld(graph)
    data = graph.serialize(format=rdflib_format, encoding="utf-8")
    return data if data.endswith(b"\n") else data + b"\n"


def _rdfxml(ntriples: bytes) -> bytes:
    import pyoxigraph

    triples = pyoxigraph.parse(ntriples, format=pyoxigraph.RdfFormat.N_TRIPLES)
    prefixes = {p: ns for p, ns in PREFIX_MAP.items() if not ns.endswith("_")}
    prefixes["obo"] = "http://purl.obolibrary.org/obo/"
    data = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.RDF_XML, prefixes=prefixes)
    return data if data.endswith(b"\n") else data + b"\n"


def canonical(graph: Graph) -> Graph:
    """The graph with blank nodes renamed canonically and triples added in sorted order.

    Blank nodes (OWL restrictions and lists) otherwise get random labels, and rdflib's
    N-Triples, RDF/XML and JSON-LD writers follow the store's insertion order.
    """
    ordered = new_graph()
    for triple in sorted(to_canonical_graph(graph), key=lambda t: tuple(x.n3() for x in t)):
        ordered.add(triple)
    return ordered


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
