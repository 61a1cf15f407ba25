"""Ontology quality: every term labelled and defined, OWL 2 DL declarations in place."""

from __future__ import annotations

import pytest
from rdflib import OWL, RDF, RDFS, Graph, URIRef

from adckg.prefixes import ADCKO
from adckg.vocab import IAO_DEFINITION

from .conftest import PROJECT

EDIT = Graph().parse(PROJECT.ontology_file, format="turtle")
TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
OWN_TERMS = sorted(
    {s for t in TERM_TYPES for s in EDIT.subjects(RDF.type, t) if str(s).startswith(str(ADCKO))}
)


@pytest.mark.parametrize("term", OWN_TERMS, ids=lambda t: str(t).rsplit("/", 1)[-1])
def test_every_term_has_one_english_label_and_a_definition(term: URIRef):
    labels = [o for o in EDIT.objects(term, RDFS.label) if getattr(o, "language", None) == "en"]
    assert len(labels) == 1, f"{term} needs exactly one @en rdfs:label"
    assert EDIT.value(term, IAO_DEFINITION) is not None, f"{term} needs an IAO:0000115 definition"


def test_no_two_terms_share_a_label():
    seen: dict[str, URIRef] = {}
    for term in OWN_TERMS:
        label = str(EDIT.value(term, RDFS.label)).lower()
        assert label not in seen, f"{term} and {seen[label]} share the label '{label}'"
        seen[label] = term


def test_every_predicate_used_in_the_release_is_declared(committed):
    declared = {s for t in TERM_TYPES for s in committed.ontology.subjects(RDF.type, t)}
    builtin = {
        RDF.type,
        RDF.first,
        RDF.rest,
        RDFS.label,
        RDFS.comment,
        RDFS.seeAlso,
        RDFS.subClassOf,
        RDFS.domain,
        RDFS.range,
        RDFS.subPropertyOf,
        RDFS.isDefinedBy,
    }
    used = {p for p in committed.merged.predicates() if not str(p).startswith(str(OWL))}
    assert sorted(used - declared - builtin) == []


def test_every_class_used_for_typing_is_declared(committed):
    declared = set(committed.ontology.subjects(RDF.type, OWL.Class))
    used = {o for o in committed.assertions.objects(None, RDF.type) if o != OWL.NamedIndividual}
    assert sorted(used - declared) == []


def test_defined_classes_exist_for_the_reasoner():
    equivalent = {s for s in EDIT.subjects(OWL.equivalentClass, None)}
    for name in (
        "ADCWithNonCleavableLinker",
        "Topoisomerase1InhibitorADC",
        "ClinicallySupportedMechanism",
        "SensitivityFactor",
    ):
        assert ADCKO[name] in equivalent
