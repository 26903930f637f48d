"""Regions up the hierarchy: the national region, its series, and each region's ancestor at a level.

Examples
--------
>>> from clusteratlas.graph.definitions.examples import example_dataset
>>> ds = example_dataset()
>>> national_region(ds), region_ancestors(ds, "province")["11"]
('1', '10')
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import pandas as pd

from clusteratlas.errors import MatrixError
from clusteratlas.graph.definitions.hierarchy import climb, parents_of

if TYPE_CHECKING:
    from clusteratlas.loaders.dataset import Dataset

__all__ = ["national_region", "national_series", "region_ancestors", "region_coordinates"]


def national_region(dataset: Dataset) -> str:
    """The code of the one region of level ``country`` (the bundled data: ``100000``).

    Parameters
    ----------
    dataset : Dataset

    Returns
    -------
    str

    Raises
    ------
    MatrixError
        There is not exactly one region of level ``country``.

    Examples
    --------
    >>> from clusteratlas.graph.definitions.examples import example_dataset
    >>> national_region(example_dataset())
    '1'
    """
    codes = dataset.regions.loc[dataset.regions["level"] == "country", "code"].tolist()
    if len(codes) != 1:
        raise MatrixError(f"regions: expected exactly one region of level 'country', got {codes}")
    return str(codes[0])


def national_series(
    dataset: Dataset, measure: str, scheme: str, region: str | None = None
) -> pd.DataFrame:
    """Years x industries table of the national region's ``measure`` (e.g. employment 1990-2018).

    Parameters
    ----------
    dataset : Dataset
    measure, scheme : str
        Which series (the analysis scope's measure and scheme).
    region : str, optional
        Default the national region.

    Returns
    -------
    DataFrame
        Rows years (int), columns industries, float64.

    Raises
    ------
    MatrixError
        The region has no such series.

    Examples
    --------
    >>> from clusteratlas.graph.definitions.examples import example_dataset
    >>> national_series(example_dataset(), "employment", "GB4754").loc[2019, "GB4754:A"]
    np.float64(90.0)
    """
    code = region or national_region(dataset)
    ri = dataset.region_industries
    ri = ri[(ri["region_code"] == code) & (ri["measure"] == measure)]
    ind = dataset.industries
    rows = ri[ri["industry_code"].isin(ind.loc[ind["scheme"] == scheme, "code"])]
    if rows.empty:
        raise MatrixError(f"region_industries: no {measure!r} series of region {code} in {scheme}")
    table = rows.pivot_table(index="year", columns="industry_code", values="value", aggfunc="sum")
    table.index = table.index.astype("int64")
    table.index.name, table.columns.name = None, None
    return table.sort_index().sort_index(axis=1).astype("float64")


def region_ancestors(dataset: Dataset, level: str) -> pd.Series:
    """Region code -> the code of its ancestor (or itself) at ``level``; NaN if none.

    Parameters
    ----------
    dataset : Dataset
    level : str

    Returns
    -------
    Series
        Indexed by every region code, sorted.

    Examples
    --------
    >>> from clusteratlas.graph.definitions.examples import example_dataset
    >>> region_ancestors(example_dataset(), "province").to_dict()
    {'1': nan, '10': '10', '11': '10', '12': '10'}
    """
    reg = dataset.regions.sort_values("code")
    at_level = pd.Series(reg["level"].eq(level).to_numpy(), index=reg["code"].to_numpy())
    return climb(parents_of(reg), at_level)


def region_coordinates(dataset: Dataset, codes: Iterable[str]) -> pd.DataFrame:
    """Longitude and latitude of each of ``codes``: the region's own, else its nearest
    ancestor's (a new district without coordinates takes its prefecture's), else NaN.

    Parameters
    ----------
    dataset : Dataset
        Regions with the optional ``lon``, ``lat`` columns.
    codes : iterable of str
        Region codes (codes not in the data get NaN).

    Returns
    -------
    DataFrame
        Indexed by ``codes`` in their order: ``lon``, ``lat`` (float, degrees) and
        ``coordinates_of`` (the code whose coordinates they are: the region's own or an
        ancestor's; NaN when none has any).

    Examples
    --------
    >>> from clusteratlas.graph.definitions.examples import example_dataset
    >>> ds = example_dataset()
    >>> r = ds.regions
    >>> ds = ds.replace(regions=r.assign(lon=[None, 113.0, 114.0, None],
    ...                                  lat=[None, 22.5, 23.0, None]))
    >>> region_coordinates(ds, ["11", "12", "1"]).values.tolist()
    [[114.0, 23.0, '11'], [113.0, 22.5, '10'], [nan, nan, nan]]
    """
    index = pd.Index([str(c) for c in codes], dtype="object")
    reg = dataset.regions.assign(code=dataset.regions["code"].astype(str)).set_index("code")
    if not {"lon", "lat"} <= set(reg.columns):
        nan = pd.Series(float("nan"), index=index)
        return pd.DataFrame({"lon": nan, "lat": nan, "coordinates_of": nan.astype("object")})
    lon = pd.to_numeric(reg["lon"], errors="coerce")
    lat = pd.to_numeric(reg["lat"], errors="coerce")
    has = lon.notna() & lat.notna()
    of = climb(parents_of(dataset.regions.sort_values("code")), has, start=index)
    found = of.dropna()
    out = pd.DataFrame(
        {"lon": float("nan"), "lat": float("nan"), "coordinates_of": of.astype("object")},
        index=index,
    )
    out.loc[found.index, "lon"] = lon.reindex(found.to_numpy()).to_numpy()
    out.loc[found.index, "lat"] = lat.reindex(found.to_numpy()).to_numpy()
    return out
