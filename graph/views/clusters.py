"""Cluster network view: clusters sized by their centrality, coloured by industry section.

Clusters, the network and the centrality come from the analytics
(``clusteratlas.graph.analytics.clusters``): ``detect_clusters`` on E (region x industry
specialisations), ``cluster_network`` (I-O linkage a_ij + a_ji between the
clusters' sections within a region, halved across regions of the same
``group_level`` region, e.g. prefecture; plus firm supply links between members)
and ``centrality``. The
national network is built, then the clusters of the requested regions are drawn.
I-O links are INFERRED from national coefficients and drawn dashed.

>>> from clusteratlas.graph.views._toy import toy_dataset
>>> v = cluster_network_view(toy_dataset())
>>> v.graph.is_directed(), v.n_nodes > 0
(False, True)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

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
    section_palette,
    source_of,
    view_scope,
)
from clusteratlas.graph.views.base import DEFAULT_MAX_NODES, Legend, View, finish_view
from clusteratlas.loaders.dataset import Dataset

__all__ = ["cluster_network_view", "section_coefficients"]


def section_coefficients(
    dataset: Dataset, year: int | None = None, scheme: str | None = None
) -> pd.DataFrame | None:
    """Technical coefficients of the scope's I-O table, aggregated to the scope's scheme.

    :meth:`~clusteratlas.graph.analytics.scope.AnalysisScope.io_coefficients` of the
    scope inferred with ``year`` and ``scheme`` (the I-O year nearest ``year``, the
    scheme of the I-O links); ``None`` when the dataset has no I-O table that can be
    aggregated (no links, or no gross output).

    >>> from clusteratlas.graph.views._toy import toy_dataset
    >>> A = section_coefficients(toy_dataset(), 2020, "GB4754")
    >>> round(float(A.loc["GB4754:C", "GB4754:C"]), 3)  # (60 + 40 + 80 + 50) / 1550
    0.148
    """
    return view_scope(dataset, year=year, scheme=scheme).io_coefficients(dataset)


def cluster_network_view(
    dataset: Dataset,
    regions: Sequence[str] = (),
    *,
    year: int | None = None,
    measure: str | None = None,
    scheme: str | None = None,
    scope: AnalysisScope | None = None,
    clusters: pd.DataFrame | None = None,
    centrality_measure: str = "pagerank",
    min_lq: float = 1.25,
    top_share: float = 0.25,
    group_level: str | None = None,
    min_linkage: float | None = None,
    max_nodes: int = DEFAULT_MAX_NODES,
) -> View:
    """Draw the cluster network of ``regions`` (all leaf regions when empty).

    Parameters
    ----------
    regions : sequence of str
        Region codes; the clusters of their leaf regions are drawn.
    clusters : DataFrame, optional
        Precomputed clusters (``cluster_id, region_code, industry_code``), e.g. the
        ``clusters`` of ``analyze``; when it has a ``centrality_measure`` column,
        that is the size. Default: ``detect_clusters(E, min_lq, top_share)``.
    centrality_measure : str
        A measure of the analytics' ``centrality`` (weighted), computed on the
        national cluster network so that it matches ``analyze``.
    group_level : str, optional
        Regions in the same ancestor at this level are linked (``cluster_network``);
        default the scope's (the level of the regions' parents in the data, e.g.
        prefecture; none when the data have no parent level: no cross-region links).
    min_linkage : float, optional
        Smallest I-O linkage kept (default: ``cluster_network``'s, as in ``analyze``).

    More than ``max_nodes`` clusters: the most central are drawn (stated on the page).

    >>> from clusteratlas.graph.views._toy import toy_dataset
    >>> v = cluster_network_view(toy_dataset(), ["100101"])
    >>> v.node_ids()
    ['100101|GB4754:C|2020']
    """
    from clusteratlas.graph.analytics.centrality import centrality
    from clusteratlas.graph.analytics.clusters import cluster_network, detect_clusters
    from clusteratlas.graph.analytics.projections import company_table, supply_network

    scope = view_scope(dataset, scope, year=year, measure=measure, scheme=scheme)
    if group_level is not None:
        scope = scope.replace(group_level=group_level)
    E, year, scheme = employment_matrix(dataset, scope=scope)
    measure, group_level = scope.measure, scope.group_level
    leaves = leaf_descendants(dataset, regions, E.index) if regions else list(E.index)
    if regions and not leaves:
        raise UsageError(f"no region with {measure} data in {list(regions)}")
    supply = supply_network(dataset)
    members = None
    if clusters is None:
        found = detect_clusters(
            E,
            min_lq=min_lq,
            top_share=top_share,
            year=year,
            firms=company_table(dataset, scheme, level=scope.level),
        )
        clusters, members = found.clusters, found.members
        how = f"detect_clusters: LQ ≥ {min_lq}, top {top_share:.0%} of regions by LQ"
    else:
        how = "precomputed clusters"
    clusters = clusters.dropna(subset=["region_code", "industry_code"])
    clusters = clusters[clusters["industry_code"].astype(str).isin(E.columns)]
    chosen = set(leaves)
    if centrality_measure in clusters.columns:  # sizes given: link only the drawn clusters
        clusters = clusters[clusters["region_code"].astype(str).isin(chosen)]
    network = cluster_network(
        clusters,
        members,
        coefficients=scope.io_coefficients(dataset),
        supply=supply if supply.number_of_edges() else None,
        region_groups=scope.region_groups(dataset),
        **({} if min_linkage is None else {"min_linkage": min_linkage}),
    )
    if centrality_measure in clusters.columns:
        values = dict(zip(clusters["cluster_id"], clusters[centrality_measure], strict=True))
    else:
        frame = centrality(network, measures=[centrality_measure], weight="weight")
        values = frame[centrality_measure].to_dict()
    G: nx.Graph = nx.Graph(
        network.subgraph([n for n, r in network.nodes(data="region_code") if r in chosen])
    )
    notes = [
        f"{G.number_of_nodes():,} clusters in {len(leaves):,} region(s) ({how}); {measure} "
        f"{year} ({scheme}); {centrality_measure} "
        + (
            "as given."
            if centrality_measure in clusters.columns
            else f"computed on all {network.number_of_nodes():,} clusters of the data."
        )
    ]
    if group_level is None:
        notes.append(
            f"The data have no region level above {scope.level}: clusters of different "
            "regions are linked only by firm supply links, not by I-O coefficients."
        )
    _decorate(G, dataset, E, values, centrality_measure)
    _mark_inferred(G, members, supply)
    if any(a["inferred"] for _, _, a in G.edges(data=True)):
        notes.append(
            "Dashed links are INFERRED from national input-output coefficients between the "
            "clusters' sections, not observed trade between the clusters."
        )
    roots, colours = industry_roots(dataset), section_palette(dataset)
    inames = names_of(dataset.industries)
    used = sorted(
        {roots.get(a["industry_code"], a["industry_code"]) for _, a in G.nodes(data=True)}
    )
    legend = Legend(
        colours=tuple((colours[r], f"{inames[r]} ({r})") for r in used if r in colours),
        shapes=(("dot", "cluster: region × industry specialisation"),),
        sizes=f"cluster centrality: weighted {centrality_measure} in the cluster network",
        edges=(
            "width: I-O linkage a_ij + a_ji of the sections"
            + (f" (× 0.5 across regions of one {group_level})" if group_level else "")
            + " plus the input shares of firm supply links",
            "dashed: inferred from input-output coefficients; solid: firm supply links",
        ),
    )
    rnames = names_of(dataset.regions)
    names = ", ".join(str(rnames[c]) for c in regions if c in rnames) or "all regions"
    return finish_view(
        G,
        kind="clusters",
        title=f"Cluster network: {names}, {year}",
        subtitle=f"Clusters sized by {centrality_measure}, coloured by section; {measure} "
        f"{year} ({scheme}). Source: {source_of(dataset)}",
        legend=legend,
        notes=notes,
        score_label=centrality_measure,
        max_nodes=max_nodes,
    )


def _decorate(
    G: nx.Graph, dataset: Dataset, E: pd.DataFrame, values: dict[Any, Any], measure: str
) -> None:
    lq = location_quotients(E)
    shares = E.div(E.sum(axis=1), axis=0)
    reg = names_of(dataset.regions)
    ind = names_of(dataset.industries)
    roots, colours = industry_roots(dataset), section_palette(dataset)
    for n, a in G.nodes(data=True):
        r, i = str(a["region_code"]), str(a["industry_code"])
        c = float(values.get(n, 0.0) or 0.0)
        a.update(
            label=f"{reg.get(r, r)} {ind.get(i, i)}",
            color=colours.get(roots.get(i, i), OTHER_COLOUR),
            shape="dot",
            size_value=c,
            score=c,
            tooltip=f"Cluster {reg.get(r, r)} ({r}) × {ind.get(i, i)} ({i})\n"
            f"{cell(E, r, i):,.0f}, share {cell(shares, r, i):.1%}, LQ {cell(lq, r, i):.2f}\n"
            f"{measure} {c:.4f}; links drawn {G.degree(n)}",
        )


def _mark_inferred(G: nx.Graph, members: pd.DataFrame | None, supply: nx.DiGraph) -> None:
    """An edge is observed only if an observed (not inferred) firm link joins the clusters."""
    observed: set[frozenset[Any]] = set()
    if members is not None and not members.empty and supply.number_of_edges():
        of = members.groupby("company_id")["cluster_id"].apply(list).to_dict()
        for u, v, a in supply.edges(data=True):
            if a.get("inferred"):
                continue
            for c in of.get(u, []):
                for d in of.get(v, []):
                    observed.add(frozenset((c, d)))
    for u, v, a in G.edges(data=True):
        io, sup = float(a.get("io_weight", 0.0)), float(a.get("supply_weight", 0.0))
        a["inferred"] = frozenset((u, v)) not in observed
        lines = [f"{G.nodes[u]['label']} — {G.nodes[v]['label']}"]
        if io:
            lines.append(f"I-O linkage {io:.3f} (INFERRED from national coefficients)")
        if sup:
            kind = "INFERRED" if a["inferred"] else "observed"
            lines.append(f"firm supply links (input shares) {sup:.3f}: {kind}")
        a["tooltip"] = "\n".join(lines)
