"""Reasoning that grows with the graph: HermiT classifies the ontology once, rules type the data.

Whole-graph HermiT grows faster than the graph (36 s at 110,000 triples, over 150 s at a
million). Our ontology is Horn: named superclasses, domains and ranges, sub- and inverse
properties, defined classes of the form ``A and (p some B) and (q value v)``, unions
and enumerations, disjoint classes and functional properties. For such an ontology the
types HermiT gives an individual follow from what it is asserted to be and from its
neighbours, so they can be computed in one pass over the data after the ontology is
classified:

1. **Classify once.** HermiT runs on the ontology plus one fresh *prototype* individual
   per named class and per class expression used as a domain or range; the named types
   it infers for a prototype are that class's subsumers, everything the ontology alone
   entails for a member.
2. **Type the data by rules** compiled from the classified ontology: asserted types,
   domains and ranges (through sub- and inverse properties), the sufficient conditions of
   defined classes and of enumerations, the property values a class entails
   (``value`` restrictions), and a functional property's existential filler. Each
   individual's types depend on its own edges only, so the passes are linear in the
   graph; they repeat until nothing changes (as many passes as definitions nest).
3. **Anything outside that fragment goes back to HermiT:** an axiom the rules do not
   compile, ``owl:sameAs`` in the data, a functional property with two values or a
   literal outside its property's range. :func:`infer_types_by_records` then runs
   whole-graph HermiT (:func:`adckg.reason.infer_types`), so the answer is HermiT's in
   every case; ``tests/test_reason_records.py`` checks that both agree on the review.

Individuals typed into disjoint classes are reported as HermiT reports an inconsistent
graph.
"""

from __future__ import annotations

import tempfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from rdflib import OWL, RDF, RDFS, XSD, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from adckg.errors import ReasonerError
from adckg.graph.reason import find_java, infer_types, logical_part
from adckg.prefixes import new_graph

PROTOTYPE = "urn:adckg:prototype:"
INCONSISTENT = (
    "HermiT found the ontology and data inconsistent: some individual belongs to"
    " disjoint classes or breaks a functional property (check linkers typed both"
    " cleavable and non-cleavable, or two values of a functional property)"
)
# Axioms with no effect on the types of individuals (or handled below).
_HANDLED = {
    RDFS.subClassOf, OWL.equivalentClass, RDFS.domain, RDFS.range, RDFS.subPropertyOf,
    OWL.inverseOf, OWL.disjointWith, OWL.intersectionOf, OWL.unionOf, OWL.oneOf,
    OWL.onProperty, OWL.someValuesFrom, OWL.hasValue, RDF.first, RDF.rest, OWL.members,
}  # fmt: skip
# Constructs the rules do not compile: their presence sends the graph to HermiT whole.
_UNSUPPORTED = {
    OWL.allValuesFrom, OWL.complementOf, OWL.hasSelf, OWL.propertyChainAxiom, OWL.hasKey,
    OWL.disjointUnionOf, OWL.equivalentProperty, OWL.propertyDisjointWith, OWL.sameAs,
    OWL.cardinality, OWL.minCardinality, OWL.maxCardinality, OWL.qualifiedCardinality,
    OWL.minQualifiedCardinality, OWL.maxQualifiedCardinality, OWL.onClass, OWL.onDataRange,
    OWL.sourceIndividual, OWL.assertionProperty,
}  # fmt: skip
_UNSUPPORTED_TYPES = {
    OWL.TransitiveProperty, OWL.SymmetricProperty, OWL.AsymmetricProperty,
    OWL.ReflexiveProperty, OWL.IrreflexiveProperty, OWL.InverseFunctionalProperty,
    OWL.NegativePropertyAssertion, OWL.AllDifferent,
}  # fmt: skip
_INTEGERS: set[Node] = {
    XSD.integer, XSD.int, XSD.long, XSD.short, XSD.byte, XSD.nonNegativeInteger,
    XSD.positiveInteger, XSD.nonPositiveInteger, XSD.negativeInteger, XSD.unsignedLong,
    XSD.unsignedInt, XSD.unsignedShort, XSD.unsignedByte,
}  # fmt: skip
_IN_RANGE: dict[Node, set[Node]] = {XSD.decimal: _INTEGERS | {XSD.decimal}, XSD.integer: _INTEGERS}


