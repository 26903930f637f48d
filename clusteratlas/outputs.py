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
    "UNSCORED_TABLE",
    "seed_table",
    "unscored_table",
    "with_region_context",
    "with_scope_columns",
    "write_analysis_tables",
    "write_csv",
    "write_demo_outputs",
]

SEED_COLUMNS = [
    "rank",
    "rank_low",
    "rank_high",
    "rank_spec_low",
    "rank_spec_high",
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
when the data declare clusters, :data:`UNSCORED_TABLE` and ``analysis.json``)."""

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


UNSCORED_TABLE = "unscored.csv"
"""The regions of the analysed level that the ranking leaves out, with why."""


def unscored_table(regions: pd.DataFrame) -> pd.DataFrame:
    """The regions a resilience table leaves out (its ``attrs["unscored"]``), one row each.

    Returns
    -------
    DataFrame
        ``region_code, name, reason`` in code order (empty, with those columns, when every
        region is scored or the table has no such ``attrs``).

    >>> import pandas as pd
    >>> t = pd.DataFrame(index=["1"])
    >>> t.attrs["unscored"] = [{"region_code": "2", "name": "B", "reason": "no rows"}]
    >>> unscored_table(t).to_dict("records")
    [{'region_code': '2', 'name': 'B', 'reason': 'no rows'}]
    """
    import pandas as pd  # heavy: imported when first used

    rows = regions.attrs.get("unscored") or []
    return pd.DataFrame(rows, columns=["region_code", "name", "reason"])


def with_region_context(
    frame: pd.DataFrame, dataset: Dataset, code_column: str = "region_code"
) -> pd.DataFrame:
    """``frame`` with the code and name of each row's region's ancestors, from the top down
    (the bundled data: ``province_code, province_name, prefecture_code, prefecture_name``),
    after its name column (``name_zh``, ``name`` or ``region_name``), so that a row names its
    region unambiguously (two 朝阳区: one in Beijing, one in Changchun).

    The levels are those above the rows' own, the country left out; a row with no ancestor
    at a level has empty cells; a column the frame already has is not added.

    >>> from clusteratlas.graph.definitions.examples import example_dataset
    >>> import pandas as pd
    >>> t = pd.DataFrame({"region_code": ["11", "12"], "name": ["a", "b"]})
    >>> with_region_context(t, example_dataset()).columns.tolist()
    ['region_code', 'name', 'province_code', 'province_name']
    """
    from clusteratlas.graph.definitions.regions import region_ancestors

    if code_column not in frame.columns or frame.empty:
        return frame
    reg = dataset.regions
    level_of = dict(zip(reg["code"].astype(str), reg["level"].astype(str), strict=True))
    parent_of = dict(zip(reg["code"].astype(str), reg["parent_code"], strict=True))
    names = dict(zip(reg["code"].astype(str), reg["name"], strict=True))

    def depth(code: str) -> int:
        n, seen = 0, {code}
        while isinstance(parent_of.get(code), str) and parent_of[code] not in seen:
            code = parent_of[code]
            seen.add(code)
            n += 1
        return n

    codes = frame[code_column].astype(str)
    own = {level_of.get(c) for c in codes}
    depths: dict[str, list[int]] = {}
    for code, level in level_of.items():
        if level not in own and level != "country":
            depths.setdefault(level, []).append(depth(code))
    out = frame.copy()
    at = next(
        (list(out.columns).index(c) + 1 for c in ("name_zh", "name", "region_name") if c in out),
        len(out.columns),
    )
    for level in sorted(depths, key=lambda lv: (sum(depths[lv]) / len(depths[lv]), lv)):
        above = region_ancestors(dataset, level)
        column_code, column_name = f"{level}_code", f"{level}_name"
        if column_code in out.columns or column_name in out.columns:
            continue
        ancestors = codes.map(above).where(lambda a: a != codes)
        if ancestors.isna().all():
            continue
        out.insert(at, column_code, ancestors.to_numpy())
        out.insert(at + 1, column_name, ancestors.map(names).to_numpy())
        at += 2
    return out


def write_csv(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write ``frame`` as an exported CSV file: UTF-8 with a byte-order mark (Excel then reads
    Chinese correctly; read it back with ``encoding="utf-8-sig"``, as pandas does by
    itself), ``\n`` line ends, the unit in each header that has one
    (:func:`~clusteratlas.graph.definitions.export_columns.with_unit_headers`).

    >>> import tempfile, pandas as pd
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = write_csv(pd.DataFrame({"name": ["昆山市"], "share": [0.5]}), Path(d) / "t.csv")
    ...     p.read_bytes()[:3], pd.read_csv(p).columns.tolist()
    (b'\xef\xbb\xbf', ['name', 'share_frac'])
    """
    from clusteratlas.graph.definitions.export_columns import with_unit_headers

    out = Path(path)
    with_unit_headers(frame).to_csv(out, index=False, encoding="utf-8-sig", lineterminator="\n")
    return out


