"""The CLI in-process: exit codes, output and one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from adckg.cli.main import main

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_stats_reports_triples_per_part(capsys):
    assert main(["stats", "--root", str(ROOT), "--json"]) == 0
    numbers = json.loads(capsys.readouterr().out)
    assert set(numbers["triples"]) == {"ontology", "assertions", "inferred", "merged"}
    assert numbers["classes"]["adcko:AntibodyDrugConjugate"] >= 8


@pytest.mark.slow
def test_export_ntriples_is_sorted(capsys):
    assert main(["export", "--root", str(ROOT), "--format", "ntriples"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == sorted(lines) and len(lines) > 1000


def test_validate_rejects_a_file_that_is_not_rdf(tmp_path, capsys):
    bad = tmp_path / "broken.ttl"
    bad.write_text("this is not turtle <\n", encoding="utf-8")
    assert main(["validate", "--root", str(ROOT), str(bad)]) == 2
    err = capsys.readouterr().err
    assert "broken.ttl: not valid turtle" in err and "Traceback" not in err


def test_validate_unknown_extension(tmp_path, capsys):
    odd = tmp_path / "data.xyz"
    odd.write_text("x", encoding="utf-8")
    assert main(["validate", "--root", str(ROOT), str(odd)]) == 2
    assert "unknown RDF file extension" in capsys.readouterr().err


@pytest.mark.slow
def test_build_check_says_release_is_up_to_date(capsys):
    assert main(["build", "--root", str(ROOT), "--check"]) == 0
    assert "up to date" in capsys.readouterr().out


def test_unknown_command_is_a_usage_error(capsys):
    assert main(["frobnicate"]) == 2


FIXTURE = Path(__file__).parent / "shapes" / "trial-phase.ttl"


@pytest.mark.slow
def test_validate_reports_violations_with_exit_1(capsys):
    assert main(["validate", "--root", str(ROOT), str(FIXTURE)]) == 1
    out = capsys.readouterr().out
    assert "Violation adcks:Trial-phase adckg:t1: Trial NCT01234567 has phase" in out
    assert "use one of I, I/Ib, Ib, Ib/II, I/II, II, III" in out


def test_validate_json_names_shape_focus_and_message(capsys):
    assert main(["validate", "--root", str(ROOT), "--format", "json", str(FIXTURE)]) == 1
    results = json.loads(capsys.readouterr().out)
    hit = next(r for r in results if r["shape"] == "adcks:Trial-phase")
    assert hit["severity"] == "Violation" and hit["focus_label"] == "NCT01234567"
    assert hit["value"] == "adcko:PhaseIV"


@pytest.mark.slow
def test_validate_turtle_report_is_a_shacl_report(capsys):
    from rdflib import Graph
    from rdflib.namespace import SH

    assert main(["validate", "--root", str(ROOT), "--format", "turtle", str(FIXTURE)]) == 1
    report = Graph().parse(data=capsys.readouterr().out, format="turtle")
    assert (None, SH.conforms, None) in report


@pytest.mark.slow
def test_validate_the_release_conforms(capsys):
    assert main(["validate", "--root", str(ROOT)]) == 0
    assert "0 violation(s)" in capsys.readouterr().out


@pytest.mark.slow
def test_validate_names_the_curation_record(capsys, tmp_path):
    broken = tmp_path / "broken.ttl"
    text = (ROOT / "kg/release/adckg-assertions.ttl").read_text(encoding="utf-8")
    broken.write_text(
        text.replace('adcko:nctId "NCT04132960"', 'adcko:nctId "NCT0413296"'), encoding="utf-8"
    )
    assert main(["validate", "--root", str(ROOT), str(broken)]) == 1
    out = capsys.readouterr().out
    assert "[kg/curation/section-3.yaml#DAISY]" in out and "NCT0413296" in out


def test_validate_empty_file_is_unusable_input(tmp_path, capsys):
    empty = tmp_path / "empty.ttl"
    empty.write_text("", encoding="utf-8")
    assert main(["validate", "--root", str(ROOT), str(empty)]) == 2
    assert "empty.ttl: holds no triples" in capsys.readouterr().err


def test_validate_undefined_prefix_is_one_clear_line(tmp_path, capsys):
    bad = tmp_path / "prefix.ttl"
    bad.write_text("nope:a nope:b nope:c .\n", encoding="utf-8")
    assert main(["validate", "--root", str(ROOT), str(bad)]) == 2
    err = capsys.readouterr().err
    assert "prefix.ttl: not valid turtle" in err and "nope" in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.slow
def test_links_prints_the_table_that_docs_linking_holds(capsys):
    assert main(["links", "--root", str(ROOT)]) == 0
    table = capsys.readouterr().out
    page = (ROOT / "docs" / "linking.md").read_text(encoding="utf-8")
    assert table in page and "| AntibodyDrugConjugate (8) |" in table


@pytest.mark.slow
def test_links_write_without_markers_names_the_page(tmp_path, capsys):
    import shutil

    for part in ("kg/release/adckg.nt", "kg/mappings/not-found.yaml"):
        (tmp_path / part).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / part, tmp_path / part)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "linking.md").write_text("# no table here\n", encoding="utf-8")
    assert main(["links", "--root", str(tmp_path), "--write"]) == 2
    err = capsys.readouterr().err
    assert "linking.md: no '<!-- coverage:start -->'" in err and "Traceback" not in err
