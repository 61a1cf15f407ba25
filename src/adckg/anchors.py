"""Anchor every quote of the curation in the review's text (pure: text in, anchors out)."""

from __future__ import annotations

import unicodedata
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
            stray = foreign_character(quote.text, text)
            raise CurationError(
                origin.path,
                origin.line,
                stray or f"{exc}; copy the words exactly from the review",
                record=key[0],
            ) from None
    return anchors


def foreign_character(quote: str, text: str) -> str | None:
    """Point at the first character of ``quote`` that the review's text never uses.

    A no-break or thin space pasted from a PDF looks like a space but matches nothing;
    naming it and its place is shorter and clearer than printing the quote.
    """
    for index, char in enumerate(quote):
        if char not in text:
            name = unicodedata.name(char, "unnamed character")
            around = quote[max(0, index - 20) : index + 20]
            return (
                f"quote has U+{ord(char):04X} ({name.lower()}) at character {index + 1}"
                f" ({around!r}), which the review's text never uses; retype it"
                + (" as an ordinary space" if char.isspace() else "")
            )
    return None


def spans_of(curation: Curation, text: str) -> dict[str, Any]:
    """Section spans, for the coverage report and the section nodes."""
    return dict(section_spans(text, list(curation.review.sections)))
