"""National-scale load benchmark: transactional loader vs naive loader vs neo4j-admin import.

Not a test. It WIPES and REPLACES the database it points to (refuses unless
``CLUSTERATLAS_DISPOSABLE_DB=1`` or ``--yes``), and it STOPS and STARTS the
server, so it only runs against a server of ``scripts/neo4j-local`` (the same
``NEO4J_LOCAL_*`` environment). On the SYNTHETIC national dataset
(``--scale 1``: 3,000 regions, 100,000 companies, 1,000,000 supply links) it
measures, each in its own subprocess (peak RSS of the client per loader):

1. ``loader``: ``clusteratlas.graph.neo4j_store.load.load_dataset`` (validation, UNWIND
   batches of ``--batch-size`` in managed transactions) into an empty database;
2. ``naive``: ``load_benchmark.naive`` (one MERGE per row, one transaction per
   row) on the first ``--naive-rows`` rows of every step;
3. ``bulk``: ``clusteratlas.graph.neo4j_store.bulk.bulk_import`` (CSV files +
   ``neo4j-admin database import full``) with the server stopped, then the
   server restart and ``ensure_schema``, timed separately;
4. ``projection``: ``graph.neo4j_store.read.read_supply_network`` of the whole graph;
5. ``sweep``: the loader at several batch sizes on ``--sweep-scale`` data.

    scripts/neo4j-local start && eval "$(scripts/neo4j-local env)"
    CLUSTERATLAS_DISPOSABLE_DB=1 python benchmarks/bulk_load_benchmark.py [--scale 1]

Prints Markdown tables and writes ``benchmarks/results/bulk_load.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from synthetic import synthetic_national  # noqa: E402

RESULTS = HERE / "results"
LOCAL = [sys.executable, str(ROOT / "scripts" / "neo4j-local")]


def _driver() -> tuple[Any, str]:
    from clusteratlas.graph.neo4j_store.connection import connect
    from clusteratlas.graph.neo4j_store.settings import Neo4jSettings

    settings = Neo4jSettings.resolve()
    return connect(settings), settings.database


def _counts(driver: Any, database: str) -> dict[str, int]:
    records, _, _ = driver.execute_query(
        "MATCH (n) WITH count(n) AS nodes MATCH ()-[r]->() RETURN nodes, count(r) AS rels",
        database_=database,
    )
    return {"nodes": records[0]["nodes"], "rels": records[0]["rels"]}


def _wipe(driver: Any, database: str) -> None:
    """Delete relationships, then nodes, in transactions of 20,000 (schema kept).

    Relationships first: DETACH DELETE of a batch of hub companies (thousands of links
    each) can exceed the server's transaction memory pool.
    """
    with driver.session(database=database) as session:
        session.run(
            "MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 20000 ROWS"
        ).consume()
        session.run("MATCH (n) CALL (n) { DELETE n } IN TRANSACTIONS OF 20000 ROWS").consume()


def run_loader(args: argparse.Namespace) -> dict[str, Any]:
    """The project's transactional loader on the whole dataset, into an empty database."""
    from clusteratlas.graph.neo4j_store.load import load_dataset

    ds = synthetic_national(args.scale, args.seed)
    driver, db = _driver()
    _wipe(driver, db)
    started = time.perf_counter()
    summary = load_dataset(driver, ds, database=db, batch_size=args.batch_size)
    seconds = time.perf_counter() - started
    nodes, rels = summary.total("node"), summary.total("relationship")
    out = {
        "seconds": seconds,
        "nodes": nodes.rows,
        "node_seconds": nodes.seconds,
        "rels": rels.rows,
        "rel_seconds": rels.seconds,
        "graph": _counts(driver, db),
    }
    driver.close()
    return out


def run_naive(args: argparse.Namespace) -> dict[str, Any]:
    """The naive loader (load_benchmark.naive) on the first rows of every step."""
    from load_benchmark import naive

    ds = synthetic_national(args.scale, args.seed)
    driver, db = _driver()
    _wipe(driver, db)
    r = naive(driver, ds, db, args.naive_rows)
    _wipe(driver, db)
    driver.close()
    return {
        "seconds": r["node_s"] + r["rel_s"],
        "nodes": r["nodes"],
        "node_seconds": r["node_s"],
        "rels": r["rels"],
        "rel_seconds": r["rel_s"],
    }


