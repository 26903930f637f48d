"""Supply-chain view: upstream (left) and downstream (right) of a company or an industry, N hops.

With firm supply links (``supply_links``) the chain is drawn between companies;
otherwise it is the industry-level input-output network: i -> j when sector i's output
is an input of sector j. Seen from a region (``regions``), every sector carries the
region's share and location quotient, and the focus is the region's own: the I-O sector
most of its listed companies are in when the data maps their industries to I-O sectors;
otherwise the data cannot tell sectors within a section apart, and the page says so and
draws the chain between sections (the I-O table summed to the sections of the region
data) around the region's most specialised section.

>>> from clusteratlas.graph.views._toy import toy_dataset
>>> v = supply_chain_view(toy_dataset(), "NBS42:16", hops=1)
>>> sorted(v.node_ids())
['NBS42:12', 'NBS42:16', 'NBS42:17', 'NBS42:30', 'NBS42:35']
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import networkx as nx
import pandas as pd

from clusteratlas.errors import MatrixError, UsageError
from clusteratlas.graph.views._data import (
    OTHER_COLOUR,
    employment_matrix,
    industry_graph,
    industry_roots,
    latest_year,
    leaf_descendants,
    location_quotients,
    names_of,
    records,
    section_palette,
    source_of,
    view_scope,
)
from clusteratlas.graph.views._format import (
    companies_phrase,
    company_size_column,
    grouping_word,
    io_unit,
    number,
    percent,
    unit_phrase,
    yuan,
)
from clusteratlas.graph.views.base import (
    DEFAULT_MAX_NODES,
    Legend,
    Threshold,
    View,
    finish_view,
    wrap_label,
)
from clusteratlas.loaders.dataset import Dataset

__all__ = [
    "RegionFocus",
    "chain_neighbourhood",
    "firm_sectors",
    "lead_sector",
    "region_focus",
    "supply_chain_view",
]

Direction = Literal["up", "down", "both"]
Rank = Literal["coefficient", "flow", "both"]
SIDES = {"up": "Upstream", "down": "Downstream", "both": "Upstream and downstream"}


def chain_neighbourhood(
    G: nx.DiGraph,
    focus: str,
    hops: int = 2,
    per_node: int = 5,
    direction: Direction = "both",
    rank: Rank = "coefficient",
) -> nx.DiGraph:
    """Upstream and downstream of ``focus``: at each hop, each node's heaviest links.

    Upstream follows in-edges (suppliers), downstream out-edges (customers). ``rank``:
    ``"coefficient"`` keeps each node's ``per_node`` links with the highest ``weight``;
    ``"flow"`` those with the highest ``flow``; ``"both"`` the union of the two (a big
    buyer with a small coefficient, such as agriculture buying chemicals, and a small
    buyer that depends heavily on the node). Ties by id; self-loops are left out. Each
    node gets ``layer`` = -hop upstream, +hop downstream, 0 for the focus (the nearer
    side wins; upstream on a tie). ``G`` is not changed.

    >>> G = nx.DiGraph([("a", "b", {"weight": 1}), ("b", "c", {"weight": 1})])
    >>> sorted(chain_neighbourhood(G, "b", hops=1).nodes(data="layer"))
    [('a', -1), ('b', 0), ('c', 1)]
    """
    out: nx.DiGraph = nx.DiGraph()
    out.add_node(focus, layer=0)
    keys = {"coefficient": ("weight",), "flow": ("flow",), "both": ("weight", "flow")}[rank]
    for sign, side in ((-1, "up"), (1, "down")):
        if direction not in (side, "both"):
            continue
        frontier = [focus]
        for hop in range(1, hops + 1):
            nxt = []
            for node in frontier:
                view = G.in_edges(node, data=True) if sign < 0 else G.out_edges(node, data=True)
                links: list[tuple[Any, Any, dict[str, Any]]] = [e for e in view if e[0] != e[1]]
                chosen: dict[tuple[Any, Any], dict[str, Any]] = {}
                for key in keys:
                    ranked = sorted(links, key=_ranker(key))[:per_node]
                    for u, v, attrs in ranked:
                        chosen[(u, v)] = attrs
                for (u, v), attrs in sorted(chosen.items(), key=lambda kv: str(kv[0])):
                    other = u if sign < 0 else v
                    if other not in out:
                        out.add_node(other, layer=sign * hop)
                        nxt.append(other)
                    out.add_edge(u, v, **attrs)
            frontier = nxt
    return out


def _ranker(key: str) -> Any:
    def rank(e: tuple[Any, Any, dict[str, Any]]) -> tuple[float, str, str]:
        return (-float(e[2].get(key) or 0.0), str(e[0]), str(e[1]))

    return rank


def firm_sectors(dataset: Dataset, region: str, io_scheme: str) -> Counter[str]:
    """How many of the region's listed companies (it and the regions below it) are in each
    sector of ``io_scheme``, by :func:`~clusteratlas.graph.analytics.firms.region_io_sectors`:
    a company's Shenwan 2021 industry through the judgement table
    ``loaders/reference/sw2021_nbs42.csv`` for NBS42, else its classification followed up
    ``parent_code`` to a code of the scheme (companies with neither are left out). Counts
    listed firms only (the bundled data: Shenzhen Stock Exchange companies only).

    >>> from clusteratlas.loaders.bundled import load_bundled
    >>> firm_sectors(load_bundled("china"), "320583", "NBS42").most_common(2)
    [('NBS42:20', 4), ('NBS42:17', 2)]
    >>> from clusteratlas.graph.views._toy import toy_dataset
    >>> firm_sectors(toy_dataset(), "100101", "NBS42")
    Counter()
    """
    from clusteratlas.graph.analytics.firms import region_io_sectors

    table = region_io_sectors(dataset, region, io_scheme)
    return Counter({str(s): int(n) for s, n in zip(table["sector"], table["firms"], strict=True)})


MIN_FIRMS = 3
"""The fewest listed firms in one I-O sector for it to be called a region's own sector
(:func:`region_focus`): with one or two, a single listing decides the page."""


@dataclass(frozen=True)
class RegionFocus:
    """The focus of a region's supply chain and why: the sector, the level it is drawn at
    (``"sector"``: I-O sectors; ``"section"``: the I-O table summed to sections), the
    sentence the page shows, the region's listed firms by I-O sector (``firms``:
    sector -> count, most first; empty when the data place none) and what decided
    (``basis``: ``firms``, ``declared`` or ``section``, see :func:`region_focus`)."""

    code: str
    level: str
    reason: str
    firms: tuple[tuple[str, int], ...] = ()
    basis: str = "section"

    @property
    def firm_total(self) -> int:
        """The region's listed firms placed in an I-O sector."""
        return sum(n for _, n in self.firms)


