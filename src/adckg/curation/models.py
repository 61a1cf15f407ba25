"""The curation record schema: what a curator may write in ``kg/curation/*.yaml``.

Every model forbids unknown fields so a misspelt key is an error, not a silently
dropped fact. Numbers that carry meaning are kept as :class:`~decimal.Decimal`
parsed from the YAML text itself, so ``7.0`` stays ``7.0`` (never rounded).
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9-]*$"
NCT_PATTERN = r"^NCT[0-9]{8}$"

RecordId = Annotated[str, Field(pattern=ID_PATTERN)]

# Controlled vocabularies; the ontology defines one individual per value.
Direction = Literal[
    "confers-resistance",
    "increases-sensitivity",
    "no-resistance",
    "overcomes-resistance",
    "shows-activity",
    "descriptive",
]
Certainty = Literal[
    "established",
    "demonstrated-clinically",
    "demonstrated-preclinically",
    "suggested",
    "hypothesised",
    "not-fully-proved",
    "not-fully-evaluated",
]
EvidenceType = Literal[
    "in-vitro",
    "animal-model",
    "clinical-trial",
    "trial-exploratory-analysis",
    "retrospective-cohort",
    "author-statement",
]
Timing = Literal["primary", "acquired"]
TimingBasis = Literal["stated", "curator-inference"]
MechanismCategory = Literal[
    "receptor-related", "intracellular", "antibody-related", "payload-related"
]
LinkerKind = Literal["non-cleavable", "cleavable", "acid-labile", "disulfide", "protease-cleavable"]
PayloadMechanism = Literal["anti-microtubule", "top1-inhibitor", "dna-alkylating"]
DrugClass = Literal[
    "anti-her2-antibody",
    "tyrosine-kinase-inhibitor",
    "immune-checkpoint-inhibitor",
    "immunomodulatory-antibody",
    "statin",
    "hsp90-inhibitor",
    "parp-inhibitor",
    "atr-inhibitor",
    "chk1-inhibitor",
    "chemotherapy",
    "taxane",
]
DevelopmentStatus = Literal["approved", "in-clinical-development", "halted", "preclinical"]
ApprovalKind = Literal["approval", "accelerated-approval", "fast-track-designation"]
Agency = Literal["FDA", "EMA"]
AlterationKind = Literal[
    "loss-of-function",
    "hemizygous-deletion",
    "mutation",
    "truncated-form",
    "overexpression",
    "loss-of-expression",
    "decreased-expression",
    "activation",
    "silencing",
    "knockout",
    "altered-form",
]
Phase = Literal["I", "I/Ib", "Ib", "Ib/II", "I/II", "II", "III"]
EndpointRole = Literal["primary", "secondary", "exploratory"]
StudyKind = Literal["in-vitro", "animal-model", "patient-derived-xenograft", "retrospective-cohort"]
StrategyKind = Literal["combination", "next-generation-adc", "sequencing"]
ReferenceKind = Literal[
    "journal-article", "conference-abstract", "web-page", "book-chapter", "poster"
]


def _calendar_date(text: str) -> str:
    """A year, year-month or full date that exists on the calendar (no month 13, no 30 Feb)."""
    if not isinstance(text, str) or not re.fullmatch(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?", text):
        raise ValueError("write a date as YYYY, YYYY-MM or YYYY-MM-DD, in quotes")
    parts = [int(p) for p in text.split("-")]
    if len(parts) >= 2 and not 1 <= parts[1] <= 12:
        raise ValueError(f"'{text}' has month {parts[1]:02d}; months are 01-12")
    if len(parts) == 3:
        try:
            date(*parts)
        except ValueError:
            last = calendar.monthrange(parts[0], parts[1])[1]
            raise ValueError(
                f"'{text}' is not a day of the calendar ({parts[0]}-{parts[1]:02d} has {last} days)"
            ) from None
    return text


DateText = Annotated[str, AfterValidator(_calendar_date)]


class Record(BaseModel):
    """Base of all curation records: strict, no stray keys."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Correction(Record):
    """A typo in the review: the printed form is kept as an alternative label."""

    printed: str
    note: str


