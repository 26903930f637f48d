"""Declared clusters (named by a source) against the clusters the detection finds.

A dataset's ``clusters`` table holds clusters someone names (the bundled China data:
the article's Cixi small household appliances, Jinjiang sporting goods, ...). The
detection (:func:`~clusteratlas.graph.analytics.clusters.detect_clusters`) works on
the matrix E of the analysis scope, here county employment by GB/T 4754 section.
:func:`declared_cluster_recovery` says, for each declared cluster, whether the
detection finds it, at which level, and if not why, and what the region's listed
firms (a finer, firm-based view) show for the same industries.

Examples
--------
>>> from clusteratlas.graph.definitions.examples import example_dataset
>>> ds = example_dataset()
>>> ds = ds.replace(
...     clusters=pd.DataFrame({"id": ["d1"], "kind": ["declared"], "label": ["farming"],
...                            "region_code": ["11"]}),
...     cluster_industries=pd.DataFrame({"cluster_id": ["d1"], "industry_code": ["GB4754:A"]}))
>>> r = declared_cluster_recovery(ds, top_share=1.0)
>>> r[["cluster_id", "detected", "level", "section_lq"]].values.tolist()
[['d1', True, 'GB4754 section', 1.875]]
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from clusteratlas.graph.analytics.clusters import detect_clusters
from clusteratlas.graph.analytics.crosswalk import industries_to_scheme
from clusteratlas.graph.analytics.firms import company_coverage, company_industries_at
from clusteratlas.graph.definitions.hierarchy import (
    MAX_DEPTH,
    descendants,
    industry_parents,
    region_parents,
)
from clusteratlas.graph.definitions.quotients import location_quotient
from clusteratlas.graph.definitions.regions import region_ancestors
from clusteratlas.graph.definitions.scope import AnalysisScope, resolve_scope
from clusteratlas.loaders.dataset import Dataset

__all__ = ["declared_cluster_recovery", "declared_cluster_sectors", "recovery_lines"]

COLUMNS = (
    "cluster_id",
    "region_code",
    "region_name",
    "label",
    "detected",
    "level",
    "detected_as",
    "section_lq",
    "lq_rank_share",
    "why",
    "listed_firms",
    "region_listed_firms",
    "firm_lq",
)


def declared_cluster_recovery(
    dataset: Dataset,
    clusters: pd.DataFrame | None = None,
    *,
    scope: AnalysisScope | None = None,
    min_lq: float = 1.25,
    top_share: float = 0.25,
    firm_scheme: str | None = None,
) -> pd.DataFrame:
    """For each declared cluster: is it among the detected clusters, at which level, why not.

    Parameters
    ----------
    dataset : Dataset
        Its ``clusters`` (kind ``declared``) with their ``cluster_industries``.
    clusters : DataFrame, optional
        Detected clusters (``region_code``, ``industry_code``, ``kind``; what
        ``analyze`` or ``detect_clusters`` return); None runs the detection on the
        scope's E with ``min_lq`` and ``top_share``.
    scope : AnalysisScope, optional
        The scope of E (default inferred: the bundled data's county x GB4754 section).
    min_lq : float, default 1.25
        The detection's smallest LQ (used when ``clusters`` is None, and in ``why``).
    top_share : float, default 0.25
        The detection's share of regions by LQ (likewise).
    firm_scheme : str, optional
        The company classification for the firm-based columns (default: the scope's
        ``firm_scheme``, the finest the companies have; the bundled data: SW2021).

    Returns
    -------
    DataFrame
        One row per declared cluster: ``cluster_id, region_code, region_name, label,
        detected`` (a detected specialisation cluster of the region is in one of the
        declared cluster's industries of E's scheme and level), ``level`` (that scheme
        and level, e.g. ``GB4754 section``), ``detected_as`` (the detected industries,
        with their LQ), ``section_lq`` and ``lq_rank_share`` (the best of the declared
        industries in E: LQ and the region's LQ rank among E's regions / their number),
        ``why`` (one sentence: found, found only as a whole section, or the threshold
        it misses; or that the data cannot look for it), and the firm-based view:
        ``listed_firms`` (the region's listed firms in the cluster's industries of
        ``firm_scheme``, or below them), ``region_listed_firms`` (the region's
        classified listed firms) and ``firm_lq`` ((listed_firms / region_listed_firms)
        / (national firms in those industries / all classified firms)).
        Empty, with those columns, when the dataset declares no cluster.

    See Also
    --------
    recovery_lines : the table as report lines.

    Examples
    --------
    A county specialised in agriculture (LQ 1.875) that a source names for farming:

    >>> from clusteratlas.graph.definitions.examples import example_dataset
    >>> ds = example_dataset().replace(
    ...     clusters=pd.DataFrame({"id": ["d1"], "kind": ["declared"], "label": ["farming"],
    ...                            "region_code": ["11"]}),
    ...     cluster_industries=pd.DataFrame({"cluster_id": ["d1"],
    ...                                      "industry_code": ["GB4754:A"]}))
    >>> r = declared_cluster_recovery(ds, top_share=1.0)
    >>> r.loc[0, "detected"], r.loc[0, "detected_as"], r.loc[0, "why"]
    (np.True_, 'Agriculture (LQ 1.88)', 'found as Agriculture')
    """
    scope = resolve_scope(dataset, scope)
    declared = dataset.clusters
    declared = declared[declared["kind"] == "declared"]
    if declared.empty:
        return pd.DataFrame({c: pd.Series([], dtype="object") for c in COLUMNS})
    E = scope.matrix(dataset)
    lq = location_quotient(E)
    rank_share = lq.rank(axis=0, ascending=False, method="min") / len(lq)
    if clusters is None:
        clusters = detect_clusters(E, min_lq=min_lq, top_share=top_share, year=scope.year).clusters
    found = clusters[clusters["kind"] == "specialisation"] if "kind" in clusters else clusters
    found_cells = set(zip(found["region_code"], found["industry_code"], strict=True))
    ind = dataset.industries
    name_of = dict(zip(ind["code"].astype(str), ind["name"].astype(str), strict=True))
    parent = industry_parents(dataset)
    in_e = set(E.columns)
    links = dataset.cluster_industries.groupby("cluster_id")["industry_code"].apply(list).to_dict()
    firms = _firm_view(dataset, firm_scheme or scope.firm_scheme, scope.level, parent)
    level = f"{scope.scheme} {scope.industry_level}" if scope.industry_level else scope.scheme
    region_names = dataset.regions.set_index("code")["name"]
    rows: list[dict[str, Any]] = []
    c: Any
    for c in declared.itertuples(index=False):
        codes = [str(x) for x in links.get(c.id, [])]
        sections = [x for x in codes if x in in_e]
        finer = [x for x in codes if x not in in_e]
        region = str(c.region_code)
        row: dict[str, Any] = {
            "cluster_id": c.id,
            "region_code": region,
            "region_name": region_names.get(region),
            "label": c.label,
            "detected": False,
            "level": level,
            "detected_as": None,
            "section_lq": float("nan"),
            "lq_rank_share": float("nan"),
        }
        row.update(firms(region, finer))
        if not codes:
            row["why"] = "the source names no industry: there is nothing to look for"
        elif not sections:
            row["why"] = f"none of its industries is a {level} of E"
        elif region not in lq.index:
            row["why"] = f"the region has no {scope.measure} data in {scope.year}"
        else:
            lq_r = dict(zip(map(str, lq.columns), lq.loc[region].to_numpy(float), strict=True))
            rank_r = dict(
                zip(map(str, lq.columns), rank_share.loc[region].to_numpy(float), strict=True)
            )
            best = max(sections, key=lambda s: (lq_r[s], s))
            row["section_lq"] = lq_r[best]
            row["lq_rank_share"] = rank_r[best]
            hits = [s for s in sections if (region, s) in found_cells]
            names = [f"{name_of[s]} (LQ {lq_r[s]:.2f})" for s in hits]
            row["detected"] = bool(hits)
            row["detected_as"] = "; ".join(names) if hits else None
            row["why"] = _why(hits, best, finer, lq_r[best], rank_r[best], name_of, str(c.label),
                              level, min_lq, top_share)  # fmt: skip
        rows.append(row)
    return pd.DataFrame(rows, columns=list(COLUMNS))


SECTOR_COLUMNS = ("cluster_id", "label", "source", "sector", "sector_name", "industries")


def declared_cluster_sectors(
    dataset: Dataset, region: str, io_scheme: str | None = None
) -> pd.DataFrame:
    """The input-output sectors of the clusters a source names for ``region`` (declared
    clusters of the region or a region below it), so that a page about the region can
    start from the industry the source names when the region's own data cannot name one.

    A cluster's industries map to ``io_scheme`` (default: the analysis scope's) as
    companies' do, by :func:`~clusteratlas.graph.analytics.crosswalk.industries_to_scheme`
    (the dataset's ``industry_crosswalk``, the nearest ancestor's rows when a code has
    none, else ``parent_code``; the bundled data: a Shenwan 2021 industry through the
    SW2021 -> NBS42 judgement table); industries reaching no sector (the census sections)
    are left out.

    Parameters
    ----------
    dataset : Dataset
        Its ``clusters`` (kind ``declared``), ``cluster_industries``, industries and
        crosswalk.
    region : str
        A region code; the declared clusters of it and of every region below it count.
    io_scheme : str, optional
        The input-output scheme to map into; default the inferred scope's
        ``io_scheme`` (none: the result is empty).

    Returns
    -------
    DataFrame
        One row per cluster and sector: ``cluster_id, label, source, sector,
        sector_name, industries`` (the cluster's industries in that sector, as
        ``name (code)`` joined by "; "), clusters in id order (the source's order),
        within a cluster the sector with most of its industries first. Empty (with
        those columns) when the region has no declared cluster with such an industry.

    Examples
    --------
    >>> from clusteratlas.loaders.bundled import load_bundled
    >>> china = load_bundled("china")
    >>> changsha = declared_cluster_sectors(china, "430121")  # machinery, then cars
    >>> changsha[["cluster_id", "sector", "industries"]].values.tolist()
    [['declared:430121:1', 'NBS42:17', '工程机械 (SW2021:640600)'], ['declared:430121:2', 'NBS42:18', '汽车零部件 (SW2021:280200); 乘用车 (SW2021:280500); 商用车 (SW2021:280600)']]
    >>> declared_cluster_sectors(china, "320281").empty  # Jiangyin: the source names none
    True
    """  # noqa: E501
    empty = pd.DataFrame({c: pd.Series([], dtype="object") for c in SECTOR_COLUMNS})
    declared = dataset.clusters
    declared = declared[declared["kind"] == "declared"]
    if declared.empty:
        return empty
    inside = descendants(region_parents(dataset), [region]) | {region}
    declared = declared[declared["region_code"].astype(str).isin(inside)].sort_values("id")
    if io_scheme is None:
        io_scheme = resolve_scope(dataset).io_scheme
    if io_scheme is None:
        return empty
    ind = dataset.industries
    name_of = dict(zip(ind["code"].astype(str), ind["name"].astype(str), strict=True))
    links = dataset.cluster_industries
    codes = sorted(set(links["industry_code"].astype(str)))
    sector_of = industries_to_scheme(dataset, codes, io_scheme).to_dict()
    rows: list[dict[str, Any]] = []
    for c in declared.itertuples(index=False):
        by_sector: dict[str, list[str]] = {}
        for code in sorted(links.loc[links["cluster_id"] == c.id, "industry_code"].astype(str)):
            sector = sector_of.get(code)
            if isinstance(sector, str):
                by_sector.setdefault(sector, []).append(code)
        for sector, codes in sorted(by_sector.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            rows.append(
                {
                    "cluster_id": str(c.id),
                    "label": str(c.label),
                    "source": _text(getattr(c, "source", None)),
                    "sector": sector,
                    "sector_name": name_of.get(sector, sector),
                    "industries": "; ".join(f"{name_of.get(x, x)} ({x})" for x in codes),
                }
            )
    return pd.DataFrame(rows, columns=list(SECTOR_COLUMNS)) if rows else empty


def _why(
    hits: list[str],
    best: str,
    finer: list[str],
    value: float,
    share: float,
    name_of: dict[str, str],
    label: str,
    level: str,
    min_lq: float,
    top_share: float,
) -> str:
    if hits:
        names = " and ".join(name_of[s] for s in hits)
        if finer:
            return (
                f"found only as the whole {level} {names}: the census counts workers by "
                f"{level}, which cannot tell {label} apart from the rest of it"
            )
        return f"found as {names}"
    if value < min_lq:
        return f"its best {level}, {name_of[best]}, has LQ {value:.2f} < {min_lq:g}"
    return (
        f"{name_of[best]} has LQ {value:.2f} but the region is in the top {share:.0%} of "
        f"regions by that LQ, not the top {top_share:.0%}"
    )


def _firm_view(dataset: Dataset, scheme: str | None, region_level: str, parent: pd.Series) -> Any:
    codes = company_industries_at(dataset, scheme) if scheme else pd.Series([], dtype="str")
    region_of = dataset.companies.set_index("id")["region_code"].reindex(codes.index)
    placed = region_of.map(region_ancestors(dataset, region_level))
    lineage = _lineages(parent, set(codes))
    total = float(len(codes))

    def view(region: str, industries: list[str]) -> dict[str, Any]:
        mine = codes[placed == region]
        wanted = set(industries)
        if not wanted or total == 0:
            return {"listed_firms": 0, "region_listed_firms": len(mine), "firm_lq": float("nan")}
        hit = codes.map(lambda c: bool(lineage[c] & wanted))
        n = int(hit[placed == region].sum())
        national = float(hit.sum())
        firm_lq = (n / len(mine)) / (national / total) if len(mine) and national else float("nan")
        return {"listed_firms": n, "region_listed_firms": len(mine), "firm_lq": firm_lq}

    return view


def _lineages(parent: pd.Series, codes: set[str]) -> dict[str, set[str]]:
    """Each code with its ancestors (inside the table or not), by one walk up the hierarchy."""
    out = {c: {c} for c in codes}
    current = {c: parent.get(c) for c in codes}
    for _ in range(MAX_DEPTH):
        found = {c: p for c, p in current.items() if isinstance(p, str) and p not in out[c]}
        if not found:
            break
        for c, p in found.items():
            out[c].add(p)
        current = {c: parent.get(p) for c, p in found.items()}
    return out


def recovery_lines(dataset: Dataset, recovery: pd.DataFrame) -> list[str]:
    """The recovery table as lines for a report (the ``analyze`` command prints them).

    Parameters
    ----------
    dataset : Dataset
        The data the table is about (its companies, for the coverage line).
    recovery : DataFrame
        :func:`declared_cluster_recovery`'s table.

    Returns
    -------
    list of str
        A headline (how many declared clusters were found, at which level, and the
        listed firms' coverage), then one indented line per declared cluster; empty
        for an empty table.

    Examples
    --------
    >>> from clusteratlas.graph.definitions.examples import example_dataset
    >>> recovery_lines(example_dataset(), pd.DataFrame(columns=list(COLUMNS)))
    []
    >>> ds = example_dataset().replace(
    ...     clusters=pd.DataFrame({"id": ["d1"], "kind": ["declared"], "label": ["farming"],
    ...                            "region_code": ["11"]}),
    ...     cluster_industries=pd.DataFrame({"cluster_id": ["d1"],
    ...                                      "industry_code": ["GB4754:A"]}))
    >>> for line in recovery_lines(ds, declared_cluster_recovery(ds, top_share=1.0)):
    ...     print(line)
    declared clusters: 1 of 1 found by the detection (GB4754 section level); listed firms: ...
      County 1 11 farming: detected. found as Agriculture; none of its 1 classified listed ...
    """
    if recovery.empty:
        return []
    found = int(recovery["detected"].sum())
    lines = [
        f"declared clusters: {found} of {len(recovery)} found by the detection "
        f"({recovery['level'].iloc[0]} level); listed firms: {company_coverage(dataset)}"
    ]
    r: Any
    for r in recovery.itertuples(index=False):
        firms = (
            f"; {r.listed_firms} of its {r.region_listed_firms} classified listed firms in these "
            f"industries (firm LQ {r.firm_lq:.2f})"
            if r.listed_firms
            else f"; none of its {r.region_listed_firms} classified listed firms in them"
        )
        mark = "detected" if r.detected else "NOT detected"
        lines.append(f"  {r.region_name} {r.region_code} {r.label}: {mark}. {r.why}{firms}")
    return lines


def _text(value: Any) -> str:
    """A cell as text: '' for a missing value (None or NaN), not the string 'nan'."""
    return "" if value is None or (isinstance(value, float) and value != value) else str(value)
