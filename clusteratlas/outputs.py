"""Files an analysis run writes: the full tables as CSV, and the demo's tables plus views.

The one place that writes analysis results to disk, used by ``clusteratlas demo``
and callable from scripts. The analytics never write files; the views write their
own pages (:func:`clusteratlas.graph.views.write_demo_views`); this module composes
them.

Examples
--------
>>> import pandas as pd
>>> regions = pd.DataFrame({"rank": [2, 1], "name": ["b", "a"], "resilience": [40.0, 90.0],
...     "entropy": [1.0, 2.0], "worst_sector_name": ["x", "y"], "worst_loss": [0.1, 0.05],
...     "main_dependency_name": ["z", "z"]}, index=pd.Index(["2", "1"], name="region_code"))
>>> seed_table(regions, ["2", "1", "9"])["region_code"].tolist()
['1', '2']
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from clusteratlas.graph.analytics.pipeline import Analysis
    from clusteratlas.graph.definitions.scope import AnalysisScope
    from clusteratlas.loaders.dataset import Dataset

__all__ = [
    "ANALYSIS_TABLES",
    "RECOVERY_TABLE",
    "SEED_COLUMNS",
    "seed_table",
    "with_scope_columns",
    "write_analysis_tables",
    "write_demo_outputs",
]

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
"""Columns of the demo's table of the chosen regions."""

OPTIONAL_SEED_COLUMNS = frozenset(
    {"rank_low", "rank_high", "sample_size", "resilience_low", "resilience_high"}
)
"""Columns :func:`seed_table` leaves out when no region has a value (data that are no sample
have no sampling intervals and no sample size)."""

ANALYSIS_TABLES = ("regions.csv", "clusters.csv", "cluster_members.csv", "centralities.csv")
"""The files :func:`write_analysis_tables` writes, in order (then :data:`RECOVERY_TABLE`
when the data declare clusters, and ``analysis.json``)."""

RECOVERY_TABLE = "recovery.csv"
"""The declared clusters' recovery table (``Analysis.recovery``: each declared cluster's
state at E's level and the listed firms' verdict), written when the data declare clusters."""


def seed_table(regions: pd.DataFrame, seeds: Sequence[str]) -> pd.DataFrame:
    """The chosen regions' rows of the region scores (``seeds``: e.g. the dataset's
    featured regions), most resilient first (absent ones skipped).

    Ties in ``rank`` are broken by region code; the columns are :data:`SEED_COLUMNS`
    that the table has, less those of :data:`OPTIONAL_SEED_COLUMNS` that are empty for
    every region (intervals and sample sizes of data that are no sample).

    >>> import pandas as pd
    >>> scores = pd.DataFrame({"rank": [1, 2], "rank_low": [None, None], "name": ["a", "b"],
    ...     "resilience": [90.0, 10.0]}, index=pd.Index(["2", "1"], name="region_code"))
    >>> list(seed_table(scores, ["1", "2"]).columns)
    ['rank', 'region_code', 'name', 'resilience']
    """
    present = [c for c in seeds if c in regions.index]
    table = regions.loc[present].reset_index().sort_values(["rank", "region_code"])
    # intervals and sample sizes exist only for a declared sample: a column that is empty
    # for every region scored says nothing, so it is left out (full counts: no intervals)
    empty = {c for c in OPTIONAL_SEED_COLUMNS if c in regions.columns and regions[c].isna().all()}
    columns = [c for c in SEED_COLUMNS if c in table.columns and c not in empty]
    return table[columns].reset_index(drop=True)