def region_focus(
    dataset: Dataset,
    region: str,
    *,
    measure: str | None = None,
    min_firms: int = MIN_FIRMS,
) -> RegionFocus:
    """The region's own sector, from the most specific evidence the data hold:

    1. ``firms``: the I-O sector most of its listed companies are in (:func:`firm_sectors`)
       when it holds at least ``min_firms`` of them and more than any other sector;
    2. ``declared``: else the sector of the first cluster a source names for the region
       (:func:`~clusteratlas.graph.analytics.declared.declared_cluster_sectors`: the
       bundled data's article names Changsha County's construction machinery, Cixi's
       small household appliances...);
    3. ``section``: else its most specialised section (highest LQ among sections with at
       least 5% of the region; else its largest), drawn at section level because the
       region data cannot tell the sectors within a section apart.

    The reason says which, and why the steps before it do not decide.

    >>> from clusteratlas.loaders.bundled import load_bundled
    >>> china = load_bundled("china")
    >>> region_focus(china, "320583").code  # Kunshan: 4 of its 12 firms make electronics
    'NBS42:20'
    >>> cixi = region_focus(china, "330282")  # 2 of 7 firms: too few; the article names one
    >>> cixi.code, cixi.level, cixi.basis, cixi.firms[0]
    ('NBS42:19', 'sector', 'declared', ('NBS42:20', 2))
    >>> wuhou = region_focus(china, "510107")  # 1 firm a sector, no cluster named
    >>> wuhou.code, wuhou.level, wuhou.basis
    ('GB4754:I', 'section', 'section')
    """
    scope = view_scope(dataset, measure=measure)
    E, _, scheme = employment_matrix(dataset, scope=scope)
    measure = scope.measure
    leaves = leaf_descendants(dataset, [region], E.index)
    if not leaves:
        raise UsageError(f"region {region} has no {measure} data to choose a focus from")
    row = E.loc[leaves].sum(axis=0)
    shares = row / row.sum() if row.sum() else row
    lq_row = (shares / (E.sum(axis=0) / float(E.to_numpy().sum()))).fillna(0.0)
    names = names_of(dataset.industries)
    rname = names_of(dataset.regions).get(region, region)
    G, _ = industry_graph(dataset)
    io_scheme = _scheme_of(dataset, next(iter(G.nodes), ""))
    counts = firm_sectors(dataset, region, io_scheme)
    ranked = tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    total = sum(counts.values())
    phrase = re.sub(r" \(.*\)$", "", companies_phrase(dataset.companies)).replace(
        "companies", "firms"
    )
    listing = "; ".join(f"{names.get(c, c)} {n} ({percent(n / total)})" for c, n in ranked[:5])
    if len(ranked) > 5:
        listing += f"; {len(ranked) - 5} more sector{'s' if len(ranked) > 6 else ''}"
    if ranked:
        best, n = ranked[0]
        second = ranked[1][1] if len(ranked) > 1 else 0
        if n >= min_firms and n > second:
            return RegionFocus(
                best,
                "sector",
                f"Focus: {names.get(best, best)} ({best}), the input-output sector of {n} of the "
                f"{total} listed firms of {rname} that have one (by their Shenwan 2021 industry; "
                f"{phrase}). By sector: {listing}.",
                ranked,
                basis="firms",
            )
    firms_line = ""
    if ranked:
        firms_line = (
            f"{rname}'s listed firms are too few to name its sector: {total} have an "
            f"input-output sector ({phrase}), at most {ranked[0][1]} in one ({listing}); a "
            f"sector needs at least {min_firms} and more than any other. "
        )
    from clusteratlas.graph.analytics.declared import declared_cluster_sectors

    named = declared_cluster_sectors(dataset, region, io_scheme)
    named = named[named["sector"].isin(set(map(str, G.nodes)))]
    if not named.empty:
        first = named.iloc[0]
        source = str(first["source"]).split(";")[0].strip() or "a source"
        return RegionFocus(
            str(first["sector"]),
            "sector",
            f"Focus: {first['sector_name']} ({first['sector']}), the input-output sector of "
            f"{first['label']}, the cluster that {source} names for {rname} (a declared "
            f"cluster; its industries: {first['industries']}). " + firms_line.rstrip(),
            ranked,
            basis="declared",
        )
    big = [str(c) for c in shares.index[shares >= 0.05]]
    section = max(big, key=lambda c: (float(lq_row[c]), c)) if big else str(shares.idxmax())
    sname = names.get(section, section)
    word = grouping_word(dataset, [section]).split()[-1]
    return RegionFocus(
        section,
        "section",
        firms_line + f"{rname}'s {measure} data are by {scheme} {word}, which cannot tell the "
        f"input-output sectors within {sname} apart, so the chain is drawn between {word}s "
        f"(the I-O table summed to them) around its most specialised one, {sname} (LQ "
        f"{float(lq_row[section]):.2f}, {percent(float(shares[section]))} of {measure}). "
        "Give --focus SECTOR for one sector.",
        ranked,
        basis="section",
    )


