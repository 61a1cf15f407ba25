"""The findings table agrees with the graph: one row per finding, and every cell holds what
a SPARQL query over the released graph finds for it (written here independently of the
code that makes the table)."""

from __future__ import annotations

import csv
from collections import defaultdict

import pyoxigraph
import pytest

from adckg.release.findings_table import COLUMNS, SEPARATOR

from .conftest import PROJECT

RELEASE = PROJECT.release_dir
PREFIXES = """
PREFIX adcko: <https://w3id.org/adckg/ontology/>
PREFIX adckg: <https://w3id.org/adckg/resource/>
PREFIX cito: <http://purl.org/spar/cito/>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX obo: <http://purl.obolibrary.org/obo/>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
# column -> a query binding ?f (the finding) and ?v (one value of the cell)
CELLS = {
    "evidence_statement": "?f adcko:statement ?v",
    "subject": "?f adcko:hasSubject/rdfs:label ?v",
    "subject_ids": "?f adcko:hasSubject ?v",
    "therapies": "?f adcko:concernsDrug/rdfs:label ?v",
    "therapy_ids": "?f adcko:concernsDrug ?v",
    "significance": "?f adcko:hasDirection/rdfs:label ?v",
    "resistance_timing": "?f adcko:hasResistanceTiming/rdfs:label ?v",
    "certainty": "?f adcko:hasCertainty/rdfs:label ?v",
    "certainty_wording": "?f adcko:certaintyWording ?v",
    # the most specific class (the node also carries its superclass types)
    "evidence_type": "?f adcko:hasEvidence ?e . ?e a ?c . ?c rdfs:label ?v"
    " FILTER(?c != owl:NamedIndividual)"
    " FILTER NOT EXISTS { ?e a ?d . ?d rdfs:subClassOf+ ?c FILTER(?d != ?c) }",
    # the evidence class when it is an ECO term, else the ECO term it specialises
    "evidence_type_eco": "?f adcko:hasEvidence ?e . ?e a ?c FILTER(?c != owl:NamedIndividual)"
    " FILTER NOT EXISTS { ?e a ?d . ?d rdfs:subClassOf+ ?c FILTER(?d != ?c) }"
    " OPTIONAL { ?c rdfs:subClassOf ?sup FILTER(STRSTARTS(STR(?sup), STR(obo:ECO_))) }"
    " BIND(IF(STRSTARTS(STR(?c), STR(obo:ECO_)), ?c, ?sup) AS ?eco) FILTER(BOUND(?eco))"
    " BIND(CONCAT('ECO:', STRAFTER(STR(?eco), 'ECO_')) AS ?v)",
    "evidence_level": "?f adcko:hasEvidenceLevel ?l BIND(STRAFTER(STR(?l), 'CivicLevel') AS ?v)",
    "study": "?f adcko:inStudy/rdfs:label ?v",
    "nct_ids": "?f adcko:inStudy/adcko:nctId ?v",
    "population": "?f adcko:inPopulation/rdfs:label ?v",
    "quotes": "?f adcko:hasQuote/oa:hasSelector/oa:exact ?v",
    "sections": "?f adcko:hasQuote/adcko:inSection ?s"
    " OPTIONAL { ?s adcko:sectionNumber ?n } ?s rdfs:label ?t BIND(COALESCE(?n, ?t) AS ?v)",
    "reference_numbers": "?f cito:citesAsEvidence/adcko:referenceNumber ?v",
    "reference_dois": "?f cito:citesAsEvidence/skos:exactMatch ?d"
    " FILTER(STRSTARTS(STR(?d), 'https://doi.org/')) BIND(STRAFTER(STR(?d), 'doi.org/') AS ?v)",
    "reference_pmids": "?f cito:citesAsEvidence/skos:exactMatch ?d"
    " FILTER(STRSTARTS(STR(?d), 'https://identifiers.org/pubmed:'))"
    " BIND(STRAFTER(STR(?d), 'pubmed:') AS ?v)",
    "curation_record": "?f adcko:curationRecord ?v",
}


@pytest.fixture(scope="module")
def table() -> dict[str, dict[str, str]]:
    with (RELEASE / "adckg-findings.tsv").open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t")
        assert tuple(reader.fieldnames or ()) == COLUMNS
        rows = list(reader)
    by_id = {row["finding_id"]: row for row in rows}
    assert len(by_id) == len(rows), "one row per finding"
    return by_id


def _short(term) -> str:
    if isinstance(term, pyoxigraph.NamedNode):
        return "adckg:" + term.value.removeprefix("https://w3id.org/adckg/resource/")
    return term.value


def _values(store, column: str) -> dict[str, set[str]]:
    query = f"{PREFIXES} SELECT DISTINCT ?f ?v WHERE {{ ?f a adcko:Finding . {CELLS[column]} }}"
    found: dict[str, set[str]] = defaultdict(set)
    for solution in store.query(query):
        found[_short(solution["f"])].add(_short(solution["v"]))
    return found


def test_one_row_per_finding(store, table):
    findings = {
        _short(s["f"]) for s in store.query(f"{PREFIXES} SELECT ?f {{ ?f a adcko:Finding }}")
    }
    assert set(table) == findings


@pytest.mark.parametrize("column", sorted(CELLS))
def test_cells_hold_what_the_graph_says(store, table, column):
    expected = _values(store, column)
    for finding, row in table.items():
        cell = row[column]
        got = set(cell.split(SEPARATOR)) if cell else set()
        if column in ("reference_dois", "reference_pmids"):
            got.discard("-")  # a reference without that identifier
        assert got == expected.get(finding, set()), (finding, column)


def test_quotes_are_in_the_order_of_the_review(store, table):
    query = f"""{PREFIXES} SELECT ?f ?start ?v WHERE {{
      ?f a adcko:Finding ; adcko:hasQuote ?q . ?q oa:hasSelector ?p , ?t .
      ?p oa:start ?start . ?t oa:exact ?v }}"""
    starts: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for s in store.query(query):
        starts[_short(s["f"])].append((int(s["start"].value), s["v"].value))
    for finding, quotes in starts.items():
        assert table[finding]["quotes"].split(SEPARATOR) == [q for _, q in sorted(quotes)]


def test_reference_identifiers_line_up_with_numbers(table):
    row = table["adckg:daisy-SLX4-mutations"]
    # The review cites ref 44 (Shah et al., PLoS ONE 2013) for SLX4 mutations.
    assert row["reference_numbers"] == "44"
    assert row["reference_dois"] == "10.1371/journal.pone.0066961"
    assert row["significance"] == "confers resistance"
    assert row["therapy_ids"] == "adckg:T-DXd"
    assert row["nct_ids"] == "NCT04132960"  # DAISY


@pytest.mark.slow
def test_the_table_is_generated_by_the_build(built):
    from adckg.release.findings_table import findings_tsv

    assert built.files[RELEASE / "adckg-findings.tsv"] == findings_tsv(built.merged)
    assert (RELEASE / "adckg-findings.tsv").read_bytes() == findings_tsv(built.merged)
