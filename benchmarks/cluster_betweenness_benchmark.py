"""Cluster betweenness benchmark: exact against sampled on the bundled China cluster network.

Not a test. Builds the cluster network exactly as ``analyze`` does
(:func:`~clusteratlas.graph.analytics.pipeline.cluster_tables`: county x section
clusters of 2020, linked across county borders by I-O coefficients with distance decay)
and times betweenness (distance 1 / weight, normalised) with the igraph engine from all
sources (exact) and from k = 50 (``analyze``'s default) and 500 sampled sources, and
with networkx exact (``--networkx``; minutes). Reports minimum and median wall time
over ``--repeat`` runs, how many clusters have a betweenness above 0, and
``component_work`` (sum over components of n_c (n_c + m_c)), the size the engine
policy compares with its budget to decide between exact and sampled.

    python benchmarks/cluster_betweenness_benchmark.py [--repeat 5] [--networkx]

Prints a Markdown table and writes ``benchmarks/results/cluster_betweenness.json`` and ``.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--networkx", action="store_true", help="also networkx exact (slow)")
    args = parser.parse_args(argv)

    import networkx as nx

    from clusteratlas.graph.analytics.centrality import centrality
    from clusteratlas.graph.analytics.pipeline import cluster_tables
    from clusteratlas.graph.definitions.engine import component_work
    from clusteratlas.graph.definitions.scope import AnalysisScope
    from clusteratlas.loaders.bundled import load_bundled

    ds = load_bundled("china")
    scope = AnalysisScope.infer(ds)
    _, network = cluster_tables(ds, scope)  # the network analyze builds
    n, m = network.number_of_nodes(), network.number_of_edges()
    components = sorted((len(c) for c in nx.connected_components(network)), reverse=True)
    variants: list[tuple[str, dict[str, Any], int]] = [
        ("igraph, exact (all sources)", {"exact": True, "engine": "igraph"}, args.repeat),
        ("igraph, sampled k = 50", {"k": 50, "exact": False, "engine": "igraph"}, args.repeat),
        ("igraph, sampled k = 500", {"k": 500, "exact": False, "engine": "igraph"}, args.repeat),
    ]
    if args.networkx:
        variants.append(("networkx, exact", {"exact": True, "engine": "networkx"}, 1))
    rows = []
    for label, kwargs, repeat in variants:
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            c = centrality(network, measures=("betweenness",), **kwargs)
            times.append(time.perf_counter() - t0)
        rows.append(
            {
                "variant": label,
                "min_s": min(times),
                "median_s": statistics.median(times),
                "nonzero": int((c["betweenness"] > 0).sum()),
                "sources": int(c["betweenness_k"].iloc[0]),
            }
        )
    result = {
        "network": {
            "clusters": n,
            "links": m,
            "components": len(components),
            "largest_components": components[:5],
            "component_work": component_work(network)[0],
        },
        "rows": rows,
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "load_average": os.getloadavg(),
        },
    }
    lines = [
        f"Cluster network: {n:,} clusters, {m:,} links, {len(components):,} components "
        f"(largest {components[0]}), component_work {result['network']['component_work']:,}"
        f"; load average {os.getloadavg()[0]:.1f}",
        "",
        "| variant | sources | min s | median s | clusters with betweenness > 0 |",
        "|---|---:|---:|---:|---:|",
        *(
            f"| {r['variant']} | {r['sources']:,} | {r['min_s']:.3f} | {r['median_s']:.3f} "
            f"| {r['nonzero']:,} |"
            for r in rows
        ),
    ]
    table = "\n".join(lines)
    print(table)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "cluster_betweenness.json").write_text(json.dumps(result, indent=2) + "\n")
    (RESULTS / "cluster_betweenness.md").write_text(table + "\n")
    return result


if __name__ == "__main__":
    main()