def lead_sector(dataset: Dataset, region: str) -> tuple[str, str]:
    """The region's focus code and the sentence saying how it was chosen (:func:`region_focus`).

    >>> from clusteratlas.graph.views._toy import toy_dataset
    >>> lead_sector(toy_dataset(), "100101")[0]
    'GB4754:C'
    """
    focus = region_focus(dataset, region)
    return focus.code, focus.reason


def supply_chain_view(
    dataset: Dataset,
    focus: str | None = None,
    *,
    regions: Sequence[str] = (),
    hops: int = 2,
    per_node: int = 5,
    direction: Direction = "both",
    rank: Rank = "both",
    year: int | None = None,
    measure: str | None = None,
    max_nodes: int = DEFAULT_MAX_NODES,
) -> View:
    """Draw the chain around a company (firm links) or an industry (input-output links).

    ``focus`` is a company id or an industry code (an I-O sector, or a section of the
    region data, drawn on the I-O table summed to sections); when omitted, the focus of
    the first of ``regions`` (:func:`region_focus`), else the sector with the largest
    intermediate flows. ``regions``: the first one's share and location quotient are on
    every node (for an I-O sector, those of the section it belongs to). Links:
    :func:`chain_neighbourhood` with ``hops``, ``per_node`` and ``rank``; only links that
    run left to right (supplier column before buyer column) are drawn, and the page counts
    the others. Widths: flow z_ij for industries, ``share`` (else ``value``) for firm
    links; dashed = inferred. Sizes: national gross output (industries).

    >>> from clusteratlas.graph.views._toy import toy_dataset
    >>> supply_chain_view(toy_dataset(), "SZSE:000001").n_edges
    2
    """
    notes: list[str] = []
    company_ids = set(dataset.companies["id"].astype(str))
    region = str(regions[0]) if regions else None
    if region is not None and region not in set(dataset.regions["code"].astype(str)):
        raise UsageError(f"unknown region {region!r}")
    level = "sector"
    known_firms: Counter[str] | None = None
    if focus is None:
        if region is not None:
            chosen = region_focus(dataset, region, measure=measure)
            focus, level = chosen.code, chosen.level
            known_firms = Counter(dict(chosen.firms))
            notes.append(chosen.reason)
        else:
            G0, _ = industry_graph(dataset, year)
            focus = max(G0, key=lambda n: (G0.degree(n, weight="flow"), n))
    focus = str(focus)
    if focus in company_ids:
        return _company_chain(dataset, focus, hops, per_node, direction, year, max_nodes)
    if focus not in set(dataset.industries["code"].astype(str)):
        raise UsageError(f"supply-chain focus {focus!r} is neither a company nor an industry")
    G, io_year = industry_graph(dataset, year)
    io_scheme = _scheme_of(dataset, next(iter(G.nodes), ""))
    if focus not in G:
        G, level = _section_graph(dataset, io_year, io_scheme, focus), "section"
        if focus not in G:
            raise UsageError(f"industry {focus} has no input-output links in {io_year}")
    chain = chain_neighbourhood(G, focus, hops, per_node, direction, rank)
    for n in chain:
        if "output" in G.nodes[n]:
            chain.nodes[n]["output"] = G.nodes[n]["output"]
    dropped = _keep_left_to_right(chain)
    roots = industry_roots(dataset)
    colours = section_palette(dataset)
    names = names_of(dataset.industries)
    unit = io_unit(dataset)
    seen = _region_numbers(dataset, region, measure, io_scheme, known_firms) if region else None
    _decorate_industries(chain, dataset, io_year, names, roots, colours, hops, unit, seen, level)
    rname = names_of(dataset.regions).get(region, "") if region else ""
    notes.append(
        f"Links are national input-output flows between "
        f"{'sectors' if level == 'sector' else 'sections'} ({io_year}"
        + (f", {unit}" if unit else "")
        + "), not observed firm-to-firm links. a_ij = z_ij / x_j: i's input per unit of j's "
        "output."
    )
    notes.append(
        f"Each node shows its {per_node} largest input links (upstream, left) and output links "
        f"(downstream, right) by flow and its {per_node} largest by coefficient, up to {hops} "
        "hop(s)."
        if rank == "both"
        else f"Each node shows its {per_node} largest links by {rank}, up to {hops} hop(s)."
    )
    if dropped:
        notes.append(
            f"{dropped} link(s) between drawn sectors that would run right to left or within a "
            "column (a buyer that also supplies) are not drawn, so every arrow points right."
        )
    if seen is not None:
        notes.append(seen.note)
    used = sorted({roots.get(str(n), str(n)) for n in chain.nodes})
    label = names.get(focus, focus)
    where = f" seen from {rname} ({region})" if region else ""
    top_coef = max(
        (float(a.get("coefficient") or 0) for _, _, a in chain.edges(data=True)), default=0.0
    )
    legend = Legend(
        colours=tuple((colours[r], f"{names.get(r, r)} ({r})", r) for r in used if r in colours),
        colour_title=grouping_word(dataset, used),
        shapes=(
            (
                "dot",
                "I-O sector" if level == "sector" else "section (I-O sectors summed)",
                "industry",
            ),
        ),
        sizes="national gross output"
        + (f" ({unit})" if unit else "")
        + (
            f"; labels: {rname}'s share and LQ"
            + (" of the sector's section" if level == "sector" else "")
            + (", and its listed firms there" if seen is not None and seen.firm_total else "")
            if region
            else ""
        ),
        edges=(
            "arrow: supplier → buyer (upstream left, downstream right)",
            "width: flow z_ij" + (f" ({unit})" if unit else ""),
        ),
    )
    return finish_view(
        chain,
        kind="supply-chain",
        title=f"Supply chain of {label} ({focus}), {io_year}{where}",
        subtitle=f"{SIDES[direction]}, {hops} hop(s), "
        f"{'I-O sectors' if level == 'sector' else 'sections (I-O table summed)'}. "
        f"Source: {source_of(dataset)}",
        legend=legend,
        notes=notes,
        keep=[focus],
        score_label="closeness to the focus, then link weight",
        layout="layers",
        max_nodes=max_nodes,
        centre=focus,
        threshold=Threshold(
            "coefficient a_ij",
            target="edges",
            maximum=round(top_coef + 0.001, 3),
            step=0.001,
            help="hide links whose input coefficient a_ij is below this",
        ),
    )


