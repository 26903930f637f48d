"""`clusteratlas demo [--from neo4j|DIR | --bundled NAME]`: the main job, embedded, no server.

Runs :func:`clusteratlas.graph.analytics.pipeline.analyze` on the dataset (by default the
bundled China data; :mod:`clusteratlas.cli._source`), prints
the regions it features (``dataset.json`` ``featured_regions``: the article's counties)
ranked by resilience with their main exposure, and writes
the full tables and the views into ``--out`` through
:func:`clusteratlas.outputs.write_demo_outputs`.
"""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    import pandas as pd

    from clusteratlas.loaders.dataset import Dataset

__all__ = ["COMMANDS", "default_regions", "demo_command"]

log = logging.getLogger("clusteratlas")


def _interval_note(regions: pd.DataFrame) -> str:
    """One line on how the intervals were computed (from ``resilience_scores``' attrs)."""
    u = regions.attrs.get("uncertainty") or {}
    text = "no sampling intervals"
    if u.get("method"):
        text = (
            f"_low/_high: {u['confidence']:.0%} intervals from {u['replicates']} multinomial "
            f"bootstrap replicates (seed {u['seed']}), sampling noise only"
        )
    spec = regions.attrs.get("specifications") or {}
    if spec.get("method"):
        text += (
            f"; _spec_low/_spec_high: best and worst over "
            f"{spec.get('distinct', spec['count'])} distinct specifications "
            "(shock level and size, growth windows with and without classification breaks, "
            "weights, small samples)"
        )
    return text


def default_regions(regions: pd.DataFrame, n: int = 5) -> list[str]:
    """The ``n`` regions with the largest total (``amount``), for a user dataset's demo.

    >>> import pandas as pd
    >>> default_regions(pd.DataFrame({"amount": [5.0, 9.0, 1.0]}, index=["a", "b", "c"]), 2)
    ['b', 'a']
    """
    return [str(c) for c in regions["amount"].sort_values(ascending=False).index[:n]]


@click.command("demo")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False),
    default="clusteratlas-demo",
    show_default=True,
    help="directory for the full CSV tables and the HTML views",
)
@data_source_options()
@regions_option(
    "a region to print and draw, by code or name (repeatable) [default: the regions the "
    "data feature (dataset.json featured_regions; the bundled data: the article's "
    "counties), else the five largest]"
)
@scope_options
@lang_option
@neo4j_options
@handle_errors
def demo_command(
    out_dir: str, source: SourceChoice, regions: tuple[str, ...], lang: str, **options: Any
) -> None:
    """Run the main job, embedded (no server needed): the bundled China data or your own.

    Scores the resilience of every region (the bundled data: every county with census
    data, 2,840 in 2020), detects clusters and ranks their centrality, prints the chosen
    regions (by default those the data feature: the article's counties, Nanshan, Kunshan,
    Jiangyin, Changsha County, Yiwu, Jinjiang, Cixi, Wuhou) ranked with their main
    exposure, and writes the full tables and the views of those regions into OUT. With
    --from DIR the same for your dataset (its featured regions, else its five largest;
    the scope options choose its level, scheme, measure... where the data leave them
    open); --from neo4j reads the graph back, --bundled NAME another bundled dataset (a
    derived one with its base). --lang en names regions and industries in English in the
    printout, the tables and the pages.
    """
    start = time.perf_counter()
    with output_dir(out_dir, "--out") as out:  # a bad --out fails now; a failed run removes it
        _demo(out, out_dir, source, regions, {**options, "lang": lang}, start)


