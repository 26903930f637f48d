"""Resilience scores: one row per region with every component, a composite 0-100, why, and how sure.

The model (state it when you cite a score):

1. Diversification: Shannon entropy (ln) and Herfindahl of the region's industry mix
   s_r (shares, so sample counts are fine); Hachman, Krugman and Theil against the
   mix of all regions of the level together; related / unrelated variety (log2)
   with the industries grouped by the scope's ``variety_level`` (their parent in the
   data's own ``parent_code`` hierarchy), else by the grouping ``dataset.json``
   declares (``industry_groups``; the bundled data's GB/T 4754 sections, which have no
   parent: the official Chinese three sectors, primary (A), secondary (B-E) and
   tertiary (F-T)) (:func:`~clusteratlas.graph.definitions.scope.variety_groups`).
2. Portfolio risk (Conroy 1975): sigma_r^2 = s_r' Sigma s_r with Sigma the covariance
   of national annual growth rates by industry (the national region's series of the
   scope's measure, e.g. employment 1990-2018). Assumes each local industry moves with
   its national counterpart; industries without a series are left out and the
   shares rescaled (``growth_coverage``).
3. Input-output shock exposure (Leontief; Acemoglu et al. 2012): for each sector k a
   fall in k's final demand propagates through L = (I - A)^-1. Two choices of the
   scope (:class:`~clusteratlas.graph.definitions.scope.AnalysisScope`, CLI
   ``--shock-level`` and ``--shock-size``) say which sectors are shocked and by how much:

   - ``shock_level="io-sectors"`` (the default when the I-O table's sectors are finer
     than E's industries: the bundled data's 42 NBS sectors under 20 GB/T 4754
     sections): k runs over the table's own sectors. E has no county data by sector,
     so a region's share of a section is apportioned to the section's sectors in the
     national mix: s_rj = s_r,m(j) w_j with w_j = x_j / sum_{j' in m(j)} x_j' (x the
     table's gross output; :func:`~clusteratlas.graph.analytics.input_output.sector_weights`),
     and loss_r(k) = sum_j s_rj shock L_jk f_k / x_j. Why: shocking a section shocks
     all its sectors at once (manufacturing is 18 I-O sectors and 28.5% of final
     demand), so the worst case was manufacturing's for almost every county and the
     composite mostly measured how little manufacturing a county has.
     ``shock_level="sections"``: the table is summed to E's industries and k runs over
     them, loss_r(k) = sum_i s_ri shock L_ik f_k / x_i.
   - ``shock_size="proportional"`` (the default): a fall of ``shock`` (10%) in k's own
     final demand. ``"equal"``: the same absolute amount, shock x (total final demand)
     / K, from every sector in turn, so no sector's shock is bigger because the sector
     is bigger; the worst case then measures how concentrated a region's exposure is.
     Proportional is the default because it is a shock that can happen (a 10% fall in
     what final users buy from k): an equal shock removes more than the final demand
     of the sectors whose final demand is below the mean (a linear extrapolation), and
     it favours regions in large sectors, whose output absorbs a fixed amount (1 / x_j),
     so it trades one size effect for the reverse one. The specification range below
     shows what the choice changes.

   ``worst_loss`` = max_k loss_r(k), ``mean_loss`` the mean over k. Under proportional
   shocks sum_k L_jk f_k = x_j, so ``mean_loss`` = shock * io_coverage / K for every
   region and ranks nothing; under equal shocks it is (shock F / K^2) sum_j s_rj
   (sum_k L_jk) / x_j, which differs between regions but again by sector size (1 / x_j),
   so it is not a component either. Assumes national technology and national demand
   shares in every region (no regional trade), fixed coefficients, no price or
   substitution response, and (at the sector level) the national mix of sectors within
   every section; industries outside the I-O table (GB4754 T) are assumed unaffected
   and ``io_coverage`` says how much of the region that is.
4. Which sector, relative to the nation. The largest loss comes from the sectors
   with most final demand (manufacturing, construction) for almost every region, so
   the sector columns name the shock that hurts the region *more than it hurts the
   pooled mix of all regions scored* (S, "the nation"):

   - ``worst_sector`` = argmax_k [loss_r(k) - loss_S(k)], ``worst_sector_loss`` =
     loss_r(k*), ``worst_sector_excess`` = loss_r(k*) - loss_S(k*). Read: "a 10% fall
     in final demand for k* costs region r ``worst_sector_loss`` of its activity,
     ``worst_sector_excess`` more than it costs the nation".
   - ``main_dependency`` likewise from the forward (Ghosh) model (always on the table
     summed to E's industries, whatever the shock level): a fall of ``shock``
     in sector k's primary inputs costs sector i shock v_k (G_ki - delta_ki) / x_i
     (k's own direct loss excluded), dep_r(k) = sum_i s_ri of that;
     ``main_dependency`` = argmax_k [dep_r(k) - dep_S(k)], with
     ``main_dependency_loss`` and ``main_dependency_excess``. ``dependency_loss`` =
     max_k dep_r(k). The supply-driven model ranks forward linkages; it is not a
     causal model (Oosterhaven 1988).

   loss_S and dep_S are linear in the mix, so the excess is sum_i (s_ri - S_i) times
   the sector effects: what the region's mix adds to the shock every region shares.
5. Context, not in the default composite: diversity (number of sections with
   LQ >= 1), ECI, specialisation indices, total amount.

Composite: each weighted component (a :class:`~clusteratlas.graph.analytics.composite.Component`
of :data:`~clusteratlas.graph.analytics.composite.COMPONENTS`, which declares its
direction) becomes a percentile p in [0, 1] across the regions scored ((average rank
- 1) / (n - 1), oriented so 1 is most resilient);
``resilience = 100 * sum_c w_c p_c / sum_c w_c``, default weights entropy 0.3,
portfolio variance 0.3, worst loss 0.4. ``mean_loss`` is not a component: with
shocks proportional to final demand, sum_k L_ik f_k = x_i, so the mean over k is
shock * io_coverage / K for every region and ranks nothing. Percentiles make the
score relative to the regions compared, not absolute. A component that cannot be
computed (no national series, a series of one year, no I-O table) is dropped with a
:class:`~clusteratlas.errors.ComponentDroppedWarning`, its weight redistributed, and
the result says so: ``attrs["components"]`` (used, with weights rescaled to sum 1),
``attrs["dropped_components"]`` (name: reason) and the column
``resilience_components``.

Uncertainty (:mod:`~clusteratlas.graph.analytics.uncertainty`): when the scope's
measure is declared a sample count at its level (``dataset.json`` ``samples``, as the
bundled data declare county census employment: sampled persons) ``sample_size`` is a
region's count and a seeded multinomial bootstrap (``bootstrap`` replicates) redraws every
region's counts, recomputes the components, percentiles, composite and rank of all
regions, and reports ``confidence`` (default 90%) percentile intervals:
``entropy_low/high``, ``herfindahl_low/high``, ``resilience_low/high`` and
``rank_low/high`` (``rank_low`` is the better end). Regions with fewer than
``min_sample`` sampled units are flagged (``small_sample``) or, with
``small_samples="exclude"``, left out before scoring. See :data:`DEFAULT_MIN_SAMPLE`.

Specification uncertainty, beside the sampling one: the bootstrap covers sampling noise
only, while the analyst's choices move ranks by hundreds. ``rank_spec_low``,
``rank_spec_high``, ``resilience_spec_low``, ``resilience_spec_high`` are each region's
best and worst rank and lowest and highest score over every combination of: the shock
level (io-sectors, sections) x the shock size (proportional, equal) x the growth window
(the scope's ``growth_years``, and every year of the national series; each with all
growth rates, without the rate into each declared classification break
``growth_breaks`` inside it, and without all of them; the bundled data declare 2003 and
2013) x the weights (the chosen ones, each component's weight doubled, each halved; a
component dropped would be another index, not a test of this one's weighting) x the
regions compared (all; without the small samples, when E is a sample count).
Combinations that score every region alike count once (``attrs["specifications"]``
``distinct``): ``spec_count`` is the number of distinct specifications that scored the region;
``attrs["specifications"]`` lists them. The default specification is one of them, so
``rank_spec_low <= rank <= rank_spec_high``. Ranks under "without small samples" are
among fewer regions. Each component is computed once per input it depends on and its
percentiles once per set of regions; the weight variants only recombine them.

Regions of the scope's level that are not scored (no rows of the measure in the year,
rows summing to 0, or small samples excluded) are listed in ``attrs["unscored"]``
(``region_code``, ``name``, ``reason``).

Examples
--------
>>> from clusteratlas.graph.definitions.examples import example_dataset
>>> s = resilience_scores(example_dataset(), 2020, growth_years=(2017, 2019))
>>> s[["resilience", "worst_sector"]].values.tolist()
[[100.0, 'GB4754:A'], [0.0, 'GB4754:C']]
>>> s.attrs["uncertainty"]["reason"]  # full counts: no sampling intervals
'employment at level county is not declared a sample count (dataset.json samples)'
"""

