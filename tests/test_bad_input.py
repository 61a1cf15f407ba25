"""Each kind of curation mistake gives one clear error and leaves release files untouched."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from adckg.cli.main import main

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def project(tmp_path: Path, text_path: Path, monkeypatch) -> Path:
    for folder in ("ontology", "kg/curation", "kg/sources", "kg/release"):
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


@pytest.mark.slow
def test_missing_java_says_how_to_install_it(project, capsys, monkeypatch):
    import adckg.graph.reason

    monkeypatch.setattr(adckg.graph.reason.shutil, "which", lambda name: None)
    err = _build_fails(project, capsys)
    assert "Java runtime" in err and "apt-get install -y default-jre-headless" in err


# -- impossible facts: refused at load, or by the shapes; the release stays as it was -------


def _only_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip() and not line.startswith("[adckg]")]
    assert len(lines) == 1, f"expected one line besides progress, got:\n{err}"
    assert "Traceback" not in err
    return lines[0]


@pytest.mark.parametrize(
    ("date", "why"),
    [
        ("2019-13", "has month 13; months are 01-12"),
        ("2023-02-30", "is not a day of the calendar (2023-02 has 28 days)"),
        ("2023-02-29", "is not a day of the calendar (2023-02 has 28 days)"),
        ("2019-00", "has month 00"),
        ("20191", "write a date as YYYY, YYYY-MM or YYYY-MM-DD"),
    ],
)
def test_impossible_date_is_refused_at_load(project, capsys, date, why):
    path = project / "kg/curation/drugs.yaml"
    _edit(path, '    date: "2019-12"\n', f'    date: "{date}"\n')
    line = _only_line(_build_fails(project, capsys))
    number = _line_of(path, f'date: "{date}"')
    assert f"drugs.yaml:{number}: [T-DXd-FDA-accelerated-approval-2019]" in line
    assert why in line


def test_leap_day_is_a_date(project):
    from adckg.curation.load import parse_file

    path = project / "kg/curation/drugs.yaml"
    _edit(path, '    date: "2019-12"\n', '    date: "2024-02-29"\n')
    parse_file(path)  # no error


def test_unquoted_date_says_quote_it(project, capsys):
    path = project / "kg/curation/drugs.yaml"
    _edit(path, '    date: "2018-01"\n', "    date: 2018-01-15\n")
    line = _only_line(_build_fails(project, capsys))
    assert f"drugs.yaml:{_line_of(path, 'date: 2018-01-15')}:" in line
    assert 'quote it: "2018-01-15"' in line and "datetime" not in line


def test_yaml_no_read_as_false_says_quote_it(project, capsys):
    path = project / "kg/curation/drugs.yaml"
    _edit(path, "    agency: FDA\n    kind: fast-track", "    agency: no\n    kind: fast-track")
    line = _only_line(_build_fails(project, capsys))
    assert "[SYD985-FDA-fast-track-2018]" in line and "quote it" in line


@pytest.mark.slow
def test_adc_whose_antibody_is_itself_fails_the_build(project, capsys):
    """HermiT infers from hasAntibody's range that the ADC is an antibody; shapes must not."""
    path = project / "kg/curation/drugs.yaml"
    _edit(path, "      antibody: trastuzumab\n", "      antibody: T-DM1\n")
    shutil.copytree(ROOT / "shapes", project / "shapes")
    before = _release_bytes(project)
    code = main(["build", "--root", str(project)])
    line = _only_line(capsys.readouterr().err)
    assert code == 1
    assert "adcks:ADC-antibody-max adckg:T-DM1" in line and "release files were not written" in line
    assert _release_bytes(project) == before


# -- hostile YAML: one line, at once ------------------------------------------------------------


def test_yaml_alias_bomb_ends_at_once_with_one_line(project, capsys):
    path = project / "kg/curation/zz-bomb.yaml"
    rows = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for name, prev in zip("bcdefghi", "abcdefgh", strict=True):
        rows.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert len(path.read_bytes()) < 1024
    line = _only_line(_build_fails(project, capsys))
    assert "zz-bomb.yaml:1:" in line and "aliases (*name) are not allowed" in line


def test_yaml_recursive_alias_names_its_line(project, capsys):
    path = project / "kg/curation/zz-loop.yaml"
    path.write_text("drugs: []\nloop: &r [*r]\n", encoding="utf-8")
    line = _only_line(_build_fails(project, capsys))
    assert "zz-loop.yaml:2:" in line and "aliases" in line


def test_deeply_nested_yaml_is_refused(project, capsys):
    path = project / "kg/curation/zz-deep.yaml"
    path.write_text("x:\n" + "".join("  " * i + "- \n" for i in range(1, 80)), encoding="utf-8")
    line = _only_line(_build_fails(project, capsys))
    assert "zz-deep.yaml:" in line and "nested more than" in line


def test_non_utf8_byte_names_its_line(project, capsys):
    path = project / "kg/curation/drugs.yaml"
    data = path.read_bytes().replace(b"trastuzumab emtansine", b"trastuzumab \xe9mtansine", 1)
    line_no = data[: data.index(b"\xe9")].count(b"\n") + 1
    path.write_bytes(data)
    line = _only_line(_build_fails(project, capsys))
    assert f"drugs.yaml:{line_no}:" in line and "0xe9" in line and "not UTF-8" in line


@pytest.mark.slow
def test_no_break_space_in_a_quote_is_pointed_at(project, capsys):
    path = project / "kg/curation/section-3.yaml"
    _edit(path, "53% of them had received", "53% of them had\u00a0received")
    line = _only_line(_build_fails(project, capsys))
    assert "U+00A0 (no-break space)" in line and "ordinary space" in line
    assert "[daisy-pretreatment]" in line and len(line) < 400


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
