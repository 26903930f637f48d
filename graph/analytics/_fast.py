"""The igraph engine behind :func:`~clusteratlas.graph.analytics.centrality` (igraph + scipy).

networkx stays the reference implementation; this module computes the same
measures, with the same definitions, normalisations and sampled sources, on
arrays: PageRank and shortest-path kernels (betweenness, Dijkstra distances for
closeness and harmonic) in igraph's C core, strength with numpy, eigenvector
with scipy's ARPACK on the same matrix networkx builds. Which engine runs is the
definitions floor's policy (:mod:`clusteratlas.graph.definitions.engine`);
``engine="networkx"`` forces the reference. Unit tests check that both engines agree.

Examples
--------
>>> import networkx as nx
>>> arrays = edge_arrays(nx.DiGraph([("a", "b", {"weight": 2.0})]), "weight")
>>> arrays.source.tolist(), arrays.target.tolist(), arrays.strength.tolist()
([0], [1], [2.0])
"""

from __future__ import annotations

import random
from typing import Any, NamedTuple

import networkx as nx
import numpy as np
import pandas as pd

from clusteratlas.graph.analytics._matrix import edge_weights

__all__ = [
    "EdgeArrays",
    "component_work_of",
    "edge_arrays",
    "fast_louvain",
    "fast_measures",
    "igraph_graph",
]


class EdgeArrays(NamedTuple):
    """Nodes in graph order and the positive-strength edges as index and weight arrays."""

    nodes: list[Any]
    source: np.ndarray
    target: np.ndarray
    strength: np.ndarray


def edge_arrays(G: nx.Graph, weight: str | None) -> EdgeArrays:
    """Edges of ``G`` as arrays; strengths checked (finite, >= 0), zero-strength edges dropped.

    Raises :class:`MatrixError` naming the first bad edge, as the networkx path does.

    >>> edge_arrays(nx.Graph([(1, 2)]), None).strength.tolist()
    [1.0]
    """
    nodes = list(G.nodes)
    index = {node: i for i, node in enumerate(nodes)}
    if weight:
        triples = list(G.edges(data=weight, default=1.0))
    else:
        triples = [(u, v, 1.0) for u, v in G.edges]
    w = edge_weights(triples)
    src = np.fromiter((index[t[0]] for t in triples), dtype=np.int64, count=len(triples))
    dst = np.fromiter((index[t[1]] for t in triples), dtype=np.int64, count=len(triples))
    keep = w > 0
    return EdgeArrays(nodes, src[keep], dst[keep], w[keep])


def igraph_graph(arrays: EdgeArrays, directed: bool) -> Any:
    """The igraph Graph of ``arrays`` (node i = ``arrays.nodes[i]``, edges in array order).

    >>> g = igraph_graph(edge_arrays(nx.path_graph(3), None), directed=False)
    >>> g.vcount(), g.ecount()
    (3, 2)
    """
    import igraph as ig

    g = ig.Graph(n=len(arrays.nodes), directed=directed)
    g.add_edges(np.column_stack([arrays.source, arrays.target]))  # ndarray: 5x faster than lists
    return g


def component_work_of(g: Any, arrays: EdgeArrays) -> tuple[int, int, int]:
    """:func:`~clusteratlas.graph.definitions.engine.component_work` of an igraph Graph:
    (work, components, largest), from its weak components (no networkx graph needed).

    >>> component_work_of(*(lambda a: (igraph_graph(a, False), a))(
    ...     edge_arrays(nx.union(nx.path_graph(3), nx.path_graph([10, 11])), None)))
    (15, 2, 3)
    """
    n = len(arrays.nodes)
    if n == 0:
        return 0, 0, 0
    membership = np.asarray(g.connected_components(mode="weak").membership, dtype=np.int64)
    sizes = np.bincount(membership)
    edges = (
        np.bincount(membership[arrays.source], minlength=len(sizes))
        if len(arrays.source)
        else np.zeros(len(sizes), dtype=np.int64)
    )
    big = sizes >= 3
    work = int((sizes[big] * (sizes[big] + edges[big])).sum())
    return work, len(sizes), int(sizes.max())


