"""Benchmark: which parser passes the W3C RDF 1.1 Turtle and N-Triples suites, rdflib or pyoxigraph.

Run from the repository root: ``python bench/w3c_parsers.py``. A negative case passes
when the parser raises; a positive case when it parses; an evaluation case when the
graph is isomorphic to the expected N-Triples (read by the same parser). Results go
to ``bench/results/w3c-parsers.md`` and ``.csv``.
"""

from __future__ import annotations

import logging
import sys
import warnings
from collections import Counter

from rdflib import Graph
from rdflib.compare import isomorphic
from scale import ROOT, write_results

sys.path.insert(0, str(ROOT))

from tests.w3c import cases, suites_dir  # noqa: E402

from adckg.graph.rdfinput import parse_quads, to_rdflib  # noqa: E402


def with_pyoxigraph(path, fmt, base) -> Graph:
    graph = Graph()
    for quad in parse_quads(path, fmt, base):
        graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    return graph


def with_rdflib(path, fmt, base) -> Graph:
    return Graph().parse(path, format=fmt, publicID=base)


def passes(parse, case) -> bool:
    try:
        graph = parse(case.action, case.fmt, case.base)
    except Exception:  # noqa: BLE001 - any refusal counts as rejecting the file
        return case.kind == "negative"
    if case.kind == "eval":
        return isomorphic(graph, parse(case.result, "nt", case.base))
    return case.kind == "positive"


def main() -> None:
    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")
    all_cases = cases()
    if not all_cases:
        sys.exit(f"no W3C suites at {suites_dir()}; set ADCKG_W3C_TESTS")
    rows, failures = [], {}
    for name, parse in (("pyoxigraph", with_pyoxigraph), ("rdflib", with_rdflib)):
        failed = [c for c in all_cases if not passes(parse, c)]
        failures[name] = failed
        total, bad = Counter(c.kind for c in all_cases), Counter(c.kind for c in failed)
        rows.append(
            {"parser": name, "cases": len(all_cases), "failed": len(failed)}
            | {f"{kind}_failed": f"{bad[kind]}/{total[kind]}" for kind in sorted(total)}
        )
    markdown = [
        "| parser | cases | failed | eval failed | negative failed | positive failed |",
        "|---|---|---|---|---|---|",
    ]
    markdown += [
        f"| {r['parser']} | {r['cases']} | {r['failed']} | {r['eval_failed']}"
        f" | {r['negative_failed']} | {r['positive_failed']} |"
        for r in rows
    ]
    for name, failed in failures.items():
        if failed:
            markdown += ["", f"{name} fails: " + ", ".join(c.name for c in failed)]
    write_results("w3c-parsers", rows, markdown)
    print("\n".join(markdown))


if __name__ == "__main__":
    main()
