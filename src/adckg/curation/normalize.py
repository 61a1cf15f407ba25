"""Normalise a text so that two faithful copies of one article compare equal.

Copies differ in ways that do not change a sentence: emphasis markers (``*SLX4*``),
sub- and superscript braces (``HER2_{low}``), TeX dollars (``$n = 72$``), runs of
whitespace and line breaks, typographic quotes and dashes, soft hyphens and
no-break spaces. The same function is applied to the quote and to the copy, so a
fragment cut in the middle of markup still compares (braces are dropped one by one,
not as pairs).
"""

from __future__ import annotations

import re

_CHARACTERS = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
        "\u2015": "-", "\u2212": "-",
        "\u00a0": " ", "\u2007": " ", "\u2009": " ", "\u200a": " ", "\u202f": " ",
        "\u00ad": None, "\u200b": None, "\u2060": None, "\ufeff": None,
        "*": None, "$": None, "}": None,
    }
)  # fmt: skip
_OPENING_BRACES = re.compile(r"[_^]?\{")
_WHITESPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """``text`` without markup, with one space for any run of whitespace, trimmed."""
    text = _OPENING_BRACES.sub("", text).translate(_CHARACTERS)
    return _WHITESPACE.sub(" ", text).strip()


def occurrences(haystack: str, needle: str) -> list[int]:
    """Every start of ``needle`` in ``haystack``, overlapping ones included."""
    found: list[int] = []
    at = haystack.find(needle)
    while at >= 0 and needle:
        found.append(at)
        at = haystack.find(needle, at + 1)
    return found
