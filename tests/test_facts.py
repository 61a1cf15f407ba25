"""Facts of the review, read back from the committed graph (expected values from the text)."""

from __future__ import annotations

from decimal import Decimal

from rdflib import RDF, XSD, Literal

from adckg.prefixes import ADCKG, ADCKO

from .constants import DAISY, DERUXTECAN, DM1, HER2, T_DM1, T_DXD


def test_t_dm1_has_a_dar_of_3_5_as_a_typed_decimal(committed):
    dar = committed.merged.value(T_DM1, ADCKO.drugToAntibodyRatio)
    assert dar == Literal("3.5", datatype=XSD.decimal)
    assert dar.toPython() == Decimal("3.5")


def test_t_dxd_has_a_dar_of_8_and_a_cleavable_linker_and_deruxtecan(committed):
    g = committed.merged
    assert g.value(T_DXD, ADCKO.drugToAntibodyRatio).toPython() == Decimal("8")
    linker = g.value(T_DXD, ADCKO.hasLinker)
    assert (linker, RDF.type, ADCKO.CleavableLinker) in g
    assert g.value(T_DXD, ADCKO.hasPayload) == DERUXTECAN
    assert (DERUXTECAN, ADCKO.hasMechanismOfAction, ADCKO.Topoisomerase1Inhibition) in g


def test_t_dm1_components(committed):
    g = committed.merged
    assert g.value(T_DM1, ADCKO.hasAntibody) == ADCKG["trastuzumab"]
    assert g.value(T_DM1, ADCKO.hasPayload) == DM1
    assert (T_DM1, ADCKO.hasTarget, HER2) in g
    assert (ADCKG["trastuzumab"], ADCKO.hasIsotype, ADCKO.IgG1) in g
    assert (g.value(T_DM1, ADCKO.hasLinker), RDF.type, ADCKO.NonCleavableLinker) in g


def test_reasoner_classifies_t_dm1_as_adc_with_non_cleavable_linker(committed):
    assert (T_DM1, RDF.type, ADCKO.ADCWithNonCleavableLinker) in committed.inferred
    assert (T_DM1, RDF.type, ADCKO.AntiMicrotubuleADC) in committed.inferred
    assert (T_DXD, RDF.type, ADCKO.Topoisomerase1InhibitorADC) in committed.inferred
    assert (T_DXD, RDF.type, ADCKO.ADCWithCleavableLinker) in committed.inferred
    # asserted and inferred stay apart
    assert (T_DM1, RDF.type, ADCKO.ADCWithNonCleavableLinker) not in committed.assertions


def test_reasoner_finds_slx4_loss_a_resistance_mechanism_with_clinical_evidence(committed):
    slx4 = ADCKG["SLX4-loss"]
    assert (slx4, RDF.type, ADCKO.ResistanceMechanism) in committed.inferred
    assert (slx4, RDF.type, ADCKO.ClinicallySupportedMechanism) in committed.inferred
    assert (slx4, RDF.type, ADCKO.PreclinicallySupportedMechanism) in committed.inferred


def test_daisy_trial_design(committed):
    g = committed.merged
    assert g.value(DAISY, ADCKO.nctId) == Literal("NCT04132960")
    assert g.value(DAISY, ADCKO.hasPhase) == ADCKO.PhaseII
    sizes = sorted(int(g.value(arm, ADCKO.sampleSize)) for arm in g.objects(DAISY, ADCKO.hasArm))
    assert sizes == [40, 72, 74]
    assert g.value(DAISY, ADCKO.hasPrimaryEndpoint) == ADCKG["BOR"]
    regimen = g.value(DAISY, ADCKO.hasRegimen)
    assert g.value(regimen, ADCKO.doseValue) == Literal("5.4", datatype=XSD.decimal)
    assert str(g.value(regimen, ADCKO.ucumUnit)) == "mg/kg"


def test_daisy_her2_decrease_at_progression_13_of_20(committed):
    g = committed.merged
    finding = ADCKG["daisy-HER2-decrease-at-PD"]
    assert g.value(finding, ADCKO.hasDirection) == ADCKO.ConfersResistance
    assert g.value(finding, ADCKO.hasResistanceTiming) == ADCKO.AcquiredResistance
    m = g.value(finding, ADCKO.hasMeasurement)
    assert g.value(m, ADCKO["count"]).toPython() == 13
    assert g.value(m, ADCKO.denominator).toPython() == 20
    assert g.value(m, ADCKO["value"]) == Literal("65.0", datatype=XSD.decimal)
    assert str(g.value(m, ADCKO.ucumUnit)) == "%"


def test_daisy_bor_of_her2_low_cohort_is_37_5_percent_not_rounded(committed):
    g = committed.merged
    finding = ADCKG["daisy-bor-pfs"]
    values = {
        (str(g.value(m, ADCKO.forArm)).rsplit("/", 1)[-1], str(g.value(m, ADCKO.measureName))): str(
            g.value(m, ADCKO["value"])
        )
        for m in g.objects(finding, ADCKO.hasMeasurement)
        if g.value(m, ADCKO.forArm) is not None
    }
    assert values[("DAISY-cohort-HER2-low", "best objective response rate")] == "37.5"
    assert values[("DAISY-cohort-HER2-positive", "median progression-free survival")] == "11.1"


def test_typos_are_normalised_with_the_printed_form_kept(committed):
    g = committed.merged
    from adckg.prefixes import SKOS

    assert Literal("TDM-1", lang="en") in set(g.objects(T_DM1, SKOS.altLabel))
    assert Literal("LSC46A3", lang="en") in set(g.objects(ADCKG["SLC46A3"], SKOS.altLabel))
    notes = " ".join(str(n) for n in g.objects(ADCKG["zanidatamab-zovodotin"], SKOS.editorialNote))
    assert "zodovotin" in notes and "reference 66" in notes


def test_findings_cite_the_references_the_text_cites(committed):
    from adckg.prefixes import CITO

    g = committed.merged
    cited = set(g.objects(ADCKG["SLX4-depletion-DXd-in-vitro"], CITO.citesAsEvidence))
    assert cited == {ADCKG["ref-43"]}
    assert (ADCKG["ref-43"], ADCKO.referenceNumber, Literal("43", datatype=XSD.integer)) in g


def test_all_76_references_are_in_the_graph(committed):
    numbers = sorted(int(n) for n in committed.merged.objects(None, ADCKO.referenceNumber))
    assert numbers == list(range(1, 77))
