r"""What a query may do: read the local graph, and nothing else.

The guard reads the query with the lexical rules of the engine that runs it (pyoxigraph's
SPARQL grammar: which characters end a comment, what a string, an IRI and a variable are,
keywords matched in any ASCII case and with no word boundary) and refuses anything two
engines could read differently: ``\u``/``\U`` escapes anywhere (rdflib expands them in
the whole text before parsing, pyoxigraph only inside strings and IRIs), a carriage return
not followed by a line feed (it ends a comment for one engine and not the other), control
characters, a backslash outside a string, an IRI the engine may not read as one (without
BASE, a relative IRI; pyoxigraph reads a ``<`` that opens no valid IRI as "less than"), and
``'`` inside an IRI. What remains is split into
strings, IRIs, comments, variables and code, and only the code is searched:

- ``SERVICE`` anywhere in code outside a variable name is refused (the engine matches the
  keyword with no word boundary, so ``trueSERVICE``, ``SERVICE:x`` and ``ex:a.b.SERVICE``
  can all call a URL);
- ``FROM`` starting a word, or right after ``ASK``/``CONSTRUCT``, is refused (a dataset
  named by URL);
- a text whose first word after the prologue is an update operation is refused as an
  update; one that is not SELECT, CONSTRUCT, DESCRIBE or ASK is a syntax error.

Brackets nested deeper than :data:`MAX_DEPTH`, and longer runs of prefix operators
(``!!!…``, ``---…``, ``^^^…``), are refused too, so no parser recurses without bound (3000
``!`` overflow pyoxigraph's stack). This is one pass of one regular expression (about
0.2 ms for a 1.6 KB query); the worker that runs the query also has no network at all
(``isolation``), so a mistake here still reaches nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph as ox

MAX_DEPTH = 64
"""Brackets ( { [ nested at most this deep."""

KINDS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")
UPDATES = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")
PROLOGUE = ("BASE", "PREFIX", "VERSION")


class Refused(Exception):
    """The query is not allowed here; the message says why (it becomes a 400 response)."""


class BadSyntax(Exception):
    """The text is not a SPARQL query (a 400 response with the reason)."""


# Characters of pyoxigraph's VARNAME (SPARQL 1.1 grammar [166]).
_PN_CHARS_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_VARNAME = f"[0-9_{_PN_CHARS_BASE}][0-9_\u00b7\u0300-\u036f\u203f-\u2040{_PN_CHARS_BASE}]*+"
_ECHAR = r"""\\[tbnrf"'\\]"""

# One alternative per lexical unit, tried in this order at each position (long strings
# before short ones, as the engine does); possessive quantifiers so no backtracking finds
# a reading the engine's PEG parser would not.
_TOKEN = re.compile(
    r"(?:[ \t\n\r]++|#[^\r\n]*+)*+(?:"
    + "|".join(
        [
            rf"(?P<long1>'''(?:(?:''|')?+(?:[^'\\]|{_ECHAR}))*+''')",
            rf'(?P<long2>"""(?:(?:""|")?+(?:[^"\\]|{_ECHAR}))*+""")',
            rf"(?P<short1>'(?:[^'\\\n\r]|{_ECHAR})*+')",
            rf'(?P<short2>"(?:[^"\\\n\r]|{_ECHAR})*+")',
            r'(?P<iri><[^<>"{}|^`\\\x00-\x20]*+>)',
            rf"(?P<var>[?$]{_VARNAME})",
            r"(?P<word>[A-Za-z0-9_:.\-%\u00b7\u00c0-\U000effff]++)",
            r"(?P<quote>['\"])",
            r"(?P<other>.)",
            r"(?P<end>\Z)",
        ]
    )
    + ")",
    re.DOTALL,
)
_AMBIGUOUS = re.compile(r"\\[uU]|\r(?!\n)|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")
_SERVICE = re.compile("service", re.IGNORECASE | re.ASCII)
_FROM = re.compile("(?:^|(?<=[^A-Za-z0-9_])|(?<=^ask)|(?<=^construct))from", re.I | re.A)
_LEADING_WORD = re.compile("[A-Za-z]+")
_SCHEME = re.compile("[A-Za-z][A-Za-z0-9+.\\-]*:")
_OPEN, _CLOSE = "({[", ")}]"
_UNARY = ("!", "+", "-", "^")


@dataclass(frozen=True)
class Reading:
    """What the guard read: the query form, and the text without comments or spacing.

    ``shape`` identifies a query whatever its comments and spacing (the pool's memory
    of slow queries is keyed by it).
    """

    kind: str
    shape: str
    declared: tuple[str, ...] = ()
    """Prefixes the query declares (PREFIX lines)."""
    used: tuple[tuple[str, int], ...] = ()
    """Prefixes of prefixed names the query uses, with the offset of each first use."""


def _line_col(text: str, at: int) -> str:
    line = text.count("\n", 0, at) + 1
    return f"line {line}, column {at - (text.rfind(chr(10), 0, at) + 1) + 1}"


def _refuse_ambiguous(text: str) -> None:
    found = _AMBIGUOUS.search(text)
    if found is None:
        return
    what = found.group()
    at = _line_col(text, found.start())
    if what in ("\\u", "\\U"):
        raise Refused(
            f"\\u and \\U escapes are refused ({at}): engines read them differently;"
            " write the character itself"
        )
    if what == "\r":
        raise Refused(f"a carriage return not followed by a line feed is refused ({at})")
    raise Refused(f"control character U+{ord(what):04X} is refused ({at})")


def _check_iri(text: str, token: str, start: int, has_base: bool) -> None:
    """Refuse an IRI the engine might not read as one (it would read ``<`` as less-than)."""
    content = token[1:-1]
    where = _line_col(text, start)
    if "'" in content:
        raise Refused(f"an IRI with ' in it is refused ({where})")
    absolute = _SCHEME.match(content) is not None
    if not absolute:
        first_segment = re.split("[/?#]", content, maxsplit=1)[0]
        if not has_base or ":" in first_segment:
            raise Refused(
                f"{token} is not an absolute IRI ({where}): write the full IRI or use a PREFIX"
                " (for a comparison, put spaces around <)"
            )
        content = ("http:" if content.startswith("//") else "http://base.invalid/") + content
    try:
        ox.NamedNode(content)
    except ValueError:
        raise Refused(
            f"{token} is not a valid IRI ({where}) (for a comparison, put spaces around <)"
        ) from None


def read_query(text: str) -> Reading:
    """Read ``text`` as the engine does; its kind and shape, or Refused / BadSyntax."""
    _refuse_ambiguous(text)
    depth = 0
    words: list[str] = []
    shape: list[str] = []
    has_base = False
    unary = 0
    declared: list[str] = []
    used: dict[str, int] = {}
    for match in _TOKEN.finditer(text):
        group = match.lastgroup
        assert group is not None  # every alternative of _TOKEN is a named group
        if group == "end":
            break
        lexeme = match.group(group)
        shape.append(lexeme)
        if group == "iri":
            _check_iri(text, lexeme, match.start(group), has_base)
        elif group == "quote":
            raise BadSyntax(f"unterminated string ({_line_col(text, match.start(group))})")
        elif group == "word":
            if _SERVICE.search(lexeme):
                raise Refused("SERVICE is refused: queries here never reach the network")
            if _FROM.search(lexeme):
                raise Refused(
                    "FROM and FROM NAMED are refused: the dataset is the local graph only"
                )
            if lexeme.upper() == "BASE":
                has_base = True
            if ":" in lexeme and not lexeme.startswith("_:"):
                prefix = lexeme.split(":", 1)[0]
                if words and words[-1].upper() == "PREFIX":
                    declared.append(prefix)
                else:
                    used.setdefault(prefix, match.start(group))
            words.append(lexeme)
        if group == "other" and lexeme in _UNARY or group == "word" and lexeme[0] == "-":
            unary += len(lexeme) - len(lexeme.lstrip("-")) if group == "word" else 1
            if unary > MAX_DEPTH:
                raise Refused(f"more than {MAX_DEPTH} operators in a row are refused")
        else:
            unary = 0
        if group == "other":
            if lexeme == "\\":
                where = _line_col(text, match.start(group))
                raise Refused(f"a backslash outside a string is refused ({where})")
            if lexeme in _OPEN:
                depth += 1
                if depth > MAX_DEPTH:
                    raise Refused(f"brackets nested deeper than {MAX_DEPTH} are refused")
            elif lexeme in _CLOSE:
                depth -= 1
    return Reading(_kind(words), " ".join(shape), tuple(declared), tuple(used.items()))


def _kind(words: list[str]) -> str:
    """The query form: the first word that is not part of the prologue."""
    skip_next = False
    for word in words:
        if skip_next:  # the prefix name after PREFIX
            skip_next = False
            continue
        leading = _LEADING_WORD.match(word)
        upper = leading.group().upper() if leading else ""
        if upper in ("BASE", "VERSION"):
            continue
        if upper == "PREFIX":
            skip_next = word.upper() == "PREFIX"
            continue
        for kind in KINDS:
            if upper.startswith(kind):
                return kind.lower()
        for update in UPDATES:
            if upper.startswith(update):
                raise Refused("updates are refused: the graph is read-only here")
        break
    raise BadSyntax(
        "not a query: after any PREFIX and BASE lines it starts with SELECT, CONSTRUCT,"
        " DESCRIBE or ASK"
    )


def line_col(text: str, at: int) -> str:
    """``line L, column C`` of offset ``at`` (for messages)."""
    return _line_col(text, at)


def short_syntax_error(message: str) -> str:
    """The engine's syntax message without its character-range lists (one short line)."""
    head, _, expected = message.partition("expected ")
    if "Prefix not found" in expected:
        return f"{head}undefined prefix"
    tokens = re.findall(r'"([^"]+)"', expected)
    if not tokens:
        return message.splitlines()[0][:200]
    shown = ", ".join(f"'{t}'" for t in tokens[:8]) + (", ..." if len(tokens) > 8 else "")
    return f"{head}expected one of {shown}"
