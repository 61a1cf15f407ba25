"""Section 4 and Table 1, asserted from the review's text (expected values typed from it)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from rdflib import XSD, Literal

from adckg.prefixes import ADCKG, ADCKO, CITO

EXPECTED = Path(__file__).parent / "expected" / "table-1.tsv"


def _table_1() -> list[tuple]:
    """Table 1 as typed from the review (row, group, treatment, NCT and the other cells)."""
    lines = EXPECTED.read_text(encoding="utf-8").splitlines()[1:]
    return [(int(c[0]), *c[1:]) for c in (line.split("\t") for line in lines)]


TABLE_1 = _table_1()


def _rows(g):
    rows = {}
    for trial, row in g.subject_objects(ADCKO.hasTableRow):
        cells = (
            int(g.value(row, ADCKO.rowNumber)),
            str(g.value(row, ADCKO.rowGroup)),
            str(g.value(row, ADCKO.printedTreatment)),
            str(g.value(trial, ADCKO.nctId)),
            str(g.value(row, ADCKO.printedPhase)),
            str(g.value(row, ADCKO.printedPatients)),
            str(g.value(row, ADCKO.printedDesign)),
            str(g.value(row, ADCKO.printedEndpoints)),
        )
        rows[cells[0]] = cells
    return rows


def test_table_1_has_all_17_rows_exactly_as_printed(committed):
    rows = _rows(committed.merged)
    assert [rows[n] for n in sorted(rows)] == TABLE_1


def test_phase_iii_trials_of_table_1(committed):
    g = committed.merged
    phase3 = {
        str(g.value(t, ADCKO.nctId))
        for t in g.subjects(ADCKO.hasPhase, ADCKO.PhaseIII)
        if (t, ADCKO.hasTableRow, None) in g
    }
    assert phase3 == {"NCT03975647", "NCT04457596", "NCT04740918"}


def test_statin_cohort_median_pfs_with_cis_and_p(committed):
    g = committed.merged
    measurements = [
        m
        for f in g.subjects(ADCKO.concernsDrug, ADCKG["T-DM1"])
        for m in g.objects(f, ADCKO.hasMeasurement)
        if g.value(m, ADCKO.measuresEndpoint) == ADCKG["PFS"]
        and g.value(m, ADCKO.ciLower) is not None
    ]
    by_value = {g.value(m, ADCKO["value"]).toPython(): m for m in measurements}
    statin, none = by_value[Decimal("14")], by_value[Decimal("5.4")]
    assert g.value(statin, ADCKO.ciLower) == Literal("3.5", datatype=XSD.decimal)
    assert g.value(statin, ADCKO.ciUpper).toPython() == Decimal("24")
    assert g.value(none, ADCKO.ciLower).toPython() == Decimal("3.9")
    assert g.value(none, ADCKO.ciUpper) == Literal("7.0", datatype=XSD.decimal)
    assert g.value(statin, ADCKO.pValue).toPython() == Decimal("0.1")
    assert str(g.value(statin, ADCKO.ucumUnit)) == "mo"
    sizes = {int(n) for n in g.objects(None, ADCKO.sampleSize)}
    assert 164 in sizes


def test_t_dxd_mouse_model_finding_cites_reference_56(committed):
    g = committed.merged
    cites_56 = set(g.subjects(CITO.citesAsEvidence, ADCKG["ref-56"]))
    findings = [f for f in cites_56 if (f, ADCKO.hasDirection, None) in g]
    assert findings, "the T-DXd mouse-model finding [56] must cite reference 56"
    evidence = [g.value(f, ADCKO.hasEvidence) for f in findings]
    from rdflib import RDF

    from adckg.prefixes import OBO

    assert any((e, RDF.type, OBO.ECO_0000179) in g for e in evidence)


def test_combination_strategies_and_what_they_aim_to_overcome(committed):
    g = committed.merged
    strategies = set(g.subjects(ADCKO.aimsToOvercome, ADCKG["HER2-loss"]))
    assert ADCKG["ADC-plus-TKI"] in strategies
    assert (ADCKG["ADC-plus-statin"], ADCKO.aimsToOvercome, ADCKG["caveolae-endocytosis"]) in g
    trials = set(g.objects(ADCKG["ADC-plus-TKI"], ADCKO.testedIn))
    tested = {str(g.value(t, ADCKO.nctId)) for t in trials if g.value(t, ADCKO.nctId)}
    assert tested == {r[3] for r in TABLE_1 if r[1] == "ADCs + TKIs"}
    # and the phase 1b study of neratinib plus T-DM1 [48], which has no NCT number in the text
    assert ADCKG["neratinib-TDM1-phase1b"] in trials
