"""RDF datasets: one named graph per release part (TriG, N-Quads), and nanopublications.

TriG and N-Quads are written by pyoxigraph's serializer from each part's canonical
N-Triples (blank nodes labelled by content, triples sorted), so both are byte-stable.
The nanopublication form gives each finding its own assertion, provenance and
publication-info graphs, the shape that nanopublication servers and tools expect
(without trusty URIs, which would need signing keys the project does not hold).
"""

from __future__ import annotations

from collections.abc import Mapping

import pyoxigraph as ox
from rdflib import RDF, Graph, Literal, URIRef

from adckg import iris
from adckg.graph.sourcegraph import finding_sources
from adckg.prefixes import ADCKO, DCTERMS, NP, PAV, PREFIX_MAP, PROV, new_graph
from adckg.release.serialize import to_bytes


def _quads(ntriples_by_graph: Mapping[URIRef, bytes]) -> tuple[list[ox.Quad], str]:
    """Every triple of every graph as a quad, graphs in name order, triples in file order.

    Each graph comes as its canonical N-Triples (blank nodes labelled by content, lines
    sorted: what the release writes for each part), so the quads and their order depend on
    the triples alone, and no graph is serialised a second time.
    """
    quads: list[ox.Quad] = []
    texts: list[str] = []
    for name in sorted(ntriples_by_graph):
        ntriples = ntriples_by_graph[name]
        texts.append(ntriples.decode("utf-8"))
        graph_name = ox.NamedNode(str(name))
        for triple in ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES):
            quads.append(ox.Quad(triple.subject, triple.predicate, triple.object, graph_name))
    return quads, "".join(texts)


def canonical_ntriples(graphs: Mapping[URIRef, Graph]) -> dict[URIRef, bytes]:
    """Each named graph as canonical N-Triples, the input of the dataset writers."""
    return {name: to_bytes(graph, "ntriples") for name, graph in graphs.items()}


def to_nquads(ntriples_by_graph: Mapping[URIRef, bytes]) -> bytes:
    """N-Quads of every named graph, written by pyoxigraph, lines in code-point order."""
    quads, _ = _quads(ntriples_by_graph)
    lines = (ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b"").decode("utf-8")
    return ("\n".join(sorted(lines.splitlines())) + "\n").encode("utf-8")


def to_trig(ntriples_by_graph: Mapping[URIRef, bytes]) -> bytes:
    """TriG written by pyoxigraph: one block per named graph, in name order.

    pyoxigraph writes the ``@prefix`` lines in an order of its own; they are sorted here,
    and only the prefixes the data uses are declared, so the bytes depend on the triples.
    """
    quads, text = _quads(ntriples_by_graph)
    used = {p: ns for p, ns in PREFIX_MAP.items() if f"<{ns}" in text}
    data = (ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=used) or b"").decode("utf-8")
    lines = data.splitlines()
    header = sorted(line for line in lines[: len(used)] if line.startswith("@prefix "))
    if len(header) != len(used):  # pragma: no cover - a pyoxigraph layout change
        raise RuntimeError("pyoxigraph's TriG no longer starts with one @prefix line per prefix")
    return ("\n".join(header + lines[len(used) :]) + "\n").encode("utf-8")


def _belongs_to(subject: URIRef, finding: URIRef) -> bool:
    text, stem = str(subject), str(finding)
    return text == stem or text.startswith(stem + ".")


def _is_quote_node(subject: URIRef, finding: URIRef) -> bool:
    return str(subject).startswith(str(finding) + ".q")


def nanopublications(assertions: Graph, version: str, issued: Literal) -> dict[URIRef, Graph]:
    """Four named graphs per finding: head, assertion, provenance, publication info.

    The assertion holds the finding and its measurements and evidence nodes; the
    provenance holds the verbatim quotes it rests on and the sources it comes from.
    """
    graphs: dict[URIRef, Graph] = {}
    findings = sorted(
        s for s in assertions.subjects(RDF.type, ADCKO.Finding) if isinstance(s, URIRef)
    )
    by_finding: dict[URIRef, list[URIRef]] = {f: [] for f in findings}
    finding_set = set(findings)
    for subject in set(assertions.subjects()):
        if not isinstance(subject, URIRef):
            continue
        local = iris.local_name(str(subject))
        if local is None:
            continue
        stem = iris.record(local.split(".", 1)[0])
        if stem in finding_set and _belongs_to(subject, stem):
            by_finding[stem].append(subject)
    for finding in findings:
        np_iri = iris.nanopublication(str(finding)[len(iris.RESOURCE_NAMESPACE) :])
        head, assertion, provenance, pubinfo = (
            iris.nanopublication_graph(np_iri, name)
            for name in ("Head", "assertion", "provenance", "pubinfo")
        )
        g_head, g_assertion, g_provenance, g_pubinfo = (new_graph() for _ in range(4))
        g_head.add((np_iri, RDF.type, NP.Nanopublication))
        g_head.add((np_iri, NP.hasAssertion, assertion))
        g_head.add((np_iri, NP.hasProvenance, provenance))
        g_head.add((np_iri, NP.hasPublicationInfo, pubinfo))
        for subject in by_finding[finding]:
            target = g_provenance if _is_quote_node(subject, finding) else g_assertion
            for triple in assertions.triples((subject, None, None)):
                target.add(triple)
        for source in finding_sources(assertions, finding):
            g_provenance.add((assertion, PROV.wasDerivedFrom, source))
        for quote in assertions.objects(finding, ADCKO.hasQuote):
            g_provenance.add((assertion, PROV.wasDerivedFrom, quote))
        g_pubinfo.add((np_iri, DCTERMS.license, iris.LICENSE_IRI))
        g_pubinfo.add((np_iri, DCTERMS.created, issued))
        g_pubinfo.add((np_iri, DCTERMS.creator, Literal("The ADC Resistance KG contributors")))
        g_pubinfo.add((np_iri, PAV.version, Literal(version)))
        g_pubinfo.add((np_iri, DCTERMS.isPartOf, iris.DATASET))
        graphs.update({head: g_head, assertion: g_assertion, provenance: g_provenance})
        graphs[pubinfo] = g_pubinfo
    return graphs
