"""Hard facts of sections 2, 5, 6 and 7, asserted from the review's text.

Measurements are found by what they are (endpoint, unit, value) rather than by record
id, so the tests state the review's numbers, not the curation's layout.
"""

from __future__ import annotations

from decimal import Decimal

from rdflib import XSD, Literal

from adckg.prefixes import ADCKG, ADCKO, CITO


def measurements(g, **wanted):
    """Measurements whose listed properties have the given values (decimals as Decimal)."""
    found = []
    for m in g.subjects(ADCKO.measureName, None):
        ok = True
        for name, value in wanted.items():
            actual = g.value(m, ADCKO[name])
            if actual is None:
                ok = False
            elif isinstance(value, Decimal):
                ok = ok and isinstance(actual, Literal) and actual.toPython() == value
            else:
                ok = ok and actual == value
        if ok:
            found.append(m)
    return found


def finding_of(g, m):
    return g.value(None, ADCKO.hasMeasurement, m)


# ---- section 5 ---------------------------------------------------------------------


def test_tulip_median_pfs_and_hazard_ratio(committed):
    g = committed.merged
    (hr,) = measurements(g, value=Decimal("0.64"), measuresEndpoint=ADCKG["PFS"])
    assert g.value(hr, ADCKO.ciLower) == Literal("0.49", datatype=XSD.decimal)
    assert g.value(hr, ADCKO.ciUpper) == Literal("0.84", datatype=XSD.decimal)
    assert g.value(hr, ADCKO.ciLevel).toPython() == Decimal("95")
    assert g.value(hr, ADCKO.pValue).toPython() == Decimal("0.002")
    assert str(g.value(hr, ADCKO.ucumUnit)) == "1"
    finding = finding_of(g, hr)
    assert g.value(finding, ADCKO.inStudy) == ADCKG["TULIP"]
    assert ADCKG["ref-63"] in set(g.objects(finding, CITO.citesAsEvidence))
    months = {
        g.value(m, ADCKO["value"]).toPython()
        for m in g.objects(finding, ADCKO.hasMeasurement)
        if str(g.value(m, ADCKO.ucumUnit)) == "mo"
    }
    assert {Decimal("7.0"), Decimal("4.9")} <= months


def test_tulip_discontinuation_35_vs_10_percent(committed):
    g = committed.merged
    values = {
        g.value(m, ADCKO["value"]).toPython()
        for m in measurements(g, measuresEndpoint=ADCKG["discontinuation-AE"])
    }
    assert values == {Decimal("35"), Decimal("10")}


def test_trastuzumab_duocarmazine_numbers(committed):
    g = committed.merged
    (fold,) = measurements(g, value=Decimal("10"), valueMax=Decimal("70"))
    assert g.value(fold, ADCKO.hasComparator) == ADCKG["T-DM1"]
    (orr,) = measurements(g, value=Decimal("40"), measuresEndpoint=ADCKG["ORR"])
    assert str(g.value(orr, ADCKO.ucumUnit)) == "%"
    (low,) = measurements(g, value=Decimal("28"), measuresEndpoint=ADCKG["ORR"])
    assert g.value(g.value(low, ADCKO.forArm), ADCKO.sampleSize).toPython() == 47


def test_patritumab_deruxtecan_subgroup_of_14(committed):
    g = committed.merged
    (orr,) = measurements(g, value=Decimal("43"), measuresEndpoint=ADCKG["ORR"])
    (dcr,) = measurements(g, value=Decimal("93"), measuresEndpoint=ADCKG["DCR"])
    assert finding_of(g, orr) == finding_of(g, dcr)
    assert ADCKG["patritumab-deruxtecan"] in set(g.objects(finding_of(g, orr), ADCKO.concernsDrug))
    trial = g.value(None, ADCKO.nctId, Literal("NCT04699630"))
    assert g.value(trial, ADCKO.plannedEnrollment).toPython() == 120
    assert g.value(trial, ADCKO.hasPhase) == ADCKO.PhaseII


def test_next_generation_trials_and_their_phases(committed):
    g = committed.merged
    phases = {
        str(g.value(t, ADCKO.nctId)): g.value(t, ADCKO.hasPhase)
        for t in g.subjects(ADCKO.nctId, None)
    }
    assert phases["NCT04400695"] == ADCKO.PhaseIII
    assert phases["NCT03821233"] == ADCKO.PhaseI


# ---- section 6 ---------------------------------------------------------------------


def test_destiny_breast03_pfs2(committed):
    g = committed.merged
    (hr,) = measurements(g, value=Decimal("0.47"))
    assert g.value(hr, ADCKO.measuresEndpoint) == ADCKG["PFS2"]
    assert (g.value(hr, ADCKO.ciLower), g.value(hr, ADCKO.ciUpper)) == (
        Literal("0.35", datatype=XSD.decimal),
        Literal("0.62", datatype=XSD.decimal),
    )
    months = {
        g.value(m, ADCKO["value"]).toPython()
        for m in measurements(g, measuresEndpoint=ADCKG["PFS2"], ucumUnit=Literal("mo"))
    }
    assert months == {Decimal("40"), Decimal("26")}


