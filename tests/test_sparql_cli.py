"""``adckg sparql`` and ``adckg query``: every query form on both engines, one-line errors."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from adckg.cli.main import main
from adckg.store.query import list_queries
from tests.conftest import PROJECT

# Slow tier: see CONTRIBUTING.md (builds, servers, stores or child processes).
pytestmark = pytest.mark.slow

TDXD = "https://w3id.org/adckg/resource/T-DXd"
ENGINES = ["oxigraph", "rdflib"]


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("engine", ENGINES)
def test_ask_prints_true_or_false(capsys, engine):
    code, out, _ = run(capsys, "sparql", "--engine", engine, "ASK { ?s ?p ?o }")
    assert (code, out) == (0, "true\n")
    code, out, _ = run(capsys, "sparql", "--engine", engine, "ASK { ?s a adcko:NoSuchClass }")
    assert (code, out) == (0, "false\n")
    code, out, _ = run(capsys, "sparql", "--engine", engine, "--format", "json", "ASK {}")
    assert json.loads(out) == {"head": {}, "boolean": True}


@pytest.mark.parametrize("engine", ENGINES)
def test_construct_and_describe_print_turtle_or_the_chosen_format(capsys, engine):
    construct = "CONSTRUCT { adckg:T-DXd rdfs:label ?l } WHERE { adckg:T-DXd rdfs:label ?l }"
    code, out, _ = run(capsys, "sparql", "--engine", engine, construct)
    assert code == 0
    triples = list(ox.parse(out.encode(), format=ox.RdfFormat.TURTLE))
    assert [(t.subject.value, t.object.value) for t in triples] == [
        (TDXD, "trastuzumab deruxtecan")
    ]
    code, out, _ = run(
        capsys, "sparql", "--engine", engine, "--format", "ntriples", "DESCRIBE adckg:T-DXd"
    )
    assert code == 0
    described = list(ox.parse(out.encode(), format=ox.RdfFormat.N_TRIPLES))
    assert {t.subject.value for t in described} == {TDXD}
    assert any(t.predicate.value.endswith("hasPayload") for t in described)
    code, _, err = run(capsys, "sparql", "--engine", engine, "--format", "csv", construct)
    assert code == 2 and "does not fit a CONSTRUCT query" in err


@pytest.mark.parametrize("engine", ENGINES)
def test_json_is_sparql_results_with_typed_terms(capsys, engine):
    query = (
        "SELECT ?adc ?label (COUNT(*) AS ?n) WHERE { BIND(adckg:T-DXd AS ?adc)"
        " ?adc rdfs:label ?label } GROUP BY ?adc ?label"
    )
    code, out, _ = run(capsys, "sparql", "--engine", engine, "--format", "json", query)
    assert code == 0
    data = json.loads(out)
    assert data["head"]["vars"] == ["adc", "label", "n"]
    (row,) = data["results"]["bindings"]
    assert row["adc"] == {"type": "uri", "value": TDXD}
    assert row["label"] == {
        "type": "literal",
        "value": "trastuzumab deruxtecan",
        "xml:lang": "en",
    }
    assert row["n"]["datatype"] == "http://www.w3.org/2001/XMLSchema#integer"


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }", "updates are refused"),
        ("DELETE WHERE { ?s ?p ?o }", "updates are refused"),
        ("SELECT * WHERE { ?s nope:p ?o }", "undefined prefix 'nope:' (line 1, column 21)"),
        ("SELECT * WHERE { ?s ?p ?o", "SPARQL syntax"),
    ],
)
def test_refusals_and_mistakes_are_one_short_line(capsys, engine, text, expected):
    code, out, err = run(capsys, "sparql", "--engine", engine, text)
    lines = err.strip().splitlines()
    assert code == 2 and out == ""
    assert len(lines) == 1 and expected in lines[0] and len(lines[0]) < 400


def test_query_list_shows_parameters_and_defaults(capsys):
    code, out, _ = run(capsys, "query", "--list")
    assert code == 0
    for saved in list_queries(PROJECT.queries_dir):
        assert f"{saved.name}: {saved.title}" in out
        for p in saved.parameters:
            assert f"--param {p.name}=VALUE  ({p.kind}, default {p.default})" in out


def test_an_iri_parameter_naming_nothing_is_exit_2_with_suggestions(capsys):
    code, _, err = run(capsys, "query", "adc-shared-payload-class", "--param", "adc=adckg:T-DXdd")
    lines = err.strip().splitlines()
    assert code == 2 and len(lines) == 1
    assert "adckg:T-DXdd names nothing in the graph" in lines[0]
    assert "adckg:T-DXd (trastuzumab deruxtecan)" in lines[0]


@pytest.mark.parametrize("value", [TDXD, f"<{TDXD}>", "adckg:T-DXd"])
def test_an_iri_parameter_as_curie_bracketed_or_bare(capsys, value):
    code, out, _ = run(
        capsys, "query", "adc-shared-payload-class", "--param", f"adc={value}", "--format", "csv"
    )
    assert code == 0
    assert "patritumab deruxtecan" in out  # both carry deruxtecan, as the review names them


def test_query_on_an_endpoint_prints_its_sparql_json(capsys):
    """--endpoint --format json: the endpoint's own results, typed terms kept."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    results = {
        "head": {"vars": ["adc", "dar"]},
        "results": {
            "bindings": [
                {
                    "adc": {"type": "uri", "value": TDXD},
                    "dar": {
                        "type": "literal",
                        "value": "8",
                        "datatype": "http://www.w3.org/2001/XMLSchema#decimal",
                    },
                }
            ]
        },
    }
    seen: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - the http.server interface
            length = int(self.headers.get("content-length") or 0)
            seen.append(self.rfile.read(length).decode())
            body = json.dumps(results).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_args) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/sparql"
        code, out, _ = run(capsys, "query", "adc-components", "--endpoint", url, "--format", "json")
    finally:
        server.shutdown()
        server.server_close()
    assert code == 0
    assert json.loads(out) == results
    assert seen and "query=" in seen[0]
