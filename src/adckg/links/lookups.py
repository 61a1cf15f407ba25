"""Records of identifiers looked up and not found: the reasons the coverage table gives.

``kg/mappings/not-found.yaml`` says, for an entity or class and a resource, where we
looked and why no identifier was linked. A reader then knows an empty cell was
checked, not forgotten; the build refuses a record that a mapping row contradicts.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from adckg.curation.yamlio import read_yaml
from adckg.errors import InputError
from adckg.links.mappings import SUBJECT_PREFIXES, MappingSet
from adckg.prefixes import resources

FIELDS = ("subject", "label", "resources", "looked_in", "why")


@dataclass(frozen=True)
class NotFound:
    """One subject looked up in some resources without a verified identifier."""

    subject: str
    label: str
    resources: tuple[str, ...]
    looked_in: str
    why: str
    index: int


def read_not_found(path: Path) -> tuple[NotFound, ...]:
    """Parse and check the records; every problem names the file and record."""
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    data = read_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("not_found"), list):
        raise InputError(f"{path}: expected a mapping with a 'not_found' list")
    records: list[NotFound] = []
    seen: dict[tuple[str, str], int] = {}
    for index, item in enumerate(data["not_found"], start=1):
        where = f"{path}: not_found record {index}"
        if not isinstance(item, dict):
            raise InputError(f"{where}: expected a mapping with {', '.join(FIELDS)}")
        unknown = sorted(set(item) - set(FIELDS))
        missing = [f for f in FIELDS if not item.get(f)]
        if unknown or missing:
            raise InputError(
                f"{where} ({item.get('subject', '?')}): "
                + (f"unknown field(s) {', '.join(unknown)}" if unknown else "")
                + ("; " if unknown and missing else "")
                + (f"missing {', '.join(missing)}" if missing else "")
            )
        subject = str(item["subject"])
        if subject.partition(":")[0] not in SUBJECT_PREFIXES:
            raise InputError(f"{where}: subject {subject!r} must be an adckg: or adcko: CURIE")
        names = item["resources"]
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise InputError(f"{where} ({subject}): resources must be a list of prefixes")
        for name in names:
            if name not in resources():
                raise InputError(
                    f"{where} ({subject}): unknown resource {name!r}; use one of"
                    f" {', '.join(resources())}"
                )
            if (subject, name) in seen:
                raise InputError(
                    f"{where} ({subject}): {name} already recorded in record {seen[subject, name]}"
                )
            seen[subject, name] = index
        records.append(
            NotFound(
                subject,
                str(item["label"]),
                tuple(names),
                str(item["looked_in"]),
                str(item["why"]),
                index,
            )
        )
    return tuple(records)


def check_against_mappings(path: Path, records: tuple[NotFound, ...], mappings: MappingSet) -> None:
    """A record saying "not found in X" may not stand beside a row linking to X."""
    linked = {
        (row.subject_id, row.object_prefix): row.line
        for row in mappings.mappings
        if not row.negated and row.predicate_id == "skos:exactMatch"
    }
    for record in records:
        for name in record.resources:
            if (record.subject, name) in linked:
                raise InputError(
                    f"{path}: not_found record {record.index} ({record.subject}) says {name} has"
                    f" no identifier, but {mappings.path.name} line"
                    f" {linked[record.subject, name]} maps it; drop {name} from the record"
                )
