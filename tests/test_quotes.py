"""Every quote in the graph is verbatim in the review, at the offsets the graph gives."""

from __future__ import annotations

import hashlib

from rdflib import RDF

from adckg.curation.anchors import quotes_of
from adckg.curation.load import load_curation
from adckg.prefixes import ADCKO, OA

from .conftest import PROJECT


def test_source_text_is_the_recorded_version(text_path):
    curation = load_curation(PROJECT.curation_dir)
    assert hashlib.sha256(text_path.read_bytes()).hexdigest() == curation.review.text_sha256


def test_every_quote_is_found_at_its_offsets(committed, source_text):
    g = committed.merged
    quotes = list(g.subjects(RDF.type, OA.SpecificResource))
    assert len(quotes) > 50
    for quote in quotes:
        exact = start = end = None
        for selector in g.objects(quote, OA.hasSelector):
            if (selector, RDF.type, OA.TextQuoteSelector) in g:
                exact = str(g.value(selector, OA.exact))
                prefix = str(g.value(selector, OA.prefix))
                suffix = str(g.value(selector, OA.suffix))
            else:
                start = int(g.value(selector, OA.start))
                end = int(g.value(selector, OA.end))
        assert source_text[start:end] == exact, quote
        assert source_text[:start].endswith(prefix), quote
        assert source_text[end:].startswith(suffix), quote


def test_every_quote_lies_inside_the_section_it_names(committed):
    g = committed.merged
    for quote in g.subjects(RDF.type, OA.SpecificResource):
        section = g.value(quote, ADCKO.inSection)
        lo, hi = int(g.value(section, OA.start)), int(g.value(section, OA.end))
        position = next(s for s in g.objects(quote, OA.hasSelector) if (s, OA.start, None) in g)
        assert lo <= int(g.value(position, OA.start)) < int(g.value(position, OA.end)) <= hi


def test_every_curation_quote_is_in_the_graph(committed):
    curation = load_curation(PROJECT.curation_dir)
    exacts = {str(o) for o in committed.merged.objects(None, OA.exact)}
    missing = [key for key, q in quotes_of(curation) if q.text not in exacts]
    assert not missing
