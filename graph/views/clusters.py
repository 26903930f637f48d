"""Cluster network view: clusters sized by their centrality, coloured by industry section.

Clusters, the network and the centrality come from the analytics
(``clusteratlas.graph.analytics.clusters``): ``detect_clusters`` on E (region x industry
specialisations), ``cluster_network`` (I-O linkage a_ij + a_ji between the
clusters' sections within a region, halved across regions of the same
prefecture; plus firm supply links between members) and ``centrality``. The
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
from clusteratlas.graph.definitions.scope import AnalysisScope
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
from clusteratlas.graph.views._format import grouping_word, number, percent, rank_text
from clusteratlas.graph.views.model import Legend, View, finish_view
from clusteratlas.graph.views.style import DEFAULT_MAX_NODES, short_label, wrap_label
from clusteratlas.loaders.dataset import Dataset

__all__ = ["cluster_network_view", "section_coefficients"]

UNDEFINED = "no links: centralities undefined"


def section_coefficients(
    dataset: Dataset, year: int | None = None, scheme: str | None = None
) -> pd.DataFrame | None:
    """Technical coefficients of the scope's I-O table, aggregated to the scope's scheme.

    :meth:`~clusteratlas.graph.definitions.scope.AnalysisScope.io_coefficients` of the
    scope inferred with ``year`` and ``scheme`` (the I-O year nearest ``year``, the
    scheme of the I-O links); ``None`` when the dataset has no I-O table that can be
    aggregated (no links, or no gross output).

    Parameters
    ----------
    dataset : Dataset
        The data with the input-output links and the national gross output.
    year : int, optional
        The year of the scope (the I-O year is the nearest one); default the latest.
    scheme : str, optional
        The industry scheme to aggregate to; default the scope's (the bundled data:
        GB4754 sections).

    Returns
    -------
    DataFrame or None
        A, industry x industry of ``scheme`` (a_ij = z_ij / x_j), or None.

    Raises
    ------
    UsageError
        ``year`` or ``scheme`` matches no data.

    Examples
    --------
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
    network: nx.Graph | None = None,
    centrality_measure: str = "pagerank",
    min_lq: float = 1.25,
    top_share: float = 0.25,
    min_linkage: float | None = None,
    neighbours: int = 5,
    highlight: Sequence[str] = (),
    max_nodes: int = DEFAULT_MAX_NODES,
) -> View:
    """Draw which clusters are central: the clusters of ``regions`` with their neighbours.

    The national cluster network is the one ``analyze`` computes
    (:func:`~clusteratlas.graph.analytics.pipeline.cluster_tables`: the same clusters,
    supply communities included, and the same links); each cluster is ranked by
    ``centrality_measure`` among all of them ("#12 of N", N the network's clusters).
    Drawn: the clusters of ``regions`` (their leaf regions) and, for each, its
    ``neighbours`` strongest links into the rest of the network; with no ``regions``,
    the ``max_nodes`` most central clusters (those of ``highlight`` regions always kept
    and labelled). Each connected group of clusters is laid out on its own and the
    groups are packed side by side.
    Labels name the region and industry with the national rank; the legend lists the
    drawn clusters by rank (click one to find it). A network without links has no
    ranks: the page says "no links: centralities undefined".

    Parameters
    ----------
    dataset : Dataset
    regions : sequence of str
        Region codes; the clusters of their leaf regions are drawn.
    year, measure, scheme : optional
        Choices of the scope when ``scope`` is not given.
    scope : AnalysisScope, optional
        The analysis scope (default inferred).
    clusters : DataFrame, optional
        The ``clusters`` of ``analyze`` (with its centrality columns); with ``network``,
        what the page draws. Default: :func:`~clusteratlas.graph.analytics.pipeline.
        cluster_tables` with ``min_lq`` and ``top_share``.
    network : Graph, optional
        The cluster network of those clusters (``Analysis.network``).
    min_lq, top_share, min_linkage : float, optional
        Detection thresholds and the smallest I-O linkage, when the page builds the
        network itself (without ``clusters`` and ``network``).
    centrality_measure : str
        The measure that sizes and ranks clusters: a column of ``clusters`` when present,
        else computed on the whole network.
    neighbours : int
        Links drawn per chosen cluster.
    highlight : sequence of str
        Regions whose clusters are kept and labelled when no ``regions`` are given.
    max_nodes : int
        Most nodes drawn.

    Returns
    -------
    View

    Examples
    --------
    >>> from clusteratlas.graph.views._toy import toy_dataset
    >>> v = cluster_network_view(toy_dataset(), ["100101"])
    >>> "100101|GB4754:C|2020" in v.node_ids()
    True
    """
    from clusteratlas.graph.analytics.centrality import centrality
    from clusteratlas.graph.analytics.clusters import MIN_LINKAGE
    from clusteratlas.graph.analytics.pipeline import cluster_tables, link_clusters

    scope = view_scope(dataset, scope, year=year, measure=measure, scheme=scheme)
    E, year, scheme = employment_matrix(dataset, scope=scope)
    measure, group_level = scope.measure, scope.group_level
    leaves = leaf_descendants(dataset, regions, E.index) if regions else list(E.index)
    if regions and not leaves:
        raise UsageError(f"no region with {measure} data in {list(regions)}")
    linkage = MIN_LINKAGE if min_linkage is None else float(min_linkage)
    if clusters is None:
        found, network = cluster_tables(
            dataset, scope, min_lq=min_lq, top_share=top_share, min_linkage=linkage
        )
        clusters = found.clusters
        how = f"detect_clusters: LQ ≥ {min_lq}, top {top_share:.0%} of regions by LQ"
    else:
        how = "the clusters of the analysis" if network is not None else "precomputed clusters"
    if network is None:  # the given clusters, linked as analyze links them
        network = link_clusters(dataset, scope, clusters, min_linkage=linkage)
    clusters = clusters.dropna(subset=["region_code", "industry_code"])
    clusters = clusters[clusters["industry_code"].astype(str).isin(E.columns)]
    ids = set(clusters["cluster_id"])
    if ids != set(network.nodes):  # a view of the clusters drawn, not a copy of 6,000 nodes
        network = network.subgraph(ids)
    linked = network.number_of_edges() > 0
    if not linked:
        values: dict[Any, Any] = {}
    elif centrality_measure in clusters.columns:
        values = dict(zip(clusters["cluster_id"], clusters[centrality_measure], strict=True))
    else:
        frame = centrality(network, measures=[centrality_measure], weight="weight")
        values = frame[centrality_measure].to_dict()
    ranked = sorted(network.nodes, key=lambda n: (-float(values.get(n, 0.0) or 0.0), str(n)))
    rank = {n: k + 1 for k, n in enumerate(ranked)}
    total = len(ranked)
    chosen = set(leaves) if regions else set()
    marked = set(leaf_descendants(dataset, highlight, E.index)) if highlight else set()
    own = [n for n, r in network.nodes(data="region_code") if r in (chosen or marked)]
    keep_nodes = set(own)
    if regions:
        for n in own:
            links = sorted(
                network[n].items(), key=lambda kv: (-float(kv[1].get("weight", 0.0)), str(kv[0]))
            )
            keep_nodes.update(m for m, _ in links[:neighbours])
    else:
        keep_nodes.update(network.nodes)
    G: nx.Graph = nx.Graph(network.subgraph(keep_nodes))
    spatial = any("distance_km" in a for _, _, a in G.edges(data=True))
    for _, a in G.nodes(data=True):  # the clusters' columns must not reach vis-network
        kept = {k: a.get(k) for k in ("region_code", "industry_code", "size")}
        a.clear()
        a.update(region_code=kept["region_code"], industry_code=kept["industry_code"])
        a["cluster_size"] = kept["size"]
    if regions:  # only the links of the chosen clusters and among them
        G.remove_edges_from([(u, v) for u, v in G.edges if u not in set(own) and v not in set(own)])
    rnames = names_of(dataset.regions)
    inames = names_of(dataset.industries)
    _decorate(G, dataset, E, values, centrality_measure, rank, total, set(own), linked)
    _mark_inferred(G)
    notes = [
        f"{total:,} clusters in the data ({how}); {measure} {year} ({scheme}); "
        + (
            "the cluster network has no links: centralities undefined, no cluster is ranked."
            if not linked
            else f"{centrality_measure} as given."
            if centrality_measure in clusters.columns
            else f"{centrality_measure} computed on the whole cluster network, ranks among all "
            f"{total:,}."
        ),
        _network_note(network, scope.level, group_level),
    ]
    if regions:
        notes.insert(
            1,
            f"Drawn: the {len(own)} clusters of {', '.join(rnames.get(c, c) for c in regions)} "
            "(bold labels)"
            + (
                f" and, for each, its {neighbours} strongest links to other clusters."
                if linked
                else "."
            ),
        )
    if any(a["inferred"] for _, _, a in G.edges(data=True)):
        notes.append(
            "Dashed links are INFERRED from national input-output coefficients between the "
            "clusters' industries, not observed trade between the clusters."
        )
    roots, colours = industry_roots(dataset), section_palette(dataset)
    used = sorted(
        {roots.get(a["industry_code"], a["industry_code"]) for _, a in G.nodes(data=True)}
    )
    legend = Legend(
        colours=tuple((colours[r], f"{inames[r]} ({r})", r) for r in used if r in colours),
        colour_title=grouping_word(dataset, used),
        shapes=(("dot", "cluster: region × industry specialisation", "cluster"),),
        sizes=f"cluster centrality: weighted {centrality_measure} in the cluster network "
        "(labels: national rank)",
        edges=(
            (
                "width: I-O linkage a_ij + a_ji of the industries × exp(-distance / 100 km)"
                if spatial
                else "width: I-O linkage a_ij + a_ji of the industries"
                + (f" (× 0.5 across regions of one {group_level})" if group_level else "")
            )
            + " plus the input shares of firm supply links",
            *(
                ("dashed: inferred from input-output coefficients; solid: firm supply links",)
                if any(a["inferred"] for _, _, a in G.edges(data=True))
                else ()
            ),
        ),
    )
    names = ", ".join(str(rnames[c]) for c in regions if c in rnames) or "the most central"
    drawn_ranked = sorted(G.nodes, key=lambda n: rank.get(n, total + 1))
    ranking = [
        (str(n), f"#{rank[n]:,} {G.nodes[n]['name']}") for n in drawn_ranked[:40] if n in rank
    ]
    return finish_view(
        G,
        kind="clusters",
        title=f"Cluster network: {names}, {measure} {year}",
        subtitle=f"Which clusters are central: size and rank by {centrality_measure} among all "
        f"{total:,} clusters; colour: {grouping_word(dataset, used)}. Source: "
        f"{source_of(dataset)}",
        legend=legend,
        notes=notes,
        keep=sorted(own, key=lambda n: rank.get(n, 0))[:max_nodes],
        score_label=centrality_measure,
        layout="components",
        max_nodes=max_nodes,
        ranking=ranking,
        ranking_title=f"Drawn clusters by national rank ({centrality_measure})",
        reserve_labels=60,
    )


