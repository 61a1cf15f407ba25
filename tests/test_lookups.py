"""Not-found records: the reasons the coverage table gives, checked against the mappings."""

from __future__ import annotations

from pathlib import Path

import pytest

from adckg.errors import InputError
from adckg.links.lookups import check_against_mappings, read_not_found
from adckg.links.mappings import read_sssom

from .conftest import PROJECT

RECORD = """not_found:
  - subject: adckg:ARX788
    label: ARX788
    resources: [NCIT, CHEBI]
    looked_in: the NCIt extract
    why: investigational ADC
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "not-found.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_curated_records_read_and_agree_with_the_mappings():
    records = read_not_found(PROJECT.not_found_file)
    check_against_mappings(PROJECT.not_found_file, records, read_sssom(PROJECT.mappings_file))
    endpoints = {r.subject for r in records if r.resources == ("NCIT",)}
    assert {"adckg:ORR", "adckg:RCB"} <= endpoints


def test_a_record_reads(tmp_path):
    (record,) = read_not_found(_write(tmp_path, RECORD))
    assert record.subject == "adckg:ARX788" and record.resources == ("NCIT", "CHEBI")


SHARED = """searches:
  name-tables: the DrugBank and ChEBI name tables
not_found:
  - subject: adckg:ARX788
    label: ARX788
    resources: [NCIT, CHEBI]
    looked_in: [name-tables, the NCIt extract]
    why: investigational ADC
"""


def test_a_shared_search_is_written_once_and_read_in_full(tmp_path):
    (record,) = read_not_found(_write(tmp_path, SHARED))
    assert record.looked_in == "the DrugBank and ChEBI name tables; the NCIt extract"


def test_a_search_name_that_is_not_defined_is_refused(tmp_path):
    text = SHARED.replace("[name-tables,", "[name-table,")
    with pytest.raises(InputError, match=r"record 1 \(adckg:ARX788\): .*'name-table'.* define"):
        read_not_found(_write(tmp_path, text))


def test_a_search_no_record_names_is_refused(tmp_path):
    text = SHARED.replace("[name-tables, the NCIt extract]", "the NCIt extract")
    with pytest.raises(InputError, match="name-tables named by no record; remove"):
        read_not_found(_write(tmp_path, text))


def test_unknown_resource_is_refused_with_file_and_record(tmp_path):
    with pytest.raises(InputError, match=r"not-found.yaml: not_found record 1 .*'MeSH'"):
        read_not_found(_write(tmp_path, RECORD.replace("CHEBI", "MeSH")))


def test_missing_reason_is_refused(tmp_path):
    with pytest.raises(InputError, match="missing why"):
        read_not_found(_write(tmp_path, RECORD.replace("    why: investigational ADC\n", "")))


def test_a_record_contradicted_by_a_mapping_row_is_refused(tmp_path):
    text = RECORD.replace("adckg:ARX788", "adckg:trastuzumab").replace("[NCIT, CHEBI]", "[NCIT]")
    path = _write(tmp_path, text)
    with pytest.raises(InputError, match="says NCIT has no identifier, but adckg.sssom.tsv line"):
        check_against_mappings(path, read_not_found(path), read_sssom(PROJECT.mappings_file))
