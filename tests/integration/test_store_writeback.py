"""Write-back of analytics results: region scores and clusters, batched and idempotent."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
import pytest
from _store_helpers import fingerprint, small_dataset

from clusteratlas.errors import LoadError
from clusteratlas.graph.neo4j_store.load import load_dataset
from clusteratlas.graph.neo4j_store.writeback import write_clusters, write_region_scores

WHEN = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


@pytest.fixture
def loaded(empty_db, neo4j_settings):
    load_dataset(empty_db, small_dataset(), database=neo4j_settings.database)
    return empty_db


def test_region_scores_are_written_with_time_and_parameters(loaded, neo4j_settings):
    db = neo4j_settings.database
    scores = pd.DataFrame(
        {"herfindahl": [0.52, 0.9], "resilience": [71.5, float("nan")], "worst_sector": ["C", "C"]},
        index=["440305", "320583"],
    )
    n = write_region_scores(
        loaded, scores, run="resilience", parameters={"year": 2020}, computed_at=WHEN,
        database=db, batch_size=1,
    )  # fmt: skip
    assert n == 2
    rec = loaded.execute_query(
        "MATCH (r:Region {code: '440305'}) RETURN r AS r", database_=db
    ).records[0]["r"]
    assert rec["herfindahl"] == 0.52 and rec["resilience"] == 71.5 and rec["name"] == "南山区"
    assert rec["resilience_parameters"] == '{"year": 2020}'
    assert rec["resilience_computed_at"].to_native() == WHEN
    kunshan = loaded.execute_query(
        "MATCH (r:Region {code: '320583'}) RETURN keys(r) AS k", database_=db
    ).records[0]["k"]
    assert "resilience" not in kunshan  # NaN is not stored
    before = fingerprint(loaded, db)
    write_region_scores(loaded, scores, run="resilience", parameters={"year": 2020},
                        computed_at=WHEN, database=db)  # fmt: skip
    assert fingerprint(loaded, db) == before


def test_region_scores_refuse_unknown_regions_and_keep_loaded_properties(loaded, neo4j_settings):
    db = neo4j_settings.database
    before = fingerprint(loaded, db)
    with pytest.raises(LoadError, match="999999"):
        write_region_scores(
            loaded, pd.DataFrame({"x": [1.0, 2.0]}, index=["440305", "999999"]), database=db
        )
    assert fingerprint(loaded, db) == before
    frame = pd.DataFrame({"name": ["x"], "level": ["y"], "entropy": [1.2]}, index=["440305"])
    write_region_scores(loaded, frame, database=db)
    rec = loaded.execute_query(
        "MATCH (r:Region {code: '440305'}) RETURN r.name AS n, r.level AS l, r.entropy AS e",
        database_=db,
    ).records[0]
    assert (rec["n"], rec["l"], rec["e"]) == ("南山区", "county", 1.2)


def test_clusters_and_members_converge_on_rerun(loaded, neo4j_settings):
    db = neo4j_settings.database
    clusters = pd.DataFrame(
        {
            "id": ["440305|GB4754:I|2020", "320583|GB4754:C|2020"],
            "region_code": ["440305", "320583"],
            "industry_code": ["GB4754:I", "GB4754:C"],
            "year": [2020, 2020],
            "lq": [2.1, 1.4],
            "centrality": [0.7, 0.3],
        }
    )
    members = pd.DataFrame(
        {
            "company_id": ["SZSE:000063", "SZSE:300750", "SZSE:002415"],
            "cluster_id": ["440305|GB4754:I|2020", "440305|GB4754:I|2020", "320583|GB4754:C|2020"],
        }
    )
    out = write_clusters(loaded, clusters, members, parameters={"min_lq": 1.25},
                         computed_at=WHEN, database=db, batch_size=1)  # fmt: skip
    assert out == {"clusters": 2, "members": 3}
    first = fingerprint(loaded, db)
    assert first["counts"]["Cluster"] == 2 and first["counts"]["MEMBER_OF"] == 3
    write_clusters(loaded, clusters, members, parameters={"min_lq": 1.25}, computed_at=WHEN,
                   database=db)  # fmt: skip
    assert fingerprint(loaded, db) == first
    # a rerun with a changed region link and fewer members replaces the old links
    changed = clusters.assign(region_code=["440306", "320583"])
    write_clusters(loaded, changed, members.iloc[[0, 2]], parameters={"min_lq": 1.25},
                   computed_at=WHEN, database=db)  # fmt: skip
    rows = loaded.execute_query(
        "MATCH (c:Cluster {id: '440305|GB4754:I|2020'})-[:IN_REGION]->(r) "
        "OPTIONAL MATCH (m:Company)-[:MEMBER_OF]->(c) "
        "RETURN collect(DISTINCT r.code) AS regions, collect(DISTINCT m.id) AS members, "
        "c.lq AS lq, c.parameters AS p",
        database_=db,
    ).records[0]
    assert rows["regions"] == ["440306"] and rows["members"] == ["SZSE:000063"]
    assert rows["lq"] == 2.1 and rows["p"] == '{"min_lq": 1.25}'
    industry = loaded.execute_query(
        "MATCH (:Cluster {id: '320583|GB4754:C|2020'})-[:OF_INDUSTRY]->(i) RETURN i.code AS c",
        database_=db,
    ).records
    assert [r["c"] for r in industry] == ["GB4754:C"]
