"""The coverage table of external links: per kind of entity, linked or not, and why not.

Generated from the built graph and the not-found records, never typed: a test keeps
the copy in ``docs/linking.md`` equal to what this module writes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rdflib import RDF, RDFS, Graph, URIRef

from adckg.links.lookups import NotFound
from adckg.links.mappings import PREDICATES, SUBJECT_PREFIXES
from adckg.prefixes import ADCKG, ADCKO, resource_of_iri

# Entity kinds the table reports, in its order.
COVERAGE_CLASSES = (
    "Gene",
    "Protein",
    "Pathway",
    "AntibodyDrugConjugate",
    "MonoclonalAntibody",
    "SmallMoleculeDrug",
    "Payload",
    "Linker",
    "PatientPopulation",
    "DrugResponseMechanism",
    "ClinicalEndpoint",
    "ClinicalTrial",
    "Publication",
)
# Our main ontology classes, mapped at class level; the table's last row.
MAIN_CLASSES = (
    *COVERAGE_CLASSES,
    "Drug",
    "AntiHER2Antibody",
    "ChemotherapyAgent",
    "TyrosineKinaseInhibitor",
    "Alteration",
    "LossOfFunction",
    "HemizygousDeletion",
    "ResistanceMechanism",
    "Finding",
    "Study",
)
START, END = "<!-- coverage:start -->\n", "<!-- coverage:end -->"


def _natural(text: str) -> tuple:
    """Sort "ref 9" before "ref 10"."""
    return tuple(int(t) if t.isdigit() else t.lower() for t in re.split(r"(\d+)", text))


def _name(graph: Graph, node: URIRef) -> str:
    if str(node).startswith(str(ADCKG["ref-"])):
        return "ref " + str(node).rsplit("-", 1)[1]
    return str(graph.value(node, RDFS.label) or node)


def _linked_resources(graph: Graph, node: URIRef) -> set[str]:
    targets = [o for p in PREDICATES.values() for o in graph.objects(node, p)]
    return {r.prefix for o in targets if (r := resource_of_iri(str(o)))}


def _row(label: str, graph: Graph, nodes: Iterable[URIRef]) -> tuple[str, list[URIRef]]:
    members = sorted(nodes)
    linked, prefixes, missing = 0, set(), []
    for member in members:
        found = _linked_resources(graph, member)
        if found:
            linked += 1
            prefixes |= found
        else:
            missing.append(member)
    names = sorted((_name(graph, m) for m in missing), key=_natural)
    row = (
        f"| {label} ({len(members)}) | {linked} | {', '.join(sorted(prefixes)) or '-'}"
        f" | {'; '.join(names) or '-'} |"
    )
    return row, missing


def members_of(graph: Graph, name: str) -> set[URIRef]:
    """Individuals typed with the class or one of its subclasses."""
    return {
        s
        for cls in graph.transitive_subjects(RDFS.subClassOf, ADCKO[name])
        for s in graph.subjects(RDF.type, cls)
        if isinstance(s, URIRef)
    }


def unlinked(graph: Graph) -> list[URIRef]:
    """Every entity of a reported kind, and every main class, with no external link."""
    nodes = {m for name in COVERAGE_CLASSES for m in members_of(graph, name)}
    nodes |= {ADCKO[name] for name in MAIN_CLASSES}
    return sorted(n for n in nodes if not _linked_resources(graph, n))


def iri_of(curie_text: str) -> URIRef:
    """The IRI of an adckg:/adcko: CURIE."""
    prefix, _, local = curie_text.partition(":")
    return URIRef(SUBJECT_PREFIXES[prefix] + local)


def curie(node: URIRef) -> str:
    """adckg:/adcko: CURIE of one of our IRIs (as records and SSSOM rows name it)."""
    for prefix, namespace in (("adckg", ADCKG), ("adcko", ADCKO)):
        if str(node).startswith(str(namespace)):
            return f"{prefix}:{str(node)[len(str(namespace)) :]}"
    return str(node)


def coverage_table(graph: Graph, records: tuple[NotFound, ...]) -> str:
    """Markdown: the per-kind table, then every not-found record (the reasons)."""
    per_resource: dict[str, int] = {}
    for predicate in PREDICATES.values():
        for _, obj in graph.subject_objects(predicate):
            if resource := resource_of_iri(str(obj)):
                per_resource[resource.prefix] = per_resource.get(resource.prefix, 0) + 1
    counts = sorted(per_resource.items(), key=lambda item: (-item[1], item[0].lower()))
    rows = [
        f"Links in the graph: {sum(per_resource.values())}; per resource: "
        + ", ".join(f"{prefix} {n}" for prefix, n in counts)
        + ".",
        "",
        "| entities | linked | resources | not linked |",
        "| --- | ---: | --- | --- |",
    ]
    for name in COVERAGE_CLASSES:
        rows.append(_row(name, graph, members_of(graph, name))[0])
    rows.append(_row("our main classes", graph, (ADCKO[n] for n in MAIN_CLASSES))[0])
    rows += [
        "",
        "Looked up and not found (from `kg/mappings/not-found.yaml`):",
        "",
        "| entity | not found in | where we looked | why |",
        "| --- | --- | --- | --- |",
    ]
    named = [(_name(graph, iri_of(r.subject)), r) for r in records]
    for name, record in sorted(named, key=lambda pair: (_natural(pair[0]), pair[1].index)):
        cells = (name, ", ".join(record.resources), record.looked_in, record.why)
        rows.append("| " + " | ".join(c.replace("|", "/") for c in cells) + " |")
    return "\n".join(rows) + "\n"
