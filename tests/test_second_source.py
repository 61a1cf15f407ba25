"""A second source needs no code: registered, anchored, built, valid, visible everywhere.

The source is a made-up fixture article written for this test
(tests/fixtures/sources/); it is added to a temporary copy of the checkout only.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from rdflib import Dataset, URIRef

from adckg.cli.main import main
from adckg.curation.source_text import sha256_of
from adckg.prefixes import ADCKG, ADCKO, CITO, DCTERMS, OA, PROV
from adckg.release.pipeline import BuildResult, Project, build_release
from adckg.store.query import Engine, find_query

from .conftest import ROOT

# Slow tier: see CONTRIBUTING.md (builds, servers, stores or child processes).
pytestmark = pytest.mark.slow

FIXTURES = Path(__file__).parent / "fixtures" / "sources"
SOURCE = "fixture-2024"
DOI = "10.5555/adckg-fixture-2024"  # 10.5555 is the DOI prefix reserved for tests
FINDING = ADCKG["fixture-SLX4-loss-no-TDXd-resistance"]


@pytest.fixture(scope="module")
def checkout(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("second-source")
    for folder in ("ontology", "kg", "shapes", "queries"):
        shutil.copytree(ROOT / folder, root / folder)
    (root / "texts").mkdir()
    shutil.copy(FIXTURES / f"{SOURCE}.txt", root / "texts" / f"{SOURCE}.txt")
    return root


@pytest.fixture(scope="module")
def registered(checkout: Path) -> dict:
    code = main(
        [
            "source", "add", "--root", str(checkout), "--id", SOURCE, "--doi", DOI,
            "--text", str(checkout / "texts" / f"{SOURCE}.txt"),
            "--title", "A Made-Up Study of SLX4 Loss and Trastuzumab Deruxtecan",
        ]
    )  # fmt: skip
    assert code == 0
    path = checkout / "kg" / "sources" / f"{SOURCE}.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))["source"]


@pytest.fixture(scope="module")
def built(checkout: Path, registered: dict) -> BuildResult:
    shutil.copy(
        FIXTURES / f"{SOURCE}-curation.yaml", checkout / "kg" / "curation" / f"{SOURCE}.yaml"
    )
    return build_release(Project(checkout))


def test_source_add_hashes_the_text_and_proposes_its_layout(checkout: Path, registered: dict):
    text = (checkout / "texts" / f"{SOURCE}.txt").read_bytes()
    assert registered["text_sha256"] == sha256_of(text)
    assert [s["id"] for s in registered["sections"]] == ["abstract", "1", "2", "references"]
    assert registered["reference_count"] == 3
    assert registered["year"] == 2024
    assert registered["text_file"] == f"texts/{SOURCE}.txt"


def test_source_add_refuses_a_second_registration(checkout: Path, registered: dict, capsys):
    code = main(
        ["source", "add", "--root", str(checkout), "--id", SOURCE, "--doi", DOI,
         "--text", str(checkout / "texts" / f"{SOURCE}.txt")]
    )  # fmt: skip
    assert code == 2
    assert "already registered" in capsys.readouterr().err


def test_quotes_are_anchored_in_the_new_source(checkout: Path, built: BuildResult):
    text = (checkout / "texts" / f"{SOURCE}.txt").read_text(encoding="utf-8")
    graph = built.assertions
    quote = ADCKG["fixture-SLX4-loss-no-TDXd-resistance.q1"]
    assert (quote, OA.hasSource, ADCKG[f"{SOURCE}.text"]) in graph
    assert (quote, ADCKO.inSection, ADCKG[f"{SOURCE}.section-2"]) in graph
    position = ADCKG["fixture-SLX4-loss-no-TDXd-resistance.q1.position"]
    start = int(graph.value(position, OA.start))
    exact = "In the made-up fixture cell line, loss of SLX4 did not confer resistance"
    assert start == text.index(exact)
    assert (quote, CITO.citesAsEvidence, ADCKG[f"{SOURCE}.ref-2"]) in graph
    assert (ADCKG[SOURCE], CITO.cites, ADCKG[f"{SOURCE}.ref-3"]) in graph
    anchors = next(data for path, data in built.files.items() if path.name == "anchors.tsv")
    assert f"{SOURCE}\tfixture-SLX4-loss-no-TDXd-resistance\tq2\t".encode() in anchors


def test_every_finding_keeps_its_source(built: BuildResult):
    graph = built.assertions
    assert set(graph.objects(FINDING, PROV.wasDerivedFrom)) == {ADCKG[SOURCE]}
    review_finding = ADCKG["SLX4-depletion-DXd-in-vitro"]
    assert ADCKG[SOURCE] not in set(graph.objects(review_finding, PROV.wasDerivedFrom))
    assert len(set(graph.objects(review_finding, PROV.wasDerivedFrom))) == 1


def test_the_build_is_shacl_valid_with_the_new_source(built: BuildResult):
    # build_release raises ValidationFailed on any violation; the new nodes are there.
    assert (ADCKG[SOURCE], DCTERMS.identifier, None) in built.assertions
    mentions = [w for w in built.warnings if SOURCE in w]
    # Only the disagreements: each finding of the review that says SLX4 loss confers
    # resistance to T-DXd meets the fixture's finding that says it does not.
    opposed = {
        f.id
        for f in built.curation.records("findings")
        if "SLX4-loss" in f.subjects and "T-DXd" in f.drugs and f.direction == "confers-resistance"
    }
    assert opposed
    assert all("adcks:Finding-disagreement" in w for w in mentions)
    assert all("fixture-SLX4-loss-no-TDXd-resistance" in w for w in mentions)
    assert {w.split()[2].removeprefix("adckg:") for w in mentions} == opposed


def test_nanopublication_provenance_names_the_new_source(built: BuildResult):
    trig = next(data for path, data in built.files.items() if path.name == "adckg-nanopubs.trig")
    dataset = Dataset()
    dataset.parse(data=trig, format="trig")
    assertion = URIRef("https://w3id.org/adckg/np/fixture-SLX4-loss-no-TDXd-resistance#assertion")
    provenance = URIRef(str(assertion).replace("#assertion", "#provenance"))
    quads = set(dataset.quads((assertion, PROV.wasDerivedFrom, None, None)))
    assert {(o, g.identifier if hasattr(g, "identifier") else g) for _, _, o, g in quads} >= {
        (ADCKG[SOURCE], provenance)
    }
    assert all(o != ADCKG["guidi-2023"] for _, _, o, _ in quads)


def test_void_and_kgx_cite_the_new_source(built: BuildResult):
    assert (None, DCTERMS.source, URIRef(f"https://doi.org/{DOI}")) in built.metadata
    assert (None, DCTERMS.source, URIRef("https://doi.org/10.3390/cancers15041130")) in (
        built.metadata
    )
    edges = next(data for path, data in built.files.items() if path.name.endswith("edges.tsv"))
    lines = edges.decode().splitlines()
    column = lines[0].split("\t").index("adckg_findings")
    rows = [line.split("\t") for line in lines[1:] if "fixture-MDR1-efflux" in line]
    assert rows and all(f"DOI:{DOI}" in "\t".join(row) for row in rows)
    # One KGX edge per (subject, predicate, object): an edge that the review's findings also
    # support cites both sources; one supported by the fixture alone cites only the fixture.
    for row in rows:
        findings = row[column].split("|")
        from_review = any(not f.startswith("adckg:fixture-") for f in findings)
        assert ("cancers15041130" in "\t".join(row)) == from_review


def test_the_saved_query_counts_sources_and_flags_the_disagreement(
    checkout: Path, built: BuildResult, tmp_path: Path
):
    path = tmp_path / "graph.ttl"
    path.write_bytes(next(d for p, d in built.files.items() if p.name == "adckg.ttl"))
    saved = find_query(checkout / "queries", "mechanism-support")
    columns, rows = Engine("oxigraph", path).select(saved.text, saved.name)
    by_mechanism = {row[0]: dict(zip(columns, row, strict=True)) for row in rows}
    slx4 = by_mechanism["SLX4 loss of function"]
    assert slx4["sources"] == "2"
    assert slx4["disagreement"] == "yes"
    efflux = by_mechanism["drug efflux by MDR1"]
    assert (efflux["sources"], efflux["disagreement"]) == ("2", "no")
    others = [
        row
        for name, row in by_mechanism.items()
        if name not in (slx4["mechanism"], efflux["mechanism"])
    ]
    assert others and all((row["sources"], row["disagreement"]) == ("1", "no") for row in others)


def test_reanchor_reports_quotes_a_copy_prints_otherwise(
    checkout: Path, built: BuildResult, tmp_path: Path, capsys
):
    copy = tmp_path / "repo"
    shutil.copytree(checkout, copy)
    registry = copy / "kg" / "sources" / f"{SOURCE}.yaml"
    before = registry.read_bytes()
    text = (copy / "texts" / f"{SOURCE}.txt").read_text(encoding="utf-8")
    other = tmp_path / "other.txt"
    other.write_text(text.replace("did not confer", "did  not\nconfer"), encoding="utf-8")
    code = main(["source", "reanchor", "--root", str(copy), "--id", SOURCE, "--text", str(other)])
    out, err = capsys.readouterr()
    assert code == 1, err
    assert "normalised-only:" in out and "[fixture-SLX4-loss-no-TDXd-resistance] q1" in out
    assert "cannot become the registered copy" in err
    assert registry.read_bytes() == before


def test_reanchor_adopts_a_copy_where_every_quote_is_verbatim(
    checkout: Path, built: BuildResult, tmp_path: Path, capsys
):
    copy = tmp_path / "repo"
    shutil.copytree(checkout, copy)
    text = (copy / "texts" / f"{SOURCE}.txt").read_text(encoding="utf-8")
    other = copy / "texts" / "other.txt"
    other.write_text("A line a publisher's page adds.\n" + text, encoding="utf-8")
    code = main(["source", "reanchor", "--root", str(copy), "--id", SOURCE, "--text", str(other)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "3 verbatim" in out
    registry = (copy / "kg" / "sources" / f"{SOURCE}.yaml").read_text(encoding="utf-8")
    assert sha256_of(other.read_bytes()) in registry
    anchors = (copy / "kg" / "curation" / "anchors.tsv").read_text(encoding="utf-8")
    shift = len("A line a publisher's page adds.\n")
    exact = "In the made-up fixture cell line, loss of SLX4"
    row = next(
        line.split("\t")
        for line in anchors.splitlines()
        if line.startswith(f"{SOURCE}\tfixture-SLX4-loss-no-TDXd-resistance\tq1\t")
    )
    assert int(row[4]) == text.index(exact) + shift
