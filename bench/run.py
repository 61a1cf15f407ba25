"""The benchmark: time and peak memory of every step, on the curation scaled k times.

Run from the repository root::

    python bench/run.py                 # k = 1, 10, 100, 1000; 300 s budget per step
    python bench/run.py 1 10 --budget 60

For each k, a fresh process writes synthetic sources (``bench/sources.py``) and
runs: loading the sources, building the triples, reasoning (HermiT classifies the
ontology once, rules type every record: ``adckg.graph.reason_records``; whole-graph HermiT,
the reference, up to k = 10), the entailment regime's closure, the VoID statistics the
release carries, SHACL validation (accelerated, and plain pySHACL for comparison),
writing each release format, loading into pyoxigraph, and every saved query (median
of several runs) on pyoxigraph and on rdflib side by side, and on the stores users
pick (``bench/stores.py``): Virtuoso 7 loaded with ``adckg load`` and queried over
HTTP, and Apache Jena TDB2.
Each step after the build runs in a forked child so that its peak memory is its own
and a step over the time budget can be stopped; it is then recorded as "over budget".
Peak memory is the maximum resident memory of the process running the step, its inputs
included.

Later steps need the inferred part whether or not reasoning finished in time: they
use the released inferred part of the real graph replicated to every copy (copies
are independent, so the reasoner infers the same for each; the reasoning row says
whether what it made equals the replica).

Results: ``bench/results/steps.{md,csv}``, ``queries.{md,csv}`` (with each engine's
ratio to pyoxigraph), ``per-million.{md,csv}`` (seconds and MB per million triples, with
the fitted log-log slope per step) and ``scaling.png`` (log-log, seconds against triples).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sources import ROOT, replicated_inferred, write_sources  # noqa: E402  (not a package)

from adckg.formats import BY_NAME, GRAPH_FORMATS  # noqa: E402

RESULTS = ROOT / "bench" / "results"
TODAY = time.strftime("%Y-%m-%d", time.gmtime())  # each row says when it was measured
SIZES = [1, 10, 100, 1000]
QUERY_RUNS = 5  # per query and engine, after one warm-up run; the median is reported
QUERY_BUDGET = 60.0  # seconds for one query's runs
SLOW_QUERY_MS = 3000  # a query is not repeated once its runs took this long
PLAIN_SHACL_MAX_K = 1  # plain pySHACL, for comparison: over ten minutes already at k = 10
WHOLE_HERMIT_MAX_K = 10  # the reference reasoner, for comparison: over budget at k = 100
REASONING = "reasoning (classified ontology, rules per record)"
FULL_PIPELINE_MAX_K = 100  # above: the embedded store only (see store_only)
# Every release format adckg.release.serialize knows is written and timed.
RELEASE_FORMATS = list(GRAPH_FORMATS)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def in_child(work: Callable[[], Any], budget: float) -> tuple[str, float, float, Any]:
    """Run ``work`` in a forked child: (status, seconds, peak MB, result).

    Status is "ok", "over budget" (stopped after ``budget`` seconds) or "failed: ...".
    """
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: run, report as one JSON line, exit without cleanup
        os.setpgid(0, 0)  # its own process group, so a stop also ends HermiT's Java process
        os.close(read_fd)
        try:
            started = time.perf_counter()
            result = work()
            seconds = time.perf_counter() - started
            message = {"status": "ok", "seconds": seconds, "peak": peak_mb(), "result": result}
        except Exception as exc:  # noqa: BLE001  (reported in the table)
            message = {"status": f"failed: {type(exc).__name__}: {exc}"[:200], "seconds": 0}
        with os.fdopen(write_fd, "w") as out:
            out.write(json.dumps(message, default=str))
        os._exit(0)
    os.close(write_fd)
    started = time.perf_counter()
    chunks = []
    with os.fdopen(read_fd) as pipe:
        import select

        while True:
            left = budget - (time.perf_counter() - started)
            ready, _, _ = select.select([pipe], [], [], max(left, 0))
            if not ready:
                os.killpg(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                return f"over budget ({budget:.0f} s)", budget, 0.0, None
            chunk = pipe.read()
            chunks.append(chunk)
            break
    os.waitpid(pid, 0)
    try:
        message = json.loads("".join(chunks))
    except ValueError:
        return "failed: child died", 0.0, 0.0, None
    return message["status"], message["seconds"], message.get("peak", 0.0), message.get("result")


def step_row(
    k: int, triples: int, step: str, status: str, seconds: float, peak: float, note: str = ""
) -> dict[str, Any]:
    """One row of the steps table, echoed to stderr as the run goes."""
    entry = {
        "k": k,
        "triples": triples,
        "step": step,
        "status": status,
        "seconds": round(seconds, 3) if status == "ok" else "",
        "peak_mb": round(peak) if status == "ok" else "",
        "note": note,
        "load_avg": " / ".join(f"{v:.1f}" for v in os.getloadavg()),
        "measured": TODAY,
    }
    print(json.dumps(entry), file=sys.stderr, flush=True)
    return entry


def one_size(k: int, budget: float) -> dict[str, Any]:
    """Every step at one size, in this process; returns the rows for both tables."""
    from rdflib import Literal

    from adckg.curation.anchors import anchor_registered
    from adckg.curation.load import load_curation
    from adckg.curation.source_text import default_text_path, read_text
    from adckg.graph.build import build_graph
    from adckg.graph.entailment import entail
    from adckg.graph.rdfinput import parse_rdf_file
    from adckg.graph.reason import infer_types
    from adckg.graph.reason_records import infer_types_by_records
    from adckg.graph.validate import validate_graph
    from adckg.release.pipeline import Project, release_ontology
    from adckg.release.serialize import merge, to_bytes
    from adckg.release.void import describe
    from adckg.store.query import bind, list_queries

    project = Project(ROOT)
    steps: list[dict[str, Any]] = []
    work = Path(tempfile.mkdtemp(prefix=f"adckg-bench-k{k}-"))
    if k > FULL_PIPELINE_MAX_K:
        return store_only(k, budget, work)
    write_sources(k, work / "curation")
    yaml_mb = sum(p.stat().st_size for p in (work / "curation").iterdir()) / 1e6

    def row(step: str, status: str, seconds: float, peak: float, triples: int, note: str = ""):
        steps.append(step_row(k, triples, step, status, seconds, peak, note))

    started = time.perf_counter()
    curation = load_curation(work / "curation", ROOT / "kg" / "sources")
    row("load sources", "ok", time.perf_counter() - started, peak_mb(), 0, f"{yaml_mb:.1f} MB YAML")

    started = time.perf_counter()
    review = curation.review
    text = read_text(default_text_path(ROOT, review.text_file), review.text_sha256)
    assertions = build_graph(curation, anchor_registered(curation, review, text))
    ontology = release_ontology(parse_rdf_file(project.ontology_file))
    row("build triples", "ok", time.perf_counter() - started, peak_mb(), len(assertions))
    del curation

    inferred = replicated_inferred(assertions, k)
    merged = merge(ontology, assertions, inferred)
    data_triples = len(merged)

    def reason() -> dict[str, Any]:
        """The inferred part as the build makes it: HermiT's types, then the regime's closure."""
        begun = time.perf_counter()
        types = infer_types_by_records(ontology, assertions)
        typed = time.perf_counter()
        made = merge(types, entail(ontology, merge(assertions, types)))
        same = set(made) == set(inferred)
        return {
            "types": typed - begun,
            "regime": time.perf_counter() - typed,
            "note": f"{len(types)} types, {len(made)} inferred triples; same as replicated: {same}",
        }

    only = os.environ.get("ADCKG_BENCH_ONLY_STORE")  # re-measure one store on the same graph

    def heavy(work: Callable[[], Any], seconds: float) -> tuple[str, float, float, Any]:
        """A step of the pipeline, not run when one store is re-measured."""
        return ("not run", 0.0, 0.0, None) if only else in_child(work, seconds)

    status, seconds, peak, result = heavy(reason, budget * 2)  # two steps in one child
    if status == "ok":
        row(REASONING, status, result["types"], peak, data_triples, result["note"])
        row("entailment regime", status, result["regime"], peak, data_triples, "closure")
    else:
        row(REASONING, status, seconds, peak, data_triples)
    if k <= WHOLE_HERMIT_MAX_K:
        status, seconds, peak, result = heavy(
            lambda: len(infer_types(merge(ontology, assertions))), budget
        )
        note = f"{result} types (the reference)" if status == "ok" else ""
        row("reasoning (whole-graph HermiT)", status, seconds, peak, data_triples, note)

    # The release's whole-graph files carry the VoID statistics of the graph (counted
    # here as the build counts them): saved queries read whole-graph counts from them.
    started = time.perf_counter()
    statistics = describe(merged, "bench", Literal("2026"), "adckg benchmark", f"k = {k}")
    seconds = time.perf_counter() - started
    row("VoID statistics", "ok", seconds, peak_mb(), data_triples, f"{len(statistics)} triples")
    triples = data_triples

    def shacl(fast: bool) -> str:
        report = validate_graph(merged, project.shapes_dir, fast=fast)
        return f"{len(report.violations)} violations, {len(report.warnings)} warnings"

    status, seconds, peak, result = heavy(lambda: shacl(True), budget)
    row("SHACL (accelerated)", status, seconds, peak, triples, result or "")
    if k <= PLAIN_SHACL_MAX_K:
        status, seconds, peak, result = heavy(lambda: shacl(False), budget)
        row("SHACL (plain pySHACL)", status, seconds, peak, triples, result or "")

    for triple in statistics:  # from here on: the graph as the release files hold it
        merged.add(triple)
    triples = len(merged)
    nt_path = work / "adckg.nt"
    for fmt in RELEASE_FORMATS:
        path = work / f"adckg{BY_NAME[fmt].extension}"

        def write(fmt: str = fmt, path: Path = path) -> int:
            path.write_bytes(to_bytes(merged, fmt))
            return path.stat().st_size

        status, seconds, peak, size = heavy(write, budget)
        row(f"write {fmt}", status, seconds, peak, triples, f"{size / 1e6:.1f} MB" if size else "")
    if not nt_path.exists():  # the later steps need it, whatever the budget
        nt_path.write_bytes(to_bytes(merged, "ntriples"))

    def load_oxigraph() -> int:
        import pyoxigraph

        store = pyoxigraph.Store()
        store.bulk_load(path=str(nt_path), format=pyoxigraph.RdfFormat.N_TRIPLES)
        return len(store)

    status, seconds, peak, size = heavy(load_oxigraph, budget)
    row("load into pyoxigraph", status, seconds, peak, triples, f"{size} quads" if size else "")

    queries = [(saved.name, bind(saved, {})) for saved in list_queries(project.queries_dir)]
    others = other_stores(
        nt_path, queries, work, budget, lambda *a: row(*a[:4], triples, a[4]), only
    )
    if only is not None and only != "pyoxigraph":
        shutil.rmtree(work, ignore_errors=True)
        return {
            "steps": [r for r in steps if only in r["step"]],
            "queries": query_table(k, triples, queries, {}, {}, *others),
        }

    def run_queries(engine: str) -> dict[str, Any]:
        if engine == "pyoxigraph":
            import pyoxigraph

            store = pyoxigraph.Store()
            store.bulk_load(path=str(nt_path), format=pyoxigraph.RdfFormat.N_TRIPLES)
            ask = store.query
        else:
            ask = merged.query
        return time_queries(ask, queries, budget)

    answers = {}
    for engine in ("pyoxigraph",) if only else ("pyoxigraph", "rdflib"):
        status, seconds, peak, medians = in_child(lambda engine=engine: run_queries(engine), budget)
        answers[engine] = medians or {}
        total = sum(v for v in (medians or {}).values() if isinstance(v, float))
        row(f"saved queries, {engine}", status, total / 1000, peak, triples, "sum of medians")
    query_rows = query_table(
        k, triples, queries, answers["pyoxigraph"], answers.get("rdflib", {}), *others
    )
    if only is not None:
        steps = [r for r in steps if only in r["step"]]
    for path in sorted(work.rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()
    work.rmdir()
    return {"steps": steps, "queries": query_rows}


def time_queries(ask: Callable, queries: list[tuple[str, str]], budget: float) -> dict:
    """Median milliseconds per query (after a warm-up run), within ``budget`` in all.

    Each query runs in a forked child with at most ``QUERY_BUDGET`` seconds, so that
    one query that does not scale is reported as over budget without losing the rest.
    """

    def one(text: str) -> float:
        times: list[float] = []
        for _ in range(QUERY_RUNS + 1):
            begun = time.perf_counter()
            list(ask(text))
            times.append((time.perf_counter() - begun) * 1000)
            if sum(times) > SLOW_QUERY_MS:
                break  # a slow query is reported with the runs it had
        return statistics.median(times[1:] or times)

    medians: dict[str, Any] = {}
    deadline = time.perf_counter() + budget * 0.9
    for name, text in queries:
        left = min(deadline - time.perf_counter(), QUERY_BUDGET)
        if left <= 0:
            medians[name] = "over budget"
            continue
        status, _, _, median = in_child(lambda text=text: one(text), left)
        medians[name] = median if status == "ok" else f"{status}"
    return medians


def query_table(
    k: int,
    triples: int,
    queries: list,
    oxigraph: dict,
    rdflib: dict,
    virtuoso: dict | None = None,
    jena: dict | None = None,
) -> list:
    """One row per query: each engine's median and its ratio to ours (pyoxigraph)."""
    rows = []
    for name, _ in queries:
        oxi = oxigraph.get(name, "over budget")
        entry: dict[str, Any] = {"k": k, "triples": triples, "query": name}
        entry["pyoxigraph_ms"] = round(oxi, 2) if isinstance(oxi, float) else oxi
        others = {"rdflib": rdflib, "virtuoso": virtuoso or {}, "jena": jena or {}}
        for engine, answers in others.items():
            value = answers.get(name, "not run")
            entry[f"{engine}_ms"] = round(value, 1) if isinstance(value, float) else value
        for engine, answers in others.items():
            value = answers.get(name)
            entry[f"{engine}_ratio"] = (
                round(value / oxi, 1)
                if isinstance(oxi, float) and isinstance(value, float) and oxi > 0
                else ""
            )
        entry["measured"] = TODAY
        rows.append(entry)
    return rows


