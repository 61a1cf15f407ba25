"""Figures the README's tour shows are what the committed release holds."""

import re

from .conftest import PROJECT, ROOT

PARTS = ("ontology", "assertions", "inferred", "mappings")


def _triples(name: str) -> int:
    text = (PROJECT.release_dir / name).read_text(encoding="utf-8")
    return sum(1 for line in text.splitlines() if line.strip())


def test_tour_build_summary_matches_the_release():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = re.search(
        r"^triples: ontology (\d+), assertions (\d+), inferred (\d+), mappings (\d+),"
        r" merged (\d+)$",
        readme,
        flags=re.M,
    )
    assert shown, "README: the tour's 'triples:' line is missing"
    # adckg.nt also carries the dataset's VoID statistics (adckg-metadata.nt); "merged" is the rest
    merged = _triples("adckg.nt") - _triples("adckg-metadata.nt")
    counts = [_triples(f"adckg-{part}.nt") for part in PARTS] + [merged]
    assert [int(n) for n in shown.groups()] == counts
    size = re.search(r"^unchanged: kg/release/adckg\.ttl \((\d+) bytes\)$", readme, flags=re.M)
    assert size and int(size.group(1)) == (PROJECT.release_dir / "adckg.ttl").stat().st_size
