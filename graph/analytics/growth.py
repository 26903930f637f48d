"""Portfolio variance of regional industry mixes, and shift-share decomposition of growth.

Both read a region x industry matrix ``E`` (rows regions, columns industries).
The portfolio view (Conroy 1975) treats a region's industry mix as a portfolio
of national sectors whose growth rates co-vary; the shift-share view splits a
region's change between two years into what the nation, its industry mix and
the region itself account for.

Examples
--------
>>> import pandas as pd
>>> national = pd.DataFrame({"A": [100.0, 110.0, 99.0], "B": [50.0, 50.0, 55.0]},
...                         index=[2000, 2001, 2002])
>>> growth_covariance(national).round(4).loc["A", "B"]
np.float64(-0.01)
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from clusteratlas.errors import MatrixError
from clusteratlas.graph.definitions.matrix import check_matrix, region_shares

__all__ = ["growth_covariance", "growth_rates", "portfolio_variance", "shift_share"]


def growth_rates(series: pd.DataFrame) -> pd.DataFrame:
    """Growth rates g_t,i = x_t,i / x_t-1,i - 1 of a years x industries table (sorted by year).

    The first year is dropped; a rate from a 0 level is NaN.

    Parameters
    ----------
    series : DataFrame
        Levels (finite, >= 0), years (index) x industries (columns), e.g. national
        employment by section; sorted by year here.

    Returns
    -------
    DataFrame
        Rates (0.1 = +10%), the years but the first x the same industries.

    Raises
    ------
    MatrixError
        ``series`` holds a negative or non-finite level, or duplicate labels.

    Examples
    --------
    >>> import pandas as pd
    >>> growth_rates(pd.DataFrame({"A": [100.0, 110.0]}, index=[2000, 2001]))["A"].tolist()
    [0.10000000000000009]
    """
    x = check_matrix(series, "series").sort_index()
    prev = x.shift(1)
    return (x / prev.where(prev > 0) - 1.0).iloc[1:]


def growth_covariance(series: pd.DataFrame) -> pd.DataFrame:
    """Sigma: the sample covariance (ddof 1) of annual sectoral growth rates.

    ``series`` is years (rows, consecutive) x industries (columns) of national
    levels, e.g. employment by section 1990-2018. Pairs use the years where both
    rates exist.

    Parameters
    ----------
    series : DataFrame
        National levels, years (rows) x industries (columns), at least 3 years.

    Returns
    -------
    DataFrame
        Sigma, industry x industry, symmetric: covariances of the annual growth rates
        (:func:`growth_rates`); NaN for a pair with fewer than 2 common rates.

    Raises
    ------
    MatrixError
        Fewer than 2 growth rates (3 years), or ``series`` is not a valid matrix.

    References
    ----------
    Conroy, M. E. (1975). The concept and measurement of regional industrial
    diversification. Southern Economic Journal 41(3), 492-505.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"A": [1.0, 2.0, 2.0]}, index=[1, 2, 3])
    >>> growth_covariance(s).loc["A", "A"]  # rates 1.0 and 0.0
    np.float64(0.5)
    """
    rates = growth_rates(series)
    if len(rates) < 2:
        raise MatrixError(f"series: {len(series)} years give fewer than 2 growth rates")
    return rates.cov(ddof=1)


def portfolio_variance(
    E: pd.DataFrame,
    growth_cov: pd.DataFrame,
    missing: Literal["raise", "renormalise"] = "raise",
) -> pd.Series:
    """Portfolio variance of each region's industry mix: sigma_r^2 = s_r' Sigma s_r.

    The variance of the region's growth rate if each of its industries grew at the
    national rate of that industry (Conroy 1975). Lower means a mix whose sectors'
    fluctuations offset each other; it rewards negatively or weakly co-moving
    sectors, not merely many sectors.

    Parameters
    ----------
    E : DataFrame
        Region x industry amounts.
    growth_cov : DataFrame
        Sigma, industry x industry (see :func:`growth_covariance`).
    missing : {"raise", "renormalise"}
        An industry of ``E`` with amounts > 0 but no row in Sigma raises, or is left out
        with the region's shares rescaled over the covered industries.

    Returns
    -------
    Series
        ``portfolio_variance``, indexed by region: the variance of the annual growth
        rate (a rate of 0.1 is +10%, so 0.0025 is a standard deviation of 5 points).

    Raises
    ------
    MatrixError
        An industry of ``E`` has no covariance (with ``missing="raise"``), or Sigma
        has NaN among E's industries.

    References
    ----------
    Conroy, M. E. (1975), as :func:`growth_covariance`.

    Examples
    --------
    >>> import pandas as pd
    >>> sigma = pd.DataFrame([[0.04, -0.01], [-0.01, 0.01]], index=["A", "B"],
    ...                      columns=["A", "B"])
    >>> E = pd.DataFrame({"A": [1.0, 1.0], "B": [0.0, 1.0]}, index=["r1", "r2"])
    >>> portfolio_variance(E, sigma).round(6).tolist()  # r2: 0.25*0.04 + 0.25*0.01 - 2*0.25*0.01
    [0.04, 0.0075]
    """
    E = check_matrix(E)
    sigma = growth_cov.astype("float64")
    covered = [c for c in E.columns if c in sigma.index and c in sigma.columns]
    absent = [c for c in E.columns if c not in covered and E[c].sum() > 0]
    if absent and missing == "raise":
        raise MatrixError(f"growth_cov: no covariances for industries {absent[:5]} of E")
    s = region_shares(E[covered])
    sig = sigma.loc[covered, covered]
    if sig.isna().any().any():
        raise MatrixError("growth_cov: NaN covariances among the industries of E")
    values = np.einsum("ri,ij,rj->r", s.to_numpy(), sig.to_numpy(), s.to_numpy())
    return pd.Series(values, index=E.index, name="portfolio_variance")


def shift_share(
    E0: pd.DataFrame,
    E1: pd.DataFrame,
    reference0: pd.Series | None = None,
    reference1: pd.Series | None = None,
) -> pd.DataFrame:
    """Classic shift-share decomposition of each region's change from E0 to E1.

    With national growth G = E1 / E0 - 1 and industry growth g_i = E1_i / E0_i - 1
    (totals over ``E`` unless ``reference0``/``reference1`` give national levels):

    - national share NS_r = sum_i E0_ri G,
    - industry mix IM_r = sum_i E0_ri (g_i - G),
    - regional (competitive) RS_r = sum_i (E1_ri - E0_ri (1 + g_i)),

    so NS + IM + RS = E1_r - E0_r exactly (``change``). Both matrices must count the
    same way (use levels, not samples drawn at different rates).

    Parameters
    ----------
    E0, E1 : DataFrame
        Region x industry levels in the first and the last year (finite, >= 0); their
        regions and industries are united, absent cells counting 0.
    reference0, reference1 : Series, optional
        National levels by industry in the two years (covering every industry of
        E0 and E1); default the column totals of ``E0`` and ``E1``.

    Returns
    -------
    DataFrame
        Indexed by region: ``change`` (E1_r - E0_r), ``national_share``,
        ``industry_mix``, ``regional``, in E's unit; the last three sum to ``change``.

    Raises
    ------
    MatrixError
        The national total of E0 is 0, an industry present in E0 has national level 0,
        or a reference misses an industry.

    References
    ----------
    Dunn, E. S. (1960). A statistical and analytical technique for regional analysis.
    Papers of the Regional Science Association 6, 97-112. Martin, R., Sunley, P.,
    Gardiner, B. & Tyler, P. (2016). How regions react to recessions. Regional Studies
    50(4), 561-585.

    Examples
    --------
    >>> import pandas as pd
    >>> E0 = pd.DataFrame({"A": [10.0, 10.0], "B": [0.0, 10.0]}, index=["r1", "r2"])
    >>> E1 = pd.DataFrame({"A": [20.0, 10.0], "B": [0.0, 15.0]}, index=["r1", "r2"])
    >>> shift_share(E0, E1).loc["r1"].to_dict()
    {'change': 10.0, 'national_share': 5.0, 'industry_mix': 0.0, 'regional': 5.0}
    """
    a, b = check_matrix(E0, "E0"), check_matrix(E1, "E1")
    regions = a.index.union(b.index, sort=False)
    industries = a.columns.union(b.columns, sort=False)
    a = a.reindex(index=regions, columns=industries, fill_value=0.0)
    b = b.reindex(index=regions, columns=industries, fill_value=0.0)
    n0 = a.sum(axis=0) if reference0 is None else _levels(reference0, industries, "reference0")
    n1 = b.sum(axis=0) if reference1 is None else _levels(reference1, industries, "reference1")
    if n0.sum() <= 0:
        raise MatrixError("E0: national total is 0; growth is undefined")
    big_g = n1.sum() / n0.sum() - 1.0
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(n0 > 0, n1 / n0, np.nan)
    if np.isnan(ratio[(a > 0).any(axis=0).to_numpy()]).any():
        raise MatrixError("reference0: an industry present in E0 has national level 0")
    ratio = np.nan_to_num(ratio, nan=0.0)
    expected = a * ratio  # E0_ri (1 + g_i)
    national = a.sum(axis=1) * big_g
    mix = expected.sum(axis=1) - a.sum(axis=1) * (1.0 + big_g)
    regional = (b - expected).sum(axis=1)
    return pd.DataFrame(
        {
            "change": b.sum(axis=1) - a.sum(axis=1),
            "national_share": national,
            "industry_mix": mix,
            "regional": regional,
        },
        index=regions,
    )


def _levels(ref: pd.Series, industries: pd.Index, name: str) -> pd.Series:
    r = pd.Series(ref, dtype="float64")
    missing = [i for i in industries if i not in r.index]
    if missing:
        raise MatrixError(f"{name}: no national level for industries {missing[:5]}")
    return r.reindex(industries)