def test_35_percent_of_t_dxd_arm_received_t_dm1(committed):
    g = committed.merged
    hits = [
        m
        for m in measurements(g, value=Decimal("35"), ucumUnit=Literal("%"))
        if g.value(m, ADCKO.measuresEndpoint) != ADCKG["discontinuation-AE"]
    ]
    assert len(hits) == 1
    assert ADCKG["T-DM1"] in set(g.objects(finding_of(g, hits[0]), ADCKO.concernsDrug))


def test_nf1_prevalence_and_ic50(committed):
    g = committed.merged
    (prevalence,) = measurements(g, value=Decimal("8"), ucumUnit=Literal("%"))
    assert g.value(prevalence, ADCKO.isApproximate).toPython() is True
    (knockout,) = measurements(g, value=Decimal("0.3"), measuresEndpoint=ADCKG["IC50"])
    assert g.value(knockout, ADCKO.isApproximate).toPython() is True
    assert str(g.value(knockout, ADCKO.ucumUnit)) == "ug/mL"
    (wild_type,) = measurements(g, value=Decimal("1.6"), measuresEndpoint=ADCKG["IC50"])
    finding = finding_of(g, knockout)
    assert g.value(finding, ADCKO.hasDirection) == ADCKO.IncreasesSensitivity
    assert finding == finding_of(g, wild_type)


def test_mapk_pi3k_alterations_resist_trastuzumab_but_not_adcs(committed):
    g = committed.merged
    mechanism = ADCKG["MAPK-PI3K-downstream-alterations"]
    by_direction: dict = {}
    for finding in g.subjects(ADCKO.hasSubject, mechanism):
        direction = g.value(finding, ADCKO.hasDirection)
        by_direction.setdefault(direction, set()).update(g.objects(finding, ADCKO.concernsDrug))
    assert {ADCKG["trastuzumab"], ADCKG["pertuzumab"]} <= by_direction[ADCKO.ConfersResistance]
    assert {ADCKG["T-DM1"], ADCKG["T-DXd"]} <= by_direction[ADCKO.NoResistance]
    assert not by_direction[ADCKO.ConfersResistance] & {ADCKG["T-DM1"], ADCKG["T-DXd"]}


# ---- section 2 ---------------------------------------------------------------------


def test_pten_loss_in_almost_half_of_mbc(committed):
    g = committed.merged
    (pten,) = measurements(g, value=Decimal("50"), ucumUnit=Literal("%"))
    assert g.value(pten, ADCKO.isApproximate).toPython() is True
    assert ADCKG["ref-40"] in set(g.objects(finding_of(g, pten), CITO.citesAsEvidence))


def test_slc46a3_loss_acquired_resistance_in_vitro(committed):
    g = committed.merged
    findings = set(g.subjects(ADCKO.involves, ADCKG["SLC46A3"])) | set(
        g.subjects(ADCKO.involves, ADCKG["SLC46A3-loss"])
    )
    acquired = [
        f for f in findings if g.value(f, ADCKO.hasResistanceTiming) == ADCKO.AcquiredResistance
    ]
    assert acquired
    from rdflib import RDF

    from adckg.prefixes import OBO

    assert any((g.value(f, ADCKO.hasEvidence), RDF.type, OBO.ECO_0000181) in g for f in acquired), (
        "SLC46A3 loss is shown 'in in vitro models'"
    )


def test_endophilin_a2_increases_sensitivity_to_trastuzumab_and_t_dm1(committed):
    g = committed.merged
    findings = [
        f
        for f in g.subjects(ADCKO.hasSubject, ADCKG["endophilin-A2-endocytosis"])
        if g.value(f, ADCKO.hasDirection) == ADCKO.IncreasesSensitivity
    ]
    drugs = {d for f in findings for d in g.objects(f, ADCKO.concernsDrug)}
    assert {ADCKG["T-DM1"], ADCKG["trastuzumab"]} <= drugs
    from rdflib import RDF

    assert (ADCKG["endophilin-A2-endocytosis"], RDF.type, ADCKO.SensitivityFactor) in g


def test_not_fully_evaluated_t_dm1_mechanisms(committed):
    g = committed.merged
    for mechanism in (
        "EGFR-overexpression-mechanism",
        "STAT3-activation-mechanism",
        "ROR2-overexpression-mechanism",
        "tubulin-alterations",
    ):
        certainties = {
            g.value(f, ADCKO.hasCertainty) for f in g.subjects(ADCKO.hasSubject, ADCKG[mechanism])
        }
        assert ADCKO.NotFullyEvaluated in certainties, mechanism


def test_receptor_related_mechanisms_not_fully_proved_cite_29_to_31(committed):
    g = committed.merged
    for mechanism in ("p95HER2-truncation", "MUC4-masking", "HER2-kinase-domain-mutations"):
        findings = [
            f
            for f in g.subjects(ADCKO.hasSubject, ADCKG[mechanism])
            if g.value(f, ADCKO.hasCertainty) == ADCKO.NotFullyProved
        ]
        assert findings, mechanism
        cited = {c for f in findings for c in g.objects(f, CITO.citesAsEvidence)}
        assert {ADCKG["ref-29"], ADCKG["ref-30"], ADCKG["ref-31"]} <= cited
