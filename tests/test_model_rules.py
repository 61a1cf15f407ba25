"""The modelling rules a natural query relies on, checked on the whole curation.

Subjects are causes, labels are unique, genes and proteins are linked one way,
resistance timing is the review's or marked as the curator's, the review's own
degrees of certainty are kept apart, citations follow one rule, and each quote has a
reading form. Expected values come from the review's sentences, quoted in comments.
"""

from __future__ import annotations

from collections import defaultdict

import pytest
from rdflib import RDF, RDFS, Literal, URIRef

from adckg.curation import citations
from adckg.curation.anchors import anchor_all, quotes_of
from adckg.curation.load import load_curation
from adckg.graph.quote_text import display_html, display_text
from adckg.prefixes import ADCKG, ADCKO, CITO, OA

from .conftest import PROJECT
from .constants import T_DM1, T_DXD

DNA_LEVEL = {"mutation", "hemizygous-deletion", "loss-of-function", "knockout", "silencing"}
DNA_LEVEL |= {"loss-of-expression"}  # loss of a gene (PTEN loss, SLC46A3 loss or silencing)


@pytest.fixture(scope="module")
def curation():
    return load_curation(PROJECT.curation_dir)


def test_no_resistance_finding_has_an_adc_as_its_subject(committed):
    g = committed.merged
    wrong = [
        f
        for f in g.subjects(ADCKO.hasDirection, ADCKO.ConfersResistance)
        for s in g.objects(f, ADCKO.hasSubject)
        if (s, RDF.type, ADCKO.AntibodyDrugConjugate) in g
    ]
    assert wrong == []


def test_what_confers_resistance_to_t_dxd_per_the_review(committed):
    """Abstract: 'the decrease of HER2 expression and SLX4 loss of function mutations';
    section 3: baseline driver alterations 'associated with upfront resistance', the ERBB2
    hemizygous deletion; section 7: 'acquired and de novo resistances'."""
    g = committed.merged
    subjects = {
        s
        for f in g.subjects(ADCKO.concernsDrug, T_DXD)
        if (f, ADCKO.hasDirection, ADCKO.ConfersResistance) in g
        for s in g.objects(f, ADCKO.hasSubject)
    }
    assert {
        ADCKG["HER2-loss"],
        ADCKG["SLX4-loss"],
        ADCKG["ERBB2-hemizygous-deletion-mechanism"],
        ADCKG["DAISY-baseline-driver-alterations"],
        ADCKG["anti-HER2-ADC-acquired-resistance"],
        ADCKG["anti-HER2-ADC-de-novo-resistance"],
    } <= subjects
    assert T_DXD not in subjects


def test_occurrence_of_resistance_is_not_a_mechanism(committed):
    g = committed.merged
    node = ADCKG["anti-HER2-ADC-acquired-resistance"]
    assert (node, RDF.type, ADCKO.ResistanceOccurrence) in g
    assert (node, RDF.type, ADCKO.DrugResponseMechanism) not in g


def test_no_two_of_our_resources_share_a_label(committed):
    by_label: dict[str, set[URIRef]] = defaultdict(set)
    for s, label in committed.merged.subject_objects(RDFS.label):
        if str(s).startswith("https://w3id.org/adckg/"):
            by_label[str(label)].add(s)
    assert {k: v for k, v in by_label.items() if len(v) > 1} == {}


def test_an_alteration_that_is_a_mechanism_is_one_node(committed):
    """Section 2.2 lists 'EGFR overexpression, STAT3 activation, ROR2 overexpression'."""
    g = committed.merged
    for rid, kind in (
        ("EGFR-overexpression-mechanism", ADCKO.Overexpression),
        ("STAT3-activation-mechanism", ADCKO.Activation),
        ("ROR2-overexpression-mechanism", ADCKO.Overexpression),
        ("ERBB2-hemizygous-deletion-mechanism", ADCKO.HemizygousDeletion),
    ):
        node = ADCKG[rid]
        assert (node, RDF.type, ADCKO.DrugResponseMechanism) in g, rid
        assert (node, RDF.type, kind) in g, rid
        assert g.value(node, ADCKO.alterationOf) is not None, rid