@dataclass(frozen=True)
class _Seen:
    name: str
    shares: dict[str, float]
    lqs: dict[str, float]
    section_of: dict[str, str]
    note: str
    firms: dict[str, int]  # listed firms by I-O sector and, summed, by section
    firm_total: int  # listed firms placed in an I-O sector


def _region_firms(
    dataset: Dataset, region: str, io_scheme: str, sectors: Counter[str] | None = None
) -> tuple[dict[str, int], int]:
    """The region's listed firms by I-O sector and by section (the sectors' roots, summed),
    and how many are placed in a sector (``sectors``: :func:`firm_sectors`, when known)."""
    roots = industry_roots(dataset)
    if sectors is None:
        sectors = firm_sectors(dataset, region, io_scheme)
    by_section: Counter[str] = Counter()
    for code, n in sectors.items():
        by_section[roots.get(code, code)] += n
    merged = {**dict(by_section), **dict(sectors)}
    return merged, sum(sectors.values())


def _region_numbers(
    dataset: Dataset,
    region: str,
    measure: str | None,
    io_scheme: str = "",
    firms: Counter[str] | None = None,
) -> _Seen:
    scope = view_scope(dataset, measure=measure)
    E, year, scheme = employment_matrix(dataset, scope=scope)
    measure = scope.measure
    leaves = leaf_descendants(dataset, [region], E.index)
    if not leaves:
        raise UsageError(f"region {region} has no {measure} data")
    row = E.loc[leaves].sum(axis=0)
    shares = row / row.sum() if row.sum() else row
    lq = location_quotients(E)
    lq_row = (
        lq.loc[leaves[0]]
        if len(leaves) == 1
        else (shares / (E.sum(axis=0) / float(E.to_numpy().sum()))).fillna(0.0)
    )
    roots = industry_roots(dataset)
    name = names_of(dataset.regions).get(region, region)
    unit = unit_phrase(dataset, measure, scope.level, scope.unit)
    return _Seen(
        name,
        {str(k): float(v) for k, v in shares.astype(float).to_dict().items()},
        {str(k): float(v) for k, v in pd.Series(lq_row).astype(float).to_dict().items()},
        {roots.get(str(c), str(c)): str(c) for c in E.columns},
        f"Labels: {name}'s share of its {measure} and location quotient ({year}, {scheme}"
        + (f"; {unit}" if unit else "")
        + "), for an I-O sector those of the section it belongs to"
        + (
            f"; then its listed firms in the sector: {companies_phrase(dataset.companies)}."
            if io_scheme
            else "."
        ),
        *(_region_firms(dataset, region, io_scheme, firms) if io_scheme else ({}, 0)),
    )


