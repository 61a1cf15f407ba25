"""The KGX export: every effect direction has its Biolink predicate (or a stated none), and
the edges per direction are exactly the (factor, drug) pairs of the findings, each edge
carrying every finding that supports it."""

from __future__ import annotations

import csv
from collections import defaultdict

import pytest

from adckg.prefixes import ADCKO
from adckg.release.kgx import DIRECTION_PREDICATES, LIST_SEPARATOR, STRUCTURAL

from .conftest import PROJECT

RELEASE = PROJECT.release_dir


def _rows(name: str) -> list[dict[str, str]]:
    with (RELEASE / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


@pytest.fixture(scope="module")
def edges() -> list[dict[str, str]]:
    return _rows("adckg-kgx-edges.tsv")


@pytest.fixture(scope="module")
def node_ids() -> set[str]:
    return {row["id"] for row in _rows("adckg-kgx-nodes.tsv")}


def _curie(iri: str) -> str:
    return "adckg:" + iri.removeprefix("https://w3id.org/adckg/resource/")


def test_every_effect_direction_of_the_ontology_is_mapped(store):
    directions = {
        s.value
        for s in store.query(
            "SELECT ?d WHERE { ?d a <https://w3id.org/adckg/ontology/EffectDirection> }"
        )
        for s in [s["d"]]
    }
    assert directions == {str(d) for d in DIRECTION_PREDICATES}
    assert DIRECTION_PREDICATES[ADCKO.ConfersResistance] == "biolink:associated_with_resistance_to"
    assert (
        DIRECTION_PREDICATES[ADCKO.IncreasesSensitivity] == "biolink:associated_with_sensitivity_to"
    )


def _pairs_by_direction(store, node_ids: set[str]) -> dict[str, dict[tuple[str, str], set[str]]]:
    """direction -> (factor, drug) -> findings, read from the release with SPARQL."""
    query = """
    PREFIX adcko: <https://w3id.org/adckg/ontology/>
    SELECT ?finding ?direction ?factor ?drug WHERE {
      ?finding adcko:hasDirection ?direction ; adcko:concernsDrug ?drug .
      { ?finding adcko:hasSubject ?factor } UNION { ?finding adcko:involves ?factor }
    }"""
    found: dict[str, dict[tuple[str, str], set[str]]] = defaultdict(lambda: defaultdict(set))
    drugs_of: dict[str, set[str]] = defaultdict(set)
    rows = [
        {k: _curie(s[k].value) for k in ("finding", "factor", "drug")}
        | {"direction": s["direction"].value}
        for s in store.query(query)
    ]
    for row in rows:
        drugs_of[row["finding"]].add(row["drug"])
    for row in rows:
        factor, drug = row["factor"], row["drug"]
        if factor in node_ids and drug in node_ids and factor not in drugs_of[row["finding"]]:
            found[row["direction"]][(factor, drug)].add(row["finding"])
    return found


def test_edges_per_direction_are_the_findings_pairs(store, edges, node_ids):
    expected = _pairs_by_direction(store, node_ids)
    assert len(expected[str(ADCKO.IncreasesSensitivity)]) > 0  # the review has sensitivity facts
    for direction, predicate in DIRECTION_PREDICATES.items():
        if predicate is None:
            continue
        got = {
            (e["subject"], e["object"]): set(e["adckg_findings"].split(LIST_SEPARATOR))
            for e in edges
            if e["predicate"] == predicate
        }
        assert got == expected[str(direction)], predicate


def test_the_predicate_set_is_exactly_the_mapped_ones(edges):
    used = {e["predicate"] for e in edges}
    assert used == {p for _, p in STRUCTURAL} | {
        p for p in DIRECTION_PREDICATES.values() if p is not None
    }


def test_edge_ids_are_unique_and_hold_no_list_separator(edges):
    ids = [e["id"] for e in edges]
    assert len(set(ids)) == len(ids)
    assert not [i for i in ids if LIST_SEPARATOR in i]
    keys = [(e["subject"], e["predicate"], e["object"]) for e in edges]
    assert len(set(keys)) == len(keys), "one edge per (subject, predicate, object)"


def test_a_repeated_pair_keeps_the_evidence_of_each_finding(edges):
    # The review ties lysosomal dysfunction to resistance to T-DM1 in its lysosome paragraph
    # (SLC46A3 loss; pH and transport defects) and again in its summary of T-DM1 resistance.
    edge = next(
        e
        for e in edges
        if (e["subject"], e["predicate"], e["object"])
        == ("adckg:lysosomal-dysfunction", "biolink:associated_with_resistance_to", "adckg:T-DM1")
    )
    findings = edge["adckg_findings"].split(LIST_SEPARATOR)
    assert len(findings) >= 2
    quotes = edge["supporting_text"].split(LIST_SEPARATOR)
    assert len(quotes) >= 2
