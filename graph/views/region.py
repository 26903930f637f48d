"""Region view: a region, its sub-regions or companies, its industries and its clusters.

>>> from clusteratlas.graph.views._toy import toy_dataset
>>> v = region_view(toy_dataset(), ["100101"])
>>> v.title
'Region view: 东县 (100101), 2020'
>>> sorted(n for n in v.node_ids() if n.startswith("cluster:"))
['cluster:100101:GB4754:C']
"""

from __future__ import annotations

from collections.abc import Sequence

import networkx as nx
import pandas as pd

from clusteratlas.errors import UsageError
from clusteratlas.graph.analytics.scope import AnalysisScope
from clusteratlas.graph.views._data import (
    OTHER_COLOUR,
    cell,
    employment_matrix,
    industry_roots,
    leaf_descendants,
    location_quotients,
    names_of,
    records,
    region_clusters,
    section_palette,
    source_of,
    view_scope,
)
from clusteratlas.graph.views.base import DEFAULT_MAX_NODES, Legend, View, finish_view
from clusteratlas.loaders.dataset import Dataset

__all__ = ["region_view"]

REGION_COLOUR = "#243b53"
SUBREGION_COLOUR = "#829ab1"


def region_view(
    dataset: Dataset,
    regions: Sequence[str],
    *,
    year: int | None = None,
    measure: str | None = None,
    scheme: str | None = None,
    scope: AnalysisScope | None = None,
    clusters: pd.DataFrame | None = None,
    min_lq: float = 1.25,
    top_share: float = 0.25,
    max_companies: int = 80,
    max_nodes: int = DEFAULT_MAX_NODES,
) -> View:
    """Draw one or more regions with their industries, clusters, sub-regions and companies.

    Nodes: each region (hexagon); its sub-regions (triangles, sized by ``measure``);
    the industries of the matrix E it has (dots, sized by the region's ``measure`` in
    them, edge width = share s_ri); its clusters and its sub-regions' clusters (stars:
    the analytics' ``detect_clusters`` with ``min_lq`` and ``top_share``, or the rows
    of a precomputed ``clusters`` frame); its companies (squares, sized by
    market value, at most ``max_companies``, largest first), linked to their
    industry's section and to each other by supply links (dashed when inferred).
    Colours are industry sections.

    Parameters
    ----------
    dataset : Dataset
    regions : sequence of str
        Region codes (``["440305"]``).
    year, measure, scheme
        Which slice of ``region_industries`` (default: latest year of ``measure``,
        the scheme with most rows).
    clusters : DataFrame, optional
        Precomputed clusters with columns region_code, industry_code (e.g. the
        ``clusters`` of ``analyze`` or ``detect_clusters``).

    Raises
    ------
    UsageError
        When a region code is not in the dataset.

    Examples
    --------
    >>> from clusteratlas.graph.views._toy import toy_dataset
    >>> v = region_view(toy_dataset(), ["1001"])  # a prefecture: 3 counties
    >>> sorted(set(shape for _, shape in v.graph.nodes(data="shape")))
    ['dot', 'hexagon', 'star', 'triangle']
    >>> v.n_nodes  # 1 region + 5 industries + 3 sub-regions + their 5 clusters
    14
    """
    codes = [str(c) for c in regions]
    given = clusters
    rnames = names_of(dataset.regions)
    rlevels = names_of(dataset.regions, column="level")
    missing = [c for c in codes if c not in rnames]
    if not codes or missing:
        raise UsageError(f"region view needs region codes in the dataset; unknown: {missing}")
    scope = view_scope(dataset, scope, year=year, measure=measure, scheme=scheme)
    E, year, scheme = employment_matrix(dataset, scope=scope)
    measure = scope.measure
    lq = location_quotients(E)
    if clusters is None:
        clusters = region_clusters(E, year, min_lq, top_share)
    inames = names_of(dataset.industries)
    roots = industry_roots(dataset)
    colours = section_palette(dataset)
    G: nx.DiGraph = nx.DiGraph()
    used_roots: set[str] = set()

    def industry_node(code: str, value: float) -> str:
        used_roots.add(roots.get(code, code))
        if code not in G:
            G.add_node(
                code,
                label=inames[code],
                color=colours.get(roots.get(code, code), OTHER_COLOUR),
                shape="dot",
                size_value=0.0,
                score=1e6,
                shell=1,
                tooltip=f"{inames[code]} ({code})\n{measure} {year}:",
            )
        G.nodes[code]["size_value"] += value
        return code

    for code in codes:
        name = rnames[code]
        leaves = leaf_descendants(dataset, [code], E.index)
        row = E.loc[leaves].sum(axis=0) if leaves else pd.Series(0.0, index=E.columns)
        total = float(row.sum())
        shares = row / total if total else row
        region_lq = _aggregate_lq(E, leaves, lq)
        top = shares.sort_values(ascending=False).head(3)
        G.add_node(
            code,
            label=name,
            color=REGION_COLOUR,
            shape="hexagon",
            size=34.0,
            score=1e9,
            shell=0,
            tooltip="\n".join(
                [
                    f"{name} ({code}), {rlevels[code]}",
                    f"{measure} {year}: {total:,.0f} in {len(leaves)} leaf region(s)",
                    "largest: "
                    + "; ".join(f"{inames[str(i)]} {s:.1%}" for i, s in top.items() if s > 0),
                    *_indicator_lines(dataset, code),
                ]
            ),
        )
        for icode, value in zip(map(str, row.index), row.to_numpy(dtype=float), strict=True):
            if value <= 0:
                continue
            industry_node(icode, float(value))
            G.nodes[icode]["tooltip"] += (
                f"\n  {name}: {value:,.0f}, share {shares[icode]:.1%}, LQ {region_lq[icode]:.2f}"
            )
            G.add_edge(
                code,
                icode,
                weight=float(shares[icode]),
                tooltip=f"{name} → {inames[icode]}: share {shares[icode]:.1%}, "
                f"LQ {region_lq[icode]:.2f} ({measure} {year})",
            )
        _add_subregions(G, dataset, code, E, lq)
        _add_clusters(G, dataset, clusters, E, lq, colours, roots)
        _add_companies(G, dataset, code, max_companies, colours, roots)
    _add_supply_links(G, dataset)
    inferred = any(a.get("inferred") for _, _, a in G.edges(data=True))
    names = ", ".join(f"{rnames[c]} ({c})" for c in codes)
    legend = Legend(
        colours=(
            *((colours[r], f"{inames[r]} ({r})") for r in sorted(used_roots) if r in colours),
            (REGION_COLOUR, "region shown"),
            (SUBREGION_COLOUR, "sub-region"),
        ),
        shapes=(
            ("hexagon", "region"),
            ("triangle", "sub-region (size: " + measure + ")"),
            ("dot", "industry (size: " + measure + " in the region)"),
            ("star", "cluster (region × industry specialisation)"),
            ("square", "listed company (size: market value)"),
        ),
        sizes=f"Industries: {measure} {year}; clusters: location quotient; companies: market "
        "value (fixed size when unknown).",
        edges=(
            "region → industry: width = the industry's share of the region",
            "company → industry: its primary industry's section",
            "dashed: inferred link (not observed)",
        ),
    )
    notes = [
        f"{measure} by {scheme} industry, {year}; LQ against all {len(E)} leaf regions.",
        "Clusters: "
        + (
            f"detect_clusters (LQ ≥ {min_lq}, top {top_share:.0%} of regions by LQ)"
            if given is None
            else "as given"
        ),
    ]
    if inferred:
        notes.append("Dashed supply links are inferred (not observed); see each link's source.")
    return finish_view(
        G,
        kind="region",
        title=f"Region view: {names}, {year}",
        subtitle=f"Industries, clusters, sub-regions and listed companies; {measure} {year} "
        f"({scheme}). Source: {source_of(dataset)}",
        legend=legend,
        notes=notes,
        keep=codes,
        score_label="priority (industries and clusters, then sub-regions, then companies "
        "by market value)",
        layout="shell" if len(codes) == 1 else "spring",
        max_nodes=max_nodes,
    )


