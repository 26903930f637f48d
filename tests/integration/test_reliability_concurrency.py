"""Concurrency: two loads at once, and a load while queries run, on the real server.

Both loads share the Industry nodes and INPUT_TO links (the same real input-output
table), so their transactions contend for the same nodes; managed transactions
retry what the server reports as transient (deadlocks), and nothing of it may
reach the caller. The result must equal loading the two datasets one after the other.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from typing import Any

import pandas as pd
from _reliability import fingerprint, wipe_disposable
from _store_helpers import synthetic_dataset

from clusteratlas.graph.neo4j_store.load import load_dataset
from clusteratlas.graph.neo4j_store.schema import (
    create_schema_rule,
    ensure_schema,
    index_statements,
)
from clusteratlas.loaders.dataset import Dataset
from clusteratlas.queries.runner import run_query

PREFIXED = {"code", "parent_code", "region_code", "id", "company_id", "supplier_id", "customer_id"}


def recoded(dataset: Dataset, prefix: str) -> Dataset:
    """The dataset with ``prefix`` before every region code and company id (industries shared)."""
    tables = {}
    for name, frame in dataset:
        frame = frame.copy()
        if name != "industries":  # industry codes stay: both datasets share those nodes
            for column in PREFIXED & set(frame.columns):
                frame[column] = frame[column].map(lambda v: v if pd.isna(v) else prefix + v)
        tables[name] = frame
    return Dataset.from_frames(metadata={"name": f"{prefix}{dataset.metadata['name']}"}, **tables)


def graph_state(driver: Any, database: str) -> dict[str, Any]:
    """Counts and a SHA-256 of all properties, with each ``datasets`` list sorted
    (two loads at once may tag a shared node in either order)."""
    records = driver.execute_query(
        "MATCH (n) RETURN 'N' AS k, labels(n)[0] AS t, properties(n) AS p UNION ALL "
        "MATCH (a)-[r]->(b) RETURN 'R' AS k, type(r) AS t, "
        "r {.*, a: coalesce(a.code, a.id, a.name), b: coalesce(b.code, b.id, b.name)}"
        " AS p",
        database_=database,
    ).records
    counts: dict[str, int] = {}
    lines = []
    for rec in records:
        kind = rec["t"]
        counts[kind] = counts.get(kind, 0) + 1
        props = dict(rec["p"])
        if "datasets" in props:
            props["datasets"] = sorted(props["datasets"])
        lines.append(f"{rec['k']} {kind} " + json.dumps(props, sort_keys=True, default=str))
    digest = hashlib.sha256("\n".join(sorted(lines)).encode()).hexdigest()
    return {"counts": dict(sorted(counts.items())), "sha256": digest}


def run_threads(*targets: Any) -> list[BaseException]:
    """Run the callables in threads at once; return the exceptions they raised."""
    errors: list[BaseException] = []

    def guard(target: Any) -> None:
        try:
            target()
        except BaseException as e:  # reported to the test
            errors.append(e)

    threads = [threading.Thread(target=guard, args=(t,)) for t in targets]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not any(t.is_alive() for t in threads), "a load hung"
    return errors


A = synthetic_dataset(150, seed=21)
B = recoded(synthetic_dataset(150, seed=22), "B-")


def test_two_loads_at_once_equal_the_two_loads_one_after_the_other(
    empty_db: Any, neo4j_settings: Any
) -> None:
    db = neo4j_settings.database
    errors = run_threads(
        lambda: load_dataset(empty_db, A, database=db, batch_size=50),
        lambda: load_dataset(empty_db, B, database=db, batch_size=50),
    )
    assert errors == []
    together = graph_state(empty_db, db)

    wipe_disposable(empty_db, db)
    load_dataset(empty_db, A, database=db)
    only_a = fingerprint(empty_db, db)["counts"]
    wipe_disposable(empty_db, db)
    load_dataset(empty_db, B, database=db)
    only_b = fingerprint(empty_db, db)["counts"]
    load_dataset(empty_db, A, database=db)
    one_after_other = graph_state(empty_db, db)

    assert together == one_after_other
    for label in ("Region", "Company", "SUPPLIES", "HAS_INDUSTRY", "LOCATED_IN", "MEASURED"):
        assert together["counts"][label] == only_a[label] + only_b[label], label
    for shared in ("Industry", "INPUT_TO", "Indicator"):  # the same nodes in both datasets
        assert together["counts"][shared] == only_a[shared] == only_b[shared], shared


def test_a_load_while_queries_run(empty_db: Any, neo4j_settings: Any) -> None:
    db = neo4j_settings.database
    load_dataset(empty_db, A, database=db)
    stop = threading.Event()
    answered: list[int] = []

    def query_loop() -> None:
        while not stop.is_set():
            frame = run_query(empty_db, "graph-statistics", database=db)
            answered.append(len(frame))
            run_query(empty_db, "industry-upstream", {"industry": "NBS42:18"}, database=db)

    def load_then_stop() -> None:
        try:
            time.sleep(0.2)
            load_dataset(empty_db, B, database=db, batch_size=50)
        finally:
            stop.set()

    errors = run_threads(query_loop, query_loop, load_then_stop)
    assert errors == []
    assert len(answered) >= 2
    during = graph_state(empty_db, db)

    wipe_disposable(empty_db, db)
    load_dataset(empty_db, A, database=db)
    load_dataset(empty_db, B, database=db)
    assert during == graph_state(empty_db, db)


def test_schema_created_by_another_client_at_the_same_time(
    empty_db: Any, neo4j_settings: Any
) -> None:
    """``CREATE INDEX ... IF NOT EXISTS`` is not atomic across clients on Neo4j 5.26:
    while another client creates the same index, the statement waits for it and then
    fails with ``EquivalentSchemaRuleAlreadyExists``. That made the two loads above fail
    about once in eight runs (each load ensures the schema first; seen on a freshly
    started server). Here the other client's transaction is held open, so the race is
    certain: the rule that appeared meanwhile counts as created."""
    db = neo4j_settings.database
    index = index_statements()[0]
    results: list[Any] = []
    with empty_db.session(database=db) as other:
        tx = other.begin_transaction()
        tx.run(index).consume()  # the other client's index, not committed yet
        worker = threading.Thread(
            target=lambda: _capture(results, lambda: create_schema_rule(empty_db, index, db))
        )
        worker.start()
        time.sleep(1.0)  # our statement now waits for the other transaction
        tx.commit()
        worker.join(timeout=120)
    assert not worker.is_alive()
    assert results == [False]  # not an error: the index exists
    ensure_schema(empty_db, db)
    names = {r["name"] for r in empty_db.execute_query("SHOW INDEXES", database_=db).records}
    # CREATE [FULLTEXT] INDEX name IF NOT EXISTS ...
    assert {re.search(r"INDEX (\w+)", s)[1] for s in index_statements()} <= names


def _capture(results: list[Any], work: Any) -> None:
    try:
        results.append(work())
    except BaseException as e:  # reported to the test
        results.append(e)
