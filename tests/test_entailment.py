"""The release holds the closure its ontology entails, apart from the asserted triples.

The closures are computed here from the ontology file itself with SPARQL property
paths (not by the build's own code, and not from a list of cases), over the released
whole graph on disk.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import RDF, URIRef

from adckg.graph.entailment import entail
from adckg.prefixes import ADCKO, new_graph

from .conftest import PROJECT
from .constants import T_DXD

ONTOLOGY_GRAPH = ox.NamedNode("urn:adckg:test:ontology")
PREFIXES = """
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX adcko: <https://w3id.org/adckg/ontology/>
"""


@pytest.fixture(scope="module")
def store() -> ox.Store:
    """The released whole graph as default graph, the edit ontology as a named graph."""
    s = ox.Store()
    s.bulk_load(path=str(PROJECT.release_dir / "adckg.nt"), format=ox.RdfFormat.N_TRIPLES)
    s.bulk_load(
        path=str(PROJECT.ontology_file), format=ox.RdfFormat.TURTLE, to_graph=ONTOLOGY_GRAPH
    )
    return s


def _rows(store: ox.Store, query: str) -> list[tuple[str, ...]]:
    return [
        tuple(str(term) for term in row)
        for row in store.query(PREFIXES + query, default_graph=ox.DefaultGraph())
    ]


def test_every_individual_has_all_its_named_superclass_types(store):
    missing = _rows(
        store,
        """SELECT ?x ?d WHERE {
             ?x rdf:type ?c .
             GRAPH <urn:adckg:test:ontology> { ?c rdfs:subClassOf+ ?d }
             FILTER (isIRI(?d))
             FILTER NOT EXISTS { ?x rdf:type ?d }
           }""",
    )
    assert missing == []
    assert len(_rows(store, "SELECT ?x WHERE { ?x a adcko:Drug }")) > 30


def test_every_super_property_triple_is_stated(store):
    missing = _rows(
        store,
        """SELECT ?x ?q ?y WHERE {
             GRAPH <urn:adckg:test:ontology> { ?p rdfs:subPropertyOf+ ?q }
             ?x ?p ?y .
             FILTER NOT EXISTS { ?x ?q ?y }
           }""",
    )
    assert missing == []
    parts = _rows(store, f"SELECT ?p WHERE {{ <{T_DXD}> adcko:hasComponent ?p }}")
    assert len(parts) == 3  # antibody, linker, payload


def test_both_directions_of_every_inverse_are_stated(store):
    missing = _rows(
        store,
        """SELECT ?x ?q ?y WHERE {
             GRAPH <urn:adckg:test:ontology> {
               { ?p owl:inverseOf ?q } UNION { ?q owl:inverseOf ?p }
             }
             ?x ?p ?y .
             FILTER NOT EXISTS { ?y ?q ?x }
           }""",
    )
    assert missing == []
    assert len(_rows(store, "SELECT ?f WHERE { ?m adcko:isSubjectOf ?f }")) > 200


def test_entailed_triples_are_kept_apart_from_the_asserted_ones():
    def lines(name: str) -> set[str]:
        text = (PROJECT.release_dir / name).read_text(encoding="utf-8")
        return {line for line in text.splitlines() if line.strip()}

    asserted, inferred = lines("adckg-assertions.nt"), lines("adckg-inferred.nt")
    assert asserted.isdisjoint(inferred)
    inverse = f"<{ADCKO.isSubjectOf}>"
    assert not any(inverse in line for line in asserted)
    assert any(inverse in line for line in inferred)


def test_the_dataset_description_names_the_regime():
    text = (PROJECT.release_dir / "adckg-metadata.ttl").read_text(encoding="utf-8")
    assert "subclass and subproperty closure plus owl:inverseOf closure" in text


def test_closure_reaches_a_fixed_point_through_chained_axioms():
    """A sub-property whose super-property has an inverse gives all three triples."""
    ex = "https://example.org/"
    p, q, r, c, d, e = (URIRef(ex + n) for n in ("p", "q", "r", "C", "D", "E"))
    x, y = URIRef(ex + "x"), URIRef(ex + "y")
    onto = new_graph()
    onto.parse(
        data=f"""@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        @prefix owl: <http://www.w3.org/2002/07/owl#> .
        <{p}> rdfs:subPropertyOf <{q}> . <{q}> owl:inverseOf <{r}> .
        <{c}> rdfs:subClassOf <{d}> . <{d}> rdfs:subClassOf <{e}> .""",
        format="turtle",
    )
    data = new_graph()
    data.add((x, p, y))
    data.add((x, RDF.type, c))
    added = set(entail(onto, data))
    assert added == {(x, q, y), (y, r, x), (x, RDF.type, d), (x, RDF.type, e)}
