"""External resources the graph links to, with prefixes and IRIs taken from the Bioregistry.

One table says which resources we link to and under which CURIE prefix; their URI
prefixes and local-id patterns come from the ``bioregistry`` package (shipped with
it, no network), so our IRIs are the ones other Bioregistry-aware tools produce:
OBO PURLs for OBO Foundry ontologies, identifiers.org otherwise, doi.org for DOIs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from curies import Converter

# Our CURIE prefix -> Bioregistry prefix.  The CURIE prefix is the one SSSOM files and
# curators write (the resource's own capitalisation); Bioregistry knows each as a synonym.
RESOURCES: dict[str, str] = {
    "HGNC": "hgnc",
    "NCBIGene": "ncbigene",
    "UniProtKB": "uniprot",
    "NCIT": "ncit",
    "CHEBI": "chebi",
    "DRUGBANK": "drugbank",
    "chembl.compound": "chembl.compound",
    "UNII": "unii",
    "ATC": "atc",
    "wikidata": "wikidata",
    "MONDO": "mondo",
    "DOID": "doid",
    "GO": "go",
    "ARO": "aro",
    "ECO": "eco",
    "SO": "so",
    "OBI": "obi",
    "IAO": "iao",
    "PMID": "pubmed",
    "DOI": "doi",
    "NCT": "clinicaltrials",
}

# Which Bioregistry URI format wins: OBO PURLs first, then identifiers.org (MIRIAM).
# DOIs keep their own resolver, the form publishers and Crossref print.
_URI_PRIORITY = ["obofoundry", "miriam"]
_URI_OVERRIDE = {"doi": ["default"]}


@dataclass(frozen=True)
class Resource:
    """One external resource: its CURIE prefix, IRI prefix, id pattern and home page."""

    prefix: str
    bioregistry_prefix: str
    uri_prefix: str
    pattern: re.Pattern[str]
    name: str
    homepage: str
    is_obo: bool

    def iri(self, local_id: str) -> str:
        return self.uri_prefix + local_id

    def valid_local_id(self, local_id: str) -> bool:
        return self.pattern.fullmatch(local_id) is not None


@cache
def resources() -> dict[str, Resource]:
    """Every linked resource, keyed by our CURIE prefix."""
    import bioregistry

    table: dict[str, Resource] = {}
    for prefix, key in RESOURCES.items():
        record = bioregistry.get_resource(key)
        if record is None:  # pragma: no cover - guarded by a test on the pinned registry
            raise RuntimeError(f"the Bioregistry has no resource {key!r}")
        uri_prefix = record.get_uri_prefix(priority=_URI_OVERRIDE.get(key, _URI_PRIORITY))
        pattern = record.get_pattern()
        if uri_prefix is None or pattern is None:  # pragma: no cover - same guard
            raise RuntimeError(f"the Bioregistry gives no URI prefix or pattern for {key!r}")
        table[prefix] = Resource(
            prefix=prefix,
            bioregistry_prefix=key,
            uri_prefix=uri_prefix,
            pattern=re.compile(pattern.removeprefix("^").removesuffix("$")),
            name=record.get_name() or key,
            homepage=record.get_homepage() or uri_prefix,
            is_obo=record.get_obofoundry_prefix() is not None,
        )
    return table


@cache
def converter() -> Converter:
    """CURIE <-> IRI for the external resources (one IRI form per resource)."""
    return Converter.from_prefix_map({p: r.uri_prefix for p, r in resources().items()})


def resource_of_iri(iri: str) -> Resource | None:
    """The resource whose IRI prefix ``iri`` starts with (longest match), if any."""
    best: Resource | None = None
    for resource in resources().values():
        if iri.startswith(resource.uri_prefix) and (
            best is None or len(resource.uri_prefix) > len(best.uri_prefix)
        ):
            best = resource
    return best
