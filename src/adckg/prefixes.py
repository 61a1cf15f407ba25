"""The one prefix map of the project: graph bindings, SPARQL PREFIX lines and tests read it."""

from __future__ import annotations

from curies import Converter
from rdflib import Graph, Namespace

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

CONVERTER = Converter.from_prefix_map(PREFIX_MAP)

ADCKO = Namespace(PREFIX_MAP["adcko"])
ADCKG = Namespace(PREFIX_MAP["adckg"])
SKOS = Namespace(PREFIX_MAP["skos"])
DCTERMS = Namespace(PREFIX_MAP["dcterms"])
PROV = Namespace(PREFIX_MAP["prov"])
OA = Namespace(PREFIX_MAP["oa"])
CITO = Namespace(PREFIX_MAP["cito"])
BIBO = Namespace(PREFIX_MAP["bibo"])
FOAF = Namespace(PREFIX_MAP["foaf"])
ORG = Namespace(PREFIX_MAP["org"])
OBO = Namespace("http://purl.obolibrary.org/obo/")

ONTOLOGY_IRI = BASE + "ontology"
DATASET_IRI = BASE + "kg"


def new_graph() -> Graph:
    """A graph with the project's prefixes bound (and rdflib's defaults left out)."""
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in PREFIX_MAP.items():
        graph.bind(prefix, namespace)
    return graph


def sparql_prefixes() -> str:
    """PREFIX lines for every prefix of the map, for queries typed by users."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIX_MAP.items())
