"""The registered sources as the graph records them, for the exports that cite them.

Exports (VoID, KGX, nanopublications) name the sources a fact comes from; they read
them from the graph (a source is the publication its SourceText is derived from),
so no export names a particular source.
"""

from __future__ import annotations

from rdflib import RDF, Graph, URIRef

from adckg.prefixes import ADCKO, BIBO, PROV


def source_publications(graph: Graph) -> list[URIRef]:
    """The publications whose text the curation quotes, sorted by IRI."""
    found = {
        pub
        for text in graph.subjects(RDF.type, ADCKO.SourceText)
        for pub in graph.objects(text, PROV.wasDerivedFrom)
        if isinstance(pub, URIRef)
    }
    return sorted(found)


def finding_sources(graph: Graph, finding: URIRef) -> list[URIRef]:
    """The sources a finding is derived from (publications, not its quotes)."""
    sources = set(source_publications(graph))
    return sorted(
        s
        for s in graph.objects(finding, PROV.wasDerivedFrom)
        if isinstance(s, URIRef) and s in sources
    )


def doi_of(graph: Graph, publication: URIRef) -> str | None:
    """The bare DOI of a publication, if it has one."""
    value = graph.value(publication, BIBO.doi)
    return str(value) if value is not None else None