def _decorate(
    G: nx.Graph,
    dataset: Dataset,
    E: pd.DataFrame,
    values: dict[Any, Any],
    measure: str,
    rank: dict[Any, int],
    total: int,
    own: set[Any],
    linked: bool = True,
) -> None:
    lq = location_quotients(E)
    shares = E.div(E.sum(axis=1), axis=0)
    reg = names_of(dataset.regions)
    ind = names_of(dataset.industries)
    roots, colours = industry_roots(dataset), section_palette(dataset)
    for n, a in G.nodes(data=True):
        r, i = str(a["region_code"]), str(a["industry_code"])
        c = float(values.get(n, 0.0) or 0.0)
        k = rank.get(n, total)
        neighbours = sorted(G[n].items(), key=lambda kv: -float(kv[1].get("weight", 0.0)))[:5]
        near = "; ".join(
            " ".join(
                (
                    reg.get(str(G.nodes[m]["region_code"]), ""),
                    ind.get(str(G.nodes[m]["industry_code"]), ""),
                )
            )
            for m, _ in neighbours
        )
        name = f"{reg.get(r, r)} {ind.get(i, i)}"
        a.update(
            label=wrap_label(f"{reg.get(r, r)} {short_label(ind.get(i, i))}", 12, short=False)
            + (f"\n{rank_text(k, total)}" if linked else ""),
            name=name,
            code=str(n),
            color=colours.get(roots.get(i, i), OTHER_COLOUR),
            shape="dot",
            size_value=c,
            score=c,
            priority=c + (1e6 if n in own else 0.0),
            must_label=n in own,
            kind="cluster",
            section=roots.get(i, i),
            border_width=3 if n in own else 1,
            border_color="#102a43" if n in own else None,
            row={
                "region": r,
                "industry": i,
                **({measure: c, "rank": k} if linked else {}),
                "size": a.get("cluster_size"),
                "share": cell(shares, r, i),
                "lq": cell(lq, r, i),
            },
            tooltip=f"Cluster {reg.get(r, r)} ({r}) × {ind.get(i, i)} ({i})\n"
            + (f"{measure}: {rank_text(k, total)} ({c:.3g})\n" if linked else UNDEFINED + "\n")
            + (f"size {number(float(a['cluster_size']))}, " if a.get("cluster_size") else "")
            + f"share of the region {percent(cell(shares, r, i))}, LQ {cell(lq, r, i):.2f}\n"
            + (f"links drawn: {G.degree(n)}" + (f"; strongest: {near}" if near else "")),
        )