from __future__ import annotations

import dataclasses
import itertools
import warnings
from collections.abc import Mapping
from typing import Any, Literal

import numpy as np
import pandas as pd

from clusteratlas.errors import (
    ClusterAtlasWarning,
    ComponentDroppedWarning,
    MatrixError,
    UnreliableMetricWarning,
    UsageError,
)
from clusteratlas.graph.analytics.clusters import MIN_SAMPLED_SIZE
from clusteratlas.graph.analytics.complexity import eci_pci
from clusteratlas.graph.analytics.composite import (
    COMPONENTS,
    DEFAULT_WEIGHTS,
    ComponentInputs,
    average_ranks,
    check_weights,
    composite_score,
    percentile_ranks,
)
from clusteratlas.graph.analytics.concentration import rca_binary
from clusteratlas.graph.analytics.growth import growth_covariance, growth_rates
from clusteratlas.graph.analytics.input_output import (
    apportion_effects,
    demand_shock_effects,
    supply_shock_effects,
)
from clusteratlas.graph.analytics.uncertainty import multinomial_bootstrap, percentile_interval
from clusteratlas.graph.definitions.cache import dataset_cached
from clusteratlas.graph.definitions.io_table import (
    bridge_weights,
    industry_mapping,
    input_output_table,
)
from clusteratlas.graph.definitions.matrix import industry_shares, region_shares
from clusteratlas.graph.definitions.regions import national_series
from clusteratlas.graph.definitions.scope import (
    SHOCK_LEVELS,
    SHOCK_SIZES,
    AnalysisScope,
    resolve_scope,
)
from clusteratlas.loaders.dataset import Dataset

__all__ = [
    "COMPONENTS",
    "DEFAULT_MIN_SAMPLE",
    "DEFAULT_WEIGHTS",
    "composite_score",
    "resilience_note",
    "resilience_scores",
]

