"""Faults against a real server: stopped before and during a load, transient errors,
a wrong password, an unreachable host.

The stop/restart tests use a SEPARATE disposable Neo4j that this module starts
with ``scripts/neo4j-local`` (its own data directory under pytest's tmp, a free
port, a random password) and always stops, so the server the other tests use is
never disturbed. The console command runs as a real subprocess (``python -m
clusteratlas``), as a user would run it.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from _reliability import fingerprint, wipe_disposable
from _store_helpers import ROOT, small_dataset, synthetic_dataset
from neo4j.exceptions import Neo4jError

from clusteratlas.graph.neo4j_store.connection import connect
from clusteratlas.graph.neo4j_store.load import load_dataset
from clusteratlas.graph.neo4j_store.settings import Neo4jSettings
from clusteratlas.loaders.io import read_dataset_dir, write_dataset_dir

NEO4J_LOCAL = ROOT / "scripts" / "neo4j-local"
SYNTHETIC = synthetic_dataset(150, seed=11)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class DisposableServer:
    """A Neo4j of this module's own, driven by scripts/neo4j-local."""

    def __init__(self, directory: Path) -> None:
        self.port = _free_port()
        self.password = "faults-" + secrets.token_hex(8)
        self.uri = f"bolt://127.0.0.1:{self.port}"
        self.server_env = {
            **os.environ,
            "NEO4J_LOCAL_PORT": str(self.port),
            "NEO4J_LOCAL_DIR": str(directory),
            "NEO4J_PASSWORD": self.password,
            "NEO4J_LOCAL_HEAP": "512m",
            "NEO4J_LOCAL_PAGECACHE": "64m",
        }

    def _script(self, command: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, str(NEO4J_LOCAL), command],
            env=self.server_env,
            capture_output=True,
            text=True,
            timeout=240,
        )

    def begin_start(self) -> None:
        """Start it in the background (the tests that do not need it run meanwhile)."""
        self._starting: subprocess.Popen[str] | None = subprocess.Popen(
            [sys.executable, str(NEO4J_LOCAL), "start"],
            env=self.server_env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )

    def _finish_start(self) -> None:
        starting, self._starting = getattr(self, "_starting", None), None
        if starting is not None:
            _, err = starting.communicate(timeout=240)
            assert starting.returncode == 0, err[-3000:]

    def running(self) -> bool:
        """True when the server answers ``RETURN 1``."""
        return self._script("status").returncode == 0

    def start(self) -> None:
        """Start it (if it is not answering) and wait until it answers."""
        self._finish_start()
        if not self.running():
            done = self._script("start")
            assert done.returncode == 0, done.stderr[-3000:]

    def stop(self) -> None:
        """Stop it cleanly (SIGTERM; the script waits for the process to end)."""
        self._finish_start()
        done = self._script("stop")
        assert done.returncode == 0, done.stderr[-3000:]

    def settings(self, password: str | None = None) -> Neo4jSettings:
        """Settings for this server (its password unless another is given)."""
        return Neo4jSettings(uri=self.uri, password=password or self.password)

    def cli_env(self, password: str | None = None) -> dict[str, str]:
        """Environment for the console command, pointed at this server."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
        env.update(NEO4J_URI=self.uri, NEO4J_USER="neo4j")
        env["NEO4J_PASSWORD"] = password or self.password
        return env


@pytest.fixture(scope="module", autouse=True)
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DisposableServer]:
    """This module's own server: started in the background at once, always stopped."""
    instance = DisposableServer(tmp_path_factory.mktemp("neo4j-faults"))
    instance.begin_start()
    try:
        yield instance
    finally:
        instance.stop()
        assert not instance.running()


def clusteratlas(
    *args: str, env: dict[str, str], timeout: float = 180
) -> tuple[int, str, str, float]:
    """Run the console command; return (exit code, stdout, stderr, seconds)."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-P", "-m", "clusteratlas", *args],  # -P: the installed package
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    return done.returncode, done.stdout, done.stderr, time.perf_counter() - started


@pytest.fixture(scope="module")
def synthetic_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic dataset directory big enough that a load takes a few seconds."""
    directory = tmp_path_factory.mktemp("synthetic") / "synthetic-faults"
    write_dataset_dir(SYNTHETIC, directory)
    return directory


@pytest.mark.parametrize(
    "uri",
    ["bolt://127.0.0.1:{closed}", "bolt://127.0.0.1:{silent}", "bolt://no-such-host.invalid:7687"],
    ids=["closed-port", "silent-listener", "unknown-host"],
)
def test_unreachable_host_fails_within_bounded_time(uri: str, tmp_path: Path) -> None:
    # "silent-listener" stands for a host that takes the connection and never answers
    # (a hung server or a firewall black hole) without sending traffic off this machine.
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)  # never accepted, never answered
    uri = uri.format(closed=_free_port(), silent=silent.getsockname()[1])
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env.update(NEO4J_URI=uri, NEO4J_PASSWORD="unreachable-" + secrets.token_hex(4))
    code, out, err, seconds = clusteratlas("query", "graph-statistics", env=env, timeout=60)
    assert code == 3, err
    assert "Neo4j is unreachable at" in err
    assert env["NEO4J_PASSWORD"] not in out + err
    silent.close()
    assert seconds < 45, f"took {seconds:.1f} s"  # a bound against hanging; timeout is 10 s