def with_scope_columns(frame: pd.DataFrame, scope: AnalysisScope | None) -> pd.DataFrame:
    """``frame`` with the scope's ``year``, ``measure`` and ``unit`` as last columns (so a
    CSV or JSON row says what its numbers count); unchanged without a scope.

    >>> import pandas as pd
    >>> from clusteratlas.graph.definitions.scope import AnalysisScope
    >>> s = AnalysisScope("county", "GB4754", "employment", 2020, unit="persons")
    >>> with_scope_columns(pd.DataFrame({"a": [1]}), s).to_dict("records")
    [{'a': 1, 'year': 2020, 'measure': 'employment', 'unit': 'persons'}]
    """
    if scope is None:
        return frame
    return frame.assign(year=scope.year, measure=scope.measure, unit=scope.unit)


def write_analysis_tables(analysis: Analysis, out_dir: str | Path) -> list[Path]:
    """Write the tables of an analysis into ``out_dir`` (UTF-8 CSV, ``\\n``) and return the paths.

    ``regions.csv`` (resilience scores, one row per region, with its code and the
    scope's year, measure and unit), ``clusters.csv`` (clusters with their centrality in
    the cluster network, and the year, measure and unit their ``size`` counts),
    ``cluster_members.csv``, ``centralities.csv`` (industry and supply network nodes),
    ``recovery.csv`` when the data declare clusters (the declared clusters: detected,
    not detected or not testable at E's level, and the listed firms' evidence;
    ``Analysis.recovery``) and ``analysis.json`` (the scope and parameters). The
    directory is created.

    >>> import tempfile, pandas as pd
    >>> from clusteratlas.graph.analytics.pipeline import analyze
    >>> from clusteratlas.graph.definitions.examples import example_dataset
    >>> with tempfile.TemporaryDirectory() as d:
    ...     paths = write_analysis_tables(analyze(example_dataset(), growth_years=(2017, 2019)), d)
    ...     [p.name for p in paths][-2:], pd.read_csv(paths[0], dtype=str)["region_code"].tolist()
    (['centralities.csv', 'analysis.json'], ['11', '12'])
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    frames = (
        with_scope_columns(analysis.regions.reset_index(), analysis.scope),
        with_scope_columns(analysis.clusters, analysis.scope),  # what size counts
        analysis.members,
        analysis.centralities,
    )
    paths = []
    for name, frame in zip(ANALYSIS_TABLES, frames, strict=True):
        path = out / name
        frame.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
        paths.append(path)
    if analysis.recovery is not None and len(analysis.recovery):
        path = out / RECOVERY_TABLE
        analysis.recovery.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
        paths.append(path)
    path = out / "analysis.json"
    text = json.dumps(analysis.parameters, ensure_ascii=False, indent=2, default=str)
    path.write_text(text + "\n", encoding="utf-8")
    return [*paths, path]


def write_demo_outputs(
    analysis: Analysis,
    dataset: Dataset,
    out_dir: str | Path,
    regions: Sequence[str] | None = None,
) -> list[Path]:
    """Write what ``clusteratlas demo`` leaves behind and return the paths.

    The tables of :func:`write_analysis_tables` in ``out_dir``, then the offline HTML
    views of ``regions`` (default: the dataset's featured regions,
    :func:`~clusteratlas.loaders.dataset_json.featured_regions`; the bundled data: the
    article's eight counties) in ``out_dir/views``
    with ``views/index.html`` last (:func:`clusteratlas.graph.views.write_demo_views`,
    reusing the analysis's clusters and region scores; the index links the tables).

    >>> write_demo_outputs(analyze(ds, 2020), ds, "clusteratlas-demo")  # doctest: +SKIP
    """
    from clusteratlas.graph.views import write_demo_views
    from clusteratlas.loaders.dataset_json import featured_regions

    if regions is None:
        regions = featured_regions(dataset)
    tables = write_analysis_tables(analysis, out_dir)
    views = write_demo_views(
        dataset,
        Path(out_dir) / "views",
        regions,
        clusters=analysis.clusters,
        scores=analysis.regions,
        tables={path.name: f"../{path.name}" for path in tables},
        scope=analysis.scope,
        network=analysis.network,
        recovery=analysis.recovery,
    )
    return tables + views