DEFAULT_MIN_SAMPLE = 2000
"""Regions with fewer sampled units than this are flagged ``small_sample``.

Why 2,000: on the bundled 2020 census data the median 90% bootstrap interval of a
county's rank is wider than a tenth of the ranking below 2,000 sampled workers and
narrower above; the widths by sample size are tabulated in
``docs/resilience-sensitivity.md`` (regenerated by ``scripts/resilience-sensitivity``).
The bootstrap ignores the household clustering of the census sample, so true
intervals are wider: raise ``min_sample`` (e.g. to 5,000) for a stricter ranking.
"""

SmallSamples = Literal["flag", "exclude"]

INTERVAL_COLUMNS = ("entropy", "herfindahl", "resilience", "rank")
"""The columns that get ``_low``/``_high`` bootstrap interval columns."""


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
    bootstrap: int = 200,
    confidence: float = 0.9,
    seed: int = 0,
    min_sample: int = DEFAULT_MIN_SAMPLE,
    small_samples: SmallSamples = "flag",
    specifications: bool = True,
) -> pd.DataFrame:
    """One row per region of the scope's level: components, composite 0-100, why, how sure.

    See the module docstring for the model, its assumptions and the weights. Columns
    (indexed by region code, sorted by rank, 1 = most resilient):

    - ``name, amount`` (row total of the measure), ``sample_size`` (the same when the
      measure is declared a sample count at this level, else null), ``small_sample``
      (sample_size < ``min_sample``), ``n_industries``;
    - diversification: ``entropy, entropy_low, entropy_high, herfindahl,
      herfindahl_low, herfindahl_high, hachman, krugman, theil, unrelated_variety,
      related_variety, diversity, eci``;
    - ``portfolio_variance, growth_coverage``;
    - shocks: ``worst_loss, worst_sector, worst_sector_name, worst_sector_loss,
      worst_sector_excess, mean_loss, io_coverage, dependency_loss, main_dependency,
      main_dependency_name, main_dependency_loss, main_dependency_excess`` (losses
      are shares of the region's activity: 0.01 = 1%);
    - ``resilience, resilience_low, resilience_high, rank, rank_low, rank_high,
      resilience_spec_low, resilience_spec_high, rank_spec_low, rank_spec_high,
      spec_count, resilience_components``.

    ``attrs`` holds ``components``, ``dropped_components``, ``uncertainty``,
    ``specifications``, ``shock`` (the shock in words), ``min_sample`` (what the
    pipeline writes back with the scores) and ``unscored`` (the regions left out, with
    why).

    Parameters
    ----------
    dataset : Dataset
        The data: ``region_industries`` (E), the national series (Sigma), the
        input-output table and ``dataset.json``'s samples, units and groupings.
    year, measure, scheme, level, io_year, io_scheme : optional
        Choices of the :class:`~clusteratlas.graph.definitions.scope.AnalysisScope`
        (inferred from the data when not given: on the bundled data county x GB4754,
        employment, the latest census year 2020, the NBS42 table of 2020). ``measure``
        is also the national series Sigma is computed from.
    scope : AnalysisScope, optional
        The whole scope at once (instead of the separate choices).
    shock : float, default 0.1
        Relative fall in one sector's final demand (0.1 = 10%); losses scale linearly.
        Where it falls and how big each shock is: the scope's ``shock_level`` and
        ``shock_size`` (see the module docstring).
    growth_years : (int, int), optional
        First and last year of the national series for Sigma; default the scope's
        (``dataset.json`` ``analysis.growth_years``; the bundled data: 2003-2018),
        else all years.
    weights : mapping, default :data:`DEFAULT_WEIGHTS`
        Composite weights by component name (:data:`COMPONENTS`; unknown names raise
        :class:`~clusteratlas.errors.UsageError`); default entropy 0.3, portfolio
        variance 0.3, worst loss 0.4.
    bootstrap : int, default 200
        Multinomial bootstrap replicates for the intervals (0: none; only declared
        sample counts get intervals).
    confidence : float, default 0.9
        Coverage of the intervals (0.9: the 5th and 95th percentiles).
    seed : int, default 0
        Seed of the bootstrap (same seed, same intervals).
    min_sample : int, default :data:`DEFAULT_MIN_SAMPLE`
        Regions with fewer sampled units (2,000) are ``small_sample``.
    small_samples : {"flag", "exclude"}, default "flag"
        Keep small-sample regions (flagged) or leave them out before scoring.
    specifications : bool, default True
        Compute the specification ranges (``rank_spec_low`` ...); False leaves them null.

    Returns
    -------
    DataFrame
        The columns above, indexed by ``region_code``, sorted by rank (ties by code);
        every region of the scope's level with a row total > 0. ``attrs`` as above.

    Raises
    ------
    UsageError
        Unknown component or bad weight, bad ``small_samples``, ``bootstrap`` < 0.
    MatrixError
        No region, or no weighted component could be computed.

    Examples
    --------
    >>> from clusteratlas.graph.definitions.examples import example_dataset
    >>> s = resilience_scores(example_dataset(), growth_years=(2017, 2019), bootstrap=0)
    >>> s.loc["11", "rank"], s.loc["11", "main_dependency_name"]
    (np.int64(1), 'Manufacturing')
    >>> s.attrs["components"]
    {'entropy': 0.3, 'portfolio_variance': 0.3, 'worst_loss': 0.4}
    """
    check_weights(weights)
    if small_samples not in ("flag", "exclude"):
        raise UsageError(f"small_samples must be 'flag' or 'exclude', got {small_samples!r}")
    if int(bootstrap) < 0:
        raise UsageError(f"bootstrap must be >= 0 replicates, got {bootstrap!r}")
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
    if growth_years is not None:
        scope = scope.replace(growth_years=(int(growth_years[0]), int(growth_years[1])))
    return _scores(
        dataset,
        scope,
        shock,
        weights,
        int(bootstrap),
        confidence,
        seed,
        min_sample,
        small_samples,
        bool(specifications),
    )


