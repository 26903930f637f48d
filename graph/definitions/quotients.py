"""Location quotients, defined once: of every cell of E, of long rows, and of aggregated regions.

LQ_ri = s_ri / S_i (Balassa 1965): region r's share of industry i over the reference
share. The analytics' indices, the load-time ``HAS_INDUSTRY.lq`` property, the query
oracles and the views all take their quotients from here, so a county's LQ is the
same number wherever it is shown. A region that is not a row of E (a prefecture over
its counties, two counties compared) gets the quotient of its rows summed
(:func:`aggregate_location_quotient`), against the same reference.

References
----------
Balassa, B. (1965). Trade liberalisation and "revealed" comparative advantage. The
Manchester School 33(2), 99-123.

Examples
--------
>>> E = pd.DataFrame({"A": [3.0, 1.0], "C": [1.0, 3.0]}, index=["r1", "r2"])
>>> location_quotient(E)["A"].tolist()
[1.5, 0.5]
>>> aggregate_location_quotient(E, ["r1", "r2"]).tolist()
[1.0, 1.0]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from clusteratlas.errors import MatrixError
from clusteratlas.graph.definitions.matrix import (
    check_matrix,
    matrix_from_rows,
    reference_shares,
    region_shares,
)

__all__ = ["aggregate_location_quotient", "location_quotient", "location_quotient_rows"]


def location_quotient(E: pd.DataFrame, reference: pd.Series | None = None) -> pd.DataFrame:
    """Location quotient (Balassa revealed comparative advantage) of every region and industry.

    LQ_ri = s_ri / S_i. NaN where the region is empty or the industry has S_i = 0.

    Parameters
    ----------
    E : DataFrame
        Region x industry amounts (>= 0).
    reference : Series, optional
        Reference levels or shares by industry (rescaled to sum 1); default the column
        totals of ``E``.

    Returns
    -------
    DataFrame
        Shaped like ``E``.

    References
    ----------
    Balassa, B. (1965). Trade liberalisation and "revealed" comparative advantage.
    The Manchester School 33(2), 99-123.

    Examples
    --------
    >>> E = pd.DataFrame({"A": [3.0, 1.0], "C": [1.0, 3.0]}, index=["r1", "r2"])
    >>> location_quotient(E)["A"].tolist()
    [1.5, 0.5]
    """
    E = check_matrix(E)
    S = reference_shares(E, reference)
    return region_shares(E).div(S.where(S > 0), axis=1)


def aggregate_location_quotient(
    E: pd.DataFrame, members: Iterable[str], reference: pd.Series | None = None
) -> pd.Series:
    """The location quotient of a region made of rows of E (its members summed).

    LQ_Gi = (sum_{r in G} E_ri / sum_{r in G} E_r) / S_i, with S the reference mix of
    all of E (or ``reference``): the quotient of a prefecture from its counties, or of
    a group of regions compared together. A single member gives that row's
    :func:`location_quotient`. Undefined quotients (an empty group, S_i = 0) are 0.

    Parameters
    ----------
    E : DataFrame
        Region x industry amounts.
    members : iterable of str
        Row labels of E forming the region (labels not in E are ignored).
    reference : Series, optional
        As in :func:`location_quotient`.

    Returns
    -------
    Series
        One quotient per industry (E's columns).

    Examples
    --------
    >>> E = pd.DataFrame({"A": [3.0, 1.0, 0.0], "C": [1.0, 3.0, 4.0]}, index=["a", "b", "c"])
    >>> aggregate_location_quotient(E, ["a", "b"]).round(3).tolist()
    [1.5, 0.75]
    >>> aggregate_location_quotient(E, ["a"]).tolist() == location_quotient(E).loc["a"].tolist()
    True
    """
    E = check_matrix(E)
    rows = E.loc[E.index.astype(str).isin([str(m) for m in members])]
    total = rows.to_numpy().sum()
    if not len(rows) or total <= 0:
        return pd.Series(0.0, index=E.columns)
    S = reference_shares(E, reference)
    shares = rows.sum(axis=0) / total
    return (shares / S.where(S > 0)).fillna(0.0)


def location_quotient_rows(
    rows: pd.DataFrame,
    by: Sequence[str] = (),
    *,
    region: str = "region_code",
    industry: str = "industry_code",
    value: str = "value",
) -> pd.DataFrame:
    """``rows`` (one row per region x industry cell) with ``share`` = s_ri and ``lq`` = LQ_ri.

    Within each group of the ``by`` columns (e.g. year, measure, scheme, region level)
    the rows form a matrix E (:func:`~clusteratlas.graph.definitions.matrix.
    matrix_from_rows`) and :func:`location_quotient` gives LQ_ri, so a long table and
    the matrix an analysis uses agree to the last bit. Cells of an empty region, of an
    industry with S_i = 0, or of an all-zero group get NaN. Nulls in ``by`` form their
    own group. Row order and index are kept.

    Parameters
    ----------
    rows : DataFrame
        Long rows with the region, industry and value columns (and ``by``).
    by : sequence of str
        Columns whose groups each form one matrix.
    region, industry, value : str
        Column names.

    Returns
    -------
    DataFrame
        ``rows`` with two float columns added, ``share`` and ``lq``.

    Examples
    --------
    >>> rows = pd.DataFrame({"region_code": ["a", "a", "b"], "industry_code": ["x", "y", "x"],
    ...                      "year": [2020] * 3, "value": [1.0, 3.0, 4.0]})
    >>> location_quotient_rows(rows, ["year"])[["share", "lq"]].values.tolist()
    [[0.25, 0.4], [0.75, 2.0], [1.0, 1.6]]
    """
    share = pd.Series(np.nan, index=rows.index, dtype="float64")
    lq = pd.Series(np.nan, index=rows.index, dtype="float64")
    groups = rows.groupby(list(by), dropna=False, sort=False) if by else [((), rows)]
    for _, group in groups:
        E = matrix_from_rows(group, region, industry, value)
        try:
            quotients = location_quotient(E)
        except MatrixError:  # every value 0: no reference mix
            continue
        cells = pd.MultiIndex.from_arrays([group[region], group[industry]])
        lq[group.index] = quotients.stack(future_stack=True).reindex(cells).to_numpy()
        shares = region_shares(check_matrix(E)).stack(future_stack=True)
        share[group.index] = shares.reindex(cells).to_numpy()
    return rows.assign(share=share, lq=lq)
