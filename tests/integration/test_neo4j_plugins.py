"""The test server's plugins: APOC core and Graph Data Science answer (issue #15, item 3).

``scripts/neo4j-local`` installs them (and ``docker-compose.yml`` names them); these
tests fail, never skip, on a server without them.
"""

from __future__ import annotations

import networkx as nx
import pytest

pytestmark = pytest.mark.neo4j

EDGES = [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d"), ("d", "a"), ("e", "d")]


def test_versions(neo4j_driver):
    rec = neo4j_driver.execute_query("RETURN apoc.version() AS apoc, gds.version() AS gds").records
    assert rec[0]["apoc"].startswith("5.26.")
    assert rec[0]["gds"].startswith("2.13.")


def test_apoc_meta_schema_describes_the_graph(empty_db, neo4j_settings):
    db = neo4j_settings.database
    empty_db.execute_query(
        "CREATE (:Region {code: '440305', name: '南山区'})-[:PART_OF]->"
        "(:Region {code: '440300', name: '深圳市'})",
        database_=db,
    )
    value = empty_db.execute_query(
        "CALL apoc.meta.schema() YIELD value RETURN value", database_=db
    ).records[0]["value"]
    assert value["Region"]["type"] == "node"
    assert value["Region"]["count"] == 2
    assert set(value["Region"]["properties"]) == {"code", "name"}
    assert value["PART_OF"]["type"] == "relationship"


def test_gds_page_rank_stream_equals_networkx(empty_db, neo4j_settings):
    db = neo4j_settings.database
    empty_db.execute_query(
        "UNWIND $edges AS e MERGE (a:N {id: e[0]}) MERGE (b:N {id: e[1]}) MERGE (a)-[:L]->(b)",
        edges=[list(e) for e in EDGES],
        database_=db,
    )
    empty_db.execute_query("CALL gds.graph.project('plugins-test', 'N', 'L')", database_=db)
    try:
        records = empty_db.execute_query(
            "CALL gds.pageRank.stream('plugins-test', {dampingFactor: 0.85, maxIterations: 100,"
            " tolerance: 1e-10}) YIELD nodeId, score "
            "RETURN gds.util.asNode(nodeId).id AS id, score",
            database_=db,
        ).records
    finally:
        empty_db.execute_query("CALL gds.graph.drop('plugins-test', false)", database_=db)
    got = {r["id"]: r["score"] for r in records}
    # GDS does not normalise: its scores are networkx's (which sum to 1) times n
    expected = nx.pagerank(nx.DiGraph(EDGES), alpha=0.85, tol=1e-12)
    total = sum(got.values())
    for node, value in expected.items():
        assert got[node] / total == pytest.approx(value, abs=1e-6)
