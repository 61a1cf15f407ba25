"""Turn curation records into triples: pure functions, no I/O, stable IRIs, no blank nodes."""

from __future__ import annotations

from decimal import Decimal

from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, URIRef

from adckg import iris, vocab
from adckg.curation.anchors import Anchoring, QuoteKey
from adckg.curation.load import Curation
from adckg.curation.models import (
    Approval,
    Drug,
    Entity,
    Finding,
    Measurement,
    Quote,
    Reference,
    Review,
    Strategy,
    Trial,
    slug,
)
from adckg.curation.source_text import Span
from adckg.graph.quote_text import display_text
from adckg.prefixes import (
    ADCKO,
    BIBO,
    CITO,
    DCTERMS,
    FOAF,
    OA,
    ORG,
    PROV,
    SKOS,
    new_graph,
)

# The class of a registered source, by its kind.
SOURCE_CLASS: dict[str, URIRef] = {
    "review": ADCKO.ReviewArticle,
    "research-article": ADCKO.JournalArticle,
    "conference-abstract": ADCKO.ConferenceAbstract,
    "trial-registry-record": ADCKO.WebPage,
}
CURATION_FOLDER = "kg/curation"  # where curation files live, relative to the repository


def reference_iri(number: int, source_id: str | None = None) -> URIRef:
    """The IRI of entry ``number`` of a reference list (``source_id`` None: the default's)."""
    return iris.owned(f"ref-{number}", source_id)


def section_iri(section_id: str, source_id: str | None = None) -> URIRef:
    """The IRI of a section (``source_id`` None: of the default source)."""
    return iris.owned(f"section-{section_id}", source_id)


def _text(value: str) -> Literal:
    return Literal(value, lang="en")


def _decimal(value: Decimal) -> Literal:
    """An xsd:decimal whose lexical form every RDF syntax keeps: integers get ".0".

    Turtle writers print a decimal as a bare number, and a bare "65" would read back as
    an integer; "65.0" (the XSD 1.0 canonical form) reads back unchanged everywhere.
    """
    text = format(value, "f")
    return Literal(text if "." in text else text + ".0", datatype=XSD.decimal)


def _integer(value: int) -> Literal:
    return Literal(str(value), datatype=XSD.integer)


def _date(value: str) -> Literal:
    kind = {4: XSD.gYear, 7: XSD.gYearMonth, 10: XSD.date}[len(value)]
    return Literal(value, datatype=kind)


