"""The release passes the Python reference tools of its formats: sssom-py on the mapping
set, kgx on the KGX files (offline, against the Biolink Model it ships) and PyLD on every
JSON-LD file (offline: the only document it may load is our own context)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from pyld import jsonld
from rdflib import Graph
from rdflib.compare import isomorphic

from adckg.prefixes import BASE

from .conftest import PROJECT

RELEASE = PROJECT.release_dir
KGX_RUNNER = Path(__file__).parent / "reference" / "kgx_offline.py"
CONTEXT_URL = f"{BASE}context.jsonld"  # where a document may point for our context
JSONLD_FILES = sorted(p.name for p in RELEASE.glob("*.jsonld") if p.name != "context.jsonld")


@pytest.mark.slow
def test_sssom_py_validates_the_mapping_set_without_warnings():
    sssom = Path(sys.executable).with_name("sssom")
    run = subprocess.run(  # noqa: S603 - our own file, a tool of the venv
        [str(sssom), "validate", str(PROJECT.mappings_file)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    said = (run.stdout + run.stderr).lower()
    assert "warn" not in said and "error" not in said and "not propagating" not in said, said


@pytest.fixture(scope="module")
def kgx_report() -> dict:
    run = subprocess.run(  # noqa: S603 - our own script
        [
            sys.executable,
            str(KGX_RUNNER),
            str(RELEASE / "adckg-kgx-nodes.tsv"),
            str(RELEASE / "adckg-kgx-edges.tsv"),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(run.stdout[run.stdout.index("{") :])


@pytest.mark.slow
def test_kgx_validate_finds_no_error(kgx_report):
    # Only our own prefix 'adckg' is declared to the validator (it is not in Biolink's
    # context); every other check of kgx 2.6 runs as `kgx validate` runs it.
    assert kgx_report["errors"] == {}


@pytest.mark.slow
def test_kgx_load_keeps_every_edge_and_its_findings(kgx_report):
    assert kgx_report["loaded"] == kgx_report["rows"]
    with (RELEASE / "adckg-kgx-edges.tsv").open(encoding="utf-8") as handle:
        header, *lines = [line.rstrip("\n").split("\t") for line in handle]
    column = header.index("adckg_findings")
    written = {
        " ".join(cells[1:4]): sorted(cells[column].split("|")) for cells in lines if cells[column]
    }
    assert kgx_report["findings"] == written


def _local_context_only(url: str, options: dict | None = None) -> dict:
    """A document loader that serves our published context and refuses anything else."""
    if url != CONTEXT_URL:
        raise jsonld.JsonLdError(
            f"offline: refused to load {url}",
            "jsonld.LoadDocumentError",
            {"url": url},
            code="loading document failed",
        )
    document = json.loads((RELEASE / "context.jsonld").read_text(encoding="utf-8"))
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": document,
    }


@pytest.fixture(autouse=False)
def offline_pyld():
    previous = jsonld.get_document_loader()
    jsonld.set_document_loader(_local_context_only)
    yield
    jsonld.set_document_loader(previous)


def _nquads_graph(nquads: str) -> Graph:
    return Graph().parse(data=nquads, format="nt")


@pytest.mark.slow
@pytest.mark.parametrize("name", JSONLD_FILES)
def test_pyld_reads_each_jsonld_file_as_its_ntriples(name, offline_pyld):
    document = json.loads((RELEASE / name).read_text(encoding="utf-8"))
    from_pyld = _nquads_graph(jsonld.to_rdf(document, {"format": "application/n-quads"}))
    expected = Graph().parse(RELEASE / name.replace(".jsonld", ".nt"), format="nt")
    assert isomorphic(from_pyld, expected)
    # The same document pointing at the published context instead of embedding it.
    document["@context"] = CONTEXT_URL
    remote = _nquads_graph(jsonld.to_rdf(document, {"format": "application/n-quads"}))
    assert isomorphic(remote, expected)


def test_pyld_refuses_any_other_remote_context(offline_pyld):
    document = {"@context": "https://example.org/other.jsonld", "@id": "x"}
    with pytest.raises(jsonld.JsonLdError):
        jsonld.to_rdf(document, {"format": "application/n-quads"})
