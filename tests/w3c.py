"""The W3C RDF 1.1 Turtle and N-Triples test suites: where they are, and their cases.

The suites are read from ``../shared/w3c-rdf-tests/`` beside the checkout, or from
``$ADCKG_W3C_TESTS``; each folder's ``manifest.ttl`` lists the cases.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, Graph, Namespace, URIRef

W3C_ENV = "ADCKG_W3C_TESTS"
ROOT = Path(__file__).resolve().parents[1]
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
RDFT = Namespace("http://www.w3.org/ns/rdftest#")
SUITES = {"rdf-turtle": "turtle", "rdf-n-triples": "nt"}


@dataclass(frozen=True)
class Case:
    """One manifest entry: its kind (negative, positive, eval), file, and expected result."""

    suite: str
    name: str
    kind: str
    action: Path
    fmt: str
    result: Path | None
    base: str

    @property
    def id(self) -> str:
        return f"{self.suite}/{self.name}"


def suites_dir() -> Path:
    override = os.environ.get(W3C_ENV)
    return Path(override) if override else (ROOT / ".." / "shared" / "w3c-rdf-tests").resolve()


def _kind(types: set[URIRef]) -> str | None:
    for kind in ("NegativeSyntax", "PositiveSyntax", "Eval"):
        if any(str(t).endswith(kind) for t in types):
            return {"NegativeSyntax": "negative", "PositiveSyntax": "positive"}.get(kind, "eval")
    return None


def cases() -> list[Case]:
    """Every case of both suites (empty when the suites are not there)."""
    found: list[Case] = []
    for suite, fmt in SUITES.items():
        folder = suites_dir() / suite
        manifest_path = folder / "manifest.ttl"
        if not manifest_path.is_file():
            continue
        base = f"https://w3c.github.io/rdf-tests/rdf/rdf11/{suite}/"
        manifest = Graph().parse(manifest_path, format="turtle", publicID=base + "manifest.ttl")
        for test in set(manifest.subjects(MF.action, None)):
            kind = _kind(set(manifest.objects(test, RDF.type)))
            if kind is None:
                continue
            action = str(manifest.value(test, MF.action))
            result = manifest.value(test, MF.result)
            found.append(
                Case(
                    suite,
                    str(manifest.value(test, MF.name)),
                    kind,
                    folder / action.removeprefix(base),
                    fmt,
                    folder / str(result).removeprefix(base) if result is not None else None,
                    action,
                )
            )
    return sorted(found, key=lambda c: c.id)
