"""The CLI: help, version, every command and option registered and documented (README, --help)."""

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


def readme_commands_block() -> str:
    """The code block of the README's "Commands" section."""
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## Commands\n", 1)[1].split("\n## ", 1)[0]
    return section.split("```", 2)[1]


def test_every_command_is_in_the_commands_block_and_every_option_is_documented():
    """Each command has a line in README's Commands block; each option it shows has help
    text in `--help` or appears in that block (hidden options are deprecated aliases)."""
    block = readme_commands_block()
    undocumented = []
    for name, command in cli.commands.items():
        assert f"clusteratlas {name}" in block, f"README's Commands block lacks {name}"
        help_text = CliRunner().invoke(cli, [name, "--help"]).output
        for param in command.params:
            if not isinstance(param, click.Option) or param.hidden:
                continue
            has_help = bool(param.help and param.help.strip()) and param.opts[0] in help_text
            if not has_help and not any(opt in block for opt in param.opts):
                undocumented.append(f"{name} {param.opts[0]}")
    assert undocumented == []


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
