"""SHACL validation of the graph with pySHACL, reported for curators.

Shapes see the *asserted* graph: the ontology, the curated assertions and the
mappings. The types HermiT inferred are left out, because an inferred type can hide
the very error a class constraint is there to catch: an ADC whose antibody is itself
is inferred to be an antibody (from the range of ``hasAntibody``), and ``sh:class``
would then be satisfied. A shape that needs the inferred types says so with
``adcks:usesInferredTypes true``; only such shapes are validated against the graph
with the inferred types added. pySHACL runs without its own inference
(``inference='none'``).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, URIRef
from rdflib.term import Node

from adckg.errors import InputError
from adckg.graph.rdfinput import parse_rdf_file
from adckg.prefixes import ADCKO, ADCKS, SH, external_curie, new_graph

USES_INFERRED_TYPES = ADCKS.usesInferredTypes  # a shape's flag: validate it with inferred types


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
    node: Node = field(default_factory=BNode, compare=False, repr=False)  # its report node

    def one_line(self) -> str:
        """``severity shape focus (label) [record]: message (value)``."""
        shown = self.focus_label and self.focus_label not in self.message
        label = f" ({self.focus_label})" if shown else ""
        record = f" [{self.record}]" if self.record else ""
        value = f" (value: {self.value})" if self.value is not None else ""
        return f"{self.severity} {self.shape} {self.focus}{label}{record}: {self.message}{value}"

    def as_dict(self) -> dict[str, str | None]:
        """The fields a JSON report gives (the report graph's node is left out)."""
        return {k: v for k, v in self.__dict__.items() if k != "node"}


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
        external = external_curie(str(node))  # HGNC:3430 rather than <https://...>
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


_IRI_IN_MESSAGE = re.compile(r"(?:https?|urn):[^\s\"<>{}]+[^\s\"<>{}.,;:)]")


def _iris_in(message: str, template: str, data: Graph) -> dict[str, str]:
    """Full IRIs pySHACL put into a message (path, datatype), with their short forms.

    IRIs the shape's own message template holds are its words and stay as written.
    """
    return {
        iri: _short(data, URIRef(iri))
        for iri in _IRI_IN_MESSAGE.findall(message)
        if iri not in template
    }


_TARGET_KINDS = (SH.targetNode, SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
PARALLEL_FROM = 50_000  # triples; below this, forking workers costs more than it saves


def _oxigraph_store(data: Graph) -> object:
    """``data`` in an in-memory pyoxigraph store, to evaluate targets there."""
    import pyoxigraph

    store = pyoxigraph.Store()
    text = "".join(f"{s.n3()} {p.n3()} {o.n3()} .\n" for s, p, o in data)
    store.bulk_load(text.encode("utf-8"), format=pyoxigraph.RdfFormat.TURTLE)
    return store


def _from_oxigraph(term: object) -> URIRef | Literal | None:
    import pyoxigraph

    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    if isinstance(term, pyoxigraph.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == str(XSD.string):
            return Literal(term.value)  # rdflib keeps simple literals apart from xsd:string
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    return None  # blank nodes: never focus nodes of these shapes (checked against plain pySHACL)


def explicit_targets(shapes: Graph, data: Graph) -> dict[Node, list[Node]]:
    """The focus nodes of every targeted shape, found with pyoxigraph's SPARQL engine.

    pySHACL finds focus nodes with rdflib; its SPARQL targets (and those
    :func:`accelerate` adds) take most of a large graph's validation time there.
    Each shape's targets become one query here: class targets as
    ``rdf:type/rdfs:subClassOf*``, subjects-of, objects-of, node and SPARQL targets.
    """
    store = _oxigraph_store(data)
    targeted: dict[Node, list[Node]] = {}
    shape_nodes = {s for kind in _TARGET_KINDS for s in shapes.subjects(kind, None)}
    for shape in sorted(shape_nodes, key=str):
        found: set[Node] = set(shapes.objects(shape, SH.targetNode))
        patterns = [
            _TARGET_PATTERNS[kind].format(node=target.n3())
            for kind in _TARGET_PATTERNS
            for target in shapes.objects(shape, kind)
        ]
        queries = []
        if patterns:
            union = " UNION ".join("{ " + t + " }" for t in patterns)
            queries.append(
                f"PREFIX rdf: <{RDF}>\nPREFIX rdfs: <{RDFS}>\n"
                f"SELECT DISTINCT ?this WHERE {{ {union} }}"
            )
        queries += [str(shapes.value(t, SH.select)) for t in shapes.objects(shape, SH.target)]
        for query in queries:
            for solution in store.query(query):  # type: ignore[attr-defined]
                node = _from_oxigraph(solution["this"])
                if node is not None:
                    found.add(node)
        targeted[shape] = sorted(found, key=lambda n: (type(n).__name__, str(n)))
    return targeted


def _with_targets(shapes: Graph, targeted: dict[Node, list[Node]], part: int, parts: int):
    """The shapes with their targets replaced by node targets: every ``parts``-th focus node."""
    out = new_graph()
    drop = {t for shape in targeted for t in shapes.objects(shape, SH.target)}
    for s, p, o in shapes:
        if (s in targeted and p in _TARGET_KINDS) or s in drop:
            continue
        out.add((s, p, o))
    for shape, nodes in targeted.items():
        for node in nodes[part::parts]:
            out.add((shape, SH.targetNode, node))
    return out


class _ParameterList(list):
    """pySHACL's list of constraint parameters, with set-speed membership tests.

    For every shape and focus node pySHACL tests each predicate of the shape with
    ``p in ALL_CONSTRAINT_PARAMETERS``, a list: a third of a large validation went
    on those comparisons. The answers are the same (IRIs compare by value either way).
    """

    def __init__(self, items: list[object]):
        super().__init__(items)
        self._members = frozenset(items)

    def __contains__(self, item: object) -> bool:
        return item in self._members

    def copy(self) -> list[object]:  # advanced mode copies the list and appends to it
        return list(self)


def _speed_up_pyshacl() -> None:
    """Give pySHACL's shape module its (cached) parameter list as a :class:`_ParameterList`."""
    import pyshacl.shape as shape_module
    from pyshacl.constraints import ALL_CONSTRAINT_PARAMETERS, CONSTRAINT_PARAMETERS_MAP

    cached = getattr(shape_module, "CONSTRAINT_PARAMS", (None, None))[0]
    if not isinstance(cached, _ParameterList):
        shape_module.CONSTRAINT_PARAMS = (  # type: ignore[attr-defined]
            _ParameterList(ALL_CONSTRAINT_PARAMETERS),
            CONSTRAINT_PARAMETERS_MAP,
        )


def _pyshacl(data: Graph, shapes: Graph, advanced: bool) -> tuple[bool, Graph]:
    from pyshacl import validate

    _speed_up_pyshacl()

    conforms, report_graph, _ = validate(
        data,
        shacl_graph=shapes,
        inference="none",
        advanced=advanced,
        allow_warnings=True,
        inplace=True,  # no inference and no rules: the data graph is never changed
    )
    if not isinstance(report_graph, Graph):
        raise InputError(f"the SHACL shapes could not be used: {report_graph}")
    return bool(conforms), report_graph


def _validate_part(data: Graph, shapes: Graph, out: object) -> None:
    """A worker: validate, send back whether the part conforms and its report as N-Triples."""
    conforms, report_graph = _pyshacl(data, shapes, advanced=False)
    out.send((conforms, report_graph.serialize(format="nt", encoding="utf-8")))  # type: ignore[attr-defined]
    out.close()  # type: ignore[attr-defined]


def _parallel(data: Graph, targeted: dict, shapes: Graph, workers: int) -> tuple[bool, Graph]:
    """Validate disjoint shares of the focus nodes in forked workers; merge their reports.

    A SHACL report is the union of the results of each (shape, focus node) pair, so
    splitting the focus nodes and merging the reports gives the same results.
    """
    import multiprocessing

    context = multiprocessing.get_context("fork")  # workers share the data graph, unpickled
    pipes, processes = [], []
    for part in range(workers):
        receive, send = context.Pipe(duplex=False)
        process = context.Process(
            target=_validate_part, args=(data, _with_targets(shapes, targeted, part, workers), send)
        )
        process.start()
        send.close()
        pipes.append(receive)
        processes.append(process)
    report_graph = new_graph()
    conforms = True
    for receive, process in zip(pipes, processes, strict=True):
        try:
            part_conforms, ntriples = receive.recv()
        except EOFError:
            process.join()
            raise RuntimeError(f"a SHACL worker stopped (exit code {process.exitcode})") from None
        process.join()
        conforms = conforms and part_conforms
        report_graph.parse(data=ntriples, format="nt")
    return conforms, report_graph


def _selected(shapes: Graph, chosen: set[Node], keep: bool) -> Graph:
    """The shapes graph with the targets of the shapes that are (not) ``chosen`` removed.

    A shape without a target validates nothing on its own, so this selects which shapes
    a run applies while leaving every shape's constraints where ``sh:node`` finds them.
    """
    out = new_graph()
    for s, p, o in shapes:
        if p in _TARGET_KINDS and (s in chosen) != keep:
            continue
        out.add((s, p, o))
    return out


def _run(data: Graph, shapes: Graph, fast: bool, workers: int | None, where: object):
    """One pySHACL validation of ``data``: whether it conforms, and the report graph."""
    from pyshacl import validate

    if not fast:
        conforms, report_graph, _ = validate(
            data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True
        )
        if not isinstance(report_graph, Graph):
            raise InputError(f"the SHACL shapes in {where} could not be used: {report_graph}")
        return bool(conforms), report_graph
    shapes = accelerate(shapes)
    targeted = explicit_targets(shapes, data)
    if workers is None:
        workers = min(os.cpu_count() or 1, 4) if len(data) >= PARALLEL_FROM else 1
    try:
        if workers > 1:
            return _parallel(data, targeted, shapes, workers)
        return _pyshacl(data, _with_targets(shapes, targeted, 0, 1), advanced=False)
    except InputError as exc:
        raise InputError(f"{where}: {exc}") from None


def validate_graph(
    data: Graph,
    shapes: Path | Graph,
    fast: bool = True,
    workers: int | None = None,
    inferred: Graph | None = None,
) -> Report:
    """Validate ``data`` against the shapes of a folder, or an already loaded shapes graph.

    :param fast: run SPARQL constraints once per graph (:func:`accelerate`), find focus
        nodes with pyoxigraph (:func:`explicit_targets`) and, on a large graph, validate
        in parallel workers; ``False`` gives plain pySHACL, for comparison. The results
        are the same (tested).
    :param workers: worker processes (default: the CPUs, for graphs of
        ``PARALLEL_FROM`` triples or more; else one, in this process).
    :param inferred: triples a reasoner inferred; only the shapes flagged
        ``adcks:usesInferredTypes true`` see them (added to ``data``).
    """
    where = shapes
    if isinstance(shapes, Path):
        shapes = load_shapes(shapes)
    wanting = set(shapes.subjects(USES_INFERRED_TYPES, Literal(True)))
    runs = [(data, _selected(shapes, wanting, keep=False))]
    if wanting:
        with_inferred = data
        if inferred is not None:
            with_inferred = new_graph()
            for graph in (data, inferred):
                for triple in graph:
                    with_inferred.add(triple)
        runs.append((with_inferred, _selected(shapes, wanting, keep=True)))
    report_graph = new_graph()
    for graph, selected in runs:
        _, part = _run(graph, selected, fast, workers, where)
        for triple in part:
            report_graph.add(triple)
    results = _results(data, report_graph, shapes)
    return Report(not results, results, _clean_report(report_graph, shapes, results))


def _results(data: Graph, report_graph: Graph, shapes: Graph) -> list[Result]:
    """The results of a report graph, in the words a curator needs, in a stable order."""
    templates: dict[Node | None, str] = {
        node: " ".join(str(m) for m in shapes.objects(node, SH.message))
        for node in set(shapes.subjects(SH.message, None))
    }
    results: list[Result] = []
    for node in report_graph.subjects(SH.resultSeverity, None):
        severity = report_graph.value(node, SH.resultSeverity)
        focus = report_graph.value(node, SH.focusNode)
        # The smallest label, so a node with several (itself an error) reads the same each run.
        labels = (
            [o for o in data.objects(focus, RDFS.label) if isinstance(o, Literal)]
            if focus is not None
            else []
        )
        label = min(labels, default=None)
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
                    {
                        **_iris_in(str(message), templates.get(shape, ""), data),
                        str(value): shown_value or "",
                        str(focus): focus_text,
                    },
                )
                if message is not None
                else "(no message)",
                record=str(record) if record is not None else None,
                node=node,
            )
        )
    order = {"Violation": 0, "Warning": 1, "Info": 2}
    results.sort(key=lambda r: (order.get(r.severity, 3), r.shape, r.focus, r.message))
    return results


def _clean_report(report_graph: Graph, shapes: Graph, results: list[Result]) -> Graph:
    """The report as SHACL says it must read, with the messages as curators read them.

    One report node whose ``sh:conforms`` is true only when there is no result at all
    (SHACL 3.6.1: warnings count), messages with their placeholders filled, and as
    source shape the shape of ``shapes/`` (never the copies :func:`accelerate` made).
    """
    origin: dict[Node, Node] = {
        URIRef(f"{c}.target"): s for s, c in shapes.subject_objects(SH.sparql)
    }
    out = new_graph()
    for s, p, o in report_graph:
        if (s, RDF.type, SH.ValidationReport) in report_graph:
            continue
        if p == SH.sourceShape and o in origin:
            o = origin[o]
        if p == SH.resultMessage:
            continue
        out.add((s, p, o))
    report = BNode()
    out.add((report, RDF.type, SH.ValidationReport))
    out.add((report, SH.conforms, Literal(not results)))
    for result in results:
        out.add((report, SH.result, result.node))
        out.add((result.node, SH.resultMessage, Literal(result.message, lang="en")))
    return out
