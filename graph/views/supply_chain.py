"""Supply-chain view: upstream and downstream of a company or an industry, N hops.

With firm supply links (``supply_links``) the chain is drawn between companies;
with the bundled China data, which has none, it is the industry-level
input-output network (NBS 42 sectors): i -> j when sector i's output is an input
of sector j, width = the technical coefficient a_ij = z_ij / x_j.

>>> from clusteratlas.graph.views._toy import toy_dataset
>>> v = supply_chain_view(toy_dataset(), "NBS42:16", hops=1)
>>> sorted(v.node_ids())
['NBS42:12', 'NBS42:16', 'NBS42:17', 'NBS42:30', 'NBS42:35']
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import networkx as nx
import pandas as pd

from clusteratlas.errors import UsageError
from clusteratlas.graph.views._data import (
    OTHER_COLOUR,
    cell,
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
)
from clusteratlas.graph.views.base import DEFAULT_MAX_NODES, Legend, View, finish_view
from clusteratlas.loaders.dataset import Dataset

__all__ = ["chain_neighbourhood", "lead_sector", "supply_chain_view"]

Direction = Literal["up", "down", "both"]
SIDES = {"up": "Upstream", "down": "Downstream", "both": "Upstream and downstream"}


def chain_neighbourhood(
    G: nx.DiGraph, focus: str, hops: int = 2, per_node: int = 5, direction: Direction = "both"
) -> nx.DiGraph:
    """Upstream and downstream of ``focus``: at each hop, each node's ``per_node`` heaviest links.

    Upstream follows in-edges (suppliers), downstream out-edges (customers); edges
    are ranked by ``weight`` (ties by id); self-loops are left out. Each node gets
    ``layer`` = -hop upstream, +hop downstream, 0 for the focus (the nearer
    side wins; upstream on a tie). ``G`` is not changed.

    >>> G = nx.DiGraph([("a", "b", {"weight": 1}), ("b", "c", {"weight": 1})])
    >>> sorted(chain_neighbourhood(G, "b", hops=1).nodes(data="layer"))
    [('a', -1), ('b', 0), ('c', 1)]
    """
    out: nx.DiGraph = nx.DiGraph()
    out.add_node(focus, layer=0)
    sides = [(-1, "up"), (1, "down")]
    for sign, side in sides:
        if direction not in (side, "both"):
            continue
        frontier = [focus]
        for hop in range(1, hops + 1):
            nxt = []
            for node in frontier:
                links = G.in_edges(node, data=True) if sign < 0 else G.out_edges(node, data=True)
                ranked = sorted(
                    (e for e in links if e[0] != e[1]),
                    key=lambda e: (-float(e[2].get("weight") or 0.0), str(e[0]), str(e[1])),
                )[:per_node]
                for u, v, attrs in ranked:
                    other = u if sign < 0 else v
                    if other not in out:
                        out.add_node(other, layer=sign * hop)
                        nxt.append(other)
                    out.add_edge(u, v, **attrs)
            frontier = nxt
    return out


def lead_sector(dataset: Dataset, region: str) -> tuple[str, str]:
    """The region's leading sector in the I-O table, and a sentence saying how it was chosen.

    Rule: the region's most specialised section (highest LQ among sections with a
    share of at least 5%; else the largest share), then, among the I-O sectors of
    that section, the one with the largest national ``gross_output`` (else the
    largest total intermediate flow).

    >>> from clusteratlas.graph.views._toy import toy_dataset
    >>> lead_sector(toy_dataset(), "100101")[0]
    'NBS42:16'
    """
    E, year, _ = employment_matrix(dataset)
    leaves = leaf_descendants(dataset, [region], E.index)
    if not leaves:
        raise UsageError(f"region {region} has no industry data to choose a lead sector from")
    row = E.loc[leaves].sum(axis=0)
    shares = row / row.sum() if row.sum() else row
    big_enough = [str(c) for c in shares.index[shares >= 0.05]]
    if len(leaves) == 1 and big_enough:
        lq = location_quotients(E)
        section = max(big_enough, key=lambda c: (cell(lq, leaves[0], c), c))
    else:
        section = str(shares.idxmax())
    roots = industry_roots(dataset)
    G, io_year = industry_graph(dataset)
    candidates = [n for n in G if roots.get(n) == roots.get(section, section)]
    if not candidates:
        raise UsageError(f"no input-output sector belongs to {section} (the lead section)")
    output = _gross_output(dataset, io_year)
    flows = {n: G.in_degree(n, weight="flow") + G.out_degree(n, weight="flow") for n in G}
    best = max(candidates, key=lambda n: (output.get(n, 0.0), flows.get(n, 0.0), n))
    names = dict(zip(dataset.industries["code"], dataset.industries["name"], strict=True))
    how = (
        f"Focus chosen for {region}: its most specialised section {names.get(section)} "
        f"({section}, {year}), then that section's largest I-O sector by national output."
    )
    return best, how


def supply_chain_view(
    dataset: Dataset,
    focus: str | None = None,
    *,
    regions: Sequence[str] = (),
    hops: int = 2,
    per_node: int = 5,
    direction: Direction = "both",
    year: int | None = None,
    max_nodes: int = DEFAULT_MAX_NODES,
) -> View:
    """Draw the chain around a company (firm links) or an industry (input-output links).

    ``focus`` is a company id or an industry code; when omitted, the lead sector
    of the first of ``regions`` (:func:`lead_sector`), else the sector with the
    largest intermediate flows. Links: :func:`chain_neighbourhood` with ``hops``
    and ``per_node``. Widths: a_ij for industries, ``share`` (else ``value``) for
    firm links; dashed = inferred. Sizes: national gross output (industries) or
    market value (companies). Columns: upstream left, downstream right.

    >>> from clusteratlas.graph.views._toy import toy_dataset
    >>> supply_chain_view(toy_dataset(), "SZSE:000001").n_edges
    2
    """
    notes: list[str] = []
    company_ids = set(dataset.companies["id"])
    if focus is None:
        if regions:
            focus, how = lead_sector(dataset, str(regions[0]))
            notes.append(how)
        else:
            G0, _ = industry_graph(dataset, year)
            focus = max(G0, key=lambda n: (G0.degree(n, weight="flow"), n))
    if focus in company_ids:
        G, year, level = _firm_graph(dataset, year), None, "company"
    else:
        if focus not in set(dataset.industries["code"]):
            raise UsageError(f"supply-chain focus {focus!r} is neither a company nor an industry")
        G, year = industry_graph(dataset, year)
        level = "industry"
        if focus not in G:
            raise UsageError(f"industry {focus} has no input-output links in {year}")
    chain = chain_neighbourhood(G, focus, hops, per_node, direction)
    roots = industry_roots(dataset)
    colours = section_palette(dataset)
    names = dict(zip(dataset.industries["code"], dataset.industries["name"], strict=True))
    if level == "industry" and year is not None:
        _decorate_industries(chain, dataset, year, names, roots, colours, hops)
        notes.append(
            f"Links are national input-output flows between sectors ({year}), not observed "
            "firm-to-firm links; a_ij = z_ij / x_j is sector i's input per unit of j's output."
        )
        what = f"{names.get(focus, focus)} ({focus})"
    else:
        _decorate_companies(chain, dataset, names, roots, colours, hops)
        if any(a.get("inferred") for _, _, a in chain.edges(data=True)):
            notes.append("Dashed links are INFERRED (not observed); the tooltip gives the source.")
        what = str(dataset.companies.set_index("id").at[focus, "name"]) + f" ({focus})"
    notes.append(
        f"Each node shows its {per_node} heaviest input links (upstream, left) and output links "
        f"(downstream, right), up to {hops} hops."
    )
    used = sorted({roots.get(str(a.get("industry")), "") for _, a in chain.nodes(data=True)})
    legend = Legend(
        colours=tuple((colours[r], f"{names.get(r, r)} ({r})") for r in used if r in colours),
        shapes=(("dot", "industry sector"), ("square", "company")),
        sizes="Sectors: national gross output (or total flows); companies: market value.",
        edges=(
            "arrow: supplier → buyer",
            "width: coefficient a_ij (industries) or share of the buyer's inputs (firms)",
            "dashed: inferred link (not observed)",
        ),
    )
    return finish_view(
        chain,
        kind="supply-chain",
        title=f"Supply chain of {what}, {year if year is not None else 'all years'}",
        subtitle=f"{SIDES[direction]}, {hops} hop(s), {level} level. Source: {source_of(dataset)}",
        legend=legend,
        notes=notes,
        keep=[focus],
        score_label="closeness to the focus, then link weight",
        layout="layers",
        max_nodes=max_nodes,
    )


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
) -> None:
    output = _gross_output(dataset, year)
    for n, a in chain.nodes(data=True):
        layer = int(a["layer"])
        flows_in = chain.in_degree(n, weight="flow")
        flows_out = chain.out_degree(n, weight="flow")
        size = output.get(n, flows_in + flows_out)
        side = (
            "focus" if layer == 0 else f"{'upstream' if layer < 0 else 'downstream'} {abs(layer)}"
        )
        a.update(
            label=f"{names.get(n, n)}",
            industry=n,
            color=colours.get(roots.get(n, n), OTHER_COLOUR),
            shape="dot",
            size_value=float(size),
            score=(hops + 1 - abs(layer)) + float(size) / (1.0 + float(size)),
            tooltip=f"{names.get(n, n)} ({n})\n{side}\n"
            + (f"gross output {year}: {output[n]:,.0f}\n" if n in output else "")
            + f"drawn inputs {flows_in:,.0f}, drawn outputs {flows_out:,.0f}",
        )
    for u, v, a in chain.edges(data=True):
        a["tooltip"] = (
            f"{names.get(u, u)} → {names.get(v, v)}\nflow z = {a.get('flow', 0.0):,.0f}\n"
            f"coefficient a = {a.get('coefficient', 0.0):.4f}"
        )


def _firm_graph(dataset: Dataset, year: int | None) -> nx.DiGraph:
    links = dataset.supply_links
    if links.empty:
        raise UsageError(
            "the dataset has no firm supply links; draw an industry's chain instead "
            "(the bundled data has none: use an NBS42 sector code)"
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
    caps = {str(k): float(v) for k, v in comp["market_cap"].items()}
    labels = names_of(dataset.companies, "id")
    for n, a in chain.nodes(data=True):
        layer = int(a["layer"])
        icode = primary.get(n, "")
        cap = caps.get(n, float("nan"))
        side = (
            "focus" if layer == 0 else f"{'upstream' if layer < 0 else 'downstream'} {abs(layer)}"
        )
        size = {"size_value": cap} if pd.notna(cap) else {"size": 14.0}
        a["label"] = labels.get(n, n)
        a.update(
            industry=icode,
            color=colours.get(roots.get(icode, icode), OTHER_COLOUR) if icode else OTHER_COLOUR,
            shape="square",
            score=(hops + 1 - abs(layer)) + chain.degree(n) / (1.0 + chain.degree(n)),
            tooltip=f"{a.get('label', n)} ({n})\n{side}\nindustry: {names.get(icode, 'n/a')} "
            f"({icode})\nmarket value: {cap if pd.notna(cap) else 'n/a'}",
            **size,
        )
    for u, v, a in chain.edges(data=True):
        a["tooltip"] = (
            f"{chain.nodes[u]['label']} → {chain.nodes[v]['label']} ({a['year']})\n"
            f"{'INFERRED' if a['inferred'] else 'observed'}; source: {a['source']}\n"
            f"weight {a['weight']:.3g}"
        )
