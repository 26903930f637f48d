"""Resilience scores: one row per region with every component, a composite 0-100 and why.

The model (state it when you cite a score):

1. Diversification: Shannon entropy (ln) and Herfindahl of the region's industry mix
   s_r (shares, so sample counts are fine); Hachman, Krugman and Theil against the
   mix of all regions of the level together; related / unrelated variety (log2)
   with the industries grouped by the scope's ``variety_level`` (their parent in the
   data's own ``parent_code`` hierarchy); for GB/T 4754 sections, which have no
   parent, the official Chinese three-sector grouping: primary (A), secondary (B-E)
   and tertiary (F-T) (:func:`~clusteratlas.graph.analytics.scope.variety_groups`).
2. Portfolio risk (Conroy 1975): sigma_r^2 = s_r' Sigma s_r with Sigma the covariance
   of national annual growth rates by industry (the national region's series of the
   scope's measure, e.g. employment 1990-2018). Assumes each local industry moves with its national
   counterpart; industries without a series are left out and the shares rescaled.
3. Input-output shock exposure (Leontief; Acemoglu et al. 2012): the national table
   is aggregated to the industries of E; for each sector k a fall of ``shock`` in k's
   final demand propagates through L = (I - A)^-1; the region loses
   loss_r(k) = sum_i s_ri shock L_ik f_k / x_i. ``worst_loss``/``worst_sector`` and
   ``mean_loss`` summarise k. Assumes national technology and national demand
   shares in every region (no regional trade), fixed coefficients, no price or
   substitution response; industries outside the I-O table (GB4754 T) are assumed
   unaffected and ``io_coverage`` says how much of the region that is.
4. Main dependency (Ghosh, forward linkages): the upstream sector whose supply fall
   hurts the region most through the chain, excluding the sector's own direct loss.
5. Context, not in the composite: diversity (number of sections with LQ >= 1), ECI,
   specialisation indices, total amount.

Composite: each of entropy (higher better), portfolio variance and worst loss (lower
better) becomes a percentile p in [0, 1] across the regions scored
((average rank - 1) / (n - 1), oriented so 1 is most resilient);
``resilience = 100 * sum_c w_c p_c / sum_c w_c`` with default weights entropy 0.3,
portfolio variance 0.3, worst loss 0.4. ``mean_loss`` is reported but not weighted:
with shocks proportional to final demand, sum_k L_ik f_k = x_i, so the mean over k is
shock * io_coverage / K for every region and ranks nothing. Percentiles make the score
relative to the regions compared, not absolute. A component that cannot be computed
(no national series, no I-O table) is NaN and left out, its weight redistributed.

Examples
--------
>>> from clusteratlas.graph.analytics.projections import example_dataset
>>> s = resilience_scores(example_dataset(), 2020, growth_years=(2017, 2019))
>>> s[["resilience", "worst_sector"]].round(1).values.tolist()
[[100.0, 'GB4754:C'], [0.0, 'GB4754:C']]
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping

import numpy as np
import pandas as pd

from clusteratlas.errors import MatrixError, UnreliableMetricWarning
from clusteratlas.graph.analytics._cache import dataset_cached
from clusteratlas.graph.analytics.complexity import diversity, eci_pci
from clusteratlas.graph.analytics.concentration import (
    hachman_index,
    herfindahl,
    krugman_index,
    rca_binary,
    related_unrelated_variety,
    shannon_entropy,
    theil_specialisation,
)
from clusteratlas.graph.analytics.growth import growth_covariance, portfolio_variance
from clusteratlas.graph.analytics.input_output import shock_exposure, supply_dependency
from clusteratlas.graph.analytics.projections import national_series
from clusteratlas.graph.analytics.scope import THREE_SECTORS, AnalysisScope, resolve_scope
from clusteratlas.loaders.dataset import Dataset

__all__ = ["DEFAULT_WEIGHTS", "THREE_SECTORS", "composite_score", "resilience_scores"]

DEFAULT_WEIGHTS: Mapping[str, float] = {
    "entropy": 0.3,
    "portfolio_variance": 0.3,
    "worst_loss": 0.4,
}
"""Composite weights by component column (they need not sum to 1)."""

HIGHER_IS_BETTER = {"entropy": True, "portfolio_variance": False, "worst_loss": False}


def composite_score(
    components: pd.DataFrame,
    weights: Mapping[str, float] = DEFAULT_WEIGHTS,
    higher_is_better: Mapping[str, bool] | None = None,
) -> pd.Series:
    """100 * weighted mean of percentile ranks, p = (average rank - 1) / (n - 1) in [0, 1].

    Columns not in ``higher_is_better`` count as lower-is-better unless named
    ``entropy``. All-NaN columns are left out and their weight redistributed.

    Examples
    --------
    >>> c = pd.DataFrame({"entropy": [0.1, 0.5, 0.9], "worst_loss": [0.3, 0.2, 0.1]})
    >>> composite_score(c, {"entropy": 1, "worst_loss": 1}).tolist()
    [0.0, 50.0, 100.0]
    """
    better = {**HIGHER_IS_BETTER, **(higher_is_better or {})}
    total, weight_sum = pd.Series(0.0, index=components.index), 0.0
    for col, w in weights.items():
        if col not in components or components[col].isna().all() or w == 0:
            continue
        ranks = components[col].rank(method="average", ascending=better.get(col, False))
        n = ranks.notna().sum()
        pct = (ranks - 1) / (n - 1) if n > 1 else ranks * 0 + 1.0
        total = total + w * pct.fillna(0.0)
        weight_sum += w
    if weight_sum == 0:
        raise MatrixError("composite_score: no component could be computed")
    return (100.0 * total / weight_sum).rename("resilience")


def resilience_scores(
    dataset: Dataset,
    year: int | None = None,
    *,
    scope: AnalysisScope | None = None,
    measure: str | None = None,
    scheme: str | None = None,
    level: str | None = None,
    io_year: int | None = None,
    io_scheme: str | None = None,
    shock: float = 0.1,
    growth_years: tuple[int, int] | None = None,
    weights: Mapping[str, float] = DEFAULT_WEIGHTS,
) -> pd.DataFrame:
    """One row per region of the scope's level: components, composite ``resilience`` 0-100, why.

    See the module docstring for the model, its assumptions and the weights. Columns:
    ``name, amount, n_industries, entropy, herfindahl, hachman, krugman, theil,
    unrelated_variety, related_variety, diversity, eci, portfolio_variance,
    growth_coverage, worst_loss, worst_sector, worst_sector_name, mean_loss,
    io_coverage, main_dependency, main_dependency_name, dependency_loss, resilience,
    rank`` (1 = most resilient), indexed by region code, sorted by rank.

    Parameters
    ----------
    dataset : Dataset
    year, measure, scheme, level, io_year, io_scheme : optional
        Choices of the :class:`~clusteratlas.graph.analytics.scope.AnalysisScope`
        (inferred from the data when not given: on the bundled data county x GB4754,
        employment, the latest census year 2020, the NBS42 table of 2020).
    scope : AnalysisScope, optional
        The whole scope at once (instead of the separate choices).
    shock : float
        Relative fall in one sector's final demand (0.1 = 10%); losses scale linearly.
    growth_years : (int, int), optional
        First and last year of the national series for Sigma; default all.
    weights : mapping
        Composite weights by component column.

    Examples
    --------
    >>> from clusteratlas.graph.analytics.projections import example_dataset
    >>> s = resilience_scores(example_dataset(), growth_years=(2017, 2019))
    >>> s.loc["11", "rank"], s.loc["11", "main_dependency_name"]
    (np.int64(1), 'Agriculture')
    """
    scope = resolve_scope(
        dataset,
        scope,
        year=year,
        measure=measure,
        scheme=scheme,
        level=level,
        io_year=io_year,
        io_scheme=io_scheme,
    )
    return _scores(dataset, scope, shock, growth_years, weights)


@dataset_cached
def _scores(
    dataset: Dataset,
    scope: AnalysisScope,
    shock: float,
    growth_years: tuple[int, int] | None,
    weights: Mapping[str, float],
) -> pd.DataFrame:
    E = scope.matrix(dataset)
    E = E[E.sum(axis=1) > 0]
    names = dataset.industries.set_index("code")["name"]
    out = pd.DataFrame(index=E.index)
    out["name"] = dataset.regions.set_index("code")["name"].reindex(E.index)
    out["amount"] = E.sum(axis=1)
    out["n_industries"] = (E > 0).sum(axis=1)
    out["entropy"] = shannon_entropy(E)
    out["herfindahl"] = herfindahl(E)
    out["hachman"] = hachman_index(E)
    out["krugman"] = krugman_index(E)
    out["theil"] = theil_specialisation(E)
    groups = scope.industry_groups(dataset, E.columns)
    out = out.join(related_unrelated_variety(E, groups)[["unrelated_variety", "related_variety"]])
    M = rca_binary(E)
    out["diversity"] = diversity(M)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnreliableMetricWarning)
        out["eci"] = eci_pci(M).eci
    out = out.join(_portfolio(dataset, E, scope, growth_years))
    out = out.join(_exposure(dataset, E, scope, shock))
    for col in ("worst_sector", "main_dependency"):
        out[f"{col}_name"] = out[col].map(names)
    out["resilience"] = composite_score(out, weights)
    out["rank"] = out["resilience"].rank(ascending=False, method="min").astype("int64")
    out.index.name = "region_code"
    return out.sort_values(["rank", "region_code"])


def _portfolio(
    dataset: Dataset, E: pd.DataFrame, scope: AnalysisScope, growth_years: tuple[int, int] | None
) -> pd.DataFrame:
    try:
        series = national_series(dataset, scope.measure, scope.scheme)
    except MatrixError:
        return pd.DataFrame(
            {"portfolio_variance": np.nan, "growth_coverage": np.nan}, index=E.index
        )
    if growth_years is not None:
        series = series.loc[growth_years[0] : growth_years[1]]
    sigma = growth_covariance(series.dropna(axis=1, how="any"))
    covered = [c for c in E.columns if c in sigma.index]
    return pd.DataFrame(
        {
            "portfolio_variance": portfolio_variance(E, sigma, missing="renormalise"),
            "growth_coverage": E[covered].sum(axis=1) / E.sum(axis=1),
        }
    )


def _exposure(
    dataset: Dataset, E: pd.DataFrame, scope: AnalysisScope, shock: float
) -> pd.DataFrame:
    cols = ["worst_loss", "worst_sector", "mean_loss", "io_coverage"]
    empty = pd.DataFrame(
        {c: np.nan for c in [*cols, "main_dependency", "dependency_loss"]}, index=E.index
    )
    try:
        io = scope.io_table(dataset)
    except MatrixError:
        return empty
    exposure = shock_exposure(E, io, shock)[cols]
    return exposure.join(supply_dependency(E, io, shock))
