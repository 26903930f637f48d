"""Region view: a region, its industries, its clusters (detected and declared), its sub-regions
and its companies.

Radial layout: the region in the centre, its industries on the first ring (by section,
so each company and cluster sits beside its industry), clusters and sub-regions on the
second, companies on the third; then spread so that no label covers a node or another
label at the page's initial zoom.

>>> from clusteratlas.graph.views._toy import toy_dataset
>>> v = region_view(toy_dataset(), ["100101"])
>>> v.title
'Region view: 东县 (100101, county), employment 2020'
>>> sorted(n for n in v.node_ids() if n.startswith("cluster:"))
['cluster:100101:GB4754:C']
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import networkx as nx
import pandas as pd

from clusteratlas.errors import UsageError
from clusteratlas.graph.analytics.clusters import CLUSTER_MARKETS
from clusteratlas.graph.analytics.firms import (
    companies_listed_by,
    firm_cutoff_year,
    firms_listed_by,
)
from clusteratlas.graph.definitions.quotients import aggregate_location_quotient
from clusteratlas.graph.definitions.scope import AnalysisScope
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
from clusteratlas.graph.views._format import (
    companies_phrase,
    company_size_column,
    grouping_word,
    indicator_text,
    number,
    percent,
    unit_phrase,
)
from clusteratlas.graph.views.model import Legend, Threshold, View, finish_view
from clusteratlas.graph.views.style import DEFAULT_MAX_NODES, short_label, wrap_label
from clusteratlas.loaders.dataset import Dataset

__all__ = ["region_view"]

REGION_COLOUR = "#243b53"
SUBREGION_COLOUR = "#829ab1"
DECLARED_COLOUR = "#7b2cbf"


def region_view(
    dataset: Dataset,
    regions: Sequence[str],
    *,
    year: int | None = None,
    measure: str | None = None,
    scheme: str | None = None,
    scope: AnalysisScope | None = None,
    clusters: pd.DataFrame | None = None,
    recovery: pd.DataFrame | None = None,
    min_lq: float = 1.25,
    top_share: float = 0.25,
    max_companies: int = 80,
    max_nodes: int = DEFAULT_MAX_NODES,
) -> View:
    """Draw one or more regions with their industries, clusters, sub-regions and companies.

    Nodes: each region (hexagon); its sub-regions (triangles, sized by ``measure``);
    the industries of the matrix E it has (dots, sized by the region's ``measure`` in
    them, labelled with their share s_ri, each region's on a page of several, edge width =
    s_ri; where the data hold the measure in two or more years, tooltips and rows add the
    first and last year's share and the change in points); its clusters and its
    sub-regions' clusters (stars: the analytics' ``detect_clusters`` with ``min_lq``,
    ``top_share``, the dataset's market filter and minimum size, as ``analyze`` and the demo,
    or the rows of a precomputed ``clusters`` frame); beside them the
    clusters the data give (``dataset.clusters``, e.g. kind ``declared``: named by a source;
    diamonds with dashed links, a tooltip with the source and whether the detection finds
    them, :func:`~clusteratlas.graph.analytics.declared.declared_cluster_recovery`); its companies
    (squares, at most ``max_companies``: those in the region's cluster industries
    first, then by id), sized by the first size column the data has (market value,
    revenue, employees) or all one size when it has none, linked to their industry's
    section and to each other by supply links (dashed when inferred). Colours are the
    industry hierarchy's top level (sections). A slider hides industries below an LQ.
    On a page of an earlier year than the data's latest, only the companies listed by its
    end (``listed_on``) are drawn and judged, or none when the list has no listing dates.
    The region's indicators keep their qualifier ("> 5,000亿元 (more than)").

    Parameters
    ----------
    dataset : Dataset
        The data the view draws.
    regions : sequence of str
        Region codes (``["440305"]``).
    year, measure, scheme : optional
        Choices of the analysis scope: which slice of ``region_industries`` (default
        inferred from the data: the latest year, the only measure and scheme).
    scope : AnalysisScope, optional
        The whole scope at once (instead of the separate choices).
    clusters : DataFrame, optional
        Precomputed clusters with columns region_code, industry_code (e.g. the
        ``clusters`` of ``analyze`` or ``detect_clusters``).
    recovery : DataFrame, optional
        :func:`~clusteratlas.graph.analytics.declared.declared_cluster_recovery` of the
        dataset's declared clusters against ``clusters`` (computed when not given).
    min_lq : float, default 1.25
        Smallest LQ of a detected cluster (when ``clusters`` is not given).
    top_share : float, default 0.25
        Share of regions, ranked by LQ, a detected cluster's region must be among.
    max_companies : int, default 80
        Most companies drawn per region.
    max_nodes : int, default DEFAULT_MAX_NODES
        Most nodes drawn (300; the regions are always kept).

    Returns
    -------
    View
        Kind ``region``: the regions, their sub-regions, industries, clusters and
        companies.

    Raises
    ------
    UsageError
        When a region code is not in the dataset, or a scope choice matches no data.

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
    dataset, clusters = _distinct_node_ids(dataset, clusters)
    given = clusters
    page = _page(dataset, view_scope(dataset, scope, year=year, measure=measure, scheme=scheme))
    missing = [c for c in codes if c not in page.rnames]
    if not codes or missing:
        raise UsageError(f"region view needs region codes in the dataset; unknown: {missing}")
    if clusters is None:
        clusters = region_clusters(
            page.E, page.year, min_lq, top_share, dataset=dataset, scope=page.scope
        )
    G: nx.DiGraph = nx.DiGraph()
    used_roots: set[str] = set()
    listed_by = firm_cutoff_year(dataset, page.scope)
    for code in codes:
        leaves = leaf_descendants(dataset, [code], page.E.index)
        row = page.E.loc[leaves].sum(axis=0) if leaves else pd.Series(0.0, index=page.E.columns)
        _add_region(G, page, code, row, leaves)
        used_roots |= _add_industries(G, page, code, row, leaves, len(codes))
        _add_subregions(G, dataset, code, page.E, page.lq, page.measure, page.unit, page.inames)
        _add_companies(
            G,
            dataset,
            code,
            max_companies,
            page.colours,
            page.roots,
            clusters,
            page.angle_of,
            listed_by,
        )
    _add_clusters(G, dataset, clusters, page.E, page.lq, page.colours, page.roots, page.angle_of)
    declared = _add_declared(
        G,
        dataset,
        clusters,
        page.scope,
        page.colours,
        page.roots,
        page.angle_of,
        page.section_of_root,
        min_lq,
        top_share,
        recovery,
        listed_by,
    )
    _add_supply_links(G, dataset)
    _label_comparison(G, codes)
    names = ", ".join(f"{page.rnames[c]} ({c}, {page.rlevels[c]})" for c in codes)
    top_lq = max((float(a.get("filter_value") or 0.0) for _, a in G.nodes(data=True)), default=1.0)
    detection = (
        None
        if given is not None
        else f"LQ ≥ {min_lq}, top {top_share:.0%} of regions, {', '.join(CLUSTER_MARKETS)} markets"
    )
    return finish_view(
        G,
        kind="region",
        title=f"Region view: {names}, {page.measure} {page.year}",
        subtitle=f"Industries, clusters, sub-regions and companies; {page.what} by "
        f"{page.scheme}. Source: {source_of(dataset)}",
        legend=_legend(G, page, used_roots, detection),
        notes=_notes(G, page, codes, declared, listed_by),
        keep=codes,
        score_label="priority (industries and clusters, then sub-regions, then companies)",
        layout="radial",
        max_nodes=max_nodes,
        centre=codes[0],
        threshold=Threshold(
            "industry LQ",
            target="nodes",
            maximum=round(max(top_lq, 1.0) + 0.01, 2),
            step=0.05,
            help="hide industries whose location quotient in the region is below this",
        ),
    )


