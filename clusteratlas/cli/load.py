"""`clusteratlas load [PATH | --bundled china]`: validate, then write into Neo4j in batches."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from clusteratlas.cli._common import handle_errors, neo4j_options, settings_from, write_frame
from clusteratlas.loaders.errors import UsageError


@click.command("load")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("--bundled", metavar="NAME", help="load a bundled dataset (china) instead of PATH")
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
@neo4j_options
@click.pass_context
@handle_errors
def load_command(
    ctx: click.Context,
    path: Path | None,
    bundled: str | None,
    batch_size: int,
    replace: bool,
    dataset_id: str | None,
    **neo4j: Any,
) -> None:
    """Load a dataset directory or a bundled dataset into Neo4j.

    The data is validated first: invalid input writes nothing (exit 4). Nodes,
    then relationships, are MERGEd in batches inside retried transactions, so
    loading twice changes nothing and a rerun after an interrupted load
    completes it. Prints a summary table (rows, created, updated per label and
    relationship type) on stdout and progress on stderr.
    """
    from clusteratlas.graph.connection import connect
    from clusteratlas.graph.store import load_dataset, stderr_progress
    from clusteratlas.loaders.dataset import Dataset

    if (path is None) == (bundled is None):
        raise UsageError("give exactly one of PATH or --bundled NAME")
    if bundled is not None:
        from clusteratlas.loaders.bundled import load_bundled

        dataset = load_bundled(bundled)
        dataset_id = dataset_id or bundled
    else:
        assert path is not None
        dataset = Dataset.from_dir(path)  # raises DataValidationError (exit 4)
        dataset_id = dataset_id or path.resolve().name
    quiet = bool((ctx.find_root().obj or {}).get("quiet"))
    settings = settings_from(neo4j)
    driver = connect(settings)
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
            progress=None if quiet else stderr_progress(),
        )
    finally:
        driver.close()
    write_frame(summary.to_frame(), "table")
    if not quiet:
        nodes, rels = summary.total("node"), summary.total("relationship")
        click.echo(
            f"done in {summary.seconds:.1f} s: {nodes.created} nodes created, "
            f"{nodes.updated} updated; {rels.created} relationships created, "
            f"{rels.updated} updated",
            err=True,
        )


COMMANDS = [load_command]
