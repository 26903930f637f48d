"""`clusteratlas queries` and `clusteratlas query NAME` (pending: issue #6)."""

from __future__ import annotations

import click

from clusteratlas.cli._common import handle_errors
from clusteratlas.cli._pending import pending


@click.command("queries")
@handle_errors
def queries_command() -> None:
    """(not built yet: issue #6)"""
    pending("queries", 6)


@click.command("query", context_settings={"ignore_unknown_options": True})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
@handle_errors
def query_command(args: tuple[str, ...]) -> None:
    """(not built yet: issue #6)"""
    pending("query", 6)


COMMANDS = [queries_command, query_command]
