"""The k = 100 figures of docs/scaling.md are the benchmark's, read from bench/results.

The page states the targets of the scale issue with the measured figures beside them; this
test reads each figure from the committed result tables, so a new benchmark run that is not
carried into the page (or a figure typed by hand) fails here.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
K = "100"


def _rows(name: str) -> list[dict[str, str]]:
    with (RESULTS / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _seconds(step: str, k: str = K) -> float:
    return float(next(r for r in _rows("steps") if r["k"] == k and r["step"] == step)["seconds"])


def _peak_gb(step: str) -> float:
    row = next(r for r in _rows("steps") if r["k"] == K and r["step"] == step)
    return float(row["peak_mb"]) / 1000


def _query_seconds(query: str) -> float:
    row = next(r for r in _rows("queries") if r["k"] == K and r["query"] == query)
    return float(row["pyoxigraph_ms"]) / 1000


def _targets_section() -> str:
    page = (ROOT / "docs" / "scaling.md").read_text(encoding="utf-8")
    start = page.index("## At k = 100")
    return page[start : page.index("\n## ", start + 1)]


PHRASES = [
    ("Turtle {:.1f} s", lambda: _seconds("write turtle")),
    ("N-Triples {:.1f} s", lambda: _seconds("write ntriples")),
    ("RDF/XML {:.1f} s", lambda: _seconds("write rdfxml")),
    ("JSON-LD {:.1f} s", lambda: _seconds("write jsonld")),
    ("all 26 in {:.1f} s", lambda: _seconds("saved queries, pyoxigraph")),
    ("finding-evidence-trail {:.2f} s", lambda: _query_seconds("finding-evidence-trail")),
    ("gene-findings {:.2f} s", lambda: _query_seconds("gene-findings")),
    (
        "resistance-mechanisms-per-adc {:.2f} s",
        lambda: _query_seconds("resistance-mechanisms-per-adc"),
    ),
    ("| {:.1f} s (0 violations", lambda: _seconds("SHACL (accelerated)")),
    (
        "rules per record {:.1f} s",
        lambda: _seconds("reasoning (classified ontology, rules per record)"),
    ),
    (
        "({:.1f} s",
        lambda: _seconds("reasoning (classified ontology, rules per record)", "1"),
    ),
    (
        "and {:.1f} s at k = 1 and 10, measured under load",
        lambda: _seconds("reasoning (classified ontology, rules per record)", "10"),
    ),
    ("closure after it {:.1f} s", lambda: _seconds("entailment regime")),
    ("HermiT took {:.1f} s", lambda: _seconds("reasoning (whole-graph HermiT)", "1")),
    ("and {:.1f} s at k = 1 and 10 and", lambda: _seconds("reasoning (whole-graph HermiT)", "10")),
    ("`adckg load` {:.1f} s", lambda: _seconds("load into Virtuoso (adckg load, HTTP)")),
    (
        "queries over HTTP {:.1f} s",
        lambda: _seconds("saved queries, Virtuoso (adckg load, HTTP)"),
    ),
    ("{:.1f} GB; Jena", lambda: _peak_gb("saved queries, Virtuoso (adckg load, HTTP)")),
    ("Jena TDB2: load {:.1f} s", lambda: _seconds("load into Jena TDB2")),
    ("queries in {:.1f} s", lambda: _seconds("saved queries, Jena TDB2")),
    ("limit), {:.1f} GB", lambda: _peak_gb("saved queries, Jena TDB2")),
]


@pytest.mark.parametrize(("phrase", "value"), PHRASES, ids=[p for p, _ in PHRASES])
def test_target_table_figure_is_the_benchmark_s(phrase, value):
    expected = phrase.format(value())
    assert expected in _targets_section(), (
        f"docs/scaling.md: expected {expected!r} from bench/results; carry the run into the page"
    )
