"""Make a graph k times the size of the real one by replicating its curated records.

Every node of the resource namespace (records and their n-ary nodes) is copied k
times under new IRIs (``adckg:T-DM1`` -> ``adckg:T-DM1.k3``); ontology terms and
controlled-vocabulary individuals are shared. The copies keep the real shape: same
record kinds, same proportions of findings, measurements, quotes and links.
"""

from __future__ import annotations

import csv
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from adckg.prefixes import ADCKG, ADCKO, new_graph
from adckg.serialize import merge

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"

RESOURCE = str(ADCKG)


def _copy(term, k: int):
    if isinstance(term, URIRef) and str(term).startswith(RESOURCE):
        return URIRef(f"{term}.k{k}")
    return term


def _copy_nct(nct: Literal, k: int) -> Literal:
    """Copies of a trial get their own registry number, as distinct trials would."""
    return Literal(f"NCT{(int(str(nct)[3:]) + k * 1_000_003) % 100_000_000:08d}")


def replicate(assertions: Graph, k: int) -> Graph:
    """``k`` copies of the assertion graph (k = 1 returns an equal graph)."""
    scaled = new_graph()
    for copy in range(k):
        for s, p, o in assertions:
            if copy == 0:
                scaled.add((s, p, o))
            elif p == ADCKO.nctId:
                scaled.add((_copy(s, copy), p, _copy_nct(o, copy)))
            else:
                scaled.add((_copy(s, copy), p, _copy(o, copy)))
    return scaled


def scaled_graph(k: int) -> Graph:
    """The release graph with its assertions and inferred types replicated k times."""
    release = ROOT / "kg" / "release"
    return merge(
        Graph().parse(release / "adckg-ontology.ttl"),
        replicate(Graph().parse(release / "adckg-assertions.ttl"), k),
        replicate(Graph().parse(release / "adckg-inferred.ttl"), k),
    )


def write_results(name: str, rows: list[dict], markdown: list[str]) -> None:
    """Write ``bench/results/NAME.csv`` (the rows) and ``NAME.md`` (the table lines)."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    with (RESULTS / f"{name}.csv").open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    (RESULTS / f"{name}.md").write_text("\n".join(markdown) + "\n")
