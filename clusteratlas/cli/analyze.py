"""`clusteratlas analyze` (pending: issue #5)."""

from __future__ import annotations

import click

from clusteratlas.cli._common import handle_errors
from clusteratlas.cli._pending import pending


@click.command("analyze", context_settings={"ignore_unknown_options": True})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
@handle_errors
def analyze_command(args: tuple[str, ...]) -> None:
    """(not built yet: issue #5)"""
    pending("analyze", 5)


COMMANDS = [analyze_command]
