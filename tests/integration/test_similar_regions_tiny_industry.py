"""similar-regions: one tiny industry must not decide who is similar (full counts).

SYNTHETIC data built here (made-up districts and jobs, no official statistics): R0 and R1
have nearly the same mix of three large industries A, B, C; R2 has a very different mix
but shares with R0 one worker in the tiny industry T (2 of 103,002 jobs nationally,
S_T = 1.94e-5); R3 is a large district of the national mix. Hand computation:

    S = A 31080, B 30820, C 41100, T 2 of 103002 jobs
    LQ_R0 = (1.6554, 1.0016, 0.5007, 51.45)   LQ_R1 = (1.5908, 1.0694, 0.5012, 0)
    LQ_R2 = (0.3311, 0.6677, 1.7526, 51.45)
    old cosine (every industry): R0~R2 = 2649.2 / (51.49 * 51.49) = 0.9993 (most similar),
                                 R0~R1 = 3.9555 / (51.49 * 1.9813) = 0.0388
    T below min_share (0.1%) enters as LQ 1:
                                 R0~R1 = 4.9555 / (2.2348 * 2.2193) = 0.9991
                                 R0~R2 = 3.0945 / (2.2348 * 2.1511) = 0.6437
    Krugman: R0~R1 = 0.0195 + 0.0203 + 0.0002 + 0.0010 = 0.041, R0~R2 = 0.999
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pandas as pd
import pytest

from clusteratlas.loaders.dataset import Dataset
from clusteratlas.queries.runner import run_query

pytestmark = pytest.mark.neo4j

JOBS = {
    "R0": {"A": 500, "B": 300, "C": 200, "T": 1},
    "R1": {"A": 480, "B": 320, "C": 200},
    "R2": {"A": 100, "B": 200, "C": 700, "T": 1},
    "R3": {"A": 30000, "B": 30000, "C": 40000},
}


def tiny_dataset() -> Dataset:
    regions = pd.DataFrame(
        {
            "code": ["XX", *JOBS],
            "name": ["Synthetia (SYNTHETIC)", *(f"District {c} (SYNTHETIC)" for c in JOBS)],
            "level": ["country"] + ["district"] * len(JOBS),
            "parent_code": [None] + ["XX"] * len(JOBS),
        }
    )
    industries = pd.DataFrame(
        {
            "code": ["A", "B", "C", "T"],
            "name": ["Goods (SYNTHETIC)", "Trade (SYNTHETIC)", "Services (SYNTHETIC)",
                     "Tiny niche (SYNTHETIC)"],
            "scheme": "SYN",
            "level": "sector",
        }
    )  # fmt: skip
    rows = [
        (region, industry, 2021, "jobs", float(value))
        for region, cells in JOBS.items()
        for industry, value in cells.items()
    ]
    ri = pd.DataFrame(rows, columns=["region_code", "industry_code", "year", "measure", "value"])
    return Dataset.from_frames(
        {"name": "synthetic-tiny-industry", "region_levels": ["district"]},
        regions=regions,
        industries=industries,
        region_industries=ri,
    )


@pytest.fixture(scope="module")
def db(neo4j_driver: Any, neo4j_settings: Any) -> Iterator[Any]:
    from conftest import wipe_database

    from clusteratlas.graph.neo4j_store.load import load_dataset

    if os.environ.get("CLUSTERATLAS_DISPOSABLE_DB") != "1":
        pytest.fail("these tests wipe the database: set CLUSTERATLAS_DISPOSABLE_DB=1")
    wipe_database(neo4j_driver, neo4j_settings.database)
    load_dataset(neo4j_driver, tiny_dataset(), database=neo4j_settings.database)
    yield neo4j_driver
    wipe_database(neo4j_driver, neo4j_settings.database)


def run(db: Any, **params: Any) -> pd.DataFrame:
    database = os.environ.get("NEO4J_DATABASE", "neo4j")
    return run_query(db, "similar-regions", {"region": "R0", **params}, database=database)


def test_the_default_is_not_decided_by_one_tiny_industry(db: Any) -> None:
    out = run(db).set_index("code")
    assert list(out.index) == ["R1", "R3", "R2"]
    assert out.loc["R1", "lq_cosine"] == pytest.approx(0.9991, abs=1e-4)
    assert out.loc["R2", "lq_cosine"] == pytest.approx(0.6437, abs=1e-4)
    assert out.loc["R1", "krugman"] == pytest.approx(0.041, abs=1e-3)
    assert out.loc["R2", "krugman"] == pytest.approx(0.999, abs=1e-3)


def test_without_the_floor_the_tiny_industry_decides(db: Any) -> None:
    """What the query said before: R2, a different mix, as the nearest neighbour."""
    out = run(db, min_share=0.0).set_index("code")
    assert out.index[0] == "R2"
    assert out.loc["R2", "lq_cosine"] == pytest.approx(0.9993, abs=1e-4)
    assert out.loc["R1", "lq_cosine"] == pytest.approx(0.0388, abs=1e-4)


def test_the_oracle_agrees(db: Any) -> None:
    from query_oracles import similar_regions

    for min_share in (0.001, 0.0):
        out = run(db, min_share=min_share).reset_index(drop=True)
        expected = similar_regions(
            tiny_dataset(), "R0", year=2021, measure="jobs", scheme="SYN", min_share=min_share
        ).reset_index(drop=True)
        assert out["code"].tolist() == expected["code"].tolist()
        pd.testing.assert_series_equal(out["lq_cosine"], expected["lq_cosine"], rtol=1e-9)
