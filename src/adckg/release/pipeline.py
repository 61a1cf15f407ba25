"""The build pipeline: curation -> triples -> reasoning -> validation -> release files."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef

from adckg import iris
from adckg.curation.load import Curation, load_curation
from adckg.curation.models import Review
from adckg.curation.texts import anchor_sources
from adckg.errors import InputError, ValidationFailed
from adckg.formats import BY_NAME, GRAPH_FORMATS
from adckg.graph.build import build_graph
from adckg.graph.entailment import REGIME, describe_regime, entail
from adckg.graph.rdfinput import parse_rdf_file
from adckg.graph.reason_records import infer_types_by_records
from adckg.graph.validate import validate_graph
from adckg.links.lookups import check_against_mappings, read_not_found
from adckg.links.mappings import mapping_graph, read_sssom
from adckg.prefixes import BASE, DCTERMS, new_graph
from adckg.release.changelog import (
    Baseline,
    PartChange,
    compare,
    ntriples_lines,
    read_baseline,
    render,
    snapshot,
)
from adckg.release.dataset import canonical_ntriples, nanopublications, to_nquads, to_trig
from adckg.release.findings_table import findings_tsv
from adckg.release.jsonld import context_bytes
from adckg.release.kgx import kgx_files
from adckg.release.query_descriptions import describe_queries
from adckg.release.serialize import merge, to_bytes, to_bytes_all
from adckg.release.versioning import PLACES, set_version, versioned_files
from adckg.release.void import add_distributions, describe, manifest
from adckg.store.query import list_queries


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
    def mappings_file(self) -> Path:
        return self.root / "kg" / "mappings" / "adckg.sssom.tsv"

    @property
    def not_found_file(self) -> Path:
        return self.root / "kg" / "mappings" / "not-found.yaml"

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
    mappings: Graph = field(default_factory=new_graph)
    metadata: Graph = field(default_factory=new_graph)
    files: dict[Path, bytes] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    changes: list[PartChange] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def release_ontology(edit: Graph, version: str | None = None) -> Graph:
    """The ontology as released: the edit file plus a version IRI derived from versionInfo."""
    ontology = merge(edit)
    onto = iris.ONTOLOGY
    if version is not None:
        ontology.set((onto, OWL.versionInfo, Literal(version)))
    version_literal = ontology.value(onto, OWL.versionInfo)
    if version_literal is None:
        raise InputError(f"the ontology header <{iris.ONTOLOGY}> needs an owl:versionInfo")
    ontology.set((onto, OWL.versionIRI, iris.released(str(version_literal), "ontology")))
    return ontology


def set_edit_version(path: Path, version: str) -> bytes:
    """The edit file's text with owl:versionInfo set to ``version`` (one such line allowed)."""
    return set_version(path, PLACES[0], version)


Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    return None


# Release parts: each is written in every RDF format and is one named graph of the dataset.
PARTS = ("ontology", "assertions", "inferred", "mappings", "metadata")
RDF_FORMATS = GRAPH_FORMATS


def _file_name(stem: str, fmt: str) -> str:
    ext = BY_NAME[fmt].extension
    if fmt == "rdfxml" and stem not in ("adckg", "adckg-ontology"):
        ext = ".rdf"  # only the ontology and the whole graph are OWL documents
    return stem + ext


