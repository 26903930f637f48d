"""The LQ the Cypher queries read (HAS_INDUSTRY.lq, computed at load time) is the analytic LQ.

The bundled China data is loaded into a real Neo4j; for the analysis scope of each
census year (counties x GB4754 sections, employment), every stored ``lq`` and
``share`` equals ``location_quotient(scope.matrix(dataset))`` and the region's
share in that matrix, exactly (one function computes both).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from clusteratlas.graph.definitions.quotients import location_quotient
from clusteratlas.graph.definitions.scope import AnalysisScope
from clusteratlas.loaders.dataset import Dataset

pytestmark = pytest.mark.neo4j


@pytest.fixture
def loaded(china_db: Any) -> Any:
    return china_db  # the shared load of the bundled data (tests/conftest.py)


@pytest.mark.parametrize("year", [2010, 2020])
def test_stored_lq_equals_analytic_lq(
    loaded: Any, neo4j_settings: Any, china: Dataset, year: int
) -> None:
    scope = AnalysisScope.infer(china, year=year)
    assert (scope.level, scope.scheme, scope.measure) == ("county", "GB4754", "employment")
    E = scope.matrix(china)
    lq = location_quotient(E)
    share = E.div(E.sum(axis=1), axis=0)
    records = loaded.execute_query(
        """
        MATCH (r:Region {level: $level})-[h:HAS_INDUSTRY {year: $year, measure: $measure}]
              ->(i:Industry {scheme: $scheme})
        RETURN r.code AS region, i.code AS industry, h.lq AS lq, h.share AS share
        """,
        level=scope.level,
        year=scope.year,
        measure=scope.measure,
        scheme=scope.scheme,
        database_=neo4j_settings.database,
    ).records
    stored = pd.DataFrame([r.data() for r in records])
    n_cells = int((china.region_industries["year"] == year).sum())
    assert len(stored) > 50_000 and len(stored) <= n_cells
    expected_lq = np.array(
        [lq.at[r, i] for r, i in zip(stored["region"], stored["industry"], strict=True)]
    )
    expected_share = [
        share.at[r, i] for r, i in zip(stored["region"], stored["industry"], strict=True)
    ]
    stored_lq = stored["lq"].astype("float64").to_numpy()
    # NaN (an empty region) is not written: the property is null exactly there
    np.testing.assert_array_equal(np.isnan(stored_lq), np.isnan(expected_lq))
    np.testing.assert_array_equal(stored_lq, expected_lq)
    np.testing.assert_array_equal(stored["share"].astype("float64").to_numpy(), expected_share)
    # Nanshan's software & IT LQ as the README shows it (query region-industries-by-lq)
    if year == 2020:
        nanshan = stored.set_index(["region", "industry"]).loc[("440305", "GB4754:I"), "lq"]
        assert round(float(nanshan), 6) == 6.446676  # 6.49341 before the summed successors
