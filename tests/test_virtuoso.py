"""The release in a real triple store: Virtuoso Open Source 7 answers as the embedded store.

Rows are compared as ``adckg.store.query`` prints them (term values, decimals in shortest
form), which is where Virtuoso's canonical decimals and lower-cased language tags
stop mattering; the queries name the graph through ``default-graph-uri``, because
Virtuoso otherwise queries the union of all its graphs, its own included.
"""

from __future__ import annotations

import pytest

from adckg.cli.main import main
from adckg.store.endpoint import Client
from adckg.store.query import Engine, bind, list_queries

from .conftest import PROJECT
from .test_queries import as_sets

# Slow tier: see CONTRIBUTING.md (builds, servers, stores or child processes).
pytestmark = pytest.mark.slow

GRAPH = "https://w3id.org/adckg/graph"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
QUERIES = list_queries(PROJECT.queries_dir)


@pytest.fixture(scope="module")
def embedded() -> Engine:
    return Engine("oxigraph", PROJECT.release_dir / "adckg.ttl")


@pytest.fixture(scope="module")
def loaded(virtuoso):
    """The release loaded in chunks of at most 300 kB (so chunking is exercised)."""
    code = main(
        [
            "load",
            "--root",
            str(PROJECT.root),
            "--endpoint",
            virtuoso.graph_store,
            "--graph",
            GRAPH,
            "--user",
            virtuoso.user,
            "--password",
            virtuoso.password,
            "--chunk-bytes",
            "300000",
        ]
    )
    assert code == 0
    with Client(attempts=1) as client:
        yield client


def test_release_loads_whole(virtuoso, loaded, embedded):
    _, remote = loaded.select(virtuoso.query, COUNT, GRAPH)
    _, local = embedded.select(COUNT)
    assert remote == local
    assert int(remote[0][0]) > 10_000


def test_reload_replaces_and_leaves_no_temporary_graph(virtuoso, loaded, embedded, capsys):
    args = ["load", "--root", str(PROJECT.root), "--endpoint", virtuoso.graph_store]
    args += ["--graph", GRAPH, "--user", virtuoso.user, "--password", virtuoso.password]
    assert main(args) == 0
    assert "in 1 chunk(s)" in capsys.readouterr().out
    _, rows = loaded.select(virtuoso.query, COUNT, GRAPH)
    assert rows == embedded.select(COUNT)[1]
    graphs = (
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), 'urn:uuid:')) }"
    )
    assert loaded.select(virtuoso.query, graphs)[1] == []


def test_wrong_password_is_refused_with_exit_4(virtuoso, capsys):
    args = ["load", "--root", str(PROJECT.root), "--endpoint", virtuoso.graph_store]
    args += ["--user", virtuoso.user, "--password", "not-the-password"]
    assert main(args) == 4
    err = capsys.readouterr().err
    assert "HTTP 401" in err and err.count("\n") == 1


@pytest.mark.parametrize("saved", QUERIES, ids=lambda q: q.name)
def test_saved_query_answers_as_on_the_embedded_store(saved, virtuoso, loaded, embedded):
    text = bind(saved, {})
    remote_columns, remote_rows = loaded.select(virtuoso.query, text, GRAPH)
    local_columns, local_rows = embedded.select(text)
    assert remote_columns == local_columns
    assert as_sets(saved, remote_rows) == as_sets(saved, local_rows)


def test_query_command_runs_remotely(virtuoso, loaded, capsys):
    name = "resistance-mechanisms-per-adc"
    assert main(["query", "--root", str(PROJECT.root), name, "--format", "csv"]) == 0
    local = capsys.readouterr().out
    args = ["query", "--root", str(PROJECT.root), name, "--format", "csv"]
    assert main([*args, "--endpoint", virtuoso.query, "--graph", GRAPH]) == 0
    assert capsys.readouterr().out == local
