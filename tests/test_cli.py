"""The CLI in-process: exit codes, output and one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

from adckg.cli import main

ROOT = Path(__file__).resolve().parents[1]


def test_stats_reports_triples_per_part(capsys):
    assert main(["stats", "--root", str(ROOT), "--json"]) == 0
    numbers = json.loads(capsys.readouterr().out)
    assert set(numbers["triples"]) == {"ontology", "assertions", "inferred", "merged"}
    assert numbers["classes"]["adcko:AntibodyDrugConjugate"] >= 8


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


def test_build_check_says_release_is_up_to_date(capsys):
    assert main(["build", "--root", str(ROOT), "--check"]) == 0
    assert "up to date" in capsys.readouterr().out


def test_unknown_command_is_a_usage_error(capsys):
    assert main(["frobnicate"]) == 2