@dataclass(frozen=True)
class _Page:
    """What every part of one region page reads: the scope's E and LQ, names, colours."""

    dataset: Dataset
    scope: AnalysisScope
    E: pd.DataFrame
    lq: pd.DataFrame
    unit: str
    inames: dict[str, str]
    rnames: dict[str, str]
    rlevels: dict[str, str]
    roots: dict[str, str]
    colours: dict[str, str]
    order: dict[str, int]

    @property
    def measure(self) -> str:
        return self.scope.measure

    @property
    def year(self) -> int:
        return self.scope.year

    @property
    def scheme(self) -> str:
        return self.scope.scheme

    @property
    def what(self) -> str:
        return f"{self.measure} {self.year}" + (f" ({self.unit})" if self.unit else "")

    @property
    def section_of_root(self) -> dict[str, str]:
        return {self.roots.get(c, c): c for c in self.E.columns}

    def angle_of(self, icode: str | None) -> float:
        """The industry's angle on the first ring (industries sorted by section)."""
        if icode is None or icode not in self.order:
            return 0.0
        return 2 * math.pi * self.order[icode] / max(len(self.order), 1)


def _page(dataset: Dataset, scope: AnalysisScope) -> _Page:
    E, _, _ = employment_matrix(dataset, scope=scope)
    roots = industry_roots(dataset)
    return _Page(
        dataset=dataset,
        scope=scope,
        E=E,
        lq=location_quotients(E),
        unit=unit_phrase(dataset, scope.measure, scope.level, scope.unit),
        inames=names_of(dataset.industries),
        rnames=names_of(dataset.regions),
        rlevels=names_of(dataset.regions, column="level"),
        roots=roots,
        colours=section_palette(dataset),
        order={c: k for k, c in enumerate(sorted(E.columns, key=lambda c: roots.get(c, c)))},
    )


