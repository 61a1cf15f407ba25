"""Load test of ``adckg serve`` beside Oxigraph's own server, on loopback.

Run from the repository root: ``python bench/serve_load.py [seconds]`` (default 10 s per
cell). Needs the ``oxigraph`` command (``pip install oxigraph``, the ``bench`` extra);
without it only ``adckg serve`` is measured and the table says so.

Part 1, the peer comparison: each server in turn (``adckg serve`` with its defaults but a
2 s deadline;
``oxigraph serve-read-only`` over a store loaded with the same release file), each of the
saved queries ``adc-components`` and ``resistance-mechanisms-per-adc`` sent by 16
closed-loop clients (each sends its next request when the last answer arrived), every
request a distinct text (the query plus a comment naming the request) so that no answer
cache helps; JSON results.

Part 2, the hostile mix on ``adckg serve``: 16 clients send the saved queries (distinct
texts, as above) while two more clients re-send a cartesian-product query that only the
deadline stops. Figures: throughput, p50 and p99 latency of the successful requests,
errors. Results go to ``bench/results/serve-load.md`` and ``.csv``.
"""

from __future__ import annotations

import csv
import http.client
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import datetime, timezone

from sources import ROOT

from adckg.store.query import bind, find_query, list_queries

HOST = "127.0.0.1"
ADCKG_PORT = 8917
OXIGRAPH_PORT = 8918
CLIENTS = 16
DEADLINE_S = 2.0
PEER_QUERIES = ("adc-components", "resistance-mechanisms-per-adc")
HOSTILE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
RESULTS = ROOT / "bench" / "results"

Sample = tuple[str, float, int]  # label, seconds, HTTP status


def post(conn: http.client.HTTPConnection, path: str, query: str) -> int:
    conn.request(
        "POST",
        path,
        query.encode(),
        {
            "Content-Type": "application/sparql-query",
            "Accept": "application/sparql-results+json",
        },
    )
    response = conn.getresponse()
    response.read()
    return response.status


def wait_until_up(port: int, path: str, timeout: float = 120.0) -> None:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        try:
            if post(http.client.HTTPConnection(HOST, port, timeout=5), path, "ASK {}") == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"server on port {port} did not start")


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def closed_loop(
    port: int, path: str, texts: Callable[[int, int], tuple[str, str]], clients: int, seconds: float
) -> list[Sample]:
    """``clients`` threads, each sending ``texts(client, n)`` back to back for ``seconds``."""
    samples: list[Sample] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client(number: int) -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=60)
        n = 0
        while time.monotonic() < stop_at:
            n += 1
            label, text = texts(number, n)
            started = time.perf_counter()
            try:
                status = post(conn, path, text)
            except (OSError, http.client.HTTPException):
                status = 0
                conn = http.client.HTTPConnection(HOST, port, timeout=60)
            with lock:
                samples.append((label, time.perf_counter() - started, status))

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return samples


def row(server: str, requests: str, samples: list[Sample], seconds: float, ok: int = 200) -> dict:
    latencies = [s[1] * 1000 for s in samples if s[2] == ok]
    return {
        "server": server,
        "requests": requests,
        "clients": CLIENTS,
        "count": len(samples),
        "throughput_per_s": round(len(samples) / seconds, 1),
        "p50_ms": round(percentile(latencies, 50), 1),
        "p99_ms": round(percentile(latencies, 99), 1),
        "errors": sum(1 for s in samples if s[2] != ok),
    }


def distinct(name: str, text: str) -> Callable[[int, int], tuple[str, str]]:
    return lambda client, n: (name, f"{text}\n# client {client} request {n}\n")


def peer_rows(port: int, path: str, server: str, seconds: float) -> list[dict]:
    rows = []
    for name in PEER_QUERIES:
        text = bind(find_query(ROOT / "queries", name), {})
        closed_loop(port, path, distinct(name, text), CLIENTS, 1.0)  # warm up
        samples = closed_loop(port, path, distinct(name, text), CLIENTS, seconds)
        rows.append(row(server, name, samples, seconds))
    return rows


