"""Benchmark: every saved query on pyoxigraph and on rdflib, on the graph and on copies.

Run from the repository root: ``python bench/queries.py 1 100``. Each query runs
several times per engine (median reported; the first run is a warm-up, and a query
whose warm-up takes over 20 s is reported with that single run). Results go
to ``bench/results/queries.md`` and ``.csv``.
"""

from __future__ import annotations

import statistics
import sys
import time

import pyoxigraph
from scale import ROOT, scaled_graph, write_results

from adckg.query import bind, list_queries
from adckg.serialize import to_bytes

RUNS = 5


BUDGET_S = 20.0  # a query whose warm-up run takes longer is reported once, not repeated


def median_ms(run) -> float:
    started = time.perf_counter()
    run()
    first = (time.perf_counter() - started) * 1000
    if first > BUDGET_S * 1000:
        return first
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main(sizes: list[int], rdflib_max_k: int = 1) -> None:
    queries = list_queries(ROOT / "queries")
    rows = []
    for k in sizes:
        graph = scaled_graph(k)
        store = pyoxigraph.Store()
        store.bulk_load(to_bytes(graph, "ntriples"), format=pyoxigraph.RdfFormat.N_TRIPLES)
        for saved in queries:
            text = bind(saved, {})
            oxi = median_ms(lambda text=text, store=store: list(store.query(text)))
            rdf = None
            if k <= rdflib_max_k:
                rdf = median_ms(lambda text=text, graph=graph: list(graph.query(text)))
            row = {
                "k": k,
                "triples": len(graph),
                "query": saved.name,
                "oxigraph_ms": round(oxi, 2),
                "rdflib_ms": round(rdf, 1) if rdf is not None else "",
                "speedup": round(rdf / oxi, 1) if rdf else "",
            }
            print(row, file=sys.stderr)
            rows.append(row)
    lines = [
        "| k | triples | query | pyoxigraph median ms | rdflib median ms | speed-up |",
        "|---|---|---|---|---|---|",
    ]
    lines += [
        f"| {r['k']} | {r['triples']} | {r['query']} | {r['oxigraph_ms']} | {r['rdflib_ms']} |"
        f" {r['speedup']} |"
        for r in rows
    ]
    write_results("queries", rows, lines)
    print("\n".join(lines))


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1])
