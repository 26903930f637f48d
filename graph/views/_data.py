"""What the views read from a Dataset: industry sections and colours, the matrix E, LQ, I-O graph.

Projections, metrics and clusters come from the analytics (``projections``,
``concentration``, ``complexity``, ``clusters``) and the slice of the data from the
same :class:`~clusteratlas.graph.definitions.scope.AnalysisScope` as ``analyze``; this
module only adapts them to what a view needs (colours by section, regions below a
region).

>>> from clusteratlas.graph.views._toy import toy_dataset
>>> E, year, scheme = employment_matrix(toy_dataset())
>>> E.shape, year, scheme
((5, 5), 2020, 'GB4754')
"""

from __future__ import annotations

from collections.abc import Iterable
from types import SimpleNamespace
from typing import Any, cast

import networkx as nx
import pandas as pd

from clusteratlas.errors import UsageError
from clusteratlas.graph.definitions.cache import dataset_cached
from clusteratlas.graph.definitions.scope import AnalysisScope
from clusteratlas.loaders.dataset import Dataset

__all__ = [
    "PALETTE",
    "cell",
    "employment_matrix",
    "industry_graph",
    "industry_roots",
    "latest_year",
    "leaf_descendants",
    "location_quotients",
    "names_of",
    "records",
    "region_clusters",
    "section_palette",
    "source_of",
    "view_scope",
]

PALETTE = (
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1",
    "#ff9da7", "#9c755f", "#bab0ac", "#1f77b4", "#aec7e8", "#ff7f0e", "#ffbb78",
    "#2ca02c", "#98df8a", "#d62728", "#ff9896", "#9467bd", "#c5b0d5", "#8c564b",
    "#c49c94", "#e377c2", "#f7b6d2", "#7f7f7f", "#bcbd22", "#17becf",
)  # fmt: skip
OTHER_COLOUR = "#cbd2d9"


def industry_roots(dataset: Dataset) -> dict[str, str]:
    """Map every industry code to the root of its parent chain (its section).

    CSRC sections and NBS42 sectors have a GB/T 4754 section as parent in the
    bundled data, so ``CSRC:C``, ``NBS42:16`` and ``GB4754:C`` share a root
    (:func:`~clusteratlas.graph.definitions.hierarchy.roots`).

    >>> from clusteratlas.graph.views._toy import toy_dataset
    >>> industry_roots(toy_dataset())["NBS42:16"]
    'GB4754:C'
    """
    return dict(_roots(dataset))


@dataset_cached
def _roots(dataset: Dataset) -> dict[str, str]:
    from clusteratlas.graph.definitions.hierarchy import industry_parents, roots

    return {str(k): str(v) for k, v in roots(industry_parents(dataset)).items()}


def section_palette(dataset: Dataset) -> dict[str, str]:
    """A stable colour per root industry (sorted by code, cycling through PALETTE).

    >>> from clusteratlas.graph.views._toy import toy_dataset
    >>> section_palette(toy_dataset())["GB4754:A"]
    '#4e79a7'
    """
    roots = sorted(set(_roots(dataset).values()))
    return {code: PALETTE[i % len(PALETTE)] for i, code in enumerate(roots)}


def names_of(frame: pd.DataFrame, key: str = "code", column: str = "name") -> dict[str, str]:
    """``{key: column}`` of a table as plain strings (e.g. industry code -> Chinese name).

    >>> names_of(pd.DataFrame({"code": ["GB4754:C"], "name": ["制造业"]}))
    {'GB4754:C': '制造业'}
    """
    return {
        str(k): str(v) for k, v in zip(frame[key].tolist(), frame[column].tolist(), strict=True)
    }


def cell(frame: pd.DataFrame, row: Any, column: Any) -> float:
    """``frame.at[row, column]`` as a float.

    >>> cell(pd.DataFrame({"a": [1]}, index=["r"]), "r", "a")
    1.0
    """
    return float(cast(float, frame.at[row, column]))


