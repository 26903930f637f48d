"""Node centralities of a weighted (di)graph in one DataFrame, exact or sampled by size.

Edge ``weight`` is a strength (bigger = closer; edges of weight 0 are ignored). Path-based measures
(betweenness, closeness, harmonic) use the distance 1 / weight. Betweenness,
closeness and harmonic are exact for graphs up to ``exact_max_nodes`` nodes;
above it they are estimated from ``k`` source nodes drawn with ``seed``, and
the columns ``betweenness_k`` / ``distance_k`` say how many sources were used
(equal to the node count when exact).

Examples
--------
>>> import networkx as nx
>>> c = centrality(nx.path_graph(3))
>>> c.loc[1, "betweenness"], c.loc[1, "degree"]
(np.float64(1.0), np.int64(2))
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from clusteratlas.errors import MatrixError
from clusteratlas.graph.analytics import _fast
from clusteratlas.graph.analytics._matrix import edge_weights

__all__ = [
    "ALL_MEASURES",
    "EXACT_MAX_NODES",
    "EXACT_MAX_WORK",
    "FAST_MIN_EDGES",
    "centrality",
    "exact_max_nodes_for",
    "shortest_path_work",
]

FAST_MIN_EDGES = _fast.FAST_MIN_EDGES

ALL_MEASURES = (
    "degree",
    "strength",
    "pagerank",
    "betweenness",
    "eigenvector",
    "closeness",
    "harmonic",
)
EXACT_MAX_NODES = 2000
"""Above this many nodes, path-based measures are sampled (exact all-pairs costs O(n m))."""

EXACT_MAX_WORK = 50_000_000
"""Exact path measures are affordable up to this :func:`shortest_path_work` (about 5 s with
igraph on the development machine: 1e8 took 11 s on a connected random graph)."""


def centrality(
    G: nx.Graph,
    measures: Sequence[str] = ALL_MEASURES,
    weight: str | None = "weight",
    exact_max_nodes: int = EXACT_MAX_NODES,
    k: int = 500,
    seed: int = 0,
    alpha: float = 0.85,
    engine: str = "auto",
) -> pd.DataFrame:
    """Centralities of every node of ``G``: one column per measure, indexed by node.

    - ``degree``: number of neighbours (in + out for digraphs); ``strength``: sum of
      edge weights (in + out).
    - ``pagerank``: PageRank with damping ``alpha``, weighted (Brin & Page 1998).
    - ``betweenness``: share of shortest paths (distance 1/weight) through the node,
      normalised (Brandes 2001); sampled from ``k`` sources when n > ``exact_max_nodes``
      (Brandes & Pich 2007).
    - ``eigenvector``: principal eigenvector (in-edges for digraphs), weighted; computed
      on the largest (strongly) connected component, where it is defined, NaN elsewhere
      and on components of one node.
    - ``closeness``: (r / sum d) * (r / (n - 1)) with r the nodes that reach the node
      (Wasserman-Faust; incoming distances for digraphs); ``harmonic``: sum_u 1 / d(u, v).
      Sampled from ``k`` sources (rescaled by (n - 1) / k) above ``exact_max_nodes``.

    Parameters
    ----------
    G : Graph or DiGraph
    measures : sequence of str
        Any of :data:`ALL_MEASURES`.
    weight : str or None
        Edge attribute with the strength (None: every edge 1).
    exact_max_nodes, k, seed : int
        Size threshold for exact path measures; sample size and seed above it.
    engine : {"auto", "networkx", "igraph"}
        ``networkx`` is the reference. ``igraph`` computes the same measures (same
        definitions, normalisation and sampled sources) with python-igraph and scipy
        (``graph/analytics/_fast.py``; needs the ``fast`` extra). ``auto`` uses igraph when it is
        installed and ``G`` has at least ``FAST_MIN_EDGES`` (2,000) edges.

    Returns
    -------
    DataFrame with the requested columns, plus ``betweenness_k`` and/or ``distance_k``.

    References
    ----------
    Brandes, U. (2001). A faster algorithm for betweenness centrality. J. Math.
    Sociology 25(2). Brandes, U. & Pich, C. (2007). Centrality estimation in large
    networks. Int. J. Bifurcation and Chaos 17(7). Brin, S. & Page, L. (1998). The
    anatomy of a large-scale hypertextual web search engine. Hagberg, A., Schult, D.
    & Swart, P. (2008). NetworkX. Proc. SciPy.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.star_graph(3)
    >>> c = centrality(G, measures=["strength", "harmonic", "closeness"])
    >>> c.loc[0, ["strength", "closeness", "harmonic"]].tolist()
    [3.0, 1.0, 3.0]
    """
    unknown = [m for m in measures if m not in ALL_MEASURES]
    if unknown:
        raise MatrixError(f"measures: unknown {unknown}; choose from {list(ALL_MEASURES)}")
    nodes = list(G.nodes)
    n = len(nodes)
    out = pd.DataFrame(index=pd.Index(nodes, name="node", dtype="object"))
    if n == 0:
        return out.assign(**{m: pd.Series(dtype="float64") for m in measures})
    exact = n <= exact_max_nodes
    k_used = n if exact else min(k, n)
    if _use_fast(G, engine):
        return _fast_frame(G, out, measures, weight, exact, k_used, seed, alpha)
    H = _with_distance(G, weight)
    if "degree" in measures:
        out["degree"] = pd.Series(dict(G.degree()), dtype="int64")
    if "strength" in measures:
        out["strength"] = pd.Series(dict(H.degree(weight="_w")), dtype="float64")
    if "pagerank" in measures:
        # networkx's default tol=1e-6 stops on an L1 error of n * 1e-6: on the bundled
        # cluster network (11,049 nodes) that left scores 12% off the fixed point
        pagerank = nx.pagerank(H, alpha=alpha, weight="_w", tol=1e-12, max_iter=100_000)
        out["pagerank"] = pd.Series(pagerank)
    if "betweenness" in measures:
        bt = nx.betweenness_centrality(
            H, k=None if exact else k_used, weight="_d", normalized=True, seed=seed
        )
        out["betweenness"] = pd.Series(bt)
        out["betweenness_k"] = k_used
    if "eigenvector" in measures:
        out["eigenvector"] = _eigenvector(H)
    if "closeness" in measures or "harmonic" in measures:
        sources = nodes if exact else random.Random(seed).sample(nodes, k_used)
        closeness, harmonic = _distance_measures(H, sources)
        if "closeness" in measures:
            out["closeness"] = closeness
        if "harmonic" in measures:
            out["harmonic"] = harmonic
        out["distance_k"] = len(sources)
    order = [c for c in (*ALL_MEASURES, "betweenness_k", "distance_k") if c in out.columns]
    return out[order]


def shortest_path_work(G: nx.Graph) -> int:
    """The size of an exact all-sources shortest-path computation: sum over components of n_c m_c.

    Brandes' algorithm runs one shortest-path search per source, and a search only
    visits the source's (weakly) connected component, so the work of exact
    betweenness, closeness and harmonic centrality grows as sum_c n_c * m_c over
    the components c (n_c nodes, m_c edges; Brandes 2001), not as n * m. A network
    of many small components (the cluster network: clusters linked within their
    prefecture) is cheap to compute exactly even with many nodes.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.union(nx.path_graph(3), nx.path_graph([10, 11]))
    >>> shortest_path_work(G)  # 3 nodes x 2 edges + 2 nodes x 1 edge
    8
    """
    finder: Any = nx.weakly_connected_components if G.is_directed() else nx.connected_components
    component: dict[Any, int] = {}
    sizes: list[int] = []
    for k, nodes in enumerate(finder(G)):
        sizes.append(len(nodes))
        component.update(dict.fromkeys(nodes, k))
    edges = [0] * len(sizes)
    for u, _ in G.edges():
        edges[component[u]] += 1
    return sum(n_c * m_c for n_c, m_c in zip(sizes, edges, strict=True))


def exact_max_nodes_for(G: nx.Graph, max_work: int = EXACT_MAX_WORK) -> int:
    """The ``exact_max_nodes`` that makes :func:`centrality` exact on ``G`` when that is cheap.

    ``G``'s node count when its :func:`shortest_path_work` is at most ``max_work``
    (exact path measures), else :data:`EXACT_MAX_NODES` (sampled above it).

    >>> import networkx as nx
    >>> exact_max_nodes_for(nx.empty_graph(5000)), exact_max_nodes_for(nx.path_graph(5000), 10)
    (5000, 2000)
    """
    n = G.number_of_nodes()
    cheap = n * G.number_of_edges() <= max_work or shortest_path_work(G) <= max_work
    return max(n, EXACT_MAX_NODES) if cheap else EXACT_MAX_NODES


def _use_fast(G: nx.Graph, engine: str) -> bool:
    if engine not in ("auto", "networkx", "igraph"):
        raise MatrixError(f"engine: {engine!r}; choose auto, networkx or igraph")
    if engine == "networkx" or G.is_multigraph():
        return False
    if engine == "igraph":
        if not _fast.fast_available():
            raise MatrixError(
                "engine='igraph' needs python-igraph: pip install 'clusteratlas[fast]'"
            )
        return True
    return G.number_of_edges() >= _fast.FAST_MIN_EDGES and _fast.fast_available()


def _fast_frame(
    G: nx.Graph,
    out: pd.DataFrame,
    measures: Sequence[str],
    weight: str | None,
    exact: bool,
    k_used: int,
    seed: int,
    alpha: float,
) -> pd.DataFrame:
    """The same columns as the networkx path, from :mod:`clusteratlas.graph.analytics._fast`."""
    found = _fast.fast_measures(G, set(measures), weight, exact, k_used, seed, alpha)
    if "degree" in measures:
        out["degree"] = pd.Series(dict(G.degree()), dtype="int64")
    for name in ("strength", "pagerank", "betweenness", "eigenvector", "closeness", "harmonic"):
        if name in measures:
            out[name] = found[name].to_numpy()
        if name == "betweenness" and name in measures:
            out["betweenness_k"] = k_used
    if "closeness" in measures or "harmonic" in measures:
        out["distance_k"] = k_used
    order = [c for c in (*ALL_MEASURES, "betweenness_k", "distance_k") if c in out.columns]
    return out[order]


def _with_distance(G: nx.Graph, weight: str | None) -> nx.Graph:
    """A copy with ``_w`` (strength) and ``_d`` (1 / strength) on every edge."""
    H = G.__class__()
    H.add_nodes_from(G.nodes)
    edges = list(G.edges(data=weight, default=1.0)) if weight else [(u, v, 1.0) for u, v in G.edges]
    w = edge_weights(edges)
    H.add_edges_from(
        (u, v, {"_w": float(x), "_d": 1.0 / float(x)})
        for (u, v, _), x in zip(edges, w, strict=True)
        if x > 0  # a zero-strength edge is no link
    )
    return H


def _eigenvector(H: nx.Graph) -> pd.Series:
    result = pd.Series(np.nan, index=list(H.nodes), dtype="float64")
    finder: Any = nx.strongly_connected_components if H.is_directed() else nx.connected_components
    comps: list[set[Any]] = list(finder(H))
    largest: set[Any] = max(comps, key=lambda c: (len(c), min(map(str, c))), default=set())
    if len(largest) < 2:
        return result
    sub = H.subgraph(largest)
    try:
        if len(sub) > 2:
            ev = nx.eigenvector_centrality_numpy(sub, weight="_w")
        else:
            ev = nx.eigenvector_centrality(sub, max_iter=1000, tol=1e-10, weight="_w")
    except (nx.NetworkXException, ArithmeticError):
        return result
    found = pd.Series({node: abs(value) for node, value in ev.items()}, dtype="float64")
    return found.reindex(result.index)


def _distance_measures(H: nx.Graph, sources: list[object]) -> tuple[pd.Series, pd.Series]:
    """Closeness and harmonic from Dijkstra runs out of ``sources`` (distances u -> v)."""
    n = H.number_of_nodes()
    total = dict.fromkeys(H.nodes, 0.0)
    reach = dict.fromkeys(H.nodes, 0)
    inverse = dict.fromkeys(H.nodes, 0.0)
    for s in sources:
        for v, d in nx.single_source_dijkstra_path_length(H, s, weight="_d").items():
            if v == s:
                continue
            total[v] += d
            reach[v] += 1
            inverse[v] += 1.0 / d
    source_set = set(sources)
    closeness, harmonic = {}, {}
    for v in H.nodes:
        m = len(sources) - (1 if v in source_set else 0)
        if m == 0 or total[v] == 0:
            closeness[v], harmonic[v] = 0.0, 0.0
            continue
        scale = (n - 1) / m
        closeness[v] = (reach[v] / total[v]) * (reach[v] / m)
        harmonic[v] = inverse[v] * scale
    return pd.Series(closeness, dtype="float64"), pd.Series(harmonic, dtype="float64")
