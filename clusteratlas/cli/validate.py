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
    "--map",
    "maps",
    multiple=True,
    metavar="FIELD=COLUMN",
    help="with --adapter long-csv, io-matrix or make-use: which column of FILE holds a field "
    "(region=geo, households=P3_S14; repeatable)",
)
@click.option(
    "--option",
    "adapter_options",
    multiple=True,
    metavar="KEY=VALUE",
    help="with --adapter: an option of its read function (scheme=NACE, year=2020, make=FILE, "
    "measure=employment, where.unit=THS; repeatable)",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False),
    help="with --adapter: write the canonical tables it read (region_industries, "
    "industry_links, ...) as CSV into this directory",
)
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
    maps: tuple[str, ...],
    adapter_options: tuple[str, ...],
    out_dir: str | None,
    allow_levels: tuple[str, ...],
    deprecated_levels: tuple[str, ...],
    fmt: str,
) -> None:
    """Check a dataset directory (or --bundled china, or a published file) and list every problem.

    Exits 0 when clean, 4 when any problem is found (each on stderr, with file, row,
    column, value and rule). With --quiet it prints nothing when the data is clean
    (--format table). --adapter NAME FILE reads a published file (a census table, an
    input-output table, a division list, an exchange list) the way the bundled-data build
    does and reports the rows of each table it yields; the generic adapters (long-csv,
    io-matrix) take --map FIELD=COLUMN and --option KEY=VALUE, and --out DIR writes the
    canonical tables read.
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
        options = adapter_read_options(maps, adapter_options)
        _validate_with_adapter(adapter, source, levels, fmt, quiet, options, out_dir)
        return
    if maps or adapter_options or out_dir:
        raise UsageError("--map, --option and --out go with --adapter NAME FILE")
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


def adapter_read_options(maps: tuple[str, ...], pairs: tuple[str, ...]) -> dict[str, Any]:
    """``--map FIELD=COLUMN`` and ``--option KEY=VALUE`` as the keyword options of a read.

    ``--map`` pairs become ``mapping`` (field -> column); an option ``a.b=v`` becomes
    ``{"a": {"b": "v"}}`` (``where.unit=THS``); values stay text (each adapter converts).

    Parameters
    ----------
    maps : tuple of str
        ``FIELD=COLUMN`` pairs.
    pairs : tuple of str
        ``KEY=VALUE`` pairs.

    Returns
    -------
    dict of str to object
        Keyword options for :func:`clusteratlas.loaders.adapters.read_source`.

    Raises
    ------
    UsageError
        A pair without ``=``, an empty key or a key given twice.

    Examples
    --------
    >>> adapter_read_options(("region=geo",), ("scheme=NACE", "where.unit=THS"))
    {'mapping': {'region': 'geo'}, 'scheme': 'NACE', 'where': {'unit': 'THS'}}
    """
    options: dict[str, Any] = {}

    def split(pair: str, flag: str) -> tuple[str, str]:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"{flag} {pair!r}: write KEY=VALUE")
        return key.strip(), value

    mapping: dict[str, str] = {}
    for pair in maps:
        field, column = split(pair, "--map")
        if field in mapping:
            raise UsageError(f"--map {field} is given twice")
        mapping[field] = column
    if mapping:
        options["mapping"] = mapping
    for pair in pairs:
        key, value = split(pair, "--option")
        head, dot, sub = key.partition(".")
        if dot:
            nested = options.setdefault(head, {})
            if not isinstance(nested, dict) or sub in nested:
                raise UsageError(f"--option {key} is given twice")
            nested[sub] = value
        elif key in options:
            raise UsageError(f"--option {key} is given twice")
        else:
            options[key] = value
    return options


def _validate_with_adapter(
    adapter: str,
    source: SourceChoice,
    levels: tuple[str, ...],
    fmt: str,
    quiet: bool,
    options: dict[str, Any],
    out_dir: str | None,
) -> None:
    import inspect

    from clusteratlas.loaders.adapters import get_adapter, read_source

    path = source.path
    if path is None or source.from_value or source.bundled or levels:
        raise UsageError("--adapter NAME reads one published FILE: give the FILE, nothing else")
    takes = [
        p.name
        for p in inspect.signature(get_adapter(adapter).read).parameters.values()
        if p.kind is inspect.Parameter.KEYWORD_ONLY
    ]
    for key in options:
        if key not in takes:
            flag = "--map" if key == "mapping" else f"--option {key}"
            raise UsageError(
                f"adapter {adapter!r} takes no {flag} (its options: {', '.join(takes) or 'none'})"
            )
    result = read_source(adapter, path, **options)  # DataValidationError (exit 4) names the file
    if not quiet:
        for key, value in result.notes.items():
            click.echo(f"{adapter}: {key}: {value}", err=True)
    if out_dir is not None:
        written = _write_canonical(result.tables, Path(out_dir))
        if not quiet:
            click.echo(f"wrote {', '.join(written) or 'no canonical table'} to {out_dir}", err=True)
    head = {"source": path, "kind": "file", "adapter": adapter}
    _report(f"{path} read by adapter {adapter!r}", head, result.counts(), fmt, quiet)
    sys.exit(0)


def _write_canonical(tables: Any, out: Path) -> list[str]:
    """Write each non-empty table named and shaped like a canonical one as ``out/<table>.csv``.

    A file already there (another adapter's output) is added to; a key in both is a
    :class:`UsageError`.
    """
    import pandas as pd

    from clusteratlas.loaders.csv_format import read_table_csv, write_table_csv
    from clusteratlas.loaders.dataset import TABLES

    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in tables.items():
        spec = TABLES.get(name)
        needed = {c.name for c in spec.columns if c.required} if spec is not None else set()
        if spec is None or not needed <= set(frame.columns) or frame.empty:
            continue
        dest = out / f"{name}.csv"
        if dest.exists():
            frame = pd.concat([read_table_csv(name, dest), frame], ignore_index=True)
            key = list(spec.key)
            twice = frame[frame.duplicated(key)]
            if len(twice):
                raise UsageError(
                    f"{dest} has {len(twice)} of these {name} rows already (key "
                    f"{dict(zip(key, twice.iloc[0][key].tolist(), strict=True))}): "
                    "nothing written; --out adds rows, it does not replace them"
                )
        write_table_csv(name, frame, dest)
        written.append(dest.name)
    return written


COMMANDS = [validate_command]
