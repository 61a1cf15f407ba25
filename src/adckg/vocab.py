"""IRIs of ontology terms, and the mapping from curation keywords to them."""

from __future__ import annotations

from rdflib import URIRef

from adckg.prefixes import ADCKO, OBO

# Record kinds -> asserted class.
ENTITY_CLASS: dict[str, URIRef] = {
    "genes": ADCKO.Gene,
    "proteins": ADCKO.Protein,
    "pathways": ADCKO.Pathway,
    "populations": ADCKO.PatientPopulation,
    "endpoints": ADCKO.ClinicalEndpoint,
    "mechanisms": ADCKO.DrugResponseMechanism,
    "trials": ADCKO.ClinicalTrial,
}

DRUG_KIND: dict[str, URIRef] = {
    "adc": ADCKO.AntibodyDrugConjugate,
    "antibody": ADCKO.MonoclonalAntibody,
    "payload": ADCKO.Payload,
    "small-molecule": ADCKO.SmallMoleculeDrug,
    "other": ADCKO.Drug,
}

DRUG_CLASS: dict[str, URIRef] = {
    "anti-her2-antibody": ADCKO.AntiHER2Antibody,
    "tyrosine-kinase-inhibitor": ADCKO.TyrosineKinaseInhibitor,
    "immune-checkpoint-inhibitor": ADCKO.ImmuneCheckpointInhibitor,
    "immunomodulatory-antibody": ADCKO.ImmunomodulatoryAntibody,
    "statin": ADCKO.Statin,
    "hsp90-inhibitor": ADCKO.HSP90Inhibitor,
    "parp-inhibitor": ADCKO.PARPInhibitor,
    "atr-inhibitor": ADCKO.ATRInhibitor,
    "chk1-inhibitor": ADCKO.Chk1Inhibitor,
    "chemotherapy": ADCKO.ChemotherapyAgent,
    "taxane": ADCKO.Taxane,
}

ISOTYPE: dict[str, URIRef] = {"IgG1": ADCKO.IgG1, "IgG2": ADCKO.IgG2, "IgG4": ADCKO.IgG4}

PAYLOAD_MECHANISM: dict[str, URIRef] = {
    "anti-microtubule": ADCKO.AntiMicrotubuleAction,
    "top1-inhibitor": ADCKO.Topoisomerase1Inhibition,
    "dna-alkylating": ADCKO.DNAAlkylation,
}

LINKER_CLASS: dict[str, URIRef] = {
    "non-cleavable": ADCKO.NonCleavableLinker,
    "cleavable": ADCKO.CleavableLinker,
    "acid-labile": ADCKO.AcidLabileLinker,
    "disulfide": ADCKO.DisulfideLinker,
    "protease-cleavable": ADCKO.ProteaseCleavableLinker,
}

DEVELOPMENT_STATUS: dict[str, URIRef] = {
    "approved": ADCKO.StatusApproved,
    "in-clinical-development": ADCKO.StatusInClinicalDevelopment,
    "halted": ADCKO.StatusHalted,
    "preclinical": ADCKO.StatusPreclinical,
}

AGENCY: dict[str, URIRef] = {"FDA": ADCKO.FDA, "EMA": ADCKO.EMA}

DECISION_KIND: dict[str, URIRef] = {
    "approval": ADCKO.Approval,
    "accelerated-approval": ADCKO.AcceleratedApproval,
    "fast-track-designation": ADCKO.FastTrackDesignation,
}

ALTERATION_CLASS: dict[str, URIRef] = {
    "loss-of-function": ADCKO.LossOfFunction,
    "hemizygous-deletion": ADCKO.HemizygousDeletion,
    "mutation": ADCKO.Mutation,
    "truncated-form": ADCKO.TruncatedForm,
    "overexpression": ADCKO.Overexpression,
    "loss-of-expression": ADCKO.LossOfExpression,
    "decreased-expression": ADCKO.DecreasedExpression,
    "activation": ADCKO.Activation,
    "silencing": ADCKO.Silencing,
    "knockout": ADCKO.Knockout,
    "altered-form": ADCKO.AlteredForm,
}

