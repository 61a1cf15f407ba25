"""Saved SPARQL queries: read their headers, run them on an embedded pyoxigraph store."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from adckg.errors import InputError


@dataclass(frozen=True)
class SavedQuery:
    """A ``queries/*.rq`` file and its metadata header."""

    name: str
    path: Path
    header: dict[str, str]
    text: str

    @property
    def title(self) -> str:
        return self.header.get("title", "")


def read_query(path: Path) -> SavedQuery:
    """Parse the ``# key: value`` header lines that open a query file."""
    text = path.read_text(encoding="utf-8")
    header: dict[str, str] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        key, sep, value = line[1:].partition(":")
        if sep:
            header[key.strip()] = value.strip()
    return SavedQuery(path.stem, path, header, text)


def list_queries(queries_dir: Path) -> list[SavedQuery]:
    """Every saved query, by name."""
    return [read_query(p) for p in sorted(queries_dir.glob("*.rq"))]


def load_store(release_file: Path) -> Any:
    """An in-memory pyoxigraph store holding the release graph."""
    import pyoxigraph

    store = pyoxigraph.Store()
    with release_file.open("rb") as handle:
        store.load(handle, format=pyoxigraph.RdfFormat.TURTLE)
    return store


def _term(value: Any) -> str:
    return "" if value is None else str(getattr(value, "value", value))


def run_saved_query(project: Any, name: str) -> tuple[list[str], list[list[str]]]:
    """Run saved query ``name`` on the release graph; return columns and rows."""
    path = project.queries_dir / f"{name}.rq"
    if not path.is_file():
        known = ", ".join(q.name for q in list_queries(project.queries_dir))
        raise InputError(f"no saved query '{name}' (known: {known})")
    saved = read_query(path)
    store = load_store(project.release_dir / "adckg.ttl")
    try:
        solutions = store.query(saved.text)
    except SyntaxError as exc:
        raise InputError(f"{path}: SPARQL syntax error: {exc}") from None
    columns = [v.value for v in solutions.variables]
    rows = [[_term(solution[c]) for c in columns] for solution in solutions]
    return columns, rows


def format_rows(columns: list[str], rows: list[list[str]], fmt: str) -> str:
    """Render results as an aligned table, CSV or JSON."""
    if fmt == "json":
        return json.dumps([dict(zip(columns, row, strict=True)) for row in rows], indent=2)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)
        return out.getvalue().rstrip("\n")
    widths = [max([len(c)] + [len(r[i]) for r in rows]) for i, c in enumerate(columns)]
    lines = [" | ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True))]
    lines.append("-+-".join("-" * w for w in widths))
    lines.extend(" | ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)) for row in rows)
    return "\n".join(lines)