class _Builder:
    """Collects triples for one curation; every method adds the triples of one record."""

    def __init__(self, curation: Curation, anchoring: Anchoring):
        self.curation = curation
        self.anchors = anchoring.anchors
        self.own_refs = anchoring.own_refs
        self.default_source = curation.review.id
        self.graph = new_graph()
        self.drug_labels = {d.id: d.label for d in curation.records("drugs")}

    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal) -> None:
        self.graph.add((s, p, o))

    def owner(self, source_id: str) -> str | None:
        """The prefix of a source's parts: none for the default source."""
        return None if source_id == self.default_source else source_id

    def origin(self, node: URIRef, record_id: str) -> None:
        origin = self.curation.origins.get(record_id)
        if origin is not None:
            where = f"{CURATION_FOLDER}/{origin.path.name}#{record_id}"
            self.add(node, ADCKO.curationRecord, Literal(where))

    def entity(self, record: Entity, cls: URIRef) -> URIRef:
        node = iris.record(record.id)
        self.add(node, RDF.type, OWL.NamedIndividual)
        self.add(node, RDF.type, cls)
        self.add(node, RDFS.label, _text(record.label))
        if record.definition:
            self.add(node, vocab.IAO_DEFINITION, _text(record.definition))
        for alt in record.alt_labels:
            self.add(node, SKOS.altLabel, _text(alt))
        for correction in record.corrections:
            self.add(node, SKOS.altLabel, _text(correction.printed))
            self.add(node, SKOS.editorialNote, _text(correction.note))
        if record.curator_note:
            self.add(node, vocab.IAO_EDITOR_NOTE, _text(record.curator_note))
        for index, quote in enumerate(record.evidence, start=1):
            self.quote(node, (record.id, "e", index), quote)
        self.origin(node, record.id)
        return node

    def quote(self, owner: URIRef, key: QuoteKey, quote: Quote) -> None:
        anchor = self.anchors[key]
        node = iris.part(key[0], f"{key[1]}{key[2]}")
        text_selector = iris.part(key[0], f"{key[1]}{key[2]}.text")
        position_selector = iris.part(key[0], f"{key[1]}{key[2]}.position")
        source = self.curation.source_of(quote)
        mine = self.owner(source)
        self.add(owner, ADCKO.hasQuote, node)
        self.add(node, RDF.type, OA.SpecificResource)
        self.add(node, OA.hasSource, iris.text(source))
        self.add(node, ADCKO.inSection, section_iri(quote.section, mine))
        self.add(node, OA.hasSelector, text_selector)
        self.add(node, OA.hasSelector, position_selector)
        self.add(text_selector, RDF.type, OA.TextQuoteSelector)
        self.add(text_selector, OA.exact, Literal(anchor.exact))
        self.add(node, ADCKO.displayText, Literal(display_text(anchor.exact)))
        self.add(text_selector, OA.prefix, Literal(anchor.prefix))
        self.add(text_selector, OA.suffix, Literal(anchor.suffix))
        self.add(position_selector, RDF.type, OA.TextPositionSelector)
        self.add(
            position_selector, OA.start, Literal(anchor.start, datatype=XSD.nonNegativeInteger)
        )
        self.add(position_selector, OA.end, Literal(anchor.end, datatype=XSD.nonNegativeInteger))
        # The sentence's own citations vs those carried over from the paragraph's end
        # (docs/curation-guide.md, "Citations"), found in the text when it was anchored.
        own = self.own_refs.get(key, set(quote.refs))
        for number in quote.refs:
            cites = CITO.citesAsEvidence if number in own else ADCKO.citesAsParagraphEvidence
            self.add(node, cites, reference_iri(number, mine))
            self.add(owner, cites, reference_iri(number, mine))

    # -- the sources and their bibliographies ---------------------------------------------

    def review(self, review: Review, spans: dict[str, Span]) -> None:
        node = iris.record(review.id)
        mine = self.owner(review.id)
        self.add(node, RDF.type, OWL.NamedIndividual)
        self.add(node, RDF.type, SOURCE_CLASS[review.kind])
        self.add(node, RDFS.label, _text(review.title))
        self.add(node, DCTERMS.title, _text(review.title))
        self.add(node, BIBO.doi, Literal(review.doi))
        self.add(node, DCTERMS.identifier, Literal(f"doi:{review.doi}"))
        self.add(node, RDFS.seeAlso, iris.doi(review.doi))
        if review.pmid:
            self.add(node, BIBO.pmid, Literal(review.pmid))
        if review.pmcid:
            self.add(node, DCTERMS.identifier, Literal(f"pmcid:{review.pmcid}"))
        optional = (
            (ADCKO.containerTitle, review.journal),
            (BIBO.volume, review.volume),
            (BIBO.pages, review.article_number),
        )
        for prop, value in optional:
            if value:
                self.add(node, prop, Literal(value))
        if not review.published:  # else the year is that of the full date
            self.add(node, DCTERMS.issued, Literal(str(review.year), datatype=XSD.gYear))
        for prop, date in (
            (DCTERMS.issued, review.published),
            (DCTERMS.dateSubmitted, review.received),
            (DCTERMS.modified, review.revised),
            (DCTERMS.dateAccepted, review.accepted),
        ):
            if date:
                self.add(node, prop, _date(date))
        if review.license_url:
            self.add(node, DCTERMS.license, URIRef(review.license_url))
        if review.license:
            self.add(node, DCTERMS.rights, _text(review.license))
        for keyword in review.keywords:
            self.add(node, DCTERMS.subject, _text(keyword))
        names = "; ".join(a.name for a in review.authors)
        if names:
            self.add(node, ADCKO.authorsAsPrinted, Literal(names))
        where = ", ".join(part for part in (review.volume, review.article_number) if part)
        venue = f"{review.journal} {review.year}" if review.journal else str(review.year)
        venue += f", {where}" if where else ""
        self.add(
            node,
            DCTERMS.bibliographicCitation,
            Literal(f"{names + '. ' if names else ''}{review.title}. {venue}. doi:{review.doi}"),
        )
        for author in review.authors:
            person = iris.owned(f"author-{author.family.lower()}", mine)
            self.add(node, DCTERMS.creator, person)
            self.add(person, RDF.type, OWL.NamedIndividual)
            self.add(person, RDF.type, ADCKO.Person)
            self.add(person, RDFS.label, Literal(author.name))
            self.add(person, FOAF.givenName, Literal(author.given))
            self.add(person, FOAF.familyName, Literal(author.family))
            for number in author.affiliations:
                self.add(person, ORG.memberOf, iris.owned(f"affiliation-{number}", mine))
            if author.corresponding:
                self.add(node, ADCKO.correspondingAuthor, person)
        for number, affiliation in enumerate(review.affiliations, start=1):
            place = iris.owned(f"affiliation-{number}", mine)
            self.add(place, RDF.type, OWL.NamedIndividual)
            self.add(place, RDF.type, ORG.Organization)
            self.add(place, RDFS.label, Literal(affiliation))
        if review.academic_editor:
            editor = iris.owned(f"editor-{slug(review.academic_editor).lower()}", mine)
            self.add(node, BIBO.editor, editor)
            self.add(editor, RDF.type, OWL.NamedIndividual)
            self.add(editor, RDF.type, ADCKO.Person)
            self.add(editor, RDFS.label, Literal(review.academic_editor))
        for abbreviation, expansion in sorted(review.abbreviations.items()):
            self.add(node, SKOS.editorialNote, _text(f"Abbreviation {abbreviation}: {expansion}"))
        text = iris.text(review.id)
        self.add(text, RDF.type, OWL.NamedIndividual)
        self.add(text, RDF.type, ADCKO.SourceText)
        self.add(text, RDFS.label, _text(f"plain text of {_short_citation(review)}"))
        self.add(text, PROV.wasDerivedFrom, node)
        self.add(text, ADCKO.sha256, Literal(review.text_sha256))
        self.add(text, DCTERMS["format"], Literal("text/plain; charset=utf-8"))
        for section in review.sections:
            snode = section_iri(section.id, mine)
            span = spans[section.id]
            self.add(snode, RDF.type, OWL.NamedIndividual)
            self.add(snode, RDF.type, ADCKO.ReviewSection)
            self.add(snode, RDFS.label, _text(section.title))
            self.add(snode, DCTERMS.isPartOf, node)
            if section.number:
                self.add(snode, ADCKO.sectionNumber, Literal(section.number))
            self.add(snode, OA.start, Literal(span.start, datatype=XSD.nonNegativeInteger))
            self.add(snode, OA.end, Literal(span.end, datatype=XSD.nonNegativeInteger))

    def reference(self, ref: Reference) -> None:
        source = self.curation.source_of(ref)
        node = reference_iri(ref.number, self.owner(source))
        self.add(node, RDF.type, OWL.NamedIndividual)
        self.add(node, RDF.type, vocab.PUBLICATION_CLASS[ref.kind])
        self.add(node, RDFS.label, _text(ref.title))
        self.add(node, DCTERMS.title, _text(ref.title))
        self.add(node, ADCKO.referenceNumber, _integer(ref.number))
        self.add(iris.record(source), CITO.cites, node)
        if ref.authors:
            self.add(node, ADCKO.authorsAsPrinted, Literal("; ".join(ref.authors)))
        self.add(node, ADCKO.etAl, Literal(ref.et_al))
        optional = (
            (ADCKO.containerTitle, ref.container),
            (BIBO.volume, ref.volume),
            (BIBO.pages, ref.pages),
            (DCTERMS.publisher, ref.publisher),
            (ADCKO.placeOfPublication, ref.place),
        )
        for prop, value in optional:
            if value:
                self.add(node, prop, Literal(value))
        if ref.year:
            self.add(node, DCTERMS.issued, Literal(str(ref.year), datatype=XSD.gYear))
        if ref.url:
            self.add(node, BIBO.uri, Literal(ref.url, datatype=XSD.anyURI))
        if ref.accessed:
            self.add(node, ADCKO.accessed, _date(ref.accessed))
        if ref.trial_id:
            self.add(node, DCTERMS.identifier, Literal(ref.trial_id))
        for index in ref.indexed_in:
            self.add(node, ADCKO.indexedIn, Literal(index))
        if ref.editorial_note:
            self.add(node, SKOS.editorialNote, _text(ref.editorial_note))
        self.add(node, DCTERMS.bibliographicCitation, Literal(_citation(ref)))

    # -- entities -------------------------------------------------------------------------

    def drug(self, drug: Drug) -> None:
        node = self.entity(drug, vocab.DRUG_KIND[drug.kind])
        for cls in drug.classes:
            self.add(node, RDF.type, vocab.DRUG_CLASS[cls])
        if drug.bispecific:
            self.add(node, RDF.type, ADCKO.BispecificAntibody)
        if drug.isotype:
            self.add(node, ADCKO.hasIsotype, vocab.ISOTYPE[drug.isotype])
        if drug.payload_mechanism:
            self.add(
                node, ADCKO.hasMechanismOfAction, vocab.PAYLOAD_MECHANISM[drug.payload_mechanism]
            )
        adc = drug.adc
        if adc is None:
            return
        if adc.antibody:
            self.add(node, ADCKO.hasAntibody, iris.record(adc.antibody))
        if adc.payload:
            self.add(node, ADCKO.hasPayload, iris.record(adc.payload))
        if adc.linker:
            linker = iris.part(drug.id, "linker")
            self.add(node, ADCKO.hasLinker, linker)
            self.add(linker, RDF.type, OWL.NamedIndividual)
            self.add(linker, RDF.type, vocab.LINKER_CLASS[adc.linker.kind])
            label = adc.linker.label or f"{adc.linker.kind} linker of {drug.label}"
            self.add(linker, RDFS.label, _text(label))
        if adc.dar is not None:
            self.add(node, ADCKO.drugToAntibodyRatio, _decimal(adc.dar))
        for target in adc.targets:
            self.add(node, ADCKO.hasTarget, iris.record(target))
        if adc.epitope:
            self.add(node, ADCKO.bindsEpitope, _text(adc.epitope))
        if adc.bystander_effect is not None:
            self.add(node, ADCKO.hasBystanderEffect, Literal(adc.bystander_effect))
        if adc.status:
            self.add(node, ADCKO.hasDevelopmentStatus, vocab.DEVELOPMENT_STATUS[adc.status])
        if adc.status_note:
            self.add(node, ADCKO.statusNote, _text(adc.status_note))

    def approval(self, approval: Approval) -> None:
        node = iris.record(approval.id)
        self.add(node, RDF.type, OWL.NamedIndividual)
        self.add(node, RDF.type, ADCKO.RegulatoryDecision)
        drug_label = self.drug_labels[approval.drug]
        kind = approval.kind.replace("-", " ")
        agency = f"{approval.agency} " if approval.agency else ""
        self.add(node, RDFS.label, _text(f"{agency}{kind} of {drug_label}"))
        self.add(node, ADCKO.concernsDrug, iris.record(approval.drug))
        if approval.agency:
            self.add(node, ADCKO.issuedBy, vocab.AGENCY[approval.agency])
        self.add(node, ADCKO.hasDecisionKind, vocab.DECISION_KIND[approval.kind])
        if approval.date:
            self.add(node, ADCKO.decisionDate, _date(approval.date))
        if approval.indication:
            self.add(node, ADCKO.indication, _text(approval.indication))
        for index, quote in enumerate(approval.evidence, start=1):
            self.quote(node, (approval.id, "e", index), quote)
        self.origin(node, approval.id)

    def strategy(self, strategy: Strategy) -> None:
        node = self.entity(strategy, vocab.STRATEGY_CLASS[strategy.kind])
        for drug in strategy.drugs:
            self.add(node, ADCKO.usesDrug, iris.record(drug))
        for cls in strategy.drug_classes:
            self.add(node, ADCKO.usesDrugClass, vocab.DRUG_CLASS[cls])
        for mechanism in strategy.overcomes:
            self.add(node, ADCKO.aimsToOvercome, iris.record(mechanism))
        for trial in strategy.tested_in:
            self.add(node, ADCKO.testedIn, iris.record(trial))
        if strategy.rationale:
            self.add(node, ADCKO.rationale, _text(strategy.rationale))

    def trial(self, trial: Trial) -> None:
        node = self.entity(trial, ADCKO.ClinicalTrial)
        if trial.nct:
            self.add(node, ADCKO.nctId, Literal(trial.nct))
            self.add(node, RDFS.seeAlso, iris.trial_registry(trial.nct))
        if trial.phase:
            self.add(node, ADCKO.hasPhase, vocab.PHASE[trial.phase])
        if trial.design:
            self.add(node, ADCKO.studyDesign, _text(trial.design))
        if trial.population_text:
            self.add(node, ADCKO.populationDescription, _text(trial.population_text))
        for population in trial.populations:
            self.add(node, ADCKO.studiesPopulation, iris.record(population))
        for drug in trial.drugs:
            self.add(node, ADCKO.testsDrug, iris.record(drug))
        for cohort in trial.cohorts:
            cnode = iris.record(cohort.id)
            self.add(node, ADCKO.hasArm, cnode)
            self.add(cnode, RDF.type, OWL.NamedIndividual)
            self.add(cnode, RDF.type, ADCKO.TrialArm)
            self.add(cnode, RDFS.label, _text(cohort.label))
            if cohort.n is not None:
                self.add(cnode, ADCKO.sampleSize, _integer(cohort.n))
            if cohort.population:
                self.add(cnode, ADCKO.studiesPopulation, iris.record(cohort.population))
            for drug in cohort.drugs:
                self.add(cnode, ADCKO.usesDrug, iris.record(drug))
        for endpoint in trial.endpoints:
            self.add(node, vocab.ENDPOINT_ROLE[endpoint.role], iris.record(endpoint.endpoint))
        for index, regimen in enumerate(trial.regimens, start=1):
            rnode = iris.part(trial.id, f"regimen{index}")
            self.add(node, ADCKO.hasRegimen, rnode)
            self.add(rnode, RDF.type, OWL.NamedIndividual)
            self.add(rnode, RDF.type, ADCKO.DosingRegimen)
            label = f"{self.drug_labels[regimen.drug]} {regimen.dose} {regimen.unit}"
            if regimen.schedule:
                label += f" {regimen.schedule}"
            self.add(rnode, RDFS.label, _text(label))
            self.add(rnode, ADCKO.regimenDrug, iris.record(regimen.drug))
            self.add(rnode, ADCKO.doseValue, _decimal(regimen.dose))
            self.add(rnode, ADCKO.ucumUnit, Literal(regimen.unit))
            if regimen.schedule:
                self.add(rnode, ADCKO.schedule, _text(regimen.schedule))
        if trial.planned_enrollment is not None:
            self.add(node, ADCKO.plannedEnrollment, _integer(trial.planned_enrollment))
        if trial.status:
            self.add(node, ADCKO.trialStatus, Literal(trial.status))
        row = trial.table1
        if row is not None:
            source = self.curation.sources[self.curation.source_of(row)]
            table = next(s for s in source.sections if s.id == row.table)
            rnode = iris.part(source.id, f"{row.table}.row{row.row}")
            self.add(node, ADCKO.hasTableRow, rnode)
            self.add(rnode, RDF.type, OWL.NamedIndividual)
            self.add(rnode, RDF.type, ADCKO.TableRow)
            name = table.title.split(".", 1)[0]
            self.add(rnode, RDFS.label, _text(f"{name}, row {row.row}: {row.treatment}"))
            self.add(rnode, DCTERMS.isPartOf, section_iri(row.table, self.owner(source.id)))
            self.add(rnode, ADCKO.rowNumber, _integer(row.row))
            self.add(rnode, ADCKO.rowGroup, Literal(row.group))
            self.add(rnode, ADCKO.printedTreatment, Literal(row.treatment))
            self.add(rnode, ADCKO.printedPhase, Literal(row.phase))
            self.add(rnode, ADCKO.printedPatients, Literal(row.patients))
            self.add(rnode, ADCKO.printedDesign, Literal(row.design))
            self.add(rnode, ADCKO.printedEndpoints, Literal(row.endpoints))

    # -- findings -------------------------------------------------------------------------

    def finding(self, finding: Finding) -> None:
        node = iris.record(finding.id)
        self.add(node, RDF.type, OWL.NamedIndividual)
        self.add(node, RDF.type, ADCKO.Finding)
        self.add(node, RDFS.label, _text(finding.statement))
        self.add(node, ADCKO.statement, _text(finding.statement))
        for source in sorted({self.curation.source_of(q) for q in finding.quotes}):
            self.add(node, PROV.wasDerivedFrom, iris.record(source))
        for subject in finding.subjects:
            self.add(node, ADCKO.hasSubject, iris.record(subject))
        for drug in finding.drugs:
            self.add(node, ADCKO.concernsDrug, iris.record(drug))
        for other in finding.involves:
            self.add(node, ADCKO.involves, iris.record(other))
        self.add(node, ADCKO.hasDirection, vocab.DIRECTION[finding.direction])
        self.add(node, ADCKO.hasCertainty, vocab.CERTAINTY[finding.certainty])
        if finding.certainty_wording:
            self.add(node, ADCKO.certaintyWording, _text(finding.certainty_wording))
        if finding.evidence_type:
            evidence = iris.part(finding.id, "evidence")
            self.add(node, ADCKO.hasEvidence, evidence)
            self.add(evidence, RDF.type, OWL.NamedIndividual)
            self.add(evidence, RDF.type, vocab.EVIDENCE_CLASS[finding.evidence_type])
            label = f"{finding.evidence_type.replace('-', ' ')} evidence for {finding.id}"
            self.add(evidence, RDFS.label, _text(label))
            self.add(node, ADCKO.hasEvidenceLevel, vocab.CIVIC_LEVEL[finding.evidence_type])
        if finding.timing:
            timing = vocab.TIMING[finding.timing]
            if finding.timing_basis == "stated":
                self.add(node, ADCKO.hasResistanceTiming, timing)
            else:  # the text does not say it: kept apart from the review's own statements
                self.add(node, ADCKO.curatorInferredResistanceTiming, timing)
        for study in (finding.study, finding.trial):
            if study:
                self.add(node, ADCKO.inStudy, iris.record(study))
        if finding.population:
            self.add(node, ADCKO.inPopulation, iris.record(finding.population))
        for index, measurement in enumerate(finding.measurements, start=1):
            self.measurement(node, iris.part(finding.id, f"m{index}"), measurement)
        for index, quote in enumerate(finding.quotes, start=1):
            self.quote(node, (finding.id, "q", index), quote)
        if finding.curator_note:
            self.add(node, vocab.IAO_EDITOR_NOTE, _text(finding.curator_note))
        self.origin(node, finding.id)

    def measurement(self, finding: URIRef, node: URIRef, m: Measurement) -> None:
        self.add(finding, ADCKO.hasMeasurement, node)
        self.add(node, RDF.type, OWL.NamedIndividual)
        self.add(node, RDF.type, ADCKO.Measurement)
        self.add(node, RDFS.label, _text(_measurement_label(m)))
        self.add(node, ADCKO.measureName, _text(m.measure))
        decimals = (
            (ADCKO["value"], m.value),
            (ADCKO.valueMax, m.value_max),
            (ADCKO.ciLower, m.ci_lower),
            (ADCKO.ciUpper, m.ci_upper),
            (ADCKO.ciLevel, m.ci_level),
            (ADCKO.pValue, m.p_value),
        )
        for prop, value in decimals:
            if value is not None:
                self.add(node, prop, _decimal(value))
        if m.unit:
            self.add(node, ADCKO.ucumUnit, Literal(m.unit))
        if m.approximate:
            self.add(node, ADCKO.isApproximate, Literal(True))
        if m.n is not None:
            self.add(node, ADCKO["count"], _integer(m.n))
        if m.total is not None:
            self.add(node, ADCKO.denominator, _integer(m.total))
        links = (
            (ADCKO.measuresEndpoint, m.endpoint),
            (ADCKO.forArm, m.arm),
            (ADCKO.hasComparator, m.comparator),
            (ADCKO.inPopulation, m.population),
        )
        for prop, target in links:
            if target:
                self.add(node, prop, iris.record(target))
        if m.arm_text:
            self.add(node, ADCKO.armDescription, _text(m.arm_text))
        if m.comparator_text:
            self.add(node, ADCKO.comparatorDescription, _text(m.comparator_text))


