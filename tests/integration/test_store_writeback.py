"""Write-back of analytics results: region scores and clusters, batched and idempotent."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
import pytest
from _store_helpers import fingerprint, small_dataset

from clusteratlas.errors import LoadError, UsageError
from clusteratlas.graph.neo4j_store.load import load_dataset
from clusteratlas.graph.neo4j_store.writeback import write_clusters, write_region_scores

WHEN = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


@pytest.fixture
def loaded(empty_db, neo4j_settings):
    load_dataset(empty_db, small_dataset(), database=neo4j_settings.database)
    return empty_db


COUNTY_2020 = {"level": "county", "scheme": "GB4754", "measure": "employment", "year": 2020}
COUNTY_2010 = {**COUNTY_2020, "year": 2010}


def _scores(db, driver, code):
    return driver.execute_query(
        "MATCH (:Region {code: $code})-[s:HAS_SCORES]->(a:Analysis) "
        "RETURN a.id AS analysis, a.year AS year, properties(s) AS s ORDER BY a.year",
        code=code,
        database_=db,
    ).records


def test_region_scores_hang_on_their_analysis_with_time_and_parameters(loaded, neo4j_settings):
    db = neo4j_settings.database
    scores = pd.DataFrame(
        {"herfindahl": [0.52, 0.9], "resilience": [71.5, float("nan")], "worst_sector": ["C", "C"]},
        index=["440305", "320583"],
    )
    analysis = write_region_scores(
        loaded, scores, parameters=COUNTY_2020, computed_at=WHEN, data_source="bundled china",
        database=db, batch_size=1,
    )  # fmt: skip
    assert analysis.startswith("county|GB4754|employment|2020|")
    [rec] = _scores(db, loaded, "440305")
    assert rec["s"] == {"herfindahl": 0.52, "resilience": 71.5, "worst_sector": "C"}
    node = loaded.execute_query(
        "MATCH (a:Analysis {id: $id}) RETURN a AS a", id=analysis, database_=db
    ).records[0]["a"]
    assert (node["year"], node["measure"], node["level"]) == (2020, "employment", "county")
    assert node["data_source"] == "bundled china"
    assert node["computed_at"].to_native() == WHEN
    assert '"year": 2020' in node["parameters"]
    [kunshan] = _scores(db, loaded, "320583")
    assert "resilience" not in kunshan["s"]  # NaN is not stored
    region = loaded.execute_query(
        "MATCH (r:Region {code: '440305'}) RETURN keys(r) AS k", database_=db
    ).records[0]["k"]
    assert not {"herfindahl", "resilience"} & set(region)  # nothing on the node itself
    before = fingerprint(loaded, db)
    write_region_scores(loaded, scores, parameters=COUNTY_2020, computed_at=WHEN,
                        data_source="bundled china", database=db)  # fmt: skip
    assert fingerprint(loaded, db) == before


def test_scores_of_two_years_never_share_a_slot(loaded, neo4j_settings):
    """Issue 24: after writing back 2010 and then 2020 (2020 without one county), each
    region's 2010 scores stay with 2010 and no 2020 reading finds a 2010 score."""
    db = neo4j_settings.database
    both = pd.DataFrame({"resilience": [10.0, 20.0]}, index=["440305", "320583"])
    write_region_scores(loaded, both, parameters=COUNTY_2010, database=db)
    write_region_scores(loaded, both.iloc[[0]] + 50, parameters=COUNTY_2020, database=db)
    assert [(r["year"], r["s"]["resilience"]) for r in _scores(db, loaded, "440305")] == [
        (2010, 10.0),
        (2020, 60.0),
    ]
    assert [(r["year"], r["s"]["resilience"]) for r in _scores(db, loaded, "320583")] == [
        (2010, 20.0)
    ]
    # rewriting an analysis without a region removes that region's stale scores
    write_region_scores(loaded, both.iloc[[0]], parameters=COUNTY_2010, database=db)
    assert [r["year"] for r in _scores(db, loaded, "320583")] == []
    # another specification of the same year is another analysis
    other = write_region_scores(loaded, both, parameters={**COUNTY_2020, "weights": {"a": 1}},
                                database=db)  # fmt: skip
    ids = {r["analysis"] for r in _scores(db, loaded, "440305")}
    assert len(ids) == 3 and other in ids


