"""The saved queries described in RDF, as the SIB SPARQL examples collection does.

Query editors (the SIB sparql-editor, YASGUI plugins) list an endpoint's examples by asking
it for ``sh:SPARQLExecutable`` nodes with an ``rdfs:comment`` and the query text in
``sh:select``; ``schema:target`` names the endpoint the query is meant for. The
description is generated from each ``queries/*.rq`` header, so the two cannot drift; the
release ships it as ``adckg-queries.ttl`` and the endpoint loads it next to the graph.
The vocabulary used is declared (annotation properties, classes), so the file stays an
OWL 2 DL document like the rest of the release.
"""

from __future__ import annotations

import re

from rdflib import OWL, RDF, RDFS, Graph, Literal

from adckg import iris
from adckg.errors import InputError
from adckg.prefixes import ADCKQ, DCTERMS, SCHEMA, SH, new_graph
from adckg.store.query import SavedQuery


def query_body(saved: SavedQuery) -> str:
    """The query without its ``# key: value`` header: PREFIX lines and the query itself."""
    lines = saved.text.splitlines()
    start = next((i for i, line in enumerate(lines) if not line.startswith("#")), len(lines))
    return "\n".join(lines[start:]).strip() + "\n"


def _comment(saved: SavedQuery) -> str:
    """The question, then the description and any parameter, in the words of the header."""
    parts = [saved.question, saved.header.get("description", "")]
    parts += [
        f"Parameter ?{p.name} ({p.kind}, default {p.default}): {p.doc}." for p in saved.parameters
    ]
    return " ".join(p.strip() for p in parts if p.strip())


def describe_queries(queries: list[SavedQuery]) -> Graph:
    """One ``sh:SPARQLSelectExecutable`` per saved query (all of ours are SELECT queries)."""
    graph = new_graph()
    graph.bind("sh", SH)
    graph.bind("schema", SCHEMA)
    graph.bind("adckq", ADCKQ)
    for saved in queries:
        body = query_body(saved)
        form = re.search(r"^\s*(SELECT|CONSTRUCT|ASK|DESCRIBE)\b", body, re.I | re.M)
        if form is None or form.group(1).upper() != "SELECT":
            raise InputError(
                f"{saved.path}: only SELECT queries are described (sh:SPARQLSelectExecutable);"
                " add the other forms to adckg.release.query_descriptions first"
            )
        node = iris.saved_query(saved.name)
        graph.add((node, RDF.type, SH.SPARQLExecutable))
        graph.add((node, RDF.type, SH.SPARQLSelectExecutable))
        graph.add((node, RDFS.label, Literal(saved.title, lang="en")))
        graph.add((node, RDFS.comment, Literal(_comment(saved), lang="en")))
        graph.add((node, SH.select, Literal(body)))
        graph.add((node, SCHEMA.target, iris.ENDPOINT))
        graph.add((node, DCTERMS.identifier, Literal(saved.name)))
    for cls in (SH.SPARQLExecutable, SH.SPARQLSelectExecutable):
        graph.add((cls, RDF.type, OWL.Class))
    for prop in (SH.select, SCHEMA.target, DCTERMS.identifier):
        graph.add((prop, RDF.type, OWL.AnnotationProperty))
    return graph