def other_stores(
    nt_path: Path,
    queries: list,
    work: Path,
    budget: float,
    row: Callable[..., None],
    only: str | None = None,
) -> tuple[dict, dict]:
    """Virtuoso (loaded with ``adckg load``) and Jena TDB2 on the same N-Triples file.

    Each runs in a forked child with four step budgets (load and every query); their
    load time, peak memory (the server's or the JVM's) and query sum become step rows.
    """
    from stores import measure_jena, measure_virtuoso

    answers = []
    for label, measure in (("Virtuoso (adckg load, HTTP)", measure_virtuoso),
                           ("Jena TDB2", measure_jena)):  # fmt: skip
        if only is not None and not label.startswith(only):
            answers.append({})
            continue
        status, _, _, result = in_child(
            lambda m=measure: m(nt_path, queries, work, budget), budget * 4
        )
        result = result or {"status": status}
        if result.get("status") != "ok":
            row(f"load into {label}", result.get("status", status), 0, 0, "")
            row(f"saved queries, {label}", result.get("status", status), 0, 0, "")
            answers.append({})
            continue
        medians = result["queries"]
        total = sum(v for v in medians.values() if isinstance(v, float))
        done = sum(1 for v in medians.values() if isinstance(v, float))
        row(f"load into {label}", "ok", result["load_seconds"], result["peak_mb"], "")
        row(f"saved queries, {label}", "ok", total / 1000, result["peak_mb"],
            f"sum of medians ({done} of {len(medians)} queries)")  # fmt: skip
        answers.append(medians)
    return answers[0], answers[1]


def store_only(k: int, budget: float, work: Path) -> dict[str, Any]:
    """Above ``FULL_PIPELINE_MAX_K``: the embedded store's steps only, on replicated triples.

    Building k = 1000 from sources takes longer than a benchmark run can (see the
    linear rows below it); the store's load and queries are measured on the real
    release graph's triples copied k times with the sources' renaming (see
    :func:`replicate_ntriples`).
    """
    from sources import replicate_ntriples

    from adckg.store.query import bind, list_queries

    nt_path = work / "adckg.nt"
    started = time.perf_counter()
    triples = replicate_ntriples(k, nt_path)
    steps: list[dict[str, Any]] = []

    def row(step: str, status: str, seconds: float, peak: float, note: str = "") -> None:
        steps.append(step_row(k, triples, step, status, seconds, peak, note))

    made = time.perf_counter() - started
    for step in ("load sources", "build triples", REASONING, "SHACL (accelerated)"):
        row(step, "not run: store only at this k", 0, 0)
    row("replicate N-Triples", "ok", made, peak_mb(), "not rdflib's writer")

    def load_oxigraph() -> int:
        import pyoxigraph

        store = pyoxigraph.Store()
        store.bulk_load(path=str(nt_path), format=pyoxigraph.RdfFormat.N_TRIPLES)
        return len(store)

    status, seconds, peak, size = in_child(load_oxigraph, budget)
    row("load into pyoxigraph", status, seconds, peak, f"{size} quads" if size else "")
    queries = [(saved.name, bind(saved, {})) for saved in list_queries(ROOT / "queries")]

    def run_queries() -> dict[str, Any]:
        import pyoxigraph

        store = pyoxigraph.Store()
        store.bulk_load(path=str(nt_path), format=pyoxigraph.RdfFormat.N_TRIPLES)
        return time_queries(store.query, queries, budget)

    status, seconds, peak, medians = in_child(run_queries, budget * 2)
    total = sum(v for v in (medians or {}).values() if isinstance(v, float))
    row("saved queries, pyoxigraph", status, total / 1000, peak, "sum of medians")
    row("saved queries, rdflib", "not run: store only at this k", 0, 0)
    nt_path.unlink()
    work.rmdir()
    return {"steps": steps, "queries": query_table(k, triples, queries, medians or {}, {})}


