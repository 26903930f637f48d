"""Industry space view: industries linked by co-location proximity (Hidalgo et al. 2007).

From the region x industry matrix E: M_ri = 1 when LQ_ri >= the threshold,
phi_ij = sum_r M_ri M_rj / max(k_i, k_j). Drawn edges: the maximum spanning tree
of phi (so the space is connected) plus the strongest other pairs, ``extra_edges``
of them. Positions are fixed across years. Regions given are highlighted: a ring in
the region's colour marks the industries where it has a cluster (the rule of
``detect_clusters``), and tooltips give its LQ and relatedness density.

>>> from clusteratlas.graph.views._toy import toy_dataset
>>> v = industry_space_view(toy_dataset(), ["100101"], extra_edges=1)
>>> v.n_nodes, v.n_edges  # only 3 pairs of sections are ever co-specialised in the toy
(5, 3)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import networkx as nx
import pandas as pd

from clusteratlas.errors import UsageError
from clusteratlas.graph.definitions.cache import dataset_cached
from clusteratlas.graph.definitions.scope import AnalysisScope
from clusteratlas.graph.views._data import (
    OTHER_COLOUR,
    cell,
    employment_matrix,
    industry_roots,
    leaf_descendants,
    location_quotients,
    names_of,
    region_clusters,
    section_palette,
    source_of,
    view_scope,
)
from clusteratlas.graph.views._format import grouping_word, number, percent, unit_phrase
from clusteratlas.graph.views.model import Legend, Threshold, View, finish_view
from clusteratlas.graph.views.style import DEFAULT_MAX_NODES, wrap_label
from clusteratlas.loaders.dataset import Dataset

__all__ = ["industry_space_positions", "industry_space_view"]


def _industry_space_edges(phi: pd.DataFrame, extra_edges: int) -> nx.Graph:
    """Maximum spanning tree of ``phi`` plus the ``extra_edges`` strongest other pairs (phi > 0).

    Kruskal on the positive pairs, strongest first (ties in the order of the pairs, row by
    row), with a union-find over integer labels; then the strongest pairs left out of the
    tree (ties by code). Vectorised: 800 industries (320,000 pairs) take a fraction of a
    second.

    >>> phi = pd.DataFrame([[0, .9, .1], [.9, 0, .5], [.1, .5, 0]], index=list("abc"),
    ...                    columns=list("abc"))
    >>> sorted(_industry_space_edges(phi, 0).edges)
    [('a', 'b'), ('b', 'c')]
    """
    import numpy as np

    codes = list(phi.index)
    values = phi.to_numpy(dtype="float64")
    rows, cols = np.triu_indices(len(codes), 1)
    weights = values[rows, cols]
    keep = weights > 0
    rows, cols, weights = rows[keep], cols[keep], weights[keep]
    order = np.argsort(-weights, kind="stable")
    parent = list(range(len(codes)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    in_tree = np.zeros(len(weights), dtype=bool)
    for e in order.tolist():
        a, b = find(int(rows[e])), find(int(cols[e]))
        if a != b:
            parent[a] = b
            in_tree[e] = True
    tree: nx.Graph = nx.Graph()
    tree.add_nodes_from(codes)
    tree.add_edges_from(
        (codes[i], codes[j], {"weight": float(w)})
        for i, j, w in zip(rows[in_tree], cols[in_tree], weights[in_tree], strict=True)
    )
    rest = sorted(
        (
            (codes[i], codes[j], float(w))
            for i, j, w in zip(rows[~in_tree], cols[~in_tree], weights[~in_tree], strict=True)
        ),
        key=lambda e: (-e[2], str(e[0]), str(e[1])),
    )
    for u, v, w in rest[: max(extra_edges, 0)]:
        tree.add_edge(u, v, weight=w)
    return tree


def industry_space_positions(
    dataset: Dataset,
    scope: AnalysisScope | None = None,
    rca_threshold: float = 1.0,
) -> dict[str, tuple[float, float]]:
    """Positions of the industry space that stay the same whatever year is drawn.

    The reference is the proximity phi averaged over every year the data have for the
    scope's regions, industries and measure (its level, scheme, industry level and
    measure; the year is not part of it); its spanning tree plus the strongest pairs
    (:func:`_industry_space_edges`) are laid out by a seeded spring layout, then spread so
    that no label (at the page's smallest initial zoom) covers a node or another label,
    assuming every node at its largest size. So 2010 and 2020 pages put each industry at
    the same place. Computed once per Dataset and scope (without its year).

    Parameters
    ----------
    dataset : Dataset
    scope : AnalysisScope, optional
        Default inferred from the data.
    rca_threshold : float
        M_ri = 1 when LQ_ri >= this.

    Returns
    -------
    dict
        Industry code -> (x, y).

    Raises
    ------
    UsageError
        No year has a matrix of at least two regions.

    Examples
    --------
    >>> from clusteratlas.graph.views._toy import toy_dataset
    >>> pos = industry_space_positions(toy_dataset())
    >>> sorted(pos)[:2]
    ['GB4754:A', 'GB4754:C']
    """
    scope = view_scope(dataset, scope)
    return dict(
        _positions(
            dataset,
            scope.level,
            scope.scheme,
            scope.industry_level,
            scope.measure,
            float(rca_threshold),
        )
    )


@dataset_cached
def _positions(
    dataset: Dataset,
    level: str,
    scheme: str,
    industry_level: str | None,
    measure: str,
    rca_threshold: float,
) -> dict[str, tuple[float, float]]:
    from clusteratlas.errors import MatrixError
    from clusteratlas.graph.analytics.complexity import proximity
    from clusteratlas.graph.analytics.concentration import rca_binary
    from clusteratlas.graph.definitions.matrix import slice_matrix
    from clusteratlas.graph.views.layout import fitted_spread, layout_positions
    from clusteratlas.graph.views.style import MAX_SIZE

    ri = dataset.region_industries
    regions = dataset.regions
    at_level = ri["region_code"].isin(regions.loc[regions["level"] == level, "code"])
    wanted = at_level & (ri["measure"] == measure)
    years = sorted(int(y) for y in ri.loc[wanted.fillna(False), "year"].dropna().unique())
    phis = []
    for y in years:
        try:
            E = slice_matrix(
                dataset,
                year=y,
                measure=measure,
                scheme=scheme,
                level=level,
                industry_level=industry_level,
            )
        except MatrixError:  # no rows of this level in that year (e.g. a national series)
            continue
        E = E.loc[:, E.sum(axis=0) > 0]
        if len(E) < 2:
            continue
        phis.append(proximity(rca_binary(E, threshold=rca_threshold)))
    if not phis:
        raise UsageError(f"no {measure} data to lay out the industry space")
    codes = sorted(set().union(*(p.index for p in phis)))
    phi = (
        pd.concat([p.reindex(index=codes, columns=codes, fill_value=0.0) for p in phis])
        .groupby(level=0)
        .mean()
        .reindex(index=codes, columns=codes)
    )
    G = _industry_space_edges(phi, len(codes))
    inames = names_of(dataset.industries)
    for i in G.nodes:
        # every industry may be a region's ringed (must-label) one: all get that room
        G.nodes[i].update(label=wrap_label(inames.get(i, i)), size=MAX_SIZE, must_label=True)
    pos = layout_positions(G, "spring", seed=7)
    pos = fitted_spread(G, pos, G.number_of_nodes(), axis="both")
    return {str(k): (round(x, 1), round(y, 1)) for k, (x, y) in pos.items()}


@dataset_cached
def _space(
    dataset: Dataset, scope: AnalysisScope, rca_threshold: float, extra_edges: int
) -> tuple[pd.DataFrame, pd.DataFrame, pd.Series, nx.Graph]:
    """M, phi, ubiquity and the drawn edges of the scope's E: the same for every region's
    page of one analysis, so computed once per Dataset and scope."""
    from clusteratlas.graph.analytics.complexity import proximity, ubiquity
    from clusteratlas.graph.analytics.concentration import rca_binary

    E, _, _ = employment_matrix(dataset, scope=scope)
    E = E.loc[:, E.sum(axis=0) > 0]
    M = rca_binary(E, threshold=rca_threshold)
    phi = proximity(M)
    return M, phi, ubiquity(M), _industry_space_edges(phi, extra_edges)


RING_COLOURS = ("#102a43", "#d64545", "#2f8a3a", "#b7791f")
BOTH_COLOUR = "#7b2cbf"


def industry_space_view(
    dataset: Dataset,
    regions: Sequence[str] = (),
    *,
    year: int | None = None,
    measure: str | None = None,
    scheme: str | None = None,
    scope: AnalysisScope | None = None,
    clusters: pd.DataFrame | None = None,
    rca_threshold: float = 1.0,
    min_lq: float = 1.25,
    top_share: float = 0.25,
    extra_edges: int | None = None,
    max_nodes: int = DEFAULT_MAX_NODES,
) -> View:
    """Draw the industry space of the dataset's leaf regions, ringing the clusters of ``regions``.

    Nodes are the industries of E, sized by their national total of ``measure``,
    coloured by section, at positions fixed across years
    (:func:`industry_space_positions`); edges: the maximum spanning tree of phi plus the
    ``extra_edges`` strongest other pairs (default the number of industries, about four
    links per node),
    width = phi, M_ri = 1 when LQ_ri >= ``rca_threshold``. A region's ring marks the
    industries where it has a cluster by the same rule as ``detect_clusters`` (LQ >=
    ``min_lq``, in the top ``top_share`` of regions by LQ, a market that can form clusters
    and the minimum size, as ``analyze``: :func:`~clusteratlas.graph.views._data.
    region_clusters`); each region has its own
    ring colour, and an industry ringed for several regions gets a dashed purple ring.
    Tooltips give every region's LQ and relatedness density. Uses the analytics'
    ``rca_binary``, ``proximity``, ``ubiquity``, ``relatedness_density`` and
    ``detect_clusters`` (or the rows of a precomputed ``clusters`` frame, e.g. the
    ``clusters`` of ``analyze``).

    Parameters
    ----------
    dataset : Dataset
        The data the view draws.
    regions : sequence of str
        Region codes to highlight (each must have its own rows of the measure, or
        exactly one leaf region below it).
    year, measure, scheme : optional
        Choices of the analysis scope (default inferred from the data).
    scope : AnalysisScope, optional
        The whole scope at once (instead of the separate choices).
    clusters : DataFrame, optional
        Precomputed clusters (``region_code``, ``industry_code``, ``kind``); default
        detected here with ``min_lq`` and ``top_share``.
    rca_threshold : float, default 1.0
        The LQ at or above which M_ri = 1 (for phi and relatedness density).
    min_lq : float, default 1.25
        Smallest LQ of a ringed (cluster) industry.
    top_share : float, default 0.25
        Share of regions, ranked by LQ, a ringed industry's region must be among.
    extra_edges : int, optional
        Strongest pairs drawn besides the spanning tree; default the number of
        industries.
    max_nodes : int, default DEFAULT_MAX_NODES
        Most industries drawn (300).

    Returns
    -------
    View
        Kind ``industry-space``: one node per industry of E with national totals > 0.

    Raises
    ------
    UsageError
        A region has no rows of its own and not exactly one leaf region below it, or a
        scope choice matches no data.

    Examples
    --------
    >>> from clusteratlas.graph.views._toy import toy_dataset
    >>> v = industry_space_view(toy_dataset(), ["100101"])
    >>> [n for n, a in v.graph.nodes(data=True) if a.get("highlight")]
    ['GB4754:C']
    """
    from clusteratlas.graph.analytics.complexity import relatedness_density

    scope = view_scope(dataset, scope, year=year, measure=measure, scheme=scheme)
    E, year, scheme = employment_matrix(dataset, scope=scope)
    measure = scope.measure
    E = E.loc[:, E.sum(axis=0) > 0]
    extra = len(E.columns) if extra_edges is None else int(extra_edges)
    M, phi, ubi, space = _space(dataset, scope, float(rca_threshold), extra)
    lq = location_quotients(E)
    if clusters is None:
        clusters = region_clusters(E, year, min_lq, top_share, dataset=dataset, scope=scope)
    elif "kind" in clusters:
        clusters = clusters[clusters["kind"] == "specialisation"]
    rnames = names_of(dataset.regions)
    inames = names_of(dataset.industries)
    focus: dict[str, str] = {}
    for code in regions:
        leaves = leaf_descendants(dataset, [code], E.index)
        if code not in rnames or len(leaves) != 1:
            raise UsageError(
                f"industry space highlights regions with their own {measure} data; "
                f"{code!r} has {len(leaves)} such region(s)"
            )
        focus[code] = leaves[0]
    ringed = {
        code: set(clusters.loc[clusters["region_code"] == leaf, "industry_code"].astype(str))
        for code, leaf in focus.items()
    }
    ring_colour = {code: RING_COLOURS[k % len(RING_COLOURS)] for k, code in enumerate(focus)}
    density = relatedness_density(M, phi) if focus else pd.DataFrame()
    G = space.copy()
    positions = industry_space_positions(dataset, scope, rca_threshold)
    unit = unit_phrase(dataset, measure, scope.level, scope.unit)
    roots = industry_roots(dataset)
    colours = section_palette(dataset)
    totals = E.sum(axis=0)
    for i, a in G.nodes(data=True):
        lines = [
            f"{inames[i]} ({i})",
            f"national {measure} {year}: {number(totals[i])}"
            + (f" ({unit})" if unit else "")
            + f", {percent(totals[i] / totals.sum())} of all",
            f"ubiquity: {int(ubi[i])} of {len(E):,} regions with LQ ≥ {rca_threshold}",
        ]
        owners = [code for code in focus if i in ringed[code]]
        row: dict[str, Any] = {"national_total": float(totals[i]), "ubiquity": int(ubi[i])}
        for code, leaf in focus.items():
            mark = " — cluster (ringed)" if code in owners else ""
            lines.append(
                f"{rnames[code]} ({code}): LQ {cell(lq, leaf, i):.2f}, "
                f"relatedness density {cell(density, leaf, i):.2f}{mark}"
            )
            row[f"lq_{code}"] = cell(lq, leaf, i)
        x, y = positions.get(str(i), (0.0, 0.0))
        border = BOTH_COLOUR if len(owners) > 1 else ring_colour[owners[0]] if owners else None
        a.update(
            label=wrap_label(str(inames[i])),
            name=str(inames[i]),
            code=str(i),
            color=colours.get(roots.get(i, i), OTHER_COLOUR),
            shape="dot",
            size_value=float(totals[i]),
            score=float(totals[i]),
            priority=float(totals[i]) + (1e12 if owners else 0.0),
            must_label=bool(owners),
            highlight=bool(owners),
            border_color=border,
            border_width=6 if owners else 1,
            border_dashes=len(owners) > 1,
            kind="industry",
            section=roots.get(i, i),
            row=row,
            x=x,
            y=y,
            tooltip="\n".join(lines),
        )
    for u, v, a in G.edges(data=True):
        a["tooltip"] = f"{inames[u]} — {inames[v]}: proximity φ = {a['weight']:.3f}"
        a["filter_value"] = float(a["weight"])
        a["row"] = {"proximity": float(a["weight"])}
    names = ", ".join(f"{rnames[c]} ({c})" for c in focus)
    used = sorted({roots.get(i, i) for i in G.nodes})
    rule = f"LQ ≥ {min_lq} and in the top {top_share:.0%} of regions by LQ"
    rings = [(ring_colour[code], f"{rnames[code]} has a cluster ({rule})") for code in focus]
    if len(focus) > 1:
        rings.append(("dashed", "a cluster of several of them"))
    legend = Legend(
        colours=tuple((colours[r], f"{inames[r]} ({r})", r) for r in used if r in colours),
        colour_title=grouping_word(dataset, used),
        shapes=(("dot", "industry"),),
        rings=tuple(rings),
        sizes=f"national {measure} {year}" + (f" ({unit})" if unit else ""),
        edges=(
            "width: proximity φ_ij = Σ_r M_ri M_rj / max(k_i, k_j), M_ri = 1 when LQ_ri ≥ "
            f"{rca_threshold} (co-location, not trade)",
            "maximum spanning tree of φ plus the strongest other pairs",
        ),
    )
    notes = [
        f"{G.number_of_edges()} of {int((phi.to_numpy() > 0).sum() // 2)} positive-proximity "
        "pairs drawn (spanning tree + strongest); links are co-location, not supply.",
        "Positions are the same for every year of the data (laid out on the proximity averaged "
        "over all years), so pages of different years can be compared.",
    ]
    if focus:
        notes.insert(
            0,
            f"Rings: the region's clusters, by the rule cluster detection uses ({rule}); "
            + "; ".join(f"{rnames[c]}: {len(ringed[c])} cluster(s)" for c in focus)
            + ".",
        )
    return finish_view(
        G,
        kind="industry-space",
        title=f"Industry space, {measure} {year}" + (f": {names}" if names else ""),
        subtitle=f"Co-location proximity of {scheme} industries across {len(E):,} regions "
        f"({measure} {year}). Source: {source_of(dataset)}",
        legend=legend,
        notes=notes,
        score_label="national " + measure,
        layout="fixed",
        max_nodes=max_nodes,
        centre_nodes=sorted(set().union(*ringed.values())) if focus else (),
        threshold=Threshold(
            "proximity φ",
            target="edges",
            maximum=1.0,
            step=0.01,
            help="hide links whose proximity is below this",
        ),
    )