def _measurement_label(m: Measurement) -> str:
    value = ""
    if m.value is not None:
        value = f"{'~' if m.approximate else ''}{m.value}"
        if m.value_max is not None:
            value += f"-{m.value_max}"
        value += f" {m.unit}" if m.unit not in (None, "1") else ""
    if m.n is not None:
        count = f"{m.n}/{m.total}" if m.total is not None else f"n={m.n}"
        value = f"{value} ({count})" if value else count
    return f"{m.measure}: {value.strip()}"


def _short_citation(source: Review) -> str:
    """The short citation, "Family et al. 2023": first family name (partner, or et al.), year."""
    families = [a.family for a in source.authors]
    names = families[0] if families else source.id
    if len(families) == 2:
        names += f" and {families[1]}"
    elif len(families) > 2:
        names += " et al."
    return f"{names} {source.year}"


def _citation(ref: Reference) -> str:
    authors = "; ".join(ref.authors) + ("; et al" if ref.et_al else "")
    parts = [f"{authors.rstrip('.')}. {ref.title}."]
    if ref.container:
        parts.append(f" {ref.container}")
    if ref.year:
        parts.append(f" {ref.year}")
    if ref.volume:
        parts.append(f", {ref.volume}")
    if ref.pages:
        parts.append(f", {ref.pages}")
    if ref.url:
        parts.append(f" {ref.url}")
    return "".join(parts).strip() + "."


