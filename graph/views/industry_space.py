"""Industry space view: industries linked by co-location proximity (Hidalgo et al. 2007).

From the region x industry matrix E: M_ri = 1 when LQ_ri >= the threshold,
phi_ij = sum_r M_ri M_rj / max(k_i, k_j). Drawn edges: the maximum spanning tree
of phi (so the space is connected) plus the strongest other pairs, ``extra_edges``
of them. Regions given are highlighted: a thick dark border marks the industries
where the region is specialised, and tooltips give its LQ and relatedness density.

>>> from clusteratlas.graph.views._toy import toy_dataset
>>> v = industry_space_view(toy_dataset(), ["100101"], extra_edges=1)
>>> v.n_nodes, v.n_edges  # only 3 pairs of sections are ever co-specialised in the toy
(5, 3)
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
    section_palette,
    source_of,
    view_scope,
)
from clusteratlas.graph.views.base import DEFAULT_MAX_NODES, Legend, View, finish_view
from clusteratlas.loaders.dataset import Dataset

__all__ = ["industry_space_edges", "industry_space_view"]


def industry_space_edges(phi: pd.DataFrame, extra_edges: int) -> nx.Graph:
    """Maximum spanning tree of ``phi`` plus the ``extra_edges`` strongest other pairs (phi > 0).

    >>> phi = pd.DataFrame([[0, .9, .1], [.9, 0, .5], [.1, .5, 0]], index=list("abc"),
    ...                    columns=list("abc"))
    >>> sorted(industry_space_edges(phi, 0).edges)
    [('a', 'b'), ('b', 'c')]
    """
    codes = list(phi.index)
    full: nx.Graph = nx.Graph()
    full.add_nodes_from(codes)
    for k, i in enumerate(codes):
        for j in codes[k + 1 :]:
            value = float(phi.to_numpy()[k, codes.index(j)])
            if value > 0:
                full.add_edge(i, j, weight=value)
    tree = nx.maximum_spanning_tree(full, weight="weight", algorithm="kruskal")
    rest = sorted(
        ((u, v, a["weight"]) for u, v, a in full.edges(data=True) if not tree.has_edge(u, v)),
        key=lambda e: (-e[2], str(e[0]), str(e[1])),
    )
    for u, v, w in rest[: max(extra_edges, 0)]:
        tree.add_edge(u, v, weight=w)
    return tree


def industry_space_view(
    dataset: Dataset,
    regions: Sequence[str] = (),
    *,
    year: int | None = None,
    measure: str | None = None,
    scheme: str | None = None,
    scope: AnalysisScope | None = None,
    rca_threshold: float = 1.0,
    extra_edges: int | None = None,
    max_nodes: int = DEFAULT_MAX_NODES,
) -> View:
    """Draw the industry space of the dataset's leaf regions, highlighting ``regions``.

    Nodes are the industries of E, sized by their national total of ``measure``,
    coloured by section; edges as :func:`industry_space_edges` (``extra_edges``
    defaults to the number of industries, about four links per node), width = phi.
    Uses the analytics' ``rca_binary``, ``proximity``, ``ubiquity`` and
    ``relatedness_density``.

    >>> from clusteratlas.graph.views._toy import toy_dataset
    >>> v = industry_space_view(toy_dataset(), ["100101"])
    >>> [n for n, a in v.graph.nodes(data=True) if a.get("highlight")]
    ['GB4754:C']
    """
    from clusteratlas.graph.analytics.complexity import proximity, relatedness_density, ubiquity
    from clusteratlas.graph.analytics.concentration import rca_binary

    scope = view_scope(dataset, scope, year=year, measure=measure, scheme=scheme)
    E, year, scheme = employment_matrix(dataset, scope=scope)
    measure = scope.measure
    E = E.loc[:, E.sum(axis=0) > 0]
    M = rca_binary(E, threshold=rca_threshold)
    phi = proximity(M)
    ubi = ubiquity(M)
    lq = location_quotients(E)
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
    density = relatedness_density(M, phi) if focus else pd.DataFrame()
    G = industry_space_edges(phi, len(phi) if extra_edges is None else extra_edges)
    roots = industry_roots(dataset)
    colours = section_palette(dataset)
    totals = E.sum(axis=0)
    for i, a in G.nodes(data=True):
        lines = [
            f"{inames[i]} ({i})",
            f"national {measure} {year}: {totals[i]:,.0f} ({totals[i] / totals.sum():.1%})",
            f"ubiquity: {int(ubi[i])} of {len(E)} regions with LQ ≥ {rca_threshold}",
        ]
        for code, leaf in focus.items():
            lines.append(
                f"{rnames[code]} ({code}): LQ {cell(lq, leaf, i):.2f}, "
                f"relatedness density {cell(density, leaf, i):.2f}"
            )
        a.update(
            label=str(inames[i]),
            color=colours.get(roots.get(i, i), OTHER_COLOUR),
            shape="dot",
            size_value=float(totals[i]),
            score=float(totals[i]),
            highlight=any(M.at[leaf, i] == 1 for leaf in focus.values()),
            tooltip="\n".join(lines),
        )
    for u, v, a in G.edges(data=True):
        a["tooltip"] = f"{inames[u]} — {inames[v]}: proximity φ = {a['weight']:.3f}"
    names = ", ".join(f"{rnames[c]} ({c})" for c in focus)
    used = sorted({roots.get(i, i) for i in G.nodes})
    legend = Legend(
        colours=tuple((colours[r], f"{inames[r]} ({r})") for r in used if r in colours),
        shapes=(("dot", "industry"),)
        + ((("dot", f"thick dark border: {names} has LQ ≥ {rca_threshold}"),) if focus else ()),
        sizes=f"national {measure} {year}",
        edges=(
            "width: proximity φ_ij = Σ_r M_ri M_rj / max(k_i, k_j) (co-location, not trade)",
            "maximum spanning tree of φ plus the strongest other pairs",
        ),
    )
    return finish_view(
        G,
        kind="industry-space",
        title=f"Industry space, {year}" + (f": {names}" if names else ""),
        subtitle=f"Co-location proximity of {scheme} industries across {len(E):,} regions "
        f"({measure} {year}). Source: {source_of(dataset)}",
        legend=legend,
        notes=[
            f"{G.number_of_edges()} of {int((phi.to_numpy() > 0).sum() // 2)} positive-proximity "
            "pairs drawn (spanning tree + strongest); links are co-location, not supply."
        ],
        score_label="national " + measure,
        max_nodes=max_nodes,
    )
