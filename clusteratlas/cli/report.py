"""`clusteratlas report --region CODE|NAME [...] -o DIR`: one offline HTML report per region.

Each report (:func:`clusteratlas.graph.views.report.region_report`) profiles one region on
one page: its industry mix against the nation, location quotients, the change since the
earlier census, its resilience rank with the sampling interval, its clusters, its supply
chain in brief, its listed firms and the facts the data quote, every number with its
unit and source. The tables come from one analysis of the data
(:func:`clusteratlas.graph.analytics.pipeline.analyze`, centralities left out), run once
for all the regions asked for. Regions are accepted by code or name (``--region 320583``,
``昆山市``, ``Kunshan``).
"""

from __future__ import annotations

import logging
from typing import Any

import click

from clusteratlas.cli._common import (
    handle_errors,
    lang_option,
    neo4j_options,
    output_dir,
    region_codes,
    regions_option,
    settings_from,
)
from clusteratlas.cli._scope import resolve_cli_scope, scope_choices, scope_options
from clusteratlas.cli._source import SourceChoice, data_source_options, dataset_from
from clusteratlas.errors import UsageError

__all__ = ["COMMANDS", "report_command"]

log = logging.getLogger("clusteratlas")


@click.command("report")
@data_source_options(path_argument=True)
@regions_option("region code or name, e.g. 320583, 昆山市 or Kunshan (repeatable)")
@scope_options
@click.option(
    "-o",
    "--output",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False),
    help="DIR: the folder for report-CODE.html",
)
@lang_option
@neo4j_options
@handle_errors
def report_command(
    source: SourceChoice, regions: tuple[str, ...], out_dir: str, lang: str, **options: Any
) -> None:
    """Write one offline HTML report per --region into DIR (report-CODE.html).

    A profile to quote: the region's industry mix against the nation, its location
    quotients (small cells flagged), the change since the earlier census, its
    resilience rank with the 90% sampling interval, its detected and declared
    clusters, its sector's suppliers, buyers and final uses, its listed firms and the
    facts the data quote, each number with its unit and source. Charts are drawn by
    Apache ECharts, inlined: the page works offline. PATH is a dataset directory (the
    same as --from PATH). --lang en names regions and industries in English. Prints the
    files' paths on stdout.
    """
    if not regions:
        raise UsageError("report needs --region CODE|NAME (repeatable)")
    with output_dir(out_dir, "--output") as out:
        from clusteratlas.graph.analytics.firms import firm_cutoff_year, firms_listed_by
        from clusteratlas.graph.analytics.pipeline import analyze
        from clusteratlas.graph.definitions.lang import localise
        from clusteratlas.graph.views.report import region_report

        choices = scope_choices(options)
        dataset = dataset_from(source, settings_from(options))
        scope = resolve_cli_scope(dataset, choices)
        codes = region_codes(dataset, regions)
        dataset = localise(dataset, lang)  # names only: the codes above stay
        log.info("scores and clusters of every region (%s) ...", scope.describe())
        # a report of an earlier year counts only the firms listed by then, its clusters too
        then = firms_listed_by(dataset, firm_cutoff_year(dataset, scope))
        analysis = analyze(then, scope=scope, engine="none")
        for code in codes:
            report = region_report(
                dataset,
                code,
                scope=analysis.scope,
                scores=analysis.regions,
                clusters=analysis.clusters,
                recovery=analysis.recovery,
            )
            path = report.write_html(out / f"report-{code}.html")
            click.echo(f"{report.title}: {report.size_text}", err=True)
            click.echo(str(path))


COMMANDS = [report_command]
