"""A Biolink Model / KGX export: nodes and edges as TSV, for KGX-based pipelines.

Only what Biolink can say without loss goes here: typed nodes, the structural edges
(ADC parts, gene products, targets, trial designs) and one edge per finding that
states resistance or sensitivity, carrying the finding's IRI, its CIViC level,
quote and references. The RDF release stays the complete record. Every Biolink
class and predicate used was checked against the Biolink Model's own schema (see
the README).
"""

from __future__ import annotations

import csv
import io

from rdflib import RDF, RDFS, Graph, URIRef

from adckg.external import converter as external_converter
from adckg.prefixes import ADCKG, ADCKO, CITO, OA, SKOS
from adckg.sourcegraph import doi_of, finding_sources, source_publications

BIOLINK_VERSION = "4.2.2"  # the schema the terms below were checked against
# Our class -> Biolink category; an entity takes the first of its classes found here.
CATEGORIES: tuple[tuple[URIRef, str], ...] = (
    (ADCKO.AntibodyDrugConjugate, "biolink:Drug"),
    (ADCKO.MonoclonalAntibody, "biolink:Drug"),
    (ADCKO.SmallMoleculeDrug, "biolink:Drug"),
    (ADCKO.Payload, "biolink:SmallMolecule"),
    (ADCKO.Gene, "biolink:Gene"),
    (ADCKO.Protein, "biolink:Protein"),
    (ADCKO.Pathway, "biolink:Pathway"),
    (ADCKO.DrugResponseMechanism, "biolink:BiologicalProcess"),
    # Only alterations of the sequence are Biolink sequence variants; changes of expression
    # or activity have no Biolink class and stay in the RDF release.
    (ADCKO.Mutation, "biolink:SequenceVariant"),
    (ADCKO.LossOfFunction, "biolink:SequenceVariant"),
    (ADCKO.HemizygousDeletion, "biolink:SequenceVariant"),
    (ADCKO.PatientPopulation, "biolink:Cohort"),
    (ADCKO.ClinicalTrial, "biolink:ClinicalTrial"),
)
# (our property, Biolink predicate): structural edges copied as they are.
STRUCTURAL: tuple[tuple[URIRef, str], ...] = (
    (ADCKO.hasAntibody, "biolink:has_part"),
    (ADCKO.hasPayload, "biolink:has_active_ingredient"),
    (ADCKO.encodedBy, "biolink:gene_product_of"),
    (ADCKO.hasTarget, "biolink:directly_physically_interacts_with"),
    (ADCKO.alterationOf, "biolink:is_sequence_variant_of"),
    (ADCKO.testsDrug, "biolink:related_to"),
    (ADCKO.studiesPopulation, "biolink:related_to"),
)
DIRECTION_PREDICATES = {
    ADCKO.ConfersResistance: "biolink:associated_with_resistance_to",
    ADCKO.ConfersSensitivity: "biolink:associated_with_sensitivity_to",
}
NODE_COLUMNS = ("id", "category", "name", "description", "xref", "provided_by")
EDGE_COLUMNS = (
    "id",
    "subject",
    "predicate",
    "object",
    "knowledge_level",
    "agent_type",
    "primary_knowledge_source",
    "publications",
    "adckg_evidence_level",
    "adckg_certainty",
    "supporting_text",
)
SOURCE = (
    "infores:adckg"  # our own; not (yet) registered in the Biolink information-resource registry
)
OBO_DEFINITION = URIRef("http://purl.obolibrary.org/obo/IAO_0000115")


def _curie(iri: URIRef) -> str:
    text = str(iri)
    if text.startswith(str(ADCKG)):
        return "adckg:" + text[len(str(ADCKG)) :]
    compressed = external_converter().compress(text)
    return compressed or text


def _tsv(columns: tuple[str, ...], rows: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, columns, delimiter="\t", lineterminator="\n")
    writer.writeheader()
    for row in sorted(rows, key=lambda r: tuple(r[c] for c in columns)):
        writer.writerow({c: " ".join(row[c].split()) for c in columns})
    return buffer.getvalue().encode("utf-8")


def category_of(graph: Graph, node: URIRef) -> str | None:
    """The Biolink category of an entity, or None when Biolink has no fitting class."""
    types = set(graph.objects(node, RDF.type))
    for cls, category in CATEGORIES:
        if cls in types:
            return category
    return None