@dataset_cached
def _scores(
    dataset: Dataset,
    scope: AnalysisScope,
    shock: float,
    weights: Mapping[str, float],
    bootstrap: int,
    confidence: float,
    seed: int,
    min_sample: int,
    small_samples: SmallSamples,
    specifications: bool,
) -> pd.DataFrame:
    chosen = check_weights(weights)
    E = scope.matrix(dataset)
    E = E[E.sum(axis=1) > 0].sort_index().sort_index(axis=1)  # replicates follow the codes
    sampling = _sampling(dataset, scope, E)
    sample = E.sum(axis=1).round().astype("int64") if sampling is None else None
    if sample is not None and small_samples == "exclude":
        E = E[sample >= min_sample]
        sample = sample[E.index]
    if E.empty:
        raise MatrixError(f"no regions to score in {scope.describe()}")

    names = dataset.industries.set_index("code")["name"]
    inputs, notes, extra = _inputs(dataset, E, scope, shock)
    if sample is not None:  # a specialisation of a few sampled workers is noise: not counted
        inputs = dataclasses.replace(
            inputs, totals=E.sum(axis=1).to_numpy(), min_count=float(MIN_SAMPLED_SIZE)
        )
    shares = region_shares(E).to_numpy()
    out = pd.DataFrame(index=E.index)
    out["name"] = dataset.regions.set_index("code")["name"].reindex(E.index)
    out["amount"] = E.sum(axis=1)
    out["sample_size"] = sample if sample is not None else np.nan
    out["small_sample"] = (sample < min_sample) if sample is not None else False
    out["n_industries"] = (E > 0).sum(axis=1)
    for component in COMPONENTS.values():
        out[component.column] = component.evaluate(shares, inputs)
    out["diversity"] = out["diversity"].astype("int64")  # a count
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", UnreliableMetricWarning)
        M = rca_binary(E)
        if sample is not None:  # the cells diversity counts: enough sampled units
            M = M.where(E >= MIN_SAMPLED_SIZE, 0)
        out["eci"] = eci_pci(M).eci
    for found in caught:  # the column is shown beside the scores: say when it means little
        if "industries enter M" in str(found.message):
            warnings.warn(
                f"resilience_scores: the eci column: {str(found.message).split(': ', 1)[1]}",
                UnreliableMetricWarning,
                stacklevel=5,
            )
    out = out.join(extra)
    for col in ("worst_sector", "main_dependency"):
        out[f"{col}_name"] = out[col].map(names)

    used, dropped = _used_components(chosen, inputs, notes)
    out["resilience"] = composite_score(out, used)
    out["rank"] = out["resilience"].rank(ascending=False, method="min").astype("int64")
    uncertainty = _intervals(E, out, inputs, used, bootstrap, confidence, seed, sampling)
    spec: dict[str, Any] = {"method": None, "reason": "specifications=False"}
    for col in SPEC_COLUMNS:
        out[col] = pd.Series(pd.NA, index=out.index, dtype="Int64") if "rank" in col else np.nan
    out["spec_count"] = 0
    if specifications:
        spec = _spec_ranges(
            dataset, scope, E, out, inputs, used, shock, sample, min_sample, small_samples
        )
    total = sum(used.values())
    out["resilience_components"] = " ".join(f"{k}:{v / total:.4g}" for k, v in used.items())
    out = out[_column_order(out)]
    out.index.name = "region_code"
    out = out.sort_values(["rank", "region_code"])
    out.attrs.update(
        components={k: v / total for k, v in used.items()},
        dropped_components=dropped,
        uncertainty=uncertainty,
        specifications=spec,
        shock=_shock_text(scope, shock),
        min_sample=int(min_sample),
        small_samples=small_samples,
        unscored=_unscored(dataset, scope, E, sample, min_sample, small_samples),
    )
    return out


def _unscored(
    dataset: Dataset,
    scope: AnalysisScope,
    E: pd.DataFrame,
    sample: pd.Series | None,
    min_sample: int,
    small_samples: SmallSamples,
) -> list[dict[str, str]]:
    """The regions of the scope's level that the ranking leaves out, with why (code order).

    Reasons: no rows of the measure in the year; rows that sum to 0; fewer sampled units
    than ``min_sample`` with ``small_samples="exclude"``.
    """
    regions = dataset.regions[dataset.regions["level"] == scope.level].set_index("code")["name"]
    full = scope.matrix(dataset)
    totals = full.sum(axis=1)
    out = []
    for code in sorted(set(regions.index) - set(E.index)):
        if code not in totals.index:
            why = f"no {scope.measure} rows in {scope.year}"
        elif totals[code] <= 0:
            why = f"{scope.measure} rows in {scope.year} sum to 0"
        elif small_samples == "exclude":
            why = f"fewer than {min_sample:,} sampled units (small_samples='exclude')"
        else:  # pragma: no cover - every left-out region has one of the reasons above
            why = "not scored"
        out.append({"region_code": str(code), "name": str(regions[code]), "reason": why})
    return out


