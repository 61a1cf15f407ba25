"""The SPARQL 1.1 Protocol endpoint over HTTP: formats, negotiation, refusals and limits."""

from __future__ import annotations

import csv
import io
import os
import socket
import threading
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from tests.serving import running_server

from .loopback import raw_listener

# Slow tier: see CONTRIBUTING.md (builds, servers, stores or child processes).
pytestmark = pytest.mark.slow

ADCS = (
    "PREFIX adcko: <https://w3id.org/adckg/ontology/>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "SELECT ?adc ?label WHERE { ?adc a adcko:AntibodyDrugConjugate ; rdfs:label ?label }"
    " ORDER BY ?label"
)
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
DEEP_PATH = "SELECT (COUNT(*) AS ?n) WHERE { ?a (<urn:x:p>|!<urn:x:p>)* ?b . ?b (^!<urn:x:q>)* ?c }"
DEADLINE = 2.0
ROW_CAP = 50
MAX_BODY = 4096


@pytest.fixture(scope="module")
def server():
    with running_server(deadline=DEADLINE, row_cap=ROW_CAP, max_body=MAX_BODY, workers=2) as s:
        yield s


@pytest.fixture(scope="module")
def base(server) -> str:
    return server[0]


def get(base: str, query: str, accept: str | None = None, **params: str) -> httpx.Response:
    headers = {"Accept": accept} if accept else {}
    return httpx.get(
        f"{base}/sparql", params={"query": query, **params}, headers=headers, timeout=30
    )


def test_select_in_every_results_format(base):
    as_json = get(base, ADCS, "application/sparql-results+json")
    assert as_json.status_code == 200
    assert as_json.headers["content-type"].startswith("application/sparql-results+json")
    data = as_json.json()
    assert data["head"]["vars"] == ["adc", "label"]
    labels = [b["label"]["value"] for b in data["results"]["bindings"]]
    assert "trastuzumab deruxtecan" in labels
    tdxd = next(b for b in data["results"]["bindings"] if b["label"]["value"] == labels[0])
    assert tdxd["adc"]["type"] == "uri" and tdxd["label"]["xml:lang"] == "en"

    xml = get(base, ADCS, "application/sparql-results+xml")
    assert xml.headers["content-type"].startswith("application/sparql-results+xml")
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    root = ET.fromstring(xml.content)
    xml_labels = [e.text for e in root.findall(".//r:binding[@name='label']/r:literal", ns)]
    assert xml_labels == labels

    rows = list(csv.reader(io.StringIO(get(base, ADCS, "text/csv").text)))
    assert rows[0] == ["adc", "label"]
    assert [r[1] for r in rows[1:]] == labels
    assert rows[1][0].startswith("https://w3id.org/adckg/resource/")

    tsv = get(base, ADCS, "text/tab-separated-values").text.splitlines()
    assert tsv[0] == "?adc\t?label"
    assert tsv[1].startswith("<https://w3id.org/adckg/resource/") and tsv[1].endswith('"@en')
    assert len(tsv) == len(labels) + 1


def test_accept_quality_values_and_format_parameter(base):
    preferred = get(base, ADCS, "text/csv;q=0.5, application/sparql-results+xml;q=0.9")
    assert preferred.headers["content-type"].startswith("application/sparql-results+xml")
    assert (
        get(base, ADCS, "*/*").headers["content-type"].startswith("application/sparql-results+json")
    )
    forced = get(base, ADCS, "application/sparql-results+xml", format="csv")
    assert forced.headers["content-type"].startswith("text/csv")
    refused = get(base, ADCS, "image/png")
    assert refused.status_code == 406


def test_post_form_and_direct_body_give_the_same_answer(base):
    by_get = get(base, ADCS, "application/sparql-results+json").json()
    form = httpx.post(
        f"{base}/sparql",
        data={"query": ADCS},
        headers={"Accept": "application/sparql-results+json"},
        timeout=30,
    )
    direct = httpx.post(
        f"{base}/sparql",
        content=ADCS.encode(),
        headers={
            "Content-Type": "application/sparql-query",
            "Accept": "application/sparql-results+json",
        },
        timeout=30,
    )
    assert form.status_code == direct.status_code == 200
    assert form.json() == direct.json() == by_get