def run_bulk(args: argparse.Namespace) -> dict[str, Any]:
    """CSV files + neo4j-admin import (the server is stopped by the parent)."""
    from clusteratlas.graph.neo4j_store.bulk import bulk_import

    ds = synthetic_national(args.scale, args.seed)
    inst = Path(os.environ.get("NEO4J_LOCAL_DIR", ROOT / ".neo4j" / "local")).resolve()
    with tempfile.TemporaryDirectory(prefix="clusteratlas-import-") as work:
        summary = bulk_import(
            ds,
            neo4j_home=ROOT / ".neo4j" / "server",
            neo4j_conf=inst / "conf",
            work_dir=Path(work),
            database=os.environ.get("NEO4J_DATABASE", "neo4j"),
            overwrite=True,
        )
    nodes, rels = summary.total("node"), summary.total("relationship")
    return {
        "seconds": summary.seconds,
        "import_seconds": nodes.seconds + rels.seconds,
        "nodes": nodes.rows,
        "rels": rels.rows,
    }


def run_schema(args: argparse.Namespace) -> dict[str, Any]:
    """ensure_schema on the imported graph (constraints + indexes populated), and counts."""
    from clusteratlas.graph.neo4j_store.schema import ensure_schema

    driver, db = _driver()
    started = time.perf_counter()
    ensure_schema(driver, db)
    driver.execute_query("CALL db.awaitIndexes(600)", database_=db)
    out = {"seconds": time.perf_counter() - started, "graph": _counts(driver, db)}
    driver.close()
    return out


def run_projection(args: argparse.Namespace) -> dict[str, Any]:
    """graph.neo4j_store.read.read_supply_network of the whole graph."""
    from clusteratlas.graph.neo4j_store import read as neo4j_read

    driver, db = _driver()
    runs = []
    for _ in range(2):  # the first right after the server start (cold page cache), then warm
        started = time.perf_counter()
        G = neo4j_read.read_supply_network(driver, database=db)
        runs.append(time.perf_counter() - started)
        del G
    G = neo4j_read.read_supply_network(driver, database=db)
    driver.close()
    return {
        "seconds": runs[1],
        "cold_seconds": runs[0],
        "nodes": G.number_of_nodes(),
        "rels": G.number_of_edges(),
    }


def run_sweep(args: argparse.Namespace) -> dict[str, Any]:
    """The loader at each batch size on the sweep dataset (wiped between)."""
    from clusteratlas.graph.neo4j_store.load import load_dataset

    ds = synthetic_national(args.sweep_scale, args.seed)
    driver, db = _driver()
    out = {}
    for size in args.batch_sizes:
        _wipe(driver, db)
        summary = load_dataset(driver, ds, database=db, batch_size=size, validate=False)
        nodes, rels = summary.total("node"), summary.total("relationship")
        out[str(size)] = {
            "nodes_per_s": nodes.rows / nodes.seconds,
            "rels_per_s": rels.rows / rels.seconds,
            "seconds": summary.seconds,
        }
        print(f"  batch {size}: {out[str(size)]}", file=sys.stderr, flush=True)
    _wipe(driver, db)
    driver.close()
    return {"sizes": out, "links": len(ds.supply_links)}


CHILDREN = {
    "loader": run_loader,
    "naive": run_naive,
    "bulk": run_bulk,
    "schema": run_schema,
    "projection": run_projection,
    "sweep": run_sweep,
}