def hostile_rows(seconds: float) -> list[dict]:
    saved = [(q.name, bind(q, {})) for q in list_queries(ROOT / "queries")]

    def polite(client: int, n: int) -> tuple[str, str]:
        name, text = saved[(client + n) % len(saved)]
        return "saved queries", f"{text}\n# client {client} request {n}\n"

    hostile: list[Sample] = []
    thread = threading.Thread(
        target=lambda: hostile.extend(
            closed_loop(ADCKG_PORT, "/sparql", lambda c, n: ("hostile", HOSTILE), 2, seconds)
        )
    )
    thread.start()
    samples = closed_loop(ADCKG_PORT, "/sparql", polite, CLIENTS, seconds)
    thread.join()
    return [
        row(
            "adckg serve",
            "saved queries, while 2 clients re-send a hostile query",
            samples,
            seconds,
        ),
        {
            **row("adckg serve", "the hostile query (504 expected)", hostile, seconds, ok=504),
            "clients": 2,
        },
    ]


def run_adckg(seconds: float) -> list[dict]:
    command = [sys.executable, "-m", "adckg.cli.main", "serve", "--root", str(ROOT)]
    command += ["--port", str(ADCKG_PORT), "--deadline", str(DEADLINE_S)]
    server = subprocess.Popen(command)  # noqa: S603 - our own interpreter and command
    try:
        wait_until_up(ADCKG_PORT, "/sparql")
        return peer_rows(ADCKG_PORT, "/sparql", "adckg serve", seconds) + hostile_rows(seconds)
    finally:
        server.terminate()
        server.wait(timeout=30)


def run_oxigraph(seconds: float) -> list[dict]:
    binary = shutil.which("oxigraph")
    if binary is None:
        return []
    with tempfile.TemporaryDirectory() as location:
        release = str(ROOT / "kg" / "release" / "adckg.ttl")
        subprocess.run(  # noqa: S603 - the oxigraph command found on PATH
            [binary, "load", "--location", location, "--file", release],
            check=True,
            capture_output=True,
        )
        bind_to = f"{HOST}:{OXIGRAPH_PORT}"
        server = subprocess.Popen(  # noqa: S603 - as above
            [binary, "serve-read-only", "--location", location, "--bind", bind_to]
        )
        try:
            wait_until_up(OXIGRAPH_PORT, "/query")
            return peer_rows(OXIGRAPH_PORT, "/query", "oxigraph serve-read-only", seconds)
        finally:
            server.terminate()
            server.wait(timeout=30)


def oxigraph_version() -> str:
    binary = shutil.which("oxigraph")
    if binary is None:
        return "not installed: `pip install oxigraph` to measure it"
    done = subprocess.run([binary, "--version"], capture_output=True, text=True)  # noqa: S603
    return done.stdout.strip()


def main(seconds: float) -> None:
    load_before = os.getloadavg()[0]
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    rows = run_adckg(seconds) + run_oxigraph(seconds)
    header = list(rows[0])
    RESULTS.mkdir(parents=True, exist_ok=True)
    with (RESULTS / "serve-load.csv").open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    lines = [
        f"Load test of `adckg serve` (defaults but a {DEADLINE_S:g} s deadline: 2 query workers,"
        f" answer cache on) beside {oxigraph_version()} (`serve-read-only`) on the same"
        " release file,"
        f" measured {when} on loopback. Server and clients share {os.cpu_count()} CPU cores"
        " with other work running on the machine (1-minute load average"
        f" {load_before:.1f} before the run), so the figures are indicative; each cell ran"
        f" only {seconds:g} s. {CLIENTS} closed-loop clients; every request is a distinct text"
        " (the query plus a comment naming the request), so no answer cache helps; JSON"
        " results. Latencies are of successful requests (for the hostile query: of its 504"
        " answers; errors counts other answers).",
        "",
        "| " + " | ".join(header) + " |",
        "|" + "---|" * len(header),
    ]
    lines += ["| " + " | ".join(str(r[k]) for k in header) + " |" for r in rows]
    (RESULTS / "serve-load.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 10.0)
