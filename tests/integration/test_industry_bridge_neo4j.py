"""``industry_bridge`` in Neo4j: ``(:Industry)-[:STAFFS {weight, source}]->(:Industry)``.

``tests/data/synthetic_occupations`` is SYNTHETIC: a staffing matrix of two occupations
over two input-output sectors. The load writes one STAFFS relationship per row, each
occupation's weights sum to 1 in the graph, and a read back returns the table.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from clusteratlas.loaders.dataset import Dataset

pytestmark = pytest.mark.neo4j

DATA = Path(__file__).resolve().parents[1] / "data" / "synthetic_occupations"


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


def test_the_bridge_is_loaded_and_read_back(db: Any, neo4j_settings: Any, dataset: Dataset) -> None:
    from clusteratlas.graph.neo4j_store.read import read_dataset

    records = db.execute_query(
        "MATCH (o:Industry)-[s:STAFFS]->(j:Industry) "
        "RETURN o.code AS occupation, sum(s.weight) AS total, count(*) AS sectors "
        "ORDER BY occupation",
        database_=neo4j_settings.database,
    ).records
    assert [(r["occupation"], r["sectors"]) for r in records] == [("OCC:1", 2), ("OCC:2", 2)]
    assert [r["total"] for r in records] == pytest.approx([1.0, 1.0])
    back = read_dataset(db, database=neo4j_settings.database)
    assert back.industry_bridge.to_dict("records") == dataset.industry_bridge.to_dict("records")
