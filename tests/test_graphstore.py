"""Loading into a store, without a store: chunking, endpoints, retries and failures."""

from __future__ import annotations

import re
import time
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox
import pytest

from adckg.cli.main import main
from adckg.errors import StoreError
from adckg.store.graphstore import chunks, read_release, update_endpoint_for

from .conftest import PROJECT
from .loopback import listening, raw_listener

# Slow tier: see CONTRIBUTING.md (builds, servers, stores or child processes).
pytestmark = pytest.mark.slow

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
    with listening(statuses=[503, 503], answer=FakeStore()) as server:
        code = _load(server.url, "--attempts", "3")
        requests = list(server.requests)
    assert code == 0, capsys.readouterr().err
    assert len(requests) == 5  # two busy answers, the chunk, reading it back, the MOVE
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


# -- a store that is not a store, or not answering: bounded, refused, never followed ----------


class FakeStore:
    """A minimal Graph Store + Update endpoint in memory: POST, GET, MOVE, DROP."""

    def __init__(self) -> None:
        self.graphs: dict[str, bytes] = {}

    def __call__(self, method: str, path: str, body: bytes) -> tuple[int, dict, bytes]:
        url = urlsplit(path)
        if url.path == "/store":
            graph = parse_qs(url.query)["graph"][0]
            if method == "POST":
                self.graphs[graph] = self.graphs.get(graph, b"") + body
                return 204, {}, b""
            data = self.graphs.get(graph, b"")
            return 200, {"content-type": "application/n-triples"}, data
        update = parse_qs(body.decode())["update"][0]
        move = re.fullmatch(r"MOVE <(.+)> TO <(.+)>", update)
        if move:
            self.graphs[move.group(2)] = self.graphs.pop(move.group(1))
        drop = re.fullmatch(r"DROP SILENT GRAPH <(.+)>", update)
        if drop:
            self.graphs.pop(drop.group(1), None)
        return 204, {}, b""


def test_fake_store_loads_and_the_graph_is_read_back_before_the_swap(capsys, triples):
    store = FakeStore()
    with listening(answer=store) as server:
        code = _load(server.url)
        methods = [(m, p.split("?")[0]) for m, p, _ in server.requests]
    assert code == 0, capsys.readouterr().err
    assert methods == [("POST", "/store"), ("GET", "/store"), ("POST", "/update")]
    loaded = store.graphs["https://w3id.org/adckg/graph"]
    back = [q.triple for q in ox.parse(loaded, format=ox.RdfFormat.N_TRIPLES)]
    assert len(back) == len(set(triples))

    def ground(items):
        return {
            t for t in items if not any(isinstance(x, ox.BlankNode) for x in (t.subject, t.object))
        }

    assert ground(back) == ground(triples)


def test_garbage_200_is_not_loaded(capsys):
    page = b"<html><body>Welcome to nginx!</body></html>"
    with listening(answer=lambda m, p, b: (200, {"content-type": "text/html"}, page)) as server:
        code = _load(server.url, "--timeout", "20")
        bodies = [body for _, _, body in server.requests]
    err = capsys.readouterr().err
    errors = [line for line in err.splitlines() if not line.startswith("[adckg]")]
    assert code == 4 and len(errors) == 1, err
    assert "the answer is not RDF (text/html)" in err
    assert not any(b"MOVE" in body for body in bodies), "garbage must never be swapped in"


def test_store_that_loses_triples_is_not_swapped_in(capsys):
    store = FakeStore()

    def lossy(method: str, path: str, body: bytes):
        if method == "POST" and path.startswith("/store"):
            body = body[: body.index(b"\n") + 1]  # keeps one triple of the chunk
        return store(method, path, body)

    with listening(answer=lossy) as server:
        code = _load(server.url)
        bodies = [body for _, _, body in server.requests]
    assert code == 4
    assert "holds 1 triples of the" in capsys.readouterr().err
    assert not any(b"MOVE" in body for body in bodies)
    assert store.graphs == {}, "the temporary graph is dropped"


def test_redirect_is_not_followed(capsys):
    with listening() as elsewhere:
        target = f"{elsewhere.url}/store"
        with listening(answer=lambda m, p, b: (307, {"location": target}, b"")) as server:
            code = _load(server.url, "--timeout", "20")
            seen_first = len(server.requests)
        seen_elsewhere = list(elsewhere.requests)
    err = capsys.readouterr().err
    assert code == 4 and err.count("\n") == 1
    assert "redirects (HTTP 307)" in err and "not followed" in err
    assert seen_elsewhere == [], "the data went to the redirect's target"
    assert seen_first >= 1


def _silent(conn, stop) -> None:
    while not stop.wait(0.1):
        pass  # accepts, reads nothing, answers nothing


def _drip(conn, stop) -> None:
    for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 10_000:
        if stop.wait(0.3):
            return
        try:
            conn.sendall(bytes([byte]))
        except OSError:
            return


@pytest.mark.parametrize("behaviour", [_silent, _drip], ids=["silent", "one-byte-at-a-time"])
def test_load_ends_within_its_timeout(capsys, monkeypatch, behaviour):
    from adckg.store import graphstore

    monkeypatch.setattr(graphstore, "CLEANUP_S", 1.0)
    with raw_listener(behaviour) as (url, connections):
        started = time.monotonic()
        code = _load(url, "--timeout", "2")
        elapsed = time.monotonic() - started
        assert connections, "the listener was reached"
    err = capsys.readouterr().err
    errors = [line for line in err.splitlines() if not line.startswith("[adckg]")]
    assert code == 4 and len(errors) == 1 and "Traceback" not in err, err
    assert "before the deadline" in err
    assert elapsed < 2 + 1 + 3, f"took {elapsed:.1f} s with --timeout 2 (and 1 s to clean up)"


def test_backoff_is_capped_and_stops_at_the_deadline(monkeypatch):
    from adckg.store import endpoint

    waits: list[float] = []
    monkeypatch.setattr(endpoint.time, "sleep", waits.append)
    with listening(default=503) as server:
        with endpoint.Client(attempts=12, backoff_s=0.5, max_backoff_s=4.0) as client:
            with pytest.raises(StoreError, match="gave up after 12 attempts"):
                client.request("POST", f"{server.url}/store")
    assert waits == [0.5, 1.0, 2.0] + [4.0] * 8


def test_an_endless_answer_is_cut_at_the_limit(capsys):
    from adckg.store import endpoint

    page = b"x" * 3_000_000
    with listening(answer=lambda m, p, b: (200, {"content-type": "text/plain"}, page)) as server:
        with endpoint.Client(attempts=1, max_answer_bytes=1_000_000) as client:
            with pytest.raises(StoreError, match="longer than 1,000,000 bytes; stopped reading"):
                client.request("POST", f"{server.url}/store")
