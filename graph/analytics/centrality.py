"""Node centralities of a weighted (di)graph in one DataFrame, exact or sampled by cost.

Edge ``weight`` is a strength (bigger = closer; edges of weight 0 are ignored). Path-based
measures (betweenness, closeness, harmonic) use the distance 1 / weight. Which engine
computes them and whether exactly is decided once, by the definitions floor's policy
(:func:`~clusteratlas.graph.definitions.engine.plan_path_measures`): the engine that
will really run, and the real cost of the exact computation (a sum over connected
components, so a network of many small components, or with no links, is cheap). The
plan is returned with the table (``attrs["plan"]``) and the columns ``betweenness_k`` /
``distance_k`` say how many sources were used (the node count when exact).

The networkx engine computes exact path measures one connected component at a time:
networkx's own betweenness initialises a dictionary over the whole graph for every
source, which made the bundled cluster network (11,105 clusters in 2,662 components)
cost 100 s instead of 5 s; per component the values are the same (normalised by the
whole graph's n, as networkx does).

Examples
--------
>>> import networkx as nx
>>> c = centrality(nx.path_graph(3))
>>> c.loc[1, "betweenness"], c.loc[1, "degree"], c.attrs["plan"]["exact"]
(np.float64(1.0), np.int64(2), True)
"""

from __future__ import annotations

import logging
import random
from collections.abc import Sequence
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from clusteratlas.errors import MatrixError
from clusteratlas.graph.analytics import _fast
from clusteratlas.graph.analytics._matrix import edge_weights
from clusteratlas.graph.definitions.engine import (
    PathPlan,
    plan_from_size,
    plan_path_measures,
    resolve_engine,
)

__all__ = ["ALL_MEASURES", "PATH_MEASURES", "centrality"]

log = logging.getLogger("clusteratlas")

ALL_MEASURES = (
    "degree",
    "strength",
    "pagerank",
    "betweenness",
    "eigenvector",
    "closeness",
    "harmonic",
)
PATH_MEASURES = ("betweenness", "closeness", "harmonic")
"""The measures that need shortest paths from every source (exact or sampled)."""


