"""SSSOM mappings: strict reading, Bioregistry-consistent IRIs, and honest links."""

from __future__ import annotations

from pathlib import Path

import bioregistry
import pytest
from rdflib import RDFS, URIRef

from adckg.errors import InputError
from adckg.external import converter, resource_of_iri, resources
from adckg.mappings import COLUMNS, PREDICATES, expected_curie_map, mapping_graph, read_sssom
from adckg.prefixes import ADCKG, SKOS

from .conftest import PROJECT

SSSOM = PROJECT.mappings_file
ROW = (
    "adckg:ERBB2\tERBB2\tskos:exactMatch\tHGNC:3430\tERBB2\tsemapv:ManualMappingCuration"
    "\tverified: hgnc_complete_set.txt; seen: 3430 ERBB2"
)


def _write(tmp_path: Path, *rows: str, header: str | None = None) -> Path:
    text = SSSOM.read_text(encoding="utf-8")
    head = "".join(line + "\n" for line in text.splitlines() if line.startswith("#"))
    columns = header or next(line for line in text.splitlines() if not line.startswith("#"))
    path = tmp_path / "bad.sssom.tsv"
    path.write_text(head + columns + "\n" + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def _error(tmp_path: Path, row: str) -> str:
    with pytest.raises(InputError) as info:
        read_sssom(_write(tmp_path, row))
    return str(info.value)


def test_the_curated_file_reads_and_declares_the_bioregistry_prefixes():
    mapping_set = read_sssom(SSSOM)
    assert mapping_set.metadata["curie_map"] == expected_curie_map()
    assert mapping_set.metadata["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert len(mapping_set.mappings) > 21


def test_our_curie_prefixes_are_bioregistry_synonyms():
    for prefix, resource in resources().items():
        assert bioregistry.normalize_prefix(prefix) == resource.bioregistry_prefix, prefix


def test_obo_ontologies_get_purls_and_others_identifiers_org_or_doi():
    assert converter().expand("GO:0006897") == "http://purl.obolibrary.org/obo/GO_0006897"
    assert converter().expand("NCIT:C9335") == "http://purl.obolibrary.org/obo/NCIT_C9335"
    assert converter().expand("HGNC:3430") == "https://identifiers.org/hgnc:3430"
    assert converter().expand("DOI:10.3390/cancers15041130") == (
        "https://doi.org/10.3390/cancers15041130"
    )


def test_every_external_iri_in_the_graph_matches_its_resource_pattern(built):
    linked = 0
    for predicate in PREDICATES.values():
        for _, obj in built.merged.subject_objects(predicate):
            resource = resource_of_iri(str(obj))
            assert resource is not None, f"{obj} belongs to no known resource"
            local = str(obj)[len(resource.uri_prefix) :]
            assert resource.valid_local_id(local), f"{obj} breaks the {resource.prefix} pattern"
            assert built.merged.value(obj, RDFS.label) is not None, f"{obj} has no label"
            linked += 1
    assert linked == len(read_sssom(SSSOM).mappings)


def test_trials_link_to_their_printed_registration_number(built):
    daisy = set(built.merged.objects(ADCKG["DAISY"], SKOS.exactMatch))
    assert daisy == {URIRef("https://identifiers.org/clinicaltrials:NCT04132960")}


def test_no_external_identifier_is_the_exact_match_of_two_entities(built):
    owners: dict[URIRef, URIRef] = {}
    for subject, obj in built.merged.subject_objects(SKOS.exactMatch):
        assert owners.setdefault(obj, subject) == subject, f"{obj}: {owners[obj]} and {subject}"


def test_an_antibody_and_its_conjugate_never_share_an_identifier(built):
    pairs = [
        ("trastuzumab", "T-DM1"),
        ("trastuzumab", "T-DXd"),
        ("patritumab", "patritumab-deruxtecan"),
        ("zanidatamab", "zanidatamab-zovodotin"),
        ("disitamab", "disitamab-vedotin"),
    ]
    for antibody, adc in pairs:
        a = {o for p in PREDICATES.values() for o in built.merged.objects(ADCKG[antibody], p)}
        b = {o for p in PREDICATES.values() for o in built.merged.objects(ADCKG[adc], p)}
        assert not a & b, f"{antibody} and {adc} share {a & b}"


def test_unknown_prefix_is_refused_with_file_and_line(tmp_path):
    message = _error(tmp_path, ROW.replace("HGNC:3430", "HUGO:3430"))
    assert "bad.sssom.tsv:" in message and "unknown object prefix 'HUGO'" in message


def test_identifier_breaking_the_pattern_is_refused(tmp_path):
    message = _error(tmp_path, ROW.replace("HGNC:3430", "HGNC:ERBB2"))
    assert "'ERBB2' is not a valid HGNC identifier" in message


def test_row_without_verification_source_is_refused(tmp_path):
    message = _error(
        tmp_path, ROW.replace("verified: hgnc_complete_set.txt; seen: 3430 ERBB2", "looks right")
    )
    assert "must say where the identifier was verified" in message


def test_unknown_predicate_is_refused(tmp_path):
    assert "is not one of" in _error(tmp_path, ROW.replace("skos:exactMatch", "owl:sameAs"))


def test_duplicate_row_names_the_first_line(tmp_path):
    with pytest.raises(InputError, match=r"duplicate of line \d+"):
        read_sssom(_write(tmp_path, ROW, ROW))


def test_wrong_header_is_refused(tmp_path):
    with pytest.raises(InputError, match="the table header must be the columns"):
        read_sssom(_write(tmp_path, ROW, header="subject_id\tobject_id"))


def test_row_level_author_and_date_are_refused_with_where_they_belong(tmp_path):
    header = "\t".join(COLUMNS[:-1]) + "\tauthor_id\tmapping_date\tcomment"
    row = ROW.replace("\tverified:", "\tadckg:curators\t2026-11-29\tverified:")
    with pytest.raises(InputError, match="mapping_date, author_id belong to the metadata block"):
        read_sssom(_write(tmp_path, row, header=header))


def test_set_level_date_and_creator_are_required(tmp_path):
    path = _write(tmp_path, ROW)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("#mapping_date: '", "#mapping_date: 'x"), encoding="utf-8")
    with pytest.raises(InputError, match="mapping_date must be YYYY-MM-DD"):
        read_sssom(path)
    path.write_text(text.replace("#creator_label:", "#creator_label: []\n#x:"), encoding="utf-8")
    with pytest.raises(InputError, match="creator_label must be a list of names"):
        read_sssom(path)


def test_curie_map_that_disagrees_with_the_bioregistry_is_refused(tmp_path):
    path = _write(tmp_path, ROW)
    text = path.read_text(encoding="utf-8").replace(
        "https://identifiers.org/hgnc:", "https://www.genenames.org/hgnc/"
    )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match="the project's prefix map"):
        read_sssom(path)


def test_row_for_a_missing_entity_or_with_a_drifted_label_is_refused(tmp_path):
    labels = {ADCKG["ERBB2"]: "ERBB2"}
    ok = mapping_graph(read_sssom(_write(tmp_path, ROW)), labels)
    assert (ADCKG["ERBB2"], SKOS.exactMatch, URIRef("https://identifiers.org/hgnc:3430")) in ok
    with pytest.raises(InputError, match="no entity adckg:ERBB3"):
        mapping_graph(
            read_sssom(_write(tmp_path, ROW.replace("adckg:ERBB2", "adckg:ERBB3"))), labels
        )
    with pytest.raises(InputError, match="differs from the entity's label 'ERBB2'"):
        mapping_graph(
            read_sssom(_write(tmp_path, ROW.replace("\tERBB2\tskos", "\tHER2\tskos"))), labels
        )


def test_readme_coverage_table_is_the_graph_s(built):
    from adckg.mappings import coverage_table

    readme = (PROJECT.root / "README.md").read_text(encoding="utf-8")
    table = readme.split("<!-- coverage:start -->\n", 1)[1].split("<!-- coverage:end -->", 1)[0]
    assert table == coverage_table(built.merged), "README coverage table is stale: regenerate it"
