"""Every IRI the project mints: records and their parts, graphs, releases, external links.

Namespaces come from :mod:`adckg.prefixes`; this module only puts local names after them,
so the IRI scheme (``adckg:<record>.<part>``, ``<base>releases/<version>/<file>``, ...)
is read in one place.
"""

from __future__ import annotations

import uuid

from rdflib import URIRef

from adckg.prefixes import (
    ADCKG,
    ADCKQ,
    BASE,
    BIOREGISTRY_ENTRY,
    CLINICAL_TRIALS,
    DOI_RESOLVER,
    IANA_MEDIA_TYPES,
    LICENSE,
    OBO,
    PREFIX_MAP,
)

HOMEPAGE = URIRef(BASE)
ONTOLOGY = URIRef(BASE + "ontology")
DATASET = URIRef(BASE + "kg")
ENDPOINT = URIRef(BASE + "sparql")  # where the published endpoint answers
DEFAULT_GRAPH = BASE + "graph"  # the graph a store loads the release into, unless told
LICENSE_IRI = URIRef(LICENSE)
RESOURCE_NAMESPACE = PREFIX_MAP["adckg"]
ONTOLOGY_NAMESPACE = PREFIX_MAP["adcko"]
# The UUID namespace of KGX edge ids (uuid5 of the edge's statement).
KGX_EDGE_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, BASE + "kgx/edge")


def record(record_id: str) -> URIRef:
    """The IRI of a curated record or registered source: the resource namespace plus its id."""
    return ADCKG[record_id]


def part(owner_id: str, name: str) -> URIRef:
    """A node that belongs to a record: ``adckg:<owner>.<name>`` (``T-DM1.linker``)."""
    return ADCKG[f"{owner_id}.{name}"]


def text(source_id: str) -> URIRef:
    """The IRI of a source's registered copy, against which offsets count."""
    return part(source_id, "text")


def owned(name: str, source_id: str | None) -> URIRef:
    """A source's part: a bare name for the default source (``ref-3``), else prefixed."""
    return part(source_id, name) if source_id else ADCKG[name]


def local_name(iri: str) -> str | None:
    """The id after the resource namespace (``T-DM1.linker``), None outside it."""
    return iri[len(RESOURCE_NAMESPACE) :] if iri.startswith(RESOURCE_NAMESPACE) else None


def graph(part_name: str) -> URIRef:
    """The name of the named graph that holds one release part."""
    return URIRef(f"{BASE}graph/{part_name}")


def nanopublication(finding_local: str) -> URIRef:
    """The nanopublication of one finding."""
    return URIRef(f"{BASE}np/{finding_local}")


def nanopublication_graph(nanopub: URIRef, name: str) -> URIRef:
    """One of a nanopublication's graphs (Head, assertion, provenance, pubinfo)."""
    return URIRef(f"{nanopub}#{name}")


def released(version: str, name: str) -> URIRef:
    """A file or part of the release ``version`` (``kg``, ``ontology``, ``adckg.ttl``)."""
    return URIRef(f"{BASE}releases/{version}/{name}")


def dataset_part(kind: str, name: str) -> URIRef:
    """A VoID part of the dataset: class/property partitions, targets, linksets, distributions."""
    return URIRef(f"{DATASET}/{kind}/{name}")


def saved_query(name: str) -> URIRef:
    """A saved query, as the release describes it."""
    return ADCKQ[name]


def media_type(name: str) -> URIRef:
    """The IANA registry entry of a media type."""
    return URIRef(IANA_MEDIA_TYPES + name)


def doi(value: str) -> URIRef:
    """The resolvable form of a DOI."""
    return URIRef(DOI_RESOLVER + value)


def trial_registry(nct: str) -> URIRef:
    """A trial's ClinicalTrials.gov record."""
    return URIRef(CLINICAL_TRIALS + nct)


def defining_resource(bioregistry_prefix: str, is_obo: bool) -> str:
    """The IRI of the ontology or registry entry that defines an external resource's terms."""
    if is_obo:
        return f"{OBO}{bioregistry_prefix}.owl"
    return BIOREGISTRY_ENTRY + bioregistry_prefix
