"""`clusteratlas analyze`: resilience scores, clusters and centralities of a dataset.

A thin layer over :func:`clusteratlas.graph.analytics.pipeline.analyze`: the dataset comes
from the bundled data (default), a dataset directory, or Neo4j
(:mod:`clusteratlas.cli._source`); the region scores go to stdout; ``--write-back``
stores scores and clusters in Neo4j.

>>> from click.testing import CliRunner
>>> CliRunner().invoke(analyze_command, ["--bundled", "china", "--from", "x"]).exit_code
2
"""

from __future__ import annotations

import logging
from typing import Any

import click

from clusteratlas.cli._common import (
    format_option,
    handle_errors,
    lang_option,
    neo4j_options,
    settings_from,
)
from clusteratlas.cli._scope import resolve_cli_scope, scope_choices, scope_options
from clusteratlas.cli._source import SourceChoice, data_source_options, dataset_from
from clusteratlas.errors import UsageError

__all__ = ["COMMANDS", "TABLE_COLUMNS", "analyze_command", "parse_weights", "unscored_regions"]

log = logging.getLogger("clusteratlas")

TABLE_COLUMNS = [
    "rank",
    "rank_low",
    "rank_high",
    "rank_spec_low",
    "rank_spec_high",
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
@data_source_options()
@scope_options
@click.option(
    "--write-back",
    is_flag=True,
    help="store scores, clusters and cluster links in Neo4j, keyed by the analysis' scope "
    "(year, measure, level, scheme) and specification; needs --from neo4j (or "
    "--write-back-from-copy)",
)
@click.option(
    "--write-back-from-copy",
    is_flag=True,
    help="allow --write-back of an analysis of the bundled data or a directory into the "
    "server (its regions and companies must be in the graph); without it, --write-back "
    "analyses what the server holds only",
)
@click.option(
    "--engine",
    type=click.Choice(["auto", "networkx", "igraph", "gds"]),
    default="auto",
    show_default=True,
    help="who computes the network centralities: this process (networkx is the reference, "
    "igraph the fast path, auto picks by size) or Neo4j's Graph Data Science library "
    "(gds: writes the clusters and links back first, then projects them in the database)",
)
@click.option(
    "--limit", type=click.IntRange(min=1), help="print only the first N regions (by rank)"
)
@click.option(
    "--weight",
    "weights",
    multiple=True,
    metavar="COMPONENT=W",
    help="composite weight of a component, e.g. --weight entropy=1 (repeatable; replaces the "
    "default weights; components: README, 'The resilience model')",
)
@click.option(
    "--bootstrap",
    type=click.IntRange(min=0),
    help="bootstrap replicates for the sampling intervals, 0 for none [default: 200]",
)
@click.option(
    "--min-sample",
    type=click.IntRange(min=0),
    help="regions with fewer sampled units are small_sample [default: 2000]",
)
@click.option(
    "--exclude-small-samples",
    is_flag=True,
    help="leave regions below --min-sample out of the ranking (default: flag them)",
)
@click.option(
    "--min-cluster-size",
    type=click.FloatRange(min=0),
    help="smallest cluster, in E's unit [default: 30 sampled units when E is a declared "
    "sample count, else 0]",
)
@click.option(
    "--cluster-markets",
    default="traded,mixed,resource",
    show_default=True,
    help="market kinds (dataset.json industry_markets) that can form clusters, "
    "comma-separated, of traded, mixed, resource (farming, mining), local (construction, "
    "real estate, schools, hospitals, public administration)",
)
@click.option(
    "--unscored-csv",
    "unscored_csv",
    type=click.Path(dir_okay=False, writable=True),
    help="also write the regions of the analysed level left out of the ranking (no data, "
    "or a small sample with --exclude-small-samples) to this CSV: region_code, name, reason",
)
@format_option()
@lang_option
@neo4j_options
@handle_errors
def analyze_command(
    source: SourceChoice,
    write_back: bool,
    write_back_from_copy: bool,
    engine: str,
    limit: int | None,
    weights: tuple[str, ...],
    bootstrap: int | None,
    min_sample: int | None,
    exclude_small_samples: bool,
    min_cluster_size: float | None,
    cluster_markets: str,
    unscored_csv: str | None,
    fmt: str,
    lang: str,
    **options: Any,
) -> None:
    """Score every region's resilience, detect clusters, rank centralities.

    Prints one row per region of the analysed level, ranked (most resilient first):
    components, the composite 0-100 score with its 90% interval, the sample size, and
    the sectors whose shocks hurt the region more than the nation. Which regions,
    industries, measure and year: the scope options, else inferred from the data (the
    bundled data: counties x GB4754 sections, employment 2020). The model is described
    in the README ("The resilience model"); stderr says which components the composite
    used and how its intervals were computed, and, when the data declare clusters
    (its clusters table, e.g. the article's clusters in the bundled data), each one's
    state at the data's industry level (detected, not detected, or not testable when its
    industries are finer), why, and what the region's listed firms show. CSV and JSON
    rows also name each region's province and prefecture (codes and names); --lang en
    writes the names in English (the published name follows in name_zh). Column names
    are the API's; the demo's CSV files add the units (docs/data-format.md).

    `--write-back` stores one Analysis node (year, measure, level, scheme, the other
    choices as a specification), the scores as HAS_SCORES links from the Region nodes to
    it, the clusters (with their centralities) as Cluster nodes FOUND_BY it and the
    cluster network as LINKED_TO links; it analyses the server's own data (`--from
    neo4j`) unless `--write-back-from-copy` allows another source. `--engine gds`
    computes the centralities in Neo4j with Graph Data Science, on the clusters and
    links it writes back first.
    """
    import time

    from clusteratlas.formats import write_frame
    from clusteratlas.graph.analytics.pipeline import analyze
    from clusteratlas.graph.analytics.resilience import resilience_note
    from clusteratlas.graph.definitions.lang import localise, names_in
    from clusteratlas.outputs import (
        unscored_table,
        with_region_context,
        with_scope_columns,
        write_csv,
    )

    started = time.perf_counter()
    choices = scope_choices(options)
    extra: dict[str, Any] = {}
    if weights:
        extra["weights"] = parse_weights(weights)
    if bootstrap is not None:
        extra["bootstrap"] = bootstrap
    if min_sample is not None:
        extra["min_sample"] = min_sample
    if exclude_small_samples:
        extra["small_samples"] = "exclude"
    if min_cluster_size is not None:
        extra["min_cluster_size"] = min_cluster_size
    kinds = [k.strip() for k in cluster_markets.split(",") if k.strip()]
    unknown = sorted(set(kinds) - {"traded", "resource", "mixed", "local"})
    if unknown or not kinds:
        raise UsageError(
            f"--cluster-markets: unknown kind {', '.join(unknown) or '(none given)'}; "
            "kinds: traded, resource, mixed, local"
        )
    extra["cluster_markets"] = tuple(kinds)
    settings = settings_from(options)
    kind, value = source.resolve()
    data_source = "neo4j" if kind == "neo4j" else f"{kind} {value}"
    if (write_back or engine == "gds") and kind != "neo4j" and not write_back_from_copy:
        what = "--write-back" if write_back else "--engine gds (which writes back first)"
        raise UsageError(
            f"{what} would write an analysis of {data_source}, not of the server's data, "
            f"into {settings.describe()}: analyse the server's data with --from neo4j, or "
            "add --write-back-from-copy to write this one"
        )
    dataset = dataset_from(source, settings)
    scope = resolve_cli_scope(dataset, choices)
    driver = None
    if engine != "auto":
        extra["engine"] = "none" if engine == "gds" else engine
    if write_back or engine == "gds":  # connect before the work: an unreachable server fails
        from clusteratlas.graph.neo4j_store.connection import connect

        driver = connect(settings)
    try:
        log.info("analysing %r", dataset)
        analysis = analyze(dataset, scope=scope, **extra)
        log.info(
            "done in %.1f s (reading and checking the data included; the analysis %.1f s)",
            time.perf_counter() - started,
            sum(analysis.timings.values()),
        )
        log.info("resilience: %s", resilience_note(analysis.regions))
        left_out = unscored_table(analysis.regions)
        if len(left_out):
            reasons = left_out["reason"].value_counts()
            log.info(
                "unscored: %s of the data's %s %s regions are not in the ranking (%s): %s%s",
                f"{len(left_out):,}",
                f"{len(left_out) + len(analysis.regions):,}",
                scope.level,
                "; ".join(f"{n:,} {why}" for why, n in reasons.items()),
                ", ".join(f"{n} {c}" for c, n in zip(left_out["region_code"][:12],
                                                      left_out["name"][:12], strict=True)),
                ", ..." if len(left_out) > 12 else "",
            )  # fmt: skip
        else:
            log.info("unscored: none (every %s region with data is ranked)", scope.level)
        if unscored_csv is not None:
            write_csv(left_out, unscored_csv)  # UTF-8 with a byte-order mark, as every file
            log.info("wrote the %s unscored regions to %s", f"{len(left_out):,}", unscored_csv)
        spec = analysis.regions.attrs.get("specifications") or {}
        if spec.get("method"):
            log.info(
                "specification range (rank_spec_low-rank_spec_high, resilience_spec_low-high): "
                "%s specifications: shock %s; growth %s; weights %s; regions %s",
                spec["count"],
                ", ".join(spec["shock"]),
                ", ".join(spec["growth"]),
                ", ".join(spec["weights"]),
                ", ".join(spec["regions"]),
            )
        if analysis.recovery is not None:  # the declared clusters, as analyze judged them
            from clusteratlas.graph.analytics.declared import recovery_lines

            for line in recovery_lines(dataset, analysis.recovery):
                log.info("%s", line)
        if driver is not None:
            from clusteratlas.graph.neo4j_store.writeback import write_analysis

            counts = write_analysis(
                driver, **_tables(analysis), data_source=data_source, database=settings.database
            )
            log.info(
                "wrote the analysis of %s into %s as Analysis %s: %s regions' scores, "
                "%s clusters, %s memberships, %s cluster links",
                data_source,
                settings.describe(),
                counts["analysis"],
                counts["regions"],
                counts["clusters"],
                counts["members"],
                counts.get("links", 0),
            )
            if engine == "gds":
                from dataclasses import replace

                from clusteratlas.graph.definitions.engine import PathPlan
                from clusteratlas.graph.neo4j_store.gds import gds_network_centralities

                clusters, centralities, plans = gds_network_centralities(
                    driver,
                    analysis.clusters,
                    analysis.cluster_links,
                    io_year=scope.io_year,
                    io_scheme=scope.io_scheme,
                    k=int(analysis.parameters.get("centrality_k", 50)),
                    seed=int(analysis.parameters.get("seed", 0)),
                    database=settings.database,
                )
                parameters = {**analysis.parameters, "engine": "gds", "centrality_plans": plans}
                analysis = replace(
                    analysis, clusters=clusters, centralities=centralities, parameters=parameters
                )
                for network, plan in plans.items():
                    log.info(
                        "centralities of the %s network: %s", network, PathPlan(**plan).describe()
                    )
                write_analysis(
                    driver, **_tables(analysis), data_source=data_source, database=settings.database
                )
                log.info("centralities computed by GDS in Neo4j, written to the clusters")
    finally:
        if driver is not None:
            driver.close()
    regions = names_in(analysis.regions.reset_index(), dataset, lang)  # --lang: names only
    if limit is not None:
        regions = regions.head(limit)
    if fmt == "table":
        # intervals and sample sizes exist for a declared sample only: on full counts no
        # region fills them, and the table leaves them out rather than print NaN
        from clusteratlas.graph.definitions.score_columns import SAMPLE_ONLY_COLUMNS

        empty = {c for c in SAMPLE_ONLY_COLUMNS if c in regions and regions[c].isna().all()}
        if "sample_size" in empty or "sample_size" not in regions:
            empty.add("small_sample")
        regions = regions[[c for c in TABLE_COLUMNS if c in regions.columns and c not in empty]]
    else:  # what each number counts, and where each region lies
        regions = with_region_context(with_scope_columns(regions, scope), localise(dataset, lang))
    write_frame(regions, fmt)


def unscored_regions(dataset: Any, analysis: Any) -> list[str]:
    """``NAME CODE`` of each region of the analysed level that the ranking leaves out (no
    rows of the measure in the year, e.g. a successor unit or one a load could not
    place), in code order.

    >>> from clusteratlas.graph.analytics.pipeline import analyze
    >>> from clusteratlas.graph.definitions.examples import example_dataset
    >>> ds = example_dataset()
    >>> unscored_regions(ds, analyze(ds, growth_years=(2017, 2019)))
    []
    """
    level = analysis.scope.level
    regions = dataset.regions[dataset.regions["level"] == level]
    missing = regions[~regions["code"].isin(analysis.regions.index)].sort_values("code")
    return [f"{n} {c}" for n, c in zip(missing["name"], missing["code"], strict=True)]


def parse_weights(pairs: tuple[str, ...]) -> dict[str, float]:
    """``("entropy=1", "worst_loss=0.5")`` -> ``{"entropy": 1.0, "worst_loss": 0.5}``.

    The names are checked by the composite (an unknown one is a usage error listing them).

    >>> parse_weights(("entropy=1", "worst_loss=0.5"))
    {'entropy': 1.0, 'worst_loss': 0.5}
    >>> parse_weights(("entropy",))
    Traceback (most recent call last):
    ...
    clusteratlas.errors.UsageError: --weight 'entropy': expected COMPONENT=WEIGHT, e.g. entropy=1
    """
    out: dict[str, float] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"--weight {pair!r}: expected COMPONENT=WEIGHT, e.g. entropy=1")
        try:
            out[name.strip()] = float(value)
        except ValueError as e:
            raise UsageError(f"--weight {pair!r}: {value!r} is not a number") from e
    return out


COMMANDS = [analyze_command]


def _tables(analysis: Any) -> dict[str, Any]:
    """The frames of an analysis that the store writes back (it knows no Analysis)."""
    return {
        "regions": analysis.regions,
        "clusters": analysis.clusters,
        "members": analysis.members,
        "parameters": analysis.parameters,
        "cluster_links": analysis.cluster_links,
    }
