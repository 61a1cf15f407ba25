"""JSON-LD release files: a flattened, compacted document with our published context.

Written from the sorted triples, not by a library, because neither installed one serves:
rdflib 7's JSON-LD serializer follows the store's iteration order (the assertions part,
serialised with our context under PYTHONHASHSEED=1 and =2, gave two different SHA-256s for
the same 1,236,740 bytes), and pyoxigraph 0.5 writes expanded JSON-LD only (it ignores the
prefixes: full IRIs, no ``@context``, 1,544,437 bytes for the same part). Here the same
triples give the same bytes. Numbers stay strings with their datatype (a JSON number
would round them). The context is inline in every file and also published alone, so no
reader ever has to fetch a remote context.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from rdflib import RDF, XSD, BNode, Literal, URIRef

from adckg.prefixes import OTHER_NAMESPACES, PREFIX_MAP, resources

EXTRA_PREFIXES = {"obo": OTHER_NAMESPACES["obo"]}
_SIMPLE_LOCAL = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.\-]*")


def context_prefixes() -> dict[str, str]:
    """Prefix -> namespace for the context: the project's map plus the linked resources."""
    prefixes = dict(PREFIX_MAP)
    prefixes.update(EXTRA_PREFIXES)
    for prefix, resource in resources().items():
        prefixes.setdefault(prefix, resource.uri_prefix)
    return dict(sorted(prefixes.items()))


def context() -> dict[str, Any]:
    """The published ``@context``: one term per prefix.

    JSON-LD 1.1 only expands ``p:x`` with a term whose IRI ends in ``/``, ``#`` (or
    another gen-delim) unless the term is flagged ``@prefix``; OBO-style namespaces end
    in ``_``, so those terms carry the flag.
    """
    terms: dict[str, Any] = {"@version": 1.1}
    for prefix, namespace in context_prefixes().items():
        if namespace[-1] in "/#:?[]@":
            terms[prefix] = namespace
        else:
            terms[prefix] = {"@id": namespace, "@prefix": True}
    return {"@context": terms}


def context_bytes() -> bytes:
    """The context as the published ``context.jsonld`` file."""
    return (json.dumps(context(), indent=2, ensure_ascii=False) + "\n").encode("utf-8")


class _Compactor:
    def __init__(self) -> None:
        # Longest namespace first, so adckg: wins over a shorter one it extends.
        self.prefixes = sorted(context_prefixes().items(), key=lambda kv: -len(kv[1]))
        self._iris: dict[str, str] = {}

    def iri(self, iri: str) -> str:
        compact = self._iris.get(iri)
        if compact is None:
            compact = self._iris[iri] = self._compact(iri)
        return compact

    def _compact(self, iri: str) -> str:
        for prefix, namespace in self.prefixes:
            if iri.startswith(namespace):
                local = iri[len(namespace) :]
                if _SIMPLE_LOCAL.fullmatch(local):
                    return f"{prefix}:{local}"
        return iri

    def node(self, term: URIRef | BNode) -> str:
        return f"_:{term}" if isinstance(term, BNode) else self.iri(str(term))

    def value(self, term: Any) -> Any:
        if isinstance(term, Literal):
            if term.language:
                return {"@value": str(term), "@language": term.language}
            if term.datatype is None or term.datatype == XSD.string:
                return str(term)
            return {"@value": str(term), "@type": self.iri(str(term.datatype))}
        return {"@id": self.node(term)}


def to_jsonld(triples: Iterable[tuple[Any, Any, Any]]) -> bytes:
    """A flattened JSON-LD document of the triples, nodes and values in sorted order.

    The bytes are those of ``json.dumps(document, indent=1, ensure_ascii=False)``;
    the nodes are written one by one, as that is many times faster at a million
    triples than the pure-Python indenting encoder.
    """
    compact = _Compactor()
    keys: dict[Any, str] = {}

    def sort_key(term: Any) -> str:
        key = keys.get(term)
        if key is None:
            key = keys[term] = term.n3()
        return key

    by_subject: dict[Any, list[tuple[Any, Any]]] = defaultdict(list)
    for subject, predicate, obj in triples:
        by_subject[subject].append((predicate, obj))
    head = json.dumps(context(), indent=1, ensure_ascii=False)
    chunks = [head[:-2], ',\n "@graph": [']
    separator = "\n"
    for subject in sorted(by_subject, key=sort_key):
        types: list[Any] = []
        by_predicate: dict[str, list[Any]] = {}
        for predicate, obj in by_subject[subject]:
            if predicate == RDF.type:
                types.append(obj)
            else:
                by_predicate.setdefault(compact.iri(str(predicate)), []).append(obj)
        lines = [f'{separator}  {{\n   "@id": {_string(compact.node(subject))}']
        if types:
            names = [compact.node(t) for t in sorted(types, key=sort_key)]
            lines.append(_members("@type", [_string(n) for n in names]))
        for key in sorted(by_predicate):
            values = [compact.value(o) for o in sorted(by_predicate[key], key=sort_key)]
            lines.append(_members(key, [_value(v) for v in values]))
        chunks.append(",\n".join(lines) + "\n  }")
        separator = ",\n"
    chunks.append("\n ]\n}\n" if by_subject else "]\n}\n")
    return "".join(chunks).encode("utf-8")


def _string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _members(key: str, rendered: list[str]) -> str:
    """One key of a node with its list of values, indented as ``indent=1`` at depth 3."""
    body = ",\n".join("    " + item for item in rendered)
    return f"   {_string(key)}: [\n{body}\n   ]"


def _value(value: Any) -> str:
    if isinstance(value, str):
        return _string(value)
    inner = ",\n".join(f"     {_string(k)}: {_string(v)}" for k, v in value.items())
    return "{\n" + inner + "\n    }"
