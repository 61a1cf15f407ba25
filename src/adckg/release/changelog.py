"""What changed since the previous release, triple by triple, so no edit drops facts silently.

When ``adckg build --version X`` starts a new release, the current release's parts
are kept as a *baseline* (sorted N-Triples, gzipped with a fixed timestamp so the
bytes are stable). Every build then compares its parts with that baseline and writes
``CHANGES.md``: triples added and removed per part, and the removed ones listed.
"""

from __future__ import annotations

import gzip
import io
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

BASELINE_VERSION_FILE = "VERSION"
LISTED = 200  # removed triples listed per part; the counts are always complete


@dataclass(frozen=True)
class Baseline:
    """The previous release: its version and each part's N-Triples lines."""

    version: str
    parts: dict[str, frozenset[str]]


def ntriples_lines(ntriples: bytes) -> frozenset[str]:
    """The set of N-Triples lines (one triple each) of a sorted N-Triples document."""
    return frozenset(line for line in ntriples.decode("utf-8").splitlines() if line.strip())


def read_baseline(folder: Path) -> Baseline | None:
    """The stored baseline, or None before the first versioned release."""
    version_file = folder / BASELINE_VERSION_FILE
    if not version_file.is_file():
        return None
    parts = {
        path.name.removesuffix(".nt.gz"): ntriples_lines(gzip.decompress(path.read_bytes()))
        for path in sorted(folder.glob("*.nt.gz"))
    }
    return Baseline(version_file.read_text(encoding="utf-8").strip(), parts)


def _gzip(data: bytes) -> bytes:
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as out:
        out.write(data)
    return buffer.getvalue()


def snapshot(folder: Path, version: str, parts: Mapping[str, bytes]) -> dict[Path, bytes]:
    """The files that store ``parts`` (sorted N-Triples) as the baseline of ``version``."""
    files = {folder / BASELINE_VERSION_FILE: f"{version}\n".encode()}
    for name, ntriples in sorted(parts.items()):
        files[folder / f"{name}.nt.gz"] = _gzip(ntriples)
    return files


@dataclass(frozen=True)
class PartChange:
    """Triples added to and removed from one part since the baseline."""

    part: str
    before: int
    after: int
    added: tuple[str, ...]
    removed: tuple[str, ...]


def compare(baseline: Baseline, parts: Mapping[str, bytes]) -> list[PartChange]:
    """Added and removed triples per part (blank-node triples compare by canonical label)."""
    changes = []
    for name in sorted(set(baseline.parts) | set(parts)):
        old = baseline.parts.get(name, frozenset())
        new = ntriples_lines(parts[name]) if name in parts else frozenset()
        changes.append(
            PartChange(name, len(old), len(new), tuple(sorted(new - old)), tuple(sorted(old - new)))
        )
    return changes


def render(version: str, baseline: Baseline | None, changes: list[PartChange]) -> bytes:
    """CHANGES.md for this release."""
    if baseline is None:
        first = "First release: no previous release to compare."
        return f"# Changes in adckg {version}\n\n{first}\n".encode()
    lines = [
        f"# Changes in adckg {version}",
        "",
        f"Compared with release {baseline.version}, triple by triple"
        " (sorted N-Triples of each part).",
        "",
        f"| part | triples in {baseline.version} | triples in {version} | added | removed |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for c in changes:
        lines.append(f"| {c.part} | {c.before} | {c.after} | {len(c.added)} | {len(c.removed)} |")
    for c in changes:
        if not c.removed:
            continue
        lines += ["", f"## Removed from {c.part} ({len(c.removed)})", ""]
        lines += [f"- `{t}`" for t in c.removed[:LISTED]]
        if len(c.removed) > LISTED:
            lines.append(f"- ... and {len(c.removed) - LISTED} more")
    return ("\n".join(lines) + "\n").encode("utf-8")
