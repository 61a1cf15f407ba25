"""Each kind of curation mistake gives one clear error and leaves release files untouched."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from adckg.cli import main

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def project(tmp_path: Path, text_path: Path, monkeypatch) -> Path:
    for folder in ("ontology", "kg/curation", "kg/release"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    monkeypatch.setenv("ADCKG_SOURCE_TEXT", str(text_path))
    return tmp_path


def _release_bytes(project: Path) -> dict[str, bytes]:
    release = project / "kg/release"
    return {
        str(p.relative_to(release)): p.read_bytes()
        for p in sorted(release.rglob("*"))
        if p.is_file()
    }


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


def _build_fails(project: Path, capsys) -> str:
    before = _release_bytes(project)
    code = main(["build", "--root", str(project)])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "Traceback" not in err
    assert _release_bytes(project) == before, "a failed build changed release files"
    return err


def test_yaml_syntax_error_names_file_and_line(project, capsys):
    path = project / "kg/curation/section-3.yaml"
    _edit(path, "    phase: II\n", "    phase: [II\n")
    err = _build_fails(project, capsys)
    assert "section-3.yaml:" in err and "YAML syntax error" in err


def test_unknown_field_names_record_and_field(project, capsys):
    path = project / "kg/curation/section-3.yaml"
    _edit(path, "    phase: II\n", "    phaze: II\n")
    err = _build_fails(project, capsys)
    line = _line_of(path, "phaze:")
    assert f"section-3.yaml:{line}: [DAISY] unknown field 'phaze'" in err


def test_wrong_type_names_the_field(project, capsys):
    path = project / "kg/curation/drugs.yaml"
    _edit(path, "      dar: 3.5\n", "      dar: three and a half\n")
    err = _build_fails(project, capsys)
    line = _line_of(path, "dar: three")
    assert f"drugs.yaml:{line}: [T-DM1] drugs.0.adc.dar:" in err
    assert "decimal" in err


def test_bad_controlled_value_lists_the_allowed_ones(project, capsys):
    path = project / "kg/curation/section-3.yaml"
    _edit(path, "    phase: II\n", "    phase: 'III '\n")
    err = _build_fails(project, capsys)
    assert "[DAISY]" in err and "'I/Ib'" in err and "'III '" in err


def test_duplicate_id_names_both_places(project, capsys):
    path = project / "kg/curation/clinical.yaml"
    _edit(path, "  - id: HER2-zero-mBC\n", "  - id: HER2-low-mBC\n")
    err = _build_fails(project, capsys)
    assert "duplicate id 'HER2-low-mBC'" in err and "first defined at" in err


def test_reference_to_a_missing_id(project, capsys):
    path = project / "kg/curation/section-3.yaml"
    _edit(path, "    drugs: [T-DXd]\n    cohorts:", "    drugs: [T-DXX]\n    cohorts:")
    err = _build_fails(project, capsys)
    assert "[DAISY] 'drugs' points to 'T-DXX', which no record defines" in err
    assert f"section-3.yaml:{_line_of(path, '- id: DAISY')}:" in err


def test_reference_to_an_id_of_the_wrong_kind(project, capsys):
    path = project / "kg/curation/section-3.yaml"
    _edit(path, "    drugs: [T-DXd]\n    cohorts:", "    drugs: [HER2]\n    cohorts:")
    err = _build_fails(project, capsys)
    assert "'drugs' points to 'HER2', a record of 'proteins'" in err


def test_quote_not_in_the_source_text(project, capsys):
    path = project / "kg/curation/section-3.yaml"
    _edit(path, "53% of them had received", "54% of them had received")
    err = _build_fails(project, capsys)
    assert "[daisy-pretreatment] quote not found verbatim in section 3" in err


def test_quote_in_the_wrong_section_says_so(project, capsys):
    path = project / "kg/curation/section-3.yaml"
    _edit(
        path,
        '      - section: "3"\n        text: "Most of patients',
        '      - section: "2"\n        text: "Most of patients',
    )
    err = _build_fails(project, capsys)
    assert "not found verbatim in section 2 (it occurs elsewhere" in err


def test_unknown_reference_number(project, capsys):
    path = project / "kg/curation/section-3.yaml"
    _edit(path, "refs: [44]", "refs: [77]")
    err = _build_fails(project, capsys)
    assert "reference numbers must be 1-76" in err


def test_wrong_source_text_is_refused(project, capsys, tmp_path, monkeypatch):
    other = tmp_path / "other.txt"
    other.write_text("not the review\n", encoding="utf-8")
    monkeypatch.setenv("ADCKG_SOURCE_TEXT", str(other))
    err = _build_fails(project, capsys)
    assert "SHA-256" in err


def test_missing_java_says_how_to_install_it(project, capsys, monkeypatch):
    import adckg.reason

    monkeypatch.setattr(adckg.reason.shutil, "which", lambda name: None)
    err = _build_fails(project, capsys)
    assert "Java runtime" in err and "apt-get install -y default-jre-headless" in err


def test_mechanism_alteration_without_what_it_alters_is_named(project, capsys):
    path = project / "kg/curation/mechanisms.yaml"
    _edit(
        path,
        "    alteration: overexpression\n    of: EGFR-protein\n",
        "    alteration: overexpression\n",
    )
    err = _build_fails(project, capsys)
    line = err.strip().splitlines()[-1]
    assert "mechanisms.yaml:" in line and "EGFR-overexpression-mechanism" in line
    assert "'of'" in line and "curator_note" not in line


def test_timing_basis_without_timing_is_named(project, capsys):
    path = project / "kg/curation/section-3.yaml"
    _edit(
        path,
        "    timing: primary\n    timing_basis: curator-inference\n",
        "    timing_basis: curator-inference\n",
    )
    err = _build_fails(project, capsys)
    assert "daisy-ERBB2-hemizygous-deletion" in err and "timing" in err
