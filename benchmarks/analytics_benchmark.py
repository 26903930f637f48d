"""Analytics benchmark: the project's pipeline vs plain igraph vs plain networkx, same measures.

Not a test. On the SYNTHETIC national network (``benchmarks/synthetic.py``;
``--scale 1``: 100,000 companies, 1,000,000 supply links) it times, each in its
own subprocess (so peak RSS is per engine):

- ``pipeline``: ``clusteratlas.graph.analytics.pipeline.analyze`` (resilience scores,
  clusters with Louvain supply communities and the cluster network with its
  centrality, centralities of the I-O and supply networks), default engine;
- ``api``: the project API on the measures of the igraph run only: the supply
  projection, ``centrality`` (all measures), ``detect_clusters`` (Louvain);
- ``igraph``: plain python-igraph on the link table: PageRank, betweenness from
  k sampled sources, closeness/harmonic distances from k sources, eigenvector,
  Louvain (the network measures the pipeline computes on the supply network);
- ``networkx``: the same measures in plain networkx, on a ``--nx-scale``
  subsample (it is too slow at 1M links), with the pipeline and igraph timed at
  that scale in the same run for a same-run ratio;
- ``accuracy``: Spearman rank correlation of sampled (k sources) with exact
  betweenness/closeness/harmonic on a small network (``--exact-scale``), and of
  the fast engine with the networkx reference.

    python benchmarks/analytics_benchmark.py [--scale 1] [--nx-scale 0.1] [--k 50]

Prints a Markdown table and writes ``benchmarks/results/analytics.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synthetic import synthetic_national  # noqa: E402

RESULTS = HERE / "results"


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, MiB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_pipeline(scale: float, seed: int, k: int) -> dict[str, Any]:
    """The project's full analyze() on the synthetic dataset."""
    from clusteratlas.graph.analytics.pipeline import analyze

    ds = synthetic_national(scale, seed)
    started = time.perf_counter()
    result = analyze(ds, centrality_k=k, seed=seed)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "timings": result.timings, "links": len(ds.supply_links)}


def run_api(scale: float, seed: int, k: int) -> dict[str, Any]:
    """The project API on just the igraph run's measures: supply projection, centrality, Louvain."""
    from clusteratlas.graph.analytics.centrality import centrality
    from clusteratlas.graph.analytics.clusters import detect_clusters
    from clusteratlas.graph.definitions.matrix import region_industry_matrix
    from clusteratlas.graph.definitions.supply import supply_network

    ds = synthetic_national(scale, seed)
    E = region_industry_matrix(ds, 2020)
    started = time.perf_counter()
    G = supply_network(ds)
    centrality(G, k=k, seed=seed)
    detect_clusters(E, supply=G, seed=seed)
    return {"seconds": time.perf_counter() - started, "links": G.number_of_edges()}


def _link_arrays(scale: float, seed: int) -> tuple[Any, Any, Any, int]:
    import numpy as np
    import pandas as pd

    ds = synthetic_national(scale, seed)
    ids = pd.Index(ds.companies["id"])
    links = ds.supply_links
    src = ids.get_indexer(links["supplier_id"])
    dst = ids.get_indexer(links["customer_id"])
    return src, dst, links["value"].to_numpy(dtype=np.float64), len(ids)


def run_igraph(scale: float, seed: int, k: int) -> dict[str, Any]:
    """Plain igraph: the supply-network measures from the link table."""
    import igraph as ig
    import numpy as np

    src, dst, w, n = _link_arrays(scale, seed)
    started = time.perf_counter()
    g = ig.Graph(n=n, directed=True)
    g.add_edges(np.column_stack([src, dst]))
    d = (1.0 / w).tolist()
    g.pagerank(weights=w.tolist())
    sources = random.Random(seed).sample(range(n), k)
    g.betweenness(weights=d, sources=sources)
    g.distances(source=sources, weights=d, mode="out")
    big = g.connected_components(mode="strong").giant()
    big.eigenvector_centrality(directed=True, scale=False)
    g.es["weight"] = w.tolist()
    und = g.as_undirected(mode="collapse", combine_edges="sum")
    und.community_multilevel(weights="weight")
    return {"seconds": time.perf_counter() - started, "links": len(src)}


