"""The package's layout: stages import only stages before them, and no module circle exists.

Every import under src/adckg is read with ``ast``, those inside functions included, so an
import moved into a function to hide a circle is still seen.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"
PACKAGE = SRC / "adckg"

# Which stages each stage may import (besides the shared top-level modules and itself).
# The flow: curation -> graph -> release -> store -> serve, with links (the SSSOM input)
# beside curation, and the CLI on top. The release describes the saved queries, so it reads
# them from the store stage; the store never imports the release.
ALLOWED: dict[str, set[str]] = {
    "shared": set(),
    "curation": set(),
    "links": {"curation"},
    "graph": {"curation"},
    "store": {"graph"},
    "release": {"curation", "links", "graph", "store"},
    "serve": {"graph", "store"},
    "cli": {"curation", "links", "graph", "store", "release", "serve"},
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def all_modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports_of(path: Path, known: set[str]) -> set[str]:
    """Every adckg module ``path`` imports, at any depth of its code."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            if name in known:
                found.add(name)
    return found


def import_graph() -> dict[str, set[str]]:
    modules = all_modules()
    known = set(modules)
    return {name: imports_of(path, known) - {name} for name, path in modules.items()}


def stage(module: str) -> str:
    parts = module.split(".")
    if len(parts) > 2 or (len(parts) == 2 and (PACKAGE / parts[1]).is_dir()):
        return parts[1]
    return "shared"


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_scanner_sees_function_level_imports():
    graph = import_graph()
    # The CLI imports its commands' modules inside the commands, to start fast.
    assert "adckg.release.pipeline" in graph["adckg.cli.main"]


def test_no_import_circle():
    assert cycles(import_graph()) == []


def test_the_cycle_finder_finds_a_circle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_stages_import_only_earlier_stages():
    wrong = []
    for module, imported in sorted(import_graph().items()):
        here = stage(module)
        for target in sorted(imported):
            there = stage(target)
            if there not in ({"shared", here} | ALLOWED[here]):
                wrong.append(f"{module} ({here}) imports {target} ({there})")
    assert wrong == []


def test_every_stage_is_a_package_the_rule_knows():
    stages = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert stages == set(ALLOWED) - {"shared"}


def test_shared_modules_import_no_stage():
    for module, imported in import_graph().items():
        if stage(module) == "shared":
            assert {stage(t) for t in imported} <= {"shared"}, module
