"""`clusteratlas validate PATH | --from PATH | --bundled NAME | --adapter NAME FILE`: check data.

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

from clusteratlas.cli._common import format_option, handle_errors, is_quiet
from clusteratlas.cli._source import SourceChoice, data_source_options, dataset_from
from clusteratlas.errors import UsageError


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
@data_source_options(
    accepts=("path", "bundled"),
    path_argument=True,
    path_files_ok=True,
    default=None,
    with_base=False,
)
@click.option(
    "--adapter",
    type=AdapterName(),
    help="read PATH, a published file, with this adapter (see --list-adapters)",
)
@click.option("--list-adapters", is_flag=True, help="list the adapters and exit")
@click.option(
    "--allow-level",
    "allow_levels",
    multiple=True,
    metavar="LEVEL",
    help="a region level to accept besides country, province, prefecture, county and those "
    "of dataset.json (repeatable)",
)
@click.option(
    "--level", "deprecated_levels", multiple=True, hidden=True, help="old name of --allow-level"
)
@format_option(
    help_text="output format on stdout: the table is the OK line (none with -q); csv, json "
    "and jsonl one record (source, kind, adapter, valid, rows per table)"
)
@handle_errors
def validate_command(
    source: SourceChoice,
    adapter: str | None,
    list_adapters: bool,
    allow_levels: tuple[str, ...],
    deprecated_levels: tuple[str, ...],
    fmt: str,
) -> None:
    """Check a dataset directory (or --bundled china, or a published file) and list every problem.

    Exits 0 when clean, 4 when any problem is found (each on stderr, with file, row,
    column, value and rule). With --quiet it prints nothing when the data is clean
    (--format table). --adapter NAME FILE reads a published file (a census table, an
    input-output table, a division list, an exchange list) the way the bundled-data build
    does and reports the rows of each table it yields.
    """
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
    if deprecated_levels:
        click.echo(
            "Warning: validate --level is deprecated and will be removed: use --allow-level "
            "(--level is the analysis region level of analyze, view and demo)",
            err=True,
        )
    levels = (*allow_levels, *deprecated_levels)
    if adapter is not None:
        _validate_with_adapter(adapter, source, levels, fmt, quiet)
        return
    kind, value = source.resolve()
    if kind == "path" and not Path(str(value)).is_dir():
        raise UsageError(
            f"{value!r} is a file: give a dataset directory, or --adapter NAME to read a "
            "published file (--list-adapters)"
        )
    dataset = dataset_from(source, region_levels=levels)  # a directory: checked as read
    if kind == "bundled":
        from clusteratlas.loaders.validation import check_dataset

        check_dataset(dataset, region_levels=levels)
    elif not quiet:
        for info in dataset.metadata.get("files", {}).values():
            enc = info.get("encoding")
            if enc:
                sep = {"\t": "tab", ";": "semicolon", ",": "comma"}.get(info.get("delimiter", ""))
                click.echo(
                    f"{info['file']}: encoding {enc} ({info.get('note', 'detected')})"
                    + (f", {sep}-separated" if sep else ""),
                    err=True,
                )
    where = f"bundled dataset {value!r}" if kind == "bundled" else str(value)
    _report(
        f"{where} is valid",
        {"source": value, "kind": kind, "adapter": None},
        dataset.counts(),
        fmt,
        quiet,
    )
    sys.exit(0)


def _report(
    where: str, head: dict[str, Any], counts: dict[str, int], fmt: str, quiet: bool
) -> None:
    """The OK line (``--format table``) or one record: ``head``, ``valid``, the counts."""
    if fmt == "table":
        if not quiet:
            shown = ", ".join(f"{k} {v}" for k, v in counts.items() if v)
            click.echo(f"OK: {where} ({shown})")
        return
    from clusteratlas.formats import write_rows

    record = {**head, "valid": True, **counts}
    write_rows(list(record), [record], fmt)


def _validate_with_adapter(
    adapter: str, source: SourceChoice, levels: tuple[str, ...], fmt: str, quiet: bool
) -> None:
    from clusteratlas.loaders.adapters import read_source

    path = source.path
    if path is None or source.from_value or source.bundled or levels:
        raise UsageError("--adapter NAME reads one published FILE: give the FILE, nothing else")
    result = read_source(adapter, path)  # DataValidationError (exit 4) names the file
    head = {"source": path, "kind": "file", "adapter": adapter}
    _report(f"{path} read by adapter {adapter!r}", head, result.counts(), fmt, quiet)
    sys.exit(0)


COMMANDS = [validate_command]
