"""Specialisation and diversification of regions: LQ, RCA, HHI, entropy, Krugman, Hachman, Theil.

Every function takes the region x industry matrix ``E`` (rows regions, columns
industries, values >= 0) and returns a DataFrame or a Series indexed by region,
unrounded. Notation: s_ri = E_ri / E_r (region r's industry mix) and
S_i = E_i / E (the reference mix, by default the column totals of ``E``).
Regions whose row sums to 0 get NaN. All measures are invariant to scaling ``E``
(sample counts and full counts give the same answer).

Examples
--------
>>> import pandas as pd
>>> E = pd.DataFrame({"A": [10.0, 0.0], "C": [10.0, 20.0]}, index=["r1", "r2"])
>>> herfindahl(E).tolist()
[0.5, 1.0]
>>> location_quotient(E).loc["r1", "A"]
np.float64(2.0)
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from clusteratlas.errors import MatrixError
from clusteratlas.graph.analytics._matrix import (
    check_matrix,
    reference_shares,
    region_shares,
    xlogy,
)

__all__ = [
    "hachman_index",
    "herfindahl",
    "krugman_index",
    "location_quotient",
    "location_quotient_rows",
    "rca_binary",
    "related_unrelated_variety",
    "shannon_entropy",
    "theil_specialisation",
]


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
    DataFrame shaped like ``E``.

    References
    ----------
    Balassa, B. (1965). Trade liberalisation and "revealed" comparative advantage.
    The Manchester School 33(2), 99-123.

    Examples
    --------
    >>> import pandas as pd
    >>> E = pd.DataFrame({"A": [3.0, 1.0], "C": [1.0, 3.0]}, index=["r1", "r2"])
    >>> location_quotient(E)["A"].tolist()
    [1.5, 0.5]
    """
    E = check_matrix(E)
    S = reference_shares(E, reference)
    return region_shares(E).div(S.where(S > 0), axis=1)


def location_quotient_rows(
    rows: pd.DataFrame,
    by: Sequence[str] = (),
    *,
    region: str = "region_code",
    industry: str = "industry_code",
    value: str = "value",
) -> pd.DataFrame:
    """``rows`` (one row per region x industry cell) with ``share`` = s_ri and ``lq`` = LQ_ri.

    Within each group of the ``by`` columns (e.g. year, measure, scheme, region
    level) the rows form a matrix E (:func:`~clusteratlas.graph.analytics.projections.
    matrix_from_rows`) and :func:`location_quotient` gives LQ_ri, so a long table and
    the matrix an analysis uses agree to the last bit. Cells of an empty region, of an
    industry with S_i = 0, or of an all-zero group get NaN. Nulls in ``by`` form their
    own group. Row order and index are kept.

    Examples
    --------
    >>> import pandas as pd
    >>> rows = pd.DataFrame({"region_code": ["a", "a", "b"], "industry_code": ["x", "y", "x"],
    ...                      "year": [2020] * 3, "value": [1.0, 3.0, 4.0]})
    >>> location_quotient_rows(rows, ["year"])[["share", "lq"]].values.tolist()
    [[0.25, 0.4], [0.75, 2.0], [1.0, 1.6]]
    """
    from clusteratlas.graph.analytics.projections import matrix_from_rows

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


def rca_binary(
    E: pd.DataFrame, threshold: float = 1.0, reference: pd.Series | None = None
) -> pd.DataFrame:
    """Binary specialisation matrix M: M_ri = 1 if LQ_ri >= threshold, else 0 (int).

    Undefined LQs (empty region or industry) give 0.

    References
    ----------
    Hidalgo, C. A. & Hausmann, R. (2009). The building blocks of economic complexity.
    PNAS 106(26), 10570-10575.

    Examples
    --------
    >>> import pandas as pd
    >>> E = pd.DataFrame({"A": [3.0, 1.0], "C": [1.0, 3.0]}, index=["r1", "r2"])
    >>> rca_binary(E).to_numpy().tolist()
    [[1, 0], [0, 1]]
    """
    lq = location_quotient(E, reference)
    return (lq >= threshold).astype("int64")


def herfindahl(E: pd.DataFrame) -> pd.Series:
    """Herfindahl-Hirschman index of each region's industry mix: HHI_r = sum_i s_ri^2.

    In [1/n, 1]: 1 for a one-industry region, 1/n for an even spread over n industries.

    References
    ----------
    Herfindahl, O. C. (1950). Concentration in the steel industry. PhD thesis, Columbia.

    Examples
    --------
    >>> import pandas as pd
    >>> herfindahl(pd.DataFrame({"A": [1.0], "B": [1.0]})).tolist()
    [0.5]
    """
    s = region_shares(check_matrix(E))
    return (s**2).sum(axis=1, min_count=1).rename("herfindahl")


def shannon_entropy(E: pd.DataFrame, base: float = math.e) -> pd.Series:
    """Shannon entropy of each region's industry mix: H_r = -sum_i s_ri log_b s_ri (0 log 0 = 0).

    In [0, log_b n]: 0 for a one-industry region. ``base`` e (nats, default), 2 (bits), 10.

    References
    ----------
    Shannon, C. E. (1948). A mathematical theory of communication. Bell System
    Technical Journal 27, 379-423.

    Examples
    --------
    >>> import pandas as pd
    >>> shannon_entropy(pd.DataFrame({"A": [1.0], "B": [1.0]}), base=2).tolist()
    [1.0]
    """
    if base <= 0 or base == 1:
        raise MatrixError(f"base must be > 0 and != 1, got {base!r}")
    s = region_shares(check_matrix(E))
    h = -xlogy(s, s).sum(axis=1) / math.log(base)
    h = np.where(s.isna().all(axis=1), np.nan, h + 0.0)
    return pd.Series(h, index=s.index, name="entropy")