class OutsideFragment(Exception):
    """The ontology or data uses something the rules do not compile; HermiT decides."""


@dataclass
class Condition:
    """One conjunct of a defined class: a named class, ``p some B`` or ``p value v``."""

    kind: str  # "class", "some" or "value"
    prop: Node | None = None
    target: Node | None = None


@dataclass
class Rules:
    """The classified ontology, compiled to what the rules need."""

    classes: set[URIRef]
    subsumers: dict[Node, frozenset[Node]]
    object_properties: set[Node]
    data_properties: set[Node]
    # (property, forward?) -> the (property, forward?) pairs an edge along it entails.
    closure: dict[tuple[Node, bool], set[tuple[Node, bool]]]
    domains: dict[Node, list[Node]]
    ranges: dict[Node, list[Node]]
    definitions: list[tuple[Node, list[Condition]]]
    values: dict[Node, list[tuple[Node, Node]]]  # class -> entailed (property, value)
    fillers: dict[Node, list[tuple[Node, Node]]]  # class -> (functional p, filler)
    disjoint: list[tuple[Node, Node]]
    functional: set[Node]
    members: list[tuple[Node, Node]]  # (individual, enumerated class)
    by_conjunct: dict[Node, list[int]] = field(default_factory=dict)


def infer_types_by_records(ontology: Graph, assertions: Graph) -> Graph:
    """The rdf:type triples whole-graph HermiT adds to ontology + assertions.

    :raises ReasonerError: as :func:`adckg.reason.infer_types` does.
    """
    try:
        rules = compile_rules(ontology)
        return type_individuals(rules, ontology, assertions)
    except OutsideFragment:
        merged = new_graph()
        for part in (ontology, assertions):
            for triple in part:
                merged.add(triple)
        return infer_types(merged)


def compile_rules(ontology: Graph) -> Rules:
    """Classify the ontology with HermiT (prototypes) and compile its axioms to rules."""
    for s, p, o in ontology:
        if p in _UNSUPPORTED or (p == RDF.type and o in _UNSUPPORTED_TYPES):
            raise OutsideFragment(f"{p if p != RDF.type else o}")
        if p == RDFS.subClassOf and isinstance(s, BNode):
            raise OutsideFragment("general class axiom")
    classes = {s for s in ontology.subjects(RDF.type, OWL.Class) if isinstance(s, URIRef)}
    object_properties = set(ontology.subjects(RDF.type, OWL.ObjectProperty))
    data_properties = set(ontology.subjects(RDF.type, OWL.DatatypeProperty))
    expressions = {
        o
        for p in (RDFS.domain, RDFS.range)
        for s, o in ontology.subject_objects(p)
        if s in object_properties and isinstance(o, BNode)
    }
    subsumers = _classify(ontology, sorted(expressions, key=str))
    for cls in classes:
        subsumers.setdefault(cls, frozenset({cls}))
    supers = _super_properties(ontology)
    inverse: dict[Node, set[Node]] = defaultdict(set)
    for p, q in ontology.subject_objects(OWL.inverseOf):
        inverse[p].add(q)
        inverse[q].add(p)
    closure = {}
    for p in object_properties:
        for forward in (True, False):
            closure[(p, forward)] = _edge_closure((p, forward), supers, inverse)
    domains: dict[Node, list[Node]] = defaultdict(list)
    ranges: dict[Node, list[Node]] = defaultdict(list)
    for p in object_properties | data_properties:
        for q in supers.get(p, {p}):
            domains[p].extend(ontology.objects(q, RDFS.domain))
            ranges[p].extend(ontology.objects(q, RDFS.range))
    definitions: list[tuple[Node, list[Condition]]] = []
    values: dict[Node, list[tuple[Node, Node]]] = defaultdict(list)
    necessary: dict[Node, list[tuple[Node, Node]]] = defaultdict(list)
    for cls in sorted(classes):
        for expression in ontology.objects(cls, OWL.equivalentClass):
            conditions = _conditions(ontology, expression)
            if conditions is not None:
                definitions.append((cls, conditions))
            for condition in conditions or []:
                _necessary(condition, cls, values, necessary)
        for expression in ontology.objects(cls, RDFS.subClassOf):
            for condition in _conditions(ontology, expression) or []:
                _necessary(condition, cls, values, necessary)
    members: list[tuple[Node, Node]] = [
        (individual, cls)
        for cls in sorted(classes)
        for expression in ontology.objects(cls, OWL.equivalentClass)
        if (listed := ontology.value(expression, OWL.oneOf)) is not None
        for individual in Collection(ontology, listed)
    ]
    functional = set(ontology.subjects(RDF.type, OWL.FunctionalProperty))
    fillers: dict[Node, list[tuple[Node, Node]]] = defaultdict(list)
    for cls in classes:  # a member's necessary conditions, its superclasses' included
        for sup in subsumers.get(cls, frozenset()):
            values[cls].extend(v for v in values.get(sup, []) if sup != cls)
            fillers[cls].extend((p, b) for p, b in necessary.get(sup, []) if p in functional)
    disjoint: list[tuple[Node, Node]] = [
        (a, b)
        for a, b in ontology.subject_objects(OWL.disjointWith)
        if isinstance(a, URIRef) and isinstance(b, URIRef)
    ]
    for group in ontology.subjects(RDF.type, OWL.AllDisjointClasses):
        head = ontology.value(group, OWL.members)
        if head is None:
            continue
        group_members = list(Collection(ontology, head))
        disjoint += [(a, b) for i, a in enumerate(group_members) for b in group_members[i + 1 :]]
    rules = Rules(
        classes, subsumers, object_properties, data_properties, closure, domains, ranges,
        definitions, dict(values), dict(fillers), disjoint, functional, members,
    )  # fmt: skip
    for index, (_, conditions) in enumerate(definitions):
        named = [c.target for c in conditions if c.kind == "class" and c.target is not None]
        key: Node = named[0] if named else OWL.Thing
        rules.by_conjunct.setdefault(key, []).append(index)
    return rules


