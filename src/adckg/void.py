"""The dataset's description (VoID + DCAT), computed from the graph, and the file manifest.

Two layers, because a description cannot contain its own size: the *statistics*
(triples, entities per class, properties, linksets per external target, license,
source, version) form the ``metadata`` part that travels with the data; the
*distributions* (every release file with media type and byte size) are added on
top in ``adckg-void.ttl``, written last. ``MANIFEST.sha256`` lists a SHA-256 per file
in the format ``sha256sum -c`` checks.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Mapping

from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef

from adckg.external import resource_of_iri
from adckg.prefixes import ADCKG, BASE, DATASET_IRI, DCTERMS, FOAF, ONTOLOGY_IRI, new_graph
from adckg.sourcegraph import doi_link, doi_of, source_publications

VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
SKOS_MATCHES = {
    URIRef("http://www.w3.org/2004/02/skos/core#" + name)
    for name in ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")
}
MEDIA_TYPES = {
    ".ttl": "text/turtle",
    ".nt": "application/n-triples",
    ".owl": "application/rdf+xml",
    ".rdf": "application/rdf+xml",
    ".jsonld": "application/ld+json",
    ".trig": "application/trig",
    ".nq": "application/n-quads",
    ".tsv": "text/tab-separated-values",
    ".md": "text/markdown",
    ".sha256": "text/plain",
}
DATASET = URIRef(DATASET_IRI)
LICENSE = URIRef("https://creativecommons.org/licenses/by/4.0/")
IANA = "https://www.iana.org/assignments/media-types/"


def _local(iri: URIRef) -> str:
    """A readable, IRI-safe key for a class or property: prefix_localname."""
    text = str(iri)
    for sep in ("#", "/"):
        if sep in text:
            head, _, tail = text.rpartition(sep)
            return f"{head.rsplit('/', 1)[-1]}_{tail}".replace(".", "_")
    return text  # pragma: no cover - every IRI here has a path


def describe(graph: Graph, version: str, issued: Literal, title: str, description: str) -> Graph:
    """VoID statistics and DCAT dataset metadata, computed from ``graph``."""
    out = new_graph()
    out.bind("void", VOID)
    out.bind("dcat", DCAT)
    d = DATASET
    out.add((d, RDF.type, VOID.Dataset))
    out.add((d, RDF.type, DCAT.Dataset))
    out.add((d, DCTERMS.title, Literal(title, lang="en")))
    out.add((d, DCTERMS.description, Literal(description, lang="en")))
    out.add((d, DCTERMS.license, LICENSE))
    for publication in source_publications(graph):
        doi = doi_of(graph, publication)
        out.add((d, DCTERMS.source, doi_link(doi) if doi else publication))
    out.add((d, DCTERMS.issued, issued))
    out.add((d, DCAT.version, Literal(version)))
    out.add((d, OWL.versionIRI, URIRef(f"{BASE}releases/{version}/kg")))
    out.add((d, FOAF.homepage, URIRef(BASE)))
    out.add((d, VOID.uriSpace, Literal(str(ADCKG))))
    out.add((d, VOID.vocabulary, URIRef(ONTOLOGY_IRI)))
    subjects = set(graph.subjects())
    objects = set(graph.objects())
    entities = {s for s in subjects if isinstance(s, URIRef) and str(s).startswith(str(ADCKG))}
    predicates = Counter(p for _, p, _ in graph)
    out.add((d, VOID.triples, Literal(len(graph), datatype=XSD.integer)))
    out.add((d, VOID.entities, Literal(len(entities), datatype=XSD.integer)))
    out.add((d, VOID.distinctSubjects, Literal(len(subjects), datatype=XSD.integer)))
    out.add((d, VOID.distinctObjects, Literal(len(objects), datatype=XSD.integer)))
    out.add((d, VOID.properties, Literal(len(predicates), datatype=XSD.integer)))
    per_class = Counter(
        c for s, c in graph.subject_objects(RDF.type) if s in entities and isinstance(c, URIRef)
    )
    out.add((d, VOID.classes, Literal(len(per_class), datatype=XSD.integer)))
    for cls, n in sorted(per_class.items()):
        part = URIRef(f"{DATASET_IRI}/class/{_local(cls)}")
        out.add((d, VOID.classPartition, part))
        out.add((part, VOID["class"], cls))
        out.add((part, VOID.entities, Literal(n, datatype=XSD.integer)))
    for prop, n in sorted(predicates.items()):
        part = URIRef(f"{DATASET_IRI}/property/{_local(prop)}")
        out.add((d, VOID.propertyPartition, part))
        out.add((part, VOID.property, prop))
        out.add((part, VOID.triples, Literal(n, datatype=XSD.integer)))
    _data_subjects(graph, entities, out)
    _linksets(graph, out)
    return _declare_vocabulary(out)


def _data_subjects(graph: Graph, entities: set, out: Graph) -> None:
    """The subset of triples whose subject is a data node (adckg:), and its rdf:type part.

    With the per-class counts these are what a whole-graph overview needs, so a query
    reads them here instead of counting a graph of millions of triples.
    """
    data = typed = 0
    for s, p, _ in graph:
        if s in entities:
            data += 1
            typed += p == RDF.type
    subset = URIRef(f"{DATASET_IRI}/subset/data-subjects")
    out.add((DATASET, VOID.subset, subset))
    out.add((subset, RDF.type, VOID.Dataset))
    out.add((subset, DCTERMS.title, Literal("triples whose subject is a data node")))
    out.add((subset, VOID.uriSpace, Literal(str(ADCKG))))
    out.add((subset, VOID.triples, Literal(data, datatype=XSD.integer)))
    part = URIRef(f"{DATASET_IRI}/subset/data-subjects/property/{_local(RDF.type)}")
    out.add((subset, VOID.propertyPartition, part))
    out.add((part, VOID.property, RDF.type))
    out.add((part, VOID.triples, Literal(typed, datatype=XSD.integer)))


def _linksets(graph: Graph, out: Graph) -> None:
    """One void:Linkset per external resource and SKOS mapping predicate, with its count."""
    counts: Counter[tuple[str, URIRef]] = Counter()
    names: dict[str, tuple[str, str]] = {}
    for s, p, o in graph:
        if p in SKOS_MATCHES and isinstance(o, URIRef) and isinstance(s, URIRef):
            resource = resource_of_iri(str(o))
            if resource is None:
                continue
            counts[(resource.prefix, p)] += 1
            names[resource.prefix] = (resource.name, resource.homepage)
    for (prefix, predicate), n in sorted(counts.items()):
        target = URIRef(f"{DATASET_IRI}/target/{prefix}")
        linkset = URIRef(f"{DATASET_IRI}/linkset/{prefix}-{_local(predicate)}")
        out.add((DATASET, VOID.subset, linkset))
        out.add((linkset, RDF.type, VOID.Linkset))
        match = str(predicate).rsplit("#", 1)[-1].replace("Match", " match")
        out.add((linkset, DCTERMS.title, Literal(f"{prefix} {match}")))
        out.add((linkset, VOID.subjectsTarget, DATASET))
        out.add((linkset, VOID.objectsTarget, target))
        out.add((linkset, VOID.linkPredicate, predicate))
        out.add((linkset, VOID.triples, Literal(n, datatype=XSD.integer)))
        out.add((target, RDF.type, VOID.Dataset))
        out.add((target, DCTERMS.title, Literal(names[prefix][0])))
        out.add((target, FOAF.homepage, URIRef(names[prefix][1])))
        out.add((target, RDFS.label, Literal(prefix)))


def add_distributions(description: Graph, files: Mapping[str, bytes], version: str) -> Graph:
    """The description plus one dcat:Distribution per release file (size, media type)."""
    out = new_graph()
    out.bind("void", VOID)
    out.bind("dcat", DCAT)
    for triple in description:
        out.add(triple)
    for name, data in sorted(files.items()):
        dist = URIRef(f"{DATASET_IRI}/distribution/{name}")
        suffix = "." + name.rsplit(".", 1)[-1]
        out.add((DATASET, DCAT.distribution, dist))
        out.add((dist, RDF.type, DCAT.Distribution))
        out.add((dist, DCTERMS.title, Literal(name)))
        out.add((dist, DCAT.downloadURL, URIRef(f"{BASE}releases/{version}/{name}")))
        media_type = URIRef(f"{IANA}{MEDIA_TYPES[suffix]}")
        out.add((dist, DCAT.mediaType, media_type))
        out.add((dist, DCAT.byteSize, Literal(len(data), datatype=XSD.nonNegativeInteger)))
    return _declare_vocabulary(out)


def _declare_vocabulary(out: Graph) -> Graph:
    """Declare the VoID, DCAT and FOAF terms used, as OWL 2 DL requires of every entity.

    The description is data about the dataset, not an ontology, so its properties are
    annotation properties (as the ontology declares the Dublin Core ones); without the
    declarations the OWL API reports every use as a DL profile violation.
    """
    described = (str(VOID), str(DCAT), str(FOAF))
    for _, predicate, _ in list(out):
        if str(predicate).startswith(described):
            out.add((predicate, RDF.type, OWL.AnnotationProperty))
    for cls in list(out.objects(None, RDF.type)):
        if isinstance(cls, URIRef) and str(cls).startswith(described):
            out.add((cls, RDF.type, OWL.Class))
    return out


def manifest(files: Mapping[str, bytes]) -> bytes:
    """``sha256sum``-style lines, one per file, sorted by name."""
    lines = [f"{hashlib.sha256(data).hexdigest()}  {name}" for name, data in sorted(files.items())]
    return ("\n".join(lines) + "\n").encode("utf-8")
