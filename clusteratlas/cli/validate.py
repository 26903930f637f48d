"""`clusteratlas validate PATH | --bundled NAME | --adapter NAME FILE`: check data, list problems.

Exit status 0 when the data is clean, 4 when there is any problem (each printed
with file, row, column, value and rule), 2 for a usage error. ``--adapter`` reads a
published file through the adapter registry (:mod:`clusteratlas.loaders.adapters`);
``--list-adapters`` lists them.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from clusteratlas.cli._common import (
    bundled_option,
    format_option,
    handle_errors,
    is_quiet,
)
from clusteratlas.errors import DataValidationError, UsageError


class AdapterName(click.ParamType):
    """The name of a registered adapter (checked against the registry when given)."""

    name = "adapter"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        from clusteratlas.loaders.adapters import adapters

        names = list(adapters())
        if value not in names:
            self.fail(f"{value!r} is not an adapter (choose from {', '.join(names)})")
        return str(value)


@click.command("validate")
@click.argument("path", required=False, type=click.Path(exists=True))
@bundled_option("validate a bundled dataset")
@click.option(
    "--adapter",
    type=AdapterName(),
    help="read PATH, a published file, with this adapter (see --list-adapters)",
)
@click.option("--list-adapters", is_flag=True, help="list the adapters and exit")
@click.option("--level", "levels", multiple=True, help="extra allowed region level (repeatable)")
@format_option()
@handle_errors
def validate_command(
    path: str | None,
    bundled: str | None,
    adapter: str | None,
    list_adapters: bool,
    levels: tuple[str, ...],
    fmt: str,
) -> None:
    """Check a dataset directory (or --bundled china, or a published file) and list every problem.

    Exits 0 when clean, 4 when any problem is found. With --quiet it prints nothing
    when the data is clean. --adapter NAME FILE reads a published file (a census
    table, an input-output table, a division list, an exchange list) the way the
    bundled-data build does and prints the rows of each table it yields.
    """
    from clusteratlas.loaders.bundled import load_bundled
    from clusteratlas.loaders.io import read_dataset_dir
    from clusteratlas.loaders.validation import validate_tables

    quiet = is_quiet()
    if list_adapters:
        from clusteratlas.formats import write_rows
        from clusteratlas.loaders.adapters import adapters

        rows = [
            {"name": a.name, "tables": ", ".join(a.tables), "description": a.description}
            for a in adapters().values()
        ]
        write_rows(["name", "tables", "description"], rows, fmt)
        return
    if adapter is not None:
        _validate_with_adapter(adapter, path, bundled, levels, quiet)
        return
    if (path is None) == (bundled is None):
        raise UsageError("give a dataset PATH or --bundled NAME (one of them)")
    if path is not None and not Path(path).is_dir():
        raise UsageError(
            f"{path!r} is a file: give a dataset directory, or --adapter NAME to read a "
            "published file (--list-adapters)"
        )
    if bundled is not None:
        dataset = load_bundled(bundled)
        problems = validate_tables(dict(dataset), region_levels=levels)
        if problems:
            raise DataValidationError(problems)
        where = f"bundled dataset {bundled!r}"
    else:
        assert path is not None
        dataset = read_dataset_dir(path, region_levels=levels)
        where = path
        for info in dataset.metadata.get("files", {}).values():
            enc = info.get("encoding")
            if enc and not quiet:
                click.echo(
                    f"{info['file']}: encoding {enc} ({info.get('note', 'detected')})", err=True
                )
    if not quiet:
        counts = ", ".join(f"{k} {v}" for k, v in dataset.counts().items() if v)
        click.echo(f"OK: {where} is valid ({counts})")
    sys.exit(0)


def _validate_with_adapter(
    adapter: str, path: str | None, bundled: str | None, levels: tuple[str, ...], quiet: bool
) -> None:
    from clusteratlas.loaders.adapters import read_source

    if path is None or bundled is not None or levels:
        raise UsageError("--adapter NAME reads one published FILE: give the FILE, nothing else")
    result = read_source(adapter, path)  # DataValidationError (exit 4) names the file
    if not quiet:
        counts = ", ".join(f"{name} {n}" for name, n in result.counts().items())
        click.echo(f"OK: {path} read by adapter {adapter!r} ({counts})")
    sys.exit(0)


COMMANDS = [validate_command]
