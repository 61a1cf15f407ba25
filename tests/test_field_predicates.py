"""Every curated field reaches the graph, or says why it steers the build instead.

The table is adckg.graph.field_predicates; these tests tie it to the LinkML schema (every field
of every record has an entry, no entry is left over) and to the committed release (every
value the curation and source files write is found there, by the field's predicate).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.paths import Path as RdfPath

from adckg.curation.load import load_curation
from adckg.graph.field_predicates import FIELDS, Emitted, Holds, Steers
from adckg.prefixes import ADCKG

pytest.importorskip("linkml")
from linkml_runtime.utils.schemaview import SchemaView  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = ROOT / "schema" / "adckg-curation.yaml"
# The formerly dropped fields: each must now be found in the release.
ONCE_DROPPED = {
    ("Review", "academic_editor"),
    ("Review", "affiliations"),
    ("Author", "affiliations"),
    ("Author", "corresponding"),
    ("Reference", "place"),
    ("Endpoint", "abbreviation"),
}


@pytest.fixture(scope="module")
def view() -> SchemaView:
    return SchemaView(str(SCHEMA))


def _class_slots(view: SchemaView, name: str) -> list[str]:
    return [s for s in view.class_slots(name)]


def test_every_field_of_the_schema_has_an_entry_and_no_entry_is_left_over(view):
    schema = {c: set(_class_slots(view, c)) for c in view.all_classes(imports=False)}
    table = {c: set(fields) for c, fields in FIELDS.items()}
    assert table == schema


def _predicates(path: Any) -> list[URIRef]:
    if isinstance(path, URIRef):
        return [path]
    if isinstance(path, RdfPath):
        return [p for arg in getattr(path, "args", []) for p in _predicates(arg)]
    return []


def test_every_predicate_is_declared_by_the_ontology():
    ontology = Graph().parse(ROOT / "ontology" / "adckg-edit.ttl")
    used = {
        p
        for fields in FIELDS.values()
        for where in fields.values()
        if isinstance(where, (Emitted, Holds))
        for p in _predicates(where.path)
    }
    assert len(used) > 60
    own = used - {RDF.type, RDFS.label}
    undeclared = sorted(p for p in own if (p, RDF.type, None) not in ontology)
    assert undeclared == []


def test_fields_that_steer_the_build_say_why():
    steering = {
        (c, f): w.why
        for c, fields in FIELDS.items()
        for f, w in fields.items()
        if isinstance(w, Steers)
    }
    assert all(len(why) > 20 for why in steering.values())
    # Only the registry's working fields: never a field of a curated fact.
    assert {c for c, _ in steering} <= {"Review", "Section", "Exemption", "TableSize"}


# -- the release --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def release() -> Graph:
    return Graph().parse(ROOT / "kg" / "release" / "adckg.ttl")


def _written(model: BaseModel) -> list[tuple[str, str, Any]]:
    """(record kind, field, value) for every field written in the files, nested ones too."""
    found = []
    kind = type(model).__name__
    for name in sorted(model.model_fields_set):
        value = getattr(model, name)
        found.append((kind, name, value))
        items = value if isinstance(value, list) else [value]
        for item in items:
            if isinstance(item, BaseModel):
                found.extend(_written(item))
        if isinstance(value, dict) and name == "abbreviations":
            for short, expansion in value.items():
                found.append(("Abbreviation", "short", short))
                found.append(("Abbreviation", "expansion", expansion))
    return found


def _meaning(view: SchemaView, kind: str, field: str, value: str) -> URIRef:
    enum = view.get_enum(view.induced_slot(field, kind).range)
    prefix, local = enum.permissible_values[value].meaning.split(":", 1)
    return URIRef(view.schema.prefixes[prefix].prefix_reference + local)


def _same(node: Any, value: Any) -> bool:
    if isinstance(value, bool):
        return isinstance(node, Literal) and node.toPython() is value
    if isinstance(value, (int, Decimal)):
        try:
            return Decimal(str(node)) == Decimal(value)
        except InvalidOperation:
            return False
    return str(node) == str(value)


class Finder:
    """Looks values up in the release, one path's objects computed once."""

    def __init__(self, graph: Graph, view: SchemaView):
        self.graph, self.view = graph, view
        self.objects: dict[Any, list[Any]] = {}
        self.subjects = [str(s) for s in set(graph.subjects()) if isinstance(s, URIRef)]

    def of(self, path: Any) -> list[Any]:
        if path not in self.objects:
            self.objects[path] = list(self.graph.objects(None, path))
        return self.objects[path]

    def found(self, kind: str, field: str, where: Emitted, value: Any) -> bool:
        if where.match == "node":
            return any(s.endswith(str(value)) for s in self.subjects)
        if where.match == "predicate":
            return (None, _meaning(self.view, kind, field, value), None) in self.graph
        objects = self.of(where.path)
        if where.match == "present":
            return value is False or bool(objects)
        checks = {
            "text": lambda o: _same(o, value),
            "record": lambda o: o == ADCKG[value],
            "suffix": lambda o: str(o).endswith(str(value)),
            "contains": lambda o: str(value) in str(o),
            "year": lambda o: isinstance(o, Literal) and str(o).startswith(str(value)),
        }
        if where.match == "meaning":
            meaning = _meaning(self.view, kind, field, value)
            return meaning in objects
        return any(checks[where.match](o) for o in objects)


@pytest.mark.slow
def test_every_value_written_in_the_curation_is_in_the_release(view, release):
    curation = load_curation(ROOT / "kg" / "curation")
    models: list[BaseModel] = [*curation.files.values(), *curation.sources.values()]
    finder = Finder(release, view)
    used, missing = set(), []
    for model in models:
        for kind, field, value in _written(model):
            where = FIELDS[kind][field]
            used.add((kind, field))
            if isinstance(where, Steers):
                continue
            if isinstance(where, Holds):
                if where.path is not None and value and not finder.of(where.path):
                    missing.append((kind, field, "no link to the records it holds"))
                continue
            values = value if isinstance(value, list) else [value]
            for item in values:
                if item is not None and not finder.found(kind, field, where, item):
                    missing.append((kind, field, item))
    assert missing == [], " ".join(sorted({f"{k}.{f}" for k, f, _ in missing}))
    assert ONCE_DROPPED <= used, "the fields once dropped are still written in the files"
    assert len(used) > 150
