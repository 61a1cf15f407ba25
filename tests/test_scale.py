"""The benchmark's synthetic sources, and accelerated SHACL on a graph twice the real one.

Plain pySHACL is too slow to compare on ten copies in the test suite (it took
ten minutes on this machine, with the same results); two copies, split between
two workers, exercise every part of the accelerated path against it.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from rdflib import RDF

from adckg.curation.anchors import anchor_registered
from adckg.curation.load import load_curation
from adckg.graph.build import build_graph
from adckg.graph.rdfinput import parse_rdf_file
from adckg.graph.validate import Result, validate_graph
from adckg.prefixes import ADCKO
from adckg.release.pipeline import release_ontology
from adckg.release.serialize import merge

from .conftest import PROJECT, ROOT

sys.path.insert(0, str(ROOT / "bench"))
from sources import replicated_inferred, write_sources  # noqa: E402  (bench/ is not a package)

# Slow tier: see CONTRIBUTING.md (builds, servers, stores or child processes).
pytestmark = pytest.mark.slow


def _build(curation_dir: Path, text: str):
    curation = load_curation(curation_dir, PROJECT.root / "kg" / "sources")
    assertions = build_graph(curation, anchor_registered(curation, curation.review, text))
    return curation, assertions


def test_scaled_sources_keep_the_real_shape(tmp_path: Path, source_text: str):
    real, real_graph = _build(PROJECT.curation_dir, source_text)
    write_sources(3, tmp_path)
    scaled, scaled_graph = _build(tmp_path, source_text)
    for kind in ("genes", "drugs", "mechanisms", "trials", "studies", "findings", "approvals"):
        assert len(scaled.records(kind)) == 3 * len(real.records(kind)), kind
    assert len(scaled.records("references")) == len(real.records("references"))
    for cls in (ADCKO.Finding, ADCKO.Measurement):
        real_n = len(set(real_graph.subjects(RDF.type, cls)))
        assert len(set(scaled_graph.subjects(RDF.type, cls))) == 3 * real_n, cls
    quotes = ADCKO.hasQuote
    assert len(list(scaled_graph.triples((None, quotes, None)))) == 3 * len(
        list(real_graph.triples((None, quotes, None)))
    )
    # Copy 0 is the real curation, unchanged.
    assert {t for t in real_graph} <= {t for t in scaled_graph}


def test_scaled_sources_at_k_1_build_the_real_graph(tmp_path: Path, source_text: str):
    write_sources(1, tmp_path)
    _, scaled = _build(tmp_path, source_text)
    _, real = _build(PROJECT.curation_dir, source_text)
    assert set(scaled) == set(real)


COPIES = 2


def _key(r: Result) -> tuple:
    return (r.severity, r.shape, r.component, r.focus, r.message, r.value, r.path)


@pytest.fixture(scope="module")
def graph_k2(tmp_path_factory: pytest.TempPathFactory, source_text: str):
    folder = tmp_path_factory.mktemp("k2")
    write_sources(COPIES, folder)
    _, assertions = _build(folder, source_text)
    ontology = release_ontology(parse_rdf_file(PROJECT.ontology_file))
    return merge(ontology, assertions, replicated_inferred(assertions, COPIES))


def test_accelerated_shacl_on_two_copies_gives_the_results_of_plain_pyshacl(graph_k2):
    """Two copies: focus nodes split between two workers, oxigraph targets, same results."""
    fast = validate_graph(graph_k2, PROJECT.shapes_dir, workers=2)
    plain = validate_graph(graph_k2, PROJECT.shapes_dir, fast=False)
    assert sorted(map(_key, fast.results)) == sorted(map(_key, plain.results))
    # the real graph has some 60 warnings and hints (fewer since paragraph citations count)
    assert len(fast.results) >= COPIES * 55, "the copies carry the real graph's warnings"
    assert fast.conforms == plain.conforms