def _networkx_graph(src: Any, dst: Any, w: Any, n: int) -> Any:
    """The benchmark network as a networkx DiGraph: ``weight`` and distance ``d`` = 1 / w."""
    import networkx as nx

    G = nx.DiGraph()
    G.add_nodes_from(range(n))
    G.add_weighted_edges_from(
        (int(a), int(b), float(x)) for a, b, x in zip(src, dst, w, strict=True)
    )
    for a, b, x in G.edges(data="weight"):
        G.edges[a, b]["d"] = 1.0 / x
    return G


def run_networkx(scale: float, seed: int, k: int) -> dict[str, Any]:
    """Plain networkx: the same measures on the same network."""
    import networkx as nx

    src, dst, w, n = _link_arrays(scale, seed)
    started = time.perf_counter()
    G = _networkx_graph(src, dst, w, n)
    nx.pagerank(G, weight="weight")
    nx.betweenness_centrality(G, k=k, weight="d", seed=seed)
    for s in random.Random(seed).sample(list(G), k):
        nx.single_source_dijkstra_path_length(G, s, weight="d")
    big = G.subgraph(max(nx.strongly_connected_components(G), key=len))
    nx.eigenvector_centrality_numpy(big, weight="weight")
    und = G.to_undirected()
    nx.community.louvain_communities(und, weight="weight", seed=seed)
    return {"seconds": time.perf_counter() - started, "links": len(src)}


def run_accuracy(scale: float, seed: int, k: int) -> dict[str, Any]:
    """Spearman rho: sampled vs exact (fast engine), and fast engine vs networkx reference."""
    from scipy.stats import spearmanr

    from clusteratlas.graph.analytics.centrality import centrality
    from clusteratlas.graph.definitions.supply import supply_network

    G = supply_network(synthetic_national(scale, seed))
    measures = ["betweenness", "closeness", "harmonic"]
    exact = centrality(G, measures, exact=True, engine="igraph")
    out: dict[str, Any] = {"nodes": G.number_of_nodes(), "links": G.number_of_edges()}
    for kk in sorted({k, 4 * k, 10 * k}):
        sampled = centrality(G, measures, exact=False, k=kk, seed=seed, engine="igraph")
        for m in measures:
            out[f"{m}_k{kk}_vs_exact"] = float(spearmanr(exact[m], sampled[m]).statistic)
    ref = centrality(G, [*measures, "pagerank"], exact=False, k=k, engine="networkx")
    fast = centrality(G, [*measures, "pagerank"], exact=False, k=k, engine="igraph")
    for m in [*measures, "pagerank"]:
        out[f"{m}_igraph_vs_networkx"] = float(spearmanr(ref[m], fast[m]).statistic)
    return out


GDS_SET = "degree, strength, PageRank, betweenness (k sampled sources), Louvain"
"""The measures of the ``gds`` comparison (what the GDS engine offers), in every engine."""


def run_gds(scale: float, seed: int, k: int) -> dict[str, Any]:
    """GDS inside Neo4j: the synthetic network loaded (untimed), then projected and measured.

    Needs ``NEO4J_URI`` etc. and ``CLUSTERATLAS_DISPOSABLE_DB=1``: it wipes that database.
    Timed: projection, degree, strength, PageRank, sampled betweenness and Louvain (two
    projections, as :func:`gds_centrality` and :func:`gds_louvain` make them), results
    streamed back. Peak RSS is this client's; the server's memory is not counted.
    """
    from clusteratlas.graph.neo4j_store.connection import connect
    from clusteratlas.graph.neo4j_store.gds import GDS_MEASURES, gds_centrality, gds_louvain
    from clusteratlas.graph.neo4j_store.load import load_dataset
    from clusteratlas.graph.neo4j_store.settings import Neo4jSettings

    if os.environ.get("CLUSTERATLAS_DISPOSABLE_DB") != "1":
        raise SystemExit("the gds run wipes the database: set CLUSTERATLAS_DISPOSABLE_DB=1")
    settings = Neo4jSettings.resolve()
    driver = connect(settings)
    db = settings.database
    with driver.session(database=db) as s:
        s.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
    ds = synthetic_national(scale, seed)
    started = time.perf_counter()
    load_dataset(driver, ds, database=db, batch_size=10_000)
    load_seconds = time.perf_counter() - started
    started = time.perf_counter()
    # 1M links as one component is far over GDS's exact budget: sampled from k sources
    gds_centrality(driver, "supply", GDS_MEASURES, k=k, seed=seed, database=db)
    gds_louvain(driver, "supply", database=db)
    seconds = time.perf_counter() - started
    driver.close()
    return {"seconds": seconds, "links": len(ds.supply_links), "load_seconds": load_seconds}