def _mark_inferred(G: nx.Graph) -> None:
    """A link is observed only when an observed (not inferred) firm link joins the two
    clusters (the network's ``supply_inferred`` is False); I-O linkage alone is inferred."""
    for u, v, a in G.edges(data=True):
        io, sup = float(a.get("io_weight", 0.0)), float(a.get("supply_weight", 0.0))
        a["inferred"] = not (sup > 0 and not a.get("supply_inferred", True))
        lines = [f"{G.nodes[u]['label']} — {G.nodes[v]['label']}"]
        if io:
            lines.append(f"I-O linkage {io:.3f} (INFERRED from national coefficients)")
        if sup:
            kind = "INFERRED" if a.get("supply_inferred", True) else "observed"
            lines.append(f"firm supply links (input shares) {sup:.3f}: {kind}")
        a["tooltip"] = "\n".join(lines)


def _network_note(network: Any, level: str, group_level: str | None) -> str:
    """One sentence on how the drawn cluster network links clusters."""
    from clusteratlas.graph.analytics.clusters import (
        DISTANCE_SCALE_KM,
        MAX_DISTANCE_KM,
        MAX_LINKS,
    )

    if any("distance_km" in data for _, _, data in network.edges(data=True)):
        return (
            "Clusters link when their industries trade (input-output coefficients a_ij + "
            f"a_ji >= 0.05) and their regions lie within {MAX_DISTANCE_KM:,.0f} km, weighted "
            f"by exp(-distance / {DISTANCE_SCALE_KM:,.0f} km); each cluster keeps its "
            f"{MAX_LINKS} strongest links (a link stays when either end keeps it)."
        )
    if group_level:
        return (
            "Clusters link through input-output coefficients between their industries, within "
            f"a region and, at half weight, across regions of one {group_level} (the regions "
            "have no coordinates); clusters in different "
            f"{group_level}s are never linked, so the network is many separate groups."
        )
    return (
        f"The data have no region level above {level} and no coordinates: clusters of "
        "different regions are linked only by firm supply links, not by I-O coefficients."
    )
