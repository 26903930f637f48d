"""Resilience benchmark: the cost of the sampling intervals on the bundled China data.

Not a test. Times :func:`clusteratlas.graph.resilience_scores` on the bundled data
(2020, about 2,830 counties x 20 sections) without the bootstrap and with B
multinomial bootstrap replicates, each ``--repeat`` times (the Dataset cache is
bypassed, so every run computes), and reports the minimum and the median wall
time, the minimum CPU time of the process (less sensitive to other work on a
shared machine), the bootstrap's cost per 100 replicates, the peak memory and the machine's
load average (the machine is shared: the minimum is the better estimate of the
cost itself).

    python benchmarks/resilience_benchmark.py [--replicates 0 200 1000] [--repeat 5]

Prints a Markdown table and writes ``benchmarks/results/resilience.json`` and ``.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicates", type=int, nargs="+", default=[0, 200, 1000])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)

    from clusteratlas.graph.analytics import resilience
    from clusteratlas.graph.definitions.scope import AnalysisScope
    from clusteratlas.loaders.bundled import load_bundled

    dataset = load_bundled("china")
    scope = AnalysisScope.infer(dataset)
    compute = resilience._scores.__wrapped__  # type: ignore[attr-defined]  # no cache
    compute(dataset, scope, 0.1, None, resilience.DEFAULT_WEIGHTS, 0, 0.9, 0, 2000, "flag")
    rows = []
    for b in args.replicates:
        times, cpu = [], []
        for _ in range(args.repeat):
            t0, c0 = time.perf_counter(), time.process_time()
            out = compute(
                dataset, scope, 0.1, None, resilience.DEFAULT_WEIGHTS, b, 0.9, 0, 2000, "flag"
            )
            times.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
        rows.append(
            {
                "replicates": b,
                "regions": len(out),
                "industries": int(out["n_industries"].max()),
                "min_s": min(times),
                "median_s": statistics.median(times),
                "min_cpu_s": min(cpu),
            }
        )
    base = rows[0]["min_s"] if rows and rows[0]["replicates"] == 0 else None
    for row in rows:
        if base is not None and row["replicates"]:
            row["bootstrap_s_per_100"] = (row["min_s"] - base) / row["replicates"] * 100
            row["bootstrap_cpu_s_per_100"] = (
                (row["min_cpu_s"] - rows[0]["min_cpu_s"]) / row["replicates"] * 100
            )
    result = {
        "rows": rows,
        "repeat": args.repeat,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "load_average": os.getloadavg(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
    }
    table = [
        "| replicates | regions | min wall s | median wall s | min CPU s "
        "| bootstrap wall s / 100 replicates | bootstrap CPU s / 100 replicates |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        per = row.get("bootstrap_s_per_100")
        per_cpu = row.get("bootstrap_cpu_s_per_100")
        table.append(
            f"| {row['replicates']} | {row['regions']:,} | {row['min_s']:.2f} | "
            f"{row['median_s']:.2f} | {row['min_cpu_s']:.2f} | "
            f"{'' if per is None else f'{per:.2f}'} | "
            f"{'' if per_cpu is None else f'{per_cpu:.2f}'} |"
        )
    load = ", ".join(f"{x:.1f}" for x in result["load_average"])
    table.append("")
    table.append(
        f"{args.repeat} runs each; peak RSS {result['peak_rss_mb']:.0f} MiB; "
        f"{result['cpus']} CPUs, load average {load}."
    )
    text = "\n".join(table)
    print(text)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "resilience.json").write_text(json.dumps(result, indent=2) + "\n")
    (RESULTS / "resilience.md").write_text(text + "\n")
    return result


if __name__ == "__main__":
    main()
