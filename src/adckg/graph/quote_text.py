"""A quote for reading: the review text file's markup taken out of the exact words.

The plain text of the review keeps the typesetting as light markup: emphasis between
asterisks (``*PIK3CA*``, ``*in vitro*``), sub- and superscripts in braces
(``HER2_{low}``, ``HER2^{low}``) and TeX inline maths between dollars (``$n = 72$``).
The exact text stays the anchor (oa:exact); :func:`display_text` is the same words
without the markup, and :func:`display_html` renders it for the pages.
"""

from __future__ import annotations

import html
import re

_MATH = re.compile(r"\$([^$]+)\$")
_SUB = re.compile(r"_\{([^{}]*)\}")
_SUP = re.compile(r"\^\{([^{}]*)\}")
_EMPHASIS = re.compile(r"\*([^*\s](?:[^*]*[^*\s])?)\*")


def display_text(exact: str) -> str:
    """``exact`` with emphasis asterisks, script braces and TeX dollars removed."""
    text = _MATH.sub(r"\1", exact)
    text = _SUB.sub(r"\1", text)
    text = _SUP.sub(r"\1", text)
    return _EMPHASIS.sub(r"\1", text)


def display_html(exact: str) -> str:
    """``exact`` as escaped HTML: emphasis as <em>, scripts as <sub>/<sup>, maths as text."""
    text = html.escape(_MATH.sub(r"\1", exact), quote=False)
    text = _SUB.sub(r"<sub>\1</sub>", text)
    text = _SUP.sub(r"<sup>\1</sup>", text)
    return _EMPHASIS.sub(r"<em>\1</em>", text)
