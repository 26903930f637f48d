"""`clusteratlas validate` (pending: issue #3)."""

from __future__ import annotations

import click

from clusteratlas.cli._common import handle_errors
from clusteratlas.cli._pending import pending


@click.command("validate", context_settings={"ignore_unknown_options": True})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
@handle_errors
def validate_command(args: tuple[str, ...]) -> None:
    """(not built yet: issue #3)"""
    pending("validate", 3)


COMMANDS = [validate_command]