def test_every_protein_is_encoded_by_a_gene_unless_a_family(curation):
    loose = [
        p.id
        for p in curation.records("proteins")
        if not p.encoded_by and "protein family" not in (p.curator_note or "")
    ]
    assert loose == []
    genes = {p.id: p.encoded_by for p in curation.records("proteins")}
    assert genes["TOP1"] == "TOP1-gene"
    assert genes["endophilin-A2"] == "SH3GL1"


def test_alterations_are_of_the_gene_for_dna_changes_and_of_the_product_otherwise(curation):
    genes = {g.id for g in curation.records("genes")}
    # a protein family has no single gene: its DNA-level changes stay on the family
    genes |= {p.id for p in curation.records("proteins") if not p.encoded_by}
    records = [(a.id, a.kind, a.of) for a in curation.records("alterations")]
    records += [(m.id, m.alteration, m.of) for m in curation.records("mechanisms") if m.of]
    wrong = [(rid, kind, of) for rid, kind, of in records if (of in genes) != (kind in DNA_LEVEL)]
    assert wrong == []


def test_mechanisms_and_findings_link_to_molecules_the_same_way(curation):
    """Each alteration they name comes with what it alters; a gene only with a change of it."""
    of = {a.id: a.of for a in curation.records("alterations")}
    of.update({m.id: m.of for m in curation.records("mechanisms") if m.of})
    genes = {g.id for g in curation.records("genes")}
    wrong = []
    records = list(curation.records("mechanisms")) + list(curation.records("findings"))
    for record in records:
        named = set(record.involves) | set(getattr(record, "subjects", []))
        named.add(record.id)
        altered = {of[x] for x in named if x in of}
        wrong += [(record.id, a) for a in set(record.involves) if a in of and of[a] not in named]
        wrong += [(record.id, g) for g in set(record.involves) & genes if g not in altered]
    assert wrong == []


def test_resistance_timing_is_stated_by_the_text_or_marked_as_inferred(curation):
    words = {
        "acquired": ("acquired", "secondary", "acquisition"),
        "primary": ("de novo", "upfront", "primary"),
    }
    unstated = [
        f.id
        for f in curation.records("findings")
        if f.timing
        and f.timing_basis == "stated"
        and not any(w in q.text.lower() for q in f.quotes for w in words[f.timing])
    ]
    assert unstated == []


def test_erbb2_deletion_timing_is_the_curators_inference(committed):
    """'6% (5/88) of patients presented an ERBB2 hemizygous deletion at baseline and four of
    them did not respond to T-DXd': no timing word."""
    g = committed.merged
    finding = ADCKG["daisy-ERBB2-hemizygous-deletion"]
    assert g.value(finding, ADCKO.hasResistanceTiming) is None
    assert g.value(finding, ADCKO.curatorInferredResistanceTiming) == ADCKO.PrimaryResistance
    upfront = ADCKG["daisy-driver-alterations"]  # '... associated with upfront resistance'
    assert g.value(upfront, ADCKO.hasResistanceTiming) == ADCKO.PrimaryResistance


def test_not_fully_proved_and_not_fully_evaluated_are_distinct(committed):
    g = committed.merged
    proved = ADCKG["receptor-mechanisms-TDM1-not-fully-proved"]  # 'even if not fully proved'
    assert g.value(proved, ADCKO.hasCertainty) == ADCKO.NotFullyProved
    evaluated = ADCKG["EGFR-overexpression-TDM1-not-fully-evaluated"]  # 'not fully evaluated'
    assert g.value(evaluated, ADCKO.hasCertainty) == ADCKO.NotFullyEvaluated
    assert ADCKO.NotFullyProved != ADCKO.NotFullyEvaluated


def test_binding_epitope_where_the_review_states_it(committed, source_text):
    g = committed.merged
    epitopes = {
        "XMT-1522": "different HER2 epitopes than trastuzumab",
        "zanidatamab-zovodotin": "2 different HER2 epitopes",
    }
    for rid, words in epitopes.items():
        assert g.value(ADCKG[rid], ADCKO.bindsEpitope) == Literal(words, lang="en")
        assert words in source_text
    assert g.value(T_DM1, ADCKO.bindsEpitope) is None  # the review gives none


