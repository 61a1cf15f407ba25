"""Register a new source from its text, and re-anchor a source's quotes in another copy.

Pure where it can be: :func:`propose_source` reads a text and returns the registry
record a curator then completes (authors, dates, license); :func:`reanchor_report`
says, quote by quote, whether a copy can become the registered one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from adckg.curation.anchors import quotes_of_source
from adckg.curation.load import Curation
from adckg.curation.models import Review
from adckg.curation.normalize import normalise
from adckg.curation.source_text import anchor_quote, section_spans

# Headings a plain-text article opens a line with: numbered sections, and the usual
# unnumbered parts (matched at the start of a line, case as printed).
_NUMBERED = re.compile(r"^([0-9]+(?:\.[0-9]+)*)\.?\s+([A-Z][^\n]{0,80})$")
_NAMED = re.compile(
    r"^(Simple Summary|Abstract|Background|Introduction|Methods|Materials and Methods|Results"
    r"|Discussion|Conclusions?|Abbreviations|References|Acknowledgements?|Author Contributions"
    r"|(?:Table|Figure) [0-9]+)(?=[.:]|\s*$)[.:]?"
)
_REFERENCE = re.compile(r"^([0-9]{1,4})\.\s+\S")
_YEAR = re.compile(r"\b(19[5-9][0-9]|20[0-9]{2})\b")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def propose_sections(text: str) -> list[dict[str, str]]:
    """Sections from the lines that look like headings, in text order, up to References."""
    sections: list[dict[str, str]] = []
    seen: set[str] = set()
    for line in text.splitlines():
        line = line.strip()
        numbered = _NUMBERED.match(line)
        named = _NAMED.match(line)
        if numbered and len(line) <= 90:
            number, title = numbered.groups()
            entry = {"id": number, "number": number, "title": title.strip(), "heading": line}
        elif named:
            title = named.group(1)
            entry = {"id": _slug(title), "title": title, "heading": named.group(0)}
        else:
            continue
        if entry["id"] in seen:
            continue
        seen.add(entry["id"])
        sections.append(entry)
        if entry["id"] == "references":
            break  # numbered lines after it are references, not sections
    return sections


def count_references(text: str) -> int:
    """The highest "N. " entry number after the line that opens with "References"."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.strip() == "References"), None)
    if start is None:
        return 0
    numbers = [int(m.group(1)) for line in lines[start + 1 :] if (m := _REFERENCE.match(line))]
    return max(numbers, default=0)


def propose_source(
    source_id: str,
    doi: str,
    text: str,
    sha256: str,
    text_file: str,
    kind: str = "research-article",
    title: str | None = None,
    year: int | None = None,
) -> dict[str, Any]:
    """A registry record for a new source: what the text shows, the rest left to the curator."""
    first = next((line.strip() for line in text.splitlines() if line.strip()), source_id)
    if year is None:
        found = _YEAR.search("\n".join(text.splitlines()[:40]))
        year = int(found.group(1)) if found else None
    record: dict[str, Any] = {
        "id": source_id,
        "kind": kind,
        "title": title or first,
        "doi": doi,
        "year": year,
        "reference_count": count_references(text),
        "tables": {},
        "authors": [],
        "text_file": text_file,
        "text_sha256": sha256,
        "sections": propose_sections(text),
    }
    return record


@dataclass(frozen=True)
class QuoteCheck:
    """How one quote stands in a candidate copy."""

    where: str  # "file:line [record] qN"
    state: str  # verbatim | normalised-only | missing | ambiguous | no-section
    detail: str = ""


def reanchor_report(curation: Curation, source: Review, text: str) -> list[QuoteCheck]:
    """Quote by quote: can ``text`` become the registered copy of ``source``?

    A quote must stand verbatim, once, in its section (offsets count in that copy);
    one found only after normalisation must be rewritten as the copy prints it.
    """
    try:
        spans = section_spans(text, list(source.sections))
    except Exception as exc:  # noqa: BLE001 - a heading missing is reported, not raised
        return [QuoteCheck(f"kg/sources/{source.id}.yaml", "no-section", str(exc))]
    copy = normalise(text)
    checks: list[QuoteCheck] = []
    for key, quote in quotes_of_source(curation, source.id):
        origin = curation.origins[key[0]]
        where = f"{origin.path}:{origin.line} [{key[0]}] {key[1]}{key[2]}"
        try:
            anchor_quote(text, spans[quote.section], quote.text)
            checks.append(QuoteCheck(where, "verbatim"))
        except ValueError as exc:
            message = str(exc)
            if "more than once" in message:
                checks.append(QuoteCheck(where, "ambiguous", message))
            elif normalise(quote.text) in copy:
                checks.append(
                    QuoteCheck(where, "normalised-only", "write the quote as this copy prints it")
                )
            else:
                checks.append(QuoteCheck(where, "missing", message))
    return checks
