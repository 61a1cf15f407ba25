"""The curation records: what a curator may write in ``kg/curation/*.yaml`` and ``kg/sources/``.

The record classes are generated from the LinkML schema ``schema/adckg-curation.yaml``
(``adckg.curation.models_generated``, by ``python schema/generate.py``); the rules the
schema cannot say (across fields, calendar dates) are in ``adckg.curation.rules``. This
module is where the rest of the package takes them from, with the few names of its own.

Every record forbids unknown fields, so a misspelt key is an error, not a silently
dropped fact. Numbers that carry meaning are ``Decimal`` parsed from the YAML text
itself (``adckg.yamlio`` keeps numeric scalars as text), so ``7.0`` stays ``7.0``.
"""

from __future__ import annotations

import re

from adckg.curation.models_generated import (
    AdcDescription,
    Alteration,
    Approval,
    Author,
    Cohort,
    Correction,
    CurationFile,
    Drug,
    Endpoint,
    Entity,
    Exemption,
    Finding,
    Gene,
    Linker,
    Measurement,
    Mechanism,
    Pathway,
    Population,
    Protein,
    Quote,
    Reference,
    Regimen,
    Review,
    Section,
    SourceFile,
    Strategy,
    Study,
    TableRow,
    Trial,
    TrialEndpoint,
)
from adckg.curation.models_generated import ConfiguredBaseModel as Record

__all__ = [
    "ENTITY_LISTS",
    "ID_PATTERN",
    "AdcDescription",
    "Alteration",
    "Approval",
    "Author",
    "Cohort",
    "Correction",
    "CurationFile",
    "Drug",
    "Endpoint",
    "Entity",
    "Exemption",
    "Finding",
    "Gene",
    "Linker",
    "Measurement",
    "Mechanism",
    "Pathway",
    "Population",
    "Protein",
    "Quote",
    "Record",
    "Reference",
    "Regimen",
    "Review",
    "Section",
    "SourceFile",
    "Strategy",
    "Study",
    "TableRow",
    "Trial",
    "TrialEndpoint",
    "slug",
]

# The pattern of a record id (the schema's `id` slot): the last part of the record's IRI.
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9-]*$"

ENTITY_LISTS: tuple[str, ...] = (
    "genes",
    "proteins",
    "pathways",
    "alterations",
    "drugs",
    "populations",
    "endpoints",
    "mechanisms",
    "strategies",
    "trials",
    "studies",
)


def slug(text: str) -> str:
    """Make a record id out of free text (used for derived ids only)."""
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")
