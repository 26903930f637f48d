"""A ``neo4j://`` routing URI (what a Neo4j cluster or Aura gives, as ``neo4j+s://``) works.

The same server as ``NEO4J_URI`` (``bolt://``, a direct connection) is reached through a
routing URI: the driver asks it for a routing table, then sends reads to readers and
writes to writers. A single community server routes to itself, so everything the
package does must work unchanged: connect, load (writes), read-only queries (routed
to readers), the CLI, and GDS (``gds.*`` procedures run on the server that has it).
"""

from __future__ import annotations

import dataclasses
from urllib.parse import urlparse

import pytest
from _store_helpers import small_dataset
from click.testing import CliRunner

from clusteratlas.cli import cli
from clusteratlas.graph.neo4j_store.connection import connect
from clusteratlas.graph.neo4j_store.gds import gds_centrality
from clusteratlas.graph.neo4j_store.load import load_dataset
from clusteratlas.queries.runner import WriteRefusedError, run_query

pytestmark = pytest.mark.neo4j


@pytest.fixture
def routing_settings(neo4j_settings):
    url = urlparse(neo4j_settings.uri)
    if url.scheme not in ("bolt", "neo4j"):
        pytest.skip(f"the test server's URI {neo4j_settings.uri} is not plain bolt:// or neo4j://")
    return dataclasses.replace(neo4j_settings, uri=f"neo4j://{url.hostname}:{url.port}")


def test_routing_uri_connects_loads_and_queries(empty_db, routing_settings):
    db = routing_settings.database
    driver = connect(routing_settings)
    try:
        table = driver.execute_query(
            "CALL dbms.routing.getRoutingTable({}, $db) YIELD servers RETURN servers",
            db=db,
        ).records[0]["servers"]
        assert {s["role"] for s in table} == {"WRITE", "READ", "ROUTE"}
        summary = load_dataset(driver, small_dataset(), database=db)  # writes, routed to writers
        assert summary.total("node").created > 0
        rows = run_query(driver, "listed-companies-in-region", {"region": "440300"}, database=db)
        assert sorted(rows["id"]) == ["SZSE:000063", "SZSE:300750"]
        with pytest.raises(WriteRefusedError):  # a read-only query is routed to a reader
            run_query(driver, _write_probe(), database=db)
    finally:
        driver.close()


def _write_probe():
    from clusteratlas.queries.header import parse_query_text

    return parse_query_text("// name: probe\nCREATE (:Probe) RETURN 1 AS one")


def test_routing_uri_from_the_command_line(empty_db, routing_settings):
    load_dataset(empty_db, small_dataset(), database=routing_settings.database)
    res = CliRunner().invoke(
        cli,
        ["--quiet", "query", "graph-statistics", "--format", "csv", "--uri", routing_settings.uri],
        env={"NEO4J_PASSWORD": routing_settings.password},
    )
    assert res.exit_code == 0, res.output
    assert "label,Region,5" in res.stdout


def test_gds_through_a_routing_uri(empty_db, routing_settings):
    driver = connect(routing_settings)
    try:
        load_dataset(driver, small_dataset(), database=routing_settings.database)
        cent = gds_centrality(
            driver, "industry", ["degree"], year=2020, database=routing_settings.database
        )
    finally:
        driver.close()
    assert len(cent) > 0
