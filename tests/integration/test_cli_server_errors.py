"""Every CLI command that talks to Neo4j, against a real server that refuses it: exit 3, one line.

The invocations are those of ``tests/cli_cases.py`` ``CONNECTS`` (the unit test
``test_cli_bad_input.py`` checks that every command with Neo4j options has one), so
commands added later are driven too. A wrong password, a wrong user and an unknown
database each give one ``Error:`` line and exit 3, never a traceback, and the
password given never appears in the output.

The wrong password is tried on a user made for this test (``cli_probe``): Neo4j
locks a user for a few seconds after repeated failed logins, and the test server's
own user must stay usable for the tests that follow.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from typing import Any

import pytest
from cli_cases import CONNECTS
from click.testing import CliRunner

from clusteratlas.cli import cli
from clusteratlas.cli._common import INTERNAL_ERROR

RUNS = [
    pytest.param([name, *args], id=f"{name}-{i}")
    for name, runs in CONNECTS.items()
    for i, args in enumerate(runs)
]
PROBE_USER = "cli_probe"
WRONG = {
    "password": ("--user", PROBE_USER, "--password", "wrong-Pa55word", "credentials"),
    "user": ("--user", "nobody-here", "--password", "wrong-Pa55word", "credentials"),
    "database": ("--database", "nosuchdatabase", "database"),
}


@pytest.fixture(scope="module")
def probe_user(neo4j_driver: Any) -> Iterator[str]:
    """A user with a password nobody types (dropped afterwards)."""
    system = "system"
    neo4j_driver.execute_query(
        f"CREATE OR REPLACE USER {PROBE_USER} SET PASSWORD $pw CHANGE NOT REQUIRED",
        pw=secrets.token_hex(16),
        database_=system,
    )
    try:
        yield PROBE_USER
    finally:
        neo4j_driver.execute_query(f"DROP USER {PROBE_USER} IF EXISTS", database_=system)


@pytest.mark.parametrize("what", sorted(WRONG))
@pytest.mark.parametrize("argv", RUNS)
def test_refused_by_the_server(argv: list[str], what: str, probe_user: str, tmp_path: Any) -> None:
    *options, message = WRONG[what]
    args = [a.format(tmp=str(tmp_path)) for a in argv] + options
    result = CliRunner().invoke(cli, args)
    shown = f"clusteratlas {' '.join(args)}\nstdout: {result.stdout}\nstderr: {result.stderr}"
    assert not (result.exception and not isinstance(result.exception, SystemExit)), shown
    assert result.exit_code == 3, shown
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and result.stderr.rstrip().endswith(errors[0]), shown
    assert message in errors[0].lower(), shown
    assert "Traceback" not in result.stdout + result.stderr
    assert INTERNAL_ERROR not in result.stderr
    assert "wrong-Pa55word" not in result.stdout + result.stderr


def test_a_runaway_delete_is_aborted_and_the_server_stays_up(china_db_to_write, neo4j_settings):
    """Issue 24 #7: `MATCH (n) DETACH DELETE n` on the bundled graph ran a 1 GB heap out
    (the transaction memory limit was the whole heap) and the server stopped answering.
    scripts/neo4j-local now caps one transaction at a quarter of the heap: the statement
    is aborted with a message that says so (or, on a larger heap, completes), and the
    server answers at once."""
    db = china_db_to_write
    before = db.execute_query(
        "MATCH (n) RETURN count(n) AS n", database_=neo4j_settings.database
    ).records[0]["n"]
    assert before > 6000
    res = CliRunner().invoke(cli, ["--quiet", "cypher", "MATCH (n) DETACH DELETE n", "--write"])
    after = db.execute_query(
        "MATCH (n) RETURN count(n) AS n", database_=neo4j_settings.database
    ).records[0]["n"]
    if res.exit_code != 0:
        assert "aborted the statement" in res.output and "server is still up" in res.output
        assert "Start it" not in res.output  # not "server not running"
        assert after == before  # rolled back: nothing half-deleted
    else:
        assert after == 0
    ok = CliRunner().invoke(cli, ["--quiet", "cypher", "RETURN 1 AS ok", "--format", "csv"])
    assert ok.exit_code == 0 and ok.stdout.splitlines() == ["ok", "1"]
