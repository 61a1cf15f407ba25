"""SSSOM mappings: strict reading, Bioregistry-consistent IRIs, and honest links."""

from __future__ import annotations

from pathlib import Path

import bioregistry
import pytest
from rdflib import RDFS, URIRef

from adckg.errors import InputError
from adckg.links.mappings import COLUMNS, PREDICATES, expected_curie_map, mapping_graph, read_sssom
from adckg.prefixes import ADCKG, SKOS, converter, resource_of_iri, resources

from .conftest import PROJECT

SSSOM = PROJECT.mappings_file
FIELDS = {
    "subject_id": "adckg:ERBB2",
    "subject_label": "ERBB2",
    "predicate_id": "skos:exactMatch",
    "predicate_modifier": "",
    "object_id": "HGNC:3430",
    "object_label": "ERBB2",
    "mapping_justification": "semapv:ManualMappingCuration",
    "confidence": "",
    "comment": "verified: hgnc_complete_set.txt; seen: 3430 ERBB2",
}
HEADER = "\t".join(FIELDS)


def _line(**changes: str) -> str:
    """One row in the column order of HEADER, with some cells changed."""
    return "\t".join({**FIELDS, **changes}.values())


ROW = _line()


def _write(tmp_path: Path, *rows: str, header: str | None = None) -> Path:
    text = SSSOM.read_text(encoding="utf-8")
    head = "".join(line + "\n" for line in text.splitlines() if line.startswith("#"))
    path = tmp_path / "bad.sssom.tsv"
    columns = header or HEADER
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


def test_every_external_iri_in_the_graph_matches_its_resource_pattern(committed):
    linked = 0
    for predicate in PREDICATES.values():
        for _, obj in committed.merged.subject_objects(predicate):
            resource = resource_of_iri(str(obj))
            assert resource is not None, f"{obj} belongs to no known resource"
            local = str(obj)[len(resource.uri_prefix) :]
            assert resource.valid_local_id(local), f"{obj} breaks the {resource.prefix} pattern"
            assert committed.merged.value(obj, RDFS.label) is not None, f"{obj} has no label"
            linked += 1
    rows = read_sssom(SSSOM).mappings
    assert linked == len([r for r in rows if not r.negated])
    assert any(r.negated for r in rows) and any(r.subject_id.startswith("adcko:") for r in rows)


def test_trials_link_to_their_printed_registration_number(committed):
    daisy = set(committed.merged.objects(ADCKG["DAISY"], SKOS.exactMatch))
    assert daisy == {URIRef("https://identifiers.org/clinicaltrials:NCT04132960")}


def test_no_external_identifier_is_the_exact_match_of_two_entities(committed):
    owners: dict[URIRef, URIRef] = {}
    for subject, obj in committed.merged.subject_objects(SKOS.exactMatch):
        assert owners.setdefault(obj, subject) == subject, f"{obj}: {owners[obj]} and {subject}"


def test_an_antibody_and_its_conjugate_never_share_an_identifier(committed):
    pairs = [
        ("trastuzumab", "T-DM1"),
        ("trastuzumab", "T-DXd"),
        ("patritumab", "patritumab-deruxtecan"),
        ("zanidatamab", "zanidatamab-zovodotin"),
        ("disitamab", "disitamab-vedotin"),
    ]
    for antibody, adc in pairs:
        a = {o for p in PREDICATES.values() for o in committed.merged.objects(ADCKG[antibody], p)}
        b = {o for p in PREDICATES.values() for o in committed.merged.objects(ADCKG[adc], p)}
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
    with pytest.raises(InputError, match="no entity or class adckg:ERBB3"):
        mapping_graph(
            read_sssom(_write(tmp_path, ROW.replace("adckg:ERBB2", "adckg:ERBB3"))), labels
        )
    with pytest.raises(InputError, match="differs from the entity's label 'ERBB2'"):
        mapping_graph(
            read_sssom(_write(tmp_path, ROW.replace("\tERBB2\tskos", "\tHER2\tskos"))), labels
        )


