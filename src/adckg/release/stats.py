"""Counts of the released graph, read from the release files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from adckg.graph.rdfinput import parse_rdf_file
from adckg.release.pipeline import class_counts

PARTS = ("ontology", "assertions", "inferred")


def graph_stats(release_dir: Path) -> dict[str, Any]:
    """Triples per part and individuals per class of the release in ``release_dir``."""
    triples: dict[str, int] = {}
    for part in PARTS:
        triples[part] = len(parse_rdf_file(release_dir / f"adckg-{part}.ttl"))
    merged = parse_rdf_file(release_dir / "adckg.ttl")
    statistics = release_dir / "adckg-metadata.ttl"  # carried by adckg.ttl, not counted in it
    if statistics.is_file():
        for triple in parse_rdf_file(statistics):
            merged.remove(triple)
    triples["merged"] = len(merged)
    return {"triples": triples, "classes": class_counts(merged)}
