"""Deterministic serialisation and all-or-nothing writing of release files.

The release is written at the speed the graph can be walked, not at the speed of
rdflib's general-purpose writers: blank nodes are labelled from the triples that hold
them only, every term is rendered once, and Turtle reuses rdflib's long-Turtle layout
with an index built in one pass. The bytes are those rdflib's writers give for the same
triples (Turtle apart from its ``@prefix`` lines, which the OWL API requires).
"""

from __future__ import annotations

import gc
import io
import os
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rdflib import RDF, BNode, Graph, Literal
from rdflib.compare import _TripleCanonicalizer
from rdflib.plugins.serializers.longturtle import VERB, LongTurtleSerializer
from rdflib.plugins.serializers.nt import _quoteLiteral
from rdflib.term import Node

from adckg.prefixes import OTHER_NAMESPACES, PREFIX_MAP, new_graph
from adckg.release.jsonld import to_jsonld

Triple = tuple[Any, Any, Any]


def to_bytes(graph: Graph, fmt: str = "turtle") -> bytes:
    """Serialise so that the same triples always give the same bytes."""
    return to_bytes_all(graph, (fmt,))[fmt]


def to_bytes_all(graph: Graph, formats: tuple[str, ...]) -> dict[str, bytes]:
    """Several formats of one graph; blank nodes are labelled and triples sorted only once."""
    out: dict[str, bytes] = {}
    with _bulk():
        if "turtle" in formats:
            out["turtle"] = turtle_bytes(graph)
        if {"ntriples", "rdfxml", "jsonld"} & set(formats):
            labelled = labelled_triples(graph)
            if {"ntriples", "rdfxml"} & set(formats):
                out["ntriples"] = _sorted_ntriples(labelled)
                if "rdfxml" in formats:
                    # pyoxigraph writes triples in the order given: the sorted N-Triples order.
                    out["rdfxml"] = _rdfxml(out["ntriples"])
            if "jsonld" in formats:
                out["jsonld"] = to_jsonld(labelled)
    return {fmt: out[fmt] for fmt in formats}


@contextmanager
def _bulk() -> Iterator[None]:
    """No cyclic garbage collection while millions of short-lived objects are made.

    Writing creates no reference cycles; the collector would only rescan the graph's
    own objects again and again, which costs more than the writing at a million triples.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def canonical_bnode_labels(graph: Graph) -> dict[BNode, BNode]:
    """Each blank node's canonical label (rdflib's RGDA1 hashes, as ``to_canonical_graph``).

    The hashes depend only on the triples that hold a blank node, so only those are
    handed to the canonicaliser: the cost follows the blank nodes, not the graph.
    """
    holding = Graph()
    for triple in graph:
        if isinstance(triple[0], BNode) or isinstance(triple[2], BNode):
            holding.add(triple)
    if not len(holding):
        return {}
    originals = list(holding)  # the same iteration order the canonicaliser walks
    labels: dict[BNode, BNode] = {}
    canonical = _TripleCanonicalizer(holding).canonical_triples()
    for old, new in zip(originals, canonical, strict=True):
        for before, after in zip(old, new, strict=True):
            if isinstance(before, BNode):
                labels[before] = after
    return labels


def labelled_triples(graph: Graph) -> list[Triple]:
    """The graph's triples with blank nodes renamed canonically."""
    labels = canonical_bnode_labels(graph)
    if not labels:
        return list(graph)
    return [
        (
            labels.get(s, s) if isinstance(s, BNode) else s,
            p,
            labels.get(o, o) if isinstance(o, BNode) else o,
        )
        for s, p, o in graph
    ]


def _sorted_ntriples(triples: list[Triple]) -> bytes:
    """The lines rdflib's N-Triples writer gives, each term rendered once, then sorted."""
    rendered: dict[Any, str] = {}

    def term(node: Any) -> str:
        text = rendered.get(node)
        if text is None:
            text = _quoteLiteral(node) if isinstance(node, Literal) else node.n3()
            rendered[node] = text
        return text

    lines = sorted(f"{term(s)} {term(p)} {term(o)} ." for s, p, o in triples)
    if not lines:
        return b"\n"
    return ("\n".join(lines) + "\n").encode("utf-8")


def _rdfxml(ntriples: bytes) -> bytes:
    import pyoxigraph

    triples = pyoxigraph.parse(ntriples, format=pyoxigraph.RdfFormat.N_TRIPLES)
    prefixes = {p: ns for p, ns in PREFIX_MAP.items() if not ns.endswith("_")}
    prefixes["obo"] = OTHER_NAMESPACES["obo"]
    data = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.RDF_XML, prefixes=prefixes)
    assert data is not None  # without an output file, serialize returns the bytes
    return data if data.endswith(b"\n") else data + b"\n"