def fast_measures(
    G: nx.Graph,
    measures: set[str],
    weight: str | None,
    exact: bool,
    k_used: int,
    seed: int,
    alpha: float,
    *,
    arrays: EdgeArrays | None = None,
    graph: Any = None,
) -> dict[str, pd.Series]:
    """The requested measures (not ``degree``) as Series indexed like ``G.nodes``.

    Definitions and sampling are those of :func:`~clusteratlas.graph.analytics.centrality`:
    betweenness sampled from ``random.Random(seed).sample(nodes, k)`` (the sources
    networkx draws) with the rescaling of networkx 3.5+ (sources 1/((k-1)(n-2)), others
    1/(k(n-2)); the pyproject pin); closeness/harmonic from the
    same sources; distance = 1 / strength.

    >>> s = fast_measures(nx.path_graph(3), {"betweenness"}, None, True, 3, 0, 0.85)
    >>> s["betweenness"].tolist()
    [0.0, 1.0, 0.0]
    """
    if arrays is None:
        arrays = edge_arrays(G, weight)
    nodes, n, directed = arrays.nodes, len(arrays.nodes), G.is_directed()
    index = pd.Index(nodes, dtype="object")
    out: dict[str, pd.Series] = {}
    if "strength" in measures:
        s = np.bincount(arrays.source, arrays.strength, n)
        s += np.bincount(arrays.target, arrays.strength, n)
        out["strength"] = pd.Series(s, index=index)
    graph_measures = {"pagerank", "betweenness", "closeness", "harmonic"}
    g: Any = graph
    if g is None and measures & graph_measures:
        g = igraph_graph(arrays, directed)
    distance = (1.0 / arrays.strength).tolist()
    if "pagerank" in measures:
        pr = g.pagerank(directed=directed, damping=alpha, weights=arrays.strength.tolist())
        out["pagerank"] = pd.Series(pr, index=index)
    sampled: list[int] | None = None
    if not exact:
        picked = random.Random(seed).sample(nodes, k_used)
        position = {node: i for i, node in enumerate(nodes)}
        sampled = [position[node] for node in picked]
    if "betweenness" in measures:
        out["betweenness"] = _betweenness(g, distance, directed, n, sampled)
        out["betweenness"].index = index
    if "closeness" in measures or "harmonic" in measures:
        closeness, harmonic = _distance_measures(g, distance, n, sampled)
        out["closeness"] = pd.Series(closeness, index=index)
        out["harmonic"] = pd.Series(harmonic, index=index)
    if "eigenvector" in measures:
        out["eigenvector"] = _eigenvector(arrays, directed, g)
    return out


def _betweenness(
    g: Any, distance: list[float], directed: bool, n: int, sampled: list[int] | None
) -> pd.Series:
    raw = np.asarray(
        g.betweenness(directed=directed, weights=distance, sources=sampled), dtype="float64"
    )
    if not directed:
        raw *= 2.0  # networkx counts ordered (s, t) pairs
    if n <= 2:
        return pd.Series(np.zeros(n))
    if sampled is None:
        return pd.Series(raw / ((n - 1) * (n - 2)))
    k = len(sampled)
    scale = np.full(n, 1.0 / (k * (n - 2)))
    scale[sampled] = 1.0 / ((k - 1) * (n - 2)) if k > 1 else np.nan
    return pd.Series(raw * scale)


def _distance_measures(
    g: Any, distance: list[float], n: int, sampled: list[int] | None
) -> tuple[np.ndarray, np.ndarray]:
    """Closeness and harmonic from shortest distances out of the sources (all nodes if exact).

    Distances are computed within each (weak) component only, where paths exist: a
    network of many small components costs the sum of their squares, not n squared."""
    sources = np.arange(n) if sampled is None else np.asarray(sampled, dtype=np.int64)
    total, reach, inverse = np.zeros(n), np.zeros(n), np.zeros(n)
    membership = np.asarray(g.connected_components(mode="weak").membership, dtype=np.int64)
    order = np.argsort(membership, kind="stable")
    bounds = np.flatnonzero(np.diff(membership[order])) + 1
    position = np.empty(n, dtype=np.int64)  # a node's place among its component's members
    for members in np.split(order, bounds):
        position[members] = np.arange(len(members))
    by_component = (
        dict(
            zip(membership[order[np.r_[0, bounds]]].tolist(), np.split(order, bounds), strict=True)
        )
        if n
        else {}
    )
    source_component = membership[sources]
    for c in np.unique(source_component).tolist():
        targets = by_component[c]
        if len(targets) < 2:
            continue  # an isolated node reaches no other
        mine = sources[source_component == c]
        for start in range(0, len(mine), 64):  # 64 sources x the component at a time
            block = mine[start : start + 64]
            d = np.asarray(
                g.distances(
                    source=block.tolist(), target=targets.tolist(), weights=distance, mode="out"
                ),
                dtype="float64",
            )
            d[np.arange(len(block)), position[block]] = np.inf  # no source counts itself
            finite = np.isfinite(d)
            total[targets] += np.where(finite, d, 0.0).sum(axis=0)
            reach[targets] += finite.sum(axis=0)
            with np.errstate(divide="ignore"):
                inverse[targets] += np.where(finite, 1.0 / d, 0.0).sum(axis=0)
    m = np.full(n, float(len(sources)))
    m[sources] -= 1
    ok = (m > 0) & (total > 0)
    closeness = np.zeros(n)
    harmonic = np.zeros(n)
    closeness[ok] = (reach[ok] / total[ok]) * (reach[ok] / m[ok])
    harmonic[ok] = inverse[ok] * (n - 1) / m[ok]
    return closeness, harmonic


