"""Every SHACL constraint fires on a broken fixture, with its severity and message.

Each fixture ``tests/shapes/*.ttl`` opens with a header naming the result it must
produce, then holds a small Turtle graph that breaks exactly that rule::

    # shape: adcks:Trial-phase
    # component: sh:InConstraintComponent
    # severity: Violation
    # message: Trial NCT01234567 has phase adcko:PhaseIV - use one of I, I/Ib, Ib, Ib/II, II, III

The fixture is validated together with the released ontology (for the class
hierarchy). A further test checks that every (shape, constraint component) pair of
``shapes/`` has a fixture.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import RDF, Graph, URIRef
from rdflib.namespace import SH

from adckg.prefixes import CONVERTER, new_graph
from adckg.serialize import merge
from adckg.validate import Result, load_shapes, validate_graph

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


def read_fixture(path: Path) -> Fixture:
    header: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        key, _, value = line[1:].partition(":")
        header[key.strip()] = value.strip()
    missing = {"shape", "component", "severity", "message"} - set(header)
    assert not missing, f"{path.name}: header lacks {sorted(missing)}"
    return Fixture(
        path, header["shape"], header["component"], header["severity"], header["message"]
    )


def _short(iri: URIRef) -> str:
    return CONVERTER.compress(str(iri)) or str(iri)


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


def test_the_real_graph_conforms(built):
    report = validate_graph(built.merged, PROJECT.shapes_dir)
    assert not report.violations, "\n".join(r.one_line() for r in report.violations[:10])


def test_accelerated_validation_gives_the_same_results_as_plain_pyshacl(built):
    def key(r: Result) -> tuple:
        return (r.severity, r.shape, r.component, r.focus, r.message, r.value)

    fast = validate_graph(built.merged, PROJECT.shapes_dir, fast=True)
    plain = validate_graph(built.merged, PROJECT.shapes_dir, fast=False)
    assert sorted(map(key, fast.results)) == sorted(map(key, plain.results))
    assert fast.results, "the real graph has warnings to compare"
