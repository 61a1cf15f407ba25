"""The version is said once per file that must carry it; `adckg build --version X` says it anew."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from rdflib import OWL, Graph, URIRef

import adckg
from adckg.cli.main import main
from adckg.links.mappings import read_sssom
from adckg.release.versioning import PLACES, versioned_files, versions_said

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY = URIRef("https://w3id.org/adckg/ontology")


def _said_by_each_format(root: Path) -> dict[str, str]:
    """Each place's version as its own format reads it (not with our regular expressions)."""
    edit = Graph().parse(root / "ontology" / "adckg-edit.ttl", format="turtle")
    mappings = read_sssom(root / "kg" / "mappings" / "adckg.sssom.tsv").metadata
    citation = yaml.safe_load((root / "CITATION.cff").read_text(encoding="utf-8"))
    init = (root / "src" / "adckg" / "__init__.py").read_text(encoding="utf-8")
    package: dict[str, str] = {}
    exec(compile(init, "__init__.py", "exec"), package)  # noqa: S102 - our own one-line module
    return {
        "ontology": str(edit.value(ONTOLOGY, OWL.versionInfo)),
        "mappings": str(mappings["mapping_set_version"]),
        "citation": str(citation["version"]),
        "package": package["__version__"],
    }


def test_package_ontology_mappings_and_citation_share_one_version():
    said = _said_by_each_format(ROOT)
    assert set(said.values()) == {adckg.__version__}, said
    assert set(versions_said(ROOT).values()) == {adckg.__version__}
    assert len(versions_said(ROOT)) == len(PLACES)


def test_pyproject_reads_the_version_from_the_package():
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in project["project"] and "version" in project["project"]["dynamic"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "adckg.__version__"}


def test_the_curation_schema_has_no_version_of_its_own():
    schema = yaml.safe_load((ROOT / "schema" / "adckg-curation.yaml").read_text("utf-8"))
    assert "version" not in schema


@pytest.fixture
def checkout(tmp_path: Path, text_path: Path, monkeypatch) -> Path:
    copy = tmp_path / "repo"
    for folder in ("ontology", "kg", "shapes", "queries"):
        shutil.copytree(ROOT / folder, copy / folder)
    (copy / "src" / "adckg").mkdir(parents=True)
    shutil.copy(ROOT / "src" / "adckg" / "__init__.py", copy / "src" / "adckg" / "__init__.py")
    shutil.copy(ROOT / "CITATION.cff", copy / "CITATION.cff")
    monkeypatch.setenv("ADCKG_SOURCE_TEXT", str(text_path))
    return copy


def _all_bytes(root: Path) -> dict[str, bytes]:
    files = sorted(p for p in root.rglob("*") if p.is_file())
    return {str(p.relative_to(root)): p.read_bytes() for p in files}


@pytest.mark.parametrize("bad", ["next", "1.2", "v1.2.3", "1.2.3 ", "1.2.3\n", ""])
def test_a_bad_version_is_one_line_and_writes_nothing(checkout, capsys, bad):
    before = _all_bytes(checkout)
    code = main(["build", "--root", str(checkout), "--version", bad])
    err = capsys.readouterr().err
    assert code == 2
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert "is not a semantic version such as 0.2.0" in lines[0] and "Traceback" not in err
    assert _all_bytes(checkout) == before


def test_an_unreadable_version_line_is_named_and_nothing_is_written(checkout, capsys):
    citation = checkout / "CITATION.cff"
    citation.write_text(citation.read_text("utf-8") + "version: 0.1.0\n", encoding="utf-8")
    before = _all_bytes(checkout)
    code = main(["build", "--root", str(checkout), "--version", "9.9.9"])
    err = capsys.readouterr().err.strip()
    assert code == 2 and len(err.splitlines()) == 1, err
    assert "CITATION.cff" in err and "found 2" in err
    assert _all_bytes(checkout) == before


def test_versioned_files_sets_every_place_and_nothing_else(checkout):
    files = versioned_files(checkout, "9.9.9")
    assert sorted(str(p.relative_to(checkout)) for p in files) == sorted(p.path for p in PLACES)
    for path, data in files.items():
        old = path.read_bytes()
        assert data != old
        assert data.replace(b"9.9.9", adckg.__version__.encode()) == old, path


@pytest.mark.slow
def test_build_with_a_version_updates_every_place_together(checkout, capsys):
    assert main(["build", "--root", str(checkout), "--version", "9.9.9"]) == 0, (
        capsys.readouterr().err
    )
    said = _said_by_each_format(checkout)
    assert set(said.values()) == {"9.9.9"}, said
    assert (checkout / "kg" / "release" / "baseline" / "VERSION").read_text() == "0.2.0\n"
    assert main(["build", "--root", str(checkout), "--check"]) == 0, capsys.readouterr().err