class FlakyDriver:
    """The real driver, whose write transactions fail once per batch with a TransientError.

    The batch's statement really runs inside the transaction first; then the
    injected error makes the driver roll it back and retry (managed transactions).
    """

    def __init__(self, driver: Any) -> None:
        self._driver = driver
        self.injected = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self._driver, name)

    def session(self, **config: Any) -> Any:
        # a short first retry delay keeps the test fast (the default is 1 s)
        session = self._driver.session(initial_retry_delay=0.05, **config)
        real_execute_write = session.execute_write

        def execute_write(work: Any, *args: Any, **kwargs: Any) -> Any:
            attempts = []

            def flaky(tx: Any, *a: Any, **k: Any) -> Any:
                result = work(tx, *a, **k)
                attempts.append(1)
                if len(attempts) == 1:
                    self.injected += 1
                    raise Neo4jError._hydrate_neo4j(
                        code="Neo.TransientError.Transaction.DeadlockDetected",
                        message="injected by test_reliability_faults",
                    )
                return result

            return real_execute_write(flaky, *args, **kwargs)

        session.execute_write = execute_write
        return session


def test_transient_errors_are_retried_and_the_load_completes(
    empty_db: Any, neo4j_settings: Any
) -> None:
    db = neo4j_settings.database
    dataset = small_dataset("flaky")
    flaky = FlakyDriver(empty_db)
    summary = load_dataset(flaky, dataset, database=db, batch_size=3)
    retried = fingerprint(empty_db, db)
    batches = sum(-(-s.rows // 3) for s in summary.steps)
    assert flaky.injected == batches > 10

    wipe_disposable(empty_db, db)
    load_dataset(empty_db, dataset, database=db, batch_size=3)
    assert fingerprint(empty_db, db) == retried
    assert retried["counts"]["HAS_INDUSTRY"] == 10


def _load_with_the_server_stopped_exits_3(server: DisposableServer, directory: Path) -> None:
    code, out, err, seconds = clusteratlas("load", str(directory), env=server.cli_env())
    assert code == 3, err
    assert f"Neo4j is unreachable at {server.uri}" in err
    assert "scripts/neo4j-local start" in err  # says what to do
    assert "Traceback" not in err
    assert server.password not in out + err
    assert seconds < 30


def test_server_stopped_before_and_during_a_load_then_rerun_converges(
    server: DisposableServer, synthetic_dir: Path, empty_db: Any, neo4j_settings: Any
) -> None:
    """Stopped mid-load: the load fails (exit 3); a load started while it is down fails
    at once (exit 3); after a restart, a rerun gives exactly the graph of a clean load."""
    server.start()
    driver = connect(server.settings())
    try:
        wipe_disposable(driver, "neo4j")
        # the CLI, small batches, stopped once relationships are being written
        loader = subprocess.Popen(
            [
                sys.executable,
                "-P",  # the installed package, not ./clusteratlas of the working directory
                "-m",
                "clusteratlas",
                "load",
                str(synthetic_dir),
                "--batch-size",
                "20",
            ],
            env=server.cli_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        # stderr is a pipe, so no progress bar: watch the graph for the first relationship
        deadline = time.monotonic() + 120
        while loader.poll() is None and time.monotonic() < deadline:
            rels = driver.execute_query("MATCH ()-[r]->() RETURN count(r) AS n").records[0]["n"]
            if rels:
                break
            time.sleep(0.05)
        assert loader.poll() is None, "the load ended before the server could be stopped"
        server.stop()
        # while the first load retries (the driver retries for up to 30 s), a new one fails
        _load_with_the_server_stopped_exits_3(server, synthetic_dir)
        # meanwhile, the reference: a clean load of the same directory on the tests' server
        db = neo4j_settings.database
        load_dataset(empty_db, read_dataset_dir(synthetic_dir), database=db,
                     dataset_id=synthetic_dir.name)  # fmt: skip
        clean = fingerprint(empty_db, db)
        _, rest = loader.communicate(timeout=120)
        err = rest
        assert loader.returncode == 3, err  # Neo4jUnavailableError
        assert "lost the connection to Neo4j while loading the dataset" in err
        assert "Traceback" not in err
        assert "done in" not in err

        server.start()
        driver.close()
        driver = connect(server.settings())
        partial = fingerprint(driver, "neo4j")
        assert partial["elements"] > 0, partial
        code, _, err, _ = clusteratlas("load", str(synthetic_dir), env=server.cli_env())
        assert code == 0, err
        rerun = fingerprint(driver, "neo4j")
        assert rerun == clean
        assert partial["elements"] < clean["elements"]
        assert clean["counts"]["SUPPLIES"] == len(SYNTHETIC.supply_links)
    finally:
        driver.close()


def test_wrong_password_exits_3_and_is_never_shown(
    server: DisposableServer, synthetic_dir: Path
) -> None:
    server.start()
    wrong = "Wr0ng-" + secrets.token_hex(6)
    # two attempts only: Neo4j locks the user for 5 s after 3 failed ones
    code, out, err, _ = clusteratlas("load", str(synthetic_dir), env=server.cli_env(wrong))
    assert code == 3, err
    assert "refused the credentials of user 'neo4j'" in err
    assert wrong not in out + err and server.password not in out + err
    env = server.cli_env()
    del env["NEO4J_PASSWORD"]
    code, out, err, _ = clusteratlas(
        "query", "graph-statistics", "--password", wrong, "--uri", server.uri, env=env
    )
    assert code == 3, err
    assert wrong not in out + err
    assert "Traceback" not in err
