"""`clusteratlas load [PATH | --from PATH | --bundled NAME]`: validate, then write into Neo4j.

The transactional load (batches of ``UNWIND ... MERGE``) or, with ``--bulk``, the offline
``neo4j-admin`` import; both validate the dataset before anything is written
(:func:`~clusteratlas.graph.neo4j_store.load.load_dataset`,
:func:`~clusteratlas.graph.neo4j_store.bulk.bulk_import`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from clusteratlas.cli._common import (
    format_option,
    handle_errors,
    is_quiet,
    neo4j_options,
    settings_from,
)
from clusteratlas.cli._source import SourceChoice, data_source_options, dataset_from
from clusteratlas.errors import UsageError


@click.command("load")
@data_source_options(accepts=("path", "bundled"), path_argument=True, default=None, with_base=False)
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=5000,
    show_default=True,
    help="rows per UNWIND batch and transaction",
)
@click.option(
    "--replace",
    is_flag=True,
    help="first remove what an earlier load of the same dataset id wrote",
)
@click.option(
    "--dataset-id",
    help="tag for what this load writes [default: the bundled name, or PATH's folder name]",
)
@click.option(
    "--bulk",
    is_flag=True,
    help="first load into a NEW (or, with --overwrite-destination, replaced) database with "
    "neo4j-admin import: the server must be STOPPED; then start it and run --schema-only",
)
@click.option(
    "--neo4j-home",
    type=click.Path(path_type=Path, file_okay=False),
    envvar="NEO4J_HOME",
    help="with --bulk: the Neo4j installation (holds lib/) [env NEO4J_HOME]",
)
@click.option(
    "--neo4j-conf",
    type=click.Path(path_type=Path, file_okay=False),
    envvar="NEO4J_CONF",
    help="with --bulk: the server's configuration directory [env NEO4J_CONF]",
)
@click.option(
    "--overwrite-destination",
    is_flag=True,
    help="with --bulk: replace the database if it exists (only for an empty one)",
)
@click.option(
    "--schema-only", is_flag=True, help="only create the constraints and indexes, then exit"
)
@format_option()
@neo4j_options
@handle_errors
def load_command(
    source: SourceChoice,
    batch_size: int,
    replace: bool,
    dataset_id: str | None,
    bulk: bool,
    neo4j_home: Path | None,
    neo4j_conf: Path | None,
    overwrite_destination: bool,
    schema_only: bool,
    fmt: str,
    **neo4j: Any,
) -> None:
    """Load a dataset directory (PATH or --from PATH) or a bundled dataset into Neo4j.

    The data is validated first: invalid input writes nothing (exit 4). Nodes,
    then relationships, are MERGEd in batches inside retried transactions, so
    loading twice changes nothing and a rerun after an interrupted load
    completes it. Prints a summary table (rows, created, updated per label and
    relationship type) on stdout (--format) and a progress bar on stderr.

    With --bulk, a first load of a big dataset into a new database goes through
    neo4j-admin database import instead (offline: the server must be stopped;
    tens of times faster than the transactional load, see benchmarks/README.md);
    afterwards start the server and run `clusteratlas load --schema-only`.

    A bundled dataset derived from another (china-inferred-links) is loaded on its own,
    under its own dataset id: load its base (china) first.
    """
    from clusteratlas.cli._progress import StepBars, progress_bar
    from clusteratlas.formats import write_frame
    from clusteratlas.graph.neo4j_store.connection import connect
    from clusteratlas.graph.neo4j_store.load import load_dataset

    if schema_only:
        _schema_only(neo4j)
        return
    dataset = dataset_from(source)  # a directory is validated as it is read (exit 4)
    dataset_id = dataset_id or source.dataset_id()
    quiet = is_quiet()
    if bulk:
        _bulk(dataset, dataset_id, neo4j_home, neo4j_conf, overwrite_destination, neo4j, fmt)
        return
    settings = settings_from(neo4j)
    driver = connect(settings)
    bars = progress_bar(quiet)
    try:
        if not quiet:
            click.echo(
                f"loading {dataset!r} as {dataset_id!r} into {settings.describe()}", err=True
            )
        summary = load_dataset(
            driver,
            dataset,
            database=settings.database,
            dataset_id=dataset_id,
            batch_size=batch_size,
            replace=replace,
            progress=bars,
        )
    finally:
        if isinstance(bars, StepBars):
            bars.close()
        driver.close()
    write_frame(summary.to_frame(), fmt)
    if not quiet:
        nodes, rels = summary.total("node"), summary.total("relationship")
        click.echo(
            f"done in {summary.seconds:.1f} s: {nodes.created} nodes created, "
            f"{nodes.updated} updated; {rels.created} relationships created, "
            f"{rels.updated} updated",
            err=True,
        )


def _schema_only(neo4j: dict[str, Any]) -> None:
    from clusteratlas.graph.neo4j_store.connection import connect
    from clusteratlas.graph.neo4j_store.schema import ensure_schema

    settings = settings_from(neo4j)
    driver = connect(settings)
    try:
        ensure_schema(driver, settings.database)
    finally:
        driver.close()
    click.echo(f"constraints and indexes ensured on {settings.describe()}", err=True)


def _bulk(
    dataset: Any,
    dataset_id: str,
    neo4j_home: Path | None,
    neo4j_conf: Path | None,
    overwrite: bool,
    neo4j: dict[str, Any],
    fmt: str,
) -> None:
    import tempfile

    from clusteratlas.formats import write_frame
    from clusteratlas.graph.neo4j_store.bulk import bulk_import

    if neo4j_home is None or neo4j_conf is None:
        raise UsageError("--bulk needs --neo4j-home and --neo4j-conf (or NEO4J_HOME, NEO4J_CONF)")
    if not (neo4j_home / "lib").is_dir():
        raise UsageError(f"--neo4j-home {str(neo4j_home)!r}: no Neo4j installation (no lib/)")
    if not neo4j_conf.is_dir():
        raise UsageError(f"--neo4j-conf {str(neo4j_conf)!r}: no such directory")
    quiet = is_quiet()
    database = settings_from(neo4j).database
    with tempfile.TemporaryDirectory(prefix="clusteratlas-import-") as work:
        if not quiet:
            click.echo(f"bulk import of {dataset!r} into database {database!r}", err=True)
        summary = bulk_import(
            dataset,
            neo4j_home=neo4j_home,
            neo4j_conf=neo4j_conf,
            work_dir=Path(work),
            database=database,
            dataset_id=dataset_id,
            overwrite=overwrite,
        )
    write_frame(summary.to_frame(), fmt)
    if not quiet:
        click.echo(
            f"imported in {summary.seconds:.1f} s; now start the server and run "
            "`clusteratlas load --schema-only`",
            err=True,
        )


COMMANDS = [load_command]