SPEC_COLUMNS = (
    "resilience_spec_low",
    "resilience_spec_high",
    "rank_spec_low",
    "rank_spec_high",
    "spec_count",
)
"""The specification-range columns of :func:`resilience_scores`."""


def _growth_windows(dataset: Dataset, scope: AnalysisScope) -> list[tuple[str, pd.DataFrame]]:
    """The growth-rate sets of the specification range: (label, rates), the default first.

    Windows: the scope's ``growth_years`` (else every year) and every year of the national
    series; in each, all rates, the rates without each declared ``growth_breaks`` year
    inside it (the rate into that year), and without all of them. Duplicates dropped.
    """
    series = national_series(dataset, scope.measure, scope.scheme).sort_index()
    first, last = int(series.index.min()), int(series.index.max())
    windows = [scope.growth_years or (first, last), (first, last)]
    out: list[tuple[str, pd.DataFrame]] = []
    seen: set[tuple[int, ...]] = set()
    for lo, hi in windows:
        rates = growth_rates(series.loc[lo:hi].dropna(axis=1, how="any"))
        inside = [b for b in scope.growth_breaks or () if b in rates.index]
        drops: list[tuple[int, ...]] = [()] + [(b,) for b in inside]
        if len(inside) > 1:
            drops.append(tuple(inside))
        for drop in drops:
            kept = rates.drop(index=list(drop))
            key = tuple(int(y) for y in kept.index)
            if key in seen or len(kept) < 2:
                continue
            seen.add(key)
            label = f"{lo}-{hi}" + "".join(f" without {y}" for y in drop)
            out.append((label, kept))
    return out


def _spec_ranges(
    dataset: Dataset,
    scope: AnalysisScope,
    E: pd.DataFrame,
    out: pd.DataFrame,
    inputs: ComponentInputs,
    used: Mapping[str, float],
    shock: float,
    sample: pd.Series | None,
    min_sample: int,
    small_samples: SmallSamples,
) -> dict[str, Any]:
    """Add each region's range of score and rank over the specifications; say which.

    Specifications (every combination): the shock level (I-O sectors, sections) x the
    shock size (proportional, equal) x the growth windows (:func:`_growth_windows`) x the
    weights (the chosen ones, each component's weight doubled, each halved) x the
    regions compared (all; without the small samples, when E is a sample count). Each
    component is evaluated once per input it depends on, and its percentiles once per
    set of regions compared; the weight variants recombine those percentiles.
    """
    shares = region_shares(E).to_numpy()
    columns = tuple(E.columns)
    shocks: dict[str, ComponentInputs] = {}
    for level, size in itertools.product(SHOCK_LEVELS, SHOCK_SIZES):
        if inputs.loss is None:
            break
        try:
            demand, supply, _ = _shock_effects(dataset, scope, columns, shock, level, size)
        except MatrixError:
            continue
        shocks[f"{level} {size}"] = dataclasses.replace(
            inputs, loss=demand.to_numpy(), dependency=supply.to_numpy()
        )
    if not shocks:
        shocks["no I-O table"] = inputs
    growths: dict[str, ComponentInputs] = {"as scored": inputs}
    if inputs.growth_cov is not None:
        growths = {}
        for label, rates in _growth_windows(dataset, scope):
            cov = rates.cov(ddof=1).reindex(index=list(columns), columns=list(columns))
            growths[label] = dataclasses.replace(inputs, growth_cov=cov.to_numpy())
    peers = {"all regions": np.ones(len(E), dtype=bool)}
    if sample is not None and small_samples == "flag":
        keep = (sample >= min_sample).to_numpy()
        if keep.any() and not keep.all():
            peers[f"without small samples (< {min_sample:,})"] = keep
    # each weight doubled and halved: a component dropped would make another index, not
    # test this one's weighting
    weightings: dict[str, dict[str, float]] = {"chosen": dict(used)}
    for name in used:
        weightings[f"{name} x2"] = {**used, name: 2 * used[name]}
        weightings[f"{name} x0.5"] = {**used, name: 0.5 * used[name]}

    # percentiles of each component: once per input it depends on and set of peers
    pct: dict[tuple[str, str, str], np.ndarray] = {}

    def percentiles(name: str, variant: str, source: ComponentInputs, peer: str) -> np.ndarray:
        key = (name, variant, peer)
        if key not in pct:
            values = COMPONENTS[name].evaluate(shares, source).astype("float64")
            values = np.where(peers[peer], values, np.nan)
            pct[key] = np.nan_to_num(percentile_ranks(values, COMPONENTS[name].direction), nan=0.0)
        return pct[key]

    scores, ranks = [], []
    specs = list(itertools.product(shocks, growths, weightings, peers))
    for shock_key, growth_key, weight_key, peer in specs:
        weights = weightings[weight_key]
        score = np.zeros(len(E))
        for name, w in weights.items():
            need = COMPONENTS[name].needs
            variant, source = (
                (shock_key, shocks[shock_key]) if need == "io"
                else (growth_key, growths[growth_key]) if need == "growth"
                else ("mix", inputs)
            )  # fmt: skip
            score += w * percentiles(name, variant, source, peer)
        score = 100.0 * score / sum(weights.values())
        score = np.where(peers[peer], score, np.nan)
        scores.append(score)
        ranks.append(average_ranks(-score, method="min"))
    S, R = np.vstack(scores), np.vstack(ranks)
    # specifications that score every region alike (a weight of the only component doubled,
    # growth windows once portfolio variance has no weight) count once
    _, first = np.unique(np.round(np.nan_to_num(S, nan=-1.0), 9), axis=0, return_index=True)
    distinct = np.sort(first)
    S, R = S[distinct], R[distinct]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        out["resilience_spec_low"] = np.nanmin(S, axis=0)
        out["resilience_spec_high"] = np.nanmax(S, axis=0)
        out["rank_spec_low"] = pd.array(np.nanmin(R, axis=0), dtype="Int64")
        out["rank_spec_high"] = pd.array(np.nanmax(R, axis=0), dtype="Int64")
    out["spec_count"] = (~np.isnan(S)).sum(axis=0).astype("int64")
    return {
        "method": "range over every combination of the specifications (distinct ones)",
        "count": len(specs),
        "distinct": len(distinct),
        "shock": list(shocks),
        "growth": list(growths),
        "weights": list(weightings),
        "regions": list(peers),
    }


