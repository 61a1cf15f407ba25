"""Records of identifiers looked up and not found: the reasons the coverage table gives.

``kg/mappings/not-found.yaml`` says, for an entity or class and a resource, where we
looked and why no identifier was linked. A reader then knows an empty cell was
checked, not forgotten; the build refuses a record that a mapping row contradicts.

A search that served many records is written once, under ``searches``, and named in each
record's ``looked_in`` list; the coverage table still shows the whole text per record.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from adckg.curation.yamlio import read_yaml
from adckg.errors import InputError
from adckg.links.mappings import SUBJECT_PREFIXES, MappingSet
from adckg.prefixes import resources

FIELDS = ("subject", "label", "resources", "looked_in", "why")

# A name of a shared search: lower-case words joined by hyphens, never free text.
SEARCH_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)+")


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
    searches = _read_searches(path, data.get("searches", {}))
    used: set[str] = set()
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
                _looked_in(where, subject, item["looked_in"], searches, used),
                str(item["why"]),
                index,
            )
        )
    if unused := sorted(set(searches) - used):
        raise InputError(f"{path}: search(es) {', '.join(unused)} named by no record; remove them")
    return tuple(records)


def _read_searches(path: Path, data: object) -> dict[str, str]:
    if not isinstance(data, dict) or not all(
        isinstance(v, str) and v.strip() for v in data.values()
    ):
        raise InputError(f"{path}: 'searches' must map a name to the text of a search")
    for name in data:
        if not isinstance(name, str) or not SEARCH_NAME.fullmatch(name):
            raise InputError(
                f"{path}: search name {name!r} must be lower-case words joined by hyphens"
            )
    return data


def _looked_in(
    where: str, subject: str, value: object, searches: dict[str, str], used: set[str]
) -> str:
    """Free text, or a list of free texts and names of shared searches, as one text."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(i, str) and i for i in items):
        raise InputError(f"{where} ({subject}): looked_in must be a text or a list of texts")
    parts = []
    for item in items:
        if SEARCH_NAME.fullmatch(item):
            if item not in searches:
                raise InputError(
                    f"{where} ({subject}): looked_in names search {item!r}, which 'searches'"
                    " does not define"
                )
            used.add(item)
            parts.append(searches[item])
        else:
            parts.append(item)
    return "; ".join(parts)


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
