"""Hostile load: a memory bound per worker, fair turns, and nothing that crashes the server.

Also the hardening of every response: CSP and nosniff headers, the CORS policy, 405 with
Allow, clean 413/414 answers, and IRIs that are not http(s) never becoming links.
"""

from __future__ import annotations

import http.client
import threading
import time

import httpx
import pytest

from adckg.serve.config import ServeConfig
from adckg.serve.pool import DeadlineExceeded, Job, QueryFailed, QueryPool
from tests.conftest import PROJECT
from tests.serving import running_server

# Slow tier: see CONTRIBUTING.md (builds, servers, stores or child processes).
pytestmark = pytest.mark.slow

ADCS = (
    "SELECT ?adc WHERE { ?adc a <https://w3id.org/adckg/ontology/AntibodyDrugConjugate> }"
    " ORDER BY ?adc"
)
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
BIG_CONCAT = (
    'SELECT (STRLEN(GROUP_CONCAT(?l)) AS ?n) WHERE {{ ?a ?b ?c . ?d ?e ?f BIND("{big}" AS ?l) }}'
).format(big="x" * 30_000)
MAX_BODY = 40_000
MAX_URL = 128 * 1024
DEADLINE = 3.0


@pytest.fixture(scope="module")
def server():
    with running_server(
        workers=2, deadline=DEADLINE, max_body=MAX_BODY, memory_mb=256, max_url=MAX_URL
    ) as s:
        yield s


@pytest.fixture(scope="module")
def base(server) -> str:
    return server[0]


def post(base: str, query: str) -> httpx.Response:
    return httpx.post(
        f"{base}/sparql",
        content=query.encode(),
        headers={"Content-Type": "application/sparql-query"},
        timeout=60,
    )


def test_a_query_over_the_memory_limit_gets_503_and_its_worker_is_replaced(server):
    base, app = server
    before = set(app.state.pool.pids())
    started = time.monotonic()
    answer = post(base, BIG_CONCAT)
    assert answer.status_code == 503 and "256 MB memory limit" in answer.text
    assert time.monotonic() - started < DEADLINE, "stopped by memory, not by the deadline"
    assert len(before - set(app.state.pool.pids())) == 1
    again = post(base, BIG_CONCAT + " # again")
    assert again.status_code == 504 and "not run again" in again.text
    ok = httpx.get(f"{base}/sparql", params={"query": ADCS + " # after memory"}, timeout=60)
    assert ok.status_code == 200


def test_a_worker_that_crashes_is_replaced_and_the_client_told(server):
    """Past the guard on purpose: 30000 "!" overflow the engine's stack in the worker."""
    base, app = server
    before = set(app.state.pool.pids())
    job = Job("ASK { FILTER(" + "!" * 30_000 + "true) }", None, "json", 10, kind="ask")
    with pytest.raises(QueryFailed) as failed:
        app.state.pool._run(job, "crash", "test")
    assert failed.value.status == 503 and "crashed" in str(failed.value)
    assert len(before - set(app.state.pool.pids())) == 1
    assert post(base, ADCS + " # after a crash").status_code == 200


def test_two_clients_resending_a_slow_query_do_not_starve_the_others(base):
    stop = time.monotonic() + 3 * DEADLINE
    hostile: list[int] = []
    polite: list[tuple[int, float]] = []

    def resend() -> None:
        with httpx.Client(timeout=30) as client:
            while time.monotonic() < stop:
                answer = client.get(f"{base}/sparql", params={"query": CARTESIAN})
                hostile.append(answer.status_code)

    def ask() -> None:
        with httpx.Client(timeout=30) as client:
            n = 0
            while time.monotonic() < stop:
                n += 1
                started = time.monotonic()
                answer = client.get(f"{base}/sparql", params={"query": f"{ADCS} LIMIT {n}"})
                polite.append((answer.status_code, time.monotonic() - started))

    threads = [threading.Thread(target=resend) for _ in range(2)]
    threads.append(threading.Thread(target=ask))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert hostile and set(hostile) == {504}
    assert len(hostile) > 4, "a slow query already stopped is answered at once"
    assert polite and {status for status, _ in polite} == {200}
    assert max(took for _, took in polite) < 2 * DEADLINE + 1


