"""Saved queries: complete headers, expected answers written from the review, two engines agree.

Each ``queries/NAME.rq`` has ``tests/expected/queries/NAME.csv``: the answer a reader of
the review expects, typed from the text (not copied from the query's output). Values
are compared as text; rows in the order the query's ORDER BY gives.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from adckg.prefixes import PREFIX_MAP
from adckg.store.query import Engine, bind, list_queries

from .conftest import PROJECT

EXPECTED = Path(__file__).parent / "expected" / "queries"
QUERIES = list_queries(PROJECT.queries_dir)
REQUIRED = ("title", "question", "description", "columns")


@pytest.fixture(scope="module")
def oxigraph():
    return Engine("oxigraph", PROJECT.release_dir / "adckg.ttl")


@pytest.fixture(scope="module")
def rdflib_engine():
    return Engine("rdflib", PROJECT.release_dir / "adckg.ttl")


def _expected(name: str) -> list[list[str]]:
    with (EXPECTED / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def as_sets(saved, rows: list[list[str]]) -> list[list[str]]:
    """Rows with the cells of the header's ``unordered`` columns (", "-lists) sorted.

    SPARQL leaves the order of GROUP_CONCAT's values to the engine; a query whose lists
    come from it says so in its header, and those lists are compared as sets.
    """
    unordered = {c.strip() for c in saved.header.get("unordered", "").split(",") if c.strip()}
    assert unordered <= set(saved.columns), f"{saved.name}: unordered names unknown columns"
    index = [saved.columns.index(c) for c in sorted(unordered)]
    out = []
    for row in rows:
        row = [str(cell) for cell in row]
        for i in index:
            row[i] = ", ".join(sorted(row[i].split(", "))) if row[i] else ""
        out.append(row)
    return out


@pytest.mark.parametrize("saved", QUERIES, ids=lambda q: q.name)
def test_header_is_complete(saved):
    missing = [key for key in REQUIRED if not saved.header.get(key)]
    assert not missing, f"{saved.path.name} header lacks {missing}"
    assert "ORDER BY" in saved.text.upper(), f"{saved.name} needs an ORDER BY"
    assert "SERVICE" not in saved.text.upper(), f"{saved.name} must not use SERVICE"


@pytest.mark.parametrize("saved", QUERIES, ids=lambda q: q.name)
def test_prefixes_match_the_project_prefix_map(saved):
    for prefix, namespace in re.findall(r"PREFIX\s+(\w*):\s*<([^>]+)>", saved.text):
        assert PREFIX_MAP.get(prefix) == namespace, f"{saved.name}: PREFIX {prefix}: <{namespace}>"


@pytest.mark.parametrize("saved", QUERIES, ids=lambda q: q.name)
def test_answer_is_what_the_review_says(saved, oxigraph):
    expected = _expected(saved.name)
    columns, rows = oxigraph.select(bind(saved, {}), saved.name)
    assert columns == expected[0] == saved.columns
    assert as_sets(saved, rows) == as_sets(saved, expected[1:])


@pytest.mark.slow
@pytest.mark.parametrize("saved", QUERIES, ids=lambda q: q.name)
def test_engines_agree(saved, oxigraph, rdflib_engine):
    text = bind(saved, {})
    ox_columns, ox_rows = oxigraph.select(text)
    rl_columns, rl_rows = rdflib_engine.select(text)
    assert ox_columns == rl_columns
    assert as_sets(saved, ox_rows) == as_sets(saved, rl_rows)


def test_every_query_has_an_expected_answer():
    missing = [q.name for q in QUERIES if not (EXPECTED / f"{q.name}.csv").is_file()]
    assert not missing
