"""The review's full text: find sections and anchor quotes to character offsets.

The text itself is not part of the project (it is the publisher's article); the
curation records its SHA-256, and every quote is located inside the section it
cites, the way W3C Web Annotation selectors do (exact text, prefix, suffix, and
start/end offsets counted in Unicode code points).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from adckg.errors import SourceTextError
from adckg.models import Section

SOURCE_ENV = "ADCKG_SOURCE_TEXT"
CONTEXT = 32


@dataclass(frozen=True)
class Anchor:
    """Where a quote stands in the review's text."""

    exact: str
    start: int
    end: int
    prefix: str
    suffix: str


@dataclass(frozen=True)
class Span:
    """A section's extent in the text: [start, end) in code points."""

    section: str
    start: int
    end: int


def default_text_path(repo_root: Path, text_file: str) -> Path:
    """Where the review's text is looked for: $ADCKG_SOURCE_TEXT, else beside the repo."""
    override = os.environ.get(SOURCE_ENV)
    if override:
        return Path(override)
    return (repo_root / text_file).resolve()


def read_text(path: Path, expected_sha256: str) -> str:
    """Read the review's text and check it is the version the curation was made on."""
    if not path.is_file():
        raise SourceTextError(
            f"the review's text is not at {path}. Put the plain-text full text of Guidi et al."
            f" 2023 (doi:10.3390/cancers15041130) there, or set {SOURCE_ENV} to its path"
        )
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != expected_sha256:
        raise SourceTextError(
            f"{path} has SHA-256 {digest}, but the curation was made on {expected_sha256}"
            " (kg/curation/review.yaml: text_sha256); quote offsets would be wrong"
        )
    return data.decode("utf-8")


def section_spans(text: str, sections: list[Section]) -> dict[str, Span]:
    """Locate each section by its heading, which must open a line, in document order."""
    spans: list[tuple[str, int]] = []
    cursor = 0
    for section in sections:
        needle = "\n" + section.heading
        at = text.find(needle, cursor)
        if at < 0:
            raise SourceTextError(
                f"section '{section.id}': heading {section.heading!r} not found at the start of"
                " a line after the previous section (kg/curation/review.yaml: sections)"
            )
        spans.append((section.id, at + 1))
        cursor = at + 1
    result: dict[str, Span] = {}
    for index, (section_id, start) in enumerate(spans):
        end = spans[index + 1][1] if index + 1 < len(spans) else len(text)
        result[section_id] = Span(section_id, start, end)
    return result


def anchor_quote(text: str, span: Span, exact: str) -> Anchor:
    """Find ``exact`` once inside ``span``.

    :raises ValueError: when the quote is absent from the section or occurs twice in it.
    """
    body = text[span.start : span.end]
    first = body.find(exact)
    if first < 0:
        where = text.find(exact)
        hint = " (it occurs elsewhere in the text: check the section)" if where >= 0 else ""
        raise ValueError(
            f"quote not found verbatim in section {span.section}{hint}: {exact[:60]!r}..."
        )
    if body.find(exact, first + 1) >= 0:
        raise ValueError(
            f"quote occurs more than once in section {span.section}; quote more words: "
            f"{exact[:60]!r}"
        )
    start = span.start + first
    end = start + len(exact)
    return Anchor(
        exact=exact,
        start=start,
        end=end,
        prefix=text[max(0, start - CONTEXT) : start],
        suffix=text[end : end + CONTEXT],
    )


def paragraphs(text: str, span: Span) -> list[tuple[int, int]]:
    """Non-empty lines of a section as (start, end) offsets; a line is a paragraph here."""
    result: list[tuple[int, int]] = []
    position = span.start
    for line in text[span.start : span.end].split("\n"):
        stripped = line.strip()
        if stripped:
            offset = position + line.index(stripped[0])
            result.append((offset, offset + len(stripped)))
        position += len(line) + 1
    return result