def _sampling(dataset: Dataset, scope: AnalysisScope, E: pd.DataFrame) -> str | None:
    """None when E holds declared sample counts (whole numbers); else why it does not.

    A measure is a sample at a region level when ``dataset.json`` ``samples`` says so
    (``dataset.metadata["samples"]``: measure -> levels), as the bundled data do for
    county census employment. Declared samples that are not whole numbers get a warning.
    """
    declared = (dataset.metadata.get("samples") or {}).get(scope.measure) or ()
    if scope.level not in set(declared):
        return (
            f"{scope.measure} at level {scope.level} is not declared a sample count "
            "(dataset.json samples)"
        )
    values = E.to_numpy()
    if not np.all(values == np.round(values)):
        warnings.warn(
            f"resilience_scores: {scope.measure} at level {scope.level} is declared a sample "
            "count but its values are not whole numbers: no sample sizes, no sampling intervals",
            ClusterAtlasWarning,
            stacklevel=5,
        )
        return f"{scope.measure} values are not whole-number counts"
    return None


def _inputs(
    dataset: Dataset,
    E: pd.DataFrame,
    scope: AnalysisScope,
    shock: float,
) -> tuple[ComponentInputs, dict[str, str], pd.DataFrame]:
    """The components' inputs, why any could not be built, and the explanation columns."""
    notes: dict[str, str] = {}
    columns = list(E.columns)
    reference = industry_shares(E).to_numpy()
    group_of = scope.industry_groups(dataset, columns)
    groups = pd.Series([group_of.get(c, c) for c in columns]).factorize()[0]
    extra = pd.DataFrame(index=E.index)

    sigma: np.ndarray | None = None
    try:
        series = national_series(dataset, scope.measure, scope.scheme)
        if scope.growth_years is not None:
            series = series.loc[scope.growth_years[0] : scope.growth_years[1]]
        cov = growth_covariance(series.dropna(axis=1, how="any"))
        sigma = cov.reindex(index=columns, columns=columns).to_numpy()
        covered = [c for c in columns if c in cov.index]
        extra["growth_coverage"] = E[covered].sum(axis=1) / E.sum(axis=1)
    except MatrixError as e:
        notes["growth"] = f"no national growth covariance: {e}"
        extra["growth_coverage"] = np.nan

    loss: np.ndarray | None = None
    dependency: np.ndarray | None = None
    try:
        demand, supply, io_covered = _shock_effects(
            dataset,
            scope,
            tuple(columns),
            shock,
            _shock_level(scope),
            scope.shock_size or "proportional",
        )
    except MatrixError as e:
        notes["io"] = f"no input-output table for {scope.scheme}: {e}"
        for c in ("worst_sector", "worst_sector_loss", "worst_sector_excess", "mean_loss"):
            extra[c] = np.nan
        extra["io_coverage"] = np.nan
        for c in ("main_dependency", "main_dependency_loss", "main_dependency_excess"):
            extra[c] = np.nan
    else:
        s = region_shares(E)
        worst = _excess_sector(s, demand, reference, "worst_sector")
        extra = extra.join(worst.drop(columns="all_losses_mean"))
        extra["mean_loss"] = worst["all_losses_mean"]
        extra["io_coverage"] = s[[c for c in columns if c in io_covered]].sum(axis=1)
        main = _excess_sector(s, supply, reference, "main_dependency")
        extra = extra.join(main.drop(columns="all_losses_mean"))
        loss, dependency = demand.to_numpy(), supply.to_numpy()
    inputs = ComponentInputs(reference, groups, sigma, loss, dependency)
    return inputs, notes, extra


def _shock_text(scope: AnalysisScope, shock: float) -> str:
    """What one shock of the losses is, in words (``attrs["shock"]``, shown by the views)."""
    where = "input-output sector" if _shock_level(scope) == "io-sectors" else "industry"
    if (scope.shock_size or "proportional") == "equal":
        return (
            f"the removal of {shock:.0%} of total final demand / number of sectors from one "
            f"{where}'s final demand"
        )
    return f"a {shock:.0%} fall in one {where}'s final demand"