DENSE_EIGEN_MAX = 1000
"""Components up to this many nodes get a dense eigen-decomposition (numpy) instead of
ARPACK (scipy): exact, and no scipy import for the small networks of most runs."""


def _eigenvector(arrays: EdgeArrays, directed: bool, g: Any = None) -> pd.Series:
    """As the networkx path: the principal eigenvector on the largest (strong) component,
    NaN elsewhere; dense numpy for components up to :data:`DENSE_EIGEN_MAX` nodes, ARPACK
    above."""
    nodes, n = arrays.nodes, len(arrays.nodes)
    result = pd.Series(np.nan, index=pd.Index(nodes, dtype="object"), dtype="float64")
    if n == 0:
        return result
    if g is None:
        g = igraph_graph(arrays, directed)
    labels = np.asarray(
        g.connected_components(mode="strong" if directed else "weak").membership, dtype=np.int64
    )
    sizes = np.bincount(labels)
    names = np.array([str(node) for node in nodes], dtype=object)
    best = max(
        (int(sizes[c]), min(names[labels == c]), c) for c in np.flatnonzero(sizes == sizes.max())
    )
    if best[0] < 2:
        return result
    members = np.flatnonzero(labels == best[2])
    inside = np.full(n, -1, dtype=np.int64)
    inside[members] = np.arange(len(members))
    keep = (inside[arrays.source] >= 0) & (inside[arrays.target] >= 0)
    src, dst = inside[arrays.source[keep]], inside[arrays.target[keep]]
    weight = arrays.strength[keep]
    if len(members) <= DENSE_EIGEN_MAX:
        sub = np.zeros((len(members), len(members)))
        np.add.at(sub, (src, dst), weight)
        if not directed:
            sub = sub + sub.T - np.diag(np.diag(sub))
        values, vecs = np.linalg.eig(sub.T)
        vector = vecs[:, int(np.argmax(values.real))].real
    else:
        import scipy.sparse as sps  # heavy: imported when first used
        from scipy.sparse.linalg import eigs

        shape = (len(members), len(members))
        sub = sps.coo_array((weight, (src, dst)), shape=shape).tocsr().astype("float64")
        if not directed:
            sub = sub + sub.T - sps.diags_array(sub.diagonal())
        _, vec = eigs(sub.T, k=1, which="LR", maxiter=50 * len(members), tol=0)
        vector = vec.flatten().real
    vector = np.abs(vector / np.linalg.norm(vector))
    result.iloc[members] = vector
    return result


def fast_louvain(supply: nx.Graph, resolution: float, seed: int) -> list[set[Any]]:
    """Louvain communities (igraph ``community_multilevel``) of the undirected weighted graph.

    Edge weights ``weight`` (default 1) are summed over both directions, as the
    networkx path does; igraph's random number generator is seeded with ``seed``
    for the call and restored afterwards, so the result is deterministic. It is a
    different implementation from networkx's: the partition can differ, its
    modularity is comparable (tested).

    >>> G = nx.Graph([(1, 2), (2, 3), (3, 1), (4, 5), (5, 6), (6, 4), (3, 4)])
    >>> sorted(sorted(c) for c in fast_louvain(G, 1.0, seed=0))
    [[1, 2, 3], [4, 5, 6]]
    """
    import igraph as ig

    arrays = edge_arrays(supply, "weight")
    n = len(arrays.nodes)
    low = np.minimum(arrays.source, arrays.target)
    high = np.maximum(arrays.source, arrays.target)
    pairs, inverse = np.unique(low * n + high, return_inverse=True)
    weights = np.bincount(inverse, arrays.strength, len(pairs))
    g = ig.Graph(n=n, directed=False)
    g.add_edges(np.column_stack([pairs // n, pairs % n]))
    previous = ig.set_random_number_generator(random.Random(seed))
    try:
        found = g.community_multilevel(weights=weights.tolist(), resolution=resolution)
    finally:
        ig.set_random_number_generator(previous if previous is not None else random)
    return [{arrays.nodes[i] for i in members} for members in found]