def _aggregate_lq(E: pd.DataFrame, leaves: list[str], lq: pd.DataFrame) -> pd.Series:
    if len(leaves) == 1:
        return lq.iloc[list(lq.index).index(leaves[0])]
    row = E.loc[leaves].sum(axis=0)
    national = E.sum(axis=0) / float(E.to_numpy().sum())
    return ((row / row.sum()) / national).fillna(0.0) if row.sum() else row


def _indicator_lines(dataset: Dataset, code: str) -> list[str]:
    ind = dataset.region_indicators
    ind = ind[ind["region_code"] == code].sort_values(["indicator", "year"])
    return [
        f"{r.indicator} {r.year}: {r.value:,.4g} {r.unit or ''} (source: {r.source or 'n/a'})"
        for r in records(ind)
    ]


def _add_clusters(
    G: nx.DiGraph,
    dataset: Dataset,
    clusters: pd.DataFrame,
    E: pd.DataFrame,
    lq: pd.DataFrame,
    colours: dict[str, str],
    roots: dict[str, str],
) -> None:
    """A star per cluster whose region is drawn (the region or a sub-region with data)."""
    shares = E.div(E.sum(axis=1), axis=0)
    names = dict(zip(dataset.regions["code"], dataset.regions["name"], strict=True))
    rows = clusters.dropna(subset=["region_code", "industry_code"])
    for region, icode in zip(
        rows["region_code"].astype(str), rows["industry_code"].astype(str), strict=True
    ):
        if region not in G or icode not in E.columns or region not in E.index:
            continue
        node = f"cluster:{region}:{icode}"
        lq_value = cell(lq, region, icode)
        industry = str(G.nodes[icode]["label"]) if icode in G else icode
        G.add_node(
            node,
            label=f"★ {industry}",
            color=colours.get(roots.get(icode, icode), OTHER_COLOUR),
            shape="star",
            size_value=lq_value,
            score=2e6 + lq_value,
            shell=1,
            tooltip=f"Cluster: {names.get(region)} ({region}) in {industry} ({icode})\n"
            f"LQ {lq_value:.2f}, share of the region {cell(shares, region, icode):.1%}",
        )
        G.add_edge(region, node, weight=cell(shares, region, icode), tooltip="cluster")
        if icode in G:
            G.add_edge(node, icode, weight=cell(shares, region, icode), tooltip="its industry")


