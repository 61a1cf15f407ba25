"""Benchmark: SHACL validation time and peak memory on the graph and on larger copies.

Run from the repository root: ``python bench/validation.py 1 10 100``. Each size runs
in a fresh process so that its peak memory (max RSS) is its own. Results go to
``bench/results/validation.md`` and ``.csv``.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale import ROOT, scaled_graph, write_results  # noqa: E402  (bench/ is not a package)


def measure(k: int) -> dict[str, float]:
    """Validate the graph scaled k times, in this process."""
    from adckg.validate import validate_graph

    data = scaled_graph(k)
    started = time.perf_counter()
    report = validate_graph(data, ROOT / "shapes")
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "k": k,
        "triples": len(data),
        "seconds": round(seconds, 2),
        "peak_mb": round(peak_mb, 1),
        "violations": len(report.violations),
        "warnings": len(report.warnings),
    }


def main(sizes: list[int]) -> None:
    rows = []
    for k in sizes:
        out = subprocess.run(
            [sys.executable, __file__, "--one", str(k)], check=True, capture_output=True, text=True
        )
        row = json.loads(out.stdout.strip().splitlines()[-1])
        print(row, file=sys.stderr)
        rows.append(row)
    lines = [
        "| k | triples | seconds | s per 100k triples | peak MB | violations | warnings |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        per = r["seconds"] / r["triples"] * 100_000
        lines.append(
            f"| {r['k']} | {r['triples']} | {r['seconds']} | {per:.2f} | {r['peak_mb']} |"
            f" {r['violations']} | {r['warnings']} |"
        )
    write_results("validation", rows, lines)
    print("\n".join(lines))


if __name__ == "__main__":
    if sys.argv[1] == "--one":
        print(json.dumps(measure(int(sys.argv[2]))))
    else:
        main([int(a) for a in sys.argv[1:]])