def centrality(
    G: nx.Graph,
    measures: Sequence[str] = ALL_MEASURES,
    weight: str | None = "weight",
    *,
    engine: str = "auto",
    exact: bool | None = None,
    k: int = 500,
    seed: int = 0,
    alpha: float = 0.85,
) -> pd.DataFrame:
    """Centralities of every node of ``G``: one column per measure, indexed by node.

    - ``degree``: number of neighbours (in + out for digraphs); ``strength``: sum of
      edge weights (in + out).
    - ``pagerank``: PageRank with damping ``alpha``, weighted (Brin & Page 1998).
    - ``betweenness``: share of shortest paths (distance 1/weight) through the node,
      normalised by (n - 1)(n - 2) (Brandes 2001); sampled from ``k`` sources when the
      policy says so (Brandes & Pich 2007).
    - ``eigenvector``: principal eigenvector (in-edges for digraphs), weighted; computed
      on the largest (strongly) connected component, where it is defined, NaN elsewhere
      and on components of one node.
    - ``closeness``: (r / sum d) * (r / (n - 1)) with r the nodes that reach the node
      (Wasserman-Faust; incoming distances for digraphs); ``harmonic``: sum_u 1 / d(u, v).
      Sampled from the same sources as betweenness (rescaled by (n - 1) / k).

    Parameters
    ----------
    G : Graph or DiGraph
    measures : sequence of str
        Any of :data:`ALL_MEASURES`.
    weight : str or None
        Edge attribute with the strength (None: every edge 1).
    engine : {"auto", "networkx", "igraph"}
        ``networkx`` is the reference. ``igraph`` computes the same measures (same
        definitions, normalisation and sampled sources) in C (``graph/analytics/_fast.py``);
        one difference: where two paths are equally short in exact arithmetic but not in
        floating point (distances 1/weight, e.g. 1/3 + 1/3 against 2/3), igraph compares
        lengths with a tolerance and counts both, networkx only the strictly shorter, so
        betweenness can differ at such ties.
        ``auto``: igraph from 500 links on, networkx below
        (:func:`~clusteratlas.graph.definitions.engine.resolve_engine`).
    exact : bool, optional
        Force exact (True) or sampled (False) path measures; None: exact when the engine
        can afford it (:func:`~clusteratlas.graph.definitions.engine.plan_path_measures`).
    k, seed : int
        Sample size and seed when sampled.
    alpha : float
        PageRank damping.

    Returns
    -------
    DataFrame
        The requested columns, plus ``betweenness_k`` and/or ``distance_k`` (sources
        used); ``attrs["plan"]``: the :class:`~clusteratlas.graph.definitions.engine.
        PathPlan` as a dict (engine, exact, sources, size, work).

    Raises
    ------
    MatrixError
        An unknown measure, or an edge weight that is negative, NaN or infinite.
    UsageError
        An unknown engine, or igraph asked for and not installed.

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
    out = pd.DataFrame(index=pd.Index(nodes, name="node", dtype="object"))
    arrays = _fast.edge_arrays(G, weight)  # checks every weight; zero strengths dropped
    ran = "networkx" if G.is_multigraph() else resolve_engine(engine, len(arrays.source))
    if ran == "igraph":  # plan from igraph's components: no networkx copy of the graph
        g = _fast.igraph_graph(arrays, G.is_directed())
        work, components, largest = _fast.component_work_of(g, arrays)
        plan = plan_from_size(
            ran,
            len(nodes),
            len(arrays.source),
            work=work,
            components=components,
            largest=largest,
            k=k,
            seed=seed,
            exact=exact,
        )
        out.attrs["plan"] = plan.to_dict()
        return _fast_frame(G, out, measures, weight, plan, alpha, arrays, g)
    H = _with_distance(G, weight)
    plan = plan_path_measures(H, ran, k=k, seed=seed, exact=exact)
    out.attrs["plan"] = plan.to_dict()
    sampled_work = plan.sources * (plan.nodes + plan.edges)
    if not plan.exact and sampled_work > 10 * plan.budget and set(measures) & set(PATH_MEASURES):
        log.warning(
            "path measures with networkx from %d sources on %d nodes and %d links: about %.0f "
            "times its exact budget, minutes of CPU; engine igraph computes the same measures "
            "in C",
            plan.sources,
            plan.nodes,
            plan.edges,
            sampled_work / plan.budget,
        )
    if not nodes:
        return out.assign(**{m: pd.Series(dtype="float64") for m in measures})
    if "degree" in measures:
        out["degree"] = pd.Series(dict(G.degree()), dtype="int64")
    if "strength" in measures:
        out["strength"] = pd.Series(dict(H.degree(weight="_w")), dtype="float64")
    if "pagerank" in measures:
        # networkx's default tol=1e-6 stops on an L1 error of n * 1e-6: on the bundled
        # cluster network (about 11,000 nodes) that left scores 12% off the fixed point
        pagerank = nx.pagerank(H, alpha=alpha, weight="_w", tol=1e-12, max_iter=100_000)
        out["pagerank"] = pd.Series(pagerank)
    if "betweenness" in measures:
        out["betweenness"] = _betweenness(H, plan)
        out["betweenness_k"] = plan.sources
    if "eigenvector" in measures:
        out["eigenvector"] = _eigenvector(H)
    if "closeness" in measures or "harmonic" in measures:
        sources = nodes if plan.exact else _sampled_sources(nodes, plan)
        closeness, harmonic = _distance_measures(H, sources)
        if "closeness" in measures:
            out["closeness"] = closeness
        if "harmonic" in measures:
            out["harmonic"] = harmonic
        out["distance_k"] = len(sources)
    order = [c for c in (*ALL_MEASURES, "betweenness_k", "distance_k") if c in out.columns]
    return out[order]


def _sampled_sources(nodes: list[Any], plan: PathPlan) -> list[Any]:
    """The sampled sources: those networkx draws for ``k`` (the igraph engine draws the same)."""
    return random.Random(plan.seed).sample(nodes, plan.sources)


def _betweenness(H: nx.Graph, plan: PathPlan) -> pd.Series:
    """Normalised betweenness by networkx: per component when exact, networkx's sample else."""
    n = H.number_of_nodes()
    if not plan.exact:
        found = nx.betweenness_centrality(
            H, k=plan.sources, weight="_d", normalized=True, seed=plan.seed
        )
        return pd.Series(found, dtype="float64")
    out = pd.Series(0.0, index=pd.Index(list(H.nodes), dtype="object"))
    if n <= 2:
        return out
    # networkx halves undirected raw betweenness when not normalising; undo it, then
    # normalise by the whole graph's (n - 1)(n - 2) as nx.betweenness_centrality does
    scale = (1.0 if H.is_directed() else 2.0) / ((n - 1) * (n - 2))
    finder: Any = nx.weakly_connected_components if H.is_directed() else nx.connected_components
    for members in finder(H):
        if len(members) < 3:
            continue
        sub = H.subgraph(members).copy()
        raw = nx.betweenness_centrality(sub, weight="_d", normalized=False)
        out[list(raw)] = np.fromiter(raw.values(), dtype="float64", count=len(raw)) * scale
    return out


def _fast_frame(
    G: nx.Graph,
    out: pd.DataFrame,
    measures: Sequence[str],
    weight: str | None,
    plan: PathPlan,
    alpha: float,
    arrays: _fast.EdgeArrays,
    g: Any,
) -> pd.DataFrame:
    """The same columns as the networkx path, from :mod:`clusteratlas.graph.analytics._fast`."""
    k_used = plan.sources
    found = _fast.fast_measures(
        G, set(measures), weight, plan.exact, k_used, plan.seed, alpha, arrays=arrays, graph=g
    )
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
