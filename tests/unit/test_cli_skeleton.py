"""The CLI: help, version, every DESIGN.md command registered and documented in the README."""

from __future__ import annotations

import re
from pathlib import Path

import click
from click.testing import CliRunner

import clusteratlas
from clusteratlas.cli import cli

DESIGN_COMMANDS = {"demo", "validate", "load", "analyze", "queries", "query", "view"}
README = Path(__file__).resolve().parents[2] / "README.md"


def test_help_lists_every_command():
    res = CliRunner().invoke(cli, ["--help"])
    assert res.exit_code == 0
    listed = set(re.findall(r"^  (\w+)\s", res.output, flags=re.M))
    assert listed >= DESIGN_COMMANDS


def test_version():
    res = CliRunner().invoke(cli, ["--version"])
    assert res.exit_code == 0
    assert clusteratlas.__version__ in res.output


def test_every_command_has_help_text_and_is_in_readme():
    readme = README.read_text(encoding="utf-8")
    for name, command in cli.commands.items():
        assert command.help and command.help.strip(), f"{name} has no help text"
        assert f"clusteratlas {name}" in readme, f"README does not mention `clusteratlas {name}`"


def test_unknown_command_is_usage_error():
    res = CliRunner().invoke(cli, ["no-such-command"])
    assert res.exit_code == 2


def test_one_meaning_per_option_name():
    """An option name means the same in every command: its type (and so its values) agree,
    and --level is the analysis region level wherever it is shown."""
    kinds: dict[str, set[str]] = {}
    for command in cli.commands.values():
        for param in command.params:
            if isinstance(param, click.Option) and not param.hidden:
                for opt in param.opts:
                    kinds.setdefault(opt, set()).add(type(param.type).__name__)
    mixed = {opt: types for opt, types in kinds.items() if len(types) > 1}
    assert mixed == {}
    for name, command in cli.commands.items():
        level = [p for p in command.params if "--level" in getattr(p, "opts", [])]
        if level and not level[0].hidden:
            assert level[0].name == "level", f"{name} --level is not the analysis level"