def records(frame: pd.DataFrame) -> list[Any]:
    """The rows of ``frame`` as objects with one attribute per column (for short loops).

    >>> records(pd.DataFrame({"code": ["1"]}))[0].code
    '1'
    """
    return [
        SimpleNamespace(**{str(k): v for k, v in row.items()})
        for row in frame.to_dict(orient="records")
    ]


def source_of(dataset: Dataset) -> str:
    """Where the data came from, for a page's subtitle (metadata ``source``, else ``name``).

    >>> source_of(Dataset.from_frames(metadata={"name": "china"}, regions=None or
    ...     pd.DataFrame(columns=["code", "name", "level", "parent_code"]),
    ...     industries=pd.DataFrame(columns=["code", "name", "scheme", "level"])))
    'bundled dataset china'
    """
    meta = dataset.metadata
    if meta.get("source"):
        return str(meta["source"])
    return f"bundled dataset {meta['name']}" if meta.get("name") else "user dataset"


def latest_year(frame: pd.DataFrame, column: str = "year") -> int:
    """The largest year in ``frame`` (UsageError when the frame is empty).

    >>> latest_year(pd.DataFrame({"year": [2018, 2020]}))
    2020
    """
    if frame.empty:
        raise UsageError("the dataset has no rows for this view (no year to show)")
    return int(frame[column].max())


def leaf_descendants(dataset: Dataset, codes: Iterable[str], leaves: Iterable[str]) -> list[str]:
    """Codes among ``leaves`` that are ``codes`` themselves or lie below them in the hierarchy.

    (:func:`~clusteratlas.graph.definitions.hierarchy.descendants`, in ``leaves`` order.)

    >>> from clusteratlas.graph.views._toy import toy_dataset
    >>> leaf_descendants(toy_dataset(), ["1001"], ["100101", "200101"])
    ['100101']
    """
    from clusteratlas.graph.definitions.hierarchy import descendants, region_parents

    leaves = leaves.tolist() if isinstance(leaves, pd.Index) else list(leaves)
    below = descendants(region_parents(dataset), codes, among=leaves)
    return [leaf for leaf in leaves if leaf in below]


def view_scope(
    dataset: Dataset,
    scope: AnalysisScope | None = None,
    *,
    year: int | None = None,
    measure: str | None = None,
    scheme: str | None = None,
) -> AnalysisScope:
    """The analysis scope a view draws: ``scope``, else the one inferred with the choices given.

    The same :class:`~clusteratlas.graph.definitions.scope.AnalysisScope` as ``analyze``, so
    a view and the tables count the same regions (on the bundled data: counties).

    >>> from clusteratlas.graph.views._toy import toy_dataset
    >>> view_scope(toy_dataset()).describe()
    'employment 2020, county x GB4754 section; I-O NBS42 2020; groups: prefecture'
    """
    from clusteratlas.graph.definitions.scope import resolve_scope

    return resolve_scope(dataset, scope, year=year, measure=measure, scheme=scheme)


def employment_matrix(
    dataset: Dataset,
    year: int | None = None,
    measure: str | None = None,
    scheme: str | None = None,
    *,
    scope: AnalysisScope | None = None,
) -> tuple[pd.DataFrame, int, str]:
    """The matrix E of the view's scope (:func:`view_scope`), with the year and scheme used.

    Rows are the regions of the scope's level (the leaf level with values: counties
    in the bundled data, so the national series at ``100000`` is not a region),
    columns the industries of its scheme; axes named ``region_code`` and
    ``industry_code``. Any measure, not only employment (the name is historical).

    >>> from clusteratlas.graph.views._toy import toy_dataset
    >>> E, year, scheme = employment_matrix(toy_dataset())
    >>> E.shape, year, scheme
    ((5, 5), 2020, 'GB4754')
    """
    scope = view_scope(dataset, scope, year=year, measure=measure, scheme=scheme)
    E = scope.matrix(dataset).rename_axis(index="region_code", columns="industry_code")
    return E, scope.year, scope.scheme