def test_the_coverage_table_in_docs_is_the_graph_s(committed):
    from adckg.links.link_coverage import END, START, coverage_table
    from adckg.links.lookups import read_not_found

    page = (PROJECT.root / "docs" / "linking.md").read_text(encoding="utf-8")
    table = page.split(START, 1)[1].split(END, 1)[0]
    records = read_not_found(PROJECT.not_found_file)
    assert table == coverage_table(committed.merged, records), (
        "docs/linking.md coverage table is stale: run adckg links --write"
    )


def test_every_unlinked_entity_has_a_looked_up_record_with_its_label(committed):
    from adckg.links.link_coverage import curie, iri_of, unlinked
    from adckg.links.lookups import read_not_found

    records = read_not_found(PROJECT.not_found_file)
    recorded = {r.subject for r in records}
    missing = [curie(n) for n in unlinked(committed.merged) if curie(n) not in recorded]
    assert not missing, f"no not-found record for {missing}"
    for record in records:
        label = committed.merged.value(iri_of(record.subject), RDFS.label)
        assert label is not None and str(label) == record.label, record.subject


def test_a_near_miss_is_kept_out_of_the_graph(committed):
    rows = read_sssom(SSSOM).mappings
    near_miss = next(
        r
        for r in rows
        if r.negated and (r.subject_id, r.object_id) == ("adckg:trastuzumab", "DRUGBANK:DB05773")
    )
    assert near_miss.predicate_id == "skos:exactMatch"
    t_dm1 = URIRef("https://identifiers.org/drugbank:DB05773")
    linked = {s for p in PREDICATES.values() for s in committed.merged.subjects(p, t_dm1)}
    assert linked == {ADCKG["T-DM1"]}


def test_a_class_level_row_links_our_class(committed):
    from adckg.prefixes import ADCKO

    gene = set(committed.merged.objects(ADCKO["Gene"], SKOS.broadMatch))
    assert gene == {URIRef("http://purl.obolibrary.org/obo/SO_0000704")}


def test_negation_contradicting_a_mapping_is_refused(tmp_path):
    negated = _line(predicate_modifier="Not")
    with pytest.raises(InputError, match="negated here but mapped with the same predicate"):
        read_sssom(_write(tmp_path, ROW, negated))
    related = _line(predicate_id="skos:relatedMatch")
    assert len(read_sssom(_write(tmp_path, related, negated)).mappings) == 2


def test_unknown_predicate_modifier_is_refused(tmp_path):
    assert "predicate_modifier must be empty or 'Not'" in _error(
        tmp_path, _line(predicate_modifier="Never")
    )


def test_confidence_below_one_needs_two_named_copies(tmp_path):
    message = _error(tmp_path, _line(confidence="0.9"))
    assert "must name two independent ones" in message
    two = _line(confidence="0.9", comment="verified: copies; copy 1: a; copy 2: b")
    assert read_sssom(_write(tmp_path, two)).mappings[0].confidence_value == 0.9
    assert "confidence must be a number in (0, 1]" in _error(tmp_path, _line(confidence="1.5"))


def test_optional_columns_may_be_left_out_and_unknown_ones_are_refused(tmp_path):
    required = [c for c in FIELDS if c not in ("predicate_modifier", "confidence", "mapping_date")]
    row = "\t".join(FIELDS[c] for c in required)
    rows = read_sssom(_write(tmp_path, row, header="\t".join(required))).mappings
    assert rows[0].object_id == "HGNC:3430" and not rows[0].negated
    with pytest.raises(InputError, match="unknown column\\(s\\) colour"):
        read_sssom(_write(tmp_path, ROW + "\tred", header=HEADER + "\tcolour"))


def test_row_for_an_unknown_class_is_refused(tmp_path):
    row = _line(subject_id="adcko:Gene", subject_label="gene")
    labels = {URIRef("https://w3id.org/adckg/ontology/Gene"): "gene"}
    assert len(mapping_graph(read_sssom(_write(tmp_path, row)), labels)) == 3
    wrong = _line(subject_id="adcko:Gen", subject_label="gene")
    with pytest.raises(InputError, match="no entity or class adcko:Gen"):
        mapping_graph(read_sssom(_write(tmp_path, wrong)), labels)
