"""Run kgx 2.6 on the KGX TSV release files offline; print a JSON summary.

Usage: python kgx_offline.py NODES.tsv EDGES.tsv

kgx downloads the Biolink schema and JSON-LD contexts at start-up; here they come from
the packages that ship them (biolink-model, prefixcommons), and every socket connection
is refused, so a run that would need the network fails instead of reaching out. Our own
prefix ``adckg`` is not in the Biolink context: it is declared to the validator (it is
the one exception the release needs). Prints {"errors": {...}, "rows": n, "loaded": n,
"findings": {...}}.
"""

from __future__ import annotations

import csv
import json
import socket
import sys
from importlib import resources


def _refuse(self, address):  # noqa: ANN001 - socket's own signature
    raise OSError(f"kgx tried to reach {address}; this check runs offline")


socket.socket.connect = _refuse  # type: ignore[method-assign]

from bmt import Toolkit  # noqa: E402

SCHEMA = str(resources.files("biolink_model") / "schema" / "biolink_model.yaml")
# kgx builds a default Toolkit at import time: point its defaults at the shipped schema.
Toolkit.__init__.__defaults__ = (SCHEMA, {"predicate mappings": []})

import kgx.config  # noqa: E402

kgx.config.jsonld_context_map["biolink"] = json.loads(
    (resources.files("biolink_model") / "prefixmaps" / "biolink-model-prefix-map.json").read_text()
)
for name in ("monarch_context", "obo_context"):
    path = resources.files("prefixcommons") / "registry" / f"{name}.jsonld"
    kgx.config.jsonld_context_map[name] = json.loads(path.read_text())["@context"]

from kgx.transformer import Transformer  # noqa: E402
from kgx.validator import Validator  # noqa: E402

OUR_PREFIX = "adckg"


def _as_list(value: object) -> list[str]:
    """kgx gives a multivalued cell as a list, a single value as a string."""
    return [str(v) for v in value] if isinstance(value, (list, set, tuple)) else [str(value)]


def main(nodes: str, edges: str) -> dict:
    Validator._currently_active_toolkit = Toolkit(schema=SCHEMA)
    validator = Validator()
    validator.prefixes.add(OUR_PREFIX)
    Transformer(stream=True).transform(
        input_args={"filename": [nodes, edges], "format": "tsv"},
        output_args={"format": "null"},
        inspector=validator,
    )
    loader = Transformer()
    loader.transform(input_args={"filename": [nodes, edges], "format": "tsv"})
    with open(edges, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    loaded = list(loader.store.graph.edges(data=True))
    findings = {
        f"{d['subject']} {d['predicate']} {d['object']}": sorted(_as_list(d["adckg_findings"]))
        for _, _, d in loaded
        if d.get("adckg_findings")
    }
    return {
        "errors": validator.get_errors(),
        "rows": len(rows),
        "loaded": len(loaded),
        "findings": findings,
        "version": validator.get_validation_model_version(),
    }


if __name__ == "__main__":
    json.dump(main(sys.argv[1], sys.argv[2]), sys.stdout, indent=1, sort_keys=True, default=str)