class Quote(Record):
    """A verbatim excerpt of a source, located by its section.

    ``source`` names a registered source (``kg/sources/``); without it the quote
    belongs to the default source. Reference numbers are checked against that
    source's reference list when the curation is loaded.
    """

    section: str
    text: str = Field(min_length=10)
    refs: list[Annotated[int, Field(ge=1)]] = Field(default_factory=list)
    source: RecordId | None = None


class Entity(Record):
    """Fields shared by every named thing in the graph."""

    id: RecordId
    label: str = Field(min_length=1)
    definition: str | None = None
    alt_labels: list[str] = Field(default_factory=list)
    corrections: list[Correction] = Field(default_factory=list)
    evidence: list[Quote] = Field(default_factory=list)
    curator_note: str | None = None


class Gene(Entity):
    """A gene, labelled by its official symbol."""

    name: str | None = None


class Protein(Entity):
    """A protein or protein family member named in the review."""

    encoded_by: RecordId | None = None


class Pathway(Entity):
    """A signalling pathway or cellular process (PI3K/AKT, MAPK...)."""


class Alteration(Entity):
    """A change of a gene or protein (mutation, loss, overexpression...)."""

    kind: AlterationKind
    of: RecordId


class Linker(Record):
    """The linker of one ADC."""

    kind: LinkerKind
    label: str | None = None


class AdcDescription(Record):
    """Components and properties of an antibody-drug conjugate."""

    antibody: RecordId | None = None
    linker: Linker | None = None
    payload: RecordId | None = None
    dar: Decimal | None = None
    targets: list[RecordId] = Field(default_factory=list)
    bystander_effect: bool | None = None
    epitope: str | None = None
    status: DevelopmentStatus | None = None
    status_note: str | None = None


class Drug(Entity):
    """A drug: ADC, antibody, payload or other agent."""

    kind: Literal["adc", "antibody", "payload", "small-molecule", "other"]
    classes: list[DrugClass] = Field(default_factory=list)
    isotype: Literal["IgG1", "IgG2", "IgG4"] | None = None
    bispecific: bool = False
    payload_mechanism: PayloadMechanism | None = None
    adc: AdcDescription | None = None

    @model_validator(mode="after")
    def _kind_fields(self) -> Drug:
        if self.kind == "adc" and self.adc is None:
            raise ValueError("an ADC needs an 'adc:' block (antibody, linker, payload, dar)")
        if self.kind != "adc" and self.adc is not None:
            raise ValueError("only kind 'adc' may have an 'adc:' block")
        if self.payload_mechanism is not None and self.kind != "payload":
            raise ValueError("'payload_mechanism' is only for kind 'payload'")
        return self


class Approval(Record):
    """A regulatory decision on a drug."""

    id: RecordId
    drug: RecordId
    agency: Agency | None = None
    kind: ApprovalKind
    date: DateText | None = None
    indication: str | None = None
    evidence: list[Quote] = Field(min_length=1)


class Population(Entity):
    """A patient population or disease setting."""


class Endpoint(Entity):
    """A trial endpoint or measured outcome (ORR, PFS...)."""

    abbreviation: str | None = None


class Mechanism(Entity):
    """A resistance mechanism or sensitivity factor as the review names it."""

    categories: list[MechanismCategory] = Field(default_factory=list)
    involves: list[RecordId] = Field(default_factory=list)
    alteration: AlterationKind | None = None
    of: RecordId | None = None
    resistance_occurrence: bool = False

    @model_validator(mode="after")
    def _alteration_and_of(self) -> Mechanism:
        if (self.alteration is None) != (self.of is None):
            raise ValueError(
                "a mechanism that is itself an alteration needs both 'alteration' (its kind)"
                " and 'of' (the gene, protein or pathway altered)"
            )
        return self


class Strategy(Entity):
    """A therapeutic strategy to overcome or prevent resistance."""

    kind: StrategyKind
    drugs: list[RecordId] = Field(default_factory=list)
    drug_classes: list[DrugClass] = Field(default_factory=list)
    overcomes: list[RecordId] = Field(default_factory=list)
    tested_in: list[RecordId] = Field(default_factory=list)
    rationale: str | None = None