def _demo(
    out: Path,
    out_dir: str,
    source: SourceChoice,
    regions: tuple[str, ...],
    options: dict[str, Any],
    start: float,
) -> None:
    """The demo's work, writing into ``out`` (created by :func:`demo_command`)."""
    from clusteratlas.formats import write_frame
    from clusteratlas.graph.analytics.firms import firm_cutoff_year, firms_listed_by
    from clusteratlas.graph.analytics.pipeline import analyze
    from clusteratlas.graph.analytics.resilience import resilience_scores
    from clusteratlas.graph.definitions.lang import localise
    from clusteratlas.loaders.dataset_json import (
        coverage_note,
        featured_regions,
        is_sample_count,
        measure_label,
        region_word,
    )
    from clusteratlas.outputs import (
        ANALYSIS_TABLES,
        RECOVERY_TABLE,
        seed_table,
        write_demo_outputs,
    )

    choices = scope_choices(options)
    dataset = dataset_from(source, settings_from(options))
    scope = resolve_cli_scope(dataset, choices)
    codes = region_codes(dataset, regions)
    dataset = localise(dataset, options.get("lang", "zh"))  # names only: codes stay
    log.info(
        "scoring the resilience of every %s (%s), with sampling intervals where the data are "
        "a sample ...",
        region_word(scope.level),
        scope.describe(),
    )
    scores = resilience_scores(dataset, scope=scope)  # cached: analyze() below reuses it
    featured = featured_regions(dataset)
    if codes:
        chosen = codes
    elif featured:
        chosen = featured
    else:
        chosen = default_regions(scores)
    table = seed_table(scores, chosen)
    n = len(scores)
    level, levels = region_word(scope.level), region_word(scope.level, plural=True)
    which = "featured" if featured and not codes else "chosen"
    unit = f" in {scope.unit}" if scope.unit else ""
    label = measure_label(dataset.metadata, scope.measure, scope.level)
    measure = f"{label},{unit}" if label and unit else label or f"{scope.measure}{unit}"
    click.echo(
        f"Resilience of {len(table)} {which} {levels} among {n:,} {levels} "
        f"({measure}, {scope.year}, 0-100):"
    )
    write_frame(table, "table")
    if len(table):
        best, worst = table.iloc[0], table.iloc[-1]
        exposed = worst.get("worst_sector_name")
        click.echo(
            f"Of these {len(table)}, most resilient: {best['name']} "
            f"({best['resilience']:.1f}, #{int(best['rank']):,} of {n:,}); least: "
            f"{worst['name']} ({worst['resilience']:.1f}, #{int(worst['rank']):,})"
            + (
                f", which a fall in demand for {exposed} hurts most beyond the national average."
                if isinstance(exposed, str)
                else "."
            )
        )
    notes = []
    if "worst_loss" in (scores.attrs.get("components") or {}):
        notes.append(
            f"Losses are shares of a {level}'s activity (0.01 = 1%) after "
            + str(scores.attrs.get("shock") or "a 10% fall in one sector's final demand")
        )
    if is_sample_count(dataset.metadata, scope.measure, scope.level):
        notes.append(
            f"sample_size: the {level}'s units in the sample ({scope.measure} is a sample "
            "count, dataset.json samples)"
        )
    notes.append(_interval_note(scores))
    click.echo("; ".join(notes) + ".")
    # the data's own coverage facts (dataset.json coverage: counties without data, zones in
    # no county) when it has them, else the regions of the level that have no values
    covered = coverage_note(dataset.metadata, scope.level, scope.year, n)
    unscored = _unscored(dataset, scope.level, scores)
    if covered:
        click.echo(f"Coverage: {covered}")
    elif unscored:
        shown = ", ".join(unscored[:5]) + (", ..." if len(unscored) > 5 else "")
        click.echo(
            f"Not scored: {len(unscored):,} {levels if len(unscored) > 1 else level} with no "
            f"{scope.measure} values in {scope.year} ({shown}): "
            + ("they are in no ranking." if len(unscored) > 1 else "it is in no ranking.")
        )
    sys.stdout.flush()
    log.info("ranked in %.1f s; now clusters, centralities and views", time.perf_counter() - start)
    # a demo of an earlier year counts only the firms listed by then, its clusters' too
    analysis = analyze(firms_listed_by(dataset, firm_cutoff_year(dataset, scope)), scope=scope)
    tables = list(ANALYSIS_TABLES)
    if analysis.recovery is not None and len(analysis.recovery):
        from clusteratlas.graph.analytics.declared import recovery_summary

        click.echo(f"Declared clusters: {recovery_summary(analysis.recovery)} ({RECOVERY_TABLE}).")
        tables.append(RECOVERY_TABLE)
    paths = write_demo_outputs(analysis, dataset, out, chosen)
    log.info(
        "wrote %d files into %s (tables: %s, analysis.json; views: views/index.html) in %.1f s",
        len(paths),
        out_dir,
        ", ".join(tables),
        time.perf_counter() - start,
    )


COMMANDS = [demo_command]


def _unscored(dataset: Dataset, level: str, scores: pd.DataFrame) -> list[str]:
    """Codes of the regions of ``level`` that ``scores`` has no row for (no values in E)."""
    regions = dataset.regions
    codes = regions.loc[regions["level"] == level, "code"].astype(str)
    return sorted(set(codes) - set(scores.index.astype(str)))