def test_region_scores_refuse_unknown_regions_columns_and_no_year(loaded, neo4j_settings):
    db = neo4j_settings.database
    before = fingerprint(loaded, db)
    with pytest.raises(LoadError, match="999999"):
        write_region_scores(
            loaded, pd.DataFrame({"entropy": [1.0, 2.0]}, index=["440305", "999999"]),
            parameters=COUNTY_2020, database=db,
        )  # fmt: skip
    with pytest.raises(UsageError, match="not region score columns: \\['hhi'\\]"):
        write_region_scores(
            loaded, pd.DataFrame({"hhi": [1.0]}, index=["440305"]), parameters=COUNTY_2020,
            database=db,
        )  # fmt: skip
    with pytest.raises(UsageError, match="year"):
        write_region_scores(
            loaded, pd.DataFrame({"entropy": [1.0]}, index=["440305"]), parameters={},
            database=db,
        )  # fmt: skip
    assert fingerprint(loaded, db) == before
    frame = pd.DataFrame({"name": ["x"], "level": ["y"], "entropy": [1.2]}, index=["440305"])
    write_region_scores(loaded, frame, parameters=COUNTY_2020, database=db)
    rec = loaded.execute_query(
        "MATCH (r:Region {code: '440305'})-[s:HAS_SCORES]->() "
        "RETURN r.name AS n, r.level AS l, s.entropy AS e, keys(s) AS k",
        database_=db,
    ).records[0]
    assert (rec["n"], rec["l"], rec["e"], rec["k"]) == ("南山区", "county", 1.2, ["entropy"])


def test_clusters_and_members_converge_on_rerun(loaded, neo4j_settings):
    db = neo4j_settings.database
    clusters = pd.DataFrame(
        {
            "id": ["440305|GB4754:I|2020", "320583|GB4754:C|2020"],
            "region_code": ["440305", "320583"],
            "industry_code": ["GB4754:I", "GB4754:C"],
            "year": [2020, 2020],
            "lq": [2.1, 1.4],
            "pagerank": [0.7, 0.3],
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


def test_clusters_are_found_by_their_analysis_and_one_scope_keeps_one_set(loaded, neo4j_settings):
    db = neo4j_settings.database

    def cluster(region, year):
        return {"id": f"{region}|GB4754:C|{year}", "region_code": region,
                "industry_code": "GB4754:C", "year": year, "lq": 2.0}  # fmt: skip

    def found():
        return sorted(
            (r["a"], r["c"])
            for r in loaded.execute_query(
                "MATCH (c:Cluster)-[:FOUND_BY]->(a:Analysis) RETURN a.year AS a, c.id AS c",
                database_=db,
            ).records
        )

    write_clusters(loaded, pd.DataFrame([cluster("440305", 2010), cluster("320583", 2010)]),
                   parameters=COUNTY_2010, database=db)  # fmt: skip
    write_clusters(loaded, pd.DataFrame([cluster("440305", 2020)]), parameters=COUNTY_2020,
                   database=db)  # fmt: skip
    assert found() == [(2010, "320583|GB4754:C|2010"), (2010, "440305|GB4754:C|2010"),
                       (2020, "440305|GB4754:C|2020")]  # fmt: skip
    # 2010 again with another specification: it replaces 2010's set, 2020 stays
    write_clusters(loaded, pd.DataFrame([cluster("440305", 2010)]),
                   parameters={**COUNTY_2010, "min_lq": 2}, database=db)  # fmt: skip
    assert found() == [(2010, "440305|GB4754:C|2010"), (2020, "440305|GB4754:C|2020")]
    analyses = loaded.execute_query(
        "MATCH (c:Cluster {id: '440305|GB4754:C|2010'})-[:FOUND_BY]->(a) RETURN a.parameters AS p",
        database_=db,
    ).records
    assert len(analyses) == 1 and '"min_lq": 2' in analyses[0]["p"]
