"""The build pipeline: curation -> triples -> reasoning -> validation -> release files."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import OWL, RDF, Graph, URIRef

from adckg.anchors import anchor_all
from adckg.build import build_graph
from adckg.errors import InputError, ValidationFailed
from adckg.load import Curation, load_curation
from adckg.prefixes import BASE, ONTOLOGY_IRI, new_graph
from adckg.rdfinput import parse_into
from adckg.reason import infer_types
from adckg.serialize import merge, to_bytes
from adckg.source_text import default_text_path, read_text, section_spans


@dataclass(frozen=True)
class Project:
    """Where the sources and the release files of a checkout are."""

    root: Path

    @property
    def curation_dir(self) -> Path:
        return self.root / "kg" / "curation"

    @property
    def ontology_file(self) -> Path:
        return self.root / "ontology" / "adckg-edit.ttl"

    @property
    def shapes_dir(self) -> Path:
        return self.root / "shapes"

    @property
    def queries_dir(self) -> Path:
        return self.root / "queries"

    @property
    def release_dir(self) -> Path:
        return self.root / "kg" / "release"

    @classmethod
    def find(cls, start: Path | None = None) -> Project:
        """The checkout that holds ``start`` (default: the working directory)."""
        here = (start or Path.cwd()).resolve()
        for folder in (here, *here.parents):
            if (folder / "ontology" / "adckg-edit.ttl").is_file():
                return cls(folder)
        packaged = Path(__file__).resolve().parents[2]
        if (packaged / "ontology" / "adckg-edit.ttl").is_file():
            return cls(packaged)
        raise InputError(
            f"no adckg checkout found at or above {here} (looked for ontology/adckg-edit.ttl);"
            " run from the repository or pass --root"
        )


@dataclass
class BuildResult:
    """Every part of the built graph, and the bytes of each release file."""

    curation: Curation
    ontology: Graph
    assertions: Graph
    inferred: Graph
    merged: Graph
    files: dict[Path, bytes] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def parse_rdf_file(path: Path, fmt: str = "turtle") -> Graph:
    """Parse one local RDF file strictly and offline; an error names the file and line.

    See :mod:`adckg.rdfinput`: ``FILE: not valid FORMAT: line N: reason``.
    """
    return parse_into(new_graph(), path, fmt)


def release_ontology(edit: Graph) -> Graph:
    """The ontology as released: the edit file plus a version IRI derived from versionInfo."""
    ontology = merge(edit)
    onto = URIRef(ONTOLOGY_IRI)
    version = ontology.value(onto, OWL.versionInfo)
    if version is None:
        raise InputError(f"the ontology header <{ONTOLOGY_IRI}> needs an owl:versionInfo")
    ontology.set((onto, OWL.versionIRI, URIRef(f"{BASE}releases/{version}/ontology")))
    return ontology


Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    return None


def build_release(
    project: Project, text_path: Path | None = None, progress: Progress = _quiet
) -> BuildResult:
    """Run the whole pipeline in memory; nothing is written here."""
    progress("loading curation files")
    curation = load_curation(project.curation_dir)
    path = text_path or default_text_path(project.root, curation.review.text_file)
    progress(f"anchoring quotes in {path.name}")
    text = read_text(path, curation.review.text_sha256)
    anchors = anchor_all(curation, text)
    spans = section_spans(text, list(curation.review.sections))
    progress("building triples")
    assertions = build_graph(curation, anchors, spans)
    ontology = release_ontology(parse_rdf_file(project.ontology_file))
    progress("reasoning with HermiT")
    inferred = infer_types(merge(ontology, assertions))
    merged = merge(ontology, assertions, inferred)
    result = BuildResult(curation, ontology, assertions, inferred, merged)
    from adckg.validate import validate_graph

    if any(project.shapes_dir.glob("*.ttl")):
        progress("validating with SHACL")
        report = validate_graph(merged, project.shapes_dir)
        if report.violations:
            raise ValidationFailed(
                f"the graph has {len(report.violations)} SHACL violation(s); release files were"
                " not written. First: " + report.violations[0].one_line()
            )
        result.warnings.extend(r.one_line() for r in report.warnings)
    out = project.release_dir
    result.files = {
        out / "adckg.ttl": to_bytes(merged),
        out / "adckg-ontology.ttl": to_bytes(ontology),
        out / "adckg-ontology.owl": to_bytes(ontology, "rdfxml"),
        out / "adckg-assertions.ttl": to_bytes(assertions),
        out / "adckg-inferred.ttl": to_bytes(inferred),
    }
    return result


def class_counts(graph: Graph) -> dict[str, int]:
    """Individuals per asserted class (CURIE), for the build summary and `adckg stats`."""
    counts: dict[str, int] = {}
    for cls in set(graph.objects(None, RDF.type)):
        if cls == OWL.NamedIndividual or not isinstance(cls, URIRef):
            continue
        if (cls, RDF.type, OWL.Class) not in graph and not str(cls).startswith(BASE):
            continue
        n = sum(1 for _ in graph.subjects(RDF.type, cls))
        counts[graph.namespace_manager.normalizeUri(cls)] = n
    return dict(sorted(counts.items()))


def summary(result: BuildResult) -> str:
    """The text `adckg build` prints: triples per part, entities per class, inferences."""
    lines = [
        "triples: "
        + ", ".join(
            f"{name} {len(g)}"
            for name, g in (
                ("ontology", result.ontology),
                ("assertions", result.assertions),
                ("inferred", result.inferred),
                ("merged", result.merged),
            )
        ),
        f"inferred types: {len(result.inferred)}",
        "individuals per class (asserted):",
    ]
    skip = {
        OWL.Class,
        OWL.ObjectProperty,
        OWL.DatatypeProperty,
        OWL.AnnotationProperty,
        OWL.Ontology,
        OWL.FunctionalProperty,
        OWL.Restriction,
    }
    for cls, n in class_counts(result.assertions).items():
        if URIRef(result.assertions.namespace_manager.expand_curie(cls)) not in skip:
            lines.append(f"  {cls:<45} {n:>5}")
    lines.append(f"SHACL warnings and hints: {len(result.warnings)} (details: adckg validate)")
    by_shape: dict[str, int] = {}
    for warning in result.warnings:
        key = " ".join(warning.split(" ", 2)[:2])
        by_shape[key] = by_shape.get(key, 0) + 1
    lines.extend(f"  {key:<50} {n:>4}" for key, n in sorted(by_shape.items()))
    return "\n".join(lines)
