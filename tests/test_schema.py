"""The LinkML curation schema: its generated files are current, it says what the loader's
pydantic models say, its vocabularies are the ontology's terms, and the real curation
files pass the JSON Schema editors check them with."""

from __future__ import annotations

import copy
import importlib.util
import json
import shutil
import types
import typing
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

pytest.importorskip("linkml")
jsonschema = pytest.importorskip("jsonschema")

from linkml_runtime.utils.schemaview import SchemaView  # noqa: E402
from pydantic import BaseModel  # noqa: E402
from pydantic_core import PydanticUndefined  # noqa: E402
from rdflib import RDF, Graph, URIRef  # noqa: E402

from adckg import vocab  # noqa: E402
from adckg.curation import models  # noqa: E402
from adckg.graph import build  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "schema" / "adckg-curation.yaml"
DATE_PATTERN = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"


def _generator() -> types.ModuleType:
    spec = importlib.util.spec_from_file_location(
        "schema_generate", ROOT / "schema" / "generate.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


generate = _generator()


@pytest.fixture(scope="module")
def view() -> SchemaView:
    return SchemaView(str(SCHEMA))


# -- generated files ----------------------------------------------------------------------


def test_generated_files_are_up_to_date(tmp_path: Path) -> None:
    (tmp_path / "schema").mkdir()
    (tmp_path / "docs").mkdir()
    shutil.copy(SCHEMA, tmp_path / "schema" / SCHEMA.name)
    written = generate.write(tmp_path)
    assert {p.relative_to(tmp_path).as_posix() for p in written} == {
        "schema/adckg-curation.schema.json",
        "schema/adckg-source.schema.json",
        "docs/curation-reference.md",
    }
    for path in written:
        relative = path.relative_to(tmp_path)
        committed = ROOT / relative
        assert committed.read_bytes() == path.read_bytes(), (
            f"{relative} is stale: run `python schema/generate.py` and commit the result"
        )


def test_reference_page_documents_every_class_slot_and_vocabulary(view: SchemaView) -> None:
    page = (ROOT / "docs" / "curation-reference.md").read_text(encoding="utf-8")
    for name in view.all_classes(imports=False):
        assert f"\n### {name}\n" in page
    for name in view.all_enums(imports=False):
        assert f"\n### {name}\n" in page
    assert "| `increases-sensitivity` | `adcko:IncreasesSensitivity` |" in page


def test_every_class_slot_and_enum_has_a_description(view: SchemaView) -> None:
    missing = [name for name, c in view.all_classes(imports=False).items() if not c.description]
    missing += [name for name, s in view.all_slots(imports=False).items() if not s.description]
    missing += [name for name, e in view.all_enums(imports=False).items() if not e.description]
    assert missing == []


# -- agreement with the pydantic models ---------------------------------------------------

MODELS: dict[str, type[BaseModel]] = {
    name: obj
    for name, obj in vars(models).items()
    if isinstance(obj, type) and issubclass(obj, models.Record) and obj is not models.Record
}
# Entries of a mapping field (`tables: {table-1: 17}`), classes only in the schema.
MAPPING_ENTRIES = {"TableSize", "Abbreviation"}
# Plain text in the models, the id of a record in the schema (a source's section).
SECTION_REFERENCES = {("Quote", "section"), ("Exemption", "section")}
SCALARS = {str: "string", int: "integer", bool: "boolean", Decimal: "decimal"}


def _shape(annotation: typing.Any, metadata: list[typing.Any]) -> dict[str, typing.Any]:
    """What a field's annotation says, unwrapped: item type, list-ness and constraints."""
    facts: dict[str, typing.Any] = {"multivalued": False, "mapping": False}
    for item in metadata:
        _constraint(facts, item, outer=True)
    while True:
        origin = typing.get_origin(annotation)
        args = typing.get_args(annotation)
        if origin in (typing.Union, types.UnionType):
            annotation = next(a for a in args if a is not type(None))
        elif origin is typing.Annotated:
            for item in annotation.__metadata__:
                for inner in getattr(item, "metadata", [item]):
                    _constraint(facts, inner, outer=not facts["multivalued"])
            annotation = args[0]
        elif origin in (list, dict):
            facts["multivalued"] = True
            facts["mapping"] = origin is dict
            annotation = args[-1]
        else:
            break
    if typing.get_origin(annotation) is typing.Literal:
        facts["values"] = list(typing.get_args(annotation))
    else:
        facts["type"] = annotation
    return facts


def _constraint(facts: dict[str, typing.Any], item: typing.Any, outer: bool) -> None:
    if getattr(item, "pattern", None):
        facts["pattern"] = item.pattern
    if getattr(item, "ge", None) is not None:
        facts["ge"] = item.ge
    if getattr(item, "min_length", None) is not None:
        facts["list_min" if facts["multivalued"] or not outer else "min_length"] = item.min_length
    if getattr(item, "func", None) is models._calendar_date:
        facts["pattern"] = DATE_PATTERN


def _field_facts(model: type[BaseModel], name: str) -> dict[str, typing.Any]:
    info = model.model_fields[name]
    facts = _shape(info.annotation, [])
    if facts["multivalued"]:
        for item in info.metadata:
            if getattr(item, "min_length", None) is not None:
                facts["list_min"] = item.min_length
    else:
        for item in info.metadata:
            _constraint(facts, item, outer=True)
    return facts


def _default(model: type[BaseModel], name: str) -> str | None:
    info = model.model_fields[name]
    if info.default is PydanticUndefined or info.default is None:
        return None
    if isinstance(info.default, bool):
        return str(info.default).lower()
    return f"string({info.default})"


def test_schema_has_a_class_for_every_record_model(view: SchemaView) -> None:
    schema_classes = set(view.all_classes(imports=False)) - MAPPING_ENTRIES
    assert schema_classes == set(MODELS)


@pytest.mark.parametrize("name", sorted(MODELS))
def test_class_fields_agree_with_the_model(view: SchemaView, name: str) -> None:
    model = MODELS[name]
    slots = generate.class_slots(view, name)
    assert [s.name for s in slots] == list(model.model_fields), "same fields, same order"
    assert bool(view.get_class(name).abstract) == (name == "Entity")
    for slot in slots:
        where = f"{name}.{slot.name}"
        facts = _field_facts(model, slot.name)
        info = model.model_fields[slot.name]
        assert bool(slot.required) == info.is_required(), f"{where}: required differs"
        assert bool(slot.multivalued) == facts["multivalued"], f"{where}: list-ness differs"
        assert slot.ifabsent == _default(model, slot.name), f"{where}: default differs"
        assert (slot.minimum_cardinality or None) == facts.get("list_min"), where
        if "values" in facts:
            enum = view.get_enum(slot.range)
            assert enum is not None, f"{where}: a vocabulary in the model, {slot.range} here"
            assert list(enum.permissible_values) == facts["values"], f"{where}: values differ"
            continue
        kind = facts["type"]
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            assert slot.range == kind.__name__, where
            assert slot.inlined or slot.inlined_as_list, f"{where}: records are written inline"
        elif facts["mapping"]:
            assert slot.range in MAPPING_ENTRIES and slot.inlined_as_list is False, where
            value_slot = [s for s in view.class_induced_slots(slot.range) if not s.key][0]
            assert value_slot.range == SCALARS[kind], where
            assert value_slot.minimum_value == facts.get("ge"), where
        elif facts.get("pattern") == models.ID_PATTERN and slot.name != "id":
            targets = [a.range for a in slot.any_of] or [slot.range]
            assert all(view.get_class(t) is not None for t in targets), (
                f"{where}: an id-valued field is typed by the record kind it points to"
            )
            assert not slot.inlined and not slot.inlined_as_list, where
        elif (name, slot.name) in SECTION_REFERENCES:
            assert slot.range == "Section", where
        else:
            assert slot.range == SCALARS[kind], f"{where}: {slot.range} vs {kind}"
            assert slot.pattern == _expected_pattern(facts), f"{where}: pattern differs"
            assert slot.minimum_value == facts.get("ge"), f"{where}: minimum differs"


def _expected_pattern(facts: dict[str, typing.Any]) -> str | None:
    if "min_length" in facts:
        n = facts["min_length"]
        return r"^[\s\S]+$" if n == 1 else rf"^[\s\S]{{{n},}}$"
    return facts.get("pattern")


# -- vocabularies and the ontology --------------------------------------------------------

# Each vocabulary of the schema and the table the build turns its keywords into terms with.
VOCAB_TABLES: dict[str, dict[typing.Any, URIRef]] = {
    "Direction": vocab.DIRECTION,
    "Certainty": vocab.CERTAINTY,
    "EvidenceType": vocab.EVIDENCE_CLASS,
    "Timing": vocab.TIMING,
    "MechanismCategory": vocab.MECHANISM_CATEGORY,
    "LinkerKind": vocab.LINKER_CLASS,
    "PayloadMechanism": vocab.PAYLOAD_MECHANISM,
    "DrugKind": vocab.DRUG_KIND,
    "DrugClass": vocab.DRUG_CLASS,
    "Isotype": vocab.ISOTYPE,
    "DevelopmentStatus": vocab.DEVELOPMENT_STATUS,
    "ApprovalKind": vocab.DECISION_KIND,
    "Agency": vocab.AGENCY,
    "AlterationKind": vocab.ALTERATION_CLASS,
    "Phase": vocab.PHASE,
    "EndpointRole": {k: v for k, v in vocab.ENDPOINT_ROLE.items() if k is not None},
    "StudyKind": vocab.STUDY_CLASS,
    "StrategyKind": vocab.STRATEGY_CLASS,
    "ReferenceKind": vocab.PUBLICATION_CLASS,
    "SourceKind": build.SOURCE_CLASS,
}
# Vocabularies kept as literals in the graph (no ontology term to mean).
LITERAL_VOCABULARIES = {"TimingBasis", "TrialStatus", "Index"}


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ROOT / "ontology" / "adckg-edit.ttl")