def build_release(
    project: Project,
    text_path: Path | str | None = None,
    progress: Progress = _quiet,
    version: str | None = None,
) -> BuildResult:
    """Run the whole pipeline in memory; nothing is written here.

    ``version`` starts a new release: the edit file's owl:versionInfo is updated and the
    current release becomes the baseline the changelog compares with. ``text_path`` is
    the default source's text, or ``ID=PATH`` pairs (default: $ADCKG_SOURCE_TEXT, else
    each source's text_file, else the committed anchors).
    """
    # Checked first: a wrong version stops the build before any work, and nothing is written.
    version_files = versioned_files(project.root, version) if version is not None else {}
    progress("loading curation files")
    curation = load_curation(project.curation_dir)
    progress("anchoring quotes in the sources' texts")
    anchored = anchor_sources(
        curation, project.root, project.curation_dir, None if text_path is None else str(text_path)
    )
    for note in anchored.notes:
        progress(note)
    progress("building triples")
    assertions = build_graph(curation, anchored.anchoring)
    edit = parse_rdf_file(project.ontology_file)
    previous_version = str(edit.value(iris.ONTOLOGY, OWL.versionInfo) or "")
    new_version = version if version not in (None, previous_version) else None
    ontology = release_ontology(edit, version)
    release_version = str(ontology.value(iris.ONTOLOGY, OWL.versionInfo))
    mappings = new_graph()
    if project.mappings_file.is_file():
        progress(f"reading mappings from {project.mappings_file.name}")
        labels = {
            s: str(o)
            for part in (ontology, assertions)  # classes for class-level rows, then entities
            for s, o in part.subject_objects(RDFS.label)
            if isinstance(s, URIRef)
        }
        mapping_set = read_sssom(project.mappings_file)
        mappings = mapping_graph(mapping_set, labels)
        if project.not_found_file.is_file():
            check_against_mappings(
                project.not_found_file, read_not_found(project.not_found_file), mapping_set
            )
    progress("reasoning: HermiT classifies the ontology, rules type the records")
    inferred = infer_types_by_records(ontology, assertions)
    progress("materialising the entailment regime (docs/entailment.md)")
    inferred = merge(inferred, entail(ontology, merge(assertions, inferred)))
    merged = merge(ontology, assertions, inferred, mappings)
    result = BuildResult(curation, ontology, assertions, inferred, merged, mappings=mappings)
    result.notes.extend(anchored.notes)
    if any(project.shapes_dir.glob("*.ttl")):
        progress("validating with SHACL")
        # Shapes see asserted types; only a shape that asks for them sees the inferred ones.
        asserted = merge(ontology, assertions, mappings)
        report = validate_graph(asserted, project.shapes_dir, inferred=inferred)
        if report.violations:
            raise ValidationFailed(
                f"the graph has {len(report.violations)} SHACL violation(s); release files were"
                " not written. First: " + report.violations[0].one_line()
            )
        result.warnings.extend(r.one_line() for r in report.warnings)
    progress("writing release formats")
    issued_value = ontology.value(iris.ONTOLOGY, DCTERMS.issued)
    issued = issued_value if isinstance(issued_value, Literal) else Literal("")
    title = str(ontology.value(iris.ONTOLOGY, DCTERMS.title) or "ADC resistance KG")
    result.metadata = describe(
        merged,
        release_version,
        issued,
        title.replace("Ontology (ADCKO)", "Knowledge Graph"),
        dataset_description(curation.sources.values()),
    )
    for triple in describe_regime(iris.DATASET, iris.graph("inferred")):
        result.metadata.add(triple)
    parts = {
        "ontology": ontology,
        "assertions": assertions,
        "inferred": inferred,
        "mappings": mappings,
        "metadata": result.metadata,
    }
    files: dict[str, bytes] = {}
    # The whole-graph files carry the statistics too: whole-graph counts are read, not counted.
    described = merge(merged, result.metadata)
    for stem, graph in [("adckg", described)] + [(f"adckg-{p}", g) for p, g in parts.items()]:
        for fmt, data in to_bytes_all(graph, RDF_FORMATS).items():
            files[_file_name(stem, fmt)] = data
    files["context.jsonld"] = context_bytes()
    # The dataset's named graphs are the parts, whose N-Triples are written above already.
    named = {iris.graph(p): files[_file_name(f"adckg-{p}", "ntriples")] for p in parts}
    files["adckg.trig"] = to_trig(named)
    files["adckg.nq"] = to_nquads(named)
    nanopubs = nanopublications(assertions, release_version, issued)
    files["adckg-nanopubs.trig"] = to_trig(canonical_ntriples(nanopubs))
    files.update(kgx_files(merged))
    files["adckg-findings.tsv"] = findings_tsv(merged)
    files["adckg-queries.ttl"] = to_bytes(describe_queries(list_queries(project.queries_dir)))
    baseline_dir = project.release_dir / "baseline"
    extra: dict[Path, bytes] = {}
    part_nt = {p: files[_file_name(f"adckg-{p}", "ntriples")] for p in parts if p != "metadata"}
    baseline: Baseline | None
    if new_version is not None:
        progress(f"new release {new_version}: release {previous_version} becomes the baseline")
        baseline_parts = current_release_parts(project.release_dir, parts)
        extra.update(snapshot(baseline_dir, previous_version, baseline_parts))
        baseline = Baseline(
            previous_version, {k: ntriples_lines(v) for k, v in baseline_parts.items()}
        )
    else:
        baseline = read_baseline(baseline_dir)
    result.changes = compare(baseline, part_nt) if baseline else []
    files["CHANGES.md"] = render(release_version, baseline, result.changes)
    files["adckg-void.ttl"] = to_bytes(add_distributions(result.metadata, files, release_version))
    files["MANIFEST.sha256"] = manifest(files)
    out = project.release_dir
    result.files = {out / name: data for name, data in files.items()}
    result.files.update(extra)
    result.files.update(version_files)  # every file that says the version, said anew
    result.files.update(anchored.files)
    return result


