"""The real server: connect, constraints, Chinese names round-trip, clear auth errors."""

from __future__ import annotations

import dataclasses
import time

import pytest
from click.testing import CliRunner

from clusteratlas.errors import Neo4jUnavailableError
from clusteratlas.graph.neo4j_store.connection import connect
from clusteratlas.graph.neo4j_store.settings import Neo4jSettings

pytestmark = pytest.mark.neo4j


def test_connect_and_return_one(neo4j_driver, neo4j_settings):
    records = neo4j_driver.execute_query(
        "RETURN 1 AS one", database_=neo4j_settings.database
    ).records
    assert records[0]["one"] == 1


def test_server_is_5_26_community(neo4j_driver):
    rec = neo4j_driver.execute_query(
        "CALL dbms.components() YIELD name, versions, edition RETURN name, versions, edition"
    ).records[0]
    assert rec["edition"] == "community"
    assert rec["versions"][0].startswith("5.26.")


def test_constraint_and_chinese_names_round_trip(empty_db, neo4j_settings):
    db = neo4j_settings.database
    empty_db.execute_query(
        "CREATE CONSTRAINT region_code IF NOT EXISTS FOR (r:Region) REQUIRE r.code IS UNIQUE",
        database_=db,
    )
    rows = [
        {"code": "440305", "name": "南山区"},
        {"code": "320583", "name": "昆山市"},
        {"code": "330282", "name": "慈溪市"},
    ]
    empty_db.execute_query(
        "UNWIND $rows AS row MERGE (r:Region {code: row.code}) SET r.name = row.name",
        rows=rows,
        database_=db,
    )
    got = empty_db.execute_query(
        "MATCH (r:Region) RETURN r.code AS code, r.name AS name ORDER BY code", database_=db
    ).records
    assert [(r["code"], r["name"]) for r in got] == sorted((r["code"], r["name"]) for r in rows)

    names = [
        r["name"]
        for r in empty_db.execute_query("SHOW CONSTRAINTS YIELD name", database_=db).records
    ]
    assert "region_code" in names
    with pytest.raises(Exception, match="already exists"):
        empty_db.execute_query("CREATE (:Region {code: '440305'})", database_=db)


def test_wrong_password_is_clear_exit_3_and_never_shows_password(neo4j_settings):
    bad = dataclasses.replace(neo4j_settings, password="not-the-password-Zx81")
    with pytest.raises(Neo4jUnavailableError) as info:
        connect(bad, timeout=10)
    assert info.value.exit_code == 3
    assert "refused the credentials" in str(info.value)
    assert "not-the-password-Zx81" not in str(info.value)


def test_unreachable_port_fails_fast_with_exit_3():
    settings = Neo4jSettings.resolve(
        uri="bolt://127.0.0.1:1", env={"NEO4J_PASSWORD": "whatever-123"}
    )
    t0 = time.monotonic()
    with pytest.raises(Neo4jUnavailableError, match="unreachable"):
        connect(settings, timeout=3)
    assert time.monotonic() - t0 < 60  # bounded, not a speed target


def test_settings_from_environment_reach_the_server(neo4j_settings, monkeypatch):
    monkeypatch.setenv("NEO4J_USERNAME", neo4j_settings.user)
    monkeypatch.delenv("NEO4J_USER", raising=False)
    s = Neo4jSettings.resolve()
    with connect(s) as driver:
        assert driver.execute_query("RETURN 2 AS two").records[0]["two"] == 2


def test_cli_help_runs_without_server():
    from clusteratlas.cli import cli

    res = CliRunner().invoke(cli, ["--help"])
    assert res.exit_code == 0