MECHANISM_CATEGORY: dict[str, URIRef] = {
    "receptor-related": ADCKO.ReceptorRelatedMechanism,
    "intracellular": ADCKO.IntracellularMechanism,
    "antibody-related": ADCKO.AntibodyRelatedMechanism,
    "payload-related": ADCKO.PayloadRelatedMechanism,
}

STRATEGY_CLASS: dict[str, URIRef] = {
    "combination": ADCKO.CombinationStrategy,
    "next-generation-adc": ADCKO.NextGenerationADCStrategy,
    "sequencing": ADCKO.SequencingStrategy,
}

PHASE: dict[str, URIRef] = {
    "I": ADCKO.PhaseI,
    "I/Ib": ADCKO.PhaseI_Ib,
    "Ib": ADCKO.PhaseIb,
    "Ib/II": ADCKO.PhaseIbII,
    "I/II": ADCKO.PhaseI_II,
    "II": ADCKO.PhaseII,
    "III": ADCKO.PhaseIII,
}

ENDPOINT_ROLE: dict[str | None, URIRef] = {
    None: ADCKO.hasEndpoint,
    "primary": ADCKO.hasPrimaryEndpoint,
    "secondary": ADCKO.hasSecondaryEndpoint,
    "exploratory": ADCKO.hasExploratoryEndpoint,
}

STUDY_CLASS: dict[str, URIRef] = {
    "in-vitro": ADCKO.InVitroStudy,
    "animal-model": ADCKO.AnimalModelStudy,
    "patient-derived-xenograft": ADCKO.PatientDerivedXenograftStudy,
    "retrospective-cohort": ADCKO.RetrospectiveCohortStudy,
}

DIRECTION: dict[str, URIRef] = {
    "confers-resistance": ADCKO.ConfersResistance,
    "increases-sensitivity": ADCKO.IncreasesSensitivity,
    "no-resistance": ADCKO.NoResistance,
    "overcomes-resistance": ADCKO.OvercomesResistance,
    "shows-activity": ADCKO.ShowsActivity,
    "descriptive": ADCKO.Descriptive,
}

CERTAINTY: dict[str, URIRef] = {
    "established": ADCKO.Established,
    "demonstrated-clinically": ADCKO.DemonstratedClinically,
    "demonstrated-preclinically": ADCKO.DemonstratedPreclinically,
    "suggested": ADCKO.Suggested,
    "hypothesised": ADCKO.Hypothesised,
    "not-fully-proved": ADCKO.NotFullyProved,
    "not-fully-evaluated": ADCKO.NotFullyEvaluated,
}

TIMING: dict[str, URIRef] = {
    "primary": ADCKO.PrimaryResistance,
    "acquired": ADCKO.AcquiredResistance,
}

# Evidence type -> the ECO class its evidence node is typed with. Each ECO id was
# checked next to its label in ECO's eco-basic.obo; local classes where ECO has none.
EVIDENCE_CLASS: dict[str, URIRef] = {
    "in-vitro": OBO.ECO_0000181,
    "animal-model": OBO.ECO_0000179,
    "clinical-trial": OBO.ECO_0000180,
    "trial-exploratory-analysis": ADCKO.TrialExploratoryAnalysisEvidence,
    "retrospective-cohort": ADCKO.RetrospectiveCohortEvidence,
    "author-statement": OBO.ECO_0000204,
}

# CIViC's A-E scale derived from evidence type (docs/model.md: "Evidence types and levels").
CIVIC_LEVEL: dict[str, URIRef] = {
    "clinical-trial": ADCKO.CivicLevelB,
    "trial-exploratory-analysis": ADCKO.CivicLevelB,
    "retrospective-cohort": ADCKO.CivicLevelB,
    "in-vitro": ADCKO.CivicLevelD,
    "animal-model": ADCKO.CivicLevelD,
    "author-statement": ADCKO.CivicLevelE,
}

PUBLICATION_CLASS: dict[str, URIRef] = {
    "journal-article": ADCKO.JournalArticle,
    "conference-abstract": ADCKO.ConferenceAbstract,
    "web-page": ADCKO.WebPage,
    "book-chapter": ADCKO.BookChapter,
    "poster": ADCKO.Poster,
}

IAO_DEFINITION = OBO.IAO_0000115
IAO_EDITOR_NOTE = OBO.IAO_0000116
