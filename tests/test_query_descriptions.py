"""The saved queries described in RDF (SIB SPARQL examples style): generated from the .rq
headers into the release, each sh:select giving the answers of its file, and listed by the
served endpoint the way query editors ask for them."""

from __future__ import annotations

import httpx
import pyoxigraph as ox
import pytest
from rdflib import RDF, RDFS, Graph, Literal

from adckg.prefixes import ADCKQ as QUERIES
from adckg.prefixes import SCHEMA, SH
from adckg.release.query_descriptions import describe_queries, query_body
from adckg.store.query import bind, list_queries

from .conftest import PROJECT
from .serving import running_server

RELEASE = PROJECT.release_dir
SAVED = list_queries(PROJECT.queries_dir)
# What the SIB sparql-editor asks an endpoint to list its examples.
EDITOR_LISTING = """PREFIX sh: <http://www.w3.org/ns/shacl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?sq ?comment ?query WHERE {
  ?sq a sh:SPARQLExecutable ; rdfs:comment ?comment ;
      sh:select|sh:ask|sh:construct|sh:describe ?query .
} ORDER BY ?sq"""


@pytest.fixture(scope="module")
def described() -> Graph:
    return Graph().parse(RELEASE / "adckg-queries.ttl", format="turtle")


def test_the_release_file_is_generated_from_the_query_headers(described):
    from rdflib.compare import isomorphic

    assert isomorphic(described, describe_queries(SAVED))


def test_every_saved_query_is_described_with_its_header(described):
    assert len(SAVED) > 0
    for saved in SAVED:
        node = QUERIES[saved.name]
        assert (node, RDF.type, SH.SPARQLSelectExecutable) in described
        assert (node, RDF.type, SH.SPARQLExecutable) in described
        assert described.value(node, RDFS.label) == Literal(saved.title, lang="en")
        comment = str(described.value(node, RDFS.comment))
        assert comment.startswith(saved.question)
        assert all(f"?{p.name}" in comment for p in saved.parameters)
        assert described.value(node, SCHEMA.target) is not None
    executables = set(described.subjects(RDF.type, SH.SPARQLExecutable))
    assert executables == {QUERIES[s.name] for s in SAVED}


def _answers(store: ox.Store, text: str) -> list[list[str]]:
    solutions = store.query(text)
    columns = [v for v in solutions.variables]
    return [[str(s[c]) for c in columns] for s in solutions]


@pytest.mark.parametrize("saved", SAVED, ids=lambda q: q.name)
def test_described_query_answers_as_its_file(saved, described, store):
    text = str(described.value(QUERIES[saved.name], SH.select))
    assert text == query_body(saved)
    # The file as it is (a parameter left open answers for every value), and, bound to its
    # default, a subset of those answers.
    everything = _answers(store, text)
    assert everything == _answers(store, saved.text)
    if saved.parameters:
        assert all(row in everything for row in _answers(store, bind(saved, {})))


@pytest.mark.slow
def test_the_endpoint_lists_the_saved_queries_for_query_editors():
    with running_server(workers=1) as (base, _):
        response = httpx.get(
            f"{base}/sparql",
            params={"query": EDITOR_LISTING},
            headers={"Accept": "application/sparql-results+json"},
            timeout=60,
        )
    assert response.status_code == 200, response.text[:500]
    rows = response.json()["results"]["bindings"]
    listed = {row["sq"]["value"] for row in rows}
    assert listed == {str(QUERIES[s.name]) for s in SAVED}
    assert all(row["comment"]["value"] and "SELECT" in row["query"]["value"] for row in rows)
