"""Loading into a store, without a store: chunking, endpoints, retries and failures."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from adckg.cli import main
from adckg.errors import StoreError
from adckg.graphstore import chunks, read_release, update_endpoint_for

from .conftest import PROJECT
from .loopback import listening

RELEASE = PROJECT.release_dir / "adckg.ttl"


@pytest.fixture(scope="module")
def triples() -> list[ox.Triple]:
    return read_release([(RELEASE, "turtle")])


def _blank_labels(document: bytes) -> set[str]:
    found = set()
    for quad in ox.parse(document, format=ox.RdfFormat.N_TRIPLES):
        for term in (quad.subject, quad.object):
            if isinstance(term, ox.BlankNode):
                found.add(term.value)
    return found


def test_chunks_are_bounded_and_keep_every_triple(triples):
    documents = chunks(triples, 50_000)
    assert len(documents) > 10
    assert all(len(d) <= 50_000 for d in documents)
    back = {q.triple for d in documents for q in ox.parse(d, format=ox.RdfFormat.N_TRIPLES)}
    assert back == set(triples)


def test_no_blank_node_is_split_across_chunks(triples):
    documents = chunks(triples, 20_000)
    seen: dict[str, int] = {}
    for number, document in enumerate(documents):
        for label in _blank_labels(document):
            assert seen.setdefault(label, number) == number, f"_:{label} in two chunks"
    assert seen, "the release has blank nodes (OWL restrictions), so this test means something"


def test_chunks_are_deterministic(triples):
    assert chunks(triples, 100_000) == chunks(list(reversed(triples)), 100_000)


@pytest.mark.parametrize(
    ("graph_store", "update"),
    [
        ("http://h:8890/sparql-graph-crud-auth", "http://h:8890/sparql-auth"),
        ("http://h:3030/adckg/data", "http://h:3030/adckg/update"),
        (
            "http://h:7200/repositories/adckg/rdf-graphs/service",
            "http://h:7200/repositories/adckg/statements",
        ),
        ("http://h:7878/store", "http://h:7878/update"),
    ],
)
def test_update_endpoint_of_known_stores(graph_store, update):
    assert update_endpoint_for(graph_store) == update


def test_unknown_store_asks_for_the_update_endpoint():
    with pytest.raises(StoreError, match="--update-endpoint"):
        update_endpoint_for("http://h/somewhere")


def _load(url: str, *extra: str) -> int:
    return main(["load", "--root", str(PROJECT.root), "--endpoint", f"{url}/store", *extra])


def test_store_down_is_one_line_and_exit_4(capsys):
    with listening() as server:
        url = server.url  # the port is closed again when the block ends
    assert _load(url, "--attempts", "2") == 4
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "cannot reach the store" in err and "gave up after 2 attempts" in err


def test_refusal_is_not_retried(capsys):
    with listening(default=403) as server:
        code = _load(server.url)
        methods = [m for m, _, _ in server.requests]
    assert code == 4
    assert "HTTP 403" in capsys.readouterr().err
    assert methods == ["POST", "POST"]  # the chunk, then the clean-up DROP; no retry, no MOVE


def test_busy_store_is_retried_then_loads(capsys):
    with listening(statuses=[503, 503]) as server:
        code = _load(server.url, "--attempts", "3")
        requests = list(server.requests)
    assert code == 0, capsys.readouterr().err
    assert len(requests) == 4  # two busy answers, the chunk, the MOVE
    move = requests[-1]
    assert move[1] == "/update" and b"MOVE" in move[2]


def test_failure_half_way_drops_the_new_graph_and_keeps_the_target(capsys):
    with listening(statuses=[201, 201, 500]) as server:
        code = _load(server.url, "--chunk-bytes", "400000")
        requests = list(server.requests)
    assert code == 4
    assert "HTTP 500" in capsys.readouterr().err
    posts = [path for _, path, _ in requests[:3]]
    assert all(path.startswith("/store?graph=urn%3Auuid%3A") for path in posts)
    last = requests[-1]
    assert last[1] == "/update" and b"DROP+SILENT+GRAPH" in last[2]
    assert not any(b"MOVE" in body for _, _, body in requests)
