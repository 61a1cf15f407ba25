"""The release version: one value, in every file whose format asks for it.

The package's version is said once, in ``adckg/__init__.py`` (``pyproject.toml`` reads it
from there). The data files must carry it themselves, because their formats have a field
for it: the ontology's ``owl:versionInfo``, the SSSOM header's ``mapping_set_version``
and ``CITATION.cff``'s ``version``. ``adckg build --version X`` rewrites them together
through :func:`versioned_files`; a test checks they agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from adckg.errors import InputError

SEMANTIC_VERSION = re.compile(r"[0-9]+\.[0-9]+\.[0-9]+(?:[-+][0-9A-Za-z.-]+)?")


@dataclass(frozen=True)
class Place:
    """Where a file says the version: its path in the checkout, and the one line that does.

    ``pattern`` has three groups: the text before the version, the version, the text after.
    """

    path: str
    pattern: re.Pattern[str]
    required: bool = False


PLACES: tuple[Place, ...] = (
    Place("ontology/adckg-edit.ttl", re.compile(r'(owl:versionInfo\s+")([^"]*)(")'), True),
    Place("kg/mappings/adckg.sssom.tsv", re.compile(r"(?m)^(#mapping_set_version: )(\S+)()$")),
    Place("src/adckg/__init__.py", re.compile(r'(?m)^(__version__ = ")([^"]*)(")$')),
    Place("CITATION.cff", re.compile(r"(?m)^(version: )(\S+)()$")),
)


def check_version(version: str) -> str:
    """``version`` if it is a semantic version; else an error that says what one looks like."""
    if not SEMANTIC_VERSION.fullmatch(version):
        raise InputError(
            f"version {version!r} is not a semantic version such as 0.2.0 (MAJOR.MINOR.PATCH)"
        )
    return version


def _only_match(path: Path, place: Place, text: str) -> re.Match[str]:
    found = list(place.pattern.finditer(text))
    if len(found) != 1:
        raise InputError(
            f"{path}: expected exactly one version line ({place.pattern.pattern}) to update,"
            f" found {len(found)}"
        )
    return found[0]


def versions_said(root: Path) -> dict[str, str]:
    """The version each file of the checkout says, by its path (absent optional files left out)."""
    said = {}
    for place in PLACES:
        path = root / place.path
        if path.is_file() or place.required:
            said[place.path] = _only_match(path, place, path.read_text(encoding="utf-8"))[2]
    return said


def set_version(path: Path, place: Place, version: str) -> bytes:
    """The file's bytes with its one version line set to ``version``."""
    check_version(version)
    text = path.read_text(encoding="utf-8")
    match = _only_match(path, place, text)
    new = text[: match.start(2)] + version + text[match.end(2) :]
    return new.encode("utf-8")


def versioned_files(root: Path, version: str) -> dict[Path, bytes]:
    """Every version-carrying file of the checkout, set to ``version``; nothing is written.

    All files are read and checked before any is returned, so a wrong version or an
    unreadable version line leaves every file as it was.
    """
    check_version(version)
    return {
        root / place.path: set_version(root / place.path, place, version)
        for place in PLACES
        if place.required or (root / place.path).is_file()
    }
