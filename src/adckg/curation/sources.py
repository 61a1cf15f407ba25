"""The source registry: one ``kg/sources/<id>.yaml`` per publication the curation quotes.

A source is data, not code: its bibliographic record, where its text is obtained,
the SHA-256 of the registered copy (the one quote offsets count in), its section
layout, its number of references and table rows. Adding a paper adds a file here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from adckg.curation.models import Review, SourceFile
from adckg.curation.yamlio import locate, read_yaml
from adckg.errors import CurationError


@dataclass(frozen=True)
class Registry:
    """The registered sources by id, and the file each was read from."""

    sources: dict[str, Review]
    paths: dict[str, Path] = field(default_factory=dict)

    def default(self) -> Review:
        """The source of a quote that names none: the one flagged ``default``, or the only one."""
        flagged = [s for s in self.sources.values() if s.default]
        if len(flagged) == 1:
            return flagged[0]
        if not flagged and len(self.sources) == 1:
            return next(iter(self.sources.values()))
        raise CurationError(
            next(iter(self.paths.values()), Path("kg/sources")),
            None,
            f"{len(flagged)} sources say 'default: true'; exactly one must, when several are"
            " registered (quotes without 'source:' belong to it)",
        )


def read_source(path: Path) -> Review:
    """One registry file, validated; an error names the file and line."""
    data = read_yaml(path)
    try:
        return SourceFile.model_validate(data).source
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = tuple(first["loc"])
        where = locate(data, loc) if isinstance(data, dict) else None
        name = ".".join(str(p) for p in loc)
        raise CurationError(path, where, f"{name}: {first['msg']}") from None


def load_registry(directory: Path) -> Registry:
    """Every ``*.yaml`` of the registry folder; ids must be unique and match the file name."""
    paths = sorted(directory.glob("*.yaml")) if directory.is_dir() else []
    if not paths:
        raise CurationError(
            directory,
            None,
            "no registered source (kg/sources/<id>.yaml); register one with `adckg source add`",
        )
    sources: dict[str, Review] = {}
    origins: dict[str, Path] = {}
    for path in paths:
        source = read_source(path)
        if source.id != path.stem:
            raise CurationError(
                path, None, f"source id '{source.id}' must match the file name ({path.stem}.yaml)"
            )
        sources[source.id] = source
        origins[source.id] = path
    registry = Registry(dict(sorted(sources.items())), origins)
    registry.default()
    return registry