def _scheme_of(dataset: Dataset, code: str) -> str:
    ind = dataset.industries.set_index("code")["scheme"]
    return str(ind.get(code, ""))


def _section_graph(dataset: Dataset, year: int, io_scheme: str, focus: str) -> nx.DiGraph:
    """The I-O table summed to the scheme of ``focus`` (e.g. NBS42 sectors to GB4754 sections)."""
    from clusteratlas.graph.definitions.io_table import input_output_table

    to_scheme = _scheme_of(dataset, focus)
    try:
        io = input_output_table(dataset, year, io_scheme, to_scheme=to_scheme)
    except MatrixError as e:
        raise UsageError(
            f"cannot sum the {io_scheme} input-output table to {to_scheme} for {focus}: {e}"
        ) from e
    Z, A = io.flows, io.technical_coefficients
    G: nx.DiGraph = nx.DiGraph()
    for i in Z.index:
        for j in Z.columns:
            z = float(Z.loc[i, j])
            if z > 0:
                a = float(A.loc[i, j])
                G.add_edge(str(i), str(j), flow=z, coefficient=a, weight=a)
    for s, x in io.output.items():
        if str(s) in G:
            G.nodes[str(s)]["output"] = float(x)
    return G


def _keep_left_to_right(chain: nx.DiGraph) -> int:
    """Remove links whose supplier's column is not left of the buyer's; return how many."""
    back = [
        (u, v)
        for u, v in chain.edges
        if int(chain.nodes[u]["layer"]) >= int(chain.nodes[v]["layer"])
    ]
    chain.remove_edges_from(back)
    return len(back)


