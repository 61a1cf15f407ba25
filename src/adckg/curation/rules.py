"""What the curation schema cannot say: rules across fields, and dates that exist.

The record classes are generated from ``schema/adckg-curation.yaml``
(``adckg.curation.models_generated``); each class named here ``<Record>Rules`` is added to
the bases of the generated ``<Record>`` class by ``schema/generate.py``. The rules are bases
of the generated classes rather than subclasses of them because pydantic fixes the type of
a nested record when the class is made: a subclass of ``Drug`` would not be the ``Drug``
a ``CurationFile`` holds, unless every field that nests a record were declared again.

Messages say what to fix; the loader prefixes them with ``file:line: [record]``.
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, field_validator, model_validator

DATE_TEXT = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?")


def calendar_date(value: Any) -> Any:
    """A year, year-month or full date that exists on the calendar (no month 13, no 30 Feb).

    Anything but text is left to the field's own type check, whose message says what
    YAML made of an unquoted date.
    """
    if not isinstance(value, str):
        return value
    if not DATE_TEXT.fullmatch(value):
        raise ValueError("write a date as YYYY, YYYY-MM or YYYY-MM-DD, in quotes")
    parts = [int(p) for p in value.split("-")]
    if len(parts) >= 2 and not 1 <= parts[1] <= 12:
        raise ValueError(f"'{value}' has month {parts[1]:02d}; months are 01-12")
    if len(parts) == 3:
        try:
            date(*parts)
        except ValueError:
            last = calendar.monthrange(parts[0], parts[1])[1]
            month = f"{parts[0]}-{parts[1]:02d}"
            raise ValueError(
                f"'{value}' is not a day of the calendar ({month} has {last} days)"
            ) from None
    return value


class ApprovalRules(BaseModel):
    """A decision's date is a day of the calendar."""

    @field_validator("date", mode="before", check_fields=False)
    @classmethod
    def _calendar_date(cls, value: Any) -> Any:
        return calendar_date(value)


class ReviewRules(BaseModel):
    """A source's dates are days of the calendar; authors' affiliations are in its list."""

    if TYPE_CHECKING:
        authors: list[Any]
        affiliations: list[str]

    @model_validator(mode="after")
    def _affiliations_listed(self) -> ReviewRules:
        count = len(self.affiliations)
        for author in self.authors:
            beyond = [n for n in author.affiliations if not 1 <= n <= count]
            if beyond:
                raise ValueError(
                    f"author {author.name!r} has affiliation {beyond[0]}, but 'affiliations'"
                    f" lists {count} (numbered from 1); add it there or fix the number"
                )
        return self

    @field_validator(
        "received", "revised", "accepted", "published", mode="before", check_fields=False
    )
    @classmethod
    def _calendar_dates(cls, value: Any) -> Any:
        return calendar_date(value)


class ReferenceRules(BaseModel):
    """A cited web page's access date is a day of the calendar."""

    @field_validator("accessed", mode="before", check_fields=False)
    @classmethod
    def _calendar_date(cls, value: Any) -> Any:
        return calendar_date(value)


class DrugRules(BaseModel):
    """An ADC, and only an ADC, has an ``adc:`` block; only a payload has a mechanism."""

    if TYPE_CHECKING:
        kind: str
        adc: Any
        payload_mechanism: str | None

    @model_validator(mode="after")
    def _kind_fields(self) -> DrugRules:
        if self.kind == "adc" and self.adc is None:
            raise ValueError("an ADC needs an 'adc:' block (antibody, linker, payload, dar)")
        if self.kind != "adc" and self.adc is not None:
            raise ValueError("only kind 'adc' may have an 'adc:' block")
        if self.payload_mechanism is not None and self.kind != "payload":
            raise ValueError("'payload_mechanism' is only for kind 'payload'")
        return self


class MechanismRules(BaseModel):
    """A mechanism that is itself an alteration says both its kind and what it alters."""

    if TYPE_CHECKING:
        alteration: str | None
        of: str | None

    @model_validator(mode="after")
    def _alteration_and_of(self) -> MechanismRules:
        if (self.alteration is None) != (self.of is None):
            raise ValueError(
                "a mechanism that is itself an alteration needs both 'alteration' (its kind)"
                " and 'of' (the gene, protein or pathway altered)"
            )
        return self


class MeasurementRules(BaseModel):
    """A number is readable: a value has a unit, an interval its level, a count its total."""

    if TYPE_CHECKING:
        value: Decimal | None
        unit: str | None
        n: int | None
        total: int | None
        p_value: Decimal | None
        ci_lower: Decimal | None
        ci_upper: Decimal | None
        ci_level: Decimal | None

    @model_validator(mode="after")
    def _consistent(self) -> MeasurementRules:
        if self.value is None and self.n is None and self.p_value is None:
            raise ValueError("a measurement needs a 'value', a count 'n' or a 'p_value'")
        if self.value is not None and self.unit is None:
            raise ValueError(
                "a measurement 'value' needs a 'unit' (UCUM code, e.g. '%', 'mo', '1')"
            )
        if (self.ci_lower is None) != (self.ci_upper is None):
            raise ValueError("give both 'ci_lower' and 'ci_upper', or neither")
        if self.ci_lower is not None and self.ci_level is None:
            raise ValueError("a confidence interval needs its 'ci_level' (e.g. 95)")
        if self.n is not None and self.total is not None and self.n > self.total:
            raise ValueError(f"n ({self.n}) cannot exceed total ({self.total})")
        return self


class FindingRules(BaseModel):
    """A timing basis qualifies a timing; the certainty wording is words of a quote."""

    if TYPE_CHECKING:
        timing: str | None
        timing_basis: str
        certainty_wording: str | None
        quotes: list[Any]

    @model_validator(mode="after")
    def _timing_basis(self) -> FindingRules:
        if self.timing_basis != "stated" and self.timing is None:
            raise ValueError("'timing_basis' qualifies a 'timing'; give the timing too")
        return self

    @model_validator(mode="after")
    def _wording_in_quote(self) -> FindingRules:
        wording = self.certainty_wording
        if wording and not any(wording in q.text for q in self.quotes):
            raise ValueError(
                f"certainty_wording {wording!r} must be words of one of the finding's quotes"
            )
        return self
