"""The LinkML curation schema: its generated files are current, it says what the loader's
pydantic models say, its vocabularies are the ontology's terms, and the real curation
files pass the JSON Schema editors check them with."""

from __future__ import annotations

import copy
import importlib.util
import json
import shutil
import subprocess
import sys
import types
import typing
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

pytest.importorskip("linkml")
jsonschema = pytest.importorskip("jsonschema")

from linkml_runtime.utils.schemaview import SchemaView  # noqa: E402
from pydantic import ValidationError  # noqa: E402
from rdflib import RDF, Graph, URIRef  # noqa: E402

from adckg import vocab  # noqa: E402
from adckg.curation import models  # noqa: E402
from adckg.graph import build  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "schema" / "adckg-curation.yaml"


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


@pytest.mark.slow
def test_generated_files_are_up_to_date(tmp_path: Path) -> None:
    (tmp_path / "schema").mkdir()
    (tmp_path / "docs").mkdir()
    (tmp_path / "src" / "adckg" / "curation").mkdir(parents=True)
    shutil.copy(SCHEMA, tmp_path / "schema" / SCHEMA.name)
    shutil.copy(ROOT / generate.RULES_FILE, tmp_path / generate.RULES_FILE)
    written = generate.write(tmp_path)
    assert {p.relative_to(tmp_path).as_posix() for p in written} == {
        "schema/adckg-curation.schema.json",
        "schema/adckg-source.schema.json",
        "docs/curation-reference.md",
        "src/adckg/curation/models_generated.py",
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


# -- the generated models ------------------------------------------------------------------

from adckg.curation import models_generated as generated  # noqa: E402
from adckg.curation import rules as curation_rules  # noqa: E402

# Entries of a mapping field (`tables: {table-1: 17}`): classes of the schema that the
# models write as plain `key: value` pairs.
MAPPING_ENTRIES = {"TableSize", "Abbreviation"}


def test_every_schema_class_is_a_model_the_package_exports(view: SchemaView) -> None:
    for name in set(view.all_classes(imports=False)) - MAPPING_ENTRIES:
        model = getattr(models, name)
        assert model is getattr(generated, name), name
        assert issubclass(model, models.Record)
        slots = [s.name for s in generate.class_slots(view, name)]
        assert sorted(model.model_fields) == sorted(slots), name


def test_every_rule_class_is_a_base_of_its_record() -> None:
    rules = {
        name: cls
        for name, cls in vars(curation_rules).items()
        if isinstance(cls, type) and name.endswith("Rules")
    }
    assert len(rules) >= 7
    for name, cls in rules.items():
        record = getattr(generated, name.removesuffix("Rules"), None)
        assert record is not None, f"{name} names no record of the schema"
        assert issubclass(record, cls), f"{name} is not a base of {record.__name__}"


def _quote(**change: typing.Any) -> dict[str, typing.Any]:
    return {"section": "3", "text": "ten or more characters", **change}


@pytest.mark.parametrize(
    ("refs", "accepted"),
    [([1, 76], True), ([], True), (["44"], True), ([0], False), ([1, -2], False), (None, False)],
)
def test_each_reference_number_is_checked_not_the_list(refs: typing.Any, accepted: bool) -> None:
    # LinkML's generator put `ge=1` on the list itself, which refused every list.
    if accepted:
        assert models.Quote.model_validate(_quote(refs=refs)).refs == [int(r) for r in refs]
    else:
        with pytest.raises(ValidationError):
            models.Quote.model_validate(_quote(refs=refs))


def test_optional_lists_and_mappings_default_to_empty_and_refuse_null() -> None:
    quote = models.Quote.model_validate(_quote())
    assert quote.refs == []
    with pytest.raises(ValidationError):
        models.Quote.model_validate(_quote(refs=None))
    gene = models.Gene.model_validate({"id": "G", "label": "G"})
    assert (gene.alt_labels, gene.evidence, gene.corrections) == ([], [], [])


def test_controlled_values_are_plain_text_and_decimals_keep_their_digits() -> None:
    drug = models.Drug.model_validate(
        {
            "id": "X",
            "label": "X",
            "kind": "adc",
            "adc": {"dar": "7.0", "linker": {"kind": "cleavable"}, "status": "approved"},
        }
    )
    assert drug.kind == "adc" and type(drug.kind) is str
    assert drug.adc is not None and type(drug.adc.status) is str
    assert str(drug.adc.dar) == "7.0" and isinstance(drug.adc.dar, Decimal)


def test_pattern_and_length_messages_are_pydantics_own() -> None:
    with pytest.raises(ValidationError) as bad_id:
        models.Gene.model_validate({"id": "has space", "label": "G"})
    assert "String should match pattern '^[A-Za-z0-9][A-Za-z0-9-]*$'" in str(bad_id.value)
    with pytest.raises(ValidationError) as short:
        models.Quote.model_validate(_quote(text="short"))
    assert "at least 10 characters" in str(short.value)


def test_cross_field_rules_apply_to_records_nested_in_a_file() -> None:
    drug = {"id": "X", "label": "X", "kind": "antibody", "adc": {}}
    with pytest.raises(ValidationError) as error:
        models.CurationFile.model_validate({"drugs": [drug]})
    assert "only kind 'adc' may have an 'adc:' block" in str(error.value)


BLOCK_LINKML = """
import importlib.abc, sys

class Refuse(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {"linkml", "linkml_runtime"}:
            raise ImportError(f"the build imported {name}")
        return None

sys.meta_path.insert(0, Refuse())
"""
BUILD_PATH = """
import importlib, pkgutil
from pathlib import Path
import adckg
from adckg.graph.build import build_graph
from adckg.curation.load import load_curation
from adckg.curation.texts import anchor_sources

for module in pkgutil.walk_packages(adckg.__path__, "adckg."):
    importlib.import_module(module.name)
curation = load_curation(Path("kg/curation"))
anchored = anchor_sources(curation, Path("."), Path("kg/curation"))
graph = build_graph(curation, anchored.anchoring)
assert len(graph) > 1000, len(graph)
loaded = sorted(m for m in sys.modules if m.split(".")[0] in {"linkml", "linkml_runtime"})
assert not loaded, loaded
print("ok", len(curation.files))
"""


def test_the_build_path_never_imports_linkml() -> None:
    # A fresh interpreter in which importing LinkML fails: every module of the package,
    # the loader and the graph builder run without it.
    done = subprocess.run(  # noqa: S603 - the interpreter running the tests
        [sys.executable, "-c", BLOCK_LINKML + BUILD_PATH],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["ok", str(len(CURATION_FILES))]


def test_a_blocked_linkml_import_would_be_noticed() -> None:
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", BLOCK_LINKML + "import linkml_runtime"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode != 0 and "the build imported linkml_runtime" in done.stderr


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


@pytest.mark.slow
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
@pytest.mark.slow
def test_json_schema_rejects_what_the_loader_rejects(change: typing.Any, complaint: str) -> None:
    finding = _a_finding()
    validator = _validator("adckg-curation.schema.json")
    assert list(validator.iter_errors({"findings": [finding]})) == []
    change(finding)
    messages = [e.message for e in validator.iter_errors({"findings": [finding]})]
    assert any(complaint in m for m in messages), messages
    with pytest.raises(Exception):  # noqa: B017 - the loader's model refuses it too
        models.CurationFile.model_validate({"findings": [finding]})


def test_an_author_affiliation_beyond_the_list_is_refused() -> None:
    path = ROOT / "kg" / "sources" / "guidi-2023.yaml"
    source = yaml.safe_load(path.read_text(encoding="utf-8"))["source"]
    assert models.SourceFile.model_validate({"source": source}).source.affiliations
    source["authors"][0]["affiliations"] = [1, 9]
    with pytest.raises(ValidationError) as error:
        models.SourceFile.model_validate({"source": source})
    assert "has affiliation 9, but 'affiliations' lists 4 (numbered from 1)" in str(error.value)