def test_a_client_sending_many_slow_queries_leaves_workers_for_others():
    """Distinct slow texts (no memory of them helps) from one client, cheap ones from another."""
    config = ServeConfig(PROJECT.release_dir, PROJECT.queries_dir, workers=2, deadline=1.5)
    pool = QueryPool(config)
    pool.start()
    outcomes: list[str] = []
    polite: list[float] = []
    stop = time.monotonic() + 5

    def hostile(n: int) -> None:
        while time.monotonic() < stop:
            n += 10
            try:
                pool.run(Job(f"{CARTESIAN} LIMIT {n}", None, "json", 10), "hostile")
                outcomes.append("ok")
            except DeadlineExceeded:
                outcomes.append("504")
            except Exception as exc:  # noqa: BLE001 - Busy is the other allowed answer
                outcomes.append(type(exc).__name__)

    turned_away: list[str] = []

    def cheap() -> None:
        n = 0
        while time.monotonic() < stop:
            n += 1
            started = time.monotonic()
            try:
                pool.run(Job(f"{ADCS} LIMIT {n}", None, "json", 10), "polite")
            except Exception as exc:  # noqa: BLE001 - counted below
                turned_away.append(type(exc).__name__)
                continue
            polite.append(time.monotonic() - started)

    threads = [threading.Thread(target=hostile, args=(k,)) for k in range(4)]
    threads.append(threading.Thread(target=cheap))
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        pool.close()
    assert "504" in outcomes and "ok" not in outcomes
    assert len(polite) >= 3, "the polite client kept getting answers"
    assert not turned_away
    assert max(polite) < 2 * config.deadline + 1


def test_every_response_carries_csp_and_nosniff(base):
    for path in ("/", "/editor", "/sparql?query=ASK%7B%7D", "/resource/nothing-here", "/ontology"):
        answer = httpx.get(f"{base}{path}", timeout=30)
        assert "script-src" not in answer.headers["content-security-policy"]
        assert "default-src 'none'" in answer.headers["content-security-policy"]
        assert answer.headers["x-content-type-options"] == "nosniff"


def test_cors_policy_open_for_the_endpoint_only(base):
    preflight = httpx.options(
        f"{base}/sparql",
        headers={"Origin": "https://example.org", "Access-Control-Request-Method": "POST"},
    )
    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-origin"] == "*"
    assert "POST" in preflight.headers["access-control-allow-methods"]
    answer = httpx.get(f"{base}/sparql", params={"query": "ASK {}"}, headers={"Origin": "x"})
    assert answer.headers["access-control-allow-origin"] == "*"
    page = httpx.get(f"{base}/")
    assert "access-control-allow-origin" not in page.headers


def test_wrong_methods_get_405_with_allow(base):
    delete = httpx.delete(f"{base}/sparql")
    assert delete.status_code == 405 and "POST" in delete.headers["allow"]
    options_home = httpx.options(f"{base}/")
    assert options_home.status_code == 405 and "GET" in options_home.headers["allow"]


def test_only_http_iris_become_links(base):
    query = (
        'SELECT ?x ?y WHERE { BIND(IRI("javascript:alert(document.domain)") AS ?x)'
        ' BIND(IRI("https://example.org/ok") AS ?y) }'
    )
    page = httpx.get(f"{base}/editor", params={"query": query}).text
    assert 'href="javascript:' not in page
    assert "javascript:alert(document.domain)" in page
    assert 'href="https://example.org/ok"' in page


@pytest.mark.parametrize(
    ("query", "statuses"),
    [
        ("SELECT * WHERE { FILTER(" + "(" * 25 + "true" + ")" * 25 + ") }", {200}),
        ("ASK " + "{" * 37 + "}" * 37, {200}),
        ("ASK " + "{" * 500 + "}" * 500, {400}),
        ("SELECT * WHERE { FILTER(" + "(" * 5000 + "true" + ")" * 5000 + ") }", {400, 413}),
        ("ASK { FILTER(" + "!" * 3000 + "true) }", {400}),
        ('SELECT * WHERE { ?s ?p "\\u0011FFFF" }', {400}),
        ('SELECT * WHERE { ?s ?p "\\U0011FFFF" }', {400}),
    ],
)
def test_deep_nesting_and_bad_escapes_are_400_not_500(base, query, statuses):
    answer = post(base, query)
    assert answer.status_code in statuses, answer.text


def test_editor_respects_max_body(base):
    long = "ASK {} #" + "x" * MAX_BODY
    page = httpx.get(f"{base}/editor", params={"query": long})
    assert page.status_code == 413 and "byte limit" in page.text


def test_chunked_huge_body_and_long_url_get_clean_answers(base, caplog):
    def chunks():
        for _ in range(160):  # 10 MB
            yield b"#" * 65536

    body = httpx.post(
        f"{base}/sparql",
        content=chunks(),
        headers={"Content-Type": "application/sparql-query"},
        timeout=60,
    )
    assert body.status_code == 413
    host, port = base.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    conn.request("GET", "/sparql?query=" + "x" * 150_000)
    response = conn.getresponse()
    assert response.status == 414 and b"limit" in response.read()
    conn.close()
    assert not [r for r in caplog.records if r.levelname in ("ERROR", "CRITICAL")]
