"""The one prefix map of the project, and the only place namespace IRIs are written.

Three kinds of namespace, one table each:

- ``PREFIX_MAP``: the prefixes every written file binds (Turtle, JSON-LD, SPARQL PREFIX lines);
- ``OTHER_NAMESPACES``: vocabularies the code uses but the release files do not bind
  (SPARQL service description, schema.org, SEMAPV, the OBO PURL root);
- ``RESOURCES``: the external resources the graph links to, whose IRI prefixes and
  local-id patterns come from the ``bioregistry`` package (shipped with it, no network), so
  our IRIs are the ones other Bioregistry-aware tools produce: OBO PURLs for OBO Foundry
  ontologies, identifiers.org otherwise, doi.org for DOIs.

:func:`converter` is the one ``curies`` converter over all of them. A test fails when a
module of the package declares a namespace IRI anywhere else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from curies import Converter
from rdflib import Graph, Namespace
from rdflib.namespace import ClosedNamespace

from adckg.terms import ADCKO_TERMS

BASE = "https://w3id.org/adckg/"

PREFIX_MAP: dict[str, str] = {
    "adcko": BASE + "ontology/",
    "adckg": BASE + "resource/",
    "adcks": BASE + "shapes/",
    "sh": "http://www.w3.org/ns/shacl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "oa": "http://www.w3.org/ns/oa#",
    "cito": "http://purl.org/spar/cito/",
    "bibo": "http://purl.org/ontology/bibo/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "org": "http://www.w3.org/ns/org#",
    "void": "http://rdfs.org/ns/void#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "np": "http://www.nanopub.org/nschema#",
    "pav": "http://purl.org/pav/",
    "IAO": "http://purl.obolibrary.org/obo/IAO_",
    "ECO": "http://purl.obolibrary.org/obo/ECO_",
    "BFO": "http://purl.obolibrary.org/obo/BFO_",
    "RO": "http://purl.obolibrary.org/obo/RO_",
}

OTHER_NAMESPACES: dict[str, str] = {
    "adckq": BASE + "queries/",
    "obo": "http://purl.obolibrary.org/obo/",
    "sd": "http://www.w3.org/ns/sparql-service-description#",
    "schema": "https://schema.org/",
    "semapv": "https://w3id.org/semapv/vocab/",
    "formats": "http://www.w3.org/ns/formats/",
    "sparql-results": "http://www.w3.org/2005/sparql-results#",
}

# Closed: naming a term ontology/adckg-edit.ttl does not declare raises (AttributeError,
# KeyError), at import for the tables of constants.
ADCKO = ClosedNamespace(PREFIX_MAP["adcko"], sorted(ADCKO_TERMS))
ADCKG = Namespace(PREFIX_MAP["adckg"])
ADCKS = Namespace(PREFIX_MAP["adcks"])
SH = Namespace(PREFIX_MAP["sh"])
SKOS = Namespace(PREFIX_MAP["skos"])
DCTERMS = Namespace(PREFIX_MAP["dcterms"])
PROV = Namespace(PREFIX_MAP["prov"])
OA = Namespace(PREFIX_MAP["oa"])
CITO = Namespace(PREFIX_MAP["cito"])
BIBO = Namespace(PREFIX_MAP["bibo"])
FOAF = Namespace(PREFIX_MAP["foaf"])
ORG = Namespace(PREFIX_MAP["org"])
VOID = Namespace(PREFIX_MAP["void"])
DCAT = Namespace(PREFIX_MAP["dcat"])
NP = Namespace(PREFIX_MAP["np"])
PAV = Namespace(PREFIX_MAP["pav"])
OBO = Namespace(OTHER_NAMESPACES["obo"])
SD = Namespace(OTHER_NAMESPACES["sd"])
SCHEMA = Namespace(OTHER_NAMESPACES["schema"])

ADCKQ = Namespace(OTHER_NAMESPACES["adckq"])

# Fixed IRIs that are not terms of a vocabulary (minted into IRIs by adckg.iris).
LICENSE = "https://creativecommons.org/licenses/by/4.0/"
IANA_MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"
DOI_RESOLVER = "https://doi.org/"
CLINICAL_TRIALS = "https://clinicaltrials.gov/study/"
BIOREGISTRY_ENTRY = "https://bioregistry.io/registry/"


# Our CURIE prefix -> Bioregistry prefix.  The CURIE prefix is the one SSSOM files and
# curators write (the resource's own capitalisation); Bioregistry knows each as a synonym.
RESOURCES: dict[str, str] = {
    "HGNC": "hgnc",
    "NCBIGene": "ncbigene",
    "UniProtKB": "uniprot",
    "NCIT": "ncit",
    "CHEBI": "chebi",
    "DRUGBANK": "drugbank",
    "chembl.compound": "chembl.compound",
    "UNII": "unii",
    "ATC": "atc",
    "wikidata": "wikidata",
    "MONDO": "mondo",
    "DOID": "doid",
    "GO": "go",
    "ARO": "aro",
    "ECO": "eco",
    "SO": "so",
    "OBI": "obi",
    "IAO": "iao",
    "PMID": "pubmed",
    "DOI": "doi",
    "NCT": "clinicaltrials",
}

# Which Bioregistry URI format wins: OBO PURLs first, then identifiers.org (MIRIAM).
# DOIs keep their own resolver, the form publishers and Crossref print.
_URI_PRIORITY = ["obofoundry", "miriam"]
_URI_OVERRIDE = {"doi": ["default"]}


@dataclass(frozen=True)
class Resource:
    """One external resource: its CURIE prefix, IRI prefix, id pattern and home page."""

    prefix: str
    bioregistry_prefix: str
    uri_prefix: str
    pattern: re.Pattern[str]
    name: str
    homepage: str
    is_obo: bool

    def iri(self, local_id: str) -> str:
        return self.uri_prefix + local_id

    def valid_local_id(self, local_id: str) -> bool:
        return self.pattern.fullmatch(local_id) is not None


@cache
def resources() -> dict[str, Resource]:
    """Every linked resource, keyed by our CURIE prefix."""
    import bioregistry

    table: dict[str, Resource] = {}
    for prefix, key in RESOURCES.items():
        record = bioregistry.get_resource(key)
        if record is None:  # pragma: no cover - guarded by a test on the pinned registry
            raise RuntimeError(f"the Bioregistry has no resource {key!r}")
        uri_prefix = record.get_uri_prefix(priority=_URI_OVERRIDE.get(key, _URI_PRIORITY))
        pattern = record.get_pattern()
        if uri_prefix is None or pattern is None:  # pragma: no cover - same guard
            raise RuntimeError(f"the Bioregistry gives no URI prefix or pattern for {key!r}")
        table[prefix] = Resource(
            prefix=prefix,
            bioregistry_prefix=key,
            uri_prefix=uri_prefix,
            pattern=re.compile(pattern.removeprefix("^").removesuffix("$")),
            name=record.get_name() or key,
            homepage=record.get_homepage() or uri_prefix,
            is_obo=record.get_obofoundry_prefix() is not None,
        )
    return table


def resource_of_iri(iri: str) -> Resource | None:
    """The resource whose IRI prefix ``iri`` starts with (longest match), if any."""
    best: Resource | None = None
    for resource in resources().values():
        if iri.startswith(resource.uri_prefix) and (
            best is None or len(resource.uri_prefix) > len(best.uri_prefix)
        ):
            best = resource
    return best


def is_external(iri: str) -> bool:
    """Whether ``iri`` belongs to one of the linked external resources."""
    return resource_of_iri(iri) is not None


@cache
def converter() -> Converter:
    """The one CURIE <-> IRI converter: our prefixes, the others we use, the linked resources.

    Where a prefix is both ours and a linked resource's (ECO), the IRI prefix is the same.
    """
    table = {**PREFIX_MAP, **OTHER_NAMESPACES}
    for prefix, resource in resources().items():
        table.setdefault(prefix, resource.uri_prefix)
    return Converter.from_prefix_map(table)


def external_curie(iri: str) -> str | None:
    """``HGNC:3430`` for a linked resource's IRI; None for any other IRI."""
    if not is_external(iri):
        return None
    return converter().compress(iri)


def new_graph() -> Graph:
    """A graph with the project's prefixes bound (and rdflib's defaults left out)."""
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in PREFIX_MAP.items():
        graph.bind(prefix, namespace)
    return graph


def sparql_prefixes() -> str:
    """PREFIX lines for every prefix of the map, for queries typed by users."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIX_MAP.items())
