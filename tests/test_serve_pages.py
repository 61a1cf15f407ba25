"""The HTML pages: home, saved-query runs, entity pages with content negotiation, ontology."""

from __future__ import annotations

import asyncio
import csv
import json
import re
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from adckg.serve.app import create_app
from adckg.serve.config import ServeConfig
from adckg.serve.site import Site
from adckg.store.query import list_queries
from tests.conftest import PROJECT
from tests.serving import running_server

RESOURCE = "https://w3id.org/adckg/resource/"
ONTOLOGY = "https://w3id.org/adckg/ontology/"


@pytest.fixture(scope="module")
def base():
    with running_server() as (url, _app):
        yield url


def asgi_get(app, path: str) -> httpx.Response:
    """GET from the app in-process (no worker pool starts: pages need none)."""

    async def fetch() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            return await client.get(path)

    return asyncio.run(fetch())


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.slow
def test_home_page_statistics_downloads_and_saved_queries(base):
    html = httpx.get(f"{base}/").text
    store = ox.Store()
    store.bulk_load((PROJECT.release_dir / "adckg.ttl").read_bytes(), format=ox.RdfFormat.TURTLE)
    # adckg.ttl carries its VoID statistics, which count the graph without themselves
    statistics = (PROJECT.release_dir / "adckg-metadata.nt").read_text(encoding="utf-8")
    described = len(store) - len(statistics.splitlines())
    assert f"<tr><th>triples</th><td>{described}</td></tr>" in html
    assert 'href="https://doi.org/10.3390/cancers15041130"' in html
    assert "creativecommons.org/licenses/by/4.0" in html
    files = sorted(p.name for p in PROJECT.release_dir.iterdir() if p.is_file())
    assert re.findall(r'href="/downloads/([^"]+)"', html) == files
    first = httpx.get(f"{base}/downloads/{files[0]}")
    assert first.content == (PROJECT.release_dir / files[0]).read_bytes()
    assert httpx.get(f"{base}/downloads/..%2Fcuration").status_code == 404
    for saved in list_queries(PROJECT.queries_dir):
        assert f'action="/query/{saved.name}"' in html
        for parameter in saved.parameters:
            assert f'name="{parameter.name}" value="{parameter.default}"' in html


@pytest.mark.slow
def test_saved_query_runs_with_parameters_and_links_rows(base):
    components = httpx.get(f"{base}/query/adc-components").text
    assert '<a href="/resource/T-DXd">trastuzumab deruxtecan</a>' in components
    findings = httpx.get(f"{base}/query/gene-findings", params={"gene": "adckg:ERBB2"}).text
    slx4 = httpx.get(f"{base}/query/gene-findings").text
    assert 'id="results"' in findings and 'id="results"' in slx4
    assert findings.count("<tr>") != slx4.count("<tr>")
    unknown = httpx.get(f"{base}/query/gene-findings", params={"gene": "nope:X"})
    assert unknown.status_code == 400 and "not a known CURIE" in unknown.text


@pytest.mark.slow
def test_entity_page_types_definition_facts_and_quoted_findings(base):
    html = httpx.get(f"{base}/resource/T-DXd").text
    assert '<h1 id="label">trastuzumab deruxtecan</h1>' in html
    inferred = [
        t.object.value
        for t in ox.parse(
            (PROJECT.release_dir / "adckg-inferred.ttl").read_bytes(), format=ox.RdfFormat.TURTLE
        )
        if t.subject.value == RESOURCE + "T-DXd" and t.predicate.value.endswith("#type")
    ]
    assert inferred
    for iri in inferred:
        local = iri.removeprefix(ONTOLOGY)
        assert re.search(
            rf'href="/ontology/{local}"[^>]*>[^<]+</a> <span class="tag inferred">', html
        )
    assert re.search(
        r'href="/ontology/AntibodyDrugConjugate"[^>]*>[^<]+</a> '
        r'<span class="tag asserted">',
        html,
    )
    assert "topoisomerase 1 inhibitor deruxtecan, with a DAR of 8" in html
    assert '<a href="/resource/deruxtecan"' in html
    findings = html[html.index('id="findings"') :]
    assert 'href="/resource/T-DXd-DESTINY-Breast03-second-line"' in findings
    assert "<blockquote" in findings and "[70]" in findings


@pytest.mark.slow
def test_entity_answers_turtle_and_json_ld(base):
    turtle = httpx.get(f"{base}/resource/T-DXd", headers={"Accept": "text/turtle"})
    assert turtle.headers["content-type"].startswith("text/turtle")
    assert "Accept" in turtle.headers["vary"]
    triples = list(ox.parse(turtle.content, format=ox.RdfFormat.TURTLE))
    assert {t.subject.value for t in triples} == {RESOURCE + "T-DXd"}
    assert any(t.object.value == "trastuzumab deruxtecan" for t in triples)
    jsonld = httpx.get(f"{base}/resource/T-DXd", headers={"Accept": "application/ld+json"})
    assert jsonld.headers["content-type"].startswith("application/ld+json")
    assert any(node.get("@id") == RESOURCE + "T-DXd" for node in json.loads(jsonld.content))
    assert len(list(ox.parse(jsonld.content, format=ox.RdfFormat.JSON_LD))) == len(triples)
    assert httpx.get(f"{base}/resource/no-such-thing").status_code == 404


@pytest.mark.slow
def test_ontology_documentation_nests_classes(base):
    html = httpx.get(f"{base}/ontology").text
    drug = html.index('href="/ontology/Drug"')
    adc = html.index('href="/ontology/AntibodyDrugConjugate"')
    assert drug < adc
    between = html[drug:adc]
    assert between.count("<ul") > between.count("</ul>"), "ADC is not nested under Drug"
    assert "Object properties" in html and 'href="/ontology/hasPayload"' in html
    assert httpx.get(f"{base}/ontology/Gene").status_code == 200


