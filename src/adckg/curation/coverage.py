"""Which paragraphs of the review the curation covers, and which it leaves out (and why)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from adckg.curation.anchors import QuoteKey
from adckg.curation.load import Curation
from adckg.curation.source_text import Anchor, Span, paragraphs


@dataclass
class Paragraph:
    """One non-empty line of a section, with the records quoting it."""

    section: str
    index: int
    start: int
    end: int
    text: str
    records: list[str] = field(default_factory=list)
    exemption: str | None = None

    @property
    def covered(self) -> bool:
        return bool(self.records) or self.exemption is not None


def paragraph_coverage(
    curation: Curation, text: str, spans: dict[str, Span], anchors: dict[QuoteKey, Anchor]
) -> list[Paragraph]:
    """Every paragraph of every section, with the records whose quotes fall in it."""
    exemptions = curation.review.exemptions
    numbers = {ref.number for ref in curation.records("references")}
    result: list[Paragraph] = []
    for section in curation.review.sections:
        span = spans[section.id]
        for index, (start, end) in enumerate(paragraphs(text, span), start=1):
            body = text[start:end]
            para = Paragraph(section.id, index, start, end, body)
            for key, anchor in anchors.items():
                if anchor.start < end and anchor.end > start and key[0] not in para.records:
                    para.records.append(key[0])
            listed = re.match(r"([0-9]+)\. ", body)
            if section.id == "references" and listed and int(listed.group(1)) in numbers:
                para.records.append(f"ref-{listed.group(1)}")
            if body.startswith(section.heading) and len(body) < 120 and not para.records:
                para.exemption = "section heading"
            for exemption in exemptions:
                if exemption.section == section.id and (
                    exemption.starts_with is None or body.startswith(exemption.starts_with)
                ):
                    para.exemption = exemption.reason
                    break
            result.append(para)
    return result


def render(paragraphs_: list[Paragraph], only_missing: bool = False, width: int = 70) -> str:
    """The coverage report as text: one line per paragraph, then totals."""
    lines = []
    for p in paragraphs_:
        if only_missing and p.covered:
            continue
        if p.records:
            status = f"{len(p.records):>3} record(s): {', '.join(sorted(p.records))}"
        elif p.exemption:
            status = f"  - exempt: {p.exemption}"
        else:
            status = "  ! NOT COVERED"
        excerpt = p.text[:width].replace("\t", " ")
        lines.append(f"§{p.section:<14} ¶{p.index:<3} {excerpt!r}\n      {status}")
    total = len(paragraphs_)
    with_records = sum(1 for p in paragraphs_ if p.records)
    exempt = sum(1 for p in paragraphs_ if not p.records and p.exemption)
    missing = total - with_records - exempt
    lines.append(
        f"paragraphs: {total}, with facts: {with_records}, exempt: {exempt}, not covered: {missing}"
    )
    return "\n".join(lines)
