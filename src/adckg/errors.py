"""Errors a user can act on; the CLI prints them in one line, never a traceback."""

from __future__ import annotations

from pathlib import Path


class AdckgError(Exception):
    """A problem the user can fix; ``str()`` is the whole message."""


class CurationError(AdckgError):
    """A curation file is wrong at a known place."""

    def __init__(self, path: Path | str, line: int | None, message: str, record: str | None = None):
        self.path = Path(path)
        self.line = line
        self.record = record
        self.message = message
        where = f"{self.path}:{line}" if line else f"{self.path}"
        who = f" [{record}]" if record else ""
        super().__init__(f"{where}:{who} {message}")


class SourceTextError(AdckgError):
    """A source's text is missing or is not the version the curation was made on."""


class AnchoringFailed(AdckgError):
    """Quotes could not be anchored: one line per quote, naming its file, line and record."""


class ReasonerError(AdckgError):
    """The reasoner could not run, or found the ontology inconsistent."""


class ValidationFailed(AdckgError):
    """The graph violates its SHACL shapes."""


class InputError(AdckgError):
    """An RDF or query file given on the command line cannot be used."""


class StoreError(AdckgError):
    """A triple store could not be reached, or refused a request."""