def _necessary(condition, cls, values, necessary) -> None:
    if condition.kind == "value":
        values[cls].append((condition.prop, condition.target))
    elif condition.kind == "some":
        necessary[cls].append((condition.prop, condition.target))


def _conditions(ontology: Graph, expression: Node) -> list[Condition] | None:
    """A class expression as conjuncts; None for a union or an enumeration (see _classify)."""
    if isinstance(expression, URIRef):
        return [Condition("class", target=expression)]
    parts = ontology.value(expression, OWL.intersectionOf)
    if parts is not None:
        out: list[Condition] = []
        for part in Collection(ontology, parts):
            conditions = _conditions(ontology, part)
            if conditions is None:
                raise OutsideFragment("union inside an intersection")
            out.extend(conditions)
        return out
    prop = ontology.value(expression, OWL.onProperty)
    if prop is not None:
        filler = ontology.value(expression, OWL.someValuesFrom)
        if filler is not None:
            if not isinstance(filler, URIRef):
                raise OutsideFragment("nested class expression")
            return [Condition("some", prop, filler)]
        value = ontology.value(expression, OWL.hasValue)
        if value is not None:
            return [Condition("value", prop, value)]
        raise OutsideFragment("restriction")
    if (ontology.value(expression, OWL.unionOf) or ontology.value(expression, OWL.oneOf)) is None:
        raise OutsideFragment("class expression")
    return None


