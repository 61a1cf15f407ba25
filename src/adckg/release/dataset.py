"""RDF datasets: one named graph per release part (TriG, N-Quads), and nanopublications.

TriG is assembled from each part's deterministic Turtle, N-Quads from each part's
sorted N-Triples, so both are byte-stable. The nanopublication form gives each
finding its own assertion, provenance and publication-info graphs, the shape that
nanopublication servers and tools expect (without trusty URIs, which would need
signing keys the project does not hold).
"""

from __future__ import annotations

from collections.abc import Mapping

from rdflib import RDF, Graph, Literal, URIRef

from adckg import iris
from adckg.graph.sourcegraph import finding_sources
from adckg.prefixes import ADCKO, DCTERMS, NP, PAV, PROV, new_graph
from adckg.release.serialize import to_bytes


def to_nquads(graphs: Mapping[URIRef, Graph]) -> bytes:
    """Sorted N-Quads of every named graph."""
    lines: list[str] = []
    for name, graph in graphs.items():
        for line in to_bytes(graph, "ntriples").decode("utf-8").splitlines():
            if line.strip():
                lines.append(f"{line[:-1].rstrip()} <{name}> .")
    return ("\n".join(sorted(lines)) + "\n").encode("utf-8")


def to_trig(graphs: Mapping[URIRef, Graph]) -> bytes:
    """TriG with one block per named graph, in name order, prefixes declared once."""
    prefixes: dict[str, str] = {}
    blocks: list[str] = []
    for name in sorted(graphs):
        lines = to_bytes(graphs[name], "turtle").decode("utf-8").splitlines()
        body_start = 0
        for index, line in enumerate(lines):  # the Turtle starts with @prefix lines
            if line.startswith("@prefix "):
                _, prefix, namespace = line.removesuffix(" .").split(" ", 2)
                if prefixes.setdefault(prefix, namespace) != namespace:
                    raise ValueError(f"prefix {prefix} names two namespaces; bind it once")
                body_start = index + 1
            elif line.strip():
                break
        # Not indented: a triple-quoted literal may span lines, and indenting would change it.
        body = "\n".join(lines[body_start:]).strip("\n")
        blocks.append(f"<{name}> {{\n{body}\n}}\n")
    header = "".join(f"PREFIX {p} {ns}\n" for p, ns in sorted(prefixes.items()))
    return (header + "\n" + "\n".join(blocks)).encode("utf-8")


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
