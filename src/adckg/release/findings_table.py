"""The findings table: one TSV row per finding, for readers who do not write SPARQL.

Columns follow the CIViC evidence TSV where the meaning is the same (evidence statement,
therapies, significance, evidence level and type, NCT ids, citations), so its users find
their way; see docs/findings-table.md. Everything is read from the built graph (the table
says nothing the RDF does not), cells of several values are joined with `` | `` in a
fixed order, and rows are sorted by finding id, so the same graph gives the same bytes.
"""

from __future__ import annotations

import csv
import io

from rdflib import OWL, RDF, RDFS, Graph, URIRef
from rdflib.term import Node

from adckg.graph.sourcegraph import doi_of, finding_sources
from adckg.prefixes import ADCKG, ADCKO, CITO, DOI_RESOLVER, OA, PREFIX_MAP, SKOS, resources

SEPARATOR = " | "
DOI_PREFIX = DOI_RESOLVER
ECO_PREFIX = PREFIX_MAP["ECO"]
COLUMNS = (
    "finding_id",
    "evidence_statement",
    "subject",
    "subject_ids",
    "therapies",
    "therapy_ids",
    "significance",
    "resistance_timing",
    "certainty",
    "certainty_wording",
    "evidence_type",
    "evidence_type_eco",
    "evidence_level",
    "study",
    "nct_ids",
    "population",
    "source_doi",
    "sections",
    "quotes",
    "reference_numbers",
    "reference_dois",
    "reference_pmids",
    "curation_record",
)


def _curie(node: Node) -> str:
    return "adckg:" + str(node)[len(str(ADCKG)) :]


def _label(graph: Graph, node: Node | None) -> str:
    return "" if node is None else str(graph.value(node, RDFS.label) or "")


def _joined(values: object) -> str:
    return SEPARATOR.join(str(v) for v in values)  # type: ignore[attr-defined]


def _level_letter(level: Node | None) -> str:
    """adcko:CivicLevelB -> B (CIViC's letter)."""
    return str(level).rsplit("CivicLevel", 1)[-1] if level is not None else ""


def _quotes(graph: Graph, finding: Node) -> list[tuple[int, int, str, str]]:
    """(start, end, exact, section) of each quote, in the order of the review."""
    out = []
    for quote in graph.objects(finding, ADCKO.hasQuote):
        start = end = -1
        exact = ""
        for selector in graph.objects(quote, OA.hasSelector):
            if (selector, RDF.type, OA.TextPositionSelector) in graph:
                start = int(str(graph.value(selector, OA.start)))
                end = int(str(graph.value(selector, OA.end)))
            text = graph.value(selector, OA.exact)
            if text is not None:
                exact = str(text)
        section = graph.value(quote, ADCKO.inSection)
        number = graph.value(section, ADCKO.sectionNumber) if section is not None else None
        out.append(
            (start, end, exact, str(number) if number is not None else _label(graph, section))
        )
    return sorted(out)


def _references(graph: Graph, finding: Node) -> list[tuple[int, str, str]]:
    """(number, DOI, PMID) of each reference the finding cites, by number."""
    out = []
    for ref in graph.objects(finding, CITO.citesAsEvidence):
        number = graph.value(ref, ADCKO.referenceNumber)
        links = [str(o) for o in graph.objects(ref, SKOS.exactMatch)]
        doi = next((x[len(DOI_PREFIX) :] for x in sorted(links) if x.startswith(DOI_PREFIX)), "")
        pmid_prefix = resources()["PMID"].uri_prefix
        pmid = next((x[len(pmid_prefix) :] for x in sorted(links) if x.startswith(pmid_prefix)), "")
        out.append((int(str(number)) if number is not None else 0, doi, pmid))
    return sorted(out)