def run_igraph_gds_set(scale: float, seed: int, k: int) -> dict[str, Any]:
    """Plain igraph, the GDS comparison's measures (:data:`GDS_SET`)."""
    import igraph as ig
    import numpy as np

    src, dst, w, n = _link_arrays(scale, seed)
    started = time.perf_counter()
    g = ig.Graph(n=n, directed=True)
    g.add_edges(np.column_stack([src, dst]))
    g.degree(mode="all")
    g.strength(mode="all", weights=w.tolist())
    g.pagerank(weights=w.tolist())
    g.betweenness(weights=(1.0 / w).tolist(), sources=random.Random(seed).sample(range(n), k))
    g.es["weight"] = w.tolist()
    g.as_undirected(mode="collapse", combine_edges="sum").community_multilevel(weights="weight")
    return {"seconds": time.perf_counter() - started, "links": len(src)}


def run_networkx_gds_set(scale: float, seed: int, k: int) -> dict[str, Any]:
    """Plain networkx, the GDS comparison's measures (:data:`GDS_SET`)."""
    import networkx as nx

    src, dst, w, n = _link_arrays(scale, seed)
    started = time.perf_counter()
    G = _networkx_graph(src, dst, w, n)
    dict(G.degree())
    dict(G.degree(weight="weight"))
    nx.pagerank(G, weight="weight")
    nx.betweenness_centrality(G, k=k, weight="d", seed=seed)
    nx.community.louvain_communities(G.to_undirected(), weight="weight", seed=seed)
    return {"seconds": time.perf_counter() - started, "links": len(src)}


ENGINES = {
    "gds": run_gds,
    "igraph-gds-set": run_igraph_gds_set,
    "networkx-gds-set": run_networkx_gds_set,
    "pipeline": run_pipeline,
    "api": run_api,
    "igraph": run_igraph,
    "networkx": run_networkx,
    "accuracy": run_accuracy,
}


def child(engine: str, scale: float, seed: int, k: int) -> dict[str, Any]:
    """Run one engine in a fresh interpreter; its result with its peak RSS."""
    cmd = [sys.executable, __file__, "--child", engine, "--scale", str(scale)]
    cmd += ["--seed", str(seed), "--k", str(k)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{engine} at scale {scale} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"  {engine} scale {scale}: {result}", file=sys.stderr, flush=True)
    return result


