"""Anchor every quote of the curation in its source's text (pure: texts in, anchors out).

The W3C Web Annotation way: the quote itself (TextQuoteSelector: exact, prefix,
suffix) is the anchor; its offsets (TextPositionSelector) are a hint valid in the
registered copy of the source, named by its SHA-256. The registered copy yields
offsets; any other faithful copy verifies the quotes (each found exactly once after
:func:`adckg.normalize.normalise`), and the offsets then come from the committed
anchors file.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from adckg.errors import AnchoringFailed, CurationError
from adckg.load import Curation
from adckg.models import ENTITY_LISTS, Quote, Review
from adckg.normalize import normalise, occurrences
from adckg.source_text import Anchor, Span, anchor_quote, section_spans

QuoteKey = tuple[str, str, int]  # (record id, "q" finding quote | "e" entity evidence, index)
AFFIX = 16  # normalised characters of prefix and suffix that disambiguate a repeated quote


@dataclass
class Anchoring:
    """Offsets of every quote and section in the registered copy of its source.

    ``verified`` says, per source, how the quotes were checked: ``registered`` (the
    registered copy was read), ``copy`` (another faithful copy was read) or
    ``anchors`` (no text: the committed anchors were used unverified).
    """

    anchors: dict[QuoteKey, Anchor] = field(default_factory=dict)
    spans: dict[str, dict[str, Span]] = field(default_factory=dict)
    lengths: dict[str, int] = field(default_factory=dict)
    verified: dict[str, str] = field(default_factory=dict)


def quotes_of(curation: Curation) -> Iterator[tuple[QuoteKey, Quote]]:
    """Every quote of every record, keyed by where it belongs."""
    for kind in (*ENTITY_LISTS, "approvals"):
        for record in curation.records(kind):
            for index, quote in enumerate(record.evidence, start=1):
                yield (record.id, "e", index), quote
    for finding in curation.records("findings"):
        for index, quote in enumerate(finding.quotes, start=1):
            yield (finding.id, "q", index), quote


def quotes_of_source(curation: Curation, source_id: str) -> Iterator[tuple[QuoteKey, Quote]]:
    """The quotes that belong to one source."""
    for key, quote in quotes_of(curation):
        if curation.source_of(quote) == source_id:
            yield key, quote


def anchor_registered(curation: Curation, source: Review, text: str) -> Anchoring:
    """Offsets of the source's sections and quotes in its registered copy.

    :raises CurationError: naming the record whose quote is not verbatim in its section.
    """
    spans = section_spans(text, list(source.sections))
    result = Anchoring(spans={source.id: spans}, lengths={source.id: len(text)})
    result.verified[source.id] = "registered"
    for key, quote in quotes_of_source(curation, source.id):
        try:
            result.anchors[key] = anchor_quote(text, spans[quote.section], quote.text)
        except ValueError as exc:
            origin = curation.origins[key[0]]
            raise CurationError(
                origin.path,
                origin.line,
                f"{exc}; copy the words exactly from the text of source '{source.id}'",
                record=key[0],
            ) from None
    return result


def anchor_all(curation: Curation, text: str) -> dict[QuoteKey, Anchor]:
    """Anchors of the default source's quotes in its registered copy (one-source shortcut)."""
    return anchor_registered(curation, curation.review, text).anchors


def _one_place(copy: str, quote: Quote, anchor: Anchor | None) -> tuple[int, int]:
    """(occurrences, occurrences that also fit the anchor's prefix and suffix)."""
    found = occurrences(copy, normalise(quote.text))
    if len(found) <= 1 or anchor is None:
        return len(found), len(found)
    exact = normalise(quote.text)
    before = normalise(anchor.prefix)[-AFFIX:]
    after = normalise(anchor.suffix)[:AFFIX]
    fitting = [
        at
        for at in found
        if copy[:at].rstrip().endswith(before)
        and copy[at + len(exact) :].lstrip().startswith(after)
    ]
    return len(found), len(fitting)


def verify_copy(
    curation: Curation,
    source: Review,
    text: str,
    name: str,
    anchors: dict[QuoteKey, Anchor] | None = None,
) -> list[str]:
    """Every quote of ``source`` that is missing from ``text`` or found more than once.

    Both sides are normalised; a quote found several times counts once if the
    prefix and suffix of its committed anchor single one occurrence out.
    """
    copy = normalise(text)
    problems: list[str] = []
    for key, quote in quotes_of_source(curation, source.id):
        total, fitting = _one_place(copy, quote, (anchors or {}).get(key))
        if fitting == 1 or total == 1:
            continue
        origin = curation.origins[key[0]]
        what = "missing" if total == 0 else f"ambiguous (found {total} times)"
        problems.append(
            f"{origin.path}:{origin.line} [{key[0]}] quote {key[1]}{key[2]} is {what} in {name}:"
            f" {quote.text[:60]!r}"
        )
    return problems


def require_faithful(problems: list[str], source: Review, name: str) -> None:
    """Stop with one line per quote when a copy is not faithful."""
    if problems:
        raise AnchoringFailed(
            f"{name} is not a faithful copy of source '{source.id}': {len(problems)} quote(s)"
            " not found exactly once (fix the quote or use the registered copy, SHA-256"
            f" {source.text_sha256}):\n" + "\n".join(problems)
        )


def spans_of(curation: Curation, text: str) -> dict[str, Any]:
    """Section spans of the default source, for the coverage report."""
    return dict(section_spans(text, list(curation.review.sections)))
