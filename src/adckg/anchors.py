"""Anchor every quote of the curation in the review's text (pure: text in, anchors out)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from adckg.errors import CurationError
from adckg.load import Curation
from adckg.models import ENTITY_LISTS, Quote
from adckg.source_text import Anchor, Span, anchor_quote, section_spans

QuoteKey = tuple[str, str, int]  # (record id, "q" finding quote | "e" entity evidence, index)


def quotes_of(curation: Curation) -> Iterator[tuple[QuoteKey, Quote]]:
    """Every quote of every record, keyed by where it belongs."""
    for kind in (*ENTITY_LISTS, "approvals"):
        for record in curation.records(kind):
            for index, quote in enumerate(record.evidence, start=1):
                yield (record.id, "e", index), quote
    for finding in curation.records("findings"):
        for index, quote in enumerate(finding.quotes, start=1):
            yield (finding.id, "q", index), quote


def anchor_all(curation: Curation, text: str) -> dict[QuoteKey, Anchor]:
    """Locate each quote in its section.

    :raises CurationError: naming the record whose quote is not verbatim in its section.
    """
    spans: dict[str, Span] = section_spans(text, list(curation.review.sections))
    anchors: dict[QuoteKey, Anchor] = {}
    for key, quote in quotes_of(curation):
        try:
            anchors[key] = anchor_quote(text, spans[quote.section], quote.text)
        except ValueError as exc:
            origin = curation.origins[key[0]]
            raise CurationError(
                origin.path,
                origin.line,
                f"{exc}; copy the words exactly from the review",
                record=key[0],
            ) from None
    return anchors


def spans_of(curation: Curation, text: str) -> dict[str, Any]:
    """Section spans, for the coverage report and the section nodes."""
    return dict(section_spans(text, list(curation.review.sections)))
