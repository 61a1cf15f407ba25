"""The version is said in four places; they must agree (a release is one version)."""

import re
from pathlib import Path

from rdflib import OWL, Graph, URIRef

import adckg
from adckg.links.mappings import read_sssom

ROOT = Path(__file__).resolve().parents[1]


def test_package_ontology_and_mappings_share_one_version():
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    package = re.search(r'^version = "([^"]+)"$', pyproject, flags=re.M)
    assert package is not None
    edit = Graph().parse(ROOT / "ontology" / "adckg-edit.ttl", format="turtle")
    ontology = str(edit.value(URIRef("https://w3id.org/adckg/ontology"), OWL.versionInfo))
    mappings = read_sssom(ROOT / "kg" / "mappings" / "adckg.sssom.tsv").metadata
    assert package.group(1) == adckg.__version__ == ontology
    assert str(mappings["mapping_set_version"]) == ontology