class Cohort(Record):
    """A cohort or arm of a trial."""

    id: RecordId
    label: str
    n: int | None = Field(default=None, ge=0)
    population: RecordId | None = None
    drugs: list[RecordId] = Field(default_factory=list)


class TrialEndpoint(Record):
    """An endpoint measured by a trial, with its role."""

    endpoint: RecordId
    role: EndpointRole | None = None


class Regimen(Record):
    """Dose and schedule of a drug in a trial."""

    drug: RecordId
    dose: Decimal
    unit: str
    schedule: str | None = None


class TableRow(Record):
    """A row of a source's table, every cell as printed (the row count is the source's)."""

    row: int = Field(ge=1)
    table: str = "table-1"
    source: RecordId | None = None
    group: str
    treatment: str
    phase: str
    patients: str
    design: str
    endpoints: str


class Trial(Entity):
    """A clinical trial."""

    nct: Annotated[str, Field(pattern=NCT_PATTERN)] | None = None
    phase: Phase | None = None
    design: str | None = None
    population_text: str | None = None
    populations: list[RecordId] = Field(default_factory=list)
    drugs: list[RecordId] = Field(default_factory=list)
    cohorts: list[Cohort] = Field(default_factory=list)
    endpoints: list[TrialEndpoint] = Field(default_factory=list)
    regimens: list[Regimen] = Field(default_factory=list)
    planned_enrollment: int | None = Field(default=None, ge=0)
    status: Literal["ongoing", "completed", "halted"] | None = None
    table1: TableRow | None = None


class Study(Entity):
    """A preclinical model or an observational study."""

    kind: StudyKind
    n: int | None = Field(default=None, ge=0)


class Measurement(Record):
    """One number the review reports, with everything needed to read it."""

    measure: str = Field(min_length=1)
    endpoint: RecordId | None = None
    value: Decimal | None = None
    value_max: Decimal | None = None
    unit: str | None = None
    approximate: bool = False
    n: int | None = Field(default=None, ge=0)
    total: int | None = Field(default=None, ge=0)
    ci_lower: Decimal | None = None
    ci_upper: Decimal | None = None
    ci_level: Decimal | None = None
    p_value: Decimal | None = None
    arm: RecordId | None = None
    arm_text: str | None = None
    comparator: RecordId | None = None
    comparator_text: str | None = None
    population: RecordId | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Measurement:
        if self.value is None and self.n is None and self.p_value is None:
            raise ValueError("a measurement needs a 'value', a count 'n' or a 'p_value'")
        if self.value is not None and self.unit is None:
            raise ValueError(
                "a measurement 'value' needs a 'unit' (UCUM code, e.g. '%', 'mo', '1')"
            )
        if (self.ci_lower is None) != (self.ci_upper is None):
            raise ValueError("give both 'ci_lower' and 'ci_upper', or neither")
        if self.ci_lower is not None and self.ci_level is None:
            raise ValueError("a confidence interval needs its 'ci_level' (e.g. 95)")
        if self.n is not None and self.total is not None and self.n > self.total:
            raise ValueError(f"n ({self.n}) cannot exceed total ({self.total})")
        return self


class Finding(Record):
    """An n-ary statement of the review, with its provenance."""

    id: RecordId
    statement: str = Field(min_length=10)
    subjects: list[RecordId] = Field(min_length=1)
    drugs: list[RecordId] = Field(default_factory=list)
    involves: list[RecordId] = Field(default_factory=list)
    direction: Direction
    certainty: Certainty
    certainty_wording: str | None = None
    evidence_type: EvidenceType | None = None
    timing: Timing | None = None
    timing_basis: TimingBasis = "stated"
    study: RecordId | None = None
    trial: RecordId | None = None
    population: RecordId | None = None
    measurements: list[Measurement] = Field(default_factory=list)
    quotes: list[Quote] = Field(min_length=1)
    curator_note: str | None = None

    @model_validator(mode="after")
    def _timing_basis(self) -> Finding:
        if self.timing_basis != "stated" and self.timing is None:
            raise ValueError("'timing_basis' qualifies a 'timing'; give the timing too")
        return self

    @model_validator(mode="after")
    def _wording_in_quote(self) -> Finding:
        wording = self.certainty_wording
        if wording and not any(wording in q.text for q in self.quotes):
            raise ValueError(
                f"certainty_wording {wording!r} must be words of one of the finding's quotes"
            )
        return self