def main() -> None:
    """Run every engine, print the table, write the JSON."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = 1M supply links")
    parser.add_argument("--nx-scale", type=float, default=0.1, help="networkx's subsample")
    parser.add_argument("--exact-scale", type=float, default=0.02, help="for exact vs sampled")
    parser.add_argument("--k", type=int, default=50, help="sampled sources (pipeline default)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--gds",
        action="store_true",
        help="only the GDS comparison: GDS in Neo4j (NEO4J_URI; wipes it, needs "
        "CLUSTERATLAS_DISPOSABLE_DB=1) vs igraph vs networkx on the same measures",
    )
    parser.add_argument("--child", choices=sorted(ENGINES), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.gds and not args.child:
        gds_comparison(args)
        return
    if args.child:
        result = ENGINES[args.child](args.scale, args.seed, args.k)
        result["peak_rss_mb"] = peak_rss_mb()
        print(json.dumps(result))
        return
    load_before = os.getloadavg()
    runs = []
    for scale in sorted({args.scale, args.nx_scale}, reverse=True):
        for engine in ("pipeline", "api", "igraph", "networkx"):
            if engine == "networkx" and scale != args.nx_scale:
                continue
            runs.append(
                {"engine": engine, "scale": scale, **child(engine, scale, args.seed, args.k)}
            )
    accuracy = child("accuracy", args.exact_scale, args.seed, args.k)
    load_after = os.getloadavg()
    rows = []
    for r in runs:
        same = [x for x in runs if x["scale"] == r["scale"] and x["engine"] == "igraph"]
        ratio = r["seconds"] / same[0]["seconds"] if same else float("nan")
        rows.append({**r, "vs_igraph": ratio})
    report = {
        "benchmark": "analytics",
        "k": args.k,
        "seed": args.seed,
        "cpus": os.cpu_count(),
        "load_average_before": load_before,
        "load_average_after": load_after,
        "runs": rows,
        "accuracy": accuracy,
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "analytics.json").write_text(json.dumps(report, indent=2) + "\n")
    print(f"load average before {load_before[0]:.1f}, after {load_after[0]:.1f}; k = {args.k}")
    print("| engine | supply links | seconds | x igraph (same run) | peak RSS MiB |")
    print("|---|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['engine']} | {r['links']:,} | {r['seconds']:.1f} | {r['vs_igraph']:.1f}x "
            f"| {r['peak_rss_mb']:,.0f} |"
        )
    print()
    print(f"accuracy on {accuracy['nodes']:,} nodes / {accuracy['links']:,} links (Spearman rho)")
    print("| comparison | rho |")
    print("|---|---:|")
    for key, value in accuracy.items():
        if key not in ("nodes", "links", "peak_rss_mb"):
            print(f"| {key} | {value:.4f} |")


def gds_comparison(args: argparse.Namespace) -> None:
    """GDS vs igraph vs networkx, the same measures, one run; writes ``analytics_gds.json``."""
    load_before = os.getloadavg()
    runs = [
        {"engine": "gds", "scale": args.scale, **child("gds", args.scale, args.seed, args.k)},
        {"engine": "igraph", "scale": args.scale,
         **child("igraph-gds-set", args.scale, args.seed, args.k)},
        {"engine": "igraph", "scale": args.nx_scale,
         **child("igraph-gds-set", args.nx_scale, args.seed, args.k)},
        {"engine": "networkx", "scale": args.nx_scale,
         **child("networkx-gds-set", args.nx_scale, args.seed, args.k)},
    ]  # fmt: skip
    load_after = os.getloadavg()
    for r in runs:
        same = [x for x in runs if x["scale"] == r["scale"] and x["engine"] == "igraph"]
        r["vs_igraph"] = r["seconds"] / same[0]["seconds"]
    report = {
        "benchmark": "analytics-gds",
        "measures": GDS_SET,
        "k": args.k,
        "seed": args.seed,
        "cpus": os.cpu_count(),
        "load_average_before": load_before,
        "load_average_after": load_after,
        "runs": runs,
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "analytics_gds.json").write_text(json.dumps(report, indent=2) + "\n")
    print(f"load average before {load_before[0]:.1f}, after {load_after[0]:.1f}; k = {args.k}")
    print(f"measures: {GDS_SET}")
    print("| engine | supply links | seconds | x igraph (same run) | client peak RSS MiB |")
    print("|---|---:|---:|---:|---:|")
    for r in runs:
        print(
            f"| {r['engine']} | {r['links']:,} | {r['seconds']:.1f} | {r['vs_igraph']:.1f}x "
            f"| {r['peak_rss_mb']:,.0f} |"
        )
    gds = runs[0]
    print(
        f"\n(GDS: the load into Neo4j before it, not timed above, took {gds['load_seconds']:.0f} s)"
    )


if __name__ == "__main__":
    main()
