"""Every factual paragraph of the review is quoted by at least one record."""

from __future__ import annotations

from adckg.curation.anchors import anchor_all
from adckg.curation.coverage import paragraph_coverage
from adckg.curation.load import load_curation
from adckg.curation.source_text import section_spans

from .conftest import PROJECT


def test_every_factual_paragraph_is_covered(source_text):
    curation = load_curation(PROJECT.curation_dir)
    spans = section_spans(source_text, list(curation.review.sections))
    paragraphs = paragraph_coverage(curation, source_text, spans, anchor_all(curation, source_text))
    missing = [f"§{p.section} ¶{p.index}: {p.text[:60]}" for p in paragraphs if not p.covered]
    assert not missing, "paragraphs without facts:\n" + "\n".join(missing)
    with_facts = [p for p in paragraphs if p.records]
    assert len(with_facts) > 150


def test_exempt_paragraphs_are_only_non_factual_kinds(source_text):
    curation = load_curation(PROJECT.curation_dir)
    sections = {e.section for e in curation.review.exemptions}
    # numbered sections may exempt only their statement of aim
    numbered = {s for s in sections if s[0].isdigit()}
    assert numbered <= {"1"}
    assert {e.starts_with for e in curation.review.exemptions if e.section == "1"} == {
        "This narrative review aims"
    }


def test_all_76_references_are_curated():
    curation = load_curation(PROJECT.curation_dir)
    assert sorted(r.number for r in curation.records("references")) == list(range(1, 77))
