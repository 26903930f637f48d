"""A load REALLY killed halfway (SIGKILL of the loader process), then rerun, equals a clean load."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from _store_helpers import ROOT, fingerprint, synthetic_dataset

from clusteratlas.graph.neo4j_store.load import load_dataset

SCRIPT = f"""
import sys
sys.path.insert(0, {str(ROOT / "benchmarks")!r})
from synthetic import synthetic_dataset
from clusteratlas.graph.neo4j_store.connection import connect
from clusteratlas.graph.neo4j_store.settings import Neo4jSettings
from clusteratlas.graph.neo4j_store.load import load_dataset

def progress(name, done, total):
    print(name, done, total, file=sys.stderr, flush=True)

settings = Neo4jSettings.resolve()
load_dataset(connect(settings), synthetic_dataset(3000, seed=7), database=settings.database,
             batch_size=300, progress=progress)
print("FINISHED", file=sys.stderr, flush=True)
"""


def test_killed_load_then_rerun_equals_clean_load(empty_db, neo4j_settings):
    db = neo4j_settings.database
    proc = subprocess.Popen(
        [sys.executable, "-P", "-c", SCRIPT],  # -P: the installed package, not ./clusteratlas
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ.copy(),
    )
    seen = []
    assert proc.stderr is not None
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        seen.append(line)
        # kill in the middle of the relationships, after a few committed batches
        if line.startswith("HAS_INDUSTRY") and int(line.split()[1]) >= 1500:
            proc.send_signal(signal.SIGKILL)
            break
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL, "".join(seen[-5:])
    assert not any("FINISHED" in s for s in seen)

    dataset = synthetic_dataset(3000, seed=7)
    partial = fingerprint(empty_db, db)
    assert 0 < partial["counts"].get("HAS_INDUSTRY", 0) < len(dataset.region_industries)
    assert "SUPPLIES" not in partial["counts"]

    load_dataset(empty_db, dataset, database=db, batch_size=1000)  # the rerun
    rerun = fingerprint(empty_db, db)

    empty_db.execute_query("MATCH (n) DETACH DELETE n", database_=db)
    load_dataset(empty_db, dataset, database=db, batch_size=5000)  # a clean load
    clean = fingerprint(empty_db, db)
    assert rerun == clean
    assert clean["counts"]["SUPPLIES"] == len(dataset.supply_links)
