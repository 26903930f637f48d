"""`clusteratlas queries` (list the library) and `clusteratlas query NAME` (describe or run one).

``clusteratlas query NAME --help`` (or ``--describe``) describes query NAME: what
it answers, its typed parameters with defaults, its columns and its Cypher.
Without NAME, ``--help`` shows the command's options.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from clusteratlas.cli._common import format_option, handle_errors, neo4j_options
from clusteratlas.errors import UsageError

PARAM_OPTION = click.option(
    "--param",
    "-p",
    "param_pairs",
    multiple=True,
    metavar="NAME[:TYPE]=VALUE",
    help="a parameter: text, or typed with :int, :float, :bool, :list[str], ..., :json "
    "(repeatable); the query's header types untyped values",
)
"""``--param/-p`` of ``query`` and ``cypher``, parsed by
:func:`clusteratlas.queries.header.parse_typed_params`."""

QUERIES_DIR_OPTION = click.option(
    "--queries-dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="a directory of your own .cypher files (default: the bundled library)",
)


@click.command("queries")
@QUERIES_DIR_OPTION
@format_option()
@handle_errors
def queries_command(queries_dir: Path | None, fmt: str) -> None:
    """List the Cypher query library: name, typed parameters, columns, description."""
    from clusteratlas.formats import write_rows
    from clusteratlas.queries.library import LIBRARY_COLUMNS, library_rows

    write_rows(LIBRARY_COLUMNS, library_rows(queries_dir), fmt)


@click.command("query", add_help_option=False)
@click.argument("name", required=False)
@PARAM_OPTION
@click.option("--write", is_flag=True, help="allow the query to write (default: read-only)")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=60.0,
    show_default=True,
    help="seconds before the server stops the query",
)
@click.option("--describe", is_flag=True, help="describe query NAME instead of running it")
@click.option("--help", "-h", "show_help", is_flag=True, help="describe NAME, or show this help")
@QUERIES_DIR_OPTION
@format_option()
@neo4j_options
@click.pass_context
@handle_errors
def query_command(
    ctx: click.Context,
    name: str | None,
    param_pairs: tuple[str, ...],
    write: bool,
    timeout: float,
    describe: bool,
    show_help: bool,
    queries_dir: Path | None,
    fmt: str,
    **connection: Any,
) -> None:
    """Run query NAME of the library with typed --param NAME=VALUE (read-only unless --write).

    `clusteratlas query NAME --help` describes the query; `clusteratlas queries`
    lists them all. Values are sent as Cypher parameters, never pasted into the text.
    --format json prints an array of the rows; notes (a cut result, why there are no
    rows) go to stderr.
    """
    from clusteratlas.queries.header import parse_typed_params
    from clusteratlas.queries.runner import resolve_query

    if name is None:
        if show_help or describe:
            click.echo(ctx.get_help())
            return
        raise UsageError("missing query NAME; list them with `clusteratlas queries`")
    spec = resolve_query(name, queries_dir)
    if show_help or describe:
        click.echo(spec.describe())
        click.echo("\n" + ctx.get_help())
        return
    params = parse_typed_params(param_pairs)
    spec.bind(params)  # usage errors (exit 2) before any connection is opened

    from clusteratlas.queries.runner import run_query

    run_on_server(
        connection,
        fmt,
        lambda driver, database: run_query(
            driver, spec, params, database=database, write=write, timeout=timeout
        ),
    )


def run_on_server(connection: dict[str, Any], fmt: str, run: Callable[[Any, str], Any]) -> None:
    """What ``query``, ``cypher`` and ``lookup`` share: connect with the connection options,
    ``run(driver, database)`` for a frame, close; write the rows to stdout in ``fmt``
    (:func:`clusteratlas.formats.write_frame`), then the frame's notes on stderr."""
    from clusteratlas.cli._common import settings_from
    from clusteratlas.formats import write_frame
    from clusteratlas.graph.neo4j_store.connection import connect

    settings = settings_from(connection)
    driver = connect(settings)
    try:
        frame = run(driver, settings.database)
    finally:
        driver.close()
    write_frame(frame, fmt)
    sys.stdout.flush()  # the rows first, then what describes them
    for note in frame.attrs.get("notes", []):
        click.echo(f"note: {note}", err=True)


COMMANDS = [queries_command, query_command]
