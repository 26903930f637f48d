"""Shared helpers of the reliability tests: the CLI in-process, a guarded wipe, the fingerprint."""

from __future__ import annotations

import os
from typing import Any

import pytest
from _store_helpers import fingerprint
from click.testing import CliRunner, Result
from conftest import wipe_database

from clusteratlas.cli import cli

__all__ = ["fingerprint", "run_cli", "wipe_disposable"]


def run_cli(*args: str, env: dict[str, str] | None = None) -> Result:
    """Run ``clusteratlas ARGS`` in-process (the real click command); stdout and stderr apart."""
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


def wipe_disposable(driver: Any, database: str) -> None:
    """Wipe ``database``, refusing a non-empty one unless CLUSTERATLAS_DISPOSABLE_DB=1."""
    if os.environ.get("CLUSTERATLAS_DISPOSABLE_DB") != "1":
        n = driver.execute_query("MATCH (n) RETURN count(n) AS n", database_=database)
        if n.records[0]["n"]:
            pytest.fail("refusing to wipe a database with data: set CLUSTERATLAS_DISPOSABLE_DB=1")
    wipe_database(driver, database)
