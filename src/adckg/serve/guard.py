"""What a query may do: read the local graph, and nothing else.

The query is parsed with rdflib's SPARQL grammar and its parse tree, not its text, is
inspected, so a keyword inside a string, an IRI or a comment does not trip the guard and
a keyword written in another case or spacing does not slip past it. Refused: every update
(INSERT, DELETE, LOAD, CLEAR, ...), SERVICE (it would make the server fetch a URL) and
FROM / FROM NAMED (a dataset named by URL).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

KINDS = {
    "SelectQuery": "select",
    "AskQuery": "ask",
    "ConstructQuery": "construct",
    "DescribeQuery": "describe",
}


class Refused(Exception):
    """The query is not allowed here; the message says why (it becomes a 400 response)."""


class BadSyntax(Exception):
    """The text is not a SPARQL query (a 400 response with the parser's message)."""


def _walk(node: Any):  # noqa: ANN202 - yields rdflib CompValue nodes
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            yield item
            stack.extend(item.values())
        elif isinstance(item, ParseResults | list | tuple):
            stack.extend(item)


@lru_cache(maxsize=256)
def check_query(text: str) -> str:
    """The query's kind (select, ask, construct, describe), or Refused / BadSyntax."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        tree = parseQuery(text)
    except ParseException as exc:
        try:
            parseUpdate(text)
        except ParseException:
            raise BadSyntax(
                f"SPARQL syntax error at line {exc.lineno}, column {exc.col}: {exc.msg}"
            ) from None
        raise Refused("updates are refused: this endpoint is read-only") from None
    kind = KINDS.get(tree[1].name)
    if kind is None:
        raise BadSyntax(f"unsupported query form {tree[1].name}")
    for node in _walk(tree):
        if node.name == "ServiceGraphPattern":
            raise Refused("SERVICE is refused: this endpoint never reaches the network")
        if node.name == "DatasetClause":
            raise Refused("FROM and FROM NAMED are refused: the dataset is the local graph only")
    return kind