def _add_subregions(
    G: nx.DiGraph, dataset: Dataset, code: str, E: pd.DataFrame, lq: pd.DataFrame
) -> None:
    regions = dataset.regions
    children = regions[regions["parent_code"] == code]
    for child in records(children):
        leaves = leaf_descendants(dataset, [child.code], E.index)
        total = float(E.loc[leaves].to_numpy().sum()) if leaves else 0.0
        top = ""
        if len(leaves) == 1:
            best = str(lq.loc[leaves[0]].idxmax())
            top = f"\nhighest LQ: {best} ({cell(lq, leaves[0], best):.2f})"
        G.add_node(
            child.code,
            label=str(child.name),
            color=SUBREGION_COLOUR,
            shape="triangle",
            size_value=total,
            score=1e3 + total / (1.0 + total),
            shell=2,
            tooltip=f"{child.name} ({child.code}), {child.level}\ntotal: {total:,.0f}{top}",
        )
        G.add_edge(code, child.code, weight=0.0, tooltip="contains")


def _add_companies(
    G: nx.DiGraph,
    dataset: Dataset,
    code: str,
    max_companies: int,
    colours: dict[str, str],
    roots: dict[str, str],
) -> None:
    comp = dataset.companies
    comp = comp[comp["region_code"] == code]
    if comp.empty:
        return
    comp = comp.assign(size_key=comp["market_cap"].fillna(comp["revenue"]).fillna(0.0))
    comp = comp.sort_values(["size_key", "id"], ascending=[False, True]).head(max_companies)
    ci = dataset.company_industries
    ci = ci.sort_values("primary", ascending=False).drop_duplicates("company_id")
    primary = dict(zip(ci["company_id"], ci["industry_code"], strict=True))
    names = dict(zip(dataset.industries["code"], dataset.industries["name"], strict=True))
    for r in records(comp):
        icode = primary.get(r.id)
        root = roots.get(icode, icode) if icode else None
        cap = float(r.size_key)
        size = {"size_value": cap} if cap > 0 else {"size": 10.0}
        G.add_node(
            r.id,
            label=str(r.name),
            color=colours.get(root, OTHER_COLOUR) if root else OTHER_COLOUR,
            shape="square",
            score=cap / (1.0 + cap),
            shell=2,
            tooltip=f"{r.name} ({r.id}), {r.exchange or ''} {r.ticker or ''}\n"
            f"industry: {names.get(icode, 'unknown')} ({icode})\n"
            f"market value: {r.market_cap if pd.notna(r.market_cap) else 'n/a'}",
            **size,
        )
        G.add_edge(r.id, code, weight=0.0, tooltip=f"{r.name} is registered in {code}")
        if root in G:
            G.add_edge(r.id, root, weight=0.0, tooltip=f"{r.name}: {names.get(icode, icode)}")


def _add_supply_links(G: nx.DiGraph, dataset: Dataset) -> None:
    links = dataset.supply_links
    links = links[links["supplier_id"].isin(G.nodes) & links["customer_id"].isin(G.nodes)]
    for r in records(links):
        inferred = bool(r.inferred) if pd.notna(r.inferred) else False
        G.add_edge(
            r.supplier_id,
            r.customer_id,
            weight=float(r.share) if pd.notna(r.share) else 0.0,
            inferred=inferred,
            tooltip=f"supplies ({r.year}){' — INFERRED' if inferred else ''}; "
            f"source: {r.source or 'n/a'}",
        )