def test_quotes_split_at_sentences_never_mix_cited_and_uncited(curation, source_text):
    mixed = []
    for key, quote in quotes_of(curation):
        pieces = citations.sentences(quote.text)
        marked = [bool(citations.cited(p)) for p in pieces]
        if any(marked) and not all(marked):
            mixed.append(key)
    assert mixed == []


def test_every_citation_is_the_sentences_own_or_its_paragraphs_closing_one(curation, source_text):
    anchors = anchor_all(curation, source_text)
    wrong, unapplied = [], []
    for key, quote in quotes_of(curation):
        a = anchors[key]
        own = citations.own_citations(source_text, a.start, a.end)
        closing = citations.closing_citations(source_text, a.start)
        wrong += [(key, n) for n in quote.refs if n not in own | closing]
        if not own and not closing <= set(quote.refs):
            unapplied.append(key)  # the paragraph rule: an uncited sentence takes the closing one
    assert wrong == []
    assert unapplied == []


def test_own_and_carried_citations_are_told_apart_in_the_graph(committed):
    """Section 3: 'BC cell lines depleted for SLX4 were treated with DXd ... kill them.' has no
    marker; the next sentence ends with [43], which closes the paragraph."""
    experiment, inference = (
        ADCKG["SLX4-depletion-DXd-in-vitro.q1"],
        ADCKG["SLX4-depletion-DXd-in-vitro.q2"],
    )
    ref43 = ADCKG["ref-43"]
    assert (experiment, ADCKO.citesAsParagraphEvidence, ref43) in committed.assertions
    assert (experiment, CITO.citesAsEvidence, ref43) not in committed.assertions
    assert (inference, CITO.citesAsEvidence, ref43) in committed.assertions
    assert (experiment, CITO.citesAsEvidence, ref43) in committed.inferred  # sub-property closure
    # Section 4.2's statin paragraph ends with [51]; its uncited sentences carry it.
    statin = ADCKG["statin-TDM1-retrospective-PFS.q1"]
    assert (statin, ADCKO.citesAsParagraphEvidence, ADCKG["ref-51"]) in committed.assertions


def test_display_text_removes_markup_and_keeps_the_words():
    exact = "*PIK3CA* in HER2_{low} and HER2^{low} mBC ($n = 72$), IC₅₀ ~0.3 vs. 1.6"
    assert display_text(exact) == "PIK3CA in HER2low and HER2low mBC (n = 72), IC₅₀ ~0.3 vs. 1.6"
    assert display_html("*de novo* <b>") == "<em>de novo</em> &lt;b&gt;"
    assert display_html("HER2_{low}") == "HER2<sub>low</sub>"


def test_every_quote_has_a_display_form_apart_from_its_anchor(committed):
    g = committed.merged
    quotes = list(g.subjects(RDF.type, OA.SpecificResource))
    assert quotes
    for quote in quotes:
        shown = g.value(quote, ADCKO.displayText)
        exact = next(g.objects(next(g.objects(quote, OA.hasSelector)), OA.exact), None)
        assert shown is not None, quote
        assert not any(mark in str(shown) for mark in ("*", "_{", "^{", "$")), quote
        assert exact is None or display_text(str(exact)) == str(shown)


def test_citation_markers_ranges_and_lists():
    assert citations.numbers("29–31") == {29, 30, 31}
    assert citations.numbers("40, 41") == {40, 41}
    assert citations.cited("as shown [1,2]. Then [11–13], and [5].") == {1, 2, 5, 11, 12, 13}


def test_sentences_do_not_end_at_abbreviations():
    text = "Discontinued in 35% (vs. 10%) of patients, e.g. for AEs [3]. Then more."
    assert citations.sentences(text) == [text[: text.index(" Then")], " Then more."]


def test_paragraph_closing_citation_crosses_a_page_break():
    text = "First sentence. Second one runs\n\nacross the break [7].\n\nNext paragraph [8].\n"
    assert citations.closing_citations(text, 0) == {7}
    assert citations.own_citations(text, 0, len("First sentence.")) == set()
    assert citations.closing_citations(text, text.index("Next")) == {8}
