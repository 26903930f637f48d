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

from collections.abc import Mapping
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd

from clusteratlas.errors import MatrixError
from clusteratlas.graph.definitions.matrix import check_matrix, region_shares

if TYPE_CHECKING:
    from clusteratlas.loaders.dataset import Dataset

__all__ = [
    "dataset_shift_share",
    "growth_covariance",
    "growth_rates",
    "portfolio_variance",
    "shift_share",
]


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
    *,
    years: tuple[object, object] | None = None,
    boundary_changes: Mapping[str, str] | None = None,
    missing: Literal["flag", "raise"] = "flag",
) -> pd.DataFrame:
    """Classic shift-share decomposition of each region's change from E0 to E1, with the
    regions it cannot decompose flagged, never filled with zeros.

    With national growth G = E1 / E0 - 1 and industry growth g_i = E1_i / E0_i - 1
    (totals over the regions present in **both** matrices, unless ``reference0`` /
    ``reference1`` give national levels, so that regions entering or leaving the data
    do not pass for national growth):

    - national share NS_r = sum_i E0_ri G,
    - industry mix IM_r = sum_i E0_ri (g_i - G),
    - regional (competitive) RS_r = sum_i (E1_ri - E0_ri (1 + g_i)),

    so NS + IM + RS = E1_r - E0_r exactly (``change``). Both matrices must count the
    same way (use levels, not samples drawn at different rates).

    A region present in one matrix only has no change to decompose: its components
    are NaN and ``missing_year`` names the year it lacks (filling the absent year with
    zeros would make all of its level "regional" growth). A region in
    ``boundary_changes`` (its area changed between the years: a merger counts the
    absorbed unit's workers as growth) keeps its components, with ``boundary_changed``
    True and the change described; exclude such regions from comparisons.

    Parameters
    ----------
    E0, E1 : DataFrame
        Region x industry levels in the first and the last year (finite, >= 0); their
        industries are united, absent cells counting 0.
    reference0, reference1 : Series, optional
        National levels by industry in the two years (covering every industry of
        E0 and E1); default the column totals over the regions of both matrices.
    years : (object, object), optional
        Labels of the two years for ``missing_year`` and ``flag`` (default ``E0``, ``E1``).
    boundary_changes : mapping of str to str, optional
        Region -> description of the change of its area between the years
        (:func:`~clusteratlas.loaders.dataset_json.boundary_changes` reads them from
        ``dataset.json``).
    missing : {"flag", "raise"}
        What to do with a region present in one matrix only: flag it (default), or
        raise.

    Returns
    -------
    DataFrame
        Indexed by region (E0's, then E1's new ones): ``change`` (E1_r - E0_r),
        ``national_share``, ``industry_mix``, ``regional`` in E's unit (the last three
        sum to ``change``; NaN where a year is missing), ``missing_year`` (the label of
        the year without data, else None), ``boundary_changed`` (bool),
        ``boundary_change`` (text or None) and ``flag`` (``missing <year>``,
        ``boundary changed``, or None).

    Raises
    ------
    MatrixError
        The national total of E0 is 0, an industry present in E0 has national level 0,
        a reference misses an industry, no region is in both matrices, or (``missing=
        "raise"``) a region is in one matrix only.

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
    >>> shift_share(E0, E1).loc["r1", ["change", "national_share", "industry_mix",
    ...                                 "regional"]].to_dict()
    {'change': 10.0, 'national_share': 5.0, 'industry_mix': 0.0, 'regional': 5.0}
    >>> E1n = pd.concat([E1, pd.DataFrame({"A": [4.0], "B": [1.0]}, index=["new"])])
    >>> out = shift_share(E0, E1n, years=(2010, 2020), boundary_changes={"r2": "merged"})
    >>> out.loc["new", ["missing_year", "flag"]].tolist(), bool(out.loc["new"].isna()["regional"])
    (['2010', 'missing 2010'], True)
    >>> out.loc["r2", ["boundary_change", "flag"]].tolist(), bool(out.at["r2", "boundary_changed"])
    (['merged', 'boundary changed'], True)
    """
    a, b = check_matrix(E0, "E0"), check_matrix(E1, "E1")
    label0, label1 = ("E0", "E1") if years is None else (str(years[0]), str(years[1]))
    regions = a.index.union(b.index, sort=False)
    both = a.index.intersection(b.index, sort=False)
    only0 = a.index.difference(b.index, sort=False)
    only1 = b.index.difference(a.index, sort=False)
    if missing == "raise" and (len(only0) or len(only1)):
        some = [*only0[:3], *only1[:3]]
        raise MatrixError(
            f"{len(only0)} regions have no {label1} data and {len(only1)} no {label0} data "
            f"(e.g. {some}): shift-share needs both years"
        )
    if missing not in ("flag", "raise"):
        raise MatrixError(f"missing must be 'flag' or 'raise', not {missing!r}")
    if len(both) == 0:
        raise MatrixError("E0 and E1 have no region in common")
    industries = a.columns.union(b.columns, sort=False)
    a = a.reindex(index=both, columns=industries, fill_value=0.0)
    b = b.reindex(index=both, columns=industries, fill_value=0.0)
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
    out = pd.DataFrame(
        {
            "change": b.sum(axis=1) - a.sum(axis=1),
            "national_share": national,
            "industry_mix": mix,
            "regional": regional,
        },
        index=both,
    ).reindex(regions)
    gone0, gone1 = set(only0), set(only1)
    lacking = [label1 if r in gone0 else label0 if r in gone1 else None for r in regions]
    changes = dict(boundary_changes or {})
    described = [changes.get(str(r)) for r in regions]
    flag = [
        f"missing {m}" if m is not None else "boundary changed" if d is not None else None
        for m, d in zip(lacking, described, strict=True)
    ]
    out["missing_year"] = pd.Series(lacking, index=regions, dtype=object)
    out["boundary_changed"] = [d is not None for d in described]
    out["boundary_change"] = pd.Series(described, index=regions, dtype=object)
    out["flag"] = pd.Series(flag, index=regions, dtype=object)
    return out