def _gross_output(dataset: Dataset, year: int) -> dict[str, float]:
    ri = dataset.region_industries
    ri = ri[(ri["measure"] == "gross_output")]
    if ri.empty:
        return {}
    ri = ri[ri["year"] == (year if year in set(ri["year"]) else latest_year(ri))]
    totals = ri.groupby("industry_code")["value"].sum()
    return {str(k): float(v) for k, v in totals.items()}


def _decorate_industries(
    chain: nx.DiGraph,
    dataset: Dataset,
    year: int,
    names: dict[str, str],
    roots: dict[str, str],
    colours: dict[str, str],
    hops: int,
    unit: str,
    seen: _Seen | None,
    level: str,
) -> None:
    output = _gross_output(dataset, year)
    for n, a in chain.nodes(data=True):
        x = a.get("output", output.get(n))
        if level == "section" and "output" not in a:
            x = None
        layer = int(a["layer"])
        flows_in = chain.in_degree(n, weight="flow")
        flows_out = chain.out_degree(n, weight="flow")
        size = x if x is not None else flows_in + flows_out
        side = (
            "focus" if layer == 0 else f"{'upstream' if layer < 0 else 'downstream'} {abs(layer)}"
        )
        root = roots.get(n, n)
        label = wrap_label(names.get(n, n))
        lines = [f"{names.get(n, n)} ({n})", side]
        row: dict[str, Any] = {"layer": layer, "gross_output": x}
        if x is not None:
            lines.append(f"national gross output {year}: {yuan(x, unit) if unit else number(x)}")
        if seen is not None:
            section = seen.section_of.get(root, n)
            share, lq = seen.shares.get(section), seen.lqs.get(section)
            if share is not None and lq is not None:
                label += f"\n{percent(share)} · LQ {lq:.2f}"
                what = "" if section == n else f" (its section {names.get(section, section)})"
                lines.append(f"{seen.name}{what}: {percent(share)} of the region, LQ {lq:.2f}")
                row.update({"region_share": share, "region_lq": lq})
            total = seen.firm_total
            if total:
                firms = seen.firms.get(n, 0)
                if firms:
                    label += f"\n{firms} listed firm{'s' if firms > 1 else ''}"
                share_text = percent(firms / total)
                lines.append(f"{seen.name}'s listed firms here: {firms} of {total} ({share_text})")
                row.update({"region_firms": firms, "region_firm_share": firms / total})
        lines.append(
            f"drawn inputs {_money(flows_in, unit)}, drawn outputs {_money(flows_out, unit)}"
        )
        a.update(
            label=label,
            name=names.get(n, n),
            code=n,
            industry=n,
            color=colours.get(root, OTHER_COLOUR),
            shape="dot",
            size_value=float(size),
            score=(hops + 1 - abs(layer)) + float(size) / (1.0 + float(size)),
            priority=(hops + 1 - abs(layer)) * 1e3 + float(size) / (1.0 + float(size)),
            must_label=abs(layer) <= 1,
            kind="industry",
            section=root,
            row=row,
            tooltip="\n".join(lines),
        )
    for u, v, a in chain.edges(data=True):
        z, coef = float(a.get("flow", 0.0)), float(a.get("coefficient", 0.0))
        a["weight"] = z
        a["filter_value"] = coef
        x_u = chain.nodes[u]["row"].get("gross_output")
        out_share = f"; {percent(z / x_u)} of {names.get(u, u)}'s output" if x_u else ""
        a["row"] = {"flow": z, "coefficient": coef}
        a["tooltip"] = (
            f"{names.get(u, u)} → {names.get(v, v)}\nflow z = {_money(z, unit)}{out_share}\n"
            f"coefficient a = {coef:.4f} ({percent(coef)} of {names.get(v, v)}'s output value)"
        )


