"""`clusteratlas view` (pending: issue #7)."""

from __future__ import annotations

import click

from clusteratlas.cli._common import handle_errors
from clusteratlas.cli._pending import pending


@click.command("view", context_settings={"ignore_unknown_options": True})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
@handle_errors
def view_command(args: tuple[str, ...]) -> None:
    """(not built yet: issue #7)"""
    pending("view", 7)


COMMANDS = [view_command]