def _expand(view: SchemaView, curie: str) -> URIRef:
    prefix, local = curie.split(":", 1)
    return URIRef(view.schema.prefixes[prefix].prefix_reference + local)


def test_every_meaning_is_a_term_the_ontology_declares(view: SchemaView, ontology: Graph) -> None:
    meanings = [
        (enum_name, value, pv.meaning)
        for enum_name, enum in view.all_enums(imports=False).items()
        for value, pv in enum.permissible_values.items()
        if pv.meaning
    ]
    assert len(meanings) > 80
    undeclared = [m for m in meanings if (_expand(view, m[2]), RDF.type, None) not in ontology]
    assert undeclared == []


def test_meanings_are_the_terms_the_build_uses(view: SchemaView) -> None:
    assert set(view.all_enums(imports=False)) == set(VOCAB_TABLES) | LITERAL_VOCABULARIES
    for name, table in VOCAB_TABLES.items():
        enum = view.get_enum(name)
        meanings = {v: _expand(view, pv.meaning) for v, pv in enum.permissible_values.items()}
        assert meanings == dict(table), name
    for name in LITERAL_VOCABULARIES:
        assert not any(pv.meaning for pv in view.get_enum(name).permissible_values.values())


def test_an_undeclared_meaning_would_be_caught(view: SchemaView, ontology: Graph) -> None:
    # The sensitivity term the ontology does define, and a near miss it does not.
    assert (_expand(view, "adcko:IncreasesSensitivity"), RDF.type, None) in ontology
    assert (_expand(view, "adcko:ConfersSensitivity"), RDF.type, None) not in ontology


