"""`clusteratlas validate PATH | --bundled NAME`: check a dataset, list every problem.

Exit status 0 when the dataset is clean, 4 when there is any problem (each
printed with file, row, column, value and rule), 2 for a usage error.
"""

from __future__ import annotations

import sys

import click

from clusteratlas.cli._common import bundled_option, handle_errors, is_quiet
from clusteratlas.errors import DataValidationError, UsageError


@click.command("validate")
@click.argument("path", required=False, type=click.Path(exists=True, file_okay=False))
@bundled_option("validate a bundled dataset")
@click.option("--level", "levels", multiple=True, help="extra allowed region level (repeatable)")
@handle_errors
def validate_command(path: str | None, bundled: str | None, levels: tuple[str, ...]) -> None:
    """Check a dataset directory (or --bundled china) and list every problem.

    Exits 0 when clean, 4 when any problem is found. With --quiet it prints nothing
    when the dataset is clean.
    """
    from clusteratlas.loaders.bundled import load_bundled
    from clusteratlas.loaders.io import read_dataset_dir
    from clusteratlas.loaders.validation import validate_tables

    quiet = is_quiet()
    if (path is None) == (bundled is None):
        raise UsageError("give a dataset PATH or --bundled NAME (one of them)")
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


COMMANDS = [validate_command]
