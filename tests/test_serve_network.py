"""No query reaches the network: the guard's refusals and, behind them, processes without network.

Each test counts connections on a loopback listener that every query text names; it must
see none, on the server (``adckg serve``) and in ``adckg sparql`` / ``adckg query`` on
both engines, and also when the guard is skipped on purpose (the second wall alone).
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import httpx
import pytest

from adckg.cli.main import main
from adckg.serve.config import ServeConfig
from adckg.serve.pool import Job, QueryFailed, QueryPool
from adckg.store.isolation import run_without_network
from adckg.store.query import Engine, Result, _disable_rdflib_remote, answer_without_network
from tests.conftest import PROJECT
from tests.netwall import corpus, counting_listener
from tests.serving import running_server

# Slow tier: see CONTRIBUTING.md (builds, servers, stores or child processes).
pytestmark = pytest.mark.slow

RELEASE = PROJECT.release_dir / "adckg.ttl"


def settle(seen, before: int = 0) -> None:
    time.sleep(0.3)  # a connection in flight would be accepted by now
    assert seen.count == before, "a query reached the loopback listener"


@pytest.mark.parametrize("method", ["namespace", "seccomp"])
def test_each_isolation_method_leaves_no_network(method, tmp_path: Path):
    """In a fresh process (the change is permanent): plain sockets and pyoxigraph's SERVICE
    both fail, the pipe to the parent (AF_UNIX) still works."""
    with counting_listener() as seen:
        script = textwrap.dedent(
            f"""
            import socket
            import pyoxigraph as ox
            from adckg.store.isolation import IsolationError, cut_network
            try:
                assert cut_network({method!r}) == {method!r}
            except IsolationError:
                print("unavailable")
                raise SystemExit(0)
            try:
                socket.create_connection(("127.0.0.1", {seen.port}), timeout=2)
            except OSError:
                pass
            else:
                raise SystemExit("connected")
            try:
                list(ox.Store().query("SELECT * WHERE {{ SERVICE <{seen.url}/x> {{ ?s ?p ?o }} }}"))
            except OSError:
                pass
            else:
                raise SystemExit("SERVICE answered")
            a, b = socket.socketpair()
            a.send(b"ok")
            assert b.recv(2) == b"ok"
            print("isolated")
            """
        )
        done = subprocess.run(  # noqa: S603 - our own interpreter and script
            [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
        )
        assert done.returncode == 0, done.stderr
        if method == "namespace" and done.stdout.strip() == "unavailable":
            pytest.skip("network namespaces are not permitted here; workers use seccomp")
        assert done.stdout.strip() == "isolated"
        settle(seen)


def test_a_worker_that_runs_service_unguarded_reaches_nothing():
    """The guard skipped on purpose: the worker runs SERVICE and the network is not there."""
    config = ServeConfig(PROJECT.release_dir, PROJECT.queries_dir, workers=1, deadline=10)
    pool = QueryPool(config)
    pool.start()
    try:
        assert pool.isolation in ("namespace", "seccomp")
        with counting_listener() as seen:
            text = f"SELECT * WHERE {{ SERVICE <{seen.url}/x> {{ ?s ?p ?o }} }}"
            job = Job(text, None, "json", 10, kind="select")
            with pytest.raises(QueryFailed) as failed:
                pool._run(job, "unguarded", "test")
            assert failed.value.status == 500
            assert "unreachable" in str(failed.value) or "denied" in str(failed.value)
            settle(seen)
    finally:
        pool.close()


def test_server_refuses_the_fuzz_corpus_and_reaches_nothing():
    with running_server(workers=1, deadline=5) as (base, _app), counting_listener() as seen:
        with httpx.Client(base_url=base, timeout=30) as client:
            for n, text in enumerate(corpus(seen.url, 80)):
                if n % 2:
                    answer = client.get("/sparql", params={"query": text})
                else:
                    answer = client.post(
                        "/sparql",
                        content=text.encode(),
                        headers={"Content-Type": "application/sparql-query"},
                    )
                assert answer.status_code == 400, (text, answer.text)
            page = client.get("/editor", params={"query": corpus(seen.url, 1)[0]})
            assert page.status_code == 400
        settle(seen)


def _render(result: Result) -> str:
    return result.kind


@pytest.mark.parametrize("engine_kind", ["oxigraph", "rdflib"])
def test_cli_refuses_the_fuzz_corpus_and_reaches_nothing(engine_kind, capsys):
    engine = Engine(engine_kind, RELEASE)
    with counting_listener() as seen:
        for text in corpus(seen.url, 60, seed=5):
            with pytest.raises(Exception) as refused:  # noqa: B017, PT011 - InputError
                answer_without_network(engine, text, _render)
            assert type(refused.value).__name__ == "InputError"
        bypass = corpus(seen.url, 1)[0]
        assert main(["sparql", "--engine", engine_kind, bypass]) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and "refused" in err[0]
        settle(seen)


def test_rdflib_service_and_from_reach_nothing_without_the_guard():
    """rdflib run directly (no guard): SERVICE is switched off and the process has no
    network; a FROM graph is not fetched."""
    engine = Engine("rdflib", RELEASE)
    with counting_listener() as seen:

        def service_unguarded() -> str:
            try:
                text = f"SELECT * WHERE {{ SERVICE <{seen.url}/x> {{ ?s ?p ?o }} }}"
                list(engine.graph.query(text))
            except Exception as exc:  # noqa: BLE001 - any failure is the expected outcome
                return type(exc).__name__
            return "answered"

        def raw_network_only() -> str:
            try:
                list(engine.graph.query(f"SELECT * FROM <{seen.url}/g> WHERE {{ ?s ?p ?o }}"))
            except Exception as exc:  # noqa: BLE001
                return type(exc).__name__
            return "answered"

        def switched_off() -> str:
            _disable_rdflib_remote()
            return service_unguarded()

        assert run_without_network(switched_off) == "InputError"
        assert run_without_network(service_unguarded) != "answered"
        run_without_network(raw_network_only)
        settle(seen)


def test_cli_query_runs_saved_queries_without_network(capsys):
    with counting_listener() as seen:
        assert main(["query", "adc-components", "--format", "csv"]) == 0
        assert "trastuzumab deruxtecan" in capsys.readouterr().out
        settle(seen)
