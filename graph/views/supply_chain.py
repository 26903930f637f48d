"""Supply-chain view: upstream (left) and downstream (right) of a company or an industry, N hops.

With firm supply links (``supply_links``) the chain is drawn between companies;
otherwise it is the industry-level input-output network: i -> j when sector i's output
is an input of sector j. Seen from a region (``regions``), every sector carries a figure
true for it: the region's share and location quotient where the sector is its section's only
I-O sector (or the node is a section), else the region's estimated share of the sector (its
section's share times the sector's share of the section's national gross output, marked
"est."); downstream, the focus' final-demand categories (exports, final consumption, capital
formation, inventory change) with their share of its output. The focus is the region's own:
the I-O sector most of its listed companies are in when the data maps their industries to I-O
sectors;
otherwise the data cannot tell sectors within a section apart, and the page says so and
draws the chain between sections (the I-O table summed to the sections of the region
data) around the region's most specialised section.

>>> from clusteratlas.graph.views._toy import toy_dataset
>>> v = supply_chain_view(toy_dataset(), "NBS42:16", hops=1)
>>> sorted(v.node_ids())
['NBS42:12', 'NBS42:16', 'NBS42:17', 'NBS42:30', 'NBS42:35']
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import networkx as nx
import pandas as pd

from clusteratlas.errors import ClusterAtlasError, MatrixError, UsageError
from clusteratlas.graph.analytics.firms import firm_cutoff_year, firms_listed_by
from clusteratlas.graph.definitions.io_table import input_output_table, io_network
from clusteratlas.graph.definitions.quotients import aggregate_location_quotient
from clusteratlas.graph.definitions.scope import AnalysisScope
from clusteratlas.graph.definitions.supply import supply_network
from clusteratlas.graph.views._data import (
    OTHER_COLOUR,
    employment_matrix,
    industry_graph,
    industry_roots,
    leaf_descendants,
    names_of,
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
from clusteratlas.graph.views.model import Legend, Threshold, View, finish_view
from clusteratlas.graph.views.style import DEFAULT_MAX_NODES, wrap_label
from clusteratlas.loaders.dataset import Dataset

__all__ = ["supply_chain_view"]

Direction = Literal["up", "down", "both"]
Rank = Literal["coefficient", "flow", "both"]
SIDES = {"up": "Upstream", "down": "Downstream", "both": "Upstream and downstream"}


def _chain_neighbourhood(
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
    >>> sorted(_chain_neighbourhood(G, "b", hops=1).nodes(data="layer"))
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
    scope: AnalysisScope | None = None,
    max_nodes: int = DEFAULT_MAX_NODES,
) -> View:
    """Draw the chain around a company (firm links) or an industry (input-output links).

    ``focus`` is a company id or an industry code (an I-O sector, or a section of the
    region data, drawn on the I-O table summed to sections); when omitted, the focus of
    the first of ``regions`` (:func:`~clusteratlas.graph.analytics.focus.region_focus`),
    else the sector with the largest intermediate flows. ``scope`` (default inferred
    with ``year`` and ``measure``) says which E the region's figures come from and which
    I-O table is drawn. ``regions``: the first one's figures are on every node: est_ri =
    s_rS * x_i / sum_{j in S} x_j for an I-O sector i of section S that has other sectors (x:
    national gross output; the section's s_rS and LQ in the tooltip), s_ri and LQ_ri where
    i is S's only sector or a section itself. Downstream (``direction`` "down" or "both"), the
    focus' final-demand categories are drawn as diamonds with f_k / x_focus (the share of its
    output each takes, ``industry_final_uses``; negative uses named, not drawn). Links: at each
    hop, each node's heaviest links (``per_node`` of them by ``rank``); only links that
    run left to right (supplier column before buyer column) are drawn, and the page counts
    the others. Widths: flow z_ij for industries, ``share`` (else the inferred ``score``,
    else ``value``) for firm links; dashed = inferred. Sizes: national gross output (industries).

    Parameters
    ----------
    dataset : Dataset
        The data: firms and their supply links, or the input-output table.
    focus : str, optional
        A company id or an industry code; default the region's own focus, else the
        sector with the largest intermediate flows.
    regions : sequence of str
        Region codes; the first one's figures are on every node, and its focus is the
        default ``focus``.
    hops : int, default 2
        How many links away from the focus the chain goes, on each side.
    per_node : int, default 5
        Links kept per node and hop (per ranking).
    direction : {"up", "down", "both"}, default "both"
        Suppliers (upstream), customers (downstream) or both.
    rank : {"coefficient", "flow", "both"}, default "both"
        Rank a node's I-O links by technical coefficient, by flow, or keep the union of
        the two top lists (a big buyer with a small coefficient and a small buyer that
        depends heavily on the node).
    year, measure : optional
        Choices of the analysis scope (default inferred from the data).
    scope : AnalysisScope, optional
        The whole scope at once.
    max_nodes : int, default DEFAULT_MAX_NODES
        Most nodes drawn (300).

    Returns
    -------
    View
        Kind ``supply-chain``: suppliers in columns left of the focus, customers right.

    Raises
    ------
    UsageError
        An unknown region, a focus that is neither a company nor an industry, or an
        industry without input-output links in the table's year.

    Examples
    --------
    >>> from clusteratlas.graph.views._toy import toy_dataset
    >>> supply_chain_view(toy_dataset(), "SZSE:000001").n_edges
    2
    """
    from clusteratlas.graph.analytics.focus import region_focus

    notes: list[str] = []
    region = str(regions[0]) if regions else None
    if region is not None and region not in set(dataset.regions["code"].astype(str)):
        raise UsageError(f"unknown region {region!r}")
    dataset = _firms_then(
        dataset, _chain_scope(dataset, scope, year, measure, needed=False), region, focus, notes
    )
    company_ids = set(dataset.companies["id"].astype(str))
    if focus is not None and str(focus) in company_ids:
        return _company_chain(dataset, str(focus), hops, per_node, direction, year, max_nodes)
    scope = _chain_scope(dataset, scope, year, measure, needed=region is not None)
    level = "sector"
    known_firms: Counter[str] | None = None
    if focus is None:
        if region is not None and scope is not None:
            chosen = region_focus(dataset, region, scope=scope)
            focus, level = chosen.code, chosen.level
            known_firms = Counter(dict(chosen.firms))
            notes.append(chosen.reason)
        else:
            G0, _ = industry_graph(dataset, year, scope=scope)
            focus = max(G0, key=lambda n: (G0.degree(n, weight="flow"), n))
    focus = str(focus)
    if focus not in set(dataset.industries["code"].astype(str)):
        raise UsageError(f"supply-chain focus {focus!r} is neither a company nor an industry")
    G, io_year = industry_graph(dataset, year, scope=scope)
    io_scheme = _scheme_of(dataset, next(iter(G.nodes), ""))
    if focus not in G:
        G, level = _section_graph(dataset, io_year, io_scheme, focus), "section"
        if focus not in G:
            raise UsageError(f"industry {focus} has no input-output links in {io_year}")
    chain = _chain_neighbourhood(G, focus, hops, per_node, direction, rank)
    for n in chain:
        if "output" in G.nodes[n]:
            chain.nodes[n]["output"] = G.nodes[n]["output"]
    dropped = _keep_left_to_right(chain)
    roots = industry_roots(dataset)
    colours = section_palette(dataset)
    names = names_of(dataset.industries)
    unit = io_unit(dataset)
    seen = _region_numbers(dataset, region, scope, known_firms) if region and scope else None
    output = input_output_table(dataset, io_year, io_scheme).output
    gross = {str(k): float(v) for k, v in output.items()}
    _decorate_industries(chain, names, roots, colours, hops, unit, seen, level, io_year, gross)
    final_note = (
        _add_final_demand(chain, G, dataset, focus, level, io_year, roots, names, unit, hops)
        if direction in ("down", "both")
        else None
    )
    if final_note:
        notes.append(final_note)
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
            *(
                (
                    (
                        "diamond",
                        "final demand (national I-O table; size: its purchase): its share of the "
                        "focus' output",
                        "final_demand",
                    ),
                )
                if any(k == "final_demand" for _, k in chain.nodes(data="kind"))
                else ()
            ),
        ),
        sizes="national gross output"
        + (f" ({unit})" if unit else "")
        + (
            f"; labels: {rname}'s share"
            + (
                " (est.: its section's share split by the sector's share of the section's "
                "national output; share and LQ where the sector is its section's only one)"
                if level == "sector"
                else " and LQ"
            )
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
    measure: str = ""  # what the shares are of (employment)


def _chain_scope(
    dataset: Dataset,
    scope: AnalysisScope | None,
    year: int | None,
    measure: str | None,
    *,
    needed: bool,
) -> AnalysisScope | None:
    """The scope the chain is seen in (which E gives a region's figures, which I-O table):
    ``scope``, else the inferred one; None for a dataset with no region data when no region
    is asked for (the chain of an industry needs only the I-O links)."""
    if scope is not None:
        return scope
    try:
        return view_scope(dataset, year=year, measure=measure)
    except ClusterAtlasError:
        if needed:
            raise
        return None


def _firms_then(
    dataset: Dataset,
    scope: AnalysisScope | None,
    region: str | None,
    focus: str | None,
    notes: list[str],
) -> Dataset:
    """On a page of a year earlier than the data's latest, the dataset with only the firms
    listed by its end (:func:`~clusteratlas.graph.analytics.firms.firms_listed_by`), with a
    note saying so, or that the list has no listing dates to tell; ``dataset`` otherwise."""
    cutoff = firm_cutoff_year(dataset, scope) if scope is not None else None
    if cutoff is None:
        return dataset
    then = firms_listed_by(dataset, cutoff)
    comp = dataset.companies
    today_ids = set(comp["id"].astype(str))
    if focus is not None and str(focus) in today_ids - set(then.companies["id"].astype(str)):
        listed = comp.set_index(comp["id"].astype(str))["listed_on"].get(str(focus))
        raise UsageError(
            f"company {focus} was not listed by the end of {cutoff} (listed_on: "
            f"{listed if pd.notna(listed) else 'not given'}): choose a later --year"
        )
    if region is not None:
        mine = comp[comp["region_code"].astype(str) == region]
        dated = int(mine["listed_on"].notna().sum()) if "listed_on" in mine else 0
        rname = names_of(dataset.regions).get(region, region)
        if len(mine) and not dated:
            notes.append(
                f"Listed firms: the company list gives no listing dates, so this {cutoff} page "
                f"cannot tell which of the {len(mine)} firms placed in {rname} today were listed "
                "then, and counts none."
            )
        elif len(mine):
            by_then = int((then.companies["region_code"].astype(str) == region).sum())
            notes.append(
                f"Listed firms: only those listed by the end of {cutoff} (listed_on), {by_then} "
                f"of the {len(mine)} placed in {rname} today. The list is today's: firms "
                "delisted since, or then registered elsewhere, are missing."
            )
    return then


def _region_firms(
    dataset: Dataset, region: str, io_scheme: str, sectors: Counter[str] | None = None
) -> tuple[dict[str, int], int]:
    """The region's listed firms by I-O sector and by section (the sectors' roots, summed),
    and how many are placed in a sector (``sectors``: the focus' counts, when known)."""
    from clusteratlas.graph.analytics.firms import region_io_sectors

    roots = industry_roots(dataset)
    if sectors is None:
        table = region_io_sectors(dataset, region, io_scheme)
        sectors = Counter(
            {str(s): int(n) for s, n in zip(table["sector"], table["firms"], strict=True)}
        )
    by_section: Counter[str] = Counter()
    for code, n in sectors.items():
        by_section[roots.get(code, code)] += n
    merged = {**dict(by_section), **dict(sectors)}
    return merged, sum(sectors.values())


def _region_numbers(
    dataset: Dataset, region: str, scope: AnalysisScope, firms: Counter[str] | None = None
) -> _Seen:
    """The region's share and location quotient by industry of E (its rows summed when it
    is made of several), for the labels."""
    E, year, scheme = employment_matrix(dataset, scope=scope)
    measure = scope.measure
    leaves = leaf_descendants(dataset, [region], E.index)
    if not leaves:
        raise UsageError(f"region {region} has no {measure} data")
    row = E.loc[leaves].sum(axis=0)
    shares = row / row.sum() if row.sum() else row
    lq_row = aggregate_location_quotient(E, leaves)
    roots = industry_roots(dataset)
    name = names_of(dataset.regions).get(region, region)
    unit = unit_phrase(dataset, measure, scope.level, scope.unit)
    return _Seen(
        name,
        {str(k): float(v) for k, v in shares.astype(float).to_dict().items()},
        {str(k): float(v) for k, v in lq_row.astype(float).to_dict().items()},
        {roots.get(str(c), str(c)): str(c) for c in E.columns},
        f"Labels: {name}'s share of its {measure} and location quotient ({year}, {scheme}"
        + (f"; {unit}" if unit else "")
        + "); for an I-O sector that shares its section with others, an estimate marked "
        "'est.': the section's share times the sector's share of the section's national gross "
        "output in the input-output table (the region is assumed to split its section as the "
        "nation's output does; the section's own share and LQ are in the tooltip)"
        + f"; then its listed firms in the sector: {companies_phrase(dataset.companies)}.",
        *(_region_firms(dataset, region, scope.io_scheme, firms) if scope.io_scheme else ({}, 0)),
        measure=measure,
    )


def _scheme_of(dataset: Dataset, code: str) -> str:
    ind = dataset.industries.set_index("code")["scheme"]
    return str(ind.get(code, ""))


def _section_graph(dataset: Dataset, year: int, io_scheme: str, focus: str) -> nx.DiGraph:
    """The I-O table summed to the scheme of ``focus`` (e.g. NBS42 sectors to GB4754 sections)."""
    to_scheme = _scheme_of(dataset, focus)
    try:
        io = input_output_table(dataset, year, io_scheme, to_scheme=to_scheme)
    except MatrixError as e:
        raise UsageError(
            f"cannot sum the {io_scheme} input-output table to {to_scheme} for {focus}: {e}"
        ) from e
    G = io_network(io)
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


@dataclass(frozen=True)
class _SectorFigure:
    """The region's figure for one drawn node. For a section, or a sector that is its
    section's only I-O sector, the region's own share and LQ there. For a sector that
    shares its section with others, an estimate: the section's share s_rS times the
    sector's share of the section's national gross output, x_i / sum_{j in S} x_j
    (``output_share``); the section's LQ is not the sector's and is only in the tooltip."""

    share: float
    section: str
    section_share: float
    section_lq: float
    output_share: float | None
    year: int
    measure: str = ""

    @property
    def estimated(self) -> bool:
        return self.output_share is not None

    @property
    def label(self) -> str:
        if self.estimated:
            return f"est. {_small_percent(self.share)}"
        return f"{percent(self.share)} · LQ {self.section_lq:.2f}"

    @property
    def basis(self) -> str:
        return (
            f"section share x the sector's share of the section's national gross output "
            f"(I-O table {self.year}); assumes the region splits its section as the nation's "
            "output does"
        )

    def lines(self, region: str, names: dict[str, str], year: int) -> list[str]:
        sname = names.get(self.section, self.section)
        if not self.estimated:
            return [
                f"{region}: {percent(self.share)} of its {self.measure or 'total'}, "
                f"LQ {self.section_lq:.2f}"
            ]
        return [
            f"{region}, estimated: {_small_percent(self.share)} of its {self.measure or 'total'}"
            f" = its {sname} share "
            f"{percent(self.section_share)} x this sector's {percent(self.output_share)} of "
            f"{sname}'s national gross output ({year} I-O table); assumes {region} splits "
            f"{sname} as the nation's output does",
            f"{region}'s section {sname}: {percent(self.section_share)} of its "
            f"{self.measure or 'total'}, "
            f"LQ {self.section_lq:.2f} (the section's, not the sector's)",
        ]

    @property
    def row(self) -> dict[str, Any]:
        if not self.estimated:
            return {"region_share": self.share, "region_lq": self.section_lq}
        return {
            "region_share_est": self.share,
            "estimate_basis": self.basis,
            "section_code": self.section,
            "section_share": self.section_share,
            "section_lq": self.section_lq,
            "sector_share_of_section_output": self.output_share,
        }


def _small_percent(share: float) -> str:
    """:func:`percent`, with two significant digits below 0.1% (an estimate of 0.0024% is
    not 0.00%).

    >>> _small_percent(0.000024), _small_percent(0.0669)
    ('0.0024%', '6.69%')
    """
    return f"{share * 100:.2g}%" if 0 < abs(share) < 0.001 else percent(share)


def _sector_estimate(
    n: str,
    root: str,
    seen: _Seen,
    roots: dict[str, str],
    output: dict[str, float],
    level: str,
    year: int,
) -> _SectorFigure | None:
    """The region's figure for node ``n`` (:class:`_SectorFigure`): exact for a section or
    a section's only sector, else est_ri = s_rS * x_i / sum_{j in S} x_j with x the national
    gross output of the I-O table; None when E has no figure for its section.

    >>> seen = _Seen("R", {"C": 0.5}, {"C": 2.0}, {"C": "C"}, "", {}, 0)
    >>> f = _sector_estimate("c1", "C", seen, {"c1": "C", "c2": "C"}, {"c1": 30.0, "c2": 90.0},
    ...                      "sector", 2020)
    >>> f.share, f.label  # 0.5 * 30 / (30 + 90)
    (0.125, 'est. 12.5%')
    """
    section = seen.section_of.get(root, n)
    share, lq = seen.shares.get(section), seen.lqs.get(section)
    if share is None or lq is None:
        return None
    if level != "sector" or section == n:
        return _SectorFigure(share, section, share, lq, None, year, seen.measure)
    members = [k for k in output if roots.get(k, k) == root]
    x_section = sum(output[k] for k in members)
    if len(members) <= 1 or n not in output or x_section <= 0:
        return _SectorFigure(share, section, share, lq, None, year, seen.measure)
    frac = output[n] / x_section
    return _SectorFigure(share * frac, section, share, lq, frac, year, seen.measure)


def _decorate_industries(
    chain: nx.DiGraph,
    names: dict[str, str],
    roots: dict[str, str],
    colours: dict[str, str],
    hops: int,
    unit: str,
    seen: _Seen | None,
    level: str,
    year: int,
    output: dict[str, float],
) -> None:
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
            est = _sector_estimate(n, root, seen, roots, output, level, year)
            if est is not None:
                label += f"\n{est.label}"
                lines.extend(est.lines(seen.name, names, year))
                row.update(est.row)
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


FINAL_DEMAND_COLOUR = "#495057"
"""Final-demand categories: one neutral grey, outside the sections' palette."""


def _add_final_demand(
    chain: nx.DiGraph,
    G: nx.DiGraph,
    dataset: Dataset,
    focus: str,
    level: str,
    year: int,
    roots: dict[str, str],
    names: dict[str, str],
    unit: str,
    hops: int,
) -> str | None:
    """Add the focus' final-demand buyers (``industry_final_uses`` of the I-O table's year:
    final consumption, capital formation, inventory change, exports, as the table publishes
    them) as diamonds in the first downstream column, each with f_k / x (the share of the
    focus' gross output x it takes; for a section, its sectors' f and x summed). Negative
    uses (inventories drawn down) are not drawn but named. Returns the page's note, or None
    when the data have no final uses of the focus.

    >>> from clusteratlas.graph.views._toy import toy_dataset
    >>> v = supply_chain_view(toy_dataset(), "NBS42:16", hops=1)
    >>> sorted(n for n in v.node_ids() if n.startswith("final:"))
    []
    """
    fu = dataset.industry_final_uses
    x = chain.nodes[focus]["row"].get("gross_output")
    if fu.empty or not x:
        return None
    rows = fu[fu["year"].astype("int64") == int(year)]
    codes = rows["industry_code"].astype(str)
    mine = codes == focus if level == "sector" else codes.map(lambda c: roots.get(c, c)) == focus
    rows = rows[mine.to_numpy()]
    if rows.empty:
        return None
    by = rows.groupby("category", sort=True).agg(
        value=("value", "sum"), name=("category_name", "first")
    )
    fname = names.get(focus, focus)
    basis = (
        f"national input-output table {year}: final use f_k of "
        f"{'the sector' if level == 'sector' else 'the section (its sectors summed)'} "
        "divided by its gross output x"
    )
    drawn, negative = [], []
    for cat, r in by.iterrows():
        value, share = float(r["value"]), float(r["value"]) / float(x)
        title = str(r["name"]) if pd.notna(r["name"]) and str(r["name"]) else str(cat)
        if value <= 0:
            if value < 0:
                negative.append(f"{title} {percent(share)}")
            continue
        node = f"final:{cat}"
        drawn.append(f"{str(cat).replace('_', ' ')} {percent(share)}")
        chain.add_node(
            node,
            layer=1,
            label=f"{wrap_label(str(cat).replace('_', ' '), 12)}\n{percent(share)}",
            name=title,
            code=str(cat),
            industry="",
            color=FINAL_DEMAND_COLOUR,
            shape="diamond",
            size_value=value,
            score=hops + 1 + share,
            priority=(hops + 1) * 1e3 + share,
            must_label=True,
            kind="final_demand",
            section="",
            row={
                "layer": 1,
                "final_use": value,
                "share_of_focus_output": share,
                "basis": basis,
            },
            tooltip=f"{title}\nfinal demand (not an industry), {year}\n"
            f"buys {percent(share)} of {fname}'s output: {_money(value, unit)} of "
            f"{_money(float(x), unit)}\nbasis: {basis}",
        )
        chain.add_edge(
            focus,
            node,
            weight=value,
            flow=value,
            row={"final_use": value, "share_of_focus_output": share},
            tooltip=f"{fname} → {title}\nfinal use f = {_money(value, unit)}; "
            f"{percent(share)} of {fname}'s output",
        )
    intermediate = sum(float(a.get("flow") or 0.0) for _, _, a in G.out_edges(focus, data=True))
    final = float(by["value"].sum())
    return (
        f"Downstream of {fname}, {year}: final demand takes {percent(final / float(x))} of its "
        f"gross output ({'; '.join(drawn) or 'none drawn'}"
        + (f"; not drawn, negative: {'; '.join(negative)}" if negative else "")
        + f"), industries {percent(intermediate / float(x))} (their share of the output is in "
        "each link's tooltip). Diamonds: final-demand categories as the table publishes them "
        "(households and government together in final consumption)."
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
    chain = _chain_neighbourhood(G, focus, hops, per_node, direction)
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
    """The firm supply network (:func:`~clusteratlas.graph.definitions.supply.supply_network`:
    links of one pair over several years merged), without companies that have no link."""
    if dataset.supply_links.empty:
        sectors = sorted(dataset.industry_links["from_code"].astype(str).unique())
        example = f" such as {sectors[0]}" if sectors else ""
        raise UsageError(
            "the dataset has no firm supply links; draw an industry's chain instead "
            f"(--focus an input-output sector{example})"
        )
    G = supply_network(dataset, year)
    G.remove_nodes_from([n for n in list(G) if G.degree(n) == 0])
    for _, _, a in G.edges(
        data=True
    ):  # width: the input share, else the inferred score, else value
        a["value"] = a["weight"]
        a["weight"] = next(x for x in (a["share"], a.get("score"), a["weight"]) if x is not None)
        a["source"] = a["source"] or "n/a"
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
