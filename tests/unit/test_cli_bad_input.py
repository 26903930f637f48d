"""Every CLI command and option with bad values: one line, the documented exit code, no traceback.

The commands and their parameters are read from the click group at collection time
(``tests/cli_cases.py`` derives bad values from each click type and holds the
semantic ones), so options that are added later are driven too, and a new option
whose bad value cannot be derived fails :func:`test_every_parameter_has_a_bad_value_case`
until it gets one. Neo4j is "stopped": ``NEO4J_URI`` points at a closed port. The
wrong password, wrong user and unknown database against a real server are in
``tests/integration/test_cli_server_errors.py``.

A case passes when: the exit code is the documented one (0 ok, 1 error, 2 usage,
3 Neo4j unreachable or unauthorised, 4 invalid data); stderr has exactly one
``Error:`` line, with nothing after it but the indented problem lines of invalid
data; no ``Traceback`` anywhere; and not the last-resort "internal error" line,
which means a bug to fix, not a message to accept.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from cli_cases import (
    CONNECTS,
    GLOBAL_FLAGS,
    NEO4J_PARAMS,
    NO_BAD_VALUE,
    STOPPED_SERVER_EXIT,
    Case,
    cases_for,
    invocation,
    needs_table_entry,
    parameters,
    register,
)
from click.testing import CliRunner, Result

from clusteratlas.cli import cli
from clusteratlas.cli._common import INTERNAL_ERROR

COMMANDS = register(cli)
CLOSED = "bolt://127.0.0.1:1"
ENV = {
    "NEO4J_URI": CLOSED,
    "NEO4J_PASSWORD": "not-the-password",
    "NEO4J_HOME": None,
    "NEO4J_CONF": None,
    "CLUSTERATLAS_DEBUG": None,
}


@pytest.fixture(scope="module")
def places(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    root = tmp_path_factory.mktemp("cli-bad-input")
    (root / "empty").mkdir()
    (root / "home" / "lib").mkdir(parents=True)
    (root / "file.txt").write_text("not a directory\n", encoding="utf-8")
    (root / "badq").mkdir()
    (root / "badq" / "bad.cypher").write_text(
        "// name: bad\n// params: x (complex)\nRETURN $x\n", encoding="utf-8"
    )
    return {
        "tmp": str(root),
        "missing": str(root / "does-not-exist"),
        "file": str(root / "file.txt"),
        "empty": str(root / "empty"),
        "home": str(root / "home"),
        "badq": str(root / "badq"),
    }


def run(argv: list[str], places: dict[str, str]) -> Result:
    args = [a.format(**places) for a in argv]
    return CliRunner().invoke(cli, args, env=ENV, catch_exceptions=True)


def check(result: Result, argv: list[str], expected_exit: int, message: str | None) -> None:
    """The rules of the module docstring."""
    shown = (
        f"clusteratlas {' '.join(argv)}\nstdout: {result.stdout[-800:]}\nstderr: {result.stderr}"
    )
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        import traceback

        tb = "".join(traceback.format_exception(result.exception))
        pytest.fail(f"an exception escaped the CLI:\n{shown}\n{tb}")
    assert "Traceback" not in result.stdout + result.stderr, shown
    assert INTERNAL_ERROR not in result.stderr, f"the last-resort handler ran (a bug):\n{shown}"
    assert result.exit_code == expected_exit, shown
    lines = result.stderr.splitlines()
    errors = [i for i, line in enumerate(lines) if line.startswith("Error:")]
    assert len(errors) == 1, f"expected one 'Error:' line:\n{shown}"
    after = lines[errors[0] + 1 :]
    if expected_exit == 4:
        assert all(line.startswith("  ") for line in after), shown
    else:
        assert after == [], f"the error is not one line:\n{shown}"
    if message:
        assert message.lower() in lines[errors[0]].lower(), shown


CASES = [
    pytest.param(name, param.name, c, id=f"{name}-{param.name}-{i}")
    for name, command in COMMANDS.items()
    for param in parameters(command)
    for i, c in enumerate(cases_for(name, param))
]


@pytest.mark.parametrize(("command", "param_name", "bad"), CASES)
def test_bad_value(command: str, param_name: str, bad: Case, places: dict[str, str]) -> None:
    param = next(p for p in COMMANDS[command].params if p.name == param_name)
    connects = CONNECTS.get(command, ((),))[0]
    argv = invocation(command, param, bad, connects_with=connects)
    check(run(argv, places), argv, bad.exit, bad.message)


def test_every_parameter_has_a_bad_value_case() -> None:
    missing = []
    for name, command in COMMANDS.items():
        for param in parameters(command):
            key = (name, str(param.name))
            if key in NO_BAD_VALUE:
                continue
            cases = cases_for(name, param)
            if not cases or (needs_table_entry(param) and not _has_table_entry(key)):
                missing.append(f"{name} {param.opts[0] if param.opts else param.name}")
    assert missing == [], (
        "add bad values for these parameters to tests/cli_cases.py BAD_VALUES "
        f"(or NO_BAD_VALUE with the reason): {missing}"
    )


def _has_table_entry(key: tuple[str, str]) -> bool:
    from cli_cases import BAD_VALUES

    return bool(BAD_VALUES.get(key))


def test_every_command_with_neo4j_options_says_how_it_connects() -> None:
    with_neo4j = {
        name
        for name, command in COMMANDS.items()
        if {p.name for p in command.params} >= set(NEO4J_PARAMS)
    }
    assert with_neo4j <= set(CONNECTS), f"add to CONNECTS: {sorted(with_neo4j - set(CONNECTS))}"


@pytest.mark.parametrize(
    "argv",
    [pytest.param([c, *args], id=f"{c}-{i}") for c, runs in CONNECTS.items() for i, args in
     enumerate(runs)],
)  # fmt: skip
def test_stopped_server(argv: list[str], places: dict[str, str]) -> None:
    check(run(argv, places), argv, STOPPED_SERVER_EXIT, "unreachable")


@pytest.mark.parametrize("flag", ["-q", "--quiet", "-v", "--verbose", "--debug"])
def test_global_flags_before_and_after_the_subcommand(flag: str, places: dict[str, str]) -> None:
    for argv in ([flag, "queries", "--format", "csv"], ["queries", "--format", "csv", flag]):
        result = run(argv, places)
        assert result.exit_code == 0, (argv, result.stderr)
        assert result.stdout.startswith("name,params,returns,description\n"), argv


def test_every_command_takes_the_global_flags() -> None:
    for name, command in COMMANDS.items():
        names = {p.name for p in command.params}
        assert names >= set(GLOBAL_FLAGS), f"{name} lacks {set(GLOBAL_FLAGS) - names}"


@pytest.mark.parametrize(
    ("argv", "exit_code"),
    [
        (["no-such-command"], 2),
        (["--no-such-option"], 2),
        (["view"], 2),  # missing KIND and -o
        (["query", "graph-statistics", "--timeout"], 2),  # option without its value
    ],
)
def test_usage_errors_of_the_group(argv: list[str], exit_code: int, places: dict) -> None:
    check(run(argv, places), argv, exit_code, None)


def test_a_bug_is_one_line_and_exit_1_and_debug_shows_the_traceback(
    monkeypatch: pytest.MonkeyPatch, places: dict[str, str]
) -> None:
    """The last-resort handler itself (a bug is simulated by breaking library_rows)."""
    import clusteratlas.queries.library as library

    def broken(queries_dir: object = None) -> list[dict[str, str]]:
        raise KeyError("simulated bug")

    monkeypatch.setattr(library, "library_rows", broken)
    result = run(["queries"], places)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {INTERNAL_ERROR} (KeyError: 'simulated bug')")
    assert "--debug" in result.stderr and len(result.stderr.splitlines()) == 1
    assert "Traceback" not in result.stderr
    debug = CliRunner().invoke(cli, ["--debug", "queries"], env=ENV)
    assert isinstance(debug.exception, KeyError)  # re-raised: python prints the traceback


def test_no_command_leaks_the_password(places: dict[str, str]) -> None:
    for name, runs in CONNECTS.items():
        argv = [name, *runs[0], "--password", "s3cret-Pa55"]
        result = run(argv, places)
        assert "s3cret-Pa55" not in result.stdout + result.stderr, argv


def test_the_subprocess_entry_point_prints_one_line(tmp_path: Path) -> None:
    """The real console script (not the runner): a usage error is one line, exit 2."""
    import subprocess
    import sys

    env = {**os.environ, "NEO4J_URI": CLOSED}
    res = subprocess.run(
        [sys.executable, "-P", "-m", "clusteratlas", "view", "region", "--region", "440305",
         "--max-nodes", "0", "-o", str(tmp_path / "v.html")],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert res.returncode == 2
    assert res.stderr.splitlines() == [
        "Error: Invalid value for '--max-nodes': 0 is not in the range x>=1. "
        "See 'clusteratlas view --help'."
    ]