def krugman_index(E: pd.DataFrame, reference: pd.Series | None = None) -> pd.Series:
    """Krugman dissimilarity index: K_r = sum_i |s_ri - S_i|, in [0, 2].

    0 when the region's mix equals the reference, 2 when they share no industry.

    References
    ----------
    Krugman, P. (1991). Geography and Trade. MIT Press.

    Examples
    --------
    >>> import pandas as pd
    >>> E = pd.DataFrame({"A": [1.0, 0.0], "B": [0.0, 1.0]}, index=["r1", "r2"])
    >>> krugman_index(E).tolist()
    [1.0, 1.0]
    """
    E = check_matrix(E)
    S = reference_shares(E, reference)
    return region_shares(E).sub(S, axis=1).abs().sum(axis=1, min_count=1).rename("krugman")


def hachman_index(E: pd.DataFrame, reference: pd.Series | None = None) -> pd.Series:
    """Hachman index: HI_r = 1 / sum_i s_ri LQ_ri = 1 / sum_i s_ri^2 / S_i, in (0, 1].

    1 when the region's mix equals the reference; smaller means more specialised.
    Industries with S_i = 0 are skipped (their s_ri is then 0 too when ``reference`` is None).

    References
    ----------
    Hachman, F. (1995). Economic Report to the Governor. Utah.

    Examples
    --------
    >>> import pandas as pd
    >>> E = pd.DataFrame({"A": [1.0, 1.0], "B": [1.0, 3.0]}, index=["r1", "r2"])
    >>> float(hachman_index(E)["r1"])  # 1 / (0.25 / (1/3) + 0.25 / (2/3))
    0.888...
    """
    E = check_matrix(E)
    S = reference_shares(E, reference)
    s = region_shares(E)
    total = (s**2).div(S.where(S > 0), axis=1).sum(axis=1, min_count=1)
    return (1.0 / total).rename("hachman")


def theil_specialisation(E: pd.DataFrame, reference: pd.Series | None = None) -> pd.Series:
    """Theil index of specialisation: T_r = sum_i s_ri ln(s_ri / S_i) (0 ln 0 = 0), >= 0.

    The Kullback-Leibler divergence of the region's mix from the reference mix.

    References
    ----------
    Theil, H. (1967). Economics and Information Theory. North-Holland.

    Examples
    --------
    >>> import pandas as pd
    >>> E = pd.DataFrame({"A": [1.0, 1.0], "B": [1.0, 1.0]})
    >>> theil_specialisation(E).tolist()
    [0.0, 0.0]
    """
    E = check_matrix(E)
    S = reference_shares(E, reference)
    s = region_shares(E)
    ratio = s.div(S.where(S > 0), axis=1)
    t = xlogy(s, ratio).sum(axis=1) + 0.0
    return pd.Series(np.where(s.isna().all(axis=1), np.nan, t), index=s.index, name="theil")


def related_unrelated_variety(
    E: pd.DataFrame, groups: Mapping[str, str] | pd.Series
) -> pd.DataFrame:
    """Related and unrelated variety (entropy decomposition, log base 2).

    With groups g (e.g. sections grouping divisions), P_rg = sum_{i in g} s_ri:

    - UV_r = -sum_g P_rg log2 P_rg (entropy across groups),
    - RV_r = sum_g P_rg H_rg with H_rg = -sum_{i in g} (s_ri / P_rg) log2(s_ri / P_rg),
    - UV_r + RV_r = H_r = -sum_i s_ri log2 s_ri (total entropy, column ``entropy``).

    Parameters
    ----------
    E : DataFrame
        Region x industry amounts.
    groups : mapping or Series
        Group of every industry (column) of ``E``; a missing one raises MatrixError.

    Returns
    -------
    DataFrame with columns ``unrelated_variety``, ``related_variety``, ``entropy``.

    References
    ----------
    Frenken, K., Van Oort, F. & Verburg, T. (2007). Related variety, unrelated variety
    and regional economic growth. Regional Studies 41(5), 685-697.

    Examples
    --------
    >>> import pandas as pd
    >>> E = pd.DataFrame({"C13": [1.0], "C14": [1.0], "F51": [2.0]})
    >>> v = related_unrelated_variety(E, {"C13": "C", "C14": "C", "F51": "F"})
    >>> v.iloc[0].tolist()
    [1.0, 0.5, 1.5]
    """
    E = check_matrix(E)
    g = pd.Series(groups, dtype="object")
    missing = [c for c in E.columns if c not in g.index]
    if missing:
        raise MatrixError(f"groups: no group for industries {missing[:5]} of E")
    s = region_shares(E)
    group_of = g.reindex(E.columns).to_numpy()
    P = s.T.groupby(group_of).sum().T
    P_of_industry = P[list(group_of)].to_numpy()  # P_rg(i) for every column i
    ln2 = math.log(2)
    total = -xlogy(s, s).sum(axis=1) / ln2
    unrelated = -xlogy(P, P).sum(axis=1) / ln2
    with np.errstate(divide="ignore", invalid="ignore"):
        within = s.to_numpy() / P_of_industry  # s_ri / P_rg, the mix inside each group
    related = -xlogy(s, within).sum(axis=1) / ln2  # = sum_g P_rg H_rg
    empty = s.isna().all(axis=1).to_numpy()
    out = pd.DataFrame(
        {
            "unrelated_variety": np.where(empty, np.nan, unrelated + 0.0),
            "related_variety": np.where(empty, np.nan, related + 0.0),
            "entropy": np.where(empty, np.nan, total + 0.0),
        },
        index=E.index,
    )
    return out
