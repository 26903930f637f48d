"""Missing Neo4j or Chromium: a failure when services are required, a skip otherwise."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TARGET = "tests/integration/test_neo4j_server.py::test_connect_and_return_one"


def _run(extra_env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "CLUSTERATLAS_"))}
    env.update(extra_env)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", TARGET],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_missing_neo4j_fails_when_required():
    res = _run({"CLUSTERATLAS_REQUIRE_SERVICES": "1"})
    assert res.returncode == 1, res.stdout
    assert "required service missing: NEO4J_URI is not set" in res.stdout


def test_missing_neo4j_skips_when_not_required():
    res = _run({})
    assert res.returncode == 0, res.stdout
    assert "1 skipped" in res.stdout


@pytest.mark.parametrize("required", ["1", ""])
def test_missing_chromium_is_reported(required):
    env = {
        "CLUSTERATLAS_CHROMIUM": "/nonexistent/chromium",
        "CLUSTERATLAS_REQUIRE_SERVICES": required,
    }
    e = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "CLUSTERATLAS_"))}
    e.update(env)
    res = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/browser/test_chromium.py::test_network_is_off",
        ],
        cwd=ROOT,
        env=e,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if required:
        assert res.returncode == 1 and "Chromium not found" in res.stdout
    else:
        assert res.returncode == 0 and "1 skipped" in res.stdout


@pytest.mark.parametrize("required", ["1", ""])
def test_missing_igraph_fails_when_required(required: str, tmp_path: Path) -> None:
    """``import_or_skip``: igraph hidden by a module that refuses to import."""
    (tmp_path / "igraph.py").write_text(
        "raise ModuleNotFoundError('No module named igraph (hidden by the test)', name='igraph')\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "CLUSTERATLAS_"))}
    env.update(CLUSTERATLAS_REQUIRE_SERVICES=required, PYTHONPATH=str(tmp_path))
    res = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         "tests/unit/test_centrality_fast.py"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    if required:
        assert res.returncode != 0 and "required module 'igraph'" in res.stdout, res.stdout
    else:
        assert res.returncode in (0, 5) and "skipped" in res.stdout, res.stdout  # 5: none ran