def _classify(ontology: Graph, expressions: list[Node]) -> dict[Node, frozenset[Node]]:
    """Every named subsumer of each class (and of each expression): one HermiT run.

    owlready2 records HermiT's direct superclasses of every named class in the
    ontology and an individual's direct types; one fresh prototype individual per
    expression gives that expression's direct named superclasses. The subsumers are
    the reflexive, transitive closure of these links and of the asserted ones.
    """
    import owlready2

    probe = logical_part(ontology)
    names = {}
    for index, expression in enumerate(expressions):
        individual = URIRef(f"{PROTOTYPE}{index}")
        names[individual] = expression
        probe.add((individual, RDF.type, expression))
    owlready2.JAVA_EXE = find_java()
    world = owlready2.World()
    with tempfile.TemporaryDirectory(prefix="adckg-classify-") as tmp:
        path = Path(tmp) / "ontology.nt"
        probe.serialize(destination=str(path), format="nt", encoding="utf-8")
        onto = world.get_ontology(path.as_uri()).load(format="ntriples", reload=True)
        try:
            with onto:
                owlready2.sync_reasoner_hermit(
                    world, infer_property_values=False, debug=0, keep_tmp_file=False
                )
        except Exception as exc:  # inconsistent or unsatisfiable: HermiT on the whole graph says so
            raise OutsideFragment(str(exc)) from exc
        if any(c.iri != str(OWL.Nothing) for c in world.inconsistent_classes()):
            raise OutsideFragment("unsatisfiable classes")
        reasoned = world.as_rdflib_graph()
        parents: dict[Node, set[Node]] = defaultdict(set)
        for graph in (ontology, reasoned):
            for child, parent in graph.subject_objects(RDFS.subClassOf):
                if isinstance(parent, URIRef):
                    parents[child].add(parent)
            for a, b in graph.subject_objects(OWL.equivalentClass):
                if isinstance(a, URIRef) and isinstance(b, URIRef):
                    parents[a].add(b)
                    parents[b].add(a)
        for individual, cls in reasoned.subject_objects(RDF.type):
            if individual in names and isinstance(cls, URIRef):
                parents[names[individual]].add(cls)
        world.close()
    out: dict[Node, frozenset[Node]] = {}
    for start in {*parents, *expressions, *(c for p in parents.values() for c in p)}:
        seen: set[Node] = {start} if isinstance(start, URIRef) else set()
        stack = list(parents.get(start, ()))
        while stack:
            node = stack.pop()
            if node not in seen:
                seen.add(node)
                stack.extend(parents.get(node, ()))
        out[start] = frozenset(seen - {OWL.Thing})
    return out


def _super_properties(ontology: Graph) -> dict[Node, set[Node]]:
    parents: dict[Node, set[Node]] = defaultdict(set)
    for p, q in ontology.subject_objects(RDFS.subPropertyOf):
        parents[p].add(q)
    out = {}
    for start in list(parents):
        seen, stack = {start}, [start]
        while stack:
            for q in parents.get(stack.pop(), ()):
                if q not in seen:
                    seen.add(q)
                    stack.append(q)
        out[start] = seen
    return out


def _edge_closure(start, supers, inverse) -> set[tuple[Node, bool]]:
    seen, stack = {start}, [start]
    while stack:
        p, forward = stack.pop()
        nexts = [(q, forward) for q in supers.get(p, ())]
        nexts += [(q, not forward) for q in inverse.get(p, ())]
        for state in nexts:
            if state not in seen:
                seen.add(state)
                stack.append(state)
    return seen


class _Types:
    """The types and edges of every individual, grown by the rules until they hold."""

    def __init__(self, rules: Rules) -> None:
        self.rules = rules
        self.types: dict[Node, set[Node]] = defaultdict(set)
        self.out: dict[Node, dict[Node, set[Node]]] = defaultdict(lambda: defaultdict(set))
        self.changed = False

    def add_type(self, x: Node, cls: Node) -> None:
        types = self.types[x]
        if cls in types:
            return
        subsumers = self.rules.subsumers.get(cls)
        if subsumers is None:
            if isinstance(cls, BNode):
                raise OutsideFragment("class expression as a type in the data")
            types.add(cls)
            return
        types.add(cls)
        for sup in subsumers:
            if sup not in types:
                types.add(sup)
        self.changed = True
        for sup in subsumers | {cls}:
            for prop, value in self.rules.values.get(sup, ()):
                self.add_edge(x, prop, value)
            for prop, filler in self.rules.fillers.get(sup, ()):
                for y in list(self.out[x].get(prop, ())):
                    self.add_type(y, filler)

    def add_edge(self, x: Node, prop: Node, y: Node) -> None:
        for q, forward in self.rules.closure.get((prop, True), {(prop, True)}):
            s, o = (x, y) if forward else (y, x)
            targets = self.out[s][q]
            if o in targets:
                continue
            targets.add(o)
            self.changed = True
            for cls in self.rules.domains.get(q, ()):
                self.add_type(s, cls)
            for cls in self.rules.ranges.get(q, ()):
                self.add_type(o, cls)
            for cls in list(self.types.get(s, ())):
                for prop, filler in self.rules.fillers.get(cls, ()):
                    if prop == q:
                        self.add_type(o, filler)