def location_quotients(E: pd.DataFrame) -> pd.DataFrame:
    """LQ_ri = (E_ri / E_r) / (E_i / E) by the analytics' ``location_quotient``; undefined = 0.

    >>> E = pd.DataFrame({"a": [1.0, 3.0], "b": [3.0, 1.0]}, index=["r", "s"])
    >>> location_quotients(E).loc["r", "b"]
    np.float64(1.5)
    """
    from clusteratlas.graph.definitions.quotients import location_quotient

    return location_quotient(E).fillna(0.0)


def region_clusters(
    E: pd.DataFrame,
    year: int,
    min_lq: float,
    top_share: float,
    *,
    dataset: Dataset | None = None,
    scope: AnalysisScope | None = None,
) -> pd.DataFrame:
    """Specialisation clusters of E by the analytics' ``detect_clusters`` (its ``clusters`` frame).

    With ``dataset`` and ``scope``, by the same definition as ``analyze`` and the demo
    (:func:`~clusteratlas.graph.analytics.pipeline.cluster_tables`): only industries of a
    market that can form clusters (``dataset.json`` ``industry_markets``, default
    :data:`~clusteratlas.graph.analytics.clusters.CLUSTER_MARKETS`: traded, mixed,
    resource; never a local one such as real estate) and at least
    :func:`~clusteratlas.graph.analytics.clusters.default_min_size` (30 sampled units for a
    census sample count); without them, LQ >= ``min_lq`` and the top ``top_share`` only.

    >>> E = pd.DataFrame({"a": [9.0, 1.0], "b": [1.0, 9.0]}, index=["r", "s"])
    >>> region_clusters(E, 2020, 1.25, 0.5)["cluster_id"].tolist()
    ['r|a|2020', 's|b|2020']
    """
    from clusteratlas.graph.analytics.clusters import (
        CLUSTER_MARKETS,
        default_min_size,
        detect_clusters,
        industry_markets,
    )

    if dataset is None or scope is None:
        return detect_clusters(E, min_lq=min_lq, top_share=top_share, year=year).clusters
    return detect_clusters(
        E,
        min_lq=min_lq,
        top_share=top_share,
        min_size=default_min_size(dataset, scope),
        markets=industry_markets(dataset),
        cluster_markets=CLUSTER_MARKETS,
        year=year,
    ).clusters


def industry_graph(
    dataset: Dataset, year: int | None = None, *, scope: AnalysisScope | None = None
) -> tuple[nx.DiGraph, int]:
    """The input-output network i -> j (edge attrs flow, coefficient, weight=coefficient).

    Built by :func:`~clusteratlas.graph.definitions.io_table.industry_network` for the
    I-O year nearest ``year`` (:func:`~clusteratlas.graph.definitions.years.nearest_year`);
    ``year`` defaults to the scope's ``io_year``, else the latest I-O year.

    >>> from clusteratlas.graph.views._toy import toy_dataset
    >>> G, year = industry_graph(toy_dataset())
    >>> round(G.edges["NBS42:12", "NBS42:16"]["coefficient"], 3), year
    (0.1, 2020)
    """
    from clusteratlas.errors import ClusterAtlasError
    from clusteratlas.graph.definitions.io_table import industry_network
    from clusteratlas.graph.definitions.years import nearest_year

    links = dataset.industry_links
    io_scheme = None
    if scope is None and year is None:
        try:
            scope = view_scope(dataset)
        except ClusterAtlasError:  # no region data: any I-O table will do
            scope = None
    if scope is not None:
        io_scheme = scope.io_scheme
        year = scope.io_year if year is None else year
    io_year = latest_year(links) if year is None else nearest_year(links["year"], int(year))
    if io_year is None:
        raise UsageError("the dataset has no input-output links (industry_links)")
    return industry_network(dataset, io_year, scheme=io_scheme), io_year
