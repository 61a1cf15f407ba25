"""Shared fixtures: one in-memory build of the real sources for the whole session."""

from __future__ import annotations

import os
from pathlib import Path

import pyoxigraph
import pytest

from adckg.curation.load import load_curation
from adckg.curation.source_text import default_text_path, where_to_get
from adckg.graph.rdfinput import parse_rdf_file
from adckg.release.pipeline import BuildResult, Project, build_release

ROOT = Path(__file__).resolve().parents[1]
PROJECT = Project(ROOT)


def source_text_path() -> Path:
    """The review's text, or a skip (a failure in CI) that says how to get it."""
    curation = load_curation(PROJECT.curation_dir)
    path = default_text_path(ROOT, curation.review.text_file)
    if not path.is_file():
        message = f"the source's text is not at {path}: {where_to_get(curation.review, path)}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def text_path() -> Path:
    return source_text_path()


@pytest.fixture(scope="session")
def source_text(text_path: Path) -> str:
    return text_path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def built(text_path: Path) -> BuildResult:
    """A fresh in-memory build of the sources (HermiT included): tests using it are slow."""
    return build_release(PROJECT, text_path)


@pytest.fixture(scope="session")
def committed() -> BuildResult:
    """The committed release (kg/release/*.nt) read back, for the fast tier's fact checks.

    It holds the same graphs as :func:`built` while the release is up to date, which the
    slow tier checks (tests/test_release.py, ``adckg build --check``); reading it takes a
    second where a build takes many.
    """
    release = PROJECT.release_dir

    def part(name: str):
        return parse_rdf_file(release / f"{name}.nt", "ntriples")

    metadata = part("adckg-metadata")
    return BuildResult(
        curation=load_curation(PROJECT.curation_dir),
        ontology=part("adckg-ontology"),
        assertions=part("adckg-assertions"),
        inferred=part("adckg-inferred"),
        # adckg.nt also carries the VoID statistics (the metadata part); the build's merged
        # graph is the rest.
        merged=part("adckg") - metadata,
        mappings=part("adckg-mappings"),
        metadata=metadata,
        files={path: path.read_bytes() for path in sorted(release.iterdir()) if path.is_file()},
    )


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory):
    """A private Virtuoso 7 instance for the session; a skip (a failure in CI) if not installed."""
    from . import virtuoso as vos

    if not vos.installed():
        message = (
            "Virtuoso is not installed: apt-get install virtuoso-opensource"
            " (provides virtuoso-t and isql-vt)"
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with vos.running(tmp_path_factory.mktemp("virtuoso")) as server:
        yield server


@pytest.fixture(scope="session")
def store() -> pyoxigraph.Store:
    """The committed release (adckg.ttl) in pyoxigraph, loaded once for every test that reads it.

    A module that needs another dataset defines its own ``store`` fixture.
    """
    loaded = pyoxigraph.Store()
    loaded.bulk_load(
        path=str(PROJECT.release_dir / "adckg.ttl"), format=pyoxigraph.RdfFormat.TURTLE
    )
    return loaded
