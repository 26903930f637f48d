"""`clusteratlas analyze`: resilience scores, clusters and centralities of a dataset.

A thin layer over :func:`clusteratlas.graph.analytics.pipeline.analyze`: the dataset comes
from the bundled data (default), a dataset directory, or Neo4j; the region
scores go to stdout; ``--write-back`` stores scores and clusters in Neo4j.

>>> from click.testing import CliRunner
>>> CliRunner().invoke(analyze_command, ["--bundled", "china", "--from", "x"]).exit_code
2
"""

from __future__ import annotations

import logging
from typing import Any

import click

from clusteratlas.cli._common import (
    DataSource,
    bundled_option,
    check_year,
    dataset_from,
    format_option,
    handle_errors,
    neo4j_options,
    settings_from,
)
from clusteratlas.cli._common import write_frame as _write_frame

__all__ = ["COMMANDS", "TABLE_COLUMNS", "analyze_command"]

log = logging.getLogger("clusteratlas")

TABLE_COLUMNS = [
    "rank",
    "rank_low",
    "rank_high",
    "region_code",
    "name",
    "sample_size",
    "small_sample",
    "resilience",
    "resilience_low",
    "resilience_high",
    "entropy",
    "portfolio_variance",
    "worst_loss",
    "worst_sector_name",
    "main_dependency_name",
]
"""Columns of ``--format table`` (CSV and JSON carry every column)."""


@click.command("analyze")
@click.option(
    "--from",
    "source",
    type=DataSource(),
    help="read the dataset from Neo4j or a dataset directory [default: --bundled china]",
)
@bundled_option("use a bundled dataset (the default when no other source is given)")
@click.option("--year", type=int, default=2020, show_default=True, help="year of E")
@click.option("--write-back", is_flag=True, help="store scores and clusters in Neo4j")
@click.option(
    "--limit", type=click.IntRange(min=1), help="print only the first N regions (by rank)"
)
@format_option()
@neo4j_options
@handle_errors
def analyze_command(
    source: str | None,
    bundled: str | None,
    year: int,
    write_back: bool,
    limit: int | None,
    fmt: str,
    **neo4j: Any,
) -> None:
    """Score every county's resilience, detect clusters, rank centralities.

    Prints one row per region, ranked (most resilient first): components, the
    composite 0-100 score and the sector driving the worst-case loss. The model
    is described in the README ("Python API").
    """
    from clusteratlas.graph.analytics.pipeline import analyze

    settings = settings_from(neo4j)
    dataset = dataset_from(bundled=bundled, source=source, settings=settings)
    check_year(dataset, year)
    driver = None
    if write_back:  # connect before the work: an unreachable server fails at once
        from clusteratlas.graph.neo4j_store.connection import connect

        driver = connect(settings)
    try:
        log.info("analysing %r", dataset)
        analysis = analyze(dataset, year)
        log.info("done in %.1f s", sum(analysis.timings.values()))
        if driver is not None:
            from clusteratlas.graph.neo4j_store.writeback import write_analysis

            counts = write_analysis(driver, analysis, database=settings.database)
            log.info("wrote to %s: %s", settings.describe(), counts)
    finally:
        if driver is not None:
            driver.close()
    regions = analysis.regions.reset_index()
    if limit is not None:
        regions = regions.head(limit)
    if fmt == "table":
        regions = regions[[c for c in TABLE_COLUMNS if c in regions.columns]]
    _write_frame(regions, fmt)


COMMANDS = [analyze_command]
