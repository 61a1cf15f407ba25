"""CITATION.cff names the release and its source as the graph does (the CFF schema itself
is checked by cffconvert in CI)."""

from __future__ import annotations

import yaml
from rdflib import OWL, Graph

from adckg.iris import ONTOLOGY

from .conftest import PROJECT

CITATION = yaml.safe_load((PROJECT.root / "CITATION.cff").read_text(encoding="utf-8"))


def test_citation_version_is_the_release_version():
    ontology = Graph().parse(PROJECT.ontology_file, format="turtle")
    assert CITATION["cff-version"] == "1.2.0"
    assert CITATION["version"] == str(ontology.value(ONTOLOGY, OWL.versionInfo))


def test_citation_names_the_review_the_graph_is_drawn_from():
    (review,) = CITATION["references"]
    # Citation line of the review: Guidi, L.; Pellizzari, G.; Tarantino, P.; Valenza, C.;
    # Curigliano, G. ... Cancers 2023, 15, 1130. https://doi.org/10.3390/cancers15041130
    assert review["doi"] == "10.3390/cancers15041130"
    assert [a["family-names"] for a in review["authors"]] == [
        "Guidi",
        "Pellizzari",
        "Tarantino",
        "Valenza",
        "Curigliano",
    ]
    assert (review["journal"], review["volume"], review["start"], review["year"]) == (
        "Cancers",
        15,
        1130,
        2023,
    )
