"""The one registry of file and result formats: name, extension, media type, parser names.

The CLI's ``--format`` choices, the release's file names, VoID's ``dcat:mediaType``, content
negotiation in ``adckg serve`` and the strict RDF reader's format names are all read from
here, so a format is added (or a media type corrected) in one place.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox


@dataclass(frozen=True)
class RdfFormat:
    """One RDF syntax: how we name it, its file extension, media type and parser names."""

    name: str  # our name: CLI choices, release formats, negotiated format names
    extension: str
    media_type: str
    rdflib: str  # rdflib's parser/serializer name (what ``rdflib.util.guess_format`` gives)
    oxigraph: ox.RdfFormat
    aliases: tuple[str, ...] = ()  # more names the strict reader accepts
    other_extensions: tuple[str, ...] = ()

    @property
    def extensions(self) -> tuple[str, ...]:
        return (self.extension, *self.other_extensions)


RDF_FORMATS: tuple[RdfFormat, ...] = (
    RdfFormat("turtle", ".ttl", "text/turtle", "turtle", ox.RdfFormat.TURTLE, ("ttl",)),
    RdfFormat("ntriples", ".nt", "application/n-triples", "nt", ox.RdfFormat.N_TRIPLES, ("nt11",)),
    RdfFormat(
        "rdfxml", ".owl", "application/rdf+xml", "xml", ox.RdfFormat.RDF_XML, (), (".rdf", ".xml")
    ),
    RdfFormat(
        "jsonld", ".jsonld", "application/ld+json", "json-ld", ox.RdfFormat.JSON_LD, (), (".json",)
    ),
    RdfFormat("trig", ".trig", "application/trig", "trig", ox.RdfFormat.TRIG),
    RdfFormat(
        "nquads", ".nq", "application/n-quads", "nquads", ox.RdfFormat.N_QUADS, (), (".nquads",)
    ),
)
BY_NAME: dict[str, RdfFormat] = {f.name: f for f in RDF_FORMATS}

# Triple formats (one graph; the dataset formats TriG and N-Quads hold named graphs).
GRAPH_FORMATS: tuple[str, ...] = ("turtle", "ntriples", "rdfxml", "jsonld")

# What ``adckg query --format`` offers: rows (SELECT/ASK) and triples (CONSTRUCT/DESCRIBE).
ROW_FORMATS: tuple[str, ...] = ("table", "csv", "tsv", "json", "md")
CONSTRUCT_FORMATS: tuple[str, ...] = ("turtle", "ntriples", "jsonld", "rdfxml")

# SPARQL query results: our name -> the media type a response carries.
RESULT_MEDIA_TYPES: dict[str, str] = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
}
# The media types a request may ask results by (Accept), in order of preference on a tie.
RESULT_ACCEPT: dict[str, str] = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
HTML = "text/html"

# Files of the release that are not RDF: extension -> media type.
OTHER_FILES: dict[str, str] = {
    ".tsv": "text/tab-separated-values",
    ".md": "text/markdown",
    ".sha256": "text/plain",
}


def media_type_of_file(name: str) -> str | None:
    """The media type of a release file, by its extension (None when unknown)."""
    suffix = "." + name.rsplit(".", 1)[-1]
    for fmt in RDF_FORMATS:
        if suffix in fmt.extensions:
            return fmt.media_type
    return OTHER_FILES.get(suffix)


def reader_formats() -> dict[str, ox.RdfFormat]:
    """Every name the strict RDF reader accepts (ours, rdflib's, aliases) -> pyoxigraph's."""
    table: dict[str, ox.RdfFormat] = {}
    for fmt in RDF_FORMATS:
        for name in (fmt.name, fmt.rdflib, *fmt.aliases):
            table[name] = fmt.oxigraph
    return table


def rdflib_name_of_file(name: str) -> str | None:
    """Rdflib's parser name for a file, by its extension (None when unknown)."""
    suffix = "." + name.rsplit(".", 1)[-1].lower()
    for fmt in RDF_FORMATS:
        if suffix in fmt.extensions:
            return fmt.rdflib
    return None


def response_media_type(name: str) -> str:
    """The Content-Type of a response in format ``name`` (results, RDF or a page)."""
    if name in RESULT_MEDIA_TYPES:
        return RESULT_MEDIA_TYPES[name]
    if name == "html":
        return HTML + "; charset=utf-8"
    media = BY_NAME[name].media_type
    return media + "; charset=utf-8" if media.startswith("text/") else media


def offers(*names: str) -> dict[str, str]:
    """Media type -> name for content negotiation, in the order given (first wins a tie)."""
    return {BY_NAME[n].media_type: n for n in names}
