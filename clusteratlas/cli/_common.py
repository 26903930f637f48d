"""Shared CLI plumbing: error handling with exit codes, Neo4j options, output formats.

Every command is a thin layer over public functions; this module holds what they
share so that each command module stays a few lines long.
"""

from __future__ import annotations

import functools
import json
import logging
import sys
from collections.abc import Callable
from typing import Any, TypeVar, cast

import click
import pandas as pd

from clusteratlas.errors import ClusterAtlasError

__all__ = [
    "OUTPUT_FORMATS",
    "dataset_from",
    "handle_errors",
    "neo4j_options",
    "settings_from",
    "write_frame",
]

F = TypeVar("F", bound=Callable[..., Any])

OUTPUT_FORMATS = ("table", "csv", "json", "jsonl")

log = logging.getLogger("clusteratlas")


def handle_errors(func: F) -> F:
    """Turn project errors into a message on stderr and the error's exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ClusterAtlasError as e:
            click.echo(f"Error: {e}", err=True)
            sys.exit(e.exit_code)

    return cast(F, wrapper)


def neo4j_options(func: F) -> F:
    """Add --uri/--user/--password/--database (each overrides its NEO4J_* variable)."""
    options = [
        click.option("--uri", help="Bolt URI [env NEO4J_URI; default bolt://localhost:7687]"),
        click.option("--user", help="user [env NEO4J_USER or NEO4J_USERNAME; default neo4j]"),
        click.option("--password", help="password [env NEO4J_PASSWORD] (prefer the variable)"),
        click.option("--database", help="database [env NEO4J_DATABASE; default neo4j]"),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def settings_from(kwargs: dict[str, Any]) -> Any:
    """Pop the Neo4j options out of ``kwargs`` and resolve settings (flag > env > default)."""
    from clusteratlas.graph.neo4j_store.settings import Neo4jSettings

    return Neo4jSettings.resolve(
        uri=kwargs.pop("uri", None),
        user=kwargs.pop("user", None),
        password=kwargs.pop("password", None),
        database=kwargs.pop("database", None),
    )


def format_option(default: str = "table") -> Callable[[F], F]:
    """The shared ``--format table|csv|json|jsonl`` option."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(OUTPUT_FORMATS),
        default=default,
        show_default=True,
        help="output format on stdout",
    )


def write_frame(frame: pd.DataFrame, fmt: str, stream: Any = None) -> None:
    """Write ``frame`` to stdout (or ``stream``) as a table, CSV, JSON (records) or JSON lines.

    Empty frames stay valid output: a header for CSV, ``[]`` for JSON, nothing for JSONL.
    """
    out = stream or sys.stdout
    if fmt == "csv":
        frame.to_csv(out, index=False, lineterminator="\n")
    elif fmt == "json":
        out.write(json.dumps(_records(frame), ensure_ascii=False, default=str, indent=2) + "\n")
    elif fmt == "jsonl":
        for rec in _records(frame):
            out.write(json.dumps(rec, ensure_ascii=False, default=str) + "\n")
    else:
        if frame.empty:
            out.write(
                "(no rows)\n"
                if len(frame.columns) == 0
                else " | ".join(frame.columns) + "\n(no rows)\n"
            )
        else:
            with pd.option_context(
                "display.max_rows",
                200,
                "display.max_columns",
                50,
                "display.width",
                200,
                "display.unicode.east_asian_width",
                True,
            ):
                out.write(frame.to_string(index=False) + "\n")


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    clean = frame.astype(object).where(frame.notna(), None)
    return cast(list[dict[str, Any]], clean.to_dict(orient="records"))


def dataset_from(
    path: str | None = None,
    bundled: str | None = None,
    source: str | None = None,
    settings: Any = None,
) -> Any:
    """The Dataset named by one of PATH, ``--bundled NAME`` or ``--from neo4j|PATH``.

    With none of them, the bundled China data. ``--from neo4j`` reads the whole graph
    back with ``read_dataset`` through a driver made from ``settings``.

    >>> dataset_from(path="a", bundled="china")
    Traceback (most recent call last):
    ...
    clusteratlas.errors.UsageError: give one data source: PATH, --bundled NAME or --from
    """
    from clusteratlas.errors import UsageError

    chosen = [x for x in (path, bundled, source) if x]
    if len(chosen) > 1:
        raise UsageError("give one data source: PATH, --bundled NAME or --from")
    if source == "neo4j":
        from clusteratlas.graph.neo4j_store.connection import connect
        from clusteratlas.graph.neo4j_store.read import read_dataset

        driver = connect(settings)
        try:
            return read_dataset(driver, database=settings.database)
        finally:
            driver.close()
    if path or source:
        from clusteratlas.loaders.dataset import Dataset

        return Dataset.from_dir(path or source)
    from clusteratlas.loaders.bundled import load_bundled

    return load_bundled(bundled or "china")
