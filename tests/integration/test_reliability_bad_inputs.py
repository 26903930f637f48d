"""Bad input never reaches the graph: `validate` and `load` exit 4, name the place, write nothing.

The corpus is ``bad_inputs.CASES`` (generated per test). Before the cases run, a
valid dataset is loaded so the database is not empty; after each failed load the
graph's counts per label and type and the SHA-256 over every node's and
relationship's properties must be exactly what they were.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from _reliability import fingerprint, run_cli, wipe_disposable
from bad_inputs import CASES, LONG_LINE_EXPECT, RULES, BadInput, write_base, write_long_line_file


@pytest.fixture(scope="module")
def loaded_graph(
    neo4j_driver: Any, neo4j_settings: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Any]]:
    """The valid base dataset loaded through the CLI; yields its fingerprint."""
    db = neo4j_settings.database
    wipe_disposable(neo4j_driver, db)
    base = write_base(tmp_path_factory.mktemp("base") / "base")
    result = run_cli("--quiet", "load", str(base))
    assert result.exit_code == 0, result.output
    before = fingerprint(neo4j_driver, db)
    assert before["counts"]["Region"] == 3 and before["counts"]["SUPPLIES"] == 1
    yield before
    wipe_disposable(neo4j_driver, db)


def test_every_rule_has_a_case() -> None:
    expected = " ".join([LONG_LINE_EXPECT, *(text for case in CASES for text in case.expect)])
    assert [rule for rule in RULES if rule not in expected] == []
    assert len(CASES) >= 30
    assert len({case.name for case in CASES}) == len(CASES)


def test_the_base_dataset_is_valid(tmp_path: Path) -> None:
    result = run_cli("validate", str(write_base(tmp_path / "base")))
    assert result.exit_code == 0, result.output
    assert "OK:" in result.stdout


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_validate_exits_4_naming_the_place(case: BadInput, tmp_path: Path) -> None:
    result = run_cli("validate", str(case.build(tmp_path / case.name)))
    assert result.exit_code == 4, result.output
    for text in case.expect:
        assert text in result.stderr, f"{text!r} not in:\n{result.stderr}"
    assert "Traceback" not in result.output


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_load_exits_4_and_leaves_the_graph_unchanged(
    case: BadInput,
    tmp_path: Path,
    loaded_graph: dict[str, Any],
    neo4j_driver: Any,
    neo4j_settings: Any,
) -> None:
    result = run_cli("load", str(case.build(tmp_path / case.name)))
    assert result.exit_code == 4, result.output
    for text in case.expect:
        assert text in result.stderr, f"{text!r} not in:\n{result.stderr}"
    assert fingerprint(neo4j_driver, neo4j_settings.database) == loaded_graph


def _run_measured(*args: str) -> tuple[int, str, float, float]:
    """Run the real console command; return (exit code, stderr, seconds, its own peak RSS MiB)."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-P", "-m", "clusteratlas", *args],  # -P: the installed package
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    assert proc.stderr is not None
    err = proc.stderr.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, err, time.perf_counter() - started, usage.ru_maxrss / 1024


def test_a_100_mib_line_fails_fast_in_bounded_memory(
    tmp_path: Path, loaded_graph: dict[str, Any], neo4j_driver: Any, neo4j_settings: Any
) -> None:
    directory = write_long_line_file(tmp_path / "long-line", megabytes=100)
    assert (directory / "regions.csv").stat().st_size > 100 * 2**20
    # The same interpreter and imports doing nothing: what any command costs here.
    _, _, _, baseline_mib = _run_measured("--version")
    for command in ("validate", "load"):
        code, err, seconds, peak_mib = _run_measured(command, str(directory))
        assert code == 4, err[:2000]
        assert LONG_LINE_EXPECT in err
        assert len(err) < 2000  # the message does not echo the line
        # A bound against hanging, not a speed target (those are in benchmarks/).
        assert seconds < 120, f"{command} took {seconds:.1f} s"
        # Reading the file whole would add its 100 MiB of bytes plus the decoded text and
        # the parsed frame (measured 0.9 GiB); refusing it stays near the baseline.
        assert peak_mib < baseline_mib + 100, f"{command}: {peak_mib:.0f} vs {baseline_mib:.0f} MiB"
    assert fingerprint(neo4j_driver, neo4j_settings.database) == loaded_graph
