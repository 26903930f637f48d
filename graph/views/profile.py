"""The figures of a region report: one region's profile, read from the data and an analysis.

:func:`region_profile` gathers what :func:`~clusteratlas.graph.views.report.region_report`
prints and draws for one region, each figure with the definition it comes from:

- its industry mix against the nation (s_ri and S_i of the scope's matrix E, all regions
  of the level pooled), its location quotients (:func:`~clusteratlas.graph.definitions.
  quotients.aggregate_location_quotient`) with the cells below the minimum count flagged
  (:func:`~clusteratlas.graph.analytics.clusters.default_min_size`: 30 sampled workers when
  E is a declared sample count), and the change of each share since an earlier year of
  the same measure (the bundled data: census 2010 -> 2020);
- its resilience rank with its sampling interval (a row of ``analyze``'s ``regions``);
- its detected clusters (``analyze``'s ``clusters``) and the clusters a source declares for
  it, with the evidence (``analyze``'s ``recovery``);
- its supply chain in brief: the sector the supply-chain page starts from
  (:func:`~clusteratlas.graph.analytics.focus.region_focus`), its largest suppliers
  (a_ij), buyers (b_ij) and final uses (f_ik / x_i) in the national input-output table;
- its listed firms by industry and the facts the data quote for it, qualifiers kept.

Nothing is recomputed that the caller gives: the demo passes its one analysis.

>>> from clusteratlas.graph.views._toy import toy_dataset
>>> p = region_profile(toy_dataset(), "100101")
>>> p.name, p.year, round(float(p.industries["share"].sum()), 6)
('东县', 2020, 1.0)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from clusteratlas.errors import UsageError
from clusteratlas.graph.definitions.cache import dataset_cached
from clusteratlas.graph.definitions.scope import AnalysisScope
from clusteratlas.graph.views._format import QUALIFIERS
from clusteratlas.loaders.dataset import Dataset

__all__ = ["QUALIFIERS", "RegionProfile", "SupplyBrief", "base_year", "region_profile"]


TOP_LINKS = 5
"""Suppliers and buyers listed in a supply brief."""


@dataclass(frozen=True)
class SupplyBrief:
    """A region's sector in the national input-output table: who it buys from and sells to.

    Attributes
    ----------
    code, name : str
        The sector (an I-O sector, or a section of the region data when the region's
        evidence names no finer one).
    level : str
        ``"sector"`` or ``"section"`` (the I-O table summed to the region data's sections).
    reason : str
        Why this sector (:attr:`~clusteratlas.graph.analytics.focus.RegionFocus.reason`).
    year : int
        The I-O table's year.
    unit : str
        The unit of its flows and output.
    output : float
        x_j, the sector's national gross output.
    upstream : DataFrame
        ``code, name, coefficient``: a_ij = z_ij / x_j, inputs from i per unit of j's
        output, the largest :data:`TOP_LINKS`.
    downstream : DataFrame
        ``code, name, share``: b_ji = z_ji / x_j, share of j's output bought by i.
    final_use : DataFrame
        ``category, name, share``: f_jk / x_j by final-use category (negative for an
        inventory drawn down).
    """

    code: str
    name: str
    level: str
    reason: str
    year: int
    unit: str
    output: float
    upstream: pd.DataFrame
    downstream: pd.DataFrame
    final_use: pd.DataFrame


@dataclass(frozen=True)
class RegionProfile:
    """Everything one region report shows, as numbers (the page formats them).

    Attributes
    ----------
    code, name, level : str
        The region.
    parents : str
        Its parents' names, largest first (``江苏省 苏州市``).
    scope : AnalysisScope
        The scope of E (year, measure, level, scheme).
    unit : str
        The measure's unit (``persons``).
    sampled : bool
        Whether E is a declared sample count (the census long form).
    min_count : float
        Cells below it are flagged (their LQ is noisy); 0 when nothing is flagged.
    total : float
        The region's total in the scope's year.
    n_regions : int
        Regions of the level in E (the nation pooled for S_i).
    industries : DataFrame
        Indexed by industry code: ``name, market, count, share, national_share, lq,
        flagged`` and, with a base year, ``count_base, share_base, national_share_base,
        change, national_change`` (shares 0..1, changes in share points 0..1).
    base_year : int or None
        The earlier year of the change (None: the data have one year, or the region
        has no rows then).
    total_base : float
        The region's total in the base year (NaN without one).
    scores : dict
        The region's row of the resilience scores (empty without scores), plus
        ``n_ranked`` and the interval settings under ``uncertainty``.
    clusters : DataFrame
        The detected clusters of the region (rows of ``analyze``'s ``clusters``).
    declared : DataFrame
        The clusters a source declares for the region (rows of ``analyze``'s
        ``recovery``).
    supply : SupplyBrief or None
        Its sector in the I-O table (None: no I-O table, or no sector).
    firms : DataFrame
        ``id, name, ticker, exchange, group, industry``: its listed firms with their
        top-level and own industry of the firm scheme.
    firm_scheme : str
        The scheme of ``group`` (SW2021 for the bundled data; CSRC where a firm has none).
    facts : DataFrame
        ``indicator, year, value, unit, qualifier, sign, words, source``.
    notes : list of str
        What could not be shown, and why.
    firms_listed_by : int or None
        On a profile of a year earlier than the data's latest, that year: ``firms`` (and the
        supply section's firm counts) hold only the firms listed by its end
        (:func:`~clusteratlas.graph.analytics.firms.firms_listed_by`); None: today's list.
    firms_today : int
        The firms the company list places in the region today (all of them, listed then
        or since).
    firms_dated : int
        Of those, the ones with a listing date (``listed_on``).
    year : int
        The scope's year (a property).
    """

    code: str
    name: str
    level: str
    parents: str
    scope: AnalysisScope
    unit: str
    sampled: bool
    min_count: float
    total: float
    n_regions: int
    industries: pd.DataFrame
    base_year: int | None
    total_base: float
    scores: dict[str, Any]
    clusters: pd.DataFrame
    declared: pd.DataFrame
    supply: SupplyBrief | None
    firms: pd.DataFrame
    firm_scheme: str
    facts: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    firms_listed_by: int | None = None
    firms_today: int = 0
    firms_dated: int = 0

    @property
    def year(self) -> int:
        """The scope's year."""
        return self.scope.year


@dataset_cached
def base_year(dataset: Dataset, scope: AnalysisScope) -> int | None:
    """The earliest year before the scope's with the scope's measure at its level (None).

    Parameters
    ----------
    dataset : Dataset
        Its ``region_industries`` and regions.
    scope : AnalysisScope
        The measure, level and year.

    Returns
    -------
    int or None
        The year the report's change starts from (the bundled data: 2010, the earlier
        census).

    Examples
    --------
    >>> from clusteratlas.graph.views._toy import toy_dataset
    >>> from clusteratlas.graph.views._data import view_scope
    >>> base_year(toy_dataset(), view_scope(toy_dataset())) is None  # one year only
    True
    """
    ri = dataset.region_industries
    levels = dataset.regions.set_index("code")["level"]
    rows = ri[(ri["measure"] == scope.measure) & (ri["year"] < scope.year)]
    rows = rows[rows["region_code"].map(levels).eq(scope.level).fillna(False).astype(bool)]
    return int(rows["year"].min()) if len(rows) else None


def region_profile(
    dataset: Dataset,
    region: str,
    *,
    scope: AnalysisScope | None = None,
    scores: pd.DataFrame | None = None,
    clusters: pd.DataFrame | None = None,
    recovery: pd.DataFrame | None = None,
    since: int | None = None,
) -> RegionProfile:
    """The figures of ``region``'s report.

    Parameters
    ----------
    dataset : Dataset
        The data.
    region : str
        A region code of the scope's level, or above it (its rows summed).
    scope : AnalysisScope, optional
        The scope (default inferred: the bundled data, county x GB/T 4754 sections,
        employment 2020).
    scores : DataFrame, optional
        ``analyze``'s ``regions`` (the resilience scores, indexed by region code); None:
        no rank on the page.
    clusters : DataFrame, optional
        ``analyze``'s ``clusters``; None: none listed.
    recovery : DataFrame, optional
        ``analyze``'s ``recovery``; None: no declared clusters listed.
    since : int, optional
        The base year of the change (default :func:`base_year`).

    Returns
    -------
    RegionProfile

    Raises
    ------
    UsageError
        The region is not in the data, or has no rows in E.

    Examples
    --------
    >>> from clusteratlas.graph.views._toy import toy_dataset
    >>> p = region_profile(toy_dataset(), "100101")
    >>> float(p.industries.at["GB4754:C", "count"]), p.base_year
    (900.0, None)
    """
    from clusteratlas.graph.analytics.clusters import default_min_size, industry_markets
    from clusteratlas.graph.analytics.firms import firm_cutoff_year, firms_listed_by
    from clusteratlas.graph.definitions.hierarchy import descendants, region_parents
    from clusteratlas.graph.definitions.quotients import aggregate_location_quotient
    from clusteratlas.graph.views._data import names_of, view_scope
    from clusteratlas.graph.views._format import measure_unit
    from clusteratlas.loaders.dataset_json import is_sample_count

    scope = view_scope(dataset, scope)
    regions = dataset.regions.set_index("code")
    if region not in regions.index:
        raise UsageError(f"region {region} is not in the dataset")
    E = scope.matrix(dataset)
    leaves = sorted(descendants(region_parents(dataset), [region], among=E.index))
    if not leaves:
        raise UsageError(f"region {region} has no {scope.measure} {scope.year} data")
    inames = names_of(dataset.industries)
    markets = industry_markets(dataset) or {}
    row = E.loc[leaves].sum(axis=0)
    total = float(row.sum())
    national = E.sum(axis=0)
    sampled = is_sample_count(dataset.metadata, scope.measure, scope.level)
    min_count = default_min_size(dataset, scope)
    table = pd.DataFrame(
        {
            "name": [inames.get(str(c), str(c)) for c in E.columns],
            "market": [markets.get(str(c), "") for c in E.columns],
            "count": row.to_numpy(dtype=float),
            "share": (row / total).to_numpy(dtype=float) if total else 0.0,
            "national_share": (national / float(national.sum())).to_numpy(dtype=float),
            "lq": aggregate_location_quotient(E, leaves).to_numpy(dtype=float),
        },
        index=pd.Index([str(c) for c in E.columns], name="industry_code"),
    )
    table.loc[table["national_share"] <= 0, "lq"] = float("nan")  # S_i = 0: undefined
    table["flagged"] = table["count"] < min_count
    notes: list[str] = []
    year0 = base_year(dataset, scope) if since is None else since
    total0 = float("nan")
    if year0 is not None:
        E0 = scope.replace(year=year0).matrix(dataset).reindex(columns=E.columns, fill_value=0.0)
        leaves0 = [c for c in leaves if c in E0.index]
        if leaves0 and float(E0.loc[leaves0].to_numpy().sum()) > 0:
            row0 = E0.loc[leaves0].sum(axis=0)
            total0 = float(row0.sum())
            nat0 = E0.sum(axis=0)
            table["count_base"] = row0.to_numpy(dtype=float)
            table["share_base"] = (row0 / total0).to_numpy(dtype=float)
            table["national_share_base"] = (nat0 / float(nat0.sum())).to_numpy(dtype=float)
            table["change"] = table["share"] - table["share_base"]
            table["national_change"] = table["national_share"] - table["national_share_base"]
        else:
            notes.append(
                f"No {scope.measure} {year0} rows under code {region}: the unit may have "
                "been created or redrawn since, so no change is shown."
            )
            year0 = None
    chain: list[str] = []
    node = regions["parent_code"].get(region)
    while isinstance(node, str) and node in regions.index and len(chain) < 4:
        if str(regions.at[node, "level"]) != "country":
            chain.append(str(regions.at[node, "name"]))
        node = regions["parent_code"].get(node)
    today = dataset.companies
    today = today[today["region_code"].astype(str).isin([region, *leaves])]
    cutoff = firm_cutoff_year(dataset, scope)  # a page of the past: only the firms then
    then = firms_listed_by(dataset, cutoff)
    firms, firm_scheme = _firms(then, scope, [region, *leaves])
    if scores is not None and region not in scores.index:
        notes.append(
            f"No resilience rank: the scores rank regions of level {scope.level}, and "
            f"{region} is a {regions.at[region, 'level']!s} (or was left out of the ranking)."
        )
    return RegionProfile(
        code=region,
        name=str(regions.at[region, "name"]),
        level=str(regions.at[region, "level"]),
        parents=" ".join(reversed(chain)),
        scope=scope,
        unit=scope.unit or measure_unit(dataset, scope.measure, scope.level),
        sampled=sampled,
        min_count=float(min_count),
        total=total,
        n_regions=len(E),
        industries=table,
        base_year=year0,
        total_base=total0,
        scores=_scores(scores, region),
        clusters=_rows_of(clusters, region),
        declared=_declared(dataset, recovery, region),
        supply=_supply(then, scope, region, notes),
        firms=firms,
        firm_scheme=firm_scheme,
        facts=_facts(dataset, region),
        notes=notes,
        firms_listed_by=cutoff,
        firms_today=len(today),
        firms_dated=int(today["listed_on"].notna().sum()) if "listed_on" in today else 0,
    )


HISTOGRAM_BINS = 20
"""Bins of the resilience scores' histogram on a report (5 points each on 0-100)."""


def _scores(scores: pd.DataFrame | None, region: str) -> dict[str, Any]:
    """The region's row of the scores with ``n_ranked``, the interval settings and
    ``histogram``: how many ranked regions score in each 5-point bin of 0-100."""
    if scores is None or region not in scores.index:
        return {}
    out = {str(k): v for k, v in scores.loc[region].items()}
    if "rank" in scores.columns:
        out["n_ranked"] = int(scores["rank"].notna().sum())
    if "resilience" in scores.columns:
        ranked = scores["resilience"].dropna().clip(0.0, 100.0).to_numpy(dtype=float)
        width = 100.0 / HISTOGRAM_BINS
        bins = np.minimum((ranked // width).astype(int), HISTOGRAM_BINS - 1)
        out["histogram"] = np.bincount(bins, minlength=HISTOGRAM_BINS).tolist()
    out["uncertainty"] = dict(scores.attrs.get("uncertainty") or {})
    out["specifications"] = dict(scores.attrs.get("specifications") or {})
    out["shock"] = scores.attrs.get("shock")
    out["components"] = dict(scores.attrs.get("components") or {})
    out["min_sample"] = scores.attrs.get("min_sample")
    return out


def _rows_of(frame: pd.DataFrame | None, region: str) -> pd.DataFrame:
    if frame is None or "region_code" not in frame.columns:
        return pd.DataFrame()
    return frame[frame["region_code"].astype(str) == region].reset_index(drop=True)


def _declared(dataset: Dataset, recovery: pd.DataFrame | None, region: str) -> pd.DataFrame:
    """The region's rows of the recovery table with who names each cluster (``source``)."""
    rows = _rows_of(recovery, region)
    if rows.empty:
        return rows
    given = dataset.clusters.set_index("id")
    source = given["source"] if "source" in given.columns else pd.Series(dtype="object")
    return rows.assign(source=rows["cluster_id"].map(source))


def _facts(dataset: Dataset, region: str) -> pd.DataFrame:
    ind = dataset.region_indicators
    rows = ind[ind["region_code"].astype(str) == region].sort_values(["indicator", "year"])
    rows = rows.reset_index(drop=True)
    qualifier = (
        rows["qualifier"].fillna("exact").astype(str)
        if "qualifier" in rows.columns
        else pd.Series("exact", index=rows.index)
    )
    rows = rows.assign(
        qualifier=qualifier,
        sign=[QUALIFIERS.get(q, ("", q))[0] for q in qualifier],
        words=[QUALIFIERS.get(q, ("", q.replace("_", " ")))[1] for q in qualifier],
    )
    columns = ["indicator", "year", "value", "unit", "qualifier", "sign", "words", "source"]
    return rows.reindex(columns=columns)


def _firms(dataset: Dataset, scope: AnalysisScope, codes: list[str]) -> tuple[pd.DataFrame, str]:
    """The region's listed firms with their top-level and own industry of the firm scheme;
    firms the scheme does not classify keep their primary industry."""
    from clusteratlas.graph.views._data import names_of

    comp = dataset.companies
    comp = comp[comp["region_code"].astype(str).isin(codes)].sort_values("id")
    columns = ["id", "name", "ticker", "exchange", "group", "industry"]
    scheme = scope.firm_scheme or ""
    if comp.empty:
        return pd.DataFrame(columns=columns), scheme
    inames = names_of(dataset.industries)
    own, top, primary = _firm_industries(dataset, scheme)
    ind = dataset.industries.set_index("code")
    groups, industries = [], []
    for cid in comp["id"].astype(str):
        fallback = primary.get(cid)
        if cid in top.index:
            groups.append(inames.get(str(top[cid]), str(top[cid])))
        elif isinstance(fallback, str) and fallback in ind.index:  # not in the firm scheme
            groups.append(
                f"{inames[fallback]} ({ind.at[fallback, 'scheme']!s} {ind.at[fallback, 'level']!s})"
            )
        else:
            groups.append("unclassified")
        i = own.get(cid)
        industries.append(inames.get(str(i), str(i)) if isinstance(i, str) else "")
    out = comp.assign(group=groups, industry=industries)
    return out.reindex(columns=columns).reset_index(drop=True), scheme


@dataset_cached
def _firm_industries(dataset: Dataset, scheme: str) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Company id -> its industry in ``scheme``, at the scheme's top level, and its primary
    industry (any scheme); once per dataset."""
    from clusteratlas.graph.analytics.firms import company_industries_at, top_level

    own = company_industries_at(dataset, scheme) if scheme else pd.Series(dtype="str")
    level = top_level(dataset, scheme) if scheme else None
    top = company_industries_at(dataset, scheme, level) if level else pd.Series(dtype="str")
    ci = dataset.company_industries
    primary = (
        ci[ci["primary"].fillna(False).astype(bool)]
        .drop_duplicates("company_id")
        .set_index("company_id")["industry_code"]
    )
    return own, top, primary


def _supply(
    dataset: Dataset, scope: AnalysisScope, region: str, notes: list[str]
) -> SupplyBrief | None:
    """The region's sector in the I-O table (:func:`region_focus`), its top suppliers,
    buyers and final uses; None (with a note) when the data cannot say."""
    from clusteratlas.errors import ClusterAtlasError
    from clusteratlas.graph.analytics.focus import region_focus
    from clusteratlas.graph.definitions.io_table import industry_mapping, input_output_table
    from clusteratlas.graph.views._data import names_of
    from clusteratlas.graph.views._format import io_unit

    if scope.io_scheme is None or scope.io_year is None:
        notes.append("No input-output table in the data: no supply chain.")
        return None
    try:
        focus = region_focus(dataset, region, scope=scope)
        io = input_output_table(dataset, scope.io_year, scope.io_scheme)
        uses = dataset.industry_final_uses
        uses = uses[uses["year"] == scope.io_year]
        if focus.level == "section":
            mapping = industry_mapping(dataset, scope.io_scheme, scope.scheme)
            io = io.aggregate(mapping)
            uses = uses.assign(industry_code=uses["industry_code"].map(mapping))
    except ClusterAtlasError as e:
        notes.append(f"No supply chain: {e}")
        return None
    j = focus.code
    if j not in io.sectors:
        notes.append(f"No supply chain: {j} is not a sector of the input-output table.")
        return None
    inames = names_of(dataset.industries)
    x = float(io.output[j])
    a = pd.Series(io.technical_coefficients[j]).sort_values(ascending=False)
    a = a[a > 0].head(TOP_LINKS)
    b = pd.Series(io.allocation_coefficients.loc[j]).sort_values(ascending=False)
    b = b[b > 0].head(TOP_LINKS)
    own = uses[uses["industry_code"] == j]
    label = "category_name" if "category_name" in own.columns else "category"
    final = own.groupby(["category", label], sort=False)["value"].sum().reset_index()
    final = final.assign(share=final["value"] / x).rename(columns={label: "name"})
    if label == "category":
        final = final.assign(name=final["category"]).loc[:, ~final.columns.duplicated()]
    return SupplyBrief(
        code=j,
        name=inames.get(j, j),
        level=focus.level,
        reason=focus.reason,
        year=int(scope.io_year),
        unit=io_unit(dataset),
        output=x,
        upstream=pd.DataFrame(
            {"code": a.index, "name": [inames.get(c, c) for c in a.index], "coefficient": a}
        ).reset_index(drop=True),
        downstream=pd.DataFrame(
            {"code": b.index, "name": [inames.get(c, c) for c in b.index], "share": b}
        ).reset_index(drop=True),
        final_use=final[["category", "name", "share"]]
        .sort_values("share", ascending=False)
        .reset_index(drop=True),
    )


def finite(value: Any) -> bool:
    """Whether ``value`` is a finite number.

    >>> finite(1.0), finite(float("nan")), finite(None)
    (True, False, False)
    """
    try:
        return math.isfinite(float(value))
    except (TypeError, ValueError):
        return False