def _shock_level(scope: AnalysisScope) -> str:
    """The scope's shock level; a scope built by hand without one shocks E's industries."""
    level = scope.shock_level or "sections"
    if level not in SHOCK_LEVELS:
        raise UsageError(f"shock_level must be one of {', '.join(SHOCK_LEVELS)}, got {level!r}")
    if (scope.shock_size or "proportional") not in SHOCK_SIZES:
        raise UsageError(
            f"shock_size must be one of {', '.join(SHOCK_SIZES)}, got {scope.shock_size!r}"
        )
    return level


@dataset_cached
def _shock_effects(
    dataset: Dataset,
    scope: AnalysisScope,
    columns: tuple[str, ...] | list[str],
    shock: float,
    level: str,
    size: str,
) -> tuple[pd.DataFrame, pd.DataFrame, set[str]]:
    """Demand and supply effects on E's industries (rows) of a shock to each sector (columns).

    Demand: ``level="sections"``: the table aggregated to E's industries, effects at that
    level; ``level="io-sectors"``: effects at the table's own sectors, folded onto E's
    industries in the national mix
    (:func:`~clusteratlas.graph.analytics.input_output.apportion_effects`; columns are I-O
    sectors). Supply (the Ghosh dependency): always the aggregated table, proportional.
    Also returns E's industries that have an I-O sector.
    """
    columns = list(columns)
    try:
        aggregated = scope.io_table(dataset)
    except MatrixError:
        bridged = _bridged_effects(dataset, scope, columns, shock, size)
        if bridged is None:
            raise
        return bridged
    supply = supply_shock_effects(aggregated, shock).reindex(index=columns, fill_value=0.0)
    if level == "sections":
        demand = demand_shock_effects(aggregated, shock, size)  # type: ignore[arg-type]
        return demand.reindex(index=columns, fill_value=0.0), supply, set(aggregated.sectors)
    assert scope.io_scheme is not None and scope.io_year is not None  # io_table() checked
    io = input_output_table(dataset, scope.io_year, scope.io_scheme)
    if scope.io_scheme == scope.scheme:
        mapping = pd.Series({c: c for c in io.sectors}, dtype="object")
    else:
        mapping = industry_mapping(dataset, scope.io_scheme, scope.scheme)
    mapping = mapping.reindex(io.sectors).dropna()
    if mapping.empty:
        raise MatrixError(f"{scope.io_scheme}: no input-output sector maps into {scope.scheme}")
    demand = apportion_effects(
        demand_shock_effects(io, shock, size),  # type: ignore[arg-type]
        io,
        mapping,
        columns,
    )
    return demand, supply, set(mapping)


def _bridged_effects(
    dataset: Dataset,
    scope: AnalysisScope,
    columns: list[str],
    shock: float,
    size: str,
) -> tuple[pd.DataFrame, pd.DataFrame, set[str]] | None:
    """The effects on E's industries (occupations) through the dataset's ``industry_bridge``.

    An occupation o loses what the sectors it staffs lose, in proportion to its staff
    there: effect_ok = sum_j w_oj effect_jk (W the staffing matrix,
    :func:`~clusteratlas.graph.definitions.io_table.bridge_weights`), so a region's loss
    sum_o s_ro effect_ok equals the loss of its bridged sector mix sum_j (s W)_rj
    effect_jk. Shocks fall on the table's own sectors. None when the data have no bridge
    from ``scope.scheme`` to ``scope.io_scheme``.
    """
    if scope.io_scheme is None or scope.io_year is None:
        return None
    weights = bridge_weights(dataset, scope.scheme, scope.io_scheme)
    if weights.empty:
        return None
    io = input_output_table(dataset, scope.io_year, scope.io_scheme)
    w = weights.reindex(index=columns, columns=list(io.sectors), fill_value=0.0)
    demand = w @ demand_shock_effects(io, shock, size)  # type: ignore[arg-type]
    supply = w @ supply_shock_effects(io, shock)
    return demand, supply, {c for c in columns if c in weights.index}


def _excess_sector(
    shares: pd.DataFrame, effects: pd.DataFrame, reference: np.ndarray, prefix: str
) -> pd.DataFrame:
    """The shocked sector k* maximising loss_r(k) - loss_S(k), its loss and that excess.

    ``effects[i, k]`` is sector i's relative loss from a shock to k, so a mix m loses
    ``m @ effects`` (the region's shares, or the reference mix S for the nation).
    """
    region = shares.to_numpy() @ effects.to_numpy()
    excess = region - reference @ effects.to_numpy()
    best = excess.argmax(axis=1)
    rows = np.arange(len(region))
    return pd.DataFrame(
        {
            prefix: np.asarray(effects.columns, dtype="object")[best],
            f"{prefix}_loss": region[rows, best],
            f"{prefix}_excess": excess[rows, best],
            "all_losses_mean": region.mean(axis=1),
        },
        index=shares.index,
    )


def _used_components(
    chosen: Mapping[str, float], inputs: ComponentInputs, notes: Mapping[str, str]
) -> tuple[dict[str, float], dict[str, str]]:
    """Split the weighted components into those computable here and the dropped (with why)."""
    missing = {"growth": inputs.growth_cov is None, "io": inputs.loss is None}
    used, dropped = {}, {}
    for name, w in chosen.items():
        need = COMPONENTS[name].needs
        if missing.get(need, False):
            dropped[name] = notes[need]
        else:
            used[name] = w
    for name, why in dropped.items():
        warnings.warn(
            f"resilience composite: component {name!r} left out ({why}); "
            f"the composite uses {sorted(used) or 'nothing'}",
            ComponentDroppedWarning,
            stacklevel=4,
        )
    if not used:
        raise MatrixError(
            "resilience composite: no weighted component could be computed: "
            + "; ".join(f"{k}: {v}" for k, v in dropped.items())
        )
    return used, dropped


