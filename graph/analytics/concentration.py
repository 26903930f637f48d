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
from collections.abc import Mapping

import numpy as np
import pandas as pd

from clusteratlas.errors import MatrixError
from clusteratlas.graph.analytics._matrix import xlogy
from clusteratlas.graph.definitions.matrix import check_matrix, reference_shares, region_shares
from clusteratlas.graph.definitions.quotients import location_quotient

__all__ = [
    "hachman_index",
    "herfindahl",
    "krugman_index",
    "rca_binary",
    "related_unrelated_variety",
    "shannon_entropy",
    "theil_specialisation",
]


def rca_binary(
    E: pd.DataFrame, threshold: float = 1.0, reference: pd.Series | None = None
) -> pd.DataFrame:
    """Binary specialisation matrix M: M_ri = 1 if LQ_ri >= threshold, else 0 (int).

    Undefined LQs (empty region or industry) give 0.

    Parameters
    ----------
    E : DataFrame
        Region x industry amounts (rows regions, columns industries, finite, >= 0;
        any scale: sample counts and full counts give the same answer).
    threshold : float, default 1.0
        The LQ at or above which a region counts as specialised (1: above the
        reference share; 1.25 is a common stricter cut-off).
    reference : Series, optional
        Levels or shares by industry giving S (any scale; aligned to ``E``'s columns
        and rescaled to sum 1). Default: the column totals of ``E``.

    Returns
    -------
    DataFrame
        M, int64 0/1, same labels as ``E``.

    Raises
    ------
    MatrixError
        ``E`` is not a DataFrame of finite values >= 0 with unique labels, or
        ``reference`` misses an industry.

    See Also
    --------
    clusteratlas.graph.definitions.quotients.location_quotient : the LQ itself.

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

    Parameters
    ----------
    E : DataFrame
        Region x industry amounts (rows regions, columns industries, finite, >= 0;
        any scale: sample counts and full counts give the same answer).

    Returns
    -------
    Series
        ``herfindahl``, float, indexed by region; NaN for a region whose row sums to 0.

    Raises
    ------
    MatrixError
        ``E`` is not a DataFrame of finite values >= 0 with unique labels.

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

    Parameters
    ----------
    E : DataFrame
        Region x industry amounts (rows regions, columns industries, finite, >= 0;
        any scale: sample counts and full counts give the same answer).
    base : float, default e
        Base b of the logarithm: e gives nats, 2 bits, 10 hartleys.

    Returns
    -------
    Series
        ``entropy``, float, indexed by region; NaN for a region whose row sums to 0.

    Raises
    ------
    MatrixError
        ``base`` is not > 0 and != 1, or ``E`` is not a DataFrame of finite values
        >= 0 with unique labels.

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

    Parameters
    ----------
    E : DataFrame
        Region x industry amounts (rows regions, columns industries, finite, >= 0;
        any scale: sample counts and full counts give the same answer).
    reference : Series, optional
        Levels or shares by industry giving S (any scale; aligned to ``E``'s columns
        and rescaled to sum 1). Default: the column totals of ``E``.

    Returns
    -------
    Series
        ``krugman``, float in [0, 2], indexed by region; NaN for an empty region.

    Raises
    ------
    MatrixError
        ``E`` is not a DataFrame of finite values >= 0 with unique labels, or
        ``reference`` misses an industry.

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

    Parameters
    ----------
    E : DataFrame
        Region x industry amounts (rows regions, columns industries, finite, >= 0;
        any scale: sample counts and full counts give the same answer).
    reference : Series, optional
        Levels or shares by industry giving S (any scale; aligned to ``E``'s columns
        and rescaled to sum 1). Default: the column totals of ``E``.

    Returns
    -------
    Series
        ``hachman``, float in (0, 1], indexed by region; NaN for an empty region.

    Raises
    ------
    MatrixError
        ``E`` is not a DataFrame of finite values >= 0 with unique labels, or
        ``reference`` misses an industry.

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

    Parameters
    ----------
    E : DataFrame
        Region x industry amounts (rows regions, columns industries, finite, >= 0;
        any scale: sample counts and full counts give the same answer).
    reference : Series, optional
        Levels or shares by industry giving S (any scale; aligned to ``E``'s columns
        and rescaled to sum 1). Default: the column totals of ``E``.

    Returns
    -------
    Series
        ``theil``, float >= 0 (nats), indexed by region; NaN for an empty region.

    Raises
    ------
    MatrixError
        ``E`` is not a DataFrame of finite values >= 0 with unique labels, or
        ``reference`` misses an industry.

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
    DataFrame
        Indexed by region, columns ``unrelated_variety``, ``related_variety`` and
        ``entropy`` (bits; NaN for an empty region).

    Raises
    ------
    MatrixError
        An industry of ``E`` has no group, or ``E`` breaks
        :func:`~clusteratlas.graph.definitions.matrix.check_matrix`.

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