def write_analysis_tables(
    analysis: Analysis, out_dir: str | Path, dataset: Dataset | None = None
) -> list[Path]:
    """Write the tables of an analysis into ``out_dir`` (:func:`write_csv`: UTF-8 with a
    byte-order mark, units in the headers) and return the paths.

    ``regions.csv`` (resilience scores, one row per region, with its code and the
    scope's year, measure and unit), ``clusters.csv`` (clusters with their centrality in
    the cluster network, and the year, measure and unit their ``size`` counts),
    ``cluster_members.csv``, ``centralities.csv`` (industry and supply network nodes),
    ``recovery.csv`` when the data declare clusters (the declared clusters: detected,
    not detected or not testable at E's level, and the listed firms' evidence;
    ``Analysis.recovery``), ``unscored.csv`` (the regions of the analysed level left out
    of the ranking: ``region_code, name, reason``; :func:`unscored_table`) and
    ``analysis.json`` (the scope and parameters). With ``dataset`` (the data analysed),
    the rows of regions, clusters and declared clusters name their region's province and
    prefecture (:func:`with_region_context`). The directory is created.

    >>> import tempfile, pandas as pd
    >>> from clusteratlas.graph.analytics.pipeline import analyze
    >>> from clusteratlas.graph.definitions.examples import example_dataset
    >>> with tempfile.TemporaryDirectory() as d:
    ...     paths = write_analysis_tables(analyze(example_dataset(), growth_years=(2017, 2019)), d)
    ...     regions = pd.read_csv(paths[0], dtype=str, encoding="utf-8-sig")
    ...     names, codes = [p.name for p in paths][-2:], regions["region_code"].tolist()
    ...     names, codes, "worst_loss_frac" in regions
    (['unscored.csv', 'analysis.json'], ['11', '12'], True)
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    frames = (
        with_scope_columns(analysis.regions.reset_index(), analysis.scope),
        with_scope_columns(analysis.clusters, analysis.scope),  # what size counts
        analysis.members,
        analysis.centralities,
    )
    tables = dict(zip(ANALYSIS_TABLES, frames, strict=True))
    if analysis.recovery is not None and len(analysis.recovery):
        tables[RECOVERY_TABLE] = analysis.recovery
    tables[UNSCORED_TABLE] = unscored_table(analysis.regions)
    paths = []
    for name, frame in tables.items():
        if dataset is not None:
            frame = with_region_context(_with_published_names(frame, dataset), dataset)
        paths.append(write_csv(frame, out / name))
    path = out / "analysis.json"
    text = json.dumps(analysis.parameters, ensure_ascii=False, indent=2, default=str)
    path.write_text(text + "\n", encoding="utf-8")
    return [*paths, path]


def _with_published_names(frame: pd.DataFrame, dataset: Dataset) -> pd.DataFrame:
    """Names in English (a dataset localised to ``en``): the published ones follow."""
    if dataset.metadata.get("lang") != "en":
        return frame
    from clusteratlas.graph.definitions.lang import names_in

    return names_in(frame, dataset, "en")


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
    tables = write_analysis_tables(analysis, out_dir, dataset)
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
