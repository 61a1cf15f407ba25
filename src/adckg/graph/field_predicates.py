"""Where each field of the curation schema goes in the graph, record kind by record kind.

The schema promises that no curated fact is dropped. This table says, for every
``(record, field)`` of ``schema/adckg-curation.yaml``, the predicate (or path of
predicates, from the record's node) that carries its value, or why the field steers the
build instead of stating a fact. A test walks the schema and the committed curation with
it: every field has an entry, and every value written is found in the release.

How a value is found (``match``):

- ``text``: a literal whose lexical form is the value (numbers compared as numbers);
- ``record``: the IRI of the record the id names;
- ``suffix``: an IRI that ends with the value (a source's part: ``section-3``);
- ``predicate``: the enum's meaning of the value is the predicate itself;
- ``node``: the field is the record's id, the last part of its node's IRI;
- ``meaning``: the ontology term the schema's enum gives as the value's meaning;
- ``contains``: a literal that contains the value (a value folded into a longer text);
- ``year``: a date literal of that year;
- ``present``: the predicate occurs (a flag whose truth adds a triple, a record held).
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import RDF, RDFS, URIRef
from rdflib.paths import Path

from adckg import vocab
from adckg.prefixes import ADCKO, BIBO, CITO, DCTERMS, FOAF, OA, ORG, SKOS


@dataclass(frozen=True)
class Emitted:
    """The field's value is in the graph, reached from the record's node by ``path``."""

    path: URIRef | Path | None  # None: the record's node itself
    match: str = "text"


@dataclass(frozen=True)
class Holds:
    """The field holds records (their own fields are checked); ``path`` links to them."""

    path: URIRef | Path | None = None


@dataclass(frozen=True)
class Steers:
    """The field tells the build how to work (where the text is, what to skip), not a fact."""

    why: str


Where = Emitted | Holds | Steers

LABEL = Emitted(RDFS.label)
TYPE = Emitted(RDF.type, "meaning")
NODE = Emitted(None, "node")
QUOTES = Holds(ADCKO.hasQuote)
ENDPOINT_ROLES = (
    ADCKO.hasEndpoint
    | ADCKO.hasPrimaryEndpoint
    | ADCKO.hasSecondaryEndpoint
    | ADCKO.hasExploratoryEndpoint
)

ENTITY: dict[str, Where] = {
    "id": NODE,
    "label": LABEL,
    "definition": Emitted(vocab.IAO_DEFINITION),
    "alt_labels": Emitted(SKOS.altLabel),
    "corrections": Holds(),
    "evidence": QUOTES,
    "curator_note": Emitted(vocab.IAO_EDITOR_NOTE),
}
FILE_LISTS = (
    "references genes proteins pathways alterations drugs approvals populations endpoints"
    " mechanisms strategies trials studies findings"
).split()

FIELDS: dict[str, dict[str, Where]] = {
    "CurationFile": {name: Holds() for name in FILE_LISTS},
    "SourceFile": {"source": Holds()},
    "Correction": {
        "printed": Emitted(SKOS.altLabel),
        "note": Emitted(SKOS.editorialNote),
    },
    "Quote": {
        "section": Emitted(ADCKO.inSection, "suffix"),
        "text": Emitted(OA.hasSelector / OA.exact),
        "refs": Emitted(CITO.citesAsEvidence, "present"),
        "source": Emitted(OA.hasSource / ADCKO.sha256, "present"),
    },
    "Entity": ENTITY,
    "Gene": {**ENTITY, "name": Emitted(SKOS.altLabel)},
    "Protein": {**ENTITY, "encoded_by": Emitted(ADCKO.encodedBy, "record")},
    "Pathway": ENTITY,
    "Alteration": {**ENTITY, "kind": TYPE, "of": Emitted(ADCKO.alterationOf, "record")},
    "Linker": {"kind": TYPE, "label": LABEL},
    "AdcDescription": {
        "antibody": Emitted(ADCKO.hasAntibody, "record"),
        "linker": Holds(ADCKO.hasLinker),
        "payload": Emitted(ADCKO.hasPayload, "record"),
        "dar": Emitted(ADCKO.drugToAntibodyRatio),
        "targets": Emitted(ADCKO.hasTarget, "record"),
        "bystander_effect": Emitted(ADCKO.hasBystanderEffect),
        "epitope": Emitted(ADCKO.bindsEpitope),
        "status": Emitted(ADCKO.hasDevelopmentStatus, "meaning"),
        "status_note": Emitted(ADCKO.statusNote),
    },
    "Drug": {
        **ENTITY,
        "kind": TYPE,
        "classes": TYPE,
        "isotype": Emitted(ADCKO.hasIsotype, "meaning"),
        "bispecific": Emitted(RDF.type, "present"),  # true: adcko:BispecificAntibody
        "payload_mechanism": Emitted(ADCKO.hasMechanismOfAction, "meaning"),
        "adc": Holds(),
    },
    "Approval": {
        "id": NODE,
        "drug": Emitted(ADCKO.concernsDrug, "record"),
        "agency": Emitted(ADCKO.issuedBy, "meaning"),
        "kind": Emitted(ADCKO.hasDecisionKind, "meaning"),
        "date": Emitted(ADCKO.decisionDate),
        "indication": Emitted(ADCKO.indication),
        "evidence": QUOTES,
    },
    "Population": ENTITY,
    "Endpoint": {**ENTITY, "abbreviation": Emitted(ADCKO.abbreviation)},
    "Mechanism": {
        **ENTITY,
        "categories": TYPE,
        "involves": Emitted(ADCKO.involves, "record"),
        "alteration": TYPE,
        "of": Emitted(ADCKO.alterationOf, "record"),
        "resistance_occurrence": Emitted(RDF.type, "present"),  # adcko:ResistanceOccurrence
    },
    "Strategy": {
        **ENTITY,
        "kind": TYPE,
        "drugs": Emitted(ADCKO.usesDrug, "record"),
        "drug_classes": Emitted(ADCKO.usesDrugClass, "meaning"),
        "overcomes": Emitted(ADCKO.aimsToOvercome, "record"),
        "tested_in": Emitted(ADCKO.testedIn, "record"),
        "rationale": Emitted(ADCKO.rationale),
    },
    "Cohort": {
        "id": NODE,
        "label": LABEL,
        "n": Emitted(ADCKO.sampleSize),
        "population": Emitted(ADCKO.studiesPopulation, "record"),
        "drugs": Emitted(ADCKO.usesDrug, "record"),
    },
    "TrialEndpoint": {
        # The role is the predicate itself (the enum's meaning); the endpoint its object.
        "endpoint": Emitted(ENDPOINT_ROLES, "record"),
        "role": Emitted(ENDPOINT_ROLES, "predicate"),
    },
    "Regimen": {
        "drug": Emitted(ADCKO.regimenDrug, "record"),
        "dose": Emitted(ADCKO.doseValue),
        "unit": Emitted(ADCKO.ucumUnit),
        "schedule": Emitted(ADCKO.schedule),
    },
    "TableRow": {
        "row": Emitted(ADCKO.rowNumber),
        "table": Emitted(DCTERMS.isPartOf / RDFS.label, "present"),
        "source": Emitted(DCTERMS.isPartOf / DCTERMS.isPartOf, "present"),
        "group": Emitted(ADCKO.rowGroup),
        "treatment": Emitted(ADCKO.printedTreatment),
        "phase": Emitted(ADCKO.printedPhase),
        "patients": Emitted(ADCKO.printedPatients),
        "design": Emitted(ADCKO.printedDesign),
        "endpoints": Emitted(ADCKO.printedEndpoints),
    },
    "Trial": {
        **ENTITY,
        "nct": Emitted(ADCKO.nctId),
        "phase": Emitted(ADCKO.hasPhase, "meaning"),
        "design": Emitted(ADCKO.studyDesign),
        "population_text": Emitted(ADCKO.populationDescription),
        "populations": Emitted(ADCKO.studiesPopulation, "record"),
        "drugs": Emitted(ADCKO.testsDrug, "record"),
        "cohorts": Holds(ADCKO.hasArm),
        "endpoints": Holds(),
        "regimens": Holds(ADCKO.hasRegimen),
        "planned_enrollment": Emitted(ADCKO.plannedEnrollment),
        "status": Emitted(ADCKO.trialStatus),
        "table1": Holds(ADCKO.hasTableRow),
    },
    "Study": {**ENTITY, "kind": TYPE, "n": Emitted(ADCKO.sampleSize)},
    "Measurement": {
        "measure": Emitted(ADCKO.measureName),
        "endpoint": Emitted(ADCKO.measuresEndpoint, "record"),
        "value": Emitted(ADCKO["value"]),
        "value_max": Emitted(ADCKO.valueMax),
        "unit": Emitted(ADCKO.ucumUnit),
        "approximate": Emitted(ADCKO.isApproximate, "present"),
        "n": Emitted(ADCKO["count"]),
        "total": Emitted(ADCKO.denominator),
        "ci_lower": Emitted(ADCKO.ciLower),
        "ci_upper": Emitted(ADCKO.ciUpper),
        "ci_level": Emitted(ADCKO.ciLevel),
        "p_value": Emitted(ADCKO.pValue),
        "arm": Emitted(ADCKO.forArm, "record"),
        "arm_text": Emitted(ADCKO.armDescription),
        "comparator": Emitted(ADCKO.hasComparator, "record"),
        "comparator_text": Emitted(ADCKO.comparatorDescription),
        "population": Emitted(ADCKO.inPopulation, "record"),
    },
    "Finding": {
        "id": NODE,
        "statement": Emitted(ADCKO.statement),
        "subjects": Emitted(ADCKO.hasSubject, "record"),
        "drugs": Emitted(ADCKO.concernsDrug, "record"),
        "involves": Emitted(ADCKO.involves, "record"),
        "direction": Emitted(ADCKO.hasDirection, "meaning"),
        "certainty": Emitted(ADCKO.hasCertainty, "meaning"),
        "certainty_wording": Emitted(ADCKO.certaintyWording),
        "evidence_type": Emitted(ADCKO.hasEvidence / RDF.type, "meaning"),
        # Stated timings and the curator's inferences are kept apart (two predicates).
        "timing": Emitted(ADCKO.hasResistanceTiming, "meaning"),
        "timing_basis": Emitted(ADCKO.curatorInferredResistanceTiming, "present"),
        "study": Emitted(ADCKO.inStudy, "record"),
        "trial": Emitted(ADCKO.inStudy, "record"),
        "population": Emitted(ADCKO.inPopulation, "record"),
        "measurements": Holds(ADCKO.hasMeasurement),
        "quotes": QUOTES,
        "curator_note": Emitted(vocab.IAO_EDITOR_NOTE),
    },
    "Section": {
        "id": NODE,
        "number": Emitted(ADCKO.sectionNumber),
        "title": LABEL,
        "heading": Steers(
            "the words that open the section in the text: they locate it, and the graph has"
            " the offsets found (oa:start, oa:end)"
        ),
    },
    "Exemption": {
        name: Steers("which paragraphs `adckg coverage` need not find a fact in")
        for name in ("section", "starts_with", "reason")
    },
    "Author": {
        "name": Emitted(DCTERMS.creator / RDFS.label),
        "given": Emitted(FOAF.givenName),
        "family": Emitted(FOAF.familyName),
        "affiliations": Emitted(ORG.memberOf, "present"),
        "corresponding": Emitted(ADCKO.correspondingAuthor, "present"),
    },
    "Review": {
        "id": NODE,
        "kind": TYPE,
        "default": Steers("which source a quote without `source:` belongs to"),
        "title": Emitted(DCTERMS.title),
        "doi": Emitted(BIBO.doi),
        "pmid": Emitted(BIBO.pmid),
        "pmcid": Emitted(DCTERMS.identifier, "contains"),
        "obtain": Steers("how a user gets the text, printed when it is missing"),
        "reference_count": Steers(
            "checks the curated references (the graph has one cito:cites per entry)"
        ),
        "tables": Steers("checks the curated table rows (in the graph, one node per row)"),
        "journal": Emitted(ADCKO.containerTitle),
        "year": Emitted(DCTERMS.issued, "year"),
        "volume": Emitted(BIBO.volume),
        "article_number": Emitted(BIBO.pages),
        "received": Emitted(DCTERMS.dateSubmitted),
        "revised": Emitted(DCTERMS.modified),
        "accepted": Emitted(DCTERMS.dateAccepted),
        "published": Emitted(DCTERMS.issued),
        "license": Emitted(DCTERMS.rights),
        "license_url": Emitted(DCTERMS.license, "contains"),
        "academic_editor": Emitted(BIBO.editor / RDFS.label),
        "keywords": Emitted(DCTERMS.subject),
        "authors": Holds(DCTERMS.creator),
        "affiliations": Emitted(ORG.memberOf / RDFS.label),
        "text_file": Steers("where the build looks for the text on this machine"),
        "text_sha256": Emitted(ADCKO.sha256),
        "sections": Holds(DCTERMS.isPartOf),
        "abbreviations": Holds(),
        "exemptions": Holds(),
    },
    "Reference": {
        "number": Emitted(ADCKO.referenceNumber),
        "source": Emitted(CITO.cites, "present"),
        "kind": TYPE,
        "authors": Emitted(ADCKO.authorsAsPrinted, "contains"),
        "et_al": Emitted(ADCKO.etAl),
        "title": Emitted(DCTERMS.title),
        "container": Emitted(ADCKO.containerTitle),
        "year": Emitted(DCTERMS.issued, "year"),
        "volume": Emitted(BIBO.volume),
        "pages": Emitted(BIBO.pages),
        "indexed_in": Emitted(ADCKO.indexedIn),
        "publisher": Emitted(DCTERMS.publisher),
        "place": Emitted(ADCKO.placeOfPublication),
        "url": Emitted(BIBO.uri),
        "accessed": Emitted(ADCKO.accessed),
        "trial_id": Emitted(DCTERMS.identifier),
        "editorial_note": Emitted(SKOS.editorialNote),
    },
    "TableSize": {
        "table_id": Steers("names a table section (in the graph as a section)"),
        "rows": Steers("checks the curated table rows (in the graph, one node per row)"),
    },
    "Abbreviation": {
        "short": Emitted(SKOS.editorialNote, "contains"),
        "expansion": Emitted(SKOS.editorialNote, "contains"),
    },
}
