"""Load test of ``adckg serve`` on loopback: C clients for S seconds, a hostile query mixed in.

Run from the repository root: ``python bench/serve_load.py [seconds] [clients ...]``
(default 20 s at 1, 4 and 16 clients). The server runs as ``adckg serve`` in a child
process with its default limits except a 2 s deadline. Each client keeps one connection
open and sends the saved queries (default parameters, POSTed as a form, JSON results) one
after another; one more client sends a cartesian-product query every 5 s, which the server
must stop at the deadline (504) while the others go on. Each saved query is sent once
before timing starts (the first sending of a text pays for its parse by the guard, about
0.1-0.3 s). Results go to ``bench/results/serve-load.md`` and ``.csv``: throughput, p50 and
p99 latency and errors, for all saved queries, for those sent while a hostile query was
running, and (at the largest client count, without the answer cache) per query. The
server runs twice: with its answer cache (repeated requests are answered from memory) and
with ``--cache-mb 0`` (every request runs its query on a worker).
"""

from __future__ import annotations

import http.client
import os
import subprocess
import sys
import threading
import time
from urllib.parse import urlencode

from scale import ROOT, write_results

from adckg.query import bind, list_queries

HOST = "127.0.0.1"
PORT = 8917
DEADLINE_S = 2.0
HOSTILE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
HOSTILE_EVERY_S = 5.0

Sample = tuple[str, float, int, bool]  # query, seconds, HTTP status, hostile query running


def post(conn: http.client.HTTPConnection, query: str) -> int:
    conn.request(
        "POST",
        "/sparql",
        urlencode({"query": query}),
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/sparql-results+json",
        },
    )
    response = conn.getresponse()
    response.read()
    return response.status


def wait_until_up(timeout: float = 60.0) -> None:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        try:
            if post(http.client.HTTPConnection(HOST, PORT, timeout=5), "ASK {}") == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("server did not start")


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def summary(clients: int, label: str, picked: list[Sample], span: float) -> dict:
    latencies = [s[1] * 1000 for s in picked if s[2] == 200]
    return {
        "clients": clients,
        "requests": label,
        "count": len(picked),
        "throughput_per_s": round(len(picked) / span, 1),
        "p50_ms": round(percentile(latencies, 50), 1),
        "p99_ms": round(percentile(latencies, 99), 1),
        "max_ms": round(max(latencies, default=float("nan")), 1),
        "errors": sum(1 for s in picked if s[2] != 200),
    }


def run_load(queries: list[tuple[str, str]], clients: int, seconds: float, per_query: bool):
    samples: list[Sample] = []
    hostile_runs: list[tuple[float, int]] = []
    hostile_running = threading.Event()
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client(offset: int) -> None:
        conn = http.client.HTTPConnection(HOST, PORT, timeout=30)
        i = offset
        while time.monotonic() < stop_at:
            name, text = queries[i % len(queries)]
            i += 1
            during = hostile_running.is_set()
            started = time.perf_counter()
            try:
                status = post(conn, text)
            except (OSError, http.client.HTTPException):
                status = 0
                conn = http.client.HTTPConnection(HOST, PORT, timeout=30)
            with lock:
                samples.append((name, time.perf_counter() - started, status, during))

    def hostile() -> None:
        while time.monotonic() + DEADLINE_S < stop_at:
            conn = http.client.HTTPConnection(HOST, PORT, timeout=30)  # idle ones time out
            hostile_running.set()
            started = time.perf_counter()
            try:
                status = post(conn, HOSTILE)
            except (OSError, http.client.HTTPException):
                status = 0
            finally:
                hostile_running.clear()
                conn.close()
            hostile_runs.append((time.perf_counter() - started, status))
            time.sleep(HOSTILE_EVERY_S)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    threads.append(threading.Thread(target=hostile))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    hostile_s = sum(t for t, _ in hostile_runs) or 1.0
    rows = [
        summary(clients, "all saved queries", samples, seconds),
        summary(
            clients,
            "saved queries sent while a hostile query ran",
            [s for s in samples if s[3]],
            hostile_s,
        ),
    ]
    times = [t * 1000 for t, _ in hostile_runs]
    rows.append(
        {
            "clients": clients,
            "requests": f"hostile cartesian query (deadline {DEADLINE_S:g} s)",
            "count": len(hostile_runs),
            "throughput_per_s": round(len(hostile_runs) / seconds, 2),
            "p50_ms": round(percentile(times, 50), 1),
            "p99_ms": round(percentile(times, 99), 1),
            "max_ms": round(max(times, default=float("nan")), 1),
            "errors": sum(1 for _, status in hostile_runs if status != 504),
        }
    )
    if per_query:
        for name, _ in queries:
            rows.append(summary(clients, name, [s for s in samples if s[0] == name], seconds))
    return rows


def serve_and_load(
    queries: list[tuple[str, str]], seconds: float, client_counts: list[int], cache_mb: int
) -> list[dict]:
    command = [sys.executable, "-m", "adckg.cli", "serve", "--root", str(ROOT)]
    command += ["--port", str(PORT), "--deadline", str(DEADLINE_S), "--cache-mb", str(cache_mb)]
    server = subprocess.Popen(command)
    rows: list[dict] = []
    try:
        wait_until_up()
        warm = http.client.HTTPConnection(HOST, PORT, timeout=30)
        for _, text in queries:
            post(warm, text)
        for clients in client_counts:
            per_query = cache_mb == 0 and clients == max(client_counts)
            for row in run_load(queries, clients, seconds, per_query):
                rows.append({"answer_cache": "on" if cache_mb else "off", **row})
    finally:
        server.terminate()
        server.wait(timeout=30)
    return rows


def main(seconds: float, client_counts: list[int]) -> None:
    queries = [(q.name, bind(q, {})) for q in list_queries(ROOT / "queries")]
    load_before = os.getloadavg()[0]
    rows = serve_and_load(queries, seconds, client_counts, cache_mb=64)
    rows += serve_and_load(queries, seconds, client_counts, cache_mb=0)
    header = list(rows[0])
    markdown = [
        f"Load test of `adckg serve` on loopback; server and clients share {os.cpu_count()} CPU"
        f" cores (1-minute load average {load_before:.1f} before the run, from other work on"
        f" the machine). Each client count runs {seconds:g} s: the clients send the saved"
        " queries (JSON results) back to back, and one more client sends a hostile query every"
        f" {HOSTILE_EVERY_S:g} s. Server: 2 worker processes, {DEADLINE_S:g} s deadline, answer"
        " cache on (default, 64 MB) or off (`--cache-mb 0`: every request runs its query)."
        " Latencies are of successful requests; for the hostile query, errors counts answers"
        " other than 504 (stopped at the deadline).",
        "",
        "| " + " | ".join(header) + " |",
        "|" + "---|" * len(header),
    ]
    markdown += ["| " + " | ".join(str(row[k]) for k in header) + " |" for row in rows]
    write_results("serve-load", rows, markdown)
    print("\n".join(markdown))


if __name__ == "__main__":
    main(
        float(sys.argv[1]) if len(sys.argv) > 1 else 20.0,
        [int(n) for n in sys.argv[2:]] or [1, 4, 16],
    )
