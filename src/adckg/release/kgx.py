"""A Biolink Model / KGX export: nodes and edges as TSV, for KGX-based pipelines.

Only what Biolink can say without loss goes here: typed nodes, the structural edges
(ADC parts, gene products, targets, trial designs) and one edge per finding that
states resistance or sensitivity, carrying the finding's IRI, its CIViC level,
quote and references. The RDF release stays the complete record. Every Biolink
class and predicate used was checked against the Biolink Model's own schema (see
docs/release-files.md).
"""

from __future__ import annotations

import csv
import io
import uuid
from dataclasses import dataclass, field

from rdflib import RDF, RDFS, Graph, URIRef

from adckg import iris, vocab
from adckg.errors import InputError
from adckg.graph.sourcegraph import doi_of, finding_sources, source_publications
from adckg.prefixes import ADCKG, ADCKO, CITO, OA, SKOS, external_curie

# Categories and predicates below were checked in biolink_model.yaml 4.2.2.
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
# Every effect direction of the ontology, and the Biolink predicate its findings' edges take.
# None: Biolink has no predicate that says it without loss, so those findings stay in the
# RDF release and the findings table (a test checks this covers every direction).
DIRECTION_PREDICATES: dict[URIRef, str | None] = {
    ADCKO.ConfersResistance: "biolink:associated_with_resistance_to",
    ADCKO.IncreasesSensitivity: "biolink:associated_with_sensitivity_to",
    ADCKO.NoResistance: None,  # a negative finding; no negated resistance predicate
    ADCKO.OvercomesResistance: None,  # a strategy against a mechanism, not factor -> drug
    ADCKO.ShowsActivity: None,  # a drug's activity in a population
    ADCKO.Descriptive: None,  # no effect claimed
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
    "adckg_findings",
    "adckg_evidence_level",
    "adckg_certainty",
    "supporting_text",
)
LIST_SEPARATOR = "|"  # KGX TSV's separator of multivalued cells (every column)
SOURCE = (
    "infores:adckg"  # our own; not (yet) registered in the Biolink information-resource registry
)


def _curie(iri: URIRef) -> str:
    text = str(iri)
    if text.startswith(str(ADCKG)):
        return "adckg:" + text[len(str(ADCKG)) :]
    compressed = external_curie(text)
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
    for node in sorted({s for s in graph.subjects(RDF.type, None) if isinstance(s, URIRef)}):
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
            "description": str(graph.value(node, vocab.IAO_DEFINITION) or ""),
            "xref": "|".join(xrefs),
            "provided_by": SOURCE,
        }
    return nodes


def edge_id(subject: str, predicate: str, obj: str) -> str:
    """A stable id for the one edge of a (subject, predicate, object): a name-based UUID.

    KGX keeps one edge per (subject, predicate, object) and splits every cell on ``|``,
    so the id is derived from the triple alone and holds no separator.
    """
    return "urn:uuid:" + str(uuid.uuid5(iris.KGX_EDGE_NAMESPACE, f"{subject} {predicate} {obj}"))


def _local(term: object) -> str:
    return str(term).rsplit("/", 1)[-1] if term else ""


@dataclass
class _Edge:
    """The evidence gathered for one (subject, predicate, object)."""

    publications: set[str] = field(default_factory=set)
    findings: set[str] = field(default_factory=set)
    levels: set[str] = field(default_factory=set)
    certainties: set[str] = field(default_factory=set)
    quotes: set[str] = field(default_factory=set)


def finding_pairs(
    graph: Graph, nodes: dict[URIRef, dict[str, str]]
) -> list[tuple[URIRef, URIRef, URIRef, URIRef]]:
    """(finding, direction, factor, drug) for each factor and drug of a finding with a node."""
    pairs: list[tuple[URIRef, URIRef, URIRef, URIRef]] = []
    for finding, direction in graph.subject_objects(ADCKO.hasDirection):
        if not isinstance(finding, URIRef) or not isinstance(direction, URIRef):
            continue
        drugs = {
            d
            for d in graph.objects(finding, ADCKO.concernsDrug)
            if isinstance(d, URIRef) and d in nodes
        }
        factors = {
            s
            for p in (ADCKO.hasSubject, ADCKO.involves)
            for s in graph.objects(finding, p)
            if isinstance(s, URIRef) and s in nodes and s not in drugs
        }
        pairs.extend(
            (finding, direction, factor, drug)
            for factor in sorted(factors)
            for drug in sorted(drugs)
        )
    return pairs