def current_release_parts(release_dir: Path, parts: Iterable[str]) -> dict[str, bytes]:
    """The parts of the release on disk, as sorted N-Triples (from .nt, else from .ttl)."""
    found: dict[str, bytes] = {}
    for part in parts:
        nt, ttl = release_dir / f"adckg-{part}.nt", release_dir / f"adckg-{part}.ttl"
        if nt.is_file():
            found[part] = nt.read_bytes()
        elif ttl.is_file():
            found[part] = to_bytes(parse_rdf_file(ttl), "ntriples")
    return found


def dataset_description(sources: Iterable[Review]) -> str:
    """The dataset's one-paragraph description, naming the sources it is curated from."""
    cited = "; ".join(_venue_citation(source) for source in sources)
    return (
        "Facts on resistance to HER2-targeted antibody-drug conjugates in breast cancer, curated"
        f" from {cited}, each traceable to its verbatim sentence, its section and the references"
        " it cites; with the ADC Resistance Ontology, links to external identifiers, and an"
        " inferred part kept apart from the asserted one. Entailment regime of the inferred part:"
        f" {REGIME}."
    )


def _venue_citation(source: Review) -> str:
    """The venue citation, "Family et al., Journal Year, Volume, Number", from the parts given."""
    families = [a.family for a in source.authors]
    who = families[0] + (" et al." if len(families) > 1 else "") if families else source.id
    venue = " ".join(p for p in (source.journal, str(source.year)) if p)
    return ", ".join(p for p in (who, venue, source.volume, source.article_number) if p)


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
                ("mappings", result.mappings),
                ("merged", result.merged),
            )
        ),
        f"inferred (HermiT types + entailment regime, docs/entailment.md): {len(result.inferred)}",
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
    for change in result.changes:
        if change.added or change.removed:
            lines.append(
                f"since the baseline release: {change.part} +{len(change.added)}"
                f" -{len(change.removed)} triples (see kg/release/CHANGES.md)"
            )
    lines.append(f"SHACL warnings and hints: {len(result.warnings)} (details: adckg validate)")
    by_shape: dict[str, int] = {}
    for warning in result.warnings:
        key = " ".join(warning.split(" ", 2)[:2])
        by_shape[key] = by_shape.get(key, 0) + 1
    lines.extend(f"  {key:<50} {n:>4}" for key, n in sorted(by_shape.items()))
    return "\n".join(lines)