def turtle_bytes(graph: Graph) -> bytes:
    """Long-form Turtle (rdflib's layout) with ``@prefix`` lines.

    The OWL API (hence Protege) refuses SPARQL-style ``PREFIX`` lines in Turtle.
    """
    writer = _LongTurtle(graph)
    writer.serialize(io.BytesIO(), encoding="utf-8")  # the stream stays empty: see write()
    data = "".join(writer.chunks).encode("utf-8", "replace")
    return data if data.endswith(b"\n") else data + b"\n"


class _LongTurtle(LongTurtleSerializer):
    """rdflib's long-Turtle writer, each name and label computed once, subjects indexed once.

    Only the work is cached: the layout, order and quoting are rdflib's own.
    """

    def __init__(self, store: Graph) -> None:
        self.chunks: list[str] = []
        self._pnames: dict[tuple[Any, bool], str | None] = {}
        self._labels: dict[tuple[Any, bool], str] = {}
        self._by_subject: dict[Any, dict[Any, list[Any]]] = {}
        super().__init__(store)

    def reset(self) -> None:
        super().reset()
        self._pnames = {}
        self._labels = {}

    def write(self, text: str) -> None:
        self.chunks.append(text)

    def startDocument(self) -> None:  # noqa: N802  (rdflib's name)
        self._started = True
        for prefix, uri in sorted(self.namespaces.items()):
            self.write(f"@prefix {prefix}: <{uri}> .\n")

    def preprocess(self) -> None:
        # rdflib's preprocessTriple for every triple, its name look-ups made once per term
        # in the order it first meets them (a generated prefix is numbered in that order).
        references, subjects, keywords = self._references, self._subjects, self.keywords
        by_subject: dict[Any, dict[Any, list[Any]]] = {}
        names: dict[tuple[Any, bool], None] = {}
        for s, p, o in self.store.triples((None, None, None)):
            references[o] += 1
            subjects[s] = True
            predicates = by_subject.get(s)
            if predicates is None:
                predicates = by_subject[s] = {}
            objects = predicates.get(p)
            if objects is None:
                predicates[p] = [o]
            else:
                objects.append(o)
            names[(s, False)] = None
            if p not in keywords:
                names[(p, True)] = None
            if isinstance(o, Literal):
                if o.datatype:
                    names[(o.datatype, False)] = None
            else:
                names[(o, False)] = None
        for node, generate in names:
            self.get_pname(node, generate)
        self._by_subject = by_subject

    def orderSubjects(self) -> list[Any]:  # noqa: N802
        # rdflib sorts (is blank, references, subject) tuples; the same order by key.
        top: list[Any] = []
        for top_class in self.topClasses:
            top.extend(sorted(self.store.subjects(RDF.type, top_class)))
        for member in top:
            self._topLevels[member] = True
        seen = set(top)
        rest = [s for s in self._subjects if s not in seen]
        rest.sort(key=lambda s: (isinstance(s, BNode), self._references[s], str(s)))
        return top + rest

    def sortProperties(self, properties: Mapping[Any, list[Node]]) -> list[Any]:  # noqa: N802
        # rdflib orders literals of different datatypes inconsistently, so its result then
        # depends on the order it is given; start from one fixed order.
        for objects in properties.values():
            objects.sort(key=_fixed_order)
        return super().sortProperties(properties)

    def buildPredicateHash(self, subject: Any) -> dict[Any, list[Any]]:  # noqa: N802
        return {p: list(objects) for p, objects in self._by_subject.get(subject, {}).items()}

    def get_pname(self, uri: Any, gen_prefix: bool = True) -> str | None:
        key = (uri, gen_prefix)
        if key in self._pnames:
            return self._pnames[key]
        name = super().get_pname(uri, gen_prefix)
        self._pnames[key] = name
        return name

    def label(self, node: Any, position: int) -> str:
        key = (node, position == VERB)
        text = self._labels.get(key)
        if text is None:
            text = super().label(node, position)
            self._labels[key] = text
        return text


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


def _fixed_order(term: Any) -> tuple[str, str, str, str]:
    """A total order on terms (kind, datatype, language, text), for a reproducible start."""
    datatype = getattr(term, "datatype", None) or ""
    language = getattr(term, "language", None) or ""
    return (type(term).__name__, str(datatype), language, str(term))
