"""`clusteratlas demo`: the main job on the bundled China data, embedded, no server.

Runs :func:`clusteratlas.graph.analytics.pipeline.analyze` on the bundled dataset, prints
the article's counties ranked by resilience with their main exposure, and writes
the full tables into ``--out``. :func:`write_demo_outputs` is the one place that
writes files: add further outputs (views) there.

>>> import pandas as pd
>>> regions = pd.DataFrame({"rank": [2, 1], "name": ["b", "a"], "resilience": [40.0, 90.0],
...     "entropy": [1.0, 2.0], "worst_sector_name": ["x", "y"], "worst_loss": [0.1, 0.05],
...     "main_dependency_name": ["z", "z"]}, index=pd.Index(["2", "1"], name="region_code"))
>>> seed_table(regions, ["2", "1", "9"])["region_code"].tolist()
['1', '2']
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click
import pandas as pd

from clusteratlas.cli._common import handle_errors, write_frame
from clusteratlas.loaders.bundled import CHINA_SEED_COUNTIES
from clusteratlas.loaders.dataset import Dataset

__all__ = ["COMMANDS", "SEED_COUNTIES", "demo_command", "seed_table", "write_demo_outputs"]

log = logging.getLogger("clusteratlas")

SEED_COUNTIES = CHINA_SEED_COUNTIES

SEED_COLUMNS = [
    "rank",
    "rank_low",
    "rank_high",
    "region_code",
    "name",
    "sample_size",
    "resilience",
    "resilience_low",
    "resilience_high",
    "worst_sector_name",
    "worst_sector_excess",
    "main_dependency_name",
]


def seed_table(regions: pd.DataFrame, seeds: Sequence[str] = SEED_COUNTIES) -> pd.DataFrame:
    """The seed counties' rows of the region scores, most resilient first (absent ones skipped)."""
    present = [c for c in seeds if c in regions.index]
    table = regions.loc[present].reset_index().sort_values(["rank", "region_code"])
    return table[[c for c in SEED_COLUMNS if c in table.columns]].reset_index(drop=True)


def write_demo_outputs(analysis: Any, dataset: Dataset, out_dir: str | Path) -> list[Path]:
    """Write the analysis tables into ``out_dir`` (UTF-8 CSV) and return their paths.

    ``regions.csv`` (resilience scores, one row per county), ``clusters.csv`` (clusters
    with their centrality in the cluster network), ``cluster_members.csv``,
    ``centralities.csv`` (industry and supply network nodes), and the offline HTML views
    of the seed counties in ``views/`` (``views/index.html`` links them).
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    tables = {
        "regions.csv": analysis.regions.reset_index(),
        "clusters.csv": analysis.clusters,
        "cluster_members.csv": analysis.members,
        "centralities.csv": analysis.centralities,
    }
    paths = []
    for name, frame in tables.items():
        path = out / name
        frame.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
        paths.append(path)
    from clusteratlas.graph.views import write_demo_views

    views = write_demo_views(
        dataset,
        out / "views",
        SEED_COUNTIES,
        clusters=analysis.clusters,
        scores=analysis.regions,
        tables={name: f"../{name}" for name in tables},
    )
    return paths + views


def _interval_note(regions: pd.DataFrame) -> str:
    """One line on how the intervals were computed (from ``resilience_scores``' attrs)."""
    u = regions.attrs.get("uncertainty") or {}
    if not u.get("method"):
        return "no sampling intervals"
    return (
        f"_low/_high: {u['confidence']:.0%} intervals from {u['replicates']} multinomial "
        f"bootstrap replicates (seed {u['seed']})"
    )


@click.command("demo")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False),
    default="clusteratlas-demo",
    show_default=True,
    help="directory for the full CSV tables",
)
@click.option("--year", type=int, default=2020, show_default=True, help="census year of E")
@handle_errors
def demo_command(out_dir: str, year: int) -> None:
    """Run the main job on the bundled China data (no server needed).

    Scores the resilience of all 2,845 counties, detects clusters and ranks their
    centrality, prints the article's counties (Nanshan, Kunshan, Jiangyin, Changsha
    County, Yiwu, Jinjiang, Cixi, Wuhou) ranked with their main exposure, and writes
    the full tables into OUT.
    """
    from clusteratlas.graph.analytics.pipeline import analyze
    from clusteratlas.graph.analytics.resilience import resilience_scores
    from clusteratlas.loaders.bundled import load_bundled

    start = time.perf_counter()
    dataset = load_bundled("china")
    regions = resilience_scores(dataset, year)  # cached: analyze() below reuses it
    table = seed_table(regions)
    n = len(regions)
    click.echo(f"Resilience of the article's counties among {n} counties ({year}, 0-100):")
    write_frame(table, "table")
    if len(table):
        best, worst = table.iloc[0], table.iloc[-1]
        click.echo(
            f"Most resilient: {best['name']} ({best['resilience']:.1f}); least: "
            f"{worst['name']} ({worst['resilience']:.1f}), which a fall in demand for "
            f"{worst['worst_sector_name']} hurts most beyond the national average."
        )
    click.echo(
        "Losses are shares of a county's activity (0.01 = 1%) after a 10% fall in one "
        "sector's final demand; sample_size: sampled workers (census long form); "
        f"{_interval_note(regions)}."
    )
    sys.stdout.flush()
    log.info("ranked in %.1f s; now clusters, centralities and views", time.perf_counter() - start)
    analysis = analyze(dataset, year)
    paths = write_demo_outputs(analysis, dataset, out_dir)
    log.info(
        "wrote %d files into %s (tables: regions.csv, clusters.csv, cluster_members.csv, "
        "centralities.csv; views: views/index.html) in %.1f s",
        len(paths),
        out_dir,
        time.perf_counter() - start,
    )


COMMANDS = [demo_command]
