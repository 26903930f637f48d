"""`clusteratlas demo` (pending: issue #5)."""

from __future__ import annotations

import click

from clusteratlas.cli._common import handle_errors
from clusteratlas.cli._pending import pending


@click.command("demo", context_settings={"ignore_unknown_options": True})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
@handle_errors
def demo_command(args: tuple[str, ...]) -> None:
    """(not built yet: issue #5)"""
    pending("demo", 5)


COMMANDS = [demo_command]
