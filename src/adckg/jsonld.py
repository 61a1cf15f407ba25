"""JSON-LD release files: a flattened, compacted document with our published context.

Written from the sorted triples rather than by rdflib's JSON-LD serializer, whose
output follows the store's iteration order; here the same triples give the same
bytes. Numbers stay strings with their datatype (a JSON number would round them).
The context is inline in every file and also published alone, so no reader ever has
to fetch a remote context.
"""

from __future__ import annotations

import json
import re
from typing import Any

from rdflib import RDF, XSD, BNode, Graph, Literal, URIRef

from adckg.external import resources
from adckg.prefixes import PREFIX_MAP

EXTRA_PREFIXES = {"obo": "http://purl.obolibrary.org/obo/"}
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

    def iri(self, iri: str) -> str:
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


def _sort_key(term: Any) -> str:
    return term.n3()


def to_jsonld(graph: Graph) -> bytes:
    """A flattened JSON-LD document of ``graph``, nodes and values in sorted order."""
    compact = _Compactor()
    nodes: list[dict[str, Any]] = []
    for subject in sorted(set(graph.subjects()), key=_sort_key):
        node: dict[str, Any] = {"@id": compact.node(subject)}
        types = sorted(graph.objects(subject, RDF.type), key=_sort_key)
        if types:
            node["@type"] = [compact.node(t) for t in types]
        by_predicate: dict[str, list[Any]] = {}
        for predicate, obj in graph.predicate_objects(subject):
            if predicate == RDF.type:
                continue
            by_predicate.setdefault(compact.iri(str(predicate)), []).append(obj)
        for key in sorted(by_predicate):
            node[key] = [compact.value(o) for o in sorted(by_predicate[key], key=_sort_key)]
        nodes.append(node)
    document = {**context(), "@graph": nodes}
    return (json.dumps(document, indent=1, ensure_ascii=False) + "\n").encode("utf-8")
