"""What the pages show, read from the release graph held in the server process.

Entity pages, the home page and the ontology documentation run only the fixed queries
written here (each answers in milliseconds), so they use the server's own store; queries
typed or chosen by users go to the worker pool instead.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pyoxigraph as ox
from markupsafe import Markup
from rdflib import RDF, RDFS

from adckg import iris, vocab
from adckg.formats import media_type_of_file
from adckg.graph.quote_text import display_html
from adckg.prefixes import PREFIX_MAP, SKOS, sparql_prefixes
from adckg.store.results import RDF_FORMAT, term_json

RESOURCE = iris.RESOURCE_NAMESPACE
ONTOLOGY = iris.ONTOLOGY_NAMESPACE
RDF_TYPE = str(RDF.type)
MATCH_PROPERTIES = {
    str(SKOS[f"{kind}Match"]): f"{kind} match"
    for kind in ("exact", "close", "broad", "narrow", "related")
}
DEFINITIONS = (str(vocab.IAO_DEFINITION), str(SKOS.definition), str(RDFS.comment))
PREFIXES = sparql_prefixes()


def local_path(iri: str) -> str | None:
    """The page of an IRI of the graph's namespaces on this server, or None for others."""
    for namespace, path in ((RESOURCE, "/resource/"), (ONTOLOGY, "/ontology/")):
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return path + quote(iri[len(namespace) :], safe="/-._~:()")
    return None


def iri_of(kind: str, local: str) -> str:
    """The IRI a local page path stands for (``kind`` is resource or ontology)."""
    return (RESOURCE if kind == "resource" else ONTOLOGY) + local


def _value(term: Any) -> str:
    return "" if term is None else term.value


@dataclass
class Cell:
    """A term ready for a page: the text shown and, for a link, where it goes."""

    text: str
    href: str | None = None
    external: bool = False
    note: str = ""


@dataclass
class Quote:
    """A verbatim quote of the review with where it stands and what it cites."""

    exact: str
    section: str
    start: int
    references: list[Cell] = field(default_factory=list)

    @property
    def html(self) -> Markup:
        """The exact words for reading: emphasis as emphasis, markup characters gone."""
        return Markup(display_html(self.exact))  # noqa: S704 - escaped before tags are added


@dataclass
class Finding:
    """A finding that involves an entity, with its quotes."""

    cell: Cell
    quotes: list[Quote] = field(default_factory=list)