def _add_region(G: nx.DiGraph, page: _Page, code: str, row: pd.Series, leaves: list[str]) -> None:
    """The region's hexagon: its total, its largest industries and its indicators."""
    name, level = page.rnames[code], page.rlevels[code]
    total = float(row.sum())
    shares = row / total if total else row
    top = shares.sort_values(ascending=False).head(3)
    spread = (
        f", in {len(leaves)} {page.rlevels.get(leaves[0], '')} units" if len(leaves) > 1 else ""
    )
    G.add_node(
        code,
        label=name,
        name=name,
        code=code,
        color=REGION_COLOUR,
        shape="hexagon",
        size=30.0,
        score=1e9,
        must_label=True,
        ring=0,
        kind="region",
        row={
            "level": level,
            f"{page.measure}_{page.year}": total,
            **_indicator_row(page.dataset, code),
        },
        tooltip="\n".join(
            [
                f"{name} ({code}), {level}{_parents_text(page.dataset, code)}",
                f"{page.measure} {page.year}: {number(total)}"
                + (f" ({page.unit})" if page.unit else "")
                + spread,
                "largest: "
                + "; ".join(f"{page.inames[str(i)]} {percent(s)}" for i, s in top.items() if s > 0),
                *_change_lines(page, code, leaves),
                *_indicator_lines(page.dataset, code),
            ]
        ),
    )


def _add_industries(
    G: nx.DiGraph, page: _Page, code: str, row: pd.Series, leaves: list[str], n_regions: int = 1
) -> set[str]:
    """A dot per industry the region has, on the first ring (one dot shared by every region
    drawn), linked from the region with its share; returns the sections drawn. Where the data
    hold the measure in two or more years (census 2010 and 2020), each industry's tooltip and
    row also carry the region's share in the first and last year and the change in points.
    With several regions, the row's columns end in the region's code (``share_320583``)."""
    name = page.rnames[code]
    total = float(row.sum())
    shares = row / total if total else row
    region_lq = aggregate_location_quotient(page.E, leaves)
    change = _census_shares(page, leaves)
    years = [int(y) for y in change.index]
    used: set[str] = set()
    tag = f"_{code}" if n_regions > 1 else ""
    for icode, value in zip(map(str, row.index), row.to_numpy(dtype=float), strict=True):
        if value <= 0:
            continue
        share, ilq = float(shares[icode]), float(region_lq[icode])
        root = page.roots.get(icode, icode)
        used.add(root)
        if icode not in G:
            G.add_node(
                icode,
                label=f"{wrap_label(page.inames[icode])} {percent(share)}",
                name=page.inames[icode],
                code=icode,
                color=page.colours.get(root, OTHER_COLOUR),
                shape="dot",
                size_value=0.0,
                priority=1e6 + share,
                ring=1,
                angle=page.angle_of(icode),
                kind="industry",
                section=root,
                section_name=page.inames.get(root, ""),
                filter_value=ilq,
                row={},
                tooltip=f"{page.inames[icode]} ({icode})\n{page.what}:",
            )
        node = G.nodes[icode]
        node["size_value"] += value
        node["priority"] = max(float(node["priority"]), 1e6 + share)
        node["filter_value"] = max(float(node["filter_value"]), ilq)
        node["row"].update(
            {f"share{tag}": share, f"lq{tag}": ilq, f"{page.measure}_{page.year}{tag}": value}
        )
        node.setdefault("shares", []).append((name, share))
        node["tooltip"] += f"\n  {name}: {number(value)}, share {percent(share)}, LQ {ilq:.2f}"
        if len(years) >= 2:
            first, last = years[0], years[-1]
            s0, s1 = cell(change, first, icode), cell(change, last, icode)
            node["row"].update(
                {
                    f"share_{first}{tag}": s0,
                    f"share_{last}{tag}": s1,
                    f"change_pts_{first}_{last}{tag}": (s1 - s0) * 100.0,
                }
            )
            node["tooltip"] += (
                f"\n    {first} → {last}: {percent(s0)} → {percent(s1)} "
                f"({(s1 - s0) * 100.0:+.1f} points)"
            )
        G.add_edge(
            code,
            icode,
            weight=share,
            row={"share": share, "lq": ilq},
            tooltip=f"{name} → {page.inames[icode]}: share {percent(share)}, LQ {ilq:.2f} "
            f"({page.measure} {page.year})",
        )
    return used


def _change_lines(page: _Page, code: str, leaves: list[str]) -> list[str]:
    """The region's largest shifts in industry shares between the first and last year the
    data hold (three, in points), and its boundary caveat; none with a single year."""
    change = _census_shares(page, leaves)
    if len(change.index) < 2:
        return []
    first, last = int(change.index[0]), int(change.index[-1])
    delta = pd.Series(
        (change.iloc[-1].to_numpy(dtype=float) - change.iloc[0].to_numpy(dtype=float)) * 100.0,
        index=[str(c) for c in change.columns],
    )
    top = delta.reindex(delta.abs().sort_values(ascending=False).index).head(3)
    lines = [
        f"largest shifts {first} → {last} (share points): "
        + "; ".join(f"{page.inames.get(str(i), str(i))} {d:+.1f}" for i, d in top.items())
    ]
    caveat = _boundary_note(page.dataset, code, [first, last])
    if caveat:
        lines.append(caveat)
    return lines