def child(name: str, argv: list[str]) -> dict[str, Any]:
    """Run one step in a fresh interpreter; its result with the client's peak RSS."""
    done = subprocess.run(
        [sys.executable, __file__, "--child", name, *argv], capture_output=True, text=True
    )
    if done.returncode != 0:
        raise SystemExit(f"{name} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"  {name}: {result}", file=sys.stderr, flush=True)
    return result


def server(command: str) -> float:
    """scripts/neo4j-local stop|start; its wall time."""
    started = time.perf_counter()
    subprocess.run([*LOCAL, command], check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    """Run every step in order, print the tables, write the JSON."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = 1M supply links")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--batch-size", type=int, default=5000)
    parser.add_argument("--naive-rows", type=int, default=1000, help="rows per step")
    parser.add_argument("--sweep-scale", type=float, default=0.05)
    parser.add_argument("--batch-sizes", type=int, nargs="+", default=[500, 2000, 5000, 20000])
    parser.add_argument("--skip-sweep", action="store_true")
    parser.add_argument("--yes", action="store_true", help="wipe and replace without asking")
    parser.add_argument("--child", choices=sorted(CHILDREN), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        result = CHILDREN[args.child](args)
        result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(result))
        return
    if not (args.yes or os.environ.get("CLUSTERATLAS_DISPOSABLE_DB") == "1"):
        sys.exit("refusing to wipe: set CLUSTERATLAS_DISPOSABLE_DB=1 or pass --yes")
    argv = ["--scale", str(args.scale), "--seed", str(args.seed)]
    argv += ["--batch-size", str(args.batch_size), "--naive-rows", str(args.naive_rows)]
    argv += ["--sweep-scale", str(args.sweep_scale), "--batch-sizes"]
    argv += [str(s) for s in args.batch_sizes]
    load_before = os.getloadavg()
    report: dict[str, Any] = {"benchmark": "bulk_load", "scale": args.scale, "cpus": os.cpu_count()}
    report["sweep"] = None if args.skip_sweep else child("sweep", argv)
    report["naive"] = child("naive", argv)
    report["loader"] = child("loader", argv)
    report["stop_seconds"] = server("stop")
    report["bulk"] = child("bulk", argv)
    report["start_seconds"] = server("start")
    report["schema"] = child("schema", argv)
    report["projection"] = child("projection", argv)
    report["load_average_before"] = load_before
    report["load_average_after"] = os.getloadavg()
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "bulk_load.json").write_text(json.dumps(report, indent=2) + "\n")
    print_tables(report)


def print_tables(r: dict[str, Any]) -> None:
    """Markdown tables of a report."""
    load, naive, bulk = r["loader"], r["naive"], r["bulk"]
    bulk_total = bulk["seconds"] + r["start_seconds"] + r["schema"]["seconds"]
    rows = [
        ("naive (per-row MERGE; extrapolated per step)", naive["nodes"], naive["node_seconds"],
         naive["rels"], naive["rel_seconds"], naive["seconds"], naive["peak_rss_mb"]),
        ("clusteratlas load (batched MERGE)", load["nodes"], load["node_seconds"], load["rels"],
         load["rel_seconds"], load["seconds"], load["peak_rss_mb"]),
        ("clusteratlas load --bulk (neo4j-admin import)", bulk["nodes"],
         bulk["import_seconds"] * bulk["nodes"] / (bulk["nodes"] + bulk["rels"]), bulk["rels"],
         bulk["import_seconds"] * bulk["rels"] / (bulk["nodes"] + bulk["rels"]), bulk_total,
         bulk["peak_rss_mb"]),
    ]  # fmt: skip
    la, lb = r["load_average_before"][0], r["load_average_after"][0]
    print(f"scale {r['scale']}; load average {la:.1f} before, {lb:.1f} after")
    print("| loader | nodes | nodes/s | relationships | rels/s | seconds | client peak RSS MiB |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, n, ns, m, ms, s, rss in rows:
        print(f"| {name} | {n:,} | {n / ns:,.0f} | {m:,} | {m / ms:,.0f} | {s:.1f} | {rss:,.0f} |")
    all_rows = (load["nodes"] + load["rels"]) / load["seconds"]
    naive_rows = (naive["nodes"] + naive["rels"]) / naive["seconds"]
    bulk_rows = (bulk["nodes"] + bulk["rels"]) / bulk_total
    print(
        f"\nrows/s over the whole run: naive {naive_rows:,.0f}, loader {all_rows:,.0f} "
        f"({all_rows / naive_rows:.0f}x naive), bulk {bulk_rows:,.0f} "
        f"({bulk_rows / naive_rows:.0f}x naive, {bulk_rows / all_rows:.1f}x loader); bulk = "
        f"CSV + import {bulk['seconds']:.1f} s + server start {r['start_seconds']:.1f} s + "
        f"schema {r['schema']['seconds']:.1f} s; graph after bulk {r['schema']['graph']}, "
        f"after loader {load['graph']}"
    )
    p = r["projection"]
    print(
        f"\nprojection (neo4j_read.read_supply_network): {p['rels']:,} relationships, "
        f"{p['nodes']:,} nodes in {p['seconds']:.1f} s warm = {p['rels'] / p['seconds']:,.0f} "
        f"rels/s ({p['cold_seconds']:.1f} s = {p['rels'] / p['cold_seconds']:,.0f} rels/s cold, "
        f"first read after the server start); client peak RSS {p['peak_rss_mb']:,.0f} MiB"
    )
    if r.get("sweep"):
        print(f"\nbatch-size sweep ({r['sweep']['links']:,} supply links)")
        print("| batch size | nodes/s | rels/s | seconds |")
        print("|---:|---:|---:|---:|")
        for size, v in r["sweep"]["sizes"].items():
            print(
                f"| {int(size):,} | {v['nodes_per_s']:,.0f} | {v['rels_per_s']:,.0f} "
                f"| {v['seconds']:.1f} |"
            )


if __name__ == "__main__":
    main()
