"""Every SHACL constraint fires on a broken fixture, with its severity and message.

Each fixture ``tests/shapes/*.ttl`` opens with a header naming the result it must
produce, then holds a small Turtle graph that breaks exactly that rule::

    # shape: adcks:Trial-phase
    # component: sh:InConstraintComponent
    # severity: Violation
    # message: Trial NCT01234567 has phase adcko:PhaseIV - use one of I, I/Ib, Ib, Ib/II, II, III

The fixture is validated together with the released ontology (for the class
hierarchy), and no other result may appear: a result the breakage causes too is listed
in the header, one ``# also: SHAPE COMPONENT SEVERITY  (why)`` line each. A further test
checks that every (shape, constraint component) pair of ``shapes/`` has a fixture.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import SH

from adckg.graph.validate import Result, load_shapes, validate_graph
from adckg.prefixes import converter, new_graph
from adckg.release.serialize import merge

from .conftest import PROJECT

FIXTURES = Path(__file__).parent / "shapes"
SHAPES = load_shapes(PROJECT.shapes_dir)
ONTOLOGY = Graph().parse(PROJECT.release_dir / "adckg-ontology.ttl", format="turtle")

# Constraint parameters -> the component that reports them.
PARAMETERS = {
    SH.minCount: "sh:MinCountConstraintComponent",
    SH.maxCount: "sh:MaxCountConstraintComponent",
    SH["class"]: "sh:ClassConstraintComponent",
    SH.datatype: "sh:DatatypeConstraintComponent",
    SH["in"]: "sh:InConstraintComponent",
    SH.pattern: "sh:PatternConstraintComponent",
    SH.minInclusive: "sh:MinInclusiveConstraintComponent",
    SH.maxInclusive: "sh:MaxInclusiveConstraintComponent",
    SH.minExclusive: "sh:MinExclusiveConstraintComponent",
    SH.maxExclusive: "sh:MaxExclusiveConstraintComponent",
    SH.minLength: "sh:MinLengthConstraintComponent",
    SH.languageIn: "sh:LanguageInConstraintComponent",
    SH.nodeKind: "sh:NodeKindConstraintComponent",
    SH.lessThan: "sh:LessThanConstraintComponent",
    SH.lessThanOrEquals: "sh:LessThanOrEqualsConstraintComponent",
    SH["or"]: "sh:OrConstraintComponent",
    SH.closed: "sh:ClosedConstraintComponent",
}


@dataclass(frozen=True)
class Fixture:
    path: Path
    shape: str
    component: str
    severity: str
    message: str
    also: frozenset[tuple[str, str, str]] = frozenset()

    @property
    def expected(self) -> set[tuple[str, str, str]]:
        """Every (shape, component, severity) the fixture must produce, and no other."""
        return {(self.shape, self.component, self.severity), *self.also}


def read_fixture(path: Path) -> Fixture:
    header: dict[str, str] = {}
    also: set[tuple[str, str, str]] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        key, _, value = line[1:].partition(":")
        if key.strip() == "also":
            shape, component, severity = value.split()[:3]
            also.add((shape, component, severity))
        else:
            header[key.strip()] = value.strip()
    missing = {"shape", "component", "severity", "message"} - set(header)
    assert not missing, f"{path.name}: header lacks {sorted(missing)}"
    return Fixture(
        path,
        header["shape"],
        header["component"],
        header["severity"],
        header["message"],
        frozenset(also),
    )


def _short(iri: URIRef) -> str:
    return converter().compress(str(iri)) or str(iri)


def constraints() -> set[tuple[str, str]]:
    """(shape, component) for every constraint of shapes/."""
    pairs: set[tuple[str, str]] = set()
    for shape in set(SHAPES.subjects(RDF.type, SH.PropertyShape)) | set(
        SHAPES.subjects(RDF.type, SH.NodeShape)
    ):
        if not isinstance(shape, URIRef):
            continue
        for parameter, component in PARAMETERS.items():
            if (shape, parameter, None) in SHAPES:
                if parameter == SH.closed or (shape, RDF.type, SH.PropertyShape) in SHAPES:
                    pairs.add((_short(shape), component))
                elif parameter == SH["or"]:
                    pairs.add((_short(shape), component))
    for constraint in SHAPES.subjects(RDF.type, SH.SPARQLConstraint):
        pairs.add((_short(constraint), "sh:SPARQLConstraintComponent"))
    return pairs


FIXTURE_FILES = sorted(FIXTURES.glob("*.ttl"))


@pytest.mark.slow
@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: p.stem)
def test_fixture_fires_its_constraint(path: Path):
    fixture = read_fixture(path)
    data = new_graph().parse(path, format="turtle")
    report = validate_graph(merge(ONTOLOGY, data), SHAPES)
    matching = [
        r
        for r in report.results
        if (r.shape, r.component, r.severity)
        == (fixture.shape, fixture.component, fixture.severity)
    ]
    shown = "\n".join(_describe(r) for r in report.results)
    assert matching, f"{path.name}: expected {fixture.shape} to fire; got:\n{shown}"
    messages = [r.message for r in matching]
    assert fixture.message in messages, f"{path.name}: messages were {messages}"
    produced = {(r.shape, r.component, r.severity) for r in report.results}
    assert produced == fixture.expected, (
        f"{path.name}: results other than the header's:\n"
        + "\n".join(f"  unexpected {' '.join(k)}" for k in sorted(produced - fixture.expected))
        + "\n".join(f"  missing {' '.join(k)}" for k in sorted(fixture.expected - produced))
    )


def _describe(result: Result) -> str:
    return f"  {result.severity} {result.shape} {result.component}: {result.message}"


def test_every_constraint_has_a_fixture():
    covered = {(read_fixture(p).shape, read_fixture(p).component) for p in FIXTURE_FILES}
    missing = sorted(constraints() - covered)
    assert not missing, "constraints without a broken fixture in tests/shapes/:\n" + "\n".join(
        f"  {shape} {component}" for shape, component in missing
    )


def test_every_shape_has_a_label_and_a_comment():
    for shape in SHAPES.subjects(RDF.type, SH.NodeShape):
        if isinstance(shape, URIRef):
            assert SHAPES.value(shape, URIRef("http://www.w3.org/2000/01/rdf-schema#label")), shape
            assert SHAPES.value(shape, URIRef("http://www.w3.org/2000/01/rdf-schema#comment")), (
                shape
            )


def test_every_constraint_has_a_message():
    for shape in set(SHAPES.subjects(RDF.type, SH.PropertyShape)) | set(
        SHAPES.subjects(RDF.type, SH.SPARQLConstraint)
    ):
        assert SHAPES.value(shape, SH.message) is not None, f"{shape} has no sh:message"


@pytest.mark.slow
def test_the_real_graph_conforms(built):
    report = validate_graph(built.merged, PROJECT.shapes_dir)
    assert not report.violations, "\n".join(r.one_line() for r in report.violations[:10])


@pytest.mark.slow
def test_accelerated_validation_gives_the_same_results_as_plain_pyshacl(built):
    def key(r: Result) -> tuple:
        return (r.severity, r.shape, r.component, r.focus, r.message, r.value)

    fast = validate_graph(built.merged, PROJECT.shapes_dir, fast=True)
    plain = validate_graph(built.merged, PROJECT.shapes_dir, fast=False)
    assert sorted(map(key, fast.results)) == sorted(map(key, plain.results))
    assert fast.results, "the real graph has warnings to compare"


# -- what the shapes see, and how their report reads ------------------------------------------

ADC_OWN_ANTIBODY = """
@prefix adcko: <https://w3id.org/adckg/ontology/> .
@prefix adckg: <https://w3id.org/adckg/resource/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
adckg:T-DM1 a adcko:AntibodyDrugConjugate ; rdfs:label "trastuzumab emtansine"@en ;
    adcko:hasAntibody adckg:T-DM1 .