def _money(value: float, unit: str) -> str:
    return yuan(value, unit) if unit else number(value)


def _company_chain(
    dataset: Dataset,
    focus: str,
    hops: int,
    per_node: int,
    direction: Direction,
    year: int | None,
    max_nodes: int,
) -> View:
    G = _firm_graph(dataset, year)
    if focus not in G:
        raise UsageError(f"company {focus} has no supply links in the data")
    chain = chain_neighbourhood(G, focus, hops, per_node, direction)
    dropped = _keep_left_to_right(chain)
    roots = industry_roots(dataset)
    colours = section_palette(dataset)
    names = names_of(dataset.industries)
    _decorate_companies(chain, dataset, names, roots, colours, hops)
    notes = []
    inferred = any(a.get("inferred") for _, _, a in chain.edges(data=True))
    if inferred:
        notes.append("Dashed links are INFERRED (not observed); the tooltip gives the source.")
    notes.append(
        f"Each company shows its {per_node} heaviest input links (upstream, left) and output "
        f"links (downstream, right), up to {hops} hops. Companies: "
        f"{companies_phrase(dataset.companies)}."
    )
    if dropped:
        notes.append(f"{dropped} link(s) that would run right to left are not drawn.")
    used = sorted({roots.get(str(a.get("industry")), "") for _, a in chain.nodes(data=True)})
    size_col = company_size_column(dataset.companies)
    label = str(dataset.companies.set_index("id").at[focus, "name"])
    legend = Legend(
        colours=tuple((colours[r], f"{names.get(r, r)} ({r})", r) for r in used if r in colours),
        colour_title=grouping_word(dataset, [u for u in used if u]),
        shapes=(("square", "company", "company"),),
        sizes=("companies: " + size_col.replace("_", " "))
        if size_col
        else "one size: the data has no company size",
        edges=(
            "arrow: supplier → buyer",
            "width: share of the buyer's inputs (else value)",
            *(("dashed: inferred link (not observed)",) if inferred else ()),
        ),
    )
    return finish_view(
        chain,
        kind="supply-chain",
        title=f"Supply chain of {label} ({focus})",
        subtitle=f"{SIDES[direction]}, {hops} hop(s), company level. Source: {source_of(dataset)}",
        legend=legend,
        notes=notes,
        keep=[focus],
        score_label="closeness to the focus, then link weight",
        layout="layers",
        max_nodes=max_nodes,
        centre=focus,
    )


