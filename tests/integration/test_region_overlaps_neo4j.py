"""``region_overlaps`` in Neo4j: ``(:Region)-[:OVERLAPS {share, source}]->(:Region)``.

``tests/data/synthetic_metro`` is SYNTHETIC: the metro district TC lies in East State
(its parent) and 40% in West State. The load writes one OVERLAPS relationship, a read
back returns the table, and a roll-up along PART_OF plus OVERLAPS in Cypher equals
:func:`~clusteratlas.graph.definitions.regions.rollup_with_overlaps` and the hand
computation (E 400, W 300 jobs; along PART_OF only E 600, W 100).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from clusteratlas.graph.definitions.regions import rollup_with_overlaps
from clusteratlas.loaders.dataset import Dataset

pytestmark = pytest.mark.neo4j

DATA = Path(__file__).resolve().parents[1] / "data" / "synthetic_metro"

ROLLUP = """
MATCH (c:Region {level: 'district'})-[h:HAS_INDUSTRY {year: 2021, measure: 'jobs'}]->(:Industry)
WITH c, sum(h.value) AS x
MATCH (c)-[:PART_OF*0..]->(p:Region {level: 'state'})
OPTIONAL MATCH (c)-[o:OVERLAPS]->(:Region)-[:PART_OF*0..]->(q:Region {level: 'state'})
WHERE q <> p
WITH c, x, p, collect({state: q, share: o.share}) AS moved
WITH c, x, p, moved, reduce(s = 0.0, m IN moved | s + coalesce(m.share, 0.0)) AS out
UNWIND [{state: p, w: 1.0 - out, tree: x}] + [m IN moved WHERE m.state IS NOT NULL |
       {state: m.state, w: coalesce(m.share, 0.0), tree: 0.0}] AS part
RETURN part.state.code AS state, sum(x * part.w) AS value, sum(part.tree) AS tree_value
ORDER BY state
"""


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return Dataset.from_dir(DATA)


@pytest.fixture(scope="module")
def db(neo4j_driver: Any, neo4j_settings: Any, dataset: Dataset) -> Iterator[Any]:
    from conftest import wipe_database

    from clusteratlas.graph.neo4j_store.load import load_dataset

    if os.environ.get("CLUSTERATLAS_DISPOSABLE_DB") != "1":
        pytest.fail("these tests wipe the database: set CLUSTERATLAS_DISPOSABLE_DB=1")
    wipe_database(neo4j_driver, neo4j_settings.database)
    load_dataset(neo4j_driver, dataset, database=neo4j_settings.database)
    yield neo4j_driver
    wipe_database(neo4j_driver, neo4j_settings.database)


def test_the_load_writes_overlaps_and_reads_them_back(
    db: Any, neo4j_settings: Any, dataset: Dataset
) -> None:
    from clusteratlas.graph.neo4j_store.read import read_dataset

    records = db.execute_query(
        "MATCH (a:Region)-[o:OVERLAPS]->(b:Region) RETURN a.code AS a, b.code AS b, "
        "o.share AS share, o.source AS source",
        database_=neo4j_settings.database,
    ).records
    assert [dict(r) for r in records] == [
        {"a": "TC", "b": "W", "share": 0.4, "source": "SYNTHETIC: made-up commuting split"}
    ]
    back = read_dataset(db, database=neo4j_settings.database)
    assert back.region_overlaps.to_dict("records") == dataset.region_overlaps.to_dict("records")


def test_a_cypher_rollup_along_overlaps_equals_the_hand_computation(
    db: Any, neo4j_settings: Any, dataset: Dataset
) -> None:
    records = db.execute_query(ROLLUP, database_=neo4j_settings.database).records
    got = {r["state"]: (r["value"], r["tree_value"]) for r in records}
    assert got == {"E": pytest.approx((400.0, 600.0)), "W": pytest.approx((300.0, 100.0))}
    jobs = dataset.region_industries.groupby("region_code")["value"].sum()
    python = rollup_with_overlaps(dataset, jobs, "state")
    assert {k: v for k, (v, _) in got.items()} == pytest.approx(python["value"].to_dict())
