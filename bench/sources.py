"""Synthetic curation sources k times the size of the real ones, for the benchmark.

Every record of ``kg/curation`` (entities, trials with their cohorts, findings,
approvals) is copied k - 1 times under new ids (``T-DM1`` -> ``c3-T-DM1``), with
every id-valued field pointing into the same copy; copy 0 is the real curation,
unchanged. The review block and its numbered references exist once: every copy
quotes the same review, as records curated from one source do. A copy keeps the
real shape (same record kinds, same proportions of findings, measurements, quotes
and links); only what must stay unique changes: a copied trial gets its own NCT
number, and Table 1 rows (one per row of the review's table) stay with copy 0.

The files are written so that the real loader (:func:`adckg.curation.load.load_curation`)
and builder read them: run ``python bench/sources.py 10 OUT`` to write
``OUT/*.yaml``.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import yaml
from rdflib import Graph, URIRef
from rdflib.plugins.serializers.nt import _nt_row
from rdflib.term import Node

from adckg.curation.models import ENTITY_LISTS
from adckg.curation.yamlio import read_yaml
from adckg.prefixes import ADCKG, new_graph

ROOT = Path(__file__).resolve().parents[1]
CURATION = ROOT / "kg" / "curation"
SOURCES = ROOT / "kg" / "sources"  # the registered sources, shared by every copy

RECORD_LISTS = (*ENTITY_LISTS, "findings", "approvals")
# Fields whose value is a record id (or a list of them), at any depth of a record.
ID_FIELDS = {
    "encoded_by", "of", "antibody", "payload", "targets", "drug", "involves", "drugs",
    "overcomes", "tested_in", "populations", "population", "endpoint", "arm", "comparator",
    "subjects", "study", "trial",
}  # fmt: skip


def plain(data: Any) -> Any:
    """The loader's line-aware containers as plain dicts and lists (numbers stay text)."""
    if isinstance(data, dict):
        return {key: plain(value) for key, value in data.items()}
    if isinstance(data, list):
        return [plain(item) for item in data]
    return data


def _renamed(record: Any, copy: int, ids: set[str]) -> Any:
    """A deep copy of ``record`` with its ids and the ids it points to made copy-specific."""

    def new_id(value: str) -> str:
        return f"c{copy}-{value}" if value in ids else value

    def walk(data: Any, key: str | None) -> Any:
        if isinstance(data, dict):
            out = {}
            for name, value in data.items():
                if name == "table1":
                    continue  # Table 1 of the review has one row per trial of copy 0
                if name == "nct":
                    out[name] = f"NCT{(int(value[3:]) + copy * 1_000_003) % 100_000_000:08d}"
                elif name == "id" or name in ID_FIELDS:
                    out[name] = walk(value, "id")
                else:
                    out[name] = walk(value, name)
            return out
        if isinstance(data, list):
            return [walk(item, key) for item in data]
        if key == "id" and isinstance(data, str):
            return new_id(data)
        return data

    return walk(record, None)


def _record_ids(files: dict[str, dict[str, Any]]) -> set[str]:
    ids: set[str] = set()
    for data in files.values():
        for kind in RECORD_LISTS:
            for record in data.get(kind) or []:
                ids.add(str(record["id"]))
                ids.update(str(cohort["id"]) for cohort in record.get("cohorts") or [])
    return ids


def scaled_sources(k: int, curation: Path = CURATION) -> dict[str, dict[str, Any]]:
    """File name -> data of the k-times curation (k = 1 gives the real files' data)."""
    files = {path.name: plain(read_yaml(path)) for path in sorted(curation.glob("*.yaml"))}
    ids = _record_ids(files)
    scaled: dict[str, dict[str, Any]] = {}
    for name, data in files.items():
        out = dict(data)
        for kind in RECORD_LISTS:
            records = data.get(kind) or []
            if records:
                out[kind] = list(records) + [
                    _renamed(record, copy, ids) for copy in range(1, k) for record in records
                ]
        scaled[name] = out
    return scaled


def write_sources(k: int, out: Path, curation: Path = CURATION) -> list[Path]:
    """Write the k-times curation files into ``out`` (created); return their paths."""
    out.mkdir(parents=True, exist_ok=True)
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    paths = []
    for name, data in scaled_sources(k, curation).items():
        path = out / name
        with path.open("w", encoding="utf-8") as handle:
            yaml.dump(data, handle, Dumper=dumper, allow_unicode=True, sort_keys=False, width=1000)
        paths.append(path)
    return paths


