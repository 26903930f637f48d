"""`clusteratlas load --bulk`: a first load through neo4j-admin's offline importer.

It needs a stopped server, so it runs on a disposable server of its own
(scripts/neo4j-local with a temporary directory, a free port and a random
password); the suite's server is only used for the reference transactional load.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
from pathlib import Path

from _store_helpers import fingerprint, small_dataset
from click.testing import CliRunner

from clusteratlas.cli import cli
from clusteratlas.graph.neo4j_store.connection import connect
from clusteratlas.graph.neo4j_store.load import load_dataset
from clusteratlas.graph.neo4j_store.settings import Neo4jSettings

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_bulk_first_load_equals_the_transactional_load(tmp_path, empty_db, neo4j_settings):
    dataset = small_dataset("small")
    data_dir = tmp_path / "small"
    dataset.to_dir(data_dir)
    load_dataset(empty_db, dataset, database=neo4j_settings.database, dataset_id="small")
    reference = fingerprint(empty_db, neo4j_settings.database)

    port, password = _free_port(), "bulk-" + secrets.token_hex(8)
    instance = tmp_path / "server"
    server_env = dict(
        os.environ, NEO4J_LOCAL_PORT=str(port), NEO4J_LOCAL_DIR=str(instance),
        NEO4J_PASSWORD=password, NEO4J_LOCAL_HEAP="512m", NEO4J_LOCAL_PAGECACHE="64m",
    )  # fmt: skip

    def local(command: str) -> None:
        res = subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "neo4j-local"), command],
            env=server_env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert res.returncode == 0, res.stderr[-3000:]

    cli_env = {
        "NEO4J_URI": f"bolt://127.0.0.1:{port}",
        "NEO4J_PASSWORD": password,
        "NEO4J_HOME": str(ROOT / ".neo4j" / "server"),
        "NEO4J_CONF": str(instance / "conf"),
    }
    runner = CliRunner()
    try:
        local("start")  # creates the system and (empty) neo4j databases
        local("stop")
        res = runner.invoke(
            cli, ["load", str(data_dir), "--bulk", "--overwrite-destination"], env=cli_env
        )
        assert res.exit_code == 0, res.output
        local("start")
        res = runner.invoke(cli, ["load", "--schema-only"], env=cli_env)
        assert res.exit_code == 0, res.output
        settings = Neo4jSettings.resolve(uri=cli_env["NEO4J_URI"], password=password)
        with connect(settings) as driver:
            assert fingerprint(driver, "neo4j") == reference
            # the imported graph is what a transactional load writes: loading again adds nothing
            summary = load_dataset(driver, dataset, database="neo4j", dataset_id="small")
            assert fingerprint(driver, "neo4j") == reference
            assert sum(summary.to_frame()["created"]) == 0
    finally:
        local("stop")