def write_table(name: str, rows: list[dict[str, Any]], header: str) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    fields = list(dict.fromkeys(key for r in rows for key in r))  # earlier runs had fewer
    with (RESULTS / f"{name}.csv").open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n", restval="")
        writer.writeheader()
        writer.writerows(rows)
    lines = [header, "", "| " + " | ".join(fields) + " |", "|" + "---|" * len(fields)]
    lines += ["| " + " | ".join(str(r.get(f, "")) for f in fields) + " |" for r in rows]
    (RESULTS / f"{name}.md").write_text("\n".join(lines) + "\n")


def plot(steps: list[dict[str, Any]]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(9, 6))
    styles = ["-", "--", ":"]
    for index, step in enumerate(dict.fromkeys(r["step"] for r in steps)):
        points = [
            (r["triples"] or None, r["seconds"])
            for r in steps
            if r["step"] == step and r["status"] == "ok" and r["seconds"]
        ]
        if step == "load sources":  # no triples yet: plotted against the triples they give
            sizes = {r["k"]: r["triples"] for r in steps if r["step"] == "build triples"}
            points = [
                (sizes.get(r["k"]), r["seconds"])
                for r in steps
                if r["step"] == step and r["status"] == "ok"
            ]
        points = [(x, y) for x, y in points if x and y]
        if points:
            xs, ys = zip(*points, strict=True)
            axes.plot(xs, ys, marker="o", linestyle=styles[index // 10 % 3], label=step)
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.set_xlabel("triples")
    axes.set_ylabel("seconds")
    axes.set_title("adckg: time per step against graph size (log-log)")
    axes.grid(True, which="both", alpha=0.3)
    axes.legend(fontsize=7, loc="upper left")
    figure.tight_layout()
    figure.savefig(RESULTS / "scaling.png", dpi=110)


def header(budget: float) -> str:
    load = os.getloadavg()[0]
    return (
        f"Measured with `python bench/run.py` on {os.cpu_count()} CPUs"
        f" ({platform.python_implementation()} {platform.python_version()}), budget {budget:.0f} s"
        f" per step; load average {load:.1f} when the table was written. The load_avg column"
        " holds the 1-, 5- and 15-minute load averages when each step ended: above 2 (the CPU"
        " count) other jobs were sharing the machine and times are longer than alone."
    )


def earlier(name: str, sizes: list[int]) -> list[dict[str, Any]]:
    """Rows of an earlier run for the sizes not measured now (so sizes can run apart)."""
    path = RESULTS / f"{name}.csv"
    if not path.exists():
        return []
    with path.open(newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if int(r["k"]) not in sizes]
    for r in rows:
        for key in ("k", "triples"):
            r[key] = int(r[key])
        if r.get("seconds"):
            r["seconds"] = float(r["seconds"])
    return rows


def mark_partial(steps: list[dict[str, Any]], queries: list[dict[str, Any]]) -> None:
    """A saved-query row whose queries did not all finish says how many did."""
    columns = {"pyoxigraph": "pyoxigraph_ms", "rdflib": "rdflib_ms"}
    for r in steps:
        engine = str(r["step"]).removeprefix("saved queries, ")
        if engine not in columns or r["status"] != "ok":
            continue
        mine = [q[columns[engine]] for q in queries if int(q["k"]) == int(r["k"])]
        done = sum(1 for v in mine if _number(v))
        if done < len(mine):
            r["status"] = f"partial: {done} of {len(mine)} queries within budget"
            r["note"] = "sum of the finished queries' medians"


def per_million(steps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Seconds and peak MB per million triples for every step and k, with the fitted slope.

    The slope is the least-squares exponent b of seconds ~ triples^b over the sizes
    measured (1 is linear; the fixed start-up costs of a small graph pull it below 1);
    ``slope_two_largest`` is the same exponent between the two largest sizes only.
    """
    import math

    sizes = {r["k"]: r["triples"] for r in steps if r["step"] == "build triples"}
    rows = []
    for step in dict.fromkeys(r["step"] for r in steps):
        points = []
        for r in steps:
            triples = r["triples"] or sizes.get(r["k"], 0)
            if r["step"] == step and str(r["status"]) == "ok" and _number(r["seconds"]) and triples:
                points.append((int(r["k"]), int(triples), float(r["seconds"]), r["peak_mb"]))
        slope = ""
        usable = [(math.log(t), math.log(sec)) for _, t, sec, _ in points if sec > 0]
        if len(usable) >= 2:
            mean_x = sum(x for x, _ in usable) / len(usable)
            mean_y = sum(y for _, y in usable) / len(usable)
            spread = sum((x - mean_x) ** 2 for x, _ in usable)
            if spread:
                slope = round(sum((x - mean_x) * (y - mean_y) for x, y in usable) / spread, 2)
        last = sorted((t, sec) for _, t, sec, _ in points if sec > 0)[-2:]
        slope_top = ""
        if len(last) == 2 and last[1][0] > last[0][0]:
            slope_top = round(
                math.log(last[1][1] / last[0][1]) / math.log(last[1][0] / last[0][0]), 2
            )
        for k, triples, seconds, peak in points:
            millions = triples / 1e6
            rows.append(
                {
                    "step": step,
                    "k": k,
                    "triples": triples,
                    "seconds_per_million": round(seconds / millions, 2),
                    "peak_mb_per_million": round(float(peak) / millions) if _number(peak) else "",
                    "slope": slope,
                    "slope_two_largest": slope_top,
                }
            )
    return rows


def _number(value: Any) -> bool:
    try:
        float(value)
    except (TypeError, ValueError):
        return False
    return True


def render(budget: float, steps: list[dict[str, Any]], queries: list[dict[str, Any]]) -> None:
    mark_partial(steps, queries)
    write_table("steps", steps, header(budget))
    write_table("queries", queries, header(budget))
    write_table("per-million", per_million(steps), header(budget))
    plot(steps)


def _replace_store(store: str, k: int, steps: list, queries: list, result: dict) -> tuple:
    """The tables with one store's rows and columns at size k replaced by a new measurement."""
    new_steps = {r["step"]: r for r in result["steps"] if r["status"] != "not run"}
    steps = [new_steps.pop(r["step"], r) if int(r["k"]) == k else r for r in steps]
    steps = sorted(steps + list(new_steps.values()), key=lambda r: int(r["k"]))
    engine = store.lower()
    fresh = {r["query"]: r for r in result["queries"]}
    for r in queries:
        if int(r["k"]) == k and r["query"] in fresh:
            value = fresh[r["query"]][f"{engine}_ms"]
            r[f"{engine}_ms"] = value
            r["measured"] = f"{r.get('measured', '')}; {engine} column {TODAY}".lstrip("; ")
            oxi = r.get("pyoxigraph_ms")
            for other in ("rdflib", "virtuoso", "jena"):
                theirs = r.get(f"{other}_ms")
                r[f"{other}_ratio"] = (
                    round(float(theirs) / float(oxi), 1)
                    if _number(theirs) and _number(oxi) and float(oxi) > 0
                    else ""
                )
    return steps, queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=SIZES)
    parser.add_argument("--tables", action="store_true", help="only redraw tables and plot")
    parser.add_argument("--budget", type=float, default=300.0, help="seconds per step")
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--only-store",
        choices=["Virtuoso", "Jena", "pyoxigraph"],
        help="re-measure one store at the given sizes; every other row is kept",
    )
    args = parser.parse_args()
    if args.only_store:
        os.environ["ADCKG_BENCH_ONLY_STORE"] = args.only_store
    if args.one:
        print(json.dumps(one_size(args.sizes[0], args.budget)))
        return
    if args.tables:
        args.sizes = []
    kept = [] if args.only_store else args.sizes
    steps = earlier("steps", kept)
    queries = earlier("queries", kept)
    for k in args.sizes:
        out = subprocess.run(
            [sys.executable, __file__, str(k), "--one", "--budget", str(args.budget)],
            check=True,
            stdout=subprocess.PIPE,
            text=True,
        )
        result = json.loads(out.stdout.strip().splitlines()[-1])
        if args.only_store:
            steps, queries = _replace_store(args.only_store, k, steps, queries, result)
            render(args.budget, steps, queries)
            continue
        steps = sorted(steps + result["steps"], key=lambda r: int(r["k"]))
        queries = sorted(queries + result["queries"], key=lambda r: int(r["k"]))
        render(args.budget, steps, queries)
    if not args.sizes:
        render(args.budget, steps, queries)


if __name__ == "__main__":
    main()