# -- JSON Schema over the real files ------------------------------------------------------


def _validator(name: str) -> typing.Any:
    schema = json.loads((ROOT / "schema" / name).read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


CURATION_FILES = sorted((ROOT / "kg" / "curation").glob("*.yaml"))
SOURCE_FILES = sorted((ROOT / "kg" / "sources").glob("*.yaml"))


@pytest.mark.parametrize("path", CURATION_FILES, ids=lambda p: p.name)
def test_curation_file_passes_the_json_schema(path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    errors = [
        f"{list(e.absolute_path)}: {e.message}"
        for e in _validator("adckg-curation.schema.json").iter_errors(data)
    ]
    assert errors == []


@pytest.mark.parametrize("path", SOURCE_FILES, ids=lambda p: p.name)
def test_source_file_passes_the_json_schema(path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert list(_validator("adckg-source.schema.json").iter_errors(data)) == []


def _a_finding() -> dict[str, typing.Any]:
    for path in CURATION_FILES:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if data.get("findings"):
            return copy.deepcopy(data["findings"][0])
    raise AssertionError("no finding curated")


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        (lambda f: f.update(direction="confers-sensitivity"), "is not one of"),
        (lambda f: f.update(directon="confers-resistance"), "Additional properties"),
        (lambda f: f.pop("quotes"), "'quotes' is a required property"),
        (lambda f: f.update(quotes=[]), "should be non-empty"),
        (lambda f: f.update(id="has space"), "does not match"),
        (lambda f: f["quotes"][0].update(refs=[0]), "less than the minimum of 1"),
        (lambda f: f["quotes"][0].update(text="short"), "does not match"),
    ],
)
def test_json_schema_rejects_what_the_loader_rejects(change: typing.Any, complaint: str) -> None:
    finding = _a_finding()
    validator = _validator("adckg-curation.schema.json")
    assert list(validator.iter_errors({"findings": [finding]})) == []
    change(finding)
    messages = [e.message for e in validator.iter_errors({"findings": [finding]})]
    assert any(complaint in m for m in messages), messages
    with pytest.raises(Exception):  # noqa: B017 - the loader's model refuses it too
        models.CurationFile.model_validate({"findings": [finding]})
