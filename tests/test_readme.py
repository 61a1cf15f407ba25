"""The README and the reference pages say what the release and the sources hold.

Every figure, query answer and file list the pages show is compared here with the committed
release or the sources, and every relative link between the pages must resolve, so the
documentation cannot drift from the graph unnoticed.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from adckg.release.query_catalogue import updated_page
from adckg.store.query import Engine, find_query, format_rows, list_queries

from .conftest import PROJECT, ROOT

PARTS = ("ontology", "assertions", "inferred", "mappings")
PAGES = sorted(
    [ROOT / "README.md", ROOT / "CONTRIBUTING.md"]
    + list((ROOT / "docs").glob("*.md"))
    + list((ROOT / "bench" / "results").glob("*.md"))
)
_FENCE = re.compile(r"^```.*?^```", re.S | re.M)
_LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")
_SHOWN_QUERY = re.compile(
    r"^```\n\$ adckg query (?P<name>[\w-]+) --format md\n```\n\n(?P<table>(?:\|.*\n)+)", re.M
)


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _triples(name: str) -> int:
    text = (PROJECT.release_dir / name).read_text(encoding="utf-8")
    return sum(1 for line in text.splitlines() if line.strip())


def _slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to '-'."""
    text = re.sub(r"[`*_]|\[([^\]]*)\]\([^)]*\)", r"\1", heading.strip().lower())
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


@cache
def _anchors(path: Path) -> frozenset[str]:
    text = _FENCE.sub("", _text(path))
    seen: dict[str, int] = {}
    anchors = set()
    for heading in re.findall(r"^#{1,6} (.+)$", text, flags=re.M):
        slug = _slug(heading)
        anchors.add(f"{slug}-{seen[slug]}" if slug in seen else slug)
        seen[slug] = seen.get(slug, 0) + 1
    return frozenset(anchors)


def test_readme_is_a_front_door():
    lines = _text(ROOT / "README.md").count("\n")
    assert lines <= 300, f"README.md has {lines} lines; move reference material to docs/"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_resolves(page: Path):
    broken = []
    for target in _LINK.findall(_FENCE.sub("", _text(page))):
        if re.match(r"[a-z]+:", target):  # https:, mailto: ... not ours to check offline
            continue
        file_part, _, anchor = target.partition("#")
        linked = (page.parent / file_part).resolve() if file_part else page
        if not linked.exists():
            broken.append(f"{target} (no such file)")
        elif anchor and linked.suffix == ".md" and anchor not in _anchors(linked):
            broken.append(f"{target} (no heading #{anchor})")
    assert not broken, f"{page.relative_to(ROOT)}: broken links: {', '.join(broken)}"


def test_tour_build_summary_matches_the_release():
    shown = re.search(
        r"^triples: ontology (\d+), assertions (\d+), inferred (\d+), mappings (\d+),"
        r" merged (\d+)$",
        _text(ROOT / "README.md"),
        flags=re.M,
    )
    assert shown, "README: the tour's 'triples:' line is missing"
    # adckg.nt also carries the dataset's VoID statistics (adckg-metadata.nt); "merged" is the rest
    merged = _triples("adckg.nt") - _triples("adckg-metadata.nt")
    counts = [_triples(f"adckg-{part}.nt") for part in PARTS] + [merged]
    assert [int(n) for n in shown.groups()] == counts


def test_load_example_counts_the_whole_graph():
    page = _text(ROOT / "docs" / "triple-stores.md")
    shown = re.findall(r"^loaded (\d+) triples into", page, flags=re.M)
    assert shown and {int(n) for n in shown} == {_triples("adckg.nt")}


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine("oxigraph", PROJECT.release_dir / "adckg.ttl")


def _shown_queries() -> list[tuple[str, str, str]]:
    return [
        (str(page.relative_to(ROOT)), m["name"], m["table"])
        for page in PAGES
        for m in _SHOWN_QUERY.finditer(_text(page))
    ]


def test_the_pages_show_query_output():
    shown = {(page, name) for page, name, _ in _shown_queries()}
    assert ("README.md", "daisy-cohorts") in shown
    assert ("docs/queries.md", "mechanisms-shared-tdm1-tdxd") in shown


@pytest.mark.parametrize(("page", "name", "table"), _shown_queries(), ids=lambda v: v[:40])
def test_shown_query_output_is_what_the_query_answers(engine, page, name, table):
    result = engine.run(find_query(PROJECT.queries_dir, name).text)
    answered = format_rows(result.columns, result.text_rows(), "md")
    assert table.strip() == answered.strip(), f"{page}: the output of {name} shown is stale"


def test_query_catalogue_is_current():
    page = ROOT / "docs" / "queries.md"
    fresh = updated_page(_text(page), list_queries(PROJECT.queries_dir))
    assert fresh == _text(page), "docs/queries.md: run python -m adckg.release.query_catalogue"


def test_every_query_has_a_catalogue_entry():
    text = _text(ROOT / "docs" / "queries.md")
    for saved in list_queries(PROJECT.queries_dir):
        assert f"### {saved.name}\n" in text
        for parameter in saved.parameters:
            assert f"| `{parameter.name}` | `{parameter.default}` |" in text


def test_release_files_page_names_every_file_and_no_other():
    text = _text(ROOT / "docs" / "release-files.md")
    table = "\n".join(line for line in text.splitlines() if line.startswith("| `"))
    named = set(re.findall(r"`([^`\s]+)`", table))
    present = {p.name + ("/" if p.is_dir() else "") for p in PROJECT.release_dir.iterdir()}
    assert present - named == set(), "release files missing from docs/release-files.md"
    listed_files = {n for n in named if re.fullmatch(r"[\w.-]+\.\w+|[\w.-]+/", n)}
    assert listed_files - present == set(), "docs/release-files.md names files not released"


def test_readme_curation_example_is_a_real_record():
    readme = _text(ROOT / "README.md")
    block = re.search(r"```yaml\n(.*?)```", readme, flags=re.S)
    assert block, "README: the YAML example of a finding is missing"
    lines = block.group(1).splitlines()
    indent = min(len(line) - len(line.lstrip()) for line in lines if line.strip())
    example = "\n".join(line[indent:] for line in lines)
    record = example.split("findings:\n", 1)[1]
    curation = [_text(p) for p in sorted(PROJECT.curation_dir.glob("*.yaml"))]
    assert any(record in text for text in curation), "README: the finding is not verbatim"
