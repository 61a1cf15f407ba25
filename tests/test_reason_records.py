"""Reasoning per record equals whole-graph HermiT, the reference, on the review.

HermiT classifies the ontology once; rules compiled from the classification type each
individual (``adckg.graph.reason_records``). These tests compare the rules' answer with one
HermiT run over ontology + assertions, on the real graph and on three copies of it
(records of different copies must not type each other), and check that what the rules
do not compile is left to HermiT.
"""

from __future__ import annotations

import sys

import pytest
from rdflib import OWL, RDF, URIRef

from adckg.curation.anchors import anchor_registered
from adckg.curation.load import load_curation
from adckg.errors import ReasonerError
from adckg.graph.build import build_graph
from adckg.graph.reason import infer_types
from adckg.graph.reason_records import OutsideFragment, compile_rules, type_individuals
from adckg.prefixes import ADCKG, ADCKO, new_graph
from adckg.release.serialize import merge

from .conftest import PROJECT, ROOT

sys.path.insert(0, str(ROOT / "bench"))
from sources import write_sources  # noqa: E402  (bench/ is not a package)

pytestmark = pytest.mark.slow  # HermiT runs in Java


@pytest.fixture(scope="module")
def rules(built):
    return compile_rules(built.ontology)


def test_rules_type_the_review_as_whole_graph_hermit(built, rules):
    by_rules = type_individuals(rules, built.ontology, built.assertions)
    by_hermit = infer_types(merge(built.ontology, built.assertions))
    assert len(by_hermit) > 100  # defined classes: findings, mechanisms, ADCs by payload
    assert set(by_rules) == set(by_hermit)


def test_rules_type_three_copies_as_whole_graph_hermit(built, rules, tmp_path, source_text):
    write_sources(3, tmp_path)
    curation = load_curation(tmp_path, PROJECT.root / "kg" / "sources")
    assertions = build_graph(curation, anchor_registered(curation, curation.review, source_text))
    by_rules = type_individuals(rules, built.ontology, assertions)
    assert set(by_rules) == set(infer_types(merge(built.ontology, assertions)))
    copied = {t for t in by_rules if str(t[0]).startswith(f"{ADCKG}c2-")}
    assert len(copied) == len([t for t in by_rules if str(t[0]).startswith(f"{ADCKG}c1-")]) > 0


def test_disjoint_types_are_inconsistent_for_both(built, rules):
    linker = URIRef(f"{ADCKG}test-linker")
    assertions = merge(built.assertions, new_graph())
    assertions.add((linker, RDF.type, ADCKO.CleavableLinker))
    assertions.add((linker, RDF.type, ADCKO.NonCleavableLinker))
    with pytest.raises(ReasonerError, match="inconsistent"):
        type_individuals(rules, built.ontology, assertions)
    with pytest.raises(ReasonerError, match="inconsistent"):
        infer_types(merge(built.ontology, assertions))


def test_two_values_of_a_functional_property_are_left_to_hermit(built, rules):
    assertions = merge(built.assertions, new_graph())
    adc = URIRef(f"{ADCKG}T-DM1")
    assertions.add((adc, ADCKO.hasPayload, URIRef(f"{ADCKG}test-second-payload")))
    with pytest.raises(OutsideFragment, match="functional"):
        type_individuals(rules, built.ontology, assertions)


def test_an_axiom_the_rules_do_not_compile_is_left_to_hermit(built):
    ontology = merge(built.ontology, new_graph())
    ontology.add((ADCKO.hasSubject, RDF.type, OWL.TransitiveProperty))
    with pytest.raises(OutsideFragment):
        compile_rules(ontology)
