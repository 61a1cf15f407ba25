"""Anchor every quote of the curation in its source's text (pure: texts in, anchors out).

The W3C Web Annotation way: the quote itself (TextQuoteSelector: exact, prefix,
suffix) is the anchor; its offsets (TextPositionSelector) are a hint valid in the
registered copy of the source, named by its SHA-256. The registered copy yields
offsets; any other faithful copy verifies the quotes (each found exactly once after
:func:`adckg.curation.normalize.normalise`), and the offsets then come from the committed
anchors file.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

from adckg.curation.citations import own_citations
from adckg.curation.load import Curation
from adckg.curation.models import ENTITY_LISTS, Quote, Review
from adckg.curation.normalize import normalise, occurrences
from adckg.curation.source_text import Anchor, Span, anchor_quote, section_spans
from adckg.errors import AnchoringFailed, CurationError

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
    own_refs: dict[QuoteKey, set[int]] = field(default_factory=dict)
    """Per quote, the references its own sentences cite (the rest of its ``refs`` come from
    its paragraph's closing citation); computed in the text, committed in the anchors file."""


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
            anchor = result.anchors[key]
            result.own_refs[key] = own_citations(text, anchor.start, anchor.end) & set(quote.refs)
        except ValueError as exc:
            origin = curation.origins[key[0]]
            stray = foreign_character(quote.text, text)
            raise CurationError(
                origin.path,
                origin.line,
                stray or f"{exc}; copy the words exactly from the text of source '{source.id}'",
                record=key[0],
            ) from None
    return result


def anchor_all(curation: Curation, text: str) -> dict[QuoteKey, Anchor]:
    """Anchors of the default source's quotes in its registered copy (one-source shortcut)."""
    return anchor_registered(curation, curation.review, text).anchors


def _fits(copy: str, at: int, exact: str, anchor: Anchor) -> bool:
    """Whether the occurrence at ``at`` has the anchor's prefix before it and suffix after it."""
    before = normalise(anchor.prefix)[-AFFIX:]
    after = normalise(anchor.suffix)[:AFFIX]
    return copy[:at].rstrip().endswith(before) and copy[at + len(exact) :].lstrip().startswith(
        after
    )


def _nearest(found: list[int], hint: float, size: int) -> bool:
    """Whether one occurrence is clearly nearest the position hint (a fraction of the text)."""
    distances = sorted(abs(at / max(size, 1) - hint) for at in found)
    return distances[0] < 0.05 and distances[1] - distances[0] > 0.2


def _count(whole: str, body: str | None, quote: Quote, anchor: Anchor | None, hint: float) -> int:
    """How many places of the copy the quote stands in: 1 when it is anchored without doubt.

    It is looked for in its section when the section was found, else in the whole copy;
    a repeated quote is singled out by its prefix and suffix, then (in the whole copy)
    by its position hint.
    """
    exact = normalise(quote.text)
    scope = whole if body is None else body
    found = occurrences(scope, exact)
    if len(found) <= 1 or anchor is None:
        return len(found)
    fitting = [at for at in found if _fits(scope, at, exact, anchor)]
    if len(fitting) == 1:
        return 1
    nearest = body is None and hint >= 0 and _nearest(fitting or found, hint, len(whole))
    return 1 if nearest else len(found)


def copy_sections(text: str, source: Review) -> tuple[str, dict[str, str]]:
    """The normalised copy, and the normalised body of each section whose heading opens a line.

    Lines are normalised one by one, so headings still open lines; a section whose
    heading is not found is left out (its quotes are then looked for in the whole copy).
    """
    lines = [line for line in (normalise(raw) for raw in text.splitlines()) if line]
    joined = "\n".join(lines)
    starts: list[tuple[str, int]] = []
    cursor = 0
    for section in source.sections:
        at = ("\n" + joined).find("\n" + normalise(section.heading), cursor)
        if at >= 0:
            starts.append((section.id, at))
            cursor = at + 1
    bodies = {
        sid: joined[start : starts[i + 1][1] if i + 1 < len(starts) else len(joined)]
        for i, (sid, start) in enumerate(starts)
    }
    return joined.replace("\n", " "), {k: v.replace("\n", " ") for k, v in bodies.items()}


def verify_copy(
    curation: Curation,
    source: Review,
    text: str,
    name: str,
    anchors: dict[QuoteKey, Anchor] | None = None,
    length: int = 0,
) -> list[str]:
    """Every quote of ``source`` that is missing from ``text`` or found more than once.

    Both sides are normalised. A quote is looked for in its section (found by its
    heading at the start of a line), else in the whole copy, where a repeated quote
    counts once if the prefix and suffix of its committed anchor, or its position
    hint (its offset as a fraction of the registered copy's ``length``), single one
    occurrence out, as Web Annotation clients re-anchor.
    """
    whole, bodies = copy_sections(text, source)
    problems: list[str] = []
    for key, quote in quotes_of_source(curation, source.id):
        anchor = (anchors or {}).get(key)
        hint = anchor.start / length if anchor is not None and length else -1.0
        count = _count(whole, bodies.get(quote.section), quote, anchor, hint)
        if count == 1:
            continue
        origin = curation.origins[key[0]]
        what = "missing" if count == 0 else f"ambiguous (found {count} times)"
        problems.append(
            f"{origin.path}:{origin.line} [{key[0]}] quote {key[1]}{key[2]} is {what} in"
            f" {name}: {quote.text[:60]!r}"
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


def foreign_character(quote: str, text: str) -> str | None:
    """Point at the first character of ``quote`` that the source's text never uses.

    A no-break or thin space pasted from a PDF looks like a space but matches nothing;
    naming it and its place is shorter and clearer than printing the quote.
    """
    for index, char in enumerate(quote):
        if char not in text:
            name = unicodedata.name(char, "unnamed character")
            around = quote[max(0, index - 20) : index + 20]
            return (
                f"quote has U+{ord(char):04X} ({name.lower()}) at character {index + 1}"
                f" ({around!r}), which the source's text never uses; retype it"
                + (" as an ordinary space" if char.isspace() else "")
            )
    return None
