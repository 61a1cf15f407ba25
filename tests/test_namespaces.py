"""Namespaces, formats and minted IRIs each have one home: prefixes, formats, iris.

Every string constant of the package (docstrings left out) is read with ``ast``: one that
spells a known namespace IRI, or any IRI of ours, outside its home module fails the test,
and so does a ``Namespace(...)`` call or a media-type table anywhere else.
"""

from __future__ import annotations

import ast
from pathlib import Path

from adckg.formats import BY_NAME, RDF_FORMATS, media_type_of_file, reader_formats
from adckg.prefixes import BASE, OTHER_NAMESPACES, PREFIX_MAP, converter, resources

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "adckg"
HOMES = {"prefixes.py", "iris.py", "formats.py"}


def _constants(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


def _modules() -> list[Path]:
    return [p for p in sorted(PACKAGE.rglob("*.py")) if p.name not in HOMES or p.parent != PACKAGE]


def _namespaces() -> list[str]:
    known = {*PREFIX_MAP.values(), *OTHER_NAMESPACES.values()}
    known |= {r.uri_prefix for r in resources().values()}
    return sorted(known, key=len, reverse=True)


def test_no_module_spells_a_namespace_outside_prefixes():
    namespaces = _namespaces()
    found = []
    for path in _modules():
        for line, text in _constants(path):
            hit = next((ns for ns in namespaces if ns in text), None)
            if hit is not None or BASE in text:
                found.append(f"{path.relative_to(PACKAGE)}:{line}: {text[:70]!r}")
    assert found == []


def test_no_namespace_declared_outside_prefixes():
    found = []
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", None)) == "Namespace"
            ):
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert found == []


def test_no_media_type_table_outside_formats():
    media_types = {f.media_type for f in RDF_FORMATS}
    found = []
    for path in _modules():
        for line, text in _constants(path):
            if text in media_types:
                found.append(f"{path.relative_to(PACKAGE)}:{line}: {text!r}")
    assert found == []


def test_the_scan_sees_a_namespace_written_in_a_module(tmp_path):
    module = tmp_path / "m.py"
    module.write_text(
        '"""Doc: http://www.w3.org/ns/prov# is fine here."""\nX = "http://www.w3.org/ns/prov#"\n'
    )
    assert [text for _, text in _constants(module)] == ["http://www.w3.org/ns/prov#"]


def test_one_converter_knows_ours_and_the_linked_resources():
    c = converter()
    assert c.compress(BASE + "resource/T-DM1") == "adckg:T-DM1"
    assert c.expand("HGNC:3430") == "https://identifiers.org/hgnc:3430"
    assert c.expand("ECO:0000006") == "http://purl.obolibrary.org/obo/ECO_0000006"


def test_formats_registry_feeds_readers_and_release_files():
    assert reader_formats()["nt"] == reader_formats()["ntriples"] == BY_NAME["ntriples"].oxigraph
    assert media_type_of_file("adckg-ontology.owl") == "application/rdf+xml"
    assert media_type_of_file("adckg.nq") == "application/n-quads"
    assert media_type_of_file("MANIFEST.sha256") == "text/plain"
    assert media_type_of_file("notes.xyz") is None
