"""The dataset's description (VoID + DCAT), computed from the graph, and the file manifest.

Two layers, because a description cannot contain its own size: the *statistics*
(triples, entities per class, properties, linksets per external target, license,
source, version) form the ``metadata`` part that travels with the data; the
*distributions* (every release file with media type and byte size) are added on
top in ``adckg-void.ttl``, written last. ``MANIFEST.sha256`` lists a SHA-256 per file
in the format ``sha256sum -c`` checks.

Our own code rather than ``rdflib.void.generateVoID``: that function names partitions
``<dataset>_class0``, ``_class1``, ... by the order it meets classes in the store (so the IRIs
change when the iteration order does), counts every typed subject rather than the entities
of our namespace, and writes no linksets, DCAT distributions, sizes or media types.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Mapping

from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, URIRef

from adckg import iris
from adckg.formats import media_type_of_file
from adckg.graph.sourcegraph import doi_of, source_publications
from adckg.prefixes import ADCKG, DCAT, DCTERMS, FOAF, SKOS, VOID, new_graph, resource_of_iri

SKOS_MATCHES = {
    SKOS[name] for name in ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")
}
DATASET = iris.DATASET


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
    out.add((d, DCTERMS.license, iris.LICENSE_IRI))
    for publication in source_publications(graph):
        doi = doi_of(graph, publication)
        out.add((d, DCTERMS.source, iris.doi(doi) if doi else publication))
    out.add((d, DCTERMS.issued, issued))
    out.add((d, DCAT.version, Literal(version)))
    out.add((d, OWL.versionIRI, iris.released(version, "kg")))
    out.add((d, FOAF.homepage, iris.HOMEPAGE))
    out.add((d, VOID.uriSpace, Literal(str(ADCKG))))
    out.add((d, VOID.vocabulary, iris.ONTOLOGY))
    subjects = set(graph.subjects())
    objects = set(graph.objects())
    entities = {s for s in subjects if isinstance(s, URIRef) and str(s).startswith(str(ADCKG))}
    predicates = Counter(p for _, p, _ in graph if isinstance(p, URIRef))  # RDF: all IRIs
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
        part = iris.dataset_part("class", _local(cls))
        out.add((d, VOID.classPartition, part))
        out.add((part, VOID["class"], cls))
        out.add((part, VOID.entities, Literal(n, datatype=XSD.integer)))
    for prop, n in sorted(predicates.items()):
        part = iris.dataset_part("property", _local(prop))
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
    subset = iris.dataset_part("subset", "data-subjects")
    out.add((DATASET, VOID.subset, subset))
    out.add((subset, RDF.type, VOID.Dataset))
    out.add((subset, DCTERMS.title, Literal("triples whose subject is a data node")))
    out.add((subset, VOID.uriSpace, Literal(str(ADCKG))))
    out.add((subset, VOID.triples, Literal(data, datatype=XSD.integer)))
    part = iris.dataset_part("subset", f"data-subjects/property/{_local(RDF.type)}")
    out.add((subset, VOID.propertyPartition, part))
    out.add((part, VOID.property, RDF.type))
    out.add((part, VOID.triples, Literal(typed, datatype=XSD.integer)))


def _linksets(graph: Graph, out: Graph) -> None:
    """One void:Linkset per external resource and SKOS mapping predicate, with its count."""
    counts: Counter[tuple[str, URIRef]] = Counter()
    names: dict[str, tuple[str, str]] = {}
    for s, p, o in graph:
        if (
            isinstance(p, URIRef)
            and p in SKOS_MATCHES
            and isinstance(o, URIRef)
            and isinstance(s, URIRef)
        ):
            resource = resource_of_iri(str(o))
            if resource is None:
                continue
            counts[(resource.prefix, p)] += 1
            names[resource.prefix] = (resource.name, resource.homepage)
    for (prefix, predicate), n in sorted(counts.items()):
        target = iris.dataset_part("target", prefix)
        linkset = iris.dataset_part("linkset", f"{prefix}-{_local(predicate)}")
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
        dist = iris.dataset_part("distribution", name)
        out.add((DATASET, DCAT.distribution, dist))
        out.add((dist, RDF.type, DCAT.Distribution))
        out.add((dist, DCTERMS.title, Literal(name)))
        out.add((dist, DCAT.downloadURL, iris.released(version, name)))
        out.add((dist, DCAT.mediaType, iris.media_type(_media_type(name))))
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


def _media_type(name: str) -> str:
    media = media_type_of_file(name)
    if media is None:
        raise ValueError(f"no media type known for release file {name}")  # pragma: no cover
    return media


def manifest(files: Mapping[str, bytes]) -> bytes:
    """``sha256sum``-style lines, one per file, sorted by name."""
    lines = [f"{hashlib.sha256(data).hexdigest()}  {name}" for name, data in sorted(files.items())]
    return ("\n".join(lines) + "\n").encode("utf-8")
