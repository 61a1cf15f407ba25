"""Upload release files into a triple store over the SPARQL 1.1 Graph Store HTTP Protocol.

The files are parsed strictly (:mod:`adckg.graph.rdfinput`) before anything is sent. The
triples go, as N-Triples chunks of bounded size, into a new graph with a fresh name;
only when every chunk is in does one SPARQL Update ``MOVE <new> TO <target>`` replace
the target graph, so queries see the old graph or the new one, never half of it (the
stores documented in docs/triple-stores.md run one update request in one transaction). If a
chunk fails, the new graph is dropped and the target is left as it was.

Loaded means proved loaded: every upload answered 200, 201 or 204 (the Graph Store
Protocol's success codes), and before the swap the new graph is read back (``GET``)
and must be RDF holding exactly the triples sent; a server that answers anything with
a 200 page (not a Graph Store) fails there, before the target is touched. Redirects
are not followed. The caller's deadline bounds the whole load; the clean-up ``DROP``
after a failure gets a short deadline of its own (``CLEANUP_S``) and one attempt.

Each N-Triples chunk is a separate document, so a blank node label is only the same
node within one chunk: all triples that share blank nodes (e.g. an OWL restriction
and the class that uses it) are kept in the same chunk.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from adckg import iris
from adckg.errors import StoreError
from adckg.formats import BY_NAME
from adckg.graph.rdfinput import parse_quads
from adckg.store.endpoint import Client

DEFAULT_GRAPH = iris.DEFAULT_GRAPH
CLEANUP_S = 10.0  # seconds the clean-up DROP may take after a failure
CHUNK_BYTES = 4_000_000
N_TRIPLES = BY_NAME["ntriples"].media_type
ACCEPT_RDF = (
    f"{N_TRIPLES}, {BY_NAME['turtle'].media_type};q=0.9, {BY_NAME['rdfxml'].media_type};q=0.5"
)

# Graph Store endpoint suffix -> SPARQL Update endpoint suffix, per store.
UPDATE_ENDPOINTS = {
    "/sparql-graph-crud-auth": "/sparql-auth",  # Virtuoso
    "/sparql-graph-crud": "/sparql",  # Virtuoso
    "/rdf-graphs/service": "/statements",  # GraphDB, RDF4J
    "/data": "/update",  # Apache Jena Fuseki
    "/store": "/update",  # Oxigraph server
}


@dataclass(frozen=True)
class LoadReport:
    """What was sent: triples, chunks, and the graph they now form."""

    graph: str
    triples: int
    chunks: int
    bytes: int


def update_endpoint_for(graph_store: str) -> str:
    """The SPARQL Update endpoint that goes with a Graph Store endpoint, for known stores."""
    base = graph_store.split("?", 1)[0].rstrip("/")
    for suffix, update in UPDATE_ENDPOINTS.items():
        if base.endswith(suffix):
            return base[: -len(suffix)] + update
    raise StoreError(
        f"{graph_store}: cannot tell this store's SPARQL Update endpoint (needed to swap the"
        " loaded graph in); pass --update-endpoint"
    )


def _components(triples: list[ox.Triple]) -> list[list[ox.Triple]]:
    """Triples grouped so that every blank node's triples share one group."""
    parent: dict[str, str] = {}

    def find(node: str) -> str:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for triple in triples:
        labels = [t.value for t in (triple.subject, triple.object) if isinstance(t, ox.BlankNode)]
        for label in labels[1:]:
            parent[find(label)] = find(labels[0])
    groups: dict[str, list[ox.Triple]] = {}
    singles: list[list[ox.Triple]] = []
    for triple in triples:
        blank = next(
            (t.value for t in (triple.subject, triple.object) if isinstance(t, ox.BlankNode)), None
        )
        if blank is None:
            singles.append([triple])
        else:
            groups.setdefault(find(blank), []).append(triple)
    return singles + list(groups.values())


def chunks(triples: Iterable[ox.Triple], max_bytes: int = CHUNK_BYTES) -> list[bytes]:
    """N-Triples documents of at most ``max_bytes`` each, in a stable order.

    No blank node is split across documents; a blank-node group larger than the
    bound goes alone.
    """
    unique = sorted(set(triples), key=str)
    out: list[bytes] = []
    current: list[bytes] = []
    size = 0
    for group in _components(unique):
        lines = [f"{t} .\n".encode() for t in group]
        group_size = sum(len(line) for line in lines)
        if current and size + group_size > max_bytes:
            out.append(b"".join(current))
            current, size = [], 0
        current.extend(lines)
        size += group_size
    if current:
        out.append(b"".join(current))
    return out


def read_release(files: Iterable[tuple[Path, str]]) -> list[ox.Triple]:
    """The triples of every file (format per file), parsed strictly before any upload."""
    triples: list[ox.Triple] = []
    for path, fmt in files:
        triples.extend(quad.triple for quad in parse_quads(path, fmt))
    return triples


def load(
    client: Client,
    graph_store: str,
    triples: list[ox.Triple],
    graph: str = DEFAULT_GRAPH,
    update_endpoint: str | None = None,
    max_bytes: int = CHUNK_BYTES,
    progress: Callable[[str], None] | None = None,
) -> LoadReport:
    """Load ``triples`` into a fresh graph, then MOVE it onto ``graph``."""
    update = update_endpoint or update_endpoint_for(graph_store)
    documents = chunks(triples, max_bytes)
    temporary = f"urn:uuid:{uuid.uuid4()}"
    sent = 0
    try:
        for number, document in enumerate(documents, start=1):
            client.request(
                "POST",
                graph_store,
                params={"graph": temporary},
                content=document,
                headers={"Content-Type": N_TRIPLES},
            )
            sent += len(document)
            if progress:
                progress(f"chunk {number}/{len(documents)} ({len(document)} bytes) sent")
        count = sum(document.count(b"\n") for document in documents)
        check_loaded(client, graph_store, temporary, count, limit=4 * sent + 1_000_000)
        client.update(update, f"MOVE <{temporary}> TO <{graph}>")
    except StoreError:
        client.deadline.set(CLEANUP_S)
        try:
            client.update(update, f"DROP SILENT GRAPH <{temporary}>", attempts=1)
        except StoreError:
            pass  # the store is gone; the first error is the one to report
        raise
    return LoadReport(graph, count, len(documents), sent)


def check_loaded(
    client: Client, graph_store: str, graph: str, expected: int, limit: int | None = None
) -> None:
    """Read ``graph`` back from the store: it must be RDF with ``expected`` triples.

    ``limit`` bounds the bytes read (some formats are larger than the N-Triples sent).
    """
    response = client.request(
        "GET",
        graph_store,
        limit=limit,
        params={"graph": graph},
        headers={"Accept": ACCEPT_RDF},
    )
    media_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
    fmt = ox.RdfFormat.from_media_type(media_type) if media_type else None
    where = f"GET {graph_store}?graph={graph}"
    if fmt is None:
        raise StoreError(
            f"{where}: the answer is not RDF ({media_type or 'no content type'}); is this a"
            " SPARQL 1.1 Graph Store endpoint?"
        )
    try:
        found = sum(1 for _ in ox.parse(response.content, format=fmt))
    except (SyntaxError, ValueError) as exc:
        raise StoreError(f"{where}: the answer is not valid {media_type}: {exc}") from None
    if found != expected:
        raise StoreError(
            f"{where}: the store holds {found} triples of the {expected} sent; nothing was"
            " swapped in"
        )