def _holds(state: _Types, x: Node, conditions: list[Condition]) -> bool:
    types = state.types.get(x, set())
    for condition in conditions:
        if condition.kind == "class":
            if condition.target not in types:
                return False
        elif condition.kind == "value":
            if condition.target not in state.out[x].get(cast(Node, condition.prop), ()):
                return False
        elif condition.target == OWL.Thing:
            if not state.out[x].get(cast(Node, condition.prop)):
                return False
        elif not any(
            condition.target in state.types.get(y, ())
            for y in state.out[x].get(cast(Node, condition.prop), ())
        ):
            return False
    return True


def type_individuals(rules: Rules, ontology: Graph, assertions: Graph) -> Graph:
    """Apply the rules to every individual of ontology + assertions; the types HermiT adds."""
    state = _Types(rules)
    asserted: set[tuple[Node, Node]] = set()
    data_values: dict[tuple[Node, Node], set[Literal]] = defaultdict(set)
    for individual, cls in rules.members:
        state.add_type(individual, cls)
    for s, p, o in _triples(ontology, assertions):
        if p == RDF.type:
            if o in rules.classes or isinstance(o, BNode):
                asserted.add((s, o))
                state.add_type(s, o)
        elif p in rules.object_properties:
            state.add_edge(s, p, o)
        elif p in rules.data_properties:
            _check_literal(rules, p, o)
            data_values[(s, p)].add(cast(Literal, o))  # _check_literal refused any other
            for cls in rules.domains.get(p, ()):
                state.add_type(s, cls)
        elif p == OWL.sameAs:
            raise OutsideFragment("owl:sameAs in the data")
    for (_, p), found in data_values.items():
        if p in rules.functional and len(found) > 1:
            raise OutsideFragment("two values of a functional data property")
    definitions = rules.definitions
    state.changed = True
    while state.changed:  # one pass per level of nested definitions
        state.changed = False
        for x in list(state.types.keys() | state.out.keys()):
            types = state.types.get(x, set())
            candidates = [i for c in (OWL.Thing, *types) for i in rules.by_conjunct.get(c, ())]
            for index in candidates:
                cls, conditions = definitions[index]
                if cls not in types and _holds(state, x, conditions):
                    state.add_type(x, cls)
                    types = state.types[x]
    for edges in state.out.values():
        for p in rules.functional & edges.keys():
            if len(edges[p]) > 1:
                raise OutsideFragment("two values of a functional object property")
    for types in state.types.values():
        for a, b in rules.disjoint:
            if a in types and b in types:
                raise ReasonerError(INCONSISTENT)
    return _inferred(rules, state, asserted, ontology)


def _triples(*graphs: Graph) -> Iterable[tuple[Node, Node, Node]]:
    for graph in graphs:
        yield from graph


def _check_literal(rules: Rules, prop: Node, value: Node) -> None:
    """A literal HermiT could refuse (ill-typed, outside the range) is left to HermiT."""
    if not isinstance(value, Literal) or value.ill_typed:
        raise OutsideFragment("ill-typed literal")
    for datatype in rules.ranges.get(prop, ()):
        allowed = _IN_RANGE.get(datatype, {datatype})
        plain = value.datatype is None and value.language is None
        if value.datatype not in allowed and not (plain and datatype == XSD.string):
            raise OutsideFragment("literal outside its property's range")


def _inferred(rules: Rules, state: _Types, asserted, ontology: Graph) -> Graph:
    """Each individual's most specific named types that were not asserted.

    That is what HermiT's realisation hands back through owlready2, and so what the
    whole-graph reasoner returns; the release's entailment regime adds the superclasses.
    """
    skip = {OWL.NamedIndividual, OWL.Thing}
    inferred = new_graph()
    for x, types in state.types.items():
        if not isinstance(x, URIRef) or x in rules.classes:
            continue  # a class IRI punned as a value (adcko:usesDrugClass), not data
        named = {c for c in types if isinstance(c, URIRef) and c in rules.classes} - skip
        for cls in named:
            if (x, cls) in asserted:
                continue
            below = (
                d for d in named if d != cls and cls in rules.subsumers[d]
                and d not in rules.subsumers[cls]
            )  # fmt: skip
            if next(below, None) is None:
                inferred.add((x, RDF.type, cls))
    return inferred