def _census_shares(page: _Page, leaves: list[str]) -> pd.DataFrame:
    """The region's share of each industry of E in every year the data hold the page's
    measure for it: s_ri(t) = E_ri(t) / sum_i E_ri(t) (rows years, columns E's industries;
    the region's leaves summed). Shares, not levels: the census counts are samples.

    >>> from clusteratlas.loaders.bundled import load_bundled
    >>> from clusteratlas.graph.views._data import view_scope
    >>> china = load_bundled("china")
    >>> page = _page(china, view_scope(china))
    >>> s = _census_shares(page, ["320583"])
    >>> [round(float(s.at[y, "GB4754:C"]), 3) for y in s.index]  # Kunshan, manufacturing
    [0.633, 0.482]
    """
    ri = page.dataset.region_industries
    rows = ri[
        (ri["measure"] == page.measure)
        & ri["region_code"].isin(leaves)
        & ri["industry_code"].isin(page.E.columns)
    ]
    if rows.empty:
        return pd.DataFrame(columns=page.E.columns, dtype="float64")
    table = rows.pivot_table(
        index="year", columns="industry_code", values="value", aggfunc="sum"
    ).reindex(columns=page.E.columns)
    table = table.fillna(0.0).astype("float64")
    table = table[table.sum(axis=1) > 0]
    table.index = table.index.astype("int64")
    return table.div(table.sum(axis=1), axis=0).sort_index()


def _label_comparison(G: nx.DiGraph, codes: list[str]) -> None:
    """With several regions, every industry's label gives each region's share ("昆山市 48.2%
    / 江阴市 51.6%"; 0 where a region has none), not the first region's alone."""
    if len(codes) < 2:
        for _, a in G.nodes(data=True):
            a.pop("shares", None)
        return
    for _, a in G.nodes(data=True):
        if a.get("kind") != "industry":
            continue
        got = dict(a.pop("shares", []))
        parts = [f"{G.nodes[c]['name']} {percent(got.get(G.nodes[c]['name'], 0.0))}" for c in codes]
        a["label"] = (
            wrap_label(str(a["name"])) + "\n" + (" / " if len(codes) == 2 else "\n").join(parts)
        )


def _boundary_note(dataset: Dataset, code: str, years: list[int]) -> str | None:
    """What the data's build report says about the region's boundaries between the years
    compared: an old code recoded to this one (the unit kept whole, per the division-change
    table), else None. Looks for ``recoded_1to1`` maps (old -> current code) in the
    ``report`` of the dataset's metadata, in sections named after a year compared."""
    report = dataset.metadata.get("report") or {}
    found = []
    for section, body in report.items() if isinstance(report, dict) else ():
        if not isinstance(body, dict) or not any(str(y) in str(section) for y in years):
            continue
        recoded = body.get("recoded_1to1") or {}
        old = sorted(k for k, v in recoded.items() if str(v) == code)
        if old:
            found.append(f"{section}: counted under old code {', '.join(old)}")
    if not found:
        return None
    return (
        "boundary: the division-change table recodes this unit ("
        + "; ".join(found)
        + "; same unit, new code or name, kept whole)"
    )


def _legend(G: nx.DiGraph, page: _Page, used_roots: set[str], detection: str | None) -> Legend:
    """Colours by section, one shape per kind of node drawn, what sizes and links mean."""
    shapes_drawn = {a.get("kind") for _, a in G.nodes(data=True)}
    comp = page.dataset.companies
    size_col = company_size_column(comp)
    measure = page.measure
    shape_entries: list[tuple[str, ...]] = [("hexagon", "region shown", "region")]
    if "subregion" in shapes_drawn:
        shape_entries.append(("triangle", f"sub-region (size: {measure})", "subregion"))
    shape_entries.append(("dot", f"industry (size: {measure} in the region)", "industry"))
    if "cluster" in shapes_drawn:
        text = f"cluster detected: {detection}" if detection else "cluster (as given)"
        text += f" (size: {measure})"
        shape_entries.append(("star", text, "cluster"))
    if "declared" in shapes_drawn:
        shape_entries.append(
            (
                "diamond",
                "cluster named by a source (declared, dashed links): hover for who names it "
                "and whether the detection finds it",
                "declared",
            )
        )
    if "company" in shapes_drawn:
        size_text = (
            f" (size: {size_col.replace('_', ' ')})"
            if size_col
            else " (one size: the data has no company size)"
        )
        shape_entries.append(("square", f"company: {companies_phrase(comp)}{size_text}", "company"))
    edge_lines = ["region → industry: width = the industry's share of the region"]
    if "company" in shapes_drawn:
        edge_lines.append("company → industry: the company's primary industry")
    if "cluster" in shapes_drawn:
        edge_lines.append("cluster → its industry")
    if any(a.get("supply") for _, a in _edge_attrs(G)):
        inferred = any(a.get("inferred") for _, a in _edge_attrs(G))
        edge_lines.append(
            "company → company: supply link" + (", dashed when inferred" if inferred else "")
        )
    group_word = grouping_word(page.dataset, sorted({page.roots.get(c, c) for c in page.E.columns}))
    return Legend(
        colours=tuple(
            (page.colours[r], f"{page.inames[r]} ({r})", r)
            for r in sorted(used_roots)
            if r in page.colours
        ),
        colour_title=group_word,
        shapes=tuple(shape_entries),
        sizes=f"Industries and sub-regions: {page.what}; clusters: their size, as the industries"
        + ("; companies: " + size_col.replace("_", " ") if size_col else "")
        + ".",
        edges=tuple(edge_lines),
    )