def dataset_shift_share(
    dataset: Dataset,
    year0: int,
    year1: int,
    *,
    measure: str | None = None,
    scheme: str | None = None,
    level: str | None = None,
) -> pd.DataFrame:
    """:func:`shift_share` of a dataset's regions between two years, with the regions whose
    area changed flagged from ``dataset.json`` ``boundary_changes`` and the basis of their
    rows (``region_industries.basis``: ``summed from predecessors ...``) added.

    Parameters
    ----------
    dataset : Dataset
    year0, year1 : int
        The years compared.
    measure, scheme, level : str, optional
        The scope of the matrices (None: inferred, as
        :func:`~clusteratlas.graph.definitions.matrix.region_industry_matrix` does).

    Returns
    -------
    DataFrame
        :func:`shift_share`'s columns, and ``basis0`` / ``basis1``: how each year's rows
        of the region were obtained (``reported`` or the sum of its predecessors).

    Examples
    --------
    >>> from clusteratlas.loaders.dataset import Dataset
    >>> ds = Dataset.from_frames(
    ...     metadata={"boundary_changes": {"changes": [
    ...         {"region_code": "a", "year": 2015, "change": "z merged in"}]}},
    ...     regions=pd.DataFrame({"code": ["c", "a", "b"], "name": ["C", "A", "B"],
    ...         "level": ["country", "county", "county"], "parent_code": [None, "c", "c"]}),
    ...     industries=pd.DataFrame({"code": ["x", "y"], "name": ["X", "Y"],
    ...                              "scheme": ["S", "S"], "level": ["l", "l"]}),
    ...     region_industries=pd.DataFrame({"region_code": list("aabbaa"),
    ...         "industry_code": list("xyxyxy"), "year": [2010] * 4 + [2020] * 2,
    ...         "measure": ["jobs"] * 6, "value": [1.0, 2.0, 3.0, 4.0, 2.0, 2.0]}))
    >>> dataset_shift_share(ds, 2010, 2020)[["flag", "boundary_change"]].values.tolist()
    [['boundary changed', '2015: z merged in'], ['missing 2020', None]]
    """
    from clusteratlas.graph.definitions.matrix import region_industry_matrix
    from clusteratlas.loaders.dataset_json import boundary_changes

    E0 = region_industry_matrix(dataset, year0, measure, scheme, level)
    E1 = region_industry_matrix(dataset, year1, measure, scheme, level)
    out = shift_share(
        E0,
        E1,
        years=(year0, year1),
        boundary_changes=boundary_changes(dataset.metadata, year0, year1),
    )
    ri = dataset.region_industries
    basis = ri["basis"] if "basis" in ri.columns else pd.Series("reported", index=ri.index)
    for name, year in (("basis0", year0), ("basis1", year1)):
        rows = ri.assign(basis=basis.fillna("reported"))[ri["year"] == year]
        by_region = rows.drop_duplicates("region_code").set_index("region_code")["basis"]
        out[name] = [by_region.get(r) for r in out.index]
    return out


def _levels(ref: pd.Series, industries: pd.Index, name: str) -> pd.Series:
    r = pd.Series(ref, dtype="float64")
    missing = [i for i in industries if i not in r.index]
    if missing:
        raise MatrixError(f"{name}: no national level for industries {missing[:5]}")
    return r.reindex(industries)