def _evidence(graph: Graph, finding: Node) -> tuple[str, str]:
    """The evidence class's label and the ECO term it is (or specialises)."""
    evidence = graph.value(finding, ADCKO.hasEvidence)
    if evidence is None:
        return "", ""
    typed = {
        c
        for c in graph.objects(evidence, RDF.type)
        if isinstance(c, URIRef) and c != OWL.NamedIndividual
    }
    # The release states every superclass type too (docs/entailment.md): keep the most
    # specific class, the one no other type of the node specialises.
    classes = sorted(
        c
        for c in typed
        if not any(c in graph.transitive_objects(d, RDFS.subClassOf) for d in typed if d != c)
    )
    if not classes:
        return "", ""
    cls = classes[0]
    if str(cls).startswith(ECO_PREFIX):
        eco = str(cls)
    else:
        eco = next(
            (
                str(s)
                for s in sorted(graph.objects(cls, RDFS.subClassOf), key=str)
                if str(s).startswith(ECO_PREFIX)
            ),
            "",
        )
    return _label(graph, cls), ("ECO:" + eco[len(ECO_PREFIX) :]) if eco else ""


def finding_rows(graph: Graph) -> list[dict[str, str]]:
    """One row per adcko:Finding of the graph, in finding-id order."""
    rows = []
    findings = sorted(s for s in graph.subjects(RDF.type, ADCKO.Finding) if isinstance(s, URIRef))
    for finding in findings:
        # Subjects and drugs are IRIs (the data has no blank nodes): ordered by their text.
        subjects = sorted(graph.objects(finding, ADCKO.hasSubject), key=str)
        drugs = sorted(graph.objects(finding, ADCKO.concernsDrug), key=str)
        study = graph.value(finding, ADCKO.inStudy)
        quotes = _quotes(graph, finding)
        refs = _references(graph, finding)
        evidence_type, eco = _evidence(graph, finding)
        rows.append(
            {
                "finding_id": _curie(finding),
                "evidence_statement": str(graph.value(finding, ADCKO.statement) or ""),
                "subject": _joined(_label(graph, s) for s in subjects),
                "subject_ids": _joined(_curie(s) for s in subjects),
                "therapies": _joined(_label(graph, d) for d in drugs),
                "therapy_ids": _joined(_curie(d) for d in drugs),
                "significance": _label(graph, graph.value(finding, ADCKO.hasDirection)),
                "resistance_timing": _label(graph, graph.value(finding, ADCKO.hasResistanceTiming)),
                "certainty": _label(graph, graph.value(finding, ADCKO.hasCertainty)),
                "certainty_wording": str(graph.value(finding, ADCKO.certaintyWording) or ""),
                "evidence_type": evidence_type,
                "evidence_type_eco": eco,
                "evidence_level": _level_letter(graph.value(finding, ADCKO.hasEvidenceLevel)),
                "study": _label(graph, study),
                "nct_ids": str(graph.value(study, ADCKO.nctId) or "") if study is not None else "",
                "population": _joined(
                    sorted(_label(graph, p) for p in graph.objects(finding, ADCKO.inPopulation))
                ),
                "source_doi": _joined(
                    doi_of(graph, s) or _curie(s) for s in finding_sources(graph, finding)
                ),
                "sections": _joined(dict.fromkeys(q[3] for q in quotes)),
                "quotes": _joined(q[2] for q in quotes),
                "reference_numbers": _joined(r[0] for r in refs),
                "reference_dois": _joined(r[1] or "-" for r in refs) if refs else "",
                "reference_pmids": _joined(r[2] or "-" for r in refs) if refs else "",
                "curation_record": str(graph.value(finding, ADCKO.curationRecord) or ""),
            }
        )
    return rows


def findings_tsv(graph: Graph) -> bytes:
    """``adckg-findings.tsv``: a header line, then one tab-separated row per finding."""
    buffer = io.StringIO()
    writer = csv.DictWriter(
        buffer, COLUMNS, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL
    )
    writer.writeheader()
    for row in finding_rows(graph):
        # A cell never spans lines: whitespace runs (a quote's line break) become one space.
        writer.writerow({c: " ".join(row[c].split()) for c in COLUMNS})
    return buffer.getvalue().encode("utf-8")
