"""The release passes the Java reference tools of its formats, from their Debian packages:
Apache Jena's riot parses every RDF file strictly, Jena SHACL gives the same results as our
validation (on the release and on every broken fixture of tests/shapes), and the OWL API
(what Protege uses) loads every Turtle and RDF/XML file, OWL 2 DL profile clean.

Each tool runs once over all its files: a JVM start costs seconds."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import SH

from adckg.graph.validate import load_shapes, validate_graph
from adckg.prefixes import new_graph
from adckg.release.serialize import merge

from . import java_tools
from .conftest import PROJECT

RELEASE = PROJECT.release_dir
FIXTURES = sorted((Path(__file__).parent / "shapes").glob("*.ttl"))
RDF_SUFFIXES = (".ttl", ".nt", ".owl", ".rdf", ".trig", ".nq")  # JSON-LD: see PyLD tests
TURTLE_AND_RDFXML = (".ttl", ".owl", ".rdf")
# Documents that are OWL ontologies on their own (the others are parts of the graph that
# leave the declarations to the ontology).
FORMATS = {".ttl": "Turtle Syntax", ".owl": "RDF/XML Syntax", ".rdf": "RDF/XML Syntax"}  # OWL API's
SELF_CONTAINED = ("adckg.ttl", "adckg.owl", "adckg-ontology.ttl", "adckg-ontology.owl")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def java(tmp_path_factory) -> java_tools.JavaTools:
    lacking = java_tools.missing()
    if lacking:
        message = "Java reference tools not installed: " + ", ".join(lacking)
        if os.environ.get("CI"):
            pytest.fail(message + " (.ci/run installs them)")
        pytest.skip(message)
    return java_tools.prepare(tmp_path_factory.mktemp("java"))


def _rdf_files() -> list[Path]:
    files = [p for p in sorted(RELEASE.iterdir()) if p.suffix in RDF_SUFFIXES]
    return files + [PROJECT.ontology_file, *sorted(PROJECT.shapes_dir.glob("*.ttl"))]


def test_riot_parses_every_rdf_file_strictly(java):
    files = _rdf_files()
    assert any(p.suffix == ".trig" for p in files) and any(p.suffix == ".owl" for p in files)
    output = java.run(java.jena, "riotcmd.riot", "--validate", "--strict", *map(str, files))
    assert output.strip() == "", output[-3000:]


def _owl_report(output: str) -> dict[str, dict]:
    report: dict[str, dict] = {}
    current: dict | None = None
    for line in output.splitlines():
        if line.startswith("  "):
            assert current is not None
            kind, _, detail = line.strip().partition("\t")
            current[kind].append(detail)
            continue
        path, *fields = line.split("\t")
        if fields[0] == "ERROR":
            current = {"error": fields[1], "unparsed": [], "violation": []}
        else:
            current = {"error": None, "format": fields[0], "axioms": int(fields[1])}
            current |= {"unparsed": [], "violation": []}
        report[Path(path).name if "with-ontology" not in path else path] = current
    return report


def test_owl_api_loads_every_turtle_and_rdfxml_file_dl_clean(java, tmp_path):
    files = [p for p in _rdf_files() if p.suffix in TURTLE_AND_RDFXML]
    files = [p for p in files if p.parent != PROJECT.shapes_dir]  # SHACL, not OWL
    # Each part of the graph next to the ontology that declares its vocabulary.
    ontology = (RELEASE / "adckg-ontology.ttl").read_bytes()
    parts = []
    for path in files:
        if path.suffix == ".ttl" and path.parent == RELEASE and path.name not in SELF_CONTAINED:
            combined = tmp_path / f"with-ontology-{path.name}"
            combined.write_bytes(ontology + b"\n" + path.read_bytes())
            parts.append(combined)
    report = _owl_report(java.run(java.owlapi, "OwlCheck", *map(str, files + parts)))
    assert len(report) == len(files) + len(parts)
    for path in files:
        got = report[path.name]
        assert got["error"] is None, f"{path.name}: the OWL API cannot read it: {got['error']}"
        assert got["format"] == FORMATS[path.suffix], (path.name, got["format"])
        assert got["axioms"] > 0 and got["unparsed"] == [], (path.name, got["unparsed"][:5])
        if path.name in SELF_CONTAINED or path == PROJECT.ontology_file:
            assert got["violation"] == [], (path.name, got["violation"][:5])
    for path in parts:
        got = report[str(path)]
        assert got["error"] is None and got["violation"] == [], (path.name, got["violation"][:5])


def test_owl_api_check_fails_on_a_broken_file_and_on_sparql_style_prefixes(java, tmp_path):
    # The check can fail. The OWL API tries its other parsers in turn (OBO, Manchester...),
    # so "loaded" alone proves nothing: the format must be the file's own. Its Turtle parser
    # refuses SPARQL-style PREFIX lines, hence the release's @prefix.
    broken = tmp_path / "broken.ttl"
    broken.write_text('@prefix ex: <https://example.org/> .\nex:a ex:b "unterminated .\n')
    sparql_style = tmp_path / "sparql-style.ttl"
    sparql_style.write_text(
        "PREFIX ex: <https://example.org/>\nex:a a <http://www.w3.org/2002/07/owl#Class> .\n"
    )
    report = _owl_report(java.run(java.owlapi, "OwlCheck", str(broken), str(sparql_style)))
    for path in (broken, sparql_style):
        got = report[path.name]
        assert got["error"] is not None or got["format"] != FORMATS[".ttl"], (path.name, got)


def _term(node) -> str:
    if node is None:
        return ""
    if isinstance(node, BNode):
        return "_:b"
    return node.n3()


def _ours(data: Graph, shapes: Graph) -> Counter:
    # Plain pySHACL on our shapes: the accelerated path reports its generated target shapes
    # as source shapes (tests/test_shapes.py checks it gives the same results otherwise).
    report = validate_graph(data, shapes, fast=False).graph
    found: Counter = Counter()
    for result in report.subjects(SH.resultSeverity, None):
        found[
            (
                str(report.value(result, SH.resultSeverity)),
                _term(report.value(result, SH.sourceShape)),
                _term(report.value(result, SH.sourceConstraintComponent)),
                _term(report.value(result, SH.focusNode)),
                _term(report.value(result, SH.resultPath)),
                _term(report.value(result, SH.value)),
            )
        ] += 1
    return found


def _jena_term(text: str) -> str:
    return "_:b" if text.startswith("_:") else text


def _with_canonical_literals(text: str) -> str:
    """An N-Triples term as rdflib writes it (for comparing Jena's output with ours)."""
    if not text or (text[0] not in '"-+.0123456789' and text not in ("true", "false")):
        return text
    # Jena abbreviates numbers and booleans as Turtle does (8, 35.0).
    graph = Graph().parse(data=f"<urn:s> <urn:p> {text} .", format="turtle")
    return next(iter(graph.objects())).n3()


# An ill-typed literal ("2019-13"^^xsd:gYearMonth): rdflib cannot read its value, so in
# pySHACL the datatype alternatives of an sh:or stay silent where Jena reports them; the
# lexical-form shape (shapes/literals.ttl) catches the literal in both engines alike.
ENGINES_KNOWN_TO_DIFFER = {"literal-lexical-form.ttl"}


def _representative_fixtures() -> list[Path]:
    """Every fixture of a SPARQL constraint (engines differ most there) and the first
    fixture of each other constraint component: the whole set would take minutes."""
    chosen, seen = [], set()
    for path in FIXTURES:
        if path.name in ENGINES_KNOWN_TO_DIFFER:
            continue
        header = dict(
            line[1:].split(":", 1) for line in path.read_text().splitlines()[:4] if ":" in line
        )
        component = header.get(" component", header.get("component", "")).strip()
        if component == "sh:SPARQLConstraintComponent" or component not in seen:
            chosen.append(path)
            seen.add(component)
    return chosen


def test_jena_shacl_gives_our_results(java, tmp_path):
    shapes = load_shapes(PROJECT.shapes_dir)
    shapes_file = tmp_path / "shapes.nt"
    shapes.serialize(shapes_file, format="nt", encoding="utf-8")
    ontology = Graph().parse(RELEASE / "adckg-ontology.nt", format="nt")
    cases: list[tuple[str, Graph]] = [("release", Graph().parse(RELEASE / "adckg.nt", format="nt"))]
    for path in _representative_fixtures():
        cases.append((path.name, merge(ontology, new_graph().parse(path, format="turtle"))))
    data_files = []
    for index, (_, graph) in enumerate(cases):
        data_file = tmp_path / f"data-{index}.nt"
        graph.serialize(data_file, format="nt", encoding="utf-8")
        data_files.append(str(data_file))
    theirs: list[Counter] = [Counter() for _ in cases]
    for line in java.run(java.jena, "JenaShacl", str(shapes_file), *data_files).splitlines():
        index, severity, shape, component, focus, path, value = line.split("\t")
        key = (
            severity,
            _jena_term(shape),
            component,
            _jena_term(focus),
            path,
            _with_canonical_literals(_jena_term(value)),
        )
        theirs[int(index)][key] += 1
    differ = []
    for (name, graph), jena in zip(cases, theirs, strict=True):
        ours = _ours(graph, shapes)
        if ours != jena:
            differ.append(f"{name}: only ours {ours - jena}; only Jena {jena - ours}")
    assert not differ, "\n".join(differ[:10])
    assert sum(theirs[0].values()) > 0, "the release has warnings to compare"
    assert all(sum(c.values()) > 0 for c in theirs[1:]), "every broken fixture gives a result"


def test_uri_terms_of_jena_and_ours_compare_alike():
    assert _term(URIRef("https://w3id.org/adckg/x")) == "<https://w3id.org/adckg/x>"