def kgx_edges(graph: Graph, nodes: dict[URIRef, dict[str, str]]) -> list[dict[str, str]]:
    """Structural edges, and one edge per (factor, predicate, drug) of directional findings.

    Several findings can say that the same factor is associated with resistance to the same
    drug. KGX loads one edge per (subject, predicate, object), as Biolink associations are
    keyed, so their evidence is merged into multivalued cells (findings, references, levels,
    certainties, quotes) instead of spread over rows that a KGX load would collapse.
    """
    structural: set[tuple[str, str, str]] = set()
    for prop, predicate in STRUCTURAL:
        for s, o in graph.subject_objects(prop):
            if isinstance(s, URIRef) and isinstance(o, URIRef) and s in nodes and o in nodes:
                structural.add((_curie(s), predicate, _curie(o)))
    evidence: dict[tuple[str, str, str], _Edge] = {}
    for finding, direction, factor, drug in finding_pairs(graph, nodes):
        association = DIRECTION_PREDICATES.get(direction)
        if association is None:
            continue
        gathered = evidence.setdefault((_curie(factor), association, _curie(drug)), _Edge())
        gathered.findings.add(_curie(finding))
        gathered.publications.update(_publications(graph, finding_sources(graph, finding)))
        gathered.publications.update(
            _curie(r) for r in graph.objects(finding, CITO.citesAsEvidence) if isinstance(r, URIRef)
        )
        gathered.levels.add(_local(graph.value(finding, ADCKO.hasEvidenceLevel)))
        gathered.certainties.add(_local(graph.value(finding, ADCKO.hasCertainty)))
        gathered.quotes.update(_quotes(graph, finding))
    every_source = _publications(graph, source_publications(graph))
    edges = [_row(key, _Edge(publications=set(every_source))) for key in structural]
    edges.extend(_row(key, gathered) for key, gathered in evidence.items())
    return edges


def _publications(graph: Graph, sources: list[URIRef]) -> list[str]:
    """Sources as KGX publications: ``DOI:...`` where there is a DOI, else the CURIE."""
    return [f"DOI:{doi}" if (doi := doi_of(graph, s)) else _curie(s) for s in sources]


def _quotes(graph: Graph, finding: URIRef) -> set[str]:
    quotes = {
        " ".join(str(exact).split())
        for q in graph.objects(finding, ADCKO.hasQuote)
        for selector in graph.objects(q, OA.hasSelector)
        for exact in graph.objects(selector, OA.exact)
    }
    if any(LIST_SEPARATOR in quote for quote in quotes):
        # A verbatim quote is never altered; KGX would split it, so say so instead.
        raise InputError(
            f"{finding}: a quote holds '{LIST_SEPARATOR}', the KGX list separator;"
            " the KGX export cannot carry it verbatim"
        )
    return quotes


def _row(key: tuple[str, str, str], gathered: _Edge) -> dict[str, str]:
    def joined(values: set[str]) -> str:
        return LIST_SEPARATOR.join(sorted(v for v in values if v))

    subject, predicate, obj = key
    return {
        "id": edge_id(subject, predicate, obj),
        "subject": subject,
        "predicate": predicate,
        "object": obj,
        "knowledge_level": "knowledge_assertion",
        "agent_type": "manual_agent",
        "primary_knowledge_source": SOURCE,
        "publications": joined(gathered.publications),
        "adckg_findings": joined(gathered.findings),
        "adckg_evidence_level": joined(gathered.levels),
        "adckg_certainty": joined(gathered.certainties),
        "supporting_text": joined(gathered.quotes),
    }


def kgx_files(graph: Graph) -> dict[str, bytes]:
    """``adckg-kgx-nodes.tsv`` and ``adckg-kgx-edges.tsv`` (KGX TSV format)."""
    nodes = kgx_nodes(graph)
    edges = kgx_edges(graph, nodes)
    return {
        "adckg-kgx-nodes.tsv": _tsv(NODE_COLUMNS, list(nodes.values())),
        "adckg-kgx-edges.tsv": _tsv(EDGE_COLUMNS, edges),
    }
