"""SHACL validation of the graph with pySHACL, reported for curators.

The graph validated is the merged release graph: ontology, assertions and the types
HermiT inferred. pySHACL runs without its own inference (``inference='none'``):
the reasoner has already materialised the types, and RDFS inference would only
repeat part of that work, slower.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import SH

from adckg.errors import InputError
from adckg.prefixes import ADCKO, new_graph


@dataclass(frozen=True)
class Result:
    """One SHACL result, in the words a curator needs."""

    severity: str
    shape: str
    component: str
    focus: str
    focus_label: str | None
    path: str | None
    value: str | None
    message: str
    record: str | None

    def one_line(self) -> str:
        """``severity shape focus (label) [record]: message (value)``."""
        label = f" ({self.focus_label})" if self.focus_label else ""
        record = f" [{self.record}]" if self.record else ""
        value = f" (value: {self.value})" if self.value is not None else ""
        return f"{self.severity} {self.shape} {self.focus}{label}{record}: {self.message}{value}"


@dataclass
class Report:
    """All results of one validation, with the pySHACL report graph."""

    conforms: bool
    results: list[Result]
    graph: Graph

    @property
    def violations(self) -> list[Result]:
        return [r for r in self.results if r.severity == "Violation"]

    @property
    def warnings(self) -> list[Result]:
        return [r for r in self.results if r.severity != "Violation"]


def load_shapes(shapes_dir: Path) -> Graph:
    """Every ``*.ttl`` of the shapes folder, merged."""
    from adckg.release import parse_rdf_file

    shapes = new_graph()
    for path in sorted(shapes_dir.glob("*.ttl")):
        for triple in parse_rdf_file(path):
            shapes.add(triple)
    return shapes


_TARGET_PATTERNS = {
    SH.targetClass: "?this rdf:type/rdfs:subClassOf* {node} .",
    SH.targetSubjectsOf: "?this {node} ?targetObject .",
    SH.targetObjectsOf: "?targetSubject {node} ?this .",
}


def accelerate(shapes: Graph) -> Graph:
    """Run each SPARQL constraint once over the graph instead of once per focus node.

    pySHACL executes a SPARQL constraint for every focus node of its shape, each a
    separate rdflib query (milliseconds each: seconds on this graph, minutes on a
    larger one). Here every SPARQL constraint of a shape with class, subjects-of or
    objects-of targets moves to a shape of its own whose SPARQL target selects only
    the focus nodes for which the constraint's query has solutions; the constraint
    then runs on those few. Results (focus, constraint, severity, message, value)
    are the same.
    """
    fast = new_graph()
    for triple in shapes:
        fast.add(triple)
    for shape, constraint in list(shapes.subject_objects(SH.sparql)):
        targets = [
            _TARGET_PATTERNS[kind].format(node=target.n3())
            for kind in _TARGET_PATTERNS
            for target in shapes.objects(shape, kind)
        ]
        if not targets or any(shapes.objects(shape, SH.target)):
            continue
        select = str(shapes.value(constraint, SH.select))
        head, _, rest = select.partition("WHERE")
        body = rest[rest.index("{") + 1 : rest.rindex("}")].replace("$this", "?this")
        prefixes = "\n".join(line for line in head.splitlines() if "PREFIX" in line.upper())
        union = " UNION ".join("{ " + t + " }" for t in targets)
        query = (
            f"{prefixes}\nPREFIX rdf: <{RDF}>\nPREFIX rdfs: <{RDFS}>\n"
            f"SELECT DISTINCT ?this WHERE {{ {union} {body} }}"
        )
        fast_shape = URIRef(f"{constraint}.target")
        target = URIRef(f"{constraint}.target.query")
        fast.remove((shape, SH.sparql, constraint))
        fast.add((fast_shape, RDF.type, SH.NodeShape))
        fast.add((fast_shape, SH.target, target))
        fast.add((target, RDF.type, SH.SPARQLTarget))
        fast.add((target, SH.select, Literal(query)))
        fast.add((fast_shape, SH.sparql, constraint))
        for severity in shapes.objects(shape, SH.severity):
            fast.add((fast_shape, SH.severity, severity))
    return fast


def _short(graph: Graph, node: object) -> str:
    if isinstance(node, URIRef):
        from adckg.external import converter

        external = converter().compress(str(node))  # HGNC:3430 rather than <https://...>
        return external or graph.namespace_manager.normalizeUri(node)
    return str(node)


def _fill(message: str, focus: str, value: str | None, iris: dict[str, str]) -> str:
    """Put the focus node's label and the value into a shape's message template.

    pySHACL fills SPARQL constraints' templates with full IRIs itself; those are
    shortened here too, so every message reads the same way.
    """
    for long, short in iris.items():
        message = message.replace(long, short)
    message = re.sub(r"\{[$?]this\}", focus, message)
    return re.sub(r"\{[$?]value\}", value if value is not None else "(none)", message)


def validate_graph(data: Graph, shapes: Path | Graph, fast: bool = True) -> Report:
    """Validate ``data`` against the shapes of a folder, or an already loaded shapes graph.

    :param fast: run SPARQL constraints once per graph (:func:`accelerate`); ``False``
        gives plain pySHACL, for comparison.
    """
    from pyshacl import validate

    shapes_dir = shapes
    if isinstance(shapes, Path):
        shapes = load_shapes(shapes)
    if fast:
        shapes = accelerate(shapes)
    conforms, report_graph, _ = validate(
        data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True
    )
    if not isinstance(report_graph, Graph):
        raise InputError(f"the SHACL shapes in {shapes_dir} could not be used: {report_graph}")
    results: list[Result] = []
    for node in report_graph.subjects(SH.resultSeverity, None):
        severity = report_graph.value(node, SH.resultSeverity)
        focus = report_graph.value(node, SH.focusNode)
        # The smallest label, so a node with several (itself an error) reads the same each run.
        label = min(data.objects(focus, RDFS.label), default=None) if focus is not None else None
        record = data.value(focus, ADCKO.curationRecord) if focus is not None else None
        value = report_graph.value(node, SH.value)
        path = report_graph.value(node, SH.resultPath)
        message = report_graph.value(node, SH.resultMessage)
        shape = report_graph.value(node, SH.sourceConstraint) or report_graph.value(
            node, SH.sourceShape
        )
        component = report_graph.value(node, SH.sourceConstraintComponent)
        shown_value = _short(data, value) if isinstance(value, (Literal, URIRef)) else None
        focus_text = str(label) if label is not None else _short(data, focus)
        results.append(
            Result(
                severity=str(severity).rsplit("#", 1)[-1],
                shape=_short(data, shape),
                component=_short(data, component),
                focus=_short(data, focus),
                focus_label=str(label) if label is not None else None,
                path=_short(data, path) if path is not None else None,
                value=shown_value,
                message=_fill(
                    str(message),
                    focus_text,
                    shown_value,
                    {str(value): shown_value or "", str(focus): focus_text},
                )
                if message is not None
                else "(no message)",
                record=str(record) if record is not None else None,
            )
        )
    order = {"Violation": 0, "Warning": 1, "Info": 2}
    results.sort(key=lambda r: (order.get(r.severity, 3), r.shape, r.focus, r.message))
    return Report(bool(conforms), results, report_graph)