def kgx_nodes(graph: Graph) -> dict[URIRef, dict[str, str]]:
    """One KGX node per entity that has a Biolink category, with its exact-match xrefs."""
    nodes: dict[URIRef, dict[str, str]] = {}
    for node in sorted(set(graph.subjects(RDF.type, None))):
        if not isinstance(node, URIRef) or not str(node).startswith(str(ADCKG)):
            continue
        category = category_of(graph, node)
        if category is None:
            continue
        xrefs = sorted(
            _curie(o)
            for p in (SKOS.exactMatch,)
            for o in graph.objects(node, p)
            if isinstance(o, URIRef)
        )
        nodes[node] = {
            "id": _curie(node),
            "category": category,
            "name": str(graph.value(node, RDFS.label) or ""),
            "description": str(graph.value(node, OBO_DEFINITION) or ""),
            "xref": "|".join(xrefs),
            "provided_by": SOURCE,
        }
    return nodes


def kgx_edges(graph: Graph, nodes: dict[URIRef, dict[str, str]]) -> list[dict[str, str]]:
    """Structural edges, and one edge per (factor, drug) of each directional finding."""
    edges: list[dict[str, str]] = []
    every_source = _publications(graph, source_publications(graph))

    def edge(subject: URIRef, predicate: str, obj: URIRef, **extra: str) -> None:
        key = f"{_curie(subject)}|{predicate}|{_curie(obj)}|{extra.get('id', '')}"
        edges.append(
            {
                "id": extra.get("id") or "adckg-edge:" + key,
                "subject": _curie(subject),
                "predicate": predicate,
                "object": _curie(obj),
                "knowledge_level": extra.get("knowledge_level", "knowledge_assertion"),
                "agent_type": "manual_agent",
                "primary_knowledge_source": SOURCE,
                "publications": extra.get("publications", every_source),
                "adckg_evidence_level": extra.get("level", ""),
                "adckg_certainty": extra.get("certainty", ""),
                "supporting_text": extra.get("text", ""),
            }
        )

    for prop, predicate in STRUCTURAL:
        for s, o in graph.subject_objects(prop):
            if s in nodes and o in nodes:
                edge(s, predicate, o)
    for finding, direction in graph.subject_objects(ADCKO.hasDirection):
        predicate = DIRECTION_PREDICATES.get(direction)
        if predicate is None or not isinstance(finding, URIRef):
            continue
        drugs = [d for d in graph.objects(finding, ADCKO.concernsDrug) if d in nodes]
        factors = [
            s
            for p in (ADCKO.hasSubject, ADCKO.involves)
            for s in graph.objects(finding, p)
            if s in nodes and s not in drugs
        ]
        text = " [...] ".join(
            sorted(
                str(exact)
                for q in graph.objects(finding, ADCKO.hasQuote)
                for selector in graph.objects(q, OA.hasSelector)
                for exact in graph.objects(selector, OA.exact)
            )
        )
        refs = sorted(_curie(r) for r in graph.objects(finding, CITO.citesAsEvidence))
        level = graph.value(finding, ADCKO.hasEvidenceLevel)
        certainty = graph.value(finding, ADCKO.hasCertainty)
        for factor in sorted(set(factors)):
            for drug in sorted(set(drugs)):
                edge(
                    factor,
                    predicate,
                    drug,
                    id=f"{_curie(finding)}#{_curie(factor)}-{_curie(drug)}",
                    publications="|".join(
                        filter(None, [_publications(graph, finding_sources(graph, finding)), *refs])
                    ),
                    level=str(level).rsplit("/", 1)[-1] if level else "",
                    certainty=str(certainty).rsplit("/", 1)[-1] if certainty else "",
                    text=text,
                )
    return edges


def _publications(graph: Graph, sources: list[URIRef]) -> str:
    """Sources as KGX publications: ``DOI:...`` where there is a DOI, else the CURIE."""
    return "|".join(
        f"DOI:{doi}" if (doi := doi_of(graph, s)) else _curie(s) for s in sources
    )


def kgx_files(graph: Graph) -> dict[str, bytes]:
    """``adckg-kgx-nodes.tsv`` and ``adckg-kgx-edges.tsv`` (KGX TSV format)."""
    nodes = kgx_nodes(graph)
    edges = kgx_edges(graph, nodes)
    return {
        "adckg-kgx-nodes.tsv": _tsv(NODE_COLUMNS, list(nodes.values())),
        "adckg-kgx-edges.tsv": _tsv(EDGE_COLUMNS, edges),
    }