def _intervals(
    E: pd.DataFrame,
    out: pd.DataFrame,
    inputs: ComponentInputs,
    used: Mapping[str, float],
    replicates: int,
    confidence: float,
    seed: int,
    not_sampled: str | None,
) -> dict[str, Any]:
    """Add the bootstrap interval columns to ``out`` (NaN when not computed); say what was done."""
    for col in INTERVAL_COLUMNS:
        for end in ("low", "high"):
            if col == "rank":
                out[f"rank_{end}"] = pd.Series(pd.NA, index=out.index, dtype="Int64")
            else:
                out[f"{col}_{end}"] = np.nan
    if not_sampled is not None:
        return {"method": None, "reason": not_sampled}
    if replicates == 0:
        return {"method": None, "reason": "bootstrap=0"}
    total = sum(used.values())

    def statistic(p: np.ndarray) -> dict[str, np.ndarray]:
        values = {
            name: COMPONENTS[name].evaluate(p, inputs)
            for name in dict.fromkeys([*used, "entropy", "herfindahl"])
        }
        score = np.zeros(p.shape[:-1])
        for name, w in used.items():
            pct = percentile_ranks(values[name], COMPONENTS[name].direction)
            score += w * np.nan_to_num(pct, nan=0.0)
        score = 100.0 * score / total
        return {
            "entropy": values["entropy"],
            "herfindahl": values["herfindahl"],
            "resilience": score,
            "rank": average_ranks(-score, method="min"),
        }

    reps = multinomial_bootstrap(E, statistic, replicates, seed)
    for col in INTERVAL_COLUMNS:
        low, high = percentile_interval(reps[col], confidence)
        if col == "rank":  # whole ranks, rounded outwards
            out["rank_low"] = pd.array(np.floor(low), dtype="Int64")
            out["rank_high"] = pd.array(np.ceil(high), dtype="Int64")
        else:
            out[f"{col}_low"], out[f"{col}_high"] = low, high
    return {
        "method": "multinomial bootstrap, percentile intervals",
        "replicates": int(replicates),
        "confidence": float(confidence),
        "seed": int(seed),
    }


def _column_order(out: pd.DataFrame) -> list[str]:
    order = [
        "name",
        "amount",
        "sample_size",
        "small_sample",
        "n_industries",
        "entropy",
        "entropy_low",
        "entropy_high",
        "herfindahl",
        "herfindahl_low",
        "herfindahl_high",
        "hachman",
        "krugman",
        "theil",
        "unrelated_variety",
        "related_variety",
        "diversity",
        "eci",
        "portfolio_variance",
        "growth_coverage",
        "worst_loss",
        "worst_sector",
        "worst_sector_name",
        "worst_sector_loss",
        "worst_sector_excess",
        "mean_loss",
        "io_coverage",
        "dependency_loss",
        "main_dependency",
        "main_dependency_name",
        "main_dependency_loss",
        "main_dependency_excess",
        "resilience",
        "resilience_low",
        "resilience_high",
        "rank",
        "rank_low",
        "rank_high",
        *SPEC_COLUMNS,
        "resilience_components",
    ]
    return order + [c for c in out.columns if c not in order]


def resilience_note(scores: pd.DataFrame) -> str:
    """One line saying what a :func:`resilience_scores` table was computed from (its ``attrs``).

    The components used and their weights, those dropped and why, how the intervals
    were computed (or why there are none) and how many regions are small samples.

    Parameters
    ----------
    scores : DataFrame
        A :func:`resilience_scores` table, with its ``attrs``.

    Returns
    -------
    str
        Parts joined by "; ": the composite's components and weights, those left out
        and why, the intervals' method (or why there are none), the small samples.

    Examples
    --------
    >>> from clusteratlas.graph.definitions.examples import example_dataset
    >>> note = resilience_note(resilience_scores(example_dataset(), growth_years=(2017, 2019)))
    >>> note.split("; ")[0]
    'composite of entropy 0.3, portfolio_variance 0.3, worst_loss 0.4'
    >>> note.split("; ")[1].split(" (")[0]  # full counts, not a sample
    'no sampling intervals'
    """
    a = scores.attrs
    used = ", ".join(f"{k} {v:.3g}" for k, v in (a.get("components") or {}).items())
    parts = [f"composite of {used}"]
    dropped = a.get("dropped_components") or {}
    if dropped:
        parts.append("left out: " + "; ".join(f"{k} ({v})" for k, v in dropped.items()))
    u = a.get("uncertainty") or {}
    if u.get("method"):
        parts.append(
            f"{u['confidence']:.0%} intervals from {u['replicates']} multinomial bootstrap "
            f"replicates (seed {u['seed']})"
        )
    else:
        parts.append(f"no sampling intervals ({u.get('reason', 'not computed')})")
    if "sample_size" in scores and scores["sample_size"].notna().any():
        floor = f"{a.get('min_sample', 0):,} sampled units"
        if a.get("small_samples") == "exclude":
            parts.append(f"regions below {floor} left out")
        else:
            small = int(scores["small_sample"].sum())
            parts.append(f"{small:,} of {len(scores):,} regions below {floor}: small_sample")
    return "; ".join(parts)
