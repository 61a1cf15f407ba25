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
from collections.abc import Mapping as MappingType
from dataclasses import dataclass
from pathlib import Path

import yaml
from rdflib import RDFS, Graph, Literal, URIRef
from sssom_pydantic import Record as SSSOMRecord
from sssom_pydantic import io as sssom_io

from adckg import iris
from adckg.errors import InputError
from adckg.prefixes import (
    ADCKG,
    ADCKO,
    OTHER_NAMESPACES,
    SKOS,
    converter,
    new_graph,
    resources,
)

# The columns a row may have, in the order our file writes them (SSSOM's own order).
COLUMNS = (
    "subject_id",
    "subject_label",
    "predicate_id",
    "predicate_modifier",
    "object_id",
    "object_label",
    "mapping_justification",
    "confidence",
    "comment",
)
# Columns every file must have; the others may be left out (SSSOM allows set-level values).
REQUIRED_COLUMNS = (
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
# SSSOM's negation: "subject is NOT a <predicate> of object" (a recorded near-miss).
NEGATED = "Not"
# A row below full confidence was seen only in copies made by others: its comment
# names at least two independent ones, as "copy 1: ...; copy 2: ...".
COPY_MARKERS = ("copy 1:", "copy 2:")
# Subjects: entities of the graph (adckg:) or classes of our ontology (adcko:).
# Subject CURIE prefix -> namespace (strings: an unknown adcko: term is a curation error,
# reported with its line, not the closed namespace's KeyError).
SUBJECT_PREFIXES = {"adckg": str(ADCKG), "adcko": str(ADCKO)}
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
    predicate_modifier: str = ""
    confidence: str = ""

    @property
    def object_prefix(self) -> str:
        return self.object_id.split(":", 1)[0]

    @property
    def subject_iri(self) -> URIRef:
        prefix, _, local = self.subject_id.partition(":")
        return URIRef(SUBJECT_PREFIXES[prefix] + local)

    @property
    def negated(self) -> bool:
        return self.predicate_modifier == NEGATED

    @property
    def confidence_value(self) -> float:
        return float(self.confidence) if self.confidence else 1.0


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
    for name in REQUIRED_METADATA:
        if name not in metadata:
            raise InputError(f"{path}: the metadata block needs '{name}'")
    _check_curie_map(path, metadata["curie_map"])
    _check_set_level(path, metadata)
    reader = csv.reader(io.StringIO("\n".join(lines[first_row:])), delimiter="\t")
    header = next(reader, None)
    _check_header(path, first_row + 1, header)
    assert header is not None
    cells_by_line: list[tuple[int, dict[str, str]]] = []
    for offset, cells in enumerate(reader, start=first_row + 2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            raise InputError(
                f"{path}:{offset}: {len(cells)} cells, expected {len(header)} (tab-separated)"
            )
        cells_by_line.append((offset, {c: v.strip() for c, v in zip(header, cells, strict=True)}))
    rows: list[Mapping] = []
    seen: dict[tuple[str, str, str], int] = {}  # (subject, [Not]predicate, object)
    for offset, row in _records(path, cells_by_line):
        _check_row(path, row)
        key = (row.subject_id, row.predicate_modifier + row.predicate_id, row.object_id)
        if key in seen:
            raise InputError(
                f"{path}:{offset}: duplicate of line {seen[key]} ({' '.join(key)}); keep one"
            )
        seen[key] = offset
        rows.append(row)
    _check_no_contradiction(path, rows)
    return MappingSet(path, metadata, tuple(rows))


def _records(
    path: Path, cells_by_line: list[tuple[int, dict[str, str]]]
) -> list[tuple[int, Mapping]]:
    """The rows as sssom-pydantic reads them, each with its line in the file.

    sssom-pydantic parses the records (SSSOM's slots, types, the ``Not`` modifier); its line
    numbers start one short (it counts the header as front matter and then numbers the
    first row like it), so each record is matched to its line by row index, against our
    own reading of the same rows. Confidence keeps the text of the cell, so that our
    policy check (a number in (0, 1], two named copies below 1) words the error.
    """
    records: list[object] = []
    try:
        with sssom_io.read_unprocessed_iterable(path) as parsed:
            records = [record for _, record in parsed.records]
    except (ValueError, TypeError) as exc:  # the library's metadata or front-matter checks
        raise InputError(f"{path}: not readable as SSSOM: {exc}") from None
    if len(records) != len(cells_by_line):  # pragma: no cover - both skip the same blank rows
        raise InputError(f"{path}: {len(records)} SSSOM records for {len(cells_by_line)} rows")
    out = []
    for (line, cells), record in zip(cells_by_line, records, strict=True):
        if isinstance(record, sssom_io.ParseError):
            _check_row(path, Mapping(**cells, line=line))  # our wording first, when it applies
            where = f"{path}:{line} [{cells.get('subject_id', '')} {cells.get('object_id', '')}]"
            raise InputError(f"{where}: {record.format_exception()}; fix the row")
        assert isinstance(record, SSSOMRecord)
        row = Mapping(
            subject_id=record.subject_id,
            subject_label=record.subject_label or "",
            predicate_id=record.predicate_id,
            object_id=record.object_id,
            object_label=record.object_label or "",
            mapping_justification=record.mapping_justification,
            comment=record.comment or "",
            line=line,
            predicate_modifier=record.predicate_modifier or "",
            confidence=cells.get("confidence", ""),
        )
        out.append((line, row))
    return out


def _check_header(path: Path, line: int, header: list[str] | None) -> None:
    """Known SSSOM columns only, each once, the required ones present; order is free."""
    expected = "the table header must be the columns " + "\t".join(REQUIRED_COLUMNS)
    if header is None:
        raise InputError(f"{path}:{line}: {expected}")
    moved = [c for c in (*SET_LEVEL, "author_id") if c in header]
    if moved:
        raise InputError(
            f"{path}:{line}: column(s) {', '.join(moved)} belong to the metadata block, said once"
            " for the set (mapping_date, creator_label); remove them from the table"
        )
    unknown = [c for c in header if c not in COLUMNS]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if unknown or missing or len(set(header)) != len(header):
        problem = (
            f"unknown column(s) {', '.join(unknown)}"
            if unknown
            else f"missing column(s) {', '.join(missing)}"
            if missing
            else "a repeated column"
        )
        raise InputError(
            f"{path}:{line}: {problem}; {expected}, optionally with "
            + ", ".join(c for c in COLUMNS if c not in REQUIRED_COLUMNS)
        )


def _check_no_contradiction(path: Path, rows: list[Mapping]) -> None:
    """A pair may not be both mapped and negated with the same predicate.

    Different predicates may stand together: exatecan is a relatedMatch of deruxtecan
    and, recorded as a near-miss, NOT its exactMatch.
    """
    positive = {(r.subject_id, r.predicate_id, r.object_id): r.line for r in rows if not r.negated}
    for row in rows:
        key = (row.subject_id, row.predicate_id, row.object_id)
        if row.negated and key in positive:
            raise InputError(
                f"{path}:{row.line} [{row.subject_id} {row.object_id}]: negated here but mapped"
                f" with the same predicate on line {positive[key]}; keep the one that is true"
            )


def _check_set_level(path: Path, metadata: dict) -> None:
    """mapping_date is a date and creator_label a list of names, both for the whole set."""
    date = metadata["mapping_date"]
    if not isinstance(date, datetime.date):
        try:
            datetime.date.fromisoformat(str(date))
        except ValueError:
            raise InputError(f"{path}: mapping_date must be YYYY-MM-DD") from None
    labels = metadata["creator_label"]
    if (
        not isinstance(labels, list)
        or not labels
        or not all(isinstance(label, str) and label.strip() for label in labels)
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
        "adcko": str(ADCKO),
        "skos": str(SKOS),
        "semapv": OTHER_NAMESPACES["semapv"],
        **{p: r.uri_prefix for p, r in resources().items()},
    }


def _check_row(path: Path, row: Mapping) -> None:
    where = f"{path}:{row.line} [{row.subject_id} {row.object_id}]"
    prefix, _, local = row.subject_id.partition(":")
    if prefix not in SUBJECT_PREFIXES or not local:
        raise InputError(
            f"{where}: subject_id must be an adckg: CURIE of a graph entity"
            " or an adcko: CURIE of one of our ontology's classes"
        )
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
    if row.predicate_modifier not in ("", NEGATED):
        raise InputError(f"{where}: predicate_modifier must be empty or {NEGATED!r}")
    _check_confidence(where, row)
    if not row.comment.startswith(PROVENANCE_MARKERS):
        raise InputError(
            f"{where}: the comment must say where the identifier was verified"
            " ('verified: <file or record>; seen: <label>') or 'printed in the review'"
        )


def _check_confidence(where: str, row: Mapping) -> None:
    if not row.confidence:
        return
    try:
        value = float(row.confidence)
    except ValueError:
        value = -1.0
    if not 0.0 < value <= 1.0:
        raise InputError(f"{where}: confidence must be a number in (0, 1], not {row.confidence!r}")
    if value < 1.0 and not all(marker in row.comment for marker in COPY_MARKERS):
        raise InputError(
            f"{where}: confidence below 1 means only copies made by others show the identifier;"
            " the comment must name two independent ones ('copy 1: ...; copy 2: ...')"
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
        subject = row.subject_iri
        if subject not in labels:
            raise InputError(
                f"{where}: no entity or class {row.subject_id} in the graph; fix the id"
            )
        if labels[subject] != row.subject_label:
            raise InputError(
                f"{where}: subject_label {row.subject_label!r} differs from the entity's"
                f" label {labels[subject]!r}; check the row maps the intended entity"
            )
        if row.negated:  # a recorded near-miss: kept in the SSSOM file, no link in the graph
            continue
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
    return iris.defining_resource(resource.bioregistry_prefix, resource.is_obo)
