"""SSSOM mappings from graph entities to external identifiers, and the triples they give.

The curated file is ``kg/mappings/adckg.sssom.tsv``: a YAML metadata block (lines
starting with ``#``) and a TSV table. Every row says where the identifier was seen
next to its label (the ``comment`` column), so a reader can check it. The build turns
rows into SKOS mapping links and describes each external term MIREOT-style (its label
and the resource that defines it), so the graph reads well without the external
ontologies loaded.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Mapping as MappingType
from dataclasses import dataclass
from pathlib import Path

import yaml
from rdflib import RDF, RDFS, Graph, Literal, URIRef

from adckg.errors import InputError
from adckg.external import converter, resource_of_iri, resources
from adckg.prefixes import ADCKG, ADCKO, SKOS, new_graph

COLUMNS = (
    "subject_id",
    "subject_label",
    "predicate_id",
    "object_id",
    "object_label",
    "mapping_justification",
    "comment",
)
# Slots said once for the whole set (SSSOM propagates mapping_date to every row; sssom-py
# warns when a row repeats it). The mappings' makers have no person identifiers to give
# (no ORCIDs), so the set names them with creator_label, which SSSOM provides for exactly
# that case, rather than with an author_id IRI that would name nothing.
SET_LEVEL = ("mapping_date", "creator_label")
PREDICATES = {
    "skos:exactMatch": SKOS.exactMatch,
    "skos:closeMatch": SKOS.closeMatch,
    "skos:broadMatch": SKOS.broadMatch,
    "skos:narrowMatch": SKOS.narrowMatch,
    "skos:relatedMatch": SKOS.relatedMatch,
}
JUSTIFICATIONS = {"semapv:ManualMappingCuration", "semapv:UnspecifiedMatching"}
# A row must say where the identifier was verified, or that the review prints it.
PROVENANCE_MARKERS = ("verified:", "printed in the review")
REQUIRED_METADATA = (
    "mapping_set_id",
    "license",
    "curie_map",
    "mapping_set_version",
    "mapping_date",
    "creator_label",
)


@dataclass(frozen=True)
class Mapping:
    """One row of the SSSOM table; ``line`` is its line in the file, for messages."""

    subject_id: str
    subject_label: str
    predicate_id: str
    object_id: str
    object_label: str
    mapping_justification: str
    comment: str
    line: int

    @property
    def object_prefix(self) -> str:
        return self.object_id.split(":", 1)[0]

    @property
    def subject_local_id(self) -> str:
        return self.subject_id.split(":", 1)[1]


@dataclass(frozen=True)
class MappingSet:
    """The metadata block and the rows of one SSSOM file."""

    path: Path
    metadata: dict
    mappings: tuple[Mapping, ...]


def read_sssom(path: Path) -> MappingSet:
    """Parse and check an SSSOM TSV file; every problem names the file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    lines = text.splitlines()
    header_lines = [line[1:] for line in lines if line.startswith("#")]
    first_row = next((i for i, line in enumerate(lines) if not line.startswith("#")), len(lines))
    try:
        metadata = yaml.safe_load("\n".join(header_lines)) or {}
    except yaml.YAMLError as exc:
        raise InputError(f"{path}: the '#' metadata block is not valid YAML: {exc}") from None
    if not isinstance(metadata, dict):
        raise InputError(f"{path}: the '#' metadata block must be a YAML mapping")
    for key in REQUIRED_METADATA:
        if key not in metadata:
            raise InputError(f"{path}: the metadata block needs '{key}'")
    _check_curie_map(path, metadata["curie_map"])
    _check_set_level(path, metadata)
    reader = csv.reader(io.StringIO("\n".join(lines[first_row:])), delimiter="\t")
    header = next(reader, None)
    if header is None or tuple(header) != COLUMNS:
        moved = [c for c in SET_LEVEL + ("author_id",) if header and c in header]
        hint = (
            f" ({', '.join(moved)} belong to the metadata block, said once for the set)"
            if moved
            else ""
        )
        raise InputError(
            f"{path}:{first_row + 1}: the table header must be the columns "
            + "\t".join(COLUMNS)
            + hint
        )
    rows: list[Mapping] = []
    seen: dict[tuple[str, str, str], int] = {}
    for offset, cells in enumerate(reader, start=first_row + 2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(COLUMNS):
            raise InputError(
                f"{path}:{offset}: {len(cells)} cells, expected {len(COLUMNS)} (tab-separated)"
            )
        row = Mapping(*(cell.strip() for cell in cells), line=offset)
        _check_row(path, row)
        key = (row.subject_id, row.predicate_id, row.object_id)
        if key in seen:
            raise InputError(
                f"{path}:{offset}: duplicate of line {seen[key]} ({' '.join(key)}); keep one"
            )
        seen[key] = offset
        rows.append(row)
    return MappingSet(path, metadata, tuple(rows))


def _check_set_level(path: Path, metadata: dict) -> None:
    """mapping_date is a date and creator_label a list of names, both for the whole set."""
    date = metadata["mapping_date"]
    if not isinstance(date, datetime.date):
        try:
            datetime.date.fromisoformat(str(date))
        except ValueError:
            raise InputError(f"{path}: mapping_date must be YYYY-MM-DD") from None
    labels = metadata["creator_label"]
    if not isinstance(labels, list) or not labels or not all(
        isinstance(label, str) and label.strip() for label in labels
    ):
        raise InputError(f"{path}: creator_label must be a list of names (YAML '- name' lines)")


def _check_curie_map(path: Path, curie_map: object) -> None:
    """The file's curie_map must agree with the one prefix map (Bioregistry-derived)."""
    if not isinstance(curie_map, dict):
        raise InputError(f"{path}: curie_map must map prefixes to URI prefixes")
    expected = expected_curie_map()
    for prefix, uri in curie_map.items():
        if prefix in expected and expected[prefix] != uri:
            raise InputError(
                f"{path}: curie_map gives {prefix}: {uri}, but the project's prefix map"
                f" (from the Bioregistry) says {expected[prefix]}; use that"
            )


def expected_curie_map() -> dict[str, str]:
    """The curie_map an SSSOM file of ours declares."""
    return {
        "adckg": str(ADCKG),
        "skos": str(SKOS),
        "semapv": "https://w3id.org/semapv/vocab/",
        **{p: r.uri_prefix for p, r in resources().items()},
    }


def _check_row(path: Path, row: Mapping) -> None:
    where = f"{path}:{row.line} [{row.subject_id} {row.object_id}]"
    if not row.subject_id.startswith("adckg:") or len(row.subject_id) <= len("adckg:"):
        raise InputError(f"{where}: subject_id must be an adckg: CURIE of a graph entity")
    if row.predicate_id not in PREDICATES:
        raise InputError(
            f"{where}: predicate_id {row.predicate_id!r} is not one of {', '.join(PREDICATES)}"
        )
    prefix, _, local = row.object_id.partition(":")
    known = resources()
    if prefix not in known:
        raise InputError(
            f"{where}: unknown object prefix {prefix!r}; use one of {', '.join(known)}"
        )
    if not known[prefix].valid_local_id(local):
        raise InputError(
            f"{where}: {local!r} is not a valid {prefix} identifier"
            f" (pattern {known[prefix].pattern.pattern})"
        )
    if not row.object_label or not row.subject_label:
        raise InputError(f"{where}: subject_label and object_label are required")
    if row.mapping_justification not in JUSTIFICATIONS:
        raise InputError(
            f"{where}: mapping_justification must be one of {', '.join(sorted(JUSTIFICATIONS))}"
        )
    if not row.comment.startswith(PROVENANCE_MARKERS):
        raise InputError(
            f"{where}: the comment must say where the identifier was verified"
            " ('verified: <file or record>; seen: <label>') or 'printed in the review'"
        )


def mapping_graph(mapping_set: MappingSet, labels: MappingType[URIRef, str]) -> Graph:
    """SKOS links plus a MIREOT-style description of every external term used.

    ``labels`` holds the label of every entity of the graph, to check that each row
    maps an entity that exists and is the one the curator meant.
    """
    graph = new_graph()
    term_labels: dict[str, tuple[str, int]] = {}
    for row in mapping_set.mappings:
        where = f"{mapping_set.path}:{row.line} [{row.subject_id}]"
        subject = ADCKG[row.subject_local_id]
        if subject not in labels:
            raise InputError(f"{where}: no entity {row.subject_id} in the graph; fix the id")
        if labels[subject] != row.subject_label:
            raise InputError(
                f"{where}: subject_label {row.subject_label!r} differs from the entity's"
                f" label {labels[subject]!r}; check the row maps the intended entity"
            )
        iri = converter().expand(row.object_id)
        previous = term_labels.setdefault(iri, (row.object_label, row.line))
        if previous[0] != row.object_label:
            raise InputError(
                f"{where}: {row.object_id} is labelled {row.object_label!r} here but"
                f" {previous[0]!r} on line {previous[1]}; use the source's one label"
            )
        graph.add((subject, PREDICATES[row.predicate_id], URIRef(iri)))
    for iri, (label, _) in term_labels.items():
        resource = resources()[converter().compress(iri).split(":", 1)[0]]
        graph.add((URIRef(iri), RDFS.label, Literal(label)))
        graph.add((URIRef(iri), RDFS.isDefinedBy, URIRef(defining_resource(resource.prefix))))
    return graph


def defining_resource(prefix: str) -> str:
    """The IRI of the ontology or registry entry that defines a resource's terms."""
    resource = resources()[prefix]
    if resource.is_obo:
        return f"http://purl.obolibrary.org/obo/{resource.bioregistry_prefix}.owl"
    return f"https://bioregistry.io/registry/{resource.bioregistry_prefix}"


# Entity kinds the README's coverage table reports, in its order.
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


def _natural(text: str) -> tuple:
    """Sort "ref 9" before "ref 10"."""
    return tuple(int(t) if t.isdigit() else t.lower() for t in re.split(r"(\d+)", text))


def coverage_table(graph: Graph) -> str:
    """Markdown: per kind of entity, how many are linked, to which resources, and which not."""
    rows = [
        "| entities | linked | resources | not linked |",
        "| --- | ---: | --- | --- |",
    ]
    for name in COVERAGE_CLASSES:
        members = sorted(
            {
                s
                for cls in graph.transitive_subjects(RDFS.subClassOf, ADCKO[name])
                for s in graph.subjects(RDF.type, cls)
                if isinstance(s, URIRef)
            }
        )
        linked, prefixes, missing = 0, set(), []
        for member in members:
            targets = [o for p in PREDICATES.values() for o in graph.objects(member, p)]
            found = {r.prefix for o in targets if (r := resource_of_iri(str(o)))}
            if found:
                linked += 1
                prefixes |= found
            elif str(member).startswith(str(ADCKG["ref-"])):
                missing.append("ref " + str(member).rsplit("-", 1)[1])
            else:
                missing.append(str(graph.value(member, RDFS.label) or member))
        rows.append(
            f"| {name} ({len(members)}) | {linked} | {', '.join(sorted(prefixes)) or '-'}"
            f" | {'; '.join(sorted(missing, key=_natural)) or '-'} |"
        )
    return "\n".join(rows) + "\n"