"""


def test_class_constraints_see_asserted_types_not_inferred_ones():
    """The reasoner types the ADC as an antibody (range of hasAntibody); sh:class must not
    count that, or it checks nothing."""
    data = new_graph().parse(data=ADC_OWN_ANTIBODY, format="turtle")
    adc = URIRef("https://w3id.org/adckg/resource/T-DM1")
    inferred = new_graph()
    inferred.add((adc, RDF.type, URIRef("https://w3id.org/adckg/ontology/MonoclonalAntibody")))
    report = validate_graph(merge(ONTOLOGY, data), SHAPES, inferred=inferred)
    hits = [r for r in report.violations if r.shape == "adcks:ADC-antibody-max"]
    assert [(r.focus, r.component) for r in hits] == [
        ("adckg:T-DM1", "sh:ClassConstraintComponent")
    ]


def test_a_shape_that_asks_for_inferred_types_sees_them():
    shapes = new_graph().parse(
        data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix adcks: <https://w3id.org/adckg/shapes/> .
        @prefix ex: <http://example.org/> .
        adcks:Asks a sh:NodeShape ; adcks:usesInferredTypes true ;
            sh:targetClass ex:Inferred ; sh:property [ sh:path ex:p ; sh:minCount 1 ;
            sh:message "asks" ] .
        adcks:DoesNot a sh:NodeShape ;
            sh:targetClass ex:Inferred ; sh:property [ sh:path ex:q ; sh:minCount 1 ;
            sh:message "does not ask" ] .
        """,
        format="turtle",
    )
    node = URIRef("http://example.org/n")
    data = new_graph()
    data.add((node, URIRef("http://example.org/r"), URIRef("http://example.org/o")))
    inferred = new_graph()
    inferred.add((node, RDF.type, URIRef("http://example.org/Inferred")))
    report = validate_graph(data, shapes, inferred=inferred)
    assert [r.message for r in report.results] == ["asks"]