def test_ask_answers_true_and_false(base):
    yes = get(base, "ASK { ?s a <https://w3id.org/adckg/ontology/Gene> }", "application/json")
    assert yes.json() == {"head": {}, "boolean": True}
    no = get(base, "ASK { ?s a <urn:x:Nothing> }", "application/sparql-results+xml")
    assert "<boolean>false</boolean>" in no.text


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        ("text/turtle", ox.RdfFormat.TURTLE),
        ("application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("application/ld+json", ox.RdfFormat.JSON_LD),
    ],
)
def test_construct_and_describe_in_rdf_formats(base, accept, fmt):
    construct = (
        "CONSTRUCT { ?a <http://www.w3.org/2000/01/rdf-schema#label> ?l } WHERE {"
        " ?a a <https://w3id.org/adckg/ontology/AntibodyDrugConjugate> ;"
        " <http://www.w3.org/2000/01/rdf-schema#label> ?l }"
    )
    answer = get(base, construct, accept)
    assert answer.status_code == 200 and answer.headers["content-type"].startswith(accept)
    triples = list(ox.parse(answer.content, format=fmt))
    adcs = get(base, ADCS, "application/json").json()["results"]["bindings"]
    assert len(triples) == len(adcs)
    # deruxtecan: fewer triples than the row cap (T-DXd, subject of many findings, has more)
    describe = get(base, "DESCRIBE <https://w3id.org/adckg/resource/deruxtecan>", accept)
    labels = [
        t.object.value
        for t in ox.parse(describe.content, format=fmt)
        if t.predicate.value.endswith("#label")
    ]
    assert "deruxtecan" in labels


def test_service_description(base):
    answer = httpx.get(f"{base}/sparql", headers={"Accept": "text/turtle"})
    triples = list(ox.parse(answer.content, format=ox.RdfFormat.TURTLE))
    endpoints = [t.object.value for t in triples if t.predicate.value.endswith("#endpoint")]
    assert endpoints == [f"{base}/sparql"]
    assert any(t.object.value.endswith("#SPARQL11Query") for t in triples)


@pytest.mark.parametrize(
    ("method", "payload"),
    [
        ("get", {"query": "INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }"}),
        ("get", {"query": "LOAD <http://127.0.0.1:9/data.ttl>"}),
        ("get", {"query": "CLEAR ALL"}),
        ("post-form", {"update": "DELETE WHERE { ?s ?p ?o }"}),
        ("post-update", "DROP ALL"),
        ("get", {"query": "SELECT * FROM <http://127.0.0.1:9/g> WHERE { ?s ?p ?o }"}),
        ("get", {"query": "SELECT * FROM NAMED <http://127.0.0.1:9/g> WHERE { ?s ?p ?o }"}),
        (
            "get",
            {"query": "SELECT * WHERE { ?s ?p ?o }", "default-graph-uri": "http://127.0.0.1:9/g"},
        ),
    ],
)
def test_updates_and_remote_datasets_are_refused(base, method, payload):
    if method == "get":
        answer = httpx.get(f"{base}/sparql", params=payload)
    elif method == "post-form":
        answer = httpx.post(f"{base}/sparql", data=payload)
    else:
        answer = httpx.post(
            f"{base}/sparql", content=payload, headers={"Content-Type": "application/sparql-update"}
        )
    assert answer.status_code == 400
    assert "refused" in answer.text


def test_service_is_refused_and_never_reaches_the_network(base):
    with raw_listener(lambda conn, _stop: conn.close()) as (url, connections):
        port = int(url.rsplit(":", 1)[1])
        socket.create_connection(("127.0.0.1", port), timeout=1).close()  # the probe counts
        time.sleep(0.3)
        assert len(connections) == 1
        for query in (
            f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
            f"select * where {{ ?x ?y ?z . service silent <http://127.0.0.1:{port}/>"
            " { ?s ?p ?o } }",
        ):
            answer = get(base, query)
            assert answer.status_code == 400 and "SERVICE is refused" in answer.text
        time.sleep(0.5)
    assert len(connections) == 1, "the server connected to the SERVICE address"


