"""`clusteratlas load` (pending: issue #4)."""

from __future__ import annotations

import click

from clusteratlas.cli._common import handle_errors
from clusteratlas.cli._pending import pending


@click.command("load", context_settings={"ignore_unknown_options": True})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
@handle_errors
def load_command(args: tuple[str, ...]) -> None:
    """(not built yet: issue #4)"""
    pending("load", 4)


COMMANDS = [load_command]