def build_graph(curation: Curation, anchoring: Anchoring) -> Graph:
    """All asserted triples of the curation (the ontology is kept apart)."""
    builder = _Builder(curation, anchoring)
    for source in curation.sources.values():
        builder.review(source, anchoring.spans[source.id])
    for ref in curation.records("references"):
        builder.reference(ref)
    for kind in ("pathways", "populations"):
        for record in curation.records(kind):
            builder.entity(record, vocab.ENTITY_CLASS[kind])
    for gene in curation.records("genes"):
        node = builder.entity(gene, vocab.ENTITY_CLASS["genes"])
        if gene.name:  # the full name: another name of the gene
            builder.add(node, SKOS.altLabel, _text(gene.name))
    for endpoint in curation.records("endpoints"):
        node = builder.entity(endpoint, vocab.ENTITY_CLASS["endpoints"])
        if endpoint.abbreviation:
            builder.add(node, ADCKO.abbreviation, Literal(endpoint.abbreviation))
    for protein in curation.records("proteins"):
        node = builder.entity(protein, ADCKO.Protein)
        if protein.encoded_by:
            builder.add(node, ADCKO.encodedBy, iris.record(protein.encoded_by))
    for alteration in curation.records("alterations"):
        node = builder.entity(alteration, ADCKO.Alteration)
        builder.add(node, RDF.type, vocab.ALTERATION_CLASS[alteration.kind])
        builder.add(node, ADCKO.alterationOf, iris.record(alteration.of))
    for drug in curation.records("drugs"):
        builder.drug(drug)
    for approval in curation.records("approvals"):
        builder.approval(approval)
    for mechanism in curation.records("mechanisms"):
        cls = ADCKO.ResistanceOccurrence if mechanism.resistance_occurrence else None
        node = builder.entity(mechanism, cls or ADCKO.DrugResponseMechanism)
        for category in mechanism.categories:
            builder.add(node, RDF.type, vocab.MECHANISM_CATEGORY[category])
        for other in mechanism.involves:
            builder.add(node, ADCKO.involves, iris.record(other))
        if mechanism.alteration and mechanism.of:  # one thing: the alteration is the mechanism
            builder.add(node, RDF.type, ADCKO.Alteration)
            builder.add(node, RDF.type, vocab.ALTERATION_CLASS[mechanism.alteration])
            builder.add(node, ADCKO.alterationOf, iris.record(mechanism.of))
    for strategy in curation.records("strategies"):
        builder.strategy(strategy)
    for trial in curation.records("trials"):
        builder.trial(trial)
    for study in curation.records("studies"):
        node = builder.entity(study, vocab.STUDY_CLASS[study.kind])
        if study.n is not None:
            builder.add(node, ADCKO.sampleSize, _integer(study.n))
    for finding in curation.records("findings"):
        builder.finding(finding)
    return builder.graph
