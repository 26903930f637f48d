"""Load benchmark: the batched loader against a naive one-MERGE-per-row loader, same data, one run.

Not a test. It WIPES the database it points to, so it refuses to run unless
``CLUSTERATLAS_DISPOSABLE_DB=1`` (or ``--yes``). Settings come from ``NEO4J_*``
like the CLI's.

    CLUSTERATLAS_DISPOSABLE_DB=1 python benchmarks/load_benchmark.py \\
        [--synthetic-companies 50000] [--batch-size 5000] [--naive-max-rows 3000]

For each dataset (the bundled China data, then a SYNTHETIC one from
``benchmarks/synthetic.py``) it wipes the database, creates the schema, and
times :func:`~clusteratlas.graph.neo4j_store.load.load_dataset` (UNWIND batches in managed
transactions); then wipes again and times the naive loader: one ``MERGE``
statement per row, each in its own managed transaction, nodes before
relationships, on the same rows. With ``--naive-max-rows N`` the naive loader
runs on the first N rows of each step only (it is slow): each step's time is then
extrapolated to all its rows (rows / that step's measured rate), so both loaders'
rates are over the same mix of rows. Rates: node rows per second of node steps,
relationship rows per second of relationship steps.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import synthetic_dataset

from clusteratlas.graph.neo4j_store import cypher_writes as cw
from clusteratlas.graph.neo4j_store.connection import connect
from clusteratlas.graph.neo4j_store.load import load_dataset
from clusteratlas.graph.neo4j_store.rows import dataset_steps
from clusteratlas.graph.neo4j_store.schema import NODES, RELATIONSHIPS, ensure_schema
from clusteratlas.graph.neo4j_store.settings import Neo4jSettings
from clusteratlas.loaders.dataset import Dataset


def wipe(driver: Any, database: str) -> None:
    """Delete every node and relationship (schema kept), in batches."""
    with driver.session(database=database) as session:
        session.run(
            "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
        ).consume()


def batched(driver: Any, dataset: Dataset, database: str, batch_size: int) -> dict[str, float]:
    """Time the real loader; rows and seconds for node and relationship steps."""
    summary = load_dataset(
        driver, dataset, database=database, batch_size=batch_size, dataset_id="bench"
    )
    nodes, rels = summary.total("node"), summary.total("relationship")
    return {"nodes": nodes.rows, "node_s": nodes.seconds, "rels": rels.rows, "rel_s": rels.seconds}


def naive(driver: Any, dataset: Dataset, database: str, max_rows: int) -> dict[str, float]:
    """One MERGE per row, one transaction per row (the loader people write first).

    Seconds are extrapolated per step to all of its rows when ``max_rows`` cut it short.
    """
    out = {"nodes": 0, "node_s": 0.0, "rels": 0, "rel_s": 0.0, "measured": 0}
    with driver.session(database=database) as session:
        for step in dataset_steps(dataset):
            if step.kind == "node":
                spec = NODES[step.name]
                props = [p for p in step.rows[0] if p not in spec.key]
                query = cw.naive_merge_node(spec, props)
            else:
                rel = RELATIONSHIPS[step.name]
                props = [p for p in step.rows[0] if p not in ("start", "end", *rel.key)]
                query = cw.naive_merge_relationship(rel, props)
            rows = step.rows[:max_rows] if max_rows else step.rows
            started = time.perf_counter()
            for row in rows:
                session.execute_write(
                    lambda tx, r=row, q=query: tx.run(q, row=r, dataset="bench").consume()
                )
            seconds = time.perf_counter() - started
            key = "node" if step.kind == "node" else "rel"
            out[f"{key}s"] += len(step.rows)
            out[f"{key}_s"] += seconds * len(step.rows) / len(rows)
            out["measured"] += len(rows)
            print(
                f"  naive {step.name}: {len(rows)} of {len(step.rows)} rows in {seconds:.1f} s "
                f"({rate(len(rows), seconds):.0f}/s)",
                file=sys.stderr,
            )
    return out


def rate(rows: float, seconds: float) -> float:
    """Rows per second (0 when nothing was timed)."""
    return rows / seconds if seconds else 0.0


def main() -> None:
    """Run both loaders on both datasets and print one table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--synthetic-companies", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--batch-size", type=int, default=5000)
    parser.add_argument("--naive-max-rows", type=int, default=3000, help="0: every row")
    parser.add_argument("--skip-bundled", action="store_true")
    parser.add_argument("--yes", action="store_true", help="wipe the database without asking")
    args = parser.parse_args()
    if not (args.yes or os.environ.get("CLUSTERATLAS_DISPOSABLE_DB") == "1"):
        sys.exit("refusing to wipe: set CLUSTERATLAS_DISPOSABLE_DB=1 or pass --yes")
    settings = Neo4jSettings.resolve()
    driver = connect(settings)
    db = settings.database
    datasets: list[tuple[str, Dataset]] = []
    if not args.skip_bundled:
        from clusteratlas.loaders.bundled import load_bundled

        datasets.append(("bundled china", load_bundled("china")))
    synthetic = synthetic_dataset(n_companies=args.synthetic_companies, seed=args.seed)
    datasets.append((f"SYNTHETIC {synthetic.metadata['name']}", synthetic))
    ensure_schema(driver, db)
    lines = []
    for name, dataset in datasets:
        print(f"{name}: {dataset!r}", file=sys.stderr)
        wipe(driver, db)
        fast = batched(driver, dataset, db, args.batch_size)
        wipe(driver, db)
        slow = naive(driver, dataset, db, args.naive_max_rows)
        wipe(driver, db)
        print(f"  naive loader measured on {slow['measured']:,} rows", file=sys.stderr)
        for loader, r in (("batched", fast), ("naive (extrapolated)", slow)):
            lines.append(
                f"| {name} | {loader} | {r['nodes']:,} | {rate(r['nodes'], r['node_s']):,.0f} "
                f"| {r['rels']:,} | {rate(r['rels'], r['rel_s']):,.0f} "
                f"| {r['node_s'] + r['rel_s']:.1f} |"
            )
        ratio_n = rate(fast["nodes"], fast["node_s"]) / rate(slow["nodes"], slow["node_s"])
        ratio_r = rate(fast["rels"], fast["rel_s"]) / rate(slow["rels"], slow["rel_s"])
        lines.append(f"| {name} | ratio | | {ratio_n:.0f}x | | {ratio_r:.0f}x | |")
    driver.close()
    print(
        f"batch size {args.batch_size}; naive loader: first {args.naive_max_rows or 'all'} "
        "rows of each step, seconds extrapolated per step to all rows"
    )
    print("| dataset | loader | node rows | nodes/s | relationship rows | rels/s | seconds |")
    print("|---|---|---:|---:|---:|---:|---:|")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