def _firm_graph(dataset: Dataset, year: int | None) -> nx.DiGraph:
    links = dataset.supply_links
    if links.empty:
        raise UsageError(
            "the dataset has no firm supply links; draw an industry's chain instead "
            "(the bundled data has none: use an I-O sector such as NBS42:12)"
        )
    if year is not None:
        links = links[links["year"] == year]
    G: nx.DiGraph = nx.DiGraph()
    for r in records(links.sort_values("year")):
        weight = r.share if pd.notna(r.share) else (r.value if pd.notna(r.value) else 1.0)
        G.add_edge(
            r.supplier_id,
            r.customer_id,
            weight=float(weight),
            inferred=bool(r.inferred) if pd.notna(r.inferred) else False,
            year=int(r.year),
            source=r.source if pd.notna(r.source) else "n/a",
            value=float(r.value) if pd.notna(r.value) else None,
        )
    return G


def _decorate_companies(
    chain: nx.DiGraph,
    dataset: Dataset,
    names: dict[str, str],
    roots: dict[str, str],
    colours: dict[str, str],
    hops: int,
) -> None:
    comp = dataset.companies.set_index("id")
    ci = dataset.company_industries.sort_values("primary", ascending=False)
    ci = ci.drop_duplicates("company_id")
    primary = names_of(ci, "company_id", "industry_code")
    size_col = company_size_column(dataset.companies)
    sizes = {str(k): float(v) for k, v in comp[size_col].items()} if size_col else {}
    labels = names_of(dataset.companies, "id")
    for n, a in chain.nodes(data=True):
        layer = int(a["layer"])
        icode = primary.get(n, "")
        value = sizes.get(n, float("nan"))
        side = (
            "focus" if layer == 0 else f"{'upstream' if layer < 0 else 'downstream'} {abs(layer)}"
        )
        size = {"size_value": value} if pd.notna(value) else {"size": 14.0}
        a.update(
            label=labels.get(n, n),
            name=labels.get(n, n),
            code=n,
            industry=icode,
            color=colours.get(roots.get(icode, icode), OTHER_COLOUR) if icode else OTHER_COLOUR,
            shape="square",
            kind="company",
            section=roots.get(icode, icode) if icode else "",
            must_label=abs(layer) <= 1,
            score=(hops + 1 - abs(layer)) + chain.degree(n) / (1.0 + chain.degree(n)),
            row={"layer": layer, "industry": icode, **({size_col: value} if size_col else {})},
            tooltip=f"{labels.get(n, n)} ({n})\n{side}\nindustry: {names.get(icode, 'n/a')}"
            + (f"\n{size_col.replace('_', ' ')}: {number(value)}" if size_col else ""),
            **size,
        )
    for u, v, a in chain.edges(data=True):
        a["row"] = {
            "year": a["year"],
            "weight": a["weight"],
            "inferred": a["inferred"],
            "source": a["source"],
        }
        a["tooltip"] = (
            f"{chain.nodes[u]['label']} → {chain.nodes[v]['label']} ({a['year']})\n"
            f"{'INFERRED' if a['inferred'] else 'observed'}; source: {a['source']}\n"
            f"weight {a['weight']:.3g}"
        )
