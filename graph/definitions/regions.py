"""Regions up the hierarchy: the national region, its series, and each region's ancestor at a level.

Examples
--------
>>> from clusteratlas.graph.definitions.examples import example_dataset
>>> ds = example_dataset()
>>> national_region(ds), region_ancestors(ds, "province")["11"]
('1', '10')
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from clusteratlas.errors import MatrixError
from clusteratlas.graph.definitions.hierarchy import climb, parents_of

if TYPE_CHECKING:
    from clusteratlas.loaders.dataset import Dataset

__all__ = ["national_region", "national_series", "region_ancestors"]


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