class Section(Record):
    """A section of the review; ``heading`` is the exact text that opens it."""

    id: Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9.-]*$")]
    number: str | None = None
    title: str
    heading: str


class Exemption(Record):
    """Paragraphs of a section that hold nothing factual to curate, and why."""

    section: str
    starts_with: str | None = None
    reason: str = Field(min_length=5)


class Author(Record):
    """An author of the review."""

    name: str
    given: str
    family: str
    affiliations: list[int] = Field(default_factory=list)
    corresponding: bool = False


SourceKind = Literal[
    "review", "research-article", "trial-registry-record", "conference-abstract"
]


class Review(Record):
    """A registered source (``kg/sources/<id>.yaml``): what it is and how its text is laid out.

    The model keeps its historical name: the first source was a review.
    """

    id: RecordId
    kind: SourceKind = "review"
    default: bool = False
    title: str
    doi: str = Field(pattern=r"^10\.[0-9]{4,9}/\S+$")
    pmid: Annotated[str, Field(pattern=r"^[0-9]{1,9}$")] | None = None
    pmcid: Annotated[str, Field(pattern=r"^PMC[0-9]{1,9}$")] | None = None
    obtain: str | None = None
    reference_count: int = Field(ge=0)
    tables: dict[str, Annotated[int, Field(ge=1)]] = Field(default_factory=dict)
    journal: str | None = None
    year: int
    volume: str | None = None
    article_number: str | None = None
    received: DateText | None = None
    revised: DateText | None = None
    accepted: DateText | None = None
    published: DateText | None = None
    license: str | None = None
    license_url: str | None = None
    academic_editor: str | None = None
    keywords: list[str] = Field(default_factory=list)
    authors: list[Author] = Field(default_factory=list)
    affiliations: list[str] = Field(default_factory=list)
    text_file: str
    text_sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    sections: list[Section]
    abbreviations: dict[str, str] = Field(default_factory=dict)
    exemptions: list[Exemption] = Field(default_factory=list)


class Reference(Record):
    """One entry of a source's reference list (the default source's without ``source``)."""

    number: int = Field(ge=1)
    source: RecordId | None = None
    kind: ReferenceKind
    authors: list[str] = Field(default_factory=list)
    et_al: bool = False
    title: str
    container: str | None = None
    year: int | None = None
    volume: str | None = None
    pages: str | None = None
    indexed_in: list[Literal["CrossRef", "PubMed"]] = Field(default_factory=list)
    publisher: str | None = None
    place: str | None = None
    url: str | None = None
    accessed: DateText | None = None
    trial_id: Annotated[str, Field(pattern=NCT_PATTERN)] | None = None
    editorial_note: str | None = None


class SourceFile(Record):
    """A file of the source registry: one ``source:`` record."""

    source: Review


class CurationFile(Record):
    """The top-level keys a curation file may hold; each is a list of records."""

    references: list[Reference] = Field(default_factory=list)
    genes: list[Gene] = Field(default_factory=list)
    proteins: list[Protein] = Field(default_factory=list)
    pathways: list[Pathway] = Field(default_factory=list)
    alterations: list[Alteration] = Field(default_factory=list)
    drugs: list[Drug] = Field(default_factory=list)
    approvals: list[Approval] = Field(default_factory=list)
    populations: list[Population] = Field(default_factory=list)
    endpoints: list[Endpoint] = Field(default_factory=list)
    mechanisms: list[Mechanism] = Field(default_factory=list)
    strategies: list[Strategy] = Field(default_factory=list)
    trials: list[Trial] = Field(default_factory=list)
    studies: list[Study] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)


ENTITY_LISTS: tuple[str, ...] = (
    "genes",
    "proteins",
    "pathways",
    "alterations",
    "drugs",
    "populations",
    "endpoints",
    "mechanisms",
    "strategies",
    "trials",
    "studies",
)


def slug(text: str) -> str:
    """Make a record id out of free text (used for derived ids only)."""
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")