class Site:
    """The release graph and everything the pages read from it."""

    def __init__(self, release_dir: Path, queries_dir: Path):
        self.release_dir = release_dir
        self.queries_dir = queries_dir
        self.store = ox.Store()
        self.store.bulk_load((release_dir / "adckg.ttl").read_bytes(), format=ox.RdfFormat.TURTLE)
        self.inferred_types = self._types(release_dir / "adckg-inferred.ttl")
        self.void = self._optional_store(release_dir / "adckg-void.ttl")
        self.labels: dict[str, str] = {}
        for row in self.query(
            "SELECT ?s ?l WHERE { { ?s rdfs:label ?l } UNION { ?s skos:prefLabel ?l } }"
            " ORDER BY ?s DESC(LANGMATCHES(LANG(?l), 'en')) ?l"
        ):
            self.labels.setdefault(row["s"].value, row["l"].value)
        self.by_text = self._unique_texts()

    def _types(self, path: Path) -> set[tuple[str, str]]:
        if not path.is_file():
            return set()
        return {
            (t.subject.value, t.object.value)
            for t in ox.parse(path.read_bytes(), format=ox.RdfFormat.TURTLE)
            if t.predicate.value == RDF_TYPE
        }

    @staticmethod
    def _optional_store(path: Path) -> ox.Store | None:
        if not path.is_file():
            return None
        store = ox.Store()
        store.bulk_load(path.read_bytes(), format=ox.RdfFormat.TURTLE)
        return store

    def _unique_texts(self) -> dict[str, str]:
        """Label or statement text -> the one entity that has it (for links in result tables)."""
        seen: dict[str, set[str]] = {}
        for row in self.query(
            "SELECT ?s ?t WHERE { { ?s rdfs:label ?t } UNION { ?s adcko:statement ?t } }"
        ):
            if isinstance(row["s"], ox.NamedNode) and local_path(row["s"].value):
                seen.setdefault(row["t"].value, set()).add(row["s"].value)
        return {text: next(iter(iris)) for text, iris in seen.items() if len(iris) == 1}

    def query(self, text: str, store: ox.Store | None = None) -> list[Any]:
        """Rows of one of this module's fixed SELECT queries."""
        answer = (store or self.store).query(PREFIXES + text)
        assert isinstance(answer, ox.QuerySolutions)  # the fixed queries are all SELECT
        return list(answer)

    def label(self, iri: str) -> str:
        return self.labels.get(iri) or _short(iri)

    def cell(self, cell: dict[str, str] | None) -> Cell:
        """A result cell (SPARQL JSON form) as page text with a link where one fits."""
        if cell is None:
            return Cell("")
        value = cell["value"]
        if cell["type"] == "uri":
            href = local_path(value)
            if href is None and value.startswith(("http://", "https://")):
                return Cell(self.label(value), value, external=True, note=value)
            return Cell(self.label(value), href, note=value)
        if cell["type"] == "literal" and value in self.by_text:
            return Cell(value, local_path(self.by_text[value]))
        return Cell(value)

    def term(self, term: Any) -> Cell:
        return self.cell(term_json(term))

    def exists(self, iri: str) -> bool:
        try:
            node = ox.NamedNode(iri)
        except ValueError:  # not an IRI at all, so not in the graph
            return False
        return any(True for _ in self.store.quads_for_pattern(node, None, None)) or any(
            True for _ in self.store.quads_for_pattern(None, None, node)
        )

    def triples(self, iri: str, fmt: str) -> bytes:
        """The triples about ``iri`` (it is their subject) in an RDF format."""
        node = ox.NamedNode(iri)
        found = [q.triple for q in self.store.quads_for_pattern(node, None, None)]
        options: dict[str, Any] = {"format": RDF_FORMAT[fmt]}
        if fmt == "turtle":
            options["prefixes"] = PREFIX_MAP
        return ox.serialize(found, **options) or b""

    def describe(self, iri: str) -> dict[str, Any]:
        """Everything an entity page shows about ``iri``."""
        node = f"<{iri}>"
        types, facts, external, definitions = [], [], [], []
        for quad in sorted(
            self.store.quads_for_pattern(ox.NamedNode(iri), None, None),
            key=lambda q: (self.label(q.predicate.value), str(q.object)),
        ):
            predicate, obj = quad.predicate.value, quad.object
            if isinstance(obj, ox.Triple):  # RDF-star triple terms: the release has none
                continue
            if predicate == RDF_TYPE:
                cell = self.term(obj)
                cell.note = "inferred" if (iri, obj.value) in self.inferred_types else "asserted"
                types.append(cell)
            elif predicate in MATCH_PROPERTIES:
                cell = self.term(obj)
                cell.note = MATCH_PROPERTIES[predicate]
                external.append((cell, obj.value))
            else:
                if predicate in DEFINITIONS:
                    definitions.append(obj.value)
                facts.append((self.term(quad.predicate), self.term(obj)))
        incoming = [
            (self.term(row["s"]), self.term(row["p"]))
            for row in self.query(
                f"SELECT ?s ?p WHERE {{ ?s ?p {node} FILTER NOT EXISTS {{ ?s a adcko:Finding }}"
                " } ORDER BY ?p ?s LIMIT 500"
            )
        ]
        finding_rows = self.query(
            f"SELECT DISTINCT ?f ?text WHERE {{ {{ ?f ?p {node} FILTER(?p != rdf:type) }}"
            f" UNION {{ BIND({node} AS ?f) }}"
            " ?f a adcko:Finding . OPTIONAL { ?f adcko:statement ?s }"
            " BIND(COALESCE(STR(?s), '') AS ?text) } ORDER BY ?text"
        )
        is_finding = any(row["f"].value == iri for row in finding_rows)
        quotes = self.quotes([row["f"].value for row in finding_rows] + [iri])
        findings = [
            Finding(
                Cell(row["text"].value or _short(row["f"].value), local_path(row["f"].value)),
                quotes.get(row["f"].value, []),
            )
            for row in finding_rows
        ]
        return {
            "iri": iri,
            "label": self.label(iri),
            "support": self.support(iri),
            "types": types,
            "definitions": definitions,
            "facts": facts,
            "incoming": incoming,
            "findings": findings,
            "own_quotes": [] if is_finding else quotes.get(iri, []),
            "external": external,
        }

    def quotes(self, iris: list[str]) -> dict[str, list[Quote]]:
        """Quotes (with section and cited references) of each of ``iris``, in text order."""
        if not iris:
            return {}
        values = " ".join(f"<{i}>" for i in iris)
        rows = self.query(
            f"SELECT ?x ?q ?exact ?start ?section ?r ?n WHERE {{ VALUES ?x {{ {values} }}"
            " ?x adcko:hasQuote ?q . ?q oa:hasSelector ?t . ?t a oa:TextQuoteSelector ;"
            " oa:exact ?exact ."
            " OPTIONAL { ?q oa:hasSelector ?p . ?p a oa:TextPositionSelector ; oa:start ?start }"
            " OPTIONAL { ?q adcko:inSection ?s . ?s rdfs:label ?title"
            "   OPTIONAL { ?s adcko:sectionNumber ?num } }"
            " OPTIONAL { ?q cito:citesAsEvidence ?r OPTIONAL { ?r adcko:referenceNumber ?n } }"
            " BIND(COALESCE(CONCAT('section ', STR(?num)), STR(?title), '') AS ?section)"
            " } ORDER BY ?x ?start ?q ?n"
        )
        out: dict[str, dict[str, Quote]] = {}
        for row in rows:
            by_quote = out.setdefault(row["x"].value, {})
            quote_iri = row["q"].value
            if quote_iri not in by_quote:
                start = int(row["start"].value) if row["start"] is not None else -1
                by_quote[quote_iri] = Quote(row["exact"].value, _value(row["section"]), start)
            if row["r"] is not None:
                ref = self.term(row["r"])
                if row["n"] is not None:
                    ref.text = f"[{row['n'].value}]"
                    ref.note = self.label(row["r"].value)
                by_quote[quote_iri].references.append(ref)
        return {x: list(qs.values()) for x, qs in out.items()}

    def support(self, iri: str) -> dict[str, str] | None:
        """A mechanism's row of the saved query mechanism-support, if that query is there.

        Findings, sources, strongest evidence level and disagreement across sources.
        """
        path = self.queries_dir / "mechanism-support.rq"
        ask = f"ASK {{ <{iri}> a adcko:DrugResponseMechanism }}"
        if not path.is_file() or not bool(self.store.query(PREFIXES + ask)):
            return None
        label = self.label(iri)
        answer = self.store.query(path.read_text(encoding="utf-8"))
        assert isinstance(answer, ox.QuerySolutions)  # mechanism-support is a SELECT
        for row in answer:
            if row["mechanism"].value == label:
                names = ("findings", "sources", "strongest_evidence", "disagreement")
                return {name: _value(row[name]) for name in names}
        return None

    def review(self) -> dict[str, str]:
        """Title, citation, DOI and license of the source review."""
        rows = self.query(
            "SELECT ?title ?citation ?id ?license WHERE { ?r a adcko:ReviewArticle ;"
            " dcterms:title ?title . OPTIONAL { ?r dcterms:bibliographicCitation ?citation }"
            " OPTIONAL { ?r dcterms:identifier ?id } OPTIONAL { ?r dcterms:license ?license } }"
            " LIMIT 1"
        )
        if not rows:
            return {}
        row = rows[0]
        doi = _value(row["id"]).removeprefix("doi:")
        return {
            "title": row["title"].value,
            "citation": _value(row["citation"]),
            "doi": doi,
            "doi_url": str(iris.doi(doi)) if doi else "",
            "license": _value(row["license"]),
        }

    def statistics(self) -> dict[str, Any]:
        """Counts for the home page: from the VoID description when the release has one."""
        if self.void is not None:
            found = self._void_statistics()
            if found:
                return found
        resource_subject = f"FILTER(STRSTARTS(STR(?s), '{RESOURCE}'))"
        entities = self.query(
            f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s ?p ?o {resource_subject} }}"
        )[0]["n"].value
        classes = [
            (self.term(row["c"]), int(row["n"].value))
            for row in self.query(
                f"SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s a ?c {resource_subject}"
                f" FILTER(STRSTARTS(STR(?c), '{ONTOLOGY}')) }} GROUP BY ?c ORDER BY DESC(?n) ?c"
            )
        ]
        properties = self.query("SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?s ?p ?o }")[0]
        return {
            "source": "computed from the graph",
            "triples": len(self.store),
            "entities": int(entities),
            "properties": int(properties["n"].value),
            "classes": classes,
            "linksets": [],
        }

    def _void_statistics(self) -> dict[str, Any] | None:
        assert self.void is not None  # noqa: S101 - only called when present
        datasets = self.query(
            "SELECT ?d ?triples ?entities ?properties WHERE { ?d void:triples ?triples"
            " FILTER NOT EXISTS { ?d a void:Linkset }"
            " FILTER NOT EXISTS { ?x void:classPartition ?d }"
            " FILTER NOT EXISTS { ?y void:propertyPartition ?d }"
            " OPTIONAL { ?d void:entities ?entities } OPTIONAL { ?d void:properties ?properties } }"
            " ORDER BY DESC(?triples) LIMIT 1",
            self.void,
        )
        if not datasets:
            return None
        row = datasets[0]
        dataset = f"<{row['d'].value}>"
        classes = [
            (self.term(c["c"]), int(c["n"].value))
            for c in self.query(
                f"SELECT ?c ?n WHERE {{ {dataset} void:classPartition ?part ."
                " ?part void:class ?c ; void:entities ?n } ORDER BY DESC(?n) ?c",
                self.void,
            )
        ]
        properties = _value(row["properties"]) or str(
            len(self.query(f"SELECT ?p WHERE {{ {dataset} void:propertyPartition ?p }}", self.void))
        )
        linksets = [
            (_value(r["title"]) or _short(_value(r["target"]) or r["l"].value), _value(r["n"]))
            for r in self.query(
                "SELECT ?l ?title ?target ?n WHERE { ?l a void:Linkset ."
                " OPTIONAL { ?l dcterms:title ?title } OPTIONAL { ?l void:objectsTarget ?target }"
                " OPTIONAL { ?l void:triples ?n } } ORDER BY ?title ?l",
                self.void,
            )
        ]
        return {
            "source": "from the release's VoID description (adckg-void.ttl)",
            "triples": int(row["triples"].value),
            "entities": int(_value(row["entities"]) or 0),
            "properties": int(properties),
            "classes": classes,
            "linksets": linksets,
        }

    def downloads(self) -> list[dict[str, Any]]:
        """Every file of the release directory, with its size and media type."""
        out = []
        for path in sorted(self.release_dir.iterdir()):
            if path.is_file() and not path.name.startswith("."):
                media = media_type_of_file(path.name) or mimetypes.guess_type(path.name)[0]
                out.append({"name": path.name, "bytes": path.stat().st_size, "media": media or "?"})
        return out

    def ontology(self) -> dict[str, Any]:
        """Class tree and properties of the project's ontology, with labels and definitions."""
        namespace = f"FILTER(STRSTARTS(STR(?x), '{ONTOLOGY}'))"
        classes = {
            row["x"].value: _value(row["d"])
            for row in self.query(
                f"SELECT ?x ?d WHERE {{ ?x a owl:Class {namespace}"
                " OPTIONAL { ?x IAO:0000115 ?d } }"
            )
        }
        parents: dict[str, list[str]] = {iri: [] for iri in classes}
        for row in self.query(
            f"SELECT ?x ?sup WHERE {{ ?x rdfs:subClassOf ?sup {namespace} FILTER(isIRI(?sup)) }}"
        ):
            if row["x"].value in parents and row["sup"].value in classes:
                parents[row["x"].value].append(row["sup"].value)
        children: dict[str | None, list[str]] = {}
        for iri, sups in parents.items():
            roots: list[str | None] = [None]
            for parent in sups or roots:
                children.setdefault(parent, []).append(iri)

        def tree(parent: str | None, depth: int = 0) -> list[dict[str, Any]]:
            items = sorted(children.get(parent, []), key=lambda i: self.label(i).lower())
            return [
                {
                    "cell": self.term(ox.NamedNode(i)),
                    "definition": classes[i],
                    "children": tree(i, depth + 1) if depth < 30 else [],
                }
                for i in items
            ]

        properties = []
        for kind, label in (
            ("owl:ObjectProperty", "Object properties"),
            ("owl:DatatypeProperty", "Datatype properties"),
            ("owl:AnnotationProperty", "Annotation properties"),
        ):
            rows = self.query(
                f"SELECT ?x ?d ?dom ?range ?sup WHERE {{ ?x a {kind} {namespace}"
                " OPTIONAL { ?x IAO:0000115 ?d }"
                " OPTIONAL { ?x rdfs:domain ?dom FILTER(isIRI(?dom)) }"
                " OPTIONAL { ?x rdfs:range ?range FILTER(isIRI(?range)) }"
                " OPTIONAL { ?x rdfs:subPropertyOf ?sup } }"
            )
            seen: dict[str, dict[str, Any]] = {}
            for row in rows:
                entry = seen.setdefault(
                    row["x"].value,
                    {
                        "cell": self.term(row["x"]),
                        "definition": _value(row["d"]),
                        "domain": None,
                        "range": None,
                        "parent": None,
                    },
                )
                for key, var in (("domain", "dom"), ("range", "range"), ("parent", "sup")):
                    if row[var] is not None and entry[key] is None:
                        entry[key] = self.term(row[var])
            properties.append((label, sorted(seen.values(), key=lambda e: e["cell"].text.lower())))
        return {"classes": tree(None), "properties": properties, "count": len(classes)}


def _short(iri: str) -> str:
    for prefix, namespace in PREFIX_MAP.items():
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri
