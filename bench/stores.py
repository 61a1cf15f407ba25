"""The stores our users pick, measured on the same triples as the embedded one.

- Virtuoso Open Source 7 (Debian ``virtuoso-opensource``): a private instance on
  loopback ports (the tests' own, with buffers sized for a million triples), loaded
  with ``adckg load`` over the Graph Store Protocol exactly as a user would, and every
  saved query sent over the SPARQL 1.1 Protocol (HTTP included in the time).
- Apache Jena 4 TDB2 (Debian ``libapache-jena-java``): ``tdb2.tdbloader`` into a fresh
  database, then ``tdb2.tdbquery --time --repeat`` per saved query (Jena's own timing
  of each run, the JVM start left out).

Debian's jena-core looks up the relocated Xerces message bundles (``xerces/impl/msg``
and ``xerces/impl/xpath/regex``) where the jar does not hold them; every Jena command
then fails with "internal error". A small jar with copies at the looked-up paths is put
first on the class path.
"""

from __future__ import annotations

import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
GRAPH = "https://w3id.org/adckg/graph"
JAVA_SHARE = Path("/usr/share/java")
JENA_JARS = (
    "jena-arq jena-base jena-core jena-dboe-base jena-dboe-index jena-dboe-storage"
    " jena-dboe-trans-data jena-dboe-transaction jena-iri jena-tdb2 jena-cmds commons-cli"
    " commons-codec commons-collections3 commons-compress commons-csv commons-io commons-lang3"
    " dexx.collection gson guava jackson-annotations jackson-core jackson-databind"
    " jsonld-java libthrift thrift protobuf caffeine httpclient httpcore slf4j-api slf4j-nop"
).split()
JAVA_HEAP = "-Xmx4g"
RUNS = 3  # timed runs per query after one warm-up run
# Buffers for about 1.3 GB of pages (Virtuoso's advice for 2 GB of memory per instance).
VIRTUOSO_BUFFERS = ("NumberOfBuffers = 10000", "NumberOfBuffers = 170000")
VIRTUOSO_DIRTY = ("MaxDirtyBuffers = 6000", "MaxDirtyBuffers = 130000")
# adckg load reads the new graph back before the swap; Virtuoso builds that answer in one
# vector, at most MaxVectorSize (default 1,000,000) rows: a larger graph fails with FRVEC.
VIRTUOSO_VECTOR = ("ThreadsPerQuery = 2", "ThreadsPerQuery = 2\nMaxVectorSize = 4000000")
# ... and answers at most ResultSetMaxRows rows: the read-back would stop at a million.
VIRTUOSO_ROWS = ("ResultSetMaxRows = 1000000", "ResultSetMaxRows = 4000000")


def jena_classpath(work: Path) -> str | None:
    """The class path for Jena's commands, with the message-bundle fix; None without Jena."""
    if shutil.which("java") is None or not (JAVA_SHARE / "jena-tdb2.jar").is_file():
        return None
    fix = work / "jena-xerces-messages.jar"
    prefix = "org/apache/jena/ext/"
    with zipfile.ZipFile(JAVA_SHARE / "jena-core.jar") as core, zipfile.ZipFile(fix, "w") as out:
        for name in core.namelist():
            if name.startswith(prefix + "xerces/") and name.endswith(".properties"):
                out.writestr(name[len(prefix) :], core.read(name))
    jars = [str(fix)] + [str(JAVA_SHARE / f"{n}.jar") for n in JENA_JARS]
    return ":".join(j for j in jars if Path(j).is_file())


def measure_jena(
    nt_path: Path, queries: list[tuple[str, str]], work: Path, budget: float
) -> dict[str, Any]:
    """Load into TDB2 and run each query: load seconds, peak MB and median ms per query."""
    classpath = jena_classpath(work)
    if classpath is None:
        return {"status": "not run: no Java or no libapache-jena-java"}
    java = shutil.which("java") or "java"
    database = work / "tdb2"
    started = time.perf_counter()
    loaded = subprocess.run(  # noqa: S603 - fixed program, our own files
        [java, JAVA_HEAP, "-cp", classpath, "tdb2.tdbloader", "--loc", str(database),
         str(nt_path)],
        capture_output=True, text=True, timeout=budget, check=False,
    )  # fmt: skip
    seconds = time.perf_counter() - started
    if loaded.returncode != 0:
        return {"status": f"failed: {loaded.stderr.strip().splitlines()[-1][:150]}"}
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    medians: dict[str, Any] = {}
    for name, text in queries:
        path = work / f"{name}.rq"
        path.write_text(text, encoding="utf-8")
        try:
            ran = subprocess.run(  # noqa: S603
                [java, JAVA_HEAP, "-cp", classpath, "tdb2.tdbquery", "--loc", str(database),
                 "--query", str(path), "--time", "--repeat", str(RUNS + 1), "--results", "tsv"],
                capture_output=True, text=True, timeout=min(budget, 120), check=False,
            )  # fmt: skip
        except subprocess.TimeoutExpired:
            medians[name] = "over budget"
            continue
        times = [float(t) * 1000 for t in re.findall(r"^Time: ([0-9.]+) sec", ran.stderr, re.M)]
        if ran.returncode != 0 or not times:
            medians[name] = "failed"
            continue
        medians[name] = statistics.median(times[1:] or times)
    peak = max(peak, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
    shutil.rmtree(database, ignore_errors=True)
    return {"status": "ok", "load_seconds": seconds, "peak_mb": peak, "queries": medians}


def measure_virtuoso(
    nt_path: Path, queries: list[tuple[str, str]], work: Path, budget: float
) -> dict[str, Any]:
    """Load with ``adckg load`` into a private Virtuoso 7 and time each query over HTTP."""
    sys.path.insert(0, str(ROOT))
    from tests import virtuoso  # the tests' private instance: own ini, loopback ports

    from adckg.cli.main import main
    from adckg.store.endpoint import Client

    if not virtuoso.installed():
        return {"status": "not run: virtuoso-t not installed"}
    for default, sized in (VIRTUOSO_BUFFERS, VIRTUOSO_DIRTY, VIRTUOSO_VECTOR, VIRTUOSO_ROWS):
        virtuoso.INI = virtuoso.INI.replace(default, sized)
    folder = work / "virtuoso"
    with virtuoso.running(folder) as server:
        started = time.perf_counter()
        code = main(
            ["load", "--root", str(ROOT), "--file", str(nt_path), "--endpoint",
             server.graph_store, "--graph", GRAPH, "--user", server.user,
             "--password", server.password],
        )  # fmt: skip
        seconds = time.perf_counter() - started
        if code != 0:
            return {"status": f"failed: adckg load exited {code}"}

        def ask(text: str) -> Any:
            with Client(attempts=1, timeout_s=budget) as client:
                return client.select(server.query, text, GRAPH)

        medians = {name: _median_ms(ask, text, budget) for name, text in queries}
        peak = _peak_mb_of(str(folder / "virtuoso.ini"))
    shutil.rmtree(folder, ignore_errors=True)
    return {"status": "ok", "load_seconds": seconds, "peak_mb": peak, "queries": medians}


def _median_ms(ask: Callable[[str], Any], text: str, budget: float) -> Any:
    times: list[float] = []
    for _ in range(RUNS + 1):
        started = time.perf_counter()
        try:
            ask(text)
        except Exception as exc:  # noqa: BLE001  (reported in the table)
            return f"failed: {type(exc).__name__}"[:60]
        times.append((time.perf_counter() - started) * 1000)
        if sum(times) > budget * 1000 / 4:
            break
    return statistics.median(times[1:] or times)


def _peak_mb_of(marker: str) -> float:
    """Peak resident memory (VmHWM) of the running process whose command line names ``marker``."""
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if marker not in (proc / "cmdline").read_bytes().decode(errors="replace"):
                continue
            status = (proc / "status").read_text()
        except OSError:
            continue
        found = re.search(r"^VmHWM:\s+(\d+) kB", status, re.M)
        if found:
            return int(found.group(1)) / 1024
    return 0.0
