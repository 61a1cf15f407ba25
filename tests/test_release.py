"""Release files: deterministic, up to date with the sources, readable by two parsers."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from adckg.release.pipeline import build_release

from .conftest import PROJECT

# Slow tier: see CONTRIBUTING.md (builds, servers, stores or child processes).
pytestmark = pytest.mark.slow

RELEASE = PROJECT.release_dir


def test_build_twice_gives_identical_bytes(built, text_path):
    again = build_release(PROJECT, text_path)
    assert again.files.keys() == built.files.keys()
    for path, data in built.files.items():
        assert again.files[path] == data, f"{path.name} differs between two builds"


def test_committed_release_files_are_up_to_date(built):
    for path, data in built.files.items():
        assert path.exists(), f"{path.name} missing: run `adckg build`"
        assert path.read_bytes() == data, f"{path.name} is stale: run `adckg build` and commit"


@pytest.mark.parametrize("name", ["adckg.ttl", "adckg-ontology.ttl", "adckg-assertions.ttl"])
def test_release_turtle_parses_with_rdflib_and_pyoxigraph(name):
    path = RELEASE / name
    g = Graph().parse(path, format="turtle")
    store = pyoxigraph.Store()
    store.load(path.read_bytes(), format=pyoxigraph.RdfFormat.TURTLE)
    assert len(g) == len(store) > 0


def test_rdfxml_ontology_is_the_same_graph_as_the_turtle():
    ttl = Graph().parse(RELEASE / "adckg-ontology.ttl", format="turtle")
    xml = Graph().parse(RELEASE / "adckg-ontology.owl", format="xml")
    assert isomorphic(ttl, xml)


def test_merged_is_ontology_plus_assertions_plus_inferred_plus_mappings(built):
    parts = len(built.ontology | built.assertions | built.inferred | built.mappings)
    assert len(built.merged) == parts


def test_ontology_release_has_a_version_iri():
    from rdflib import OWL, URIRef

    g = Graph().parse(RELEASE / "adckg-ontology.ttl", format="turtle")
    version = g.value(URIRef("https://w3id.org/adckg/ontology"), OWL.versionIRI)
    info = g.value(URIRef("https://w3id.org/adckg/ontology"), OWL.versionInfo)
    assert str(version) == f"https://w3id.org/adckg/releases/{info}/ontology"


def test_owlready2_reads_the_rdfxml_release():
    import owlready2

    world = owlready2.World()
    onto = world.get_ontology((RELEASE / "adckg-ontology.owl").resolve().as_uri()).load()
    assert onto.search_one(iri="*ADCWithNonCleavableLinker") is not None
    world.close()


def test_no_release_file_holds_a_machine_path():
    for path in RELEASE.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        text = (gzip.decompress(data) if path.suffix == ".gz" else data).decode("utf-8")
        for machine_path in (str(PROJECT.root), str(Path.home()) + "/", "/tmp/"):
            assert machine_path not in text, f"{path.name} names {machine_path}"


def test_pyoxigraph_answers_a_query_on_the_release():
    store = pyoxigraph.Store()
    store.load((RELEASE / "adckg.ttl").read_bytes(), format=pyoxigraph.RdfFormat.TURTLE)
    rows = list(
        store.query(
            "PREFIX adcko: <https://w3id.org/adckg/ontology/> "
            "SELECT ?dar WHERE { <https://w3id.org/adckg/resource/T-DM1> "
            "adcko:drugToAntibodyRatio ?dar }"
        )
    )
    assert [r["dar"].value for r in rows] == ["3.5"]
    _ = io
