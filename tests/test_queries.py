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
from adckg.query import Engine, bind, list_queries

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
    assert rows == expected[1:]


@pytest.mark.parametrize("saved", QUERIES, ids=lambda q: q.name)
def test_engines_agree(saved, oxigraph, rdflib_engine):
    text = bind(saved, {})
    assert oxigraph.select(text) == rdflib_engine.select(text)


def test_every_query_has_an_expected_answer():
    missing = [q.name for q in QUERIES if not (EXPECTED / f"{q.name}.csv").is_file()]
    assert not missing