def test_every_sparql_select_is_distinct():
    """Without DISTINCT, engines that do not merge equal results (Jena's) report each twice."""
    for node, text in SHAPES.subject_objects(SH.select):
        head = str(text).split("WHERE", 1)[0]
        assert "SELECT DISTINCT" in " ".join(head.split()), f"{node}: SELECT without DISTINCT"


def test_report_conforms_only_without_results_and_names_shapes_of_the_folder():
    path = FIXTURES / "adc-antibody-min-mincount.ttl"  # gives an Info result only
    data = new_graph().parse(path, format="turtle")
    report = validate_graph(merge(ONTOLOGY, data), SHAPES)
    assert report.results and not report.violations
    graph = report.graph
    assert list(graph.objects(None, SH.conforms)) == [Literal(False)]
    for shape in graph.objects(None, SH.sourceShape):
        assert (shape, None, None) in SHAPES, f"{shape} is not a shape of shapes/"
    messages = [str(m) for m in graph.objects(None, SH.resultMessage)]
    assert messages and not any("{$" in m or "{?" in m for m in messages)
    assert len(list(graph.subjects(RDF.type, SH.ValidationReport))) == 1


def test_accelerated_constraints_report_their_own_shape():
    path = FIXTURES / "finding-number-without-measurement.ttl"
    data = new_graph().parse(path, format="turtle")
    report = validate_graph(merge(ONTOLOGY, data), SHAPES)
    shapes = {str(s) for s in report.graph.objects(None, SH.sourceShape)}
    assert shapes and not any(s.endswith(".target") for s in shapes)


@pytest.mark.slow
def test_each_message_shows_the_focus_label_once():
    data = new_graph().parse(FIXTURES / "finding-evidence-maxcount.ttl", format="turtle")
    report = validate_graph(merge(ONTOLOGY, data), SHAPES)
    for result in report.results:
        if result.focus_label:
            assert result.one_line().count(result.focus_label) == 1, result.one_line()


def test_an_empty_report_conforms():
    report = validate_graph(new_graph(), SHAPES)
    assert report.results == [] and report.conforms
    assert list(report.graph.objects(None, SH.conforms)) == [Literal(True)]
