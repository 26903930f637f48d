"""scripts/neo4j-local: prerequisites are checked before Java is launched, and a failed
start stops what it started (issue #12, item 8).

Each test uses its own instance directory (pytest's tmp) and free ports, never the
test server. They need Java and the assembled server (``scripts/test`` assembles it
before the test run), not a running Neo4j.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NEO4J_LOCAL = ROOT / "scripts" / "neo4j-local"

pytestmark = pytest.mark.neo4j


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _processes_using(directory: Path) -> list[int]:
    """Pids of live processes whose command line names ``directory``."""
    found = []
    needle = str(directory).encode()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if needle in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def _listening(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture
def instance(tmp_path: Path) -> Iterator[tuple[Path, dict[str, str]]]:
    directory = tmp_path / "instance"
    env = dict(
        os.environ,
        NEO4J_LOCAL_DIR=str(directory),
        NEO4J_LOCAL_PORT=str(_free_port()),
        NEO4J_LOCAL_HTTP_PORT=str(_free_port()),
        NEO4J_LOCAL_GUIDE_PORT=str(_free_port()),
        NEO4J_PASSWORD="neo4j-local-test-pw",
        NEO4J_LOCAL_HEAP="512m",
        NEO4J_LOCAL_PAGECACHE="64m",
    )
    yield directory, env
    subprocess.run([sys.executable, str(NEO4J_LOCAL), "stop"], env=env, capture_output=True)
    for pid in _processes_using(directory):  # only ever our own instance's processes
        os.kill(pid, 9)


def _run(
    env: dict[str, str], *args: str, python: list[str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*(python or [sys.executable]), str(NEO4J_LOCAL), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_python_without_the_driver_is_refused_before_java_starts(instance):
    directory, env = instance
    # -S: no site-packages, so no neo4j package (the script itself needs only the stdlib)
    done = _run(env, "start", python=[sys.executable, "-S"])
    assert done.returncode == 1
    assert "has no 'neo4j' package" in done.stderr
    assert "Nothing was started" in done.stderr
    assert not _processes_using(directory)
    assert not (directory / "run" / "clusteratlas-neo4j.pid").exists()
    assert not _listening(int(env["NEO4J_LOCAL_PORT"]))


def test_a_busy_port_is_refused_before_java_starts(instance):
    directory, env = instance
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        env["NEO4J_LOCAL_PORT"] = str(busy.getsockname()[1])
        done = _run(env, "start")
    assert done.returncode == 1
    assert "already in use" in done.stderr
    assert not _processes_using(directory)


def test_bad_port_is_a_usage_error(instance):
    _, env = instance
    env["NEO4J_LOCAL_PORT"] = "seventy"
    done = _run(env, "start")
    assert done.returncode == 2
    assert "NEO4J_LOCAL_PORT must be a port number" in done.stderr
    assert _run(env, "start", "--bogus").returncode == 2


def test_a_start_that_is_never_ready_stops_the_server_it_launched(instance):
    directory, env = instance
    env["NEO4J_START_TIMEOUT"] = "2"  # Java cannot be ready in 2 s: the readiness check fails
    t0 = time.monotonic()
    done = _run(env, "start")
    assert done.returncode == 1, done.stderr
    assert "not ready after" in done.stderr
    assert time.monotonic() - t0 < 120
    assert not _processes_using(directory), "the launched server was left running"
    assert not (directory / "run" / "clusteratlas-neo4j.pid").exists()
    assert not _listening(int(env["NEO4J_LOCAL_PORT"]))
    status = _run(env, "status")
    assert status.returncode == 1 and status.stdout.strip() == "stopped"


def test_a_busy_guide_port_is_refused_before_java_starts(instance):
    directory, env = instance
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        env["NEO4J_LOCAL_GUIDE_PORT"] = str(busy.getsockname()[1])
        done = _run(env, "start", "--browser")
    assert done.returncode == 1
    assert "(guide) is already in use" in done.stderr and "NEO4J_LOCAL_GUIDE_PORT" in done.stderr
    assert not _processes_using(directory)
    env["NEO4J_LOCAL_GUIDE_PORT"] = env["NEO4J_LOCAL_HTTP_PORT"]
    done = _run(env, "start", "--browser")
    assert done.returncode == 2 and "must differ" in done.stderr


def test_a_browser_start_that_is_never_ready_stops_the_guide_server_too(instance):
    directory, env = instance
    env["NEO4J_START_TIMEOUT"] = "2"
    done = _run(env, "start", "--browser")
    assert done.returncode == 1, done.stderr
    assert "not ready after" in done.stderr
    assert not _processes_using(directory)
    assert not (directory / "run" / "clusteratlas-guide.pid").exists()
    for variable in ("NEO4J_LOCAL_PORT", "NEO4J_LOCAL_HTTP_PORT", "NEO4J_LOCAL_GUIDE_PORT"):
        assert not _listening(int(env[variable])), variable


def test_a_start_interrupted_while_waiting_stops_the_server_it_launched(instance):
    directory, env = instance
    proc = subprocess.Popen(
        [sys.executable, str(NEO4J_LOCAL), "start"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    pid_file = directory / "run" / "clusteratlas-neo4j.pid"
    deadline = time.monotonic() + 120
    while not pid_file.exists() and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.1)
    assert pid_file.exists(), "the server was never launched"
    proc.terminate()  # SIGTERM to the script while it waits for readiness
    proc.communicate(timeout=120)
    assert proc.returncode != 0
    assert not _processes_using(directory), "the launched server was left running"
    assert not pid_file.exists()