def _in_copy(node: Node, copy: int, nodes: set[str]) -> Node:
    """A node of the real graph as it is in one copy (shared nodes stay one)."""
    base = str(ADCKG)
    value = str(node)
    if copy == 0 or not isinstance(node, URIRef) or not value.startswith(base):
        return node
    candidate = f"{base}c{copy}-{value[len(base) :]}"
    return URIRef(candidate) if candidate in nodes else node


def replicated_inferred(assertions: Graph, k: int) -> Graph:
    """The released inferred part of the real graph, for every copy.

    Subject and object are both renamed into the copy: the inferred part holds
    inverse-property triples (``mechanism isSubjectOf finding``) whose object is a
    record of the copy too.
    """
    released = Graph().parse(ROOT / "kg" / "release" / "adckg-inferred.ttl")
    nodes = set()
    if k > 1:
        for s, _, o in assertions:
            nodes.add(str(s))
            if isinstance(o, URIRef):
                nodes.add(str(o))
    inferred = new_graph()
    for s, p, o in released:
        for copy in range(k):
            inferred.add((_in_copy(s, copy, nodes), p, _in_copy(o, copy, nodes)))
    return inferred


def _nct(number: str, copy: int) -> str:
    return f"NCT{(int(number[3:]) + copy * 1_000_003) % 100_000_000:08d}"


def _record_names() -> set[str]:
    """Local names of the resource IRIs that copies rename (all but the review's own)."""
    import tempfile

    from adckg.curation.anchors import anchor_registered
    from adckg.curation.load import load_curation
    from adckg.curation.source_text import default_text_path, read_text
    from adckg.graph.build import build_graph

    with tempfile.TemporaryDirectory() as tmp:
        write_sources(2, Path(tmp))
        curation = load_curation(Path(tmp), SOURCES)
    review = curation.review
    text = read_text(default_text_path(ROOT, review.text_file), review.text_sha256)
    graph = build_graph(curation, anchor_registered(curation, review, text))
    prefix = f"{ADCKG}c1-"
    return {
        str(term)[len(prefix) :]
        for triple in graph
        for term in triple
        if isinstance(term, URIRef) and str(term).startswith(prefix)
    }


def replicate_ntriples(k: int, out: Path) -> int:
    """Write the release graph's triples copied k times, renamed as sources are; count them.

    Nearly the triples a build of scaled sources gives (about 0.1 % differ: labels made
    from record ids keep the real id), written without rdflib: for the store's
    benchmark at sizes too large to build. The release's VoID statistics are left out:
    they count the real graph, and counting the copies needs the graph in rdflib.
    """
    names = _record_names()
    base = str(ADCKG)
    lines = []
    statistics = set(Graph().parse(ROOT / "kg" / "release" / "adckg-metadata.ttl"))
    for triple in Graph().parse(ROOT / "kg" / "release" / "adckg.ttl"):
        if triple in statistics:
            continue  # counts of the real graph, not of the copies (see the docstring)
        line = _nt_row(triple).replace("{", "{{").replace("}", "}}")
        for term in triple:
            value = str(term)
            if isinstance(term, URIRef) and value.startswith(base) and value[len(base) :] in names:
                line = line.replace(f"<{value}>", f"<{base}c{{c}}-{value[len(base) :]}>")
            elif "#" in value and value.rsplit("#", 1)[1] in names and value.startswith("kg/"):
                line = line.replace(f'"{value}"', f'"{value.replace("#", "#c{c}-", 1)}"')
            elif re.fullmatch(r"(https://clinicaltrials.gov/study/)?NCT[0-9]{8}", value):
                line = line.replace(value[-11:], "{nct_" + value[-11:] + "}")
        lines.append(line)
    copied = "".join(line for line in lines if "{c}" in line or "{nct_" in line)
    shared = "".join(line for line in lines if "{c}" not in line and "{nct_" not in line)
    ncts = set(re.findall(r"\{nct_(NCT[0-9]{8})\}", copied))
    with out.open("w", encoding="utf-8") as handle:
        handle.write(shared.format())
        for copy in range(k):
            numbers = {f"nct_{n}": _nct(n, copy) if copy else n for n in ncts}
            text = copied.format(c=copy, **numbers)
            if copy == 0:  # copy 0 is the real graph: no prefix
                text = text.replace(f"<{base}c0-", f"<{base}").replace("#c0-", "#")
            handle.write(text)
    return len(shared.splitlines()) + k * len(copied.splitlines())


if __name__ == "__main__":
    written = write_sources(int(sys.argv[1]), Path(sys.argv[2]))
    print(f"{len(written)} files in {sys.argv[2]}")
