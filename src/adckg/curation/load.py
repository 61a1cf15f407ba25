"""Load the curation files, check them against the schema and against each other."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from adckg.curation.models import ENTITY_LISTS, CurationFile, Record, Review
from adckg.curation.sources import Registry, load_registry
from adckg.curation.yamlio import LineDict, locate, read_yaml
from adckg.errors import CurationError


@dataclass(frozen=True)
class Origin:
    """Where a record was written: the file and line a curator can jump to."""

    path: Path
    line: int


@dataclass
class Curation:
    """All records of all curation files, merged, with their origins and registered sources."""

    registry: Registry
    files: dict[Path, CurationFile]
    origins: dict[str, Origin] = field(default_factory=dict)

    @property
    def sources(self) -> dict[str, Review]:
        """Registered sources by id, in id order."""
        return self.registry.sources

    @property
    def review(self) -> Review:
        """The default source (the one a quote without ``source:`` belongs to)."""
        return self.registry.default()

    def source_of(self, item: Any) -> str:
        """The id of the source a quote, reference or table row belongs to."""
        return getattr(item, "source", None) or self.registry.default().id

    def records(self, kind: str) -> list[Any]:
        """All records of one top-level kind, in file order then record order."""
        return [record for path in sorted(self.files) for record in getattr(self.files[path], kind)]


def _record_name(data: Any, loc: tuple[int | str, ...]) -> str | None:
    if len(loc) >= 2 and isinstance(data, LineDict) and isinstance(loc[1], int):
        items = data.get(str(loc[0]))
        if isinstance(items, list) and loc[1] < len(items) and isinstance(items[loc[1]], dict):
            item = items[loc[1]]
            if "id" in item:
                return str(item["id"])
            if "number" in item:
                return f"reference {item['number']}"
    return None


def _explain(err: dict[str, Any]) -> str:
    loc = ".".join(str(p) for p in err["loc"])
    kind = err["type"]
    if kind == "extra_forbidden":
        return f"unknown field '{err['loc'][-1]}' at {loc}: remove it or fix its spelling"
    if kind == "missing":
        return f"missing required field '{err['loc'][-1]}' at {loc}"
    got = err.get("input")
    if kind == "value_error":
        return f"{loc}: {str(err['msg']).removeprefix('Value error, ')}"
    surprise = _yaml_surprise(got)
    if surprise:
        return f"{loc}: {err['msg']}; {surprise}"
    return f"{loc}: {err['msg']} (got {got!r})"


def _yaml_surprise(value: Any) -> str | None:
    """What YAML 1.1 made of an unquoted value the schema wanted as text, and the fix."""
    if isinstance(value, bool):
        word = "yes/no/on/off/true/false"
        return f"YAML read an unquoted {word} as {str(value).lower()}; quote it if you meant text"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return f'YAML read an unquoted date as a date ({value.isoformat()}); quote it: "{value}"'
    return None


def parse_file(path: Path) -> tuple[CurationFile, Any]:
    """Read one curation file and validate it against the schema.

    :returns: the validated records and the line-aware data they were read from.
    """
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise CurationError(path, getattr(data, "line", 1), "the file must be a mapping of lists")
    if "review" in data:
        raise CurationError(
            path,
            locate(data, ("review",)),
            "a source is no longer described in the curation: move this 'review:' block to"
            " kg/sources/<id>.yaml under the key 'source:' (docs/curation-guide.md)",
        )
    try:
        return CurationFile.model_validate(data), data
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = tuple(first["loc"])
        raise CurationError(
            path, locate(data, loc), _explain(dict(first)), record=_record_name(data, loc)
        ) from None


def _origins(path: Path, data: Any) -> Iterator[tuple[str, Origin]]:
    for kind in (*ENTITY_LISTS, "findings", "approvals"):
        items = data.get(kind) if isinstance(data, dict) else None
        if not items:
            continue
        for index, item in enumerate(items):
            yield str(item["id"]), Origin(path, items.item_lines[index])
            for cohort_index, cohort in enumerate(item.get("cohorts") or []):
                yield str(cohort["id"]), Origin(path, item["cohorts"].item_lines[cohort_index])


def load_curation(directory: Path, sources_dir: Path | None = None) -> Curation:
    """Load every ``*.yaml`` in ``directory``, then check ids and cross-references.

    Sources are read from ``sources_dir`` (default: ``sources`` beside ``directory``).

    :raises CurationError: naming the file, the line and the record at fault.
    """
    paths = sorted(directory.glob("*.yaml"))
    if not paths:
        raise CurationError(directory, None, "no curation files (*.yaml) found here")
    registry = load_registry(sources_dir or directory.parent / "sources")
    files: dict[Path, CurationFile] = {}
    origins: dict[str, Origin] = {}
    for path in paths:
        parsed, data = parse_file(path)
        for record_id, origin in _origins(path, data):
            if record_id in origins:
                first = origins[record_id]
                raise CurationError(
                    path,
                    origin.line,
                    f"duplicate id '{record_id}' (first defined at {first.path}:{first.line});"
                    " give one of them another id",
                    record=record_id,
                )
            origins[record_id] = origin
        files[path] = parsed
    curation = Curation(registry=registry, files=files, origins=origins)
    check_references(curation)
    check_sources(curation)
    return curation


# Which kinds of record each reference field may point to.
_TARGETS: dict[str, tuple[str, ...]] = {
    "gene": ("genes",),
    "protein": ("proteins",),
    "entity": ENTITY_LISTS,
    "drug": ("drugs",),
    "population": ("populations",),
    "endpoint": ("endpoints",),
    "mechanism": ("mechanisms",),
    "trial": ("trials",),
    "study": ("studies",),
    "arm": ("cohorts",),
}


def _index(curation: Curation) -> dict[str, str]:
    kinds: dict[str, str] = {}
    for kind in ENTITY_LISTS:
        for record in curation.records(kind):
            kinds[record.id] = kind
            for cohort in getattr(record, "cohorts", []):
                kinds[cohort.id] = "cohorts"
    return kinds


def _links(curation: Curation) -> Iterator[tuple[str, str, str, str]]:
    """(record id, field, target id, target kind) for every id-valued field."""
    for gene in curation.records("proteins"):
        if gene.encoded_by:
            yield gene.id, "encoded_by", gene.encoded_by, "gene"
    for alt in curation.records("alterations"):
        yield alt.id, "of", alt.of, "entity"
    for drug in curation.records("drugs"):
        adc = drug.adc
        if adc is None:
            continue
        if adc.antibody:
            yield drug.id, "adc.antibody", adc.antibody, "drug"
        if adc.payload:
            yield drug.id, "adc.payload", adc.payload, "drug"
        for target in adc.targets:
            yield drug.id, "adc.targets", target, "protein"
    for approval in curation.records("approvals"):
        yield approval.id, "drug", approval.drug, "drug"
    for mech in curation.records("mechanisms"):
        if mech.of:
            yield mech.id, "of", mech.of, "entity"
        for target in mech.involves:
            yield mech.id, "involves", target, "entity"
    for strategy in curation.records("strategies"):
        for target in strategy.drugs:
            yield strategy.id, "drugs", target, "drug"
        for target in strategy.overcomes:
            yield strategy.id, "overcomes", target, "mechanism"
        for target in strategy.tested_in:
            yield strategy.id, "tested_in", target, "trial"
    for trial in curation.records("trials"):
        tid = trial.id
        for target in trial.populations:
            yield tid, "populations", target, "population"
        for target in trial.drugs:
            yield tid, "drugs", target, "drug"
        for cohort in trial.cohorts:
            if cohort.population:
                yield cohort.id, "population", cohort.population, "population"
            for target in cohort.drugs:
                yield cohort.id, "drugs", target, "drug"
        for endpoint in trial.endpoints:
            yield tid, "endpoints", endpoint.endpoint, "endpoint"
        for regimen in trial.regimens:
            yield tid, "regimens.drug", regimen.drug, "drug"
    for finding in curation.records("findings"):
        fid = finding.id
        for target in finding.subjects:
            yield fid, "subjects", target, "entity"
        for target in finding.drugs:
            yield fid, "drugs", target, "drug"
        for target in finding.involves:
            yield fid, "involves", target, "entity"
        for name in ("study", "trial", "population"):
            target = getattr(finding, name)
            if target:
                yield fid, name, target, name
        for m in finding.measurements:
            for name, kind in (
                ("endpoint", "endpoint"),
                ("arm", "arm"),
                ("comparator", "entity"),
                ("population", "population"),
            ):
                target = getattr(m, name)
                if target:
                    yield fid, f"measurements.{name}", target, kind


def check_references(curation: Curation) -> None:
    """Every id a record points to must exist, and be of a kind that fits the field."""
    kinds = _index(curation)
    for record_id, field_name, target, target_kind in _links(curation):
        allowed = _TARGETS[target_kind]
        if target_kind == "entity":
            allowed = (*allowed, "cohorts")
        origin = curation.origins.get(record_id)
        path = origin.path if origin else Path("kg/curation")
        line = origin.line if origin else None
        if target not in kinds:
            raise CurationError(
                path,
                line,
                f"'{field_name}' points to '{target}', which no record defines;"
                " add that record or fix the id",
                record=record_id,
            )
        if kinds[target] not in allowed:
            raise CurationError(
                path,
                line,
                f"'{field_name}' points to '{target}', a record of '{kinds[target]}';"
                f" it must be one of: {', '.join(allowed)}",
                record=record_id,
            )


def _source_or_fail(
    curation: Curation, item: Any, path: Path, line: int | None, who: str
) -> Review:
    source_id = curation.source_of(item)
    if source_id not in curation.sources:
        raise CurationError(
            path,
            line,
            f"'source: {source_id}' is not a registered source (known:"
            f" {', '.join(curation.sources)}); register it with `adckg source add`",
            record=who,
        )
    return curation.sources[source_id]


def check_sources(curation: Curation) -> None:
    """Quotes, references and table rows fit the source they belong to."""
    for kind in (*ENTITY_LISTS, "findings", "approvals"):
        for record in curation.records(kind):
            origin = curation.origins[record.id]
            for quote in _quotes(record):
                source = _source_or_fail(curation, quote, origin.path, origin.line, record.id)
                sections = [s.id for s in source.sections]
                if quote.section not in sections:
                    raise CurationError(
                        origin.path,
                        origin.line,
                        f"quote cites section '{quote.section}', which source '{source.id}' does"
                        f" not have (known: {', '.join(sorted(sections))})",
                        record=record.id,
                    )
                bad = [n for n in quote.refs if n > source.reference_count]
                if bad:
                    raise CurationError(
                        origin.path,
                        origin.line,
                        f"reference numbers must be 1-{source.reference_count} (the list of"
                        f" source '{source.id}'), got {bad}",
                        record=record.id,
                    )
            row = getattr(record, "table1", None)
            if row is not None:
                source = _source_or_fail(curation, row, origin.path, origin.line, record.id)
                rows = source.tables.get(row.table)
                if rows is None or row.row > rows:
                    limit = f"has {rows} rows" if rows else "has no such table in 'tables:'"
                    raise CurationError(
                        origin.path,
                        origin.line,
                        f"table row {row.row} of '{row.table}': source '{source.id}' {limit}",
                        record=record.id,
                    )
    for path in sorted(curation.files):
        for ref in curation.files[path].references:
            who = f"reference {ref.number}"
            source = _source_or_fail(curation, ref, path, None, who)
            if ref.number > source.reference_count:
                raise CurationError(
                    path,
                    None,
                    f"reference number {ref.number} is beyond the {source.reference_count}"
                    f" references of source '{source.id}'",
                    record=who,
                )


def _quotes(record: Record) -> list[Any]:
    return list(getattr(record, "evidence", [])) + list(getattr(record, "quotes", []))