def _notes(
    G: nx.DiGraph,
    page: _Page,
    codes: list[str],
    declared: list[str],
    listed_by: int | None = None,
) -> list[str]:
    """The page's notes: what the figures are, how the shares changed between the years the
    data hold (and what the data say of the regions' boundaries), which companies and declared
    clusters are drawn (on a page of an earlier year, only those listed by its end), and that
    dashed supply links are inferred."""
    comp = page.dataset.companies
    notes = [
        f"{page.measure} by {page.scheme} industry, {page.year}"
        + (f" ({page.unit})" if page.unit else "")
        + f"; LQ against all {len(page.E):,} {_leaf_level(page.dataset, page.E)} units. "
        + (
            "Labels give each industry's share of each region, region by region."
            if len(codes) > 1
            else "Labels give each industry's share of the region."
        ),
    ]
    notes.extend(_change_notes(G, page, codes))
    n_comp = int((comp["region_code"].astype(str).isin(codes)).sum()) if len(comp) else 0
    drawn = sum(1 for _, a in G.nodes(data=True) if a.get("kind") == "company")
    if n_comp and listed_by is not None:
        mine = comp[comp["region_code"].astype(str).isin(codes)]
        dated = int(mine["listed_on"].notna().sum()) if "listed_on" in mine else 0
        if not dated:
            notes.append(
                f"Companies: the company list gives no listing dates, so this {page.year} page "
                f"cannot tell which of the {n_comp} firms registered in the region today were "
                "listed then, and draws none."
            )
        else:
            by_then = len(companies_listed_by(mine, listed_by))
            notes.append(
                f"Companies: {companies_phrase(comp)}; only those listed by the end of "
                f"{listed_by} (listed_on), {by_then} of the {n_comp} registered in the region "
                f"today; {drawn} drawn. The list is today's: firms delisted since, or then "
                "registered elsewhere, are missing."
                + (f" {n_comp - dated} without a listing date left out." if dated < n_comp else "")
            )
    elif n_comp:
        notes.append(
            f"Companies: {companies_phrase(comp)}; {drawn} of the {n_comp} registered in the "
            "region drawn (those in its cluster industries first, then by code)."
        )
    if declared:
        notes.append(
            "Diamonds: clusters a source names (declared), drawn beside the stars the data show "
            "(detected); " + "; ".join(declared) + "."
        )
    if any(a.get("inferred") for _, a in _edge_attrs(G)):
        notes.append("Dashed supply links are inferred (not observed); see each link's source.")
    return notes


def _change_notes(G: nx.DiGraph, page: _Page, codes: list[str]) -> list[str]:
    """A note on the change columns (shares in the first and last year the data hold, change
    in points) and each region's boundary caveat, when the page has them."""
    keys = {
        k
        for _, a in G.nodes(data=True)
        if a.get("kind") == "industry"
        for k in (a.get("row") or {})
        if k.startswith("change_pts_")
    }
    if not keys:
        return []
    first, last = sorted(keys)[0].split("_")[2:4]
    notes = [
        f"Change over time: tooltips and the Nodes CSV give each industry's share of the "
        f"region's {page.measure} in {first} and {last} and the change in percentage points "
        "(shares, not levels)."
    ]
    for code in codes:
        caveat = _boundary_note(page.dataset, code, [int(first), int(last)])
        if caveat:
            notes.append(f"{page.rnames[code]} ({code}): {caveat}.")
    return notes


def _edge_attrs(G: nx.DiGraph) -> list[tuple[Any, dict[str, Any]]]:
    return [((u, v), a) for u, v, a in G.edges(data=True)]


def _leaf_level(dataset: Dataset, E: pd.DataFrame) -> str:
    levels = dataset.regions.set_index("code")["level"]
    found = levels.reindex([str(c) for c in E.index]).dropna().unique()
    return str(found[0]) if len(found) == 1 else "leaf"


def _parents_text(dataset: Dataset, code: str) -> str:
    table = dataset.regions.set_index("code")
    chain: list[str] = []
    node = table["parent_code"].get(code)
    while isinstance(node, str) and node in table.index and len(chain) < 3:
        if str(table.at[node, "level"]) != "country":
            chain.append(str(table.at[node, "name"]))
        node = table["parent_code"].get(node)
    return f" in {' '.join(reversed(chain))}" if chain else ""


def _indicator_lines(dataset: Dataset, code: str) -> list[str]:
    ind = dataset.region_indicators
    ind = ind[ind["region_code"] == code].sort_values(["indicator", "year"])
    lines = [
        f"{indicator_text(r.indicator, r.value, r.unit, getattr(r, 'qualifier', None))}, {r.year}"
        for r in records(ind)
    ]
    sources = sorted({str(s) for s in ind["source"].dropna()}) if "source" in ind else []
    if sources:
        lines.append("source: " + "; ".join(sources))
    return lines


