"""The ADCKO namespace in code is closed over the terms the ontology declares.

``adckg.terms`` is generated from ontology/adckg-edit.ttl; the namespace refuses any other
term, so a term the ontology lacks (say ``adcko:ConfersSensitivity`` for
``adcko:IncreasesSensitivity``) fails at import or first use instead of reaching a release.
"""

from __future__ import annotations

import ast
import importlib.util
import warnings
from pathlib import Path

import pytest

from adckg.prefixes import ADCKO, PREFIX_MAP
from adckg.terms import ADCKO_TERMS

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "adckg"


def _generator():
    path = ROOT / "ontology" / "generate_terms.py"
    spec = importlib.util.spec_from_file_location("generate_terms", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def terms_named_in_code() -> dict[str, list[str]]:
    """Every ``ADCKO.X`` and ``ADCKO["X"]`` of the package -> where it is written."""
    found: dict[str, list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            name = None
            if isinstance(node, ast.Attribute) and getattr(node.value, "id", None) == "ADCKO":
                name = node.attr
            elif (
                isinstance(node, ast.Subscript)
                and getattr(node.value, "id", None) == "ADCKO"
                and isinstance(node.slice, ast.Constant)
            ):
                name = node.slice.value
            if name is not None:
                found.setdefault(name, []).append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    return found


def test_terms_module_is_generated_from_the_edit_file():
    generator = _generator()
    assert generator.NAMESPACE == PREFIX_MAP["adcko"]
    expected = generator.render(generator.declared_terms())
    assert (PACKAGE / "terms.py").read_text(encoding="utf-8") == expected, (
        "src/adckg/terms.py is stale: run python ontology/generate_terms.py"
    )


def test_every_term_named_in_code_is_declared():
    undeclared = {t: w for t, w in terms_named_in_code().items() if t not in ADCKO_TERMS}
    assert undeclared == {}


def test_the_namespace_refuses_an_undeclared_term():
    assert str(ADCKO.IncreasesSensitivity) == PREFIX_MAP["adcko"] + "IncreasesSensitivity"
    with pytest.raises(AttributeError):
        _ = ADCKO.ConfersSensitivity
    with pytest.raises(KeyError):
        _ = ADCKO["ConfersSensitivity"]


def test_the_scan_reads_both_spellings():
    named = terms_named_in_code()
    assert "IncreasesSensitivity" in named  # attribute form (vocab, kgx)
    assert "value" in named  # item form: ADCKO["value"], since str has .count, .index


def test_report_terms_the_code_never_names():
    """Report only (a warning): terms the ontology, shapes or queries alone use are no fault."""
    unused = sorted(ADCKO_TERMS - set(terms_named_in_code()))
    if unused:
        warnings.warn(
            f"{len(unused)} of {len(ADCKO_TERMS)} adcko: terms are not named in src/adckg,"
            f" e.g. {', '.join(unused[:5])}",
            stacklevel=1,
        )
