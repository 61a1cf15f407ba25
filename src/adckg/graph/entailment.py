"""The release's entailment regime, materialised: what the ontology entails for the data.

The regime is "RDFS class and property hierarchy, plus owl:inverseOf, over HermiT's
classification" (documented in docs/entailment.md). Starting from the asserted
triples and the types HermiT infers, it adds until nothing changes:

* ``x rdf:type D`` for every named class D above a type C of x (``C rdfs:subClassOf+ D``);
* ``x Q y`` for every property Q above a property P with ``x P y`` (``P rdfs:subPropertyOf+ Q``);
* ``y Q x`` for every ``x P y`` where ``P owl:inverseOf Q`` or ``Q owl:inverseOf P``.

Only object-valued triples of properties the ontology declares are closed (annotation
properties such as ``cito:citesAsEvidence`` are OWL annotations, so HermiT ignores them,
but their declared sub-properties are closed too: a query for the super-property must
find every citation). Hierarchies are read from the ontology itself, never listed here,
and the result holds only triples not already stated, so the release's asserted and
inferred parts stay apart.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef

from adckg.prefixes import DCTERMS, SD, VOID, new_graph

REGIME = (
    "RDFS subclass and subproperty closure plus owl:inverseOf closure over HermiT's"
    " classification (OWL 2 Direct Semantics class assertions of named classes)"
)


def _closure(pairs: Iterable[tuple[URIRef, URIRef]]) -> dict[URIRef, set[URIRef]]:
    """Every strict ancestor of each node of a directed graph given as (child, parent)."""
    parents: dict[URIRef, set[URIRef]] = {}
    for child, parent in pairs:
        if child != parent:
            parents.setdefault(child, set()).add(parent)
    ancestors: dict[URIRef, set[URIRef]] = {}
    for start in parents:
        seen: set[URIRef] = set()
        stack = list(parents[start])
        while stack:
            node = stack.pop()
            if node in seen or node == start:
                continue
            seen.add(node)
            stack.extend(parents.get(node, ()))
        ancestors[start] = seen
    return ancestors


def _named(pairs: Iterable[tuple[object, object]]) -> list[tuple[URIRef, URIRef]]:
    return [(a, b) for a, b in pairs if isinstance(a, URIRef) and isinstance(b, URIRef)]


def superclasses(ontology: Graph) -> dict[URIRef, set[URIRef]]:
    """Named strict superclasses of every named class (rdfs:subClassOf, transitively)."""
    return _closure(_named(ontology.subject_objects(RDFS.subClassOf)))


def superproperties(ontology: Graph) -> dict[URIRef, set[URIRef]]:
    """Strict super-properties of every property (rdfs:subPropertyOf, transitively)."""
    return _closure(_named(ontology.subject_objects(RDFS.subPropertyOf)))


def inverses(ontology: Graph) -> dict[URIRef, set[URIRef]]:
    """The inverse properties of every property (owl:inverseOf read both ways)."""
    found: dict[URIRef, set[URIRef]] = {}
    for p, q in _named(ontology.subject_objects(OWL.inverseOf)):
        found.setdefault(p, set()).add(q)
        found.setdefault(q, set()).add(p)
    return found


def entail(ontology: Graph, data: Graph) -> Graph:
    """The triples the regime adds to ``data`` (assertions plus HermiT's types).

    Iterates to a fixed point, since a super-property may have an inverse and an inverse
    may have super-properties.
    """
    up_class = superclasses(ontology)
    up_property = superproperties(ontology)
    inverse = inverses(ontology)
    known = set(data)
    added = new_graph()
    frontier = list(data)
    while frontier:
        fresh: list[tuple] = []
        for s, p, o in frontier:
            if not isinstance(s, URIRef):
                continue
            candidates: list[tuple] = []
            if p == RDF.type:
                if isinstance(o, URIRef):
                    candidates = [(s, RDF.type, c) for c in up_class.get(o, ())]
            elif isinstance(o, URIRef) and isinstance(p, URIRef):
                candidates = [(s, q, o) for q in up_property.get(p, ())]
                candidates += [(o, q, s) for q in inverse.get(p, ())]
            for triple in candidates:
                if triple not in known:
                    known.add(triple)
                    added.add(triple)
                    fresh.append(triple)
        frontier = fresh
    return added


def describe_regime(dataset: URIRef, inferred_graph: URIRef) -> Graph:
    """The dataset-description triples that name the regime and where its triples are.

    The inferred part is a VoID subset of the dataset and the named graph that holds it;
    its description states the regime in words and points to the asserted part's absence
    of these triples, so a reader knows which graph to load for which answers.
    """
    void, sd = VOID, SD
    out = new_graph()
    out.bind("sd", sd)
    out.add((dataset, void.subset, inferred_graph))
    out.add((inferred_graph, RDF.type, void.Dataset))
    out.add((inferred_graph, RDF.type, sd.Graph))
    # Declared, as OWL 2 DL asks of every entity the description uses (see void.py).
    out.add((sd.Graph, RDF.type, OWL.Class))
    out.add((void.Dataset, RDF.type, OWL.Class))
    out.add((void.subset, RDF.type, OWL.AnnotationProperty))
    out.add((inferred_graph, DCTERMS.title, Literal("inferred part", lang="en")))
    out.add(
        (
            inferred_graph,
            DCTERMS.description,
            Literal(
                f"Entailment regime: {REGIME}. Holds every triple the regime adds to the"
                " asserted part and to nothing else: HermiT's class assertions, every named"
                " superclass type, every super-property triple and both directions of every"
                " owl:inverseOf. Load the asserted part alone to query without them.",
                lang="en",
            ),
        )
    )
    return out