def test_keywords_inside_strings_are_not_refused(base):
    query = 'ASK { ?s ?p "SERVICE <http://example.org/> INSERT FROM" }'
    assert get(base, query, "application/json").json()["boolean"] is False


@pytest.mark.parametrize("hostile", [CARTESIAN, DEEP_PATH], ids=["cartesian", "deep-path"])
def test_deadline_kills_the_worker_and_the_next_query_succeeds(server, hostile):
    base, app = server
    before = set(app.state.pool.pids())
    started = time.monotonic()
    answer = get(base, hostile)
    took = time.monotonic() - started
    assert answer.status_code == 504 and "deadline" in answer.text
    assert DEADLINE <= took < DEADLINE + 3
    killed = before - set(app.state.pool.pids())
    assert len(killed) == 1
    (pid,) = killed
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    after = get(base, f"{ADCS}\n# after the {hostile[:12]} query", "application/json")
    assert after.status_code == 200  # a text not asked before, so a worker ran it


def test_row_cap_cuts_and_says_so(base):
    capped = get(base, "SELECT * WHERE { ?s ?p ?o }", "application/json")
    assert capped.status_code == 200
    assert len(capped.json()["results"]["bindings"]) == ROW_CAP
    assert capped.headers["x-result-truncated"] == "true"
    assert capped.headers["x-result-cap"] == str(ROW_CAP)
    whole = get(base, "SELECT * WHERE { ?s ?p ?o } LIMIT 10", "application/json")
    assert len(whole.json()["results"]["bindings"]) == 10
    assert "x-result-truncated" not in whole.headers
    page = httpx.get(f"{base}/editor", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert 'id="truncated"' in page.text and f"cut at {ROW_CAP} rows" in page.text


def test_request_body_over_the_limit_is_refused(base):
    padding = "#" + "x" * MAX_BODY + "\n"
    answer = httpx.post(
        f"{base}/sparql",
        content=(padding + ADCS).encode(),
        headers={"Content-Type": "application/sparql-query"},
    )
    assert answer.status_code == 413
    small = httpx.post(
        f"{base}/sparql",
        content=ADCS.encode(),
        headers={"Content-Type": "application/sparql-query"},
    )
    assert small.status_code == 200


def test_concurrency_limit_turns_away_with_retry_after_but_answers_from_cache():
    with running_server(deadline=3.0, workers=1, queue=0) as (base, _app):
        assert get(base, ADCS).status_code == 200  # now cached
        results: list[httpx.Response] = []
        hostile = threading.Thread(target=lambda: results.append(get(base, CARTESIAN)))
        hostile.start()
        time.sleep(0.7)
        turned_away = get(base, ADCS + " LIMIT 3")
        cached = get(base, ADCS)
        hostile.join()
        assert turned_away.status_code == 503
        assert int(turned_away.headers["retry-after"]) >= 1
        assert cached.status_code == 200, "a cached answer needs no worker"
        assert results[0].status_code == 504
        assert get(base, ADCS + " LIMIT 3").status_code == 200


def test_html_escapes_what_it_echoes(base):
    attack = "<script>alert(1)</script>"
    page = httpx.get(f"{base}/editor", params={"query": attack})
    assert page.status_code == 400
    assert attack not in page.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    missing = httpx.get(f"{base}/resource/{attack}")
    assert missing.status_code == 404 and attack not in missing.text
    saved = httpx.get(f"{base}/query/gene-findings", params={"gene": f'"{attack}'})
    assert saved.status_code == 400 and attack not in saved.text


def test_serve_binds_loopback_unless_told_and_checks_its_limits(capsys):
    from adckg.cli.main import cli, main
    from adckg.serve.config import ServeConfig

    host = next(p for p in cli.commands["serve"].params if p.name == "host")
    assert host.default == "127.0.0.1"
    assert ServeConfig(Path("."), Path(".")).host == "127.0.0.1"
    assert main(["serve", "--workers", "0"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "must be positive" in err[0]
