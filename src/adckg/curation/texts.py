"""Anchor every source's quotes from whatever text is at hand (I/O at the edge of anchoring).

Per source: the registered copy gives fresh offsets (and regenerates the anchors
file); another faithful copy verifies every quote and the committed offsets are
used; no text at all builds from the committed offsets, and says so.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from adckg.curation.anchorfile import FILE_NAME, read_anchors, render
from adckg.curation.anchors import Anchoring, anchor_registered, require_faithful, verify_copy
from adckg.curation.load import Curation
from adckg.curation.models import Review
from adckg.curation.source_text import (
    SOURCE_ENV,
    sha256_of,
    text_overrides,
    text_path,
    where_to_get,
)
from adckg.errors import SourceTextError


@dataclass
class SourceAnchoring:
    """The anchors of all sources, what was verified, and the anchors file to write."""

    anchoring: Anchoring
    notes: list[str] = field(default_factory=list)
    files: dict[Path, bytes] = field(default_factory=dict)


def _merge(into: Anchoring, part: Anchoring) -> None:
    into.anchors.update(part.anchors)
    into.spans.update(part.spans)
    into.lengths.update(part.lengths)
    into.verified.update(part.verified)
    into.own_refs.update(part.own_refs)


def anchor_one(
    curation: Curation, source: Review, path: Path, anchors_file: Path
) -> tuple[Anchoring, str | None]:
    """One source's anchors from the text at ``path`` (or the anchors file), and a note."""
    if not path.is_file():
        committed = read_anchors(anchors_file, curation, source, "anchors")
        note = (
            f"quotes of source '{source.id}' were not re-verified against a text (offsets from"
            f" {anchors_file.name}); to verify them, {where_to_get(source, path)}"
        )
        return committed, note
    data = path.read_bytes()
    text = data.decode("utf-8", errors="replace")
    if sha256_of(data) == source.text_sha256:
        return anchor_registered(curation, source, text), None
    committed = read_anchors(anchors_file, curation, source, "copy")
    require_faithful(
        verify_copy(
            curation, source, text, str(path), committed.anchors, committed.lengths[source.id]
        ),
        source,
        str(path),
    )
    note = (
        f"quotes of source '{source.id}' verified in {path.name}, a copy other than the"
        f" registered one; offsets refer to the registered copy (SHA-256 {source.text_sha256})"
    )
    return committed, note


def anchor_sources(
    curation: Curation, repo_root: Path, curation_dir: Path, given: str | None = None
) -> SourceAnchoring:
    """Anchors of every registered source; ``given`` is a path or ID=PATH list (else env)."""
    anchors_file = curation_dir / FILE_NAME
    result = SourceAnchoring(Anchoring())
    default_id = curation.review.id
    plain, pairs = text_overrides(given if given is not None else os.environ.get(SOURCE_ENV))
    for source in curation.sources.values():
        path = text_path(repo_root, source, source.id == default_id, given)
        named = source.id in pairs or (plain is not None and source.id == default_id)
        if named and not path.is_file():
            raise SourceTextError(
                f"no file at {path}, named as the text of source '{source.id}' by"
                f" {'--source-text' if given is not None else SOURCE_ENV}; fix the path, or"
                " leave it unset to build from the committed anchors"
            )
        part, note = anchor_one(curation, source, path, anchors_file)
        _merge(result.anchoring, part)
        if note:
            result.notes.append(note)
    if "registered" in result.anchoring.verified.values():
        result.files[anchors_file] = render(
            curation, result.anchoring, list(curation.sources.values())
        )
    return result