@pytest.mark.slow
def test_editor_prefills_prefixes_and_runs_queries(base):
    empty = httpx.get(f"{base}/editor").text
    assert "PREFIX adcko: &lt;https://w3id.org/adckg/ontology/&gt;" in empty
    ran = httpx.get(f"{base}/editor", params={"query": "SELECT ?x WHERE { VALUES ?x { 1 2 } }"})
    assert text_of(ran.text).count("2 rows") == 1
    undeclared = httpx.get(f"{base}/editor", params={"query": "ASK { ?s a adcko:Gene }"})
    assert undeclared.status_code == 400 and 'id="error"' in undeclared.text
    asked = httpx.get(
        f"{base}/sparql",
        params={"query": "ASK { ?s a <https://w3id.org/adckg/ontology/Gene> }"},
        headers={"Accept": "text/html"},
    )
    assert asked.headers["content-type"].startswith("text/html")
    assert '<strong id="ask-result">true</strong>' in asked.text


FIXTURE = """
@prefix adckg: <https://w3id.org/adckg/resource/> .
@prefix adcko: <https://w3id.org/adckg/ontology/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
adckg:ERBB2 a adcko:Gene ; rdfs:label "ERBB2" ;
    skos:exactMatch <http://identifiers.org/hgnc/3430> ;
    skos:closeMatch <http://purl.obolibrary.org/obo/NCIT_C17319> .
<http://identifiers.org/hgnc/3430> rdfs:label "erb-b2 receptor tyrosine kinase 2" .
"""
VOID = """
@prefix void: <http://rdfs.org/ns/void#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
<https://w3id.org/adckg/kg> a void:Dataset ; void:triples 123456 ; void:entities 789 ;
    void:classPartition [ void:class <https://w3id.org/adckg/ontology/Gene> ; void:entities 42 ] ;
    void:propertyPartition [ void:property <http://www.w3.org/2000/01/rdf-schema#label> ] .
<https://w3id.org/adckg/kg/links-hgnc> a void:Linkset ; dcterms:title "HGNC" ; void:triples 7 .
"""


@pytest.fixture
def fixture_release(tmp_path: Path) -> Path:
    release = tmp_path / "release"
    release.mkdir()
    (release / "adckg.ttl").write_text(FIXTURE, encoding="utf-8")
    (release / "adckg-inferred.ttl").write_text("", encoding="utf-8")
    return release


def test_external_identifiers_render_from_skos_matches(fixture_release):
    # A small fixture covers what the release lacks: a target with no label, a close match.
    site = Site(fixture_release, PROJECT.queries_dir)
    external = site.describe("https://w3id.org/adckg/resource/ERBB2")["external"]
    assert [(c.text, c.note, iri) for c, iri in external] == [
        (
            "http://purl.obolibrary.org/obo/NCIT_C17319",
            "close match",
            "http://purl.obolibrary.org/obo/NCIT_C17319",
        ),
        ("erb-b2 receptor tyrosine kinase 2", "exact match", "http://identifiers.org/hgnc/3430"),
    ]
    app = create_app(ServeConfig(fixture_release, PROJECT.queries_dir))
    html = asgi_get(app, "/resource/ERBB2").text
    block = html[html.index('id="external"') :]
    assert (
        '<a href="http://identifiers.org/hgnc/3430" rel="noopener noreferrer">'
        "erb-b2 receptor tyrosine kinase 2</a>" in block
    )
    assert "close match" in block


def test_home_statistics_come_from_void_when_present(fixture_release):
    app = create_app(ServeConfig(fixture_release, PROJECT.queries_dir))
    computed = asgi_get(app, "/").text
    assert "computed from the graph" in computed and "123456" not in computed
    (fixture_release / "adckg-void.ttl").write_text(VOID, encoding="utf-8")
    app = create_app(ServeConfig(fixture_release, PROJECT.queries_dir))
    html = asgi_get(app, "/").text
    assert "<tr><th>triples</th><td>123456</td></tr>" in html
    assert "<tr><th>entities</th><td>789</td></tr>" in html
    assert "<td>HGNC</td><td>7</td>" in html
    assert 'href="/downloads/adckg-void.ttl"' in html


@pytest.mark.slow
def test_real_release_shows_linksets_and_external_identifiers(base):
    home = httpx.get(f"{base}/").text
    # 28 genes carry an HGNC id (kg/mappings/adckg.sssom.tsv), counted by the VoID linkset.
    assert "<td>HGNC exact match</td><td>28</td>" in home
    html = httpx.get(f"{base}/resource/ERBB2").text
    block = html[html.index('id="external"') :]
    hgnc = '<a href="https://identifiers.org/hgnc:3430" rel="noopener noreferrer">ERBB2</a>'
    assert hgnc in block
    assert "https://identifiers.org/ncbigene:2064" in block


@pytest.mark.slow
def test_mechanism_page_shows_its_support_across_sources(base):
    expected_file = Path(__file__).parent / "expected" / "queries" / "mechanism-support.csv"
    with expected_file.open(encoding="utf-8", newline="") as handle:
        rows = {row["mechanism"]: row for row in csv.DictReader(handle)}
    expected = rows["SLX4 loss of function"]
    html = httpx.get(f"{base}/resource/SLX4-loss").text
    support = html[html.index('id="support"') :].split("</p>", 1)[0]
    assert f"{expected['findings']} finding(s) from {expected['sources']} source(s)" in support
    assert f"strongest evidence level: {expected['strongest_evidence']}" in support
    assert "sources disagree: no" in support
    assert 'id="support"' not in httpx.get(f"{base}/resource/T-DXd").text