def _indicator_row(dataset: Dataset, code: str) -> dict[str, Any]:
    """The region's indicators for the Nodes CSV: ``<indicator>_<year>`` (the value as
    given) and ``<indicator>_<year>_qualifier`` (``lower_bound`` for "more than", ...), so a
    lower bound is not exported as an exact figure."""
    ind = dataset.region_indicators
    ind = ind[ind["region_code"] == code].sort_values(["indicator", "year"])
    out: dict[str, Any] = {}
    for r in records(ind):
        key = f"{r.indicator}_{r.year}"
        q = getattr(r, "qualifier", None)
        out[key] = r.value
        out[f"{key}_qualifier"] = str(q) if isinstance(q, str) and q else "not stated"
    return out


def _distinct_node_ids(
    dataset: Dataset, clusters: pd.DataFrame | None
) -> tuple[Dataset, pd.DataFrame | None]:
    """The dataset (and clusters) with industry codes that equal a region code or a company
    id renamed ``industry:<code>``: the page draws regions, industries and companies as
    nodes of one graph, so their ids must differ (HS chapter ``08`` vs province ``08``).

    >>> import pandas as pd
    >>> ds = Dataset.from_frames(
    ...     regions=pd.DataFrame({"code": ["08"], "name": ["Barcelona"], "level": ["provincia"],
    ...                           "parent_code": [None]}),
    ...     industries=pd.DataFrame({"code": ["08", "07"], "name": ["Fruit", "Vegetables"],
    ...                              "scheme": ["HS", "HS"], "level": ["chapter", "chapter"]}))
    >>> _distinct_node_ids(ds, None)[0].industries["code"].tolist()
    ['industry:08', '07']
    """
    taken = set(dataset.regions["code"].tolist()) | set(dataset.companies["id"].tolist())
    clash = {c: f"industry:{c}" for c in dataset.industries["code"] if c in taken}
    if not clash:
        return dataset, clusters

    def rename(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
        return frame.assign(**{c: frame[c].replace(clash) for c in columns})

    renamed = dataset.replace(
        industries=rename(dataset.industries, "code", "parent_code"),
        region_industries=rename(dataset.region_industries, "industry_code"),
        company_industries=rename(dataset.company_industries, "industry_code"),
        industry_links=rename(dataset.industry_links, "from_code", "to_code"),
    )
    if clusters is not None and "industry_code" in clusters:
        clusters = clusters.assign(
            industry_code=clusters["industry_code"].astype(str).replace(clash)
        )
    return renamed, clusters


def _add_clusters(
    G: nx.DiGraph,
    dataset: Dataset,
    clusters: pd.DataFrame,
    E: pd.DataFrame,
    lq: pd.DataFrame,
    colours: dict[str, str],
    roots: dict[str, str],
    angle_of: Any,
) -> None:
    """A star per cluster whose region is drawn (the region or a sub-region with data)."""
    shares = E.div(E.sum(axis=1), axis=0)
    names = dict(zip(dataset.regions["code"], dataset.regions["name"], strict=True))
    rows = clusters.dropna(subset=["region_code", "industry_code"])
    rows = rows[rows["region_code"].astype(str).isin([str(n) for n in G.nodes])]
    for region, icode in zip(
        rows["region_code"].astype(str).tolist(),
        rows["industry_code"].astype(str).tolist(),
        strict=True,
    ):
        if region not in G or icode not in E.columns or region not in E.index:
            continue
        node = f"cluster:{region}:{icode}"
        lq_value = cell(lq, region, icode)
        share = cell(shares, region, icode)
        size = cell(E, region, icode)
        industry = str(G.nodes[icode]["name"]) if icode in G else icode
        own = G.nodes[region].get("kind") == "region"
        G.add_node(
            node,
            label=f"★ {short_label(industry)}"
            if own
            else f"★ {names.get(region)} {short_label(industry)}",
            name=f"{names.get(region)} {industry} cluster",
            code=node,
            color=colours.get(roots.get(icode, icode), OTHER_COLOUR),
            shape="star",
            size_value=size,  # the cluster's size, as the industries' dots (issue 23)
            priority=2e6 + lq_value,
            must_label=own,
            ring=2 if own else 3,
            angle=angle_of(icode) if own else G.nodes[region].get("angle", 0.0) + 0.05,
            kind="cluster",
            section=roots.get(icode, icode),
            row={
                "region": region,
                "industry": icode,
                "lq": lq_value,
                "share": share,
                "size": size,
            },
            tooltip=f"Cluster: {names.get(region)} ({region}) in {industry} ({icode})\n"
            f"size {number(size)}, LQ {lq_value:.2f}, {percent(share)} of the region",
        )
        G.add_edge(region, node, weight=share, tooltip="cluster of the region")
        if icode in G:
            G.add_edge(node, icode, weight=share, tooltip="its industry")


def _add_declared(
    G: nx.DiGraph,
    dataset: Dataset,
    detected: pd.DataFrame,
    scope: AnalysisScope,
    colours: dict[str, str],
    roots: dict[str, str],
    angle_of: Any,
    section_of_root: dict[str, str],
    min_lq: float,
    top_share: float,
    recovery: pd.DataFrame | None,
    listed_by: int | None = None,
) -> list[str]:
    """A diamond per cluster the data *give* (``dataset.clusters``, e.g. kind ``declared``:
    named by a source) in a drawn region, linked (dashed) to its region and to the drawn
    industries it belongs to (``cluster_industries``, finer codes by their section). For
    declared clusters the tooltip says who names it, its state at E's level (detected, not
    detected, or not testable when its industries are finer than E's) and the listed
    firms' verdict (:func:`~clusteratlas.graph.analytics.declared.declared_cluster_recovery`
    against the ``detected`` clusters). Returns one line per cluster drawn, for the page's notes."""
    given = dataset.clusters
    drawn_regions = {n for n, a in G.nodes(data=True) if a.get("kind") in ("region", "subregion")}
    given = given[given["region_code"].astype(str).isin(drawn_regions)]
    if given.empty:
        return []
    if recovery is None:
        from clusteratlas.graph.analytics.declared import declared_cluster_recovery

        recovery = declared_cluster_recovery(
            firms_listed_by(dataset, listed_by),
            detected,
            scope=scope,
            min_lq=min_lq,
            top_share=top_share,
        )
    recovery = recovery.set_index("cluster_id")
    links = dataset.cluster_industries
    industries_of = {
        str(k): [str(c) for c in g] for k, g in links.groupby("cluster_id")["industry_code"]
    }
    inames = names_of(dataset.industries)
    rnames = names_of(dataset.regions)
    lines: list[str] = []
    for k, r in enumerate(records(given.sort_values("id"))):
        region, cid, label = str(r.region_code), str(r.id), str(r.label)
        codes = industries_of.get(cid, [])
        anchors: list[str] = []
        for code in codes:  # the drawn industry of each code: itself, else its section's
            node = code if code in G else section_of_root.get(roots.get(code, code), "")
            if node in G and G.nodes[node].get("kind") == "industry" and node not in anchors:
                anchors.append(node)
        # beside the industry where the region is most specialised (where it shows, if at all)
        anchors.sort(key=lambda n: (-float(G.nodes[n].get("filter_value") or 0.0), n))
        source = str(r.source) if pd.notna(r.source) and str(r.source) else "not given"
        kind = str(r.kind)
        first = anchors[0] if anchors else None
        root = roots.get(first, first) if first else ""
        tip = [
            f"{'Declared' if kind == 'declared' else kind.capitalize()} cluster: {label}, "
            f"{rnames.get(region, region)} ({region})",
            f"named by: {source}",
        ]
        if pd.notna(r.note) and str(r.note):
            tip.append(f"what it covers: {r.note}")
        if codes:
            tip.append("industries: " + "; ".join(f"{inames.get(c, c)} ({c})" for c in codes))
        row: dict[str, Any] = {"region": region, "label": label, "kind": kind, "source": source}
        if cid in recovery.index:
            rec: Any = recovery.loc[cid]
            state = str(rec["state"])
            evidence = str(rec["firm_evidence"])
            row.update(state=state, detected=state == "detected", why=str(rec["why"]),
                       firm_evidence=evidence)  # fmt: skip
            tip.append(f"{state} at {rec['level']} level: {rec['why']}")
            if int(rec["region_listed_firms"]):
                firm_lq = float(rec["firm_lq"])
                tip.append(
                    f"listed firms in its industries: {int(rec['listed_firms'])} of "
                    f"{int(rec['region_listed_firms'])}"
                    + (f" (firm LQ {firm_lq:.2f})" if pd.notna(firm_lq) else "")
                    + f", firm evidence: {evidence}; {companies_phrase(dataset.companies)}"
                )
            lines.append(
                f"{rnames.get(region, region)}: {label}, {state} at {rec['level']} level"
                f" ({rec['why']}); firm evidence: {evidence}"
            )
        else:
            lines.append(f"{rnames.get(region, region)}: {label} ({kind})")
        tip.append("(named by the source: a declared cluster, drawn whatever the data show)")
        node = f"given:{cid}"
        G.add_node(
            node,
            label=f"◆ {wrap_label(label, 12, short=False)}",
            name=label,
            code=cid,
            color=colours.get(root, DECLARED_COLOUR) if root else DECLARED_COLOUR,
            border_color=DECLARED_COLOUR,
            border_width=4,
            border_dashes=True,
            shape="diamond",
            size=16.0,
            priority=3e6,
            must_label=G.nodes[region].get("kind") == "region",
            ring=2 if G.nodes[region].get("kind") == "region" else 3,
            angle=(angle_of(first) if first else G.nodes[region].get("angle", 0.0))
            + 0.12 * (1 + k % 2),
            kind="declared",
            section=root,
            row=row,
            tooltip="\n".join(tip),
        )
        G.add_edge(region, node, weight=0.0, tooltip=f"{label}: named for this region", dashes=True)
        for anchor in anchors:
            G.add_edge(
                node, anchor, weight=0.0, tooltip=f"{label}: in {inames[anchor]}", dashes=True
            )
    return lines


def _add_subregions(
    G: nx.DiGraph,
    dataset: Dataset,
    code: str,
    E: pd.DataFrame,
    lq: pd.DataFrame,
    measure: str,
    unit: str,
    inames: dict[str, str],
) -> None:
    regions = dataset.regions
    children = records(regions[regions["parent_code"] == code])
    for k, child in enumerate(children):
        leaves = leaf_descendants(dataset, [child.code], E.index)
        total = float(E.loc[leaves].to_numpy().sum()) if leaves else 0.0
        top = ""
        if len(leaves) == 1:
            best = str(lq.loc[leaves[0]].idxmax())
            top = f"\nhighest LQ: {inames.get(best, best)} ({cell(lq, leaves[0], best):.2f})"
        G.add_node(
            child.code,
            label=str(child.name),
            name=str(child.name),
            code=str(child.code),
            color=SUBREGION_COLOUR,
            shape="triangle",
            size_value=total,
            priority=1e3 + total / (1.0 + total),
            must_label=True,
            ring=2.6,
            angle=2 * math.pi * (k + 0.5) / max(len(children), 1),
            kind="subregion",
            row={"level": child.level, measure: total},
            tooltip=f"{child.name} ({child.code}), {child.level}\n{measure}: {number(total)}"
            + (f" ({unit})" if unit else "")
            + top,
        )
        G.add_edge(code, child.code, weight=0.0, tooltip="contains")


def _add_companies(
    G: nx.DiGraph,
    dataset: Dataset,
    code: str,
    max_companies: int,
    colours: dict[str, str],
    roots: dict[str, str],
    clusters: pd.DataFrame,
    angle_of: Any,
    listed_by: int | None = None,
) -> None:
    comp = dataset.companies
    comp = comp[comp["region_code"] == code]
    if listed_by is not None:
        comp = companies_listed_by(comp, listed_by)
    if comp.empty:
        return
    ci = dataset.company_industries
    ci = ci.sort_values("primary", ascending=False).drop_duplicates("company_id")
    primary = dict(zip(ci["company_id"], ci["industry_code"], strict=True))
    names = dict(zip(dataset.industries["code"], dataset.industries["name"], strict=True))
    size_col = company_size_column(dataset.companies)
    cluster_roots = (
        {
            roots.get(str(i), str(i))
            for i in clusters.loc[clusters["region_code"].astype(str) == code, "industry_code"]
        }
        if len(clusters)
        else set()
    )
    comp = comp.assign(
        in_cluster=[roots.get(primary.get(i, ""), "") in cluster_roots for i in comp["id"]],
        size_key=comp[size_col].fillna(0.0) if size_col else 0.0,
    )
    comp = comp.sort_values(["in_cluster", "size_key", "id"], ascending=[False, False, True]).head(
        max_companies
    )
    industry_node = {roots.get(n, n): n for n in G if G.nodes[n].get("kind") == "industry"}
    fan: dict[str, int] = {}
    for r in records(comp):
        icode = primary.get(r.id)
        root = roots.get(icode, icode) if icode else None
        size_value = float(r.size_key) if size_col else None
        anchor = industry_node.get(root) if root else None
        k = fan[root or ""] = fan.get(root or "", -1) + 1
        row_k, col_k = divmod(k, 5)
        offset = (col_k - 2) * 0.09 / (1 + 0.25 * row_k)
        G.add_node(
            r.id,
            label=str(r.name),
            name=str(r.name),
            code=str(r.id),
            color=colours.get(root, OTHER_COLOUR) if root else OTHER_COLOUR,
            shape="square",
            score=(size_value or 0.0) / (1.0 + (size_value or 0.0)),
            priority=10.0 + (1.0 if r.in_cluster else 0.0),
            ring=3.2 + 0.45 * row_k,
            angle=(angle_of(anchor) if anchor else 0.0) + offset,
            kind="company",
            section=root or "",
            row={
                "exchange": r.exchange,
                "ticker": r.ticker,
                "industry": icode,
                **({size_col: size_value} if size_col else {}),
            },
            tooltip=f"{r.name} ({r.id}), {r.exchange or ''} {r.ticker or ''}\n"
            f"industry: {names.get(icode, 'unknown')}"
            + (f"\n{size_col.replace('_', ' ')}: {number(size_value)}" if size_col else ""),
            **({"size_value": size_value} if size_col and size_value else {"size": 9.0}),
        )
        if anchor:
            G.add_edge(r.id, anchor, weight=0.0, tooltip=f"{r.name}: {names.get(icode, icode)}")


def _add_supply_links(G: nx.DiGraph, dataset: Dataset) -> None:
    links = dataset.supply_links
    links = links[links["supplier_id"].isin(G.nodes) & links["customer_id"].isin(G.nodes)]
    for r in records(links):
        inferred = bool(r.inferred) if pd.notna(r.inferred) else False
        G.add_edge(
            r.supplier_id,
            r.customer_id,
            weight=float(r.share)
            if pd.notna(r.share)
            else (float(r.score) if pd.notna(r.score) else 0.0),
            inferred=inferred,
            supply=True,
            row={
                "year": r.year,
                "share": r.share,
                "score": r.score,
                "source": r.source,
                "inferred": inferred,
            },
            tooltip=f"supplies ({r.year}){' — INFERRED' if inferred else ''}; "
            f"source: {r.source or 'n/a'}",
        )
