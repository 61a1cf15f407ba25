"""Run HermiT (through owlready2) over ontology + assertions and return the inferred types.

owlready2 cannot read Turtle, so the graph is handed over as N-Triples in a private
temporary folder. Only the class assertions HermiT adds are kept: they form the
``inferred`` part of the release, apart from what curators asserted.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from rdflib import OWL, RDF, RDFS, Graph, URIRef

from adckg.errors import ReasonerError
from adckg.prefixes import new_graph

JAVA_HINT = (
    "HermiT needs a Java runtime (11 or newer) and none was found on PATH."
    " Install one, e.g. on Debian/Ubuntu: sudo apt-get install -y default-jre-headless"
)


def find_java() -> str:
    """The java executable to run HermiT with."""
    java = shutil.which("java")
    if java is None:
        raise ReasonerError(JAVA_HINT)
    return java


_NON_LOGICAL = {RDFS.label, RDFS.comment, RDFS.seeAlso, RDFS.isDefinedBy, OWL.versionInfo}


def logical_part(graph: Graph) -> Graph:
    """The triples that can change what HermiT infers: annotations are left out.

    Annotations carry literals such as ``xsd:gYear`` dates, which are outside the
    OWL 2 datatype map and make HermiT refuse the whole input; they entail nothing.
    """
    annotation = set(graph.subjects(RDF.type, OWL.AnnotationProperty)) | _NON_LOGICAL
    logical = new_graph()
    for triple in graph:
        if triple[1] not in annotation:
            logical.add(triple)
    return logical


def infer_types(graph: Graph) -> Graph:
    """Classify every individual with HermiT; return the rdf:type triples it adds.

    :raises ReasonerError: when Java is missing, or the ontology is inconsistent or has
        unsatisfiable classes (named in the message).
    """
    import owlready2

    owlready2.JAVA_EXE = find_java()
    world = owlready2.World()
    with tempfile.TemporaryDirectory(prefix="adckg-reason-") as tmp:
        path = Path(tmp) / "merged.nt"
        logical_part(graph).serialize(destination=str(path), format="nt", encoding="utf-8")
        onto = world.get_ontology(path.as_uri()).load(format="ntriples", reload=True)
        try:
            with onto:
                owlready2.sync_reasoner_hermit(
                    world, infer_property_values=False, debug=0, keep_tmp_file=False
                )
        except owlready2.OwlReadyInconsistentOntologyError:
            raise ReasonerError(
                "HermiT found the ontology and data inconsistent: some individual belongs to"
                " disjoint classes or breaks a functional property (check linkers typed both"
                " cleavable and non-cleavable, or two values of a functional property)"
            ) from None
        except FileNotFoundError as exc:
            raise ReasonerError(f"{JAVA_HINT} ({exc})") from None
        except owlready2.OwlReadyJavaError as exc:
            raise ReasonerError(f"HermiT failed: {str(exc).strip().splitlines()[-1]}") from None
        unsatisfiable = sorted(
            c.iri for c in world.inconsistent_classes() if c.iri != str(OWL.Nothing)
        )
        if unsatisfiable:
            raise ReasonerError("unsatisfiable classes: " + ", ".join(unsatisfiable))
        reasoned = world.as_rdflib_graph()
        inferred = new_graph()
        for subject, cls in reasoned.subject_objects(RDF.type):
            if not isinstance(subject, URIRef) or not isinstance(cls, URIRef):
                continue
            if cls in (OWL.NamedIndividual, OWL.Thing) or (subject, RDF.type, cls) in graph:
                continue
            if (subject, RDF.type, OWL.Class) in graph:
                continue  # a class IRI punned as a value (adcko:usesDrugClass), not data
            if (cls, RDF.type, OWL.Class) in graph:
                inferred.add((subject, RDF.type, cls))
        world.close()
    return inferred
