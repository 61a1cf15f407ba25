"""A source's full text: find it, find its sections and anchor quotes to character offsets.

The text itself is not part of the project (it is the publisher's article); the
registry records the SHA-256 of the registered copy, and every quote is located
inside the section it cites, the way W3C Web Annotation selectors do (exact text,
prefix, suffix, and start/end offsets counted in Unicode code points).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from adckg.curation.models import Review, Section
from adckg.errors import SourceTextError

SOURCE_ENV = "ADCKG_SOURCE_TEXT"
CONTEXT = 32


@dataclass(frozen=True)
class Anchor:
    """Where a quote stands in a source's registered copy."""

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
    """Where the default source's text is looked for: $ADCKG_SOURCE_TEXT, else its text_file."""
    override = os.environ.get(SOURCE_ENV)
    if override and "=" not in override:
        return Path(override)
    return (repo_root / text_file).resolve()


def text_overrides(value: str | None) -> tuple[Path | None, dict[str, Path]]:
    """Parse ``PATH`` (the default source's text) or ``ID=PATH[<pathsep>ID=PATH...]``."""
    if not value:
        return None, {}
    if "=" not in value:
        return Path(value), {}
    pairs: dict[str, Path] = {}
    for item in value.split(os.pathsep):
        source_id, sep, path = item.partition("=")
        if not sep or not source_id or not path:
            raise SourceTextError(f"{SOURCE_ENV}: {item!r} is neither a path nor SOURCE-ID=PATH")
        pairs[source_id.strip()] = Path(path)
    return None, pairs


def text_path(repo_root: Path, source: Review, is_default: bool, given: str | None) -> Path:
    """Where one source's text is looked for: ``given`` (or $ADCKG_SOURCE_TEXT), else text_file."""
    plain, pairs = text_overrides(given if given is not None else os.environ.get(SOURCE_ENV))
    if source.id in pairs:
        return pairs[source.id]
    if plain is not None and is_default:
        return plain
    return (repo_root / source.text_file).resolve()


def where_to_get(source: Review, path: Path) -> str:
    """One sentence saying how to provide a source's text."""
    obtain = f" ({source.obtain})" if source.obtain else ""
    return (
        f"put the text of source '{source.id}' (doi:{source.doi}){obtain} at {path}, or set"
        f" {SOURCE_ENV} to its path (several sources: {SOURCE_ENV}=ID=PATH{os.pathsep}ID=PATH)"
    )


def sha256_of(data: bytes) -> str:
    """The hex SHA-256 that names a copy of a text."""
    return hashlib.sha256(data).hexdigest()


def read_text(path: Path, expected_sha256: str) -> str:
    """Read a source's registered copy; any other version is refused (offsets count in it)."""
    if not path.is_file():
        raise SourceTextError(f"no text at {path}: set {SOURCE_ENV} to the source's text")
    data = path.read_bytes()
    digest = sha256_of(data)
    if digest != expected_sha256:
        raise SourceTextError(
            f"{path} has SHA-256 {digest}, but the registered copy has {expected_sha256}"
            " (kg/sources/<id>.yaml: text_sha256); quote offsets would be wrong"
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
                " a line after the previous section (kg/sources/<id>.yaml: sections)"
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
