"""Which engine computes path measures, and whether exactly: one policy for every network.

Betweenness, closeness and harmonic centrality need a shortest-path search from every
source node (Brandes 2001). A search from a source visits only the source's (weakly)
connected component, so the exact cost of a network is not n x m but a sum over its
components c of n_c searches of n_c nodes and m_c links:

    work = sum_c n_c (n_c + m_c)

Components of one or two nodes carry no path through a third node and cost nothing
(an edgeless network of any size is free). :func:`plan_path_measures` decides, in this
order and in one place:

1. the engine that will really run (:func:`resolve_engine`): ``networkx`` (the
   reference, in Python), ``igraph`` (the same measures in C, a core dependency) or
   ``gds`` (Neo4j's Graph Data Science library, in the database); ``auto`` takes igraph
   from :data:`FAST_MIN_EDGES` links on, networkx below (where both take milliseconds);
2. whether that engine can afford the exact computation: ``work`` against the engine's
   budget :data:`EXACT_WORK` (a few seconds each on a 2-core development machine;
   ``benchmarks/cluster_betweenness_benchmark.py`` measures the rates);
3. otherwise the sample: ``k`` source nodes drawn with ``seed`` (Brandes & Pich 2007).

The :class:`PathPlan` it returns says what ran; the centrality tables carry it
(``betweenness_k``, and ``attrs["plan"]``), ``analyze`` records it in its parameters
and prints it.

References
----------
Brandes, U. (2001). A faster algorithm for betweenness centrality. Journal of
Mathematical Sociology 25(2), 163-177. Brandes, U. & Pich, C. (2007). Centrality
estimation in large networks. International Journal of Bifurcation and Chaos 17(7).

Examples
--------
>>> import networkx as nx
>>> plan = plan_path_measures(nx.empty_graph(50_000), engine="networkx")
>>> plan.exact, plan.work
(True, 0)
>>> G = nx.union_all([nx.path_graph(range(i, i + 4)) for i in range(0, 40, 4)])
>>> plan = plan_path_measures(G, engine="networkx")
>>> plan.work, plan.components, plan.largest  # 10 paths of 4 nodes: 10 x 4 x (4 + 3)
(280, 10, 4)
>>> plan.describe()
'exact, networkx (40 nodes, 30 links, 10 components, the largest of 4 nodes)'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from types import MappingProxyType
from typing import Any

import networkx as nx

from clusteratlas.errors import UsageError

__all__ = [
    "ENGINES",
    "EXACT_WORK",
    "FAST_MIN_EDGES",
    "PathPlan",
    "component_work",
    "plan_from_size",
    "plan_path_measures",
    "resolve_engine",
]

ENGINES = ("auto", "networkx", "igraph", "gds")
"""Engine names: ``auto`` resolves to ``networkx`` or ``igraph``; ``gds`` runs in Neo4j."""

EXACT_WORK: Mapping[str, int] = MappingProxyType(
    {"networkx": 4_000_000, "igraph": 50_000_000, "gds": 50_000_000}
)
"""Largest exact ``work`` (sum_c n_c (n_c + m_c)) each engine computes; sampled above.

networkx's betweenness runs about 0.8 million units a second here one component at a
time, igraph about 30 million. The bundled cluster network is one large component of
about 200 million units (6.3 s exact in igraph): ``analyze`` samples it from 50
sources in 0.09 s, Spearman 0.95 with exact (``docs/cluster-network.md``). The earlier,
prefecture-bound network (2.6 million units in 2,662 components) was exact. GDS, in the
JVM, is budgeted like igraph."""

FAST_MIN_EDGES = 500
"""``auto`` uses igraph for networks with at least this many links, networkx below (the
national input-output table's 1,661 links cost networkx a quarter of a second)."""


def _igraph_available() -> bool:
    """Whether python-igraph can be imported (a dependency of the package; a broken or
    stripped install may lack it, and ``auto`` then falls back to networkx, saying so).

    Returns
    -------
    bool

    Examples
    --------
    >>> isinstance(_igraph_available(), bool)
    True
    """
    try:
        import igraph  # noqa: F401
    except ImportError:
        return False
    return True


def resolve_engine(engine: str, edges: int) -> str:
    """The engine that will run for a network of ``edges`` links when ``engine`` is asked.

    Parameters
    ----------
    engine : {"auto", "networkx", "igraph", "gds"}
    edges : int
        The network's number of links.

    Returns
    -------
    str
        ``networkx``, ``igraph`` or ``gds``: never ``auto``.

    Raises
    ------
    UsageError
        An unknown engine, or ``igraph`` asked for where python-igraph cannot be imported.

    Examples
    --------
    >>> resolve_engine("auto", 10), resolve_engine("networkx", 10**6)
    ('networkx', 'networkx')
    """
    if engine not in ENGINES:
        raise UsageError(f"engine {engine!r}: choose one of {', '.join(ENGINES)}")
    if engine == "igraph" and not _igraph_available():
        raise UsageError(
            "engine igraph: python-igraph cannot be imported (pip install igraph), "
            "or choose engine networkx"
        )
    if engine == "auto":
        return "igraph" if edges >= FAST_MIN_EDGES and _igraph_available() else "networkx"
    return engine


def component_work(G: nx.Graph) -> tuple[int, int, int]:
    """The cost of exact path measures on ``G``: (work, components, largest component).

    work = sum over the (weakly) connected components c with at least three nodes of
    n_c (n_c + m_c): one search per source, each visiting its component's nodes and links.

    Parameters
    ----------
    G : Graph or DiGraph

    Returns
    -------
    tuple of int
        ``(work, number of components, nodes of the largest)``.

    Examples
    --------
    >>> component_work(nx.union(nx.path_graph(3), nx.path_graph([10, 11])))
    (15, 2, 3)
    """
    finder: Any = nx.weakly_connected_components if G.is_directed() else nx.connected_components
    component: dict[Any, int] = {}
    sizes: list[int] = []
    for k, nodes in enumerate(finder(G)):
        sizes.append(len(nodes))
        for node in nodes:
            component[node] = k
    edges = [0] * len(sizes)
    for u, _ in G.edges():
        edges[component[u]] += 1
    work = sum(n * (n + m) for n, m in zip(sizes, edges, strict=True) if n >= 3)
    return work, len(sizes), max(sizes, default=0)


@dataclass(frozen=True)
class PathPlan:
    """How the path measures of one network are computed: engine, exactness and size.

    Attributes
    ----------
    engine : str
        The engine that runs (``networkx``, ``igraph`` or ``gds``).
    exact : bool
        Every node a source (True), or ``sources`` sampled ones (False).
    sources : int
        Source nodes used: the node count when exact, else the sample size k.
    seed : int
        Seed of the sample (unused when exact).
    nodes, edges, components, largest, work : int
        The network's size and the cost of the exact computation
        (:func:`component_work`).
    budget : int
        The engine's exact budget (:data:`EXACT_WORK`).
    """

    engine: str
    exact: bool
    sources: int
    seed: int
    nodes: int
    edges: int
    components: int
    largest: int
    work: int
    budget: int

    def describe(self) -> str:
        """One line for logs, tables and pages.

        Returns
        -------
        str

        Examples
        --------
        >>> PathPlan("igraph", False, 50, 0, 3943, 20000, 1, 3943, 9 * 10**7, 5 * 10**7).describe()
        'sampled from 50 of 3,943 sources (seed 0), igraph (3,943 nodes, 20,000 links, 1 component, the largest of 3,943 nodes)'
        """  # noqa: E501
        how = (
            "exact"
            if self.exact
            else f"sampled from {self.sources:,} of {self.nodes:,} sources (seed {self.seed})"
        )
        comps = f"{self.components:,} component{'s' if self.components != 1 else ''}"
        return (
            f"{how}, {self.engine} ({self.nodes:,} nodes, {self.edges:,} links, {comps}, "
            f"the largest of {self.largest:,} nodes)"
        )

    def to_dict(self) -> dict[str, Any]:
        """The plan as plain values (for parameters written back and JSON).

        Returns
        -------
        dict

        Examples
        --------
        >>> PathPlan("networkx", True, 3, 0, 3, 2, 1, 3, 15, 10).to_dict()["engine"]
        'networkx'
        """
        return asdict(self)


def plan_path_measures(
    G: nx.Graph,
    engine: str = "auto",
    *,
    k: int = 500,
    seed: int = 0,
    exact: bool | None = None,
) -> PathPlan:
    """Decide engine and exactness for the path measures of ``G`` (see the module docstring).

    Parameters
    ----------
    G : Graph or DiGraph
        The network as the measures see it (links of zero strength already dropped).
    engine : {"auto", "networkx", "igraph", "gds"}
    k : int
        Sources sampled when the exact computation is over the engine's budget.
    seed : int
        Seed of the sample.
    exact : bool, optional
        Force exact (True) or sampled (False) path measures; None: the budget decides.

    Returns
    -------
    PathPlan

    Examples
    --------
    >>> plan = plan_path_measures(nx.complete_graph(300), engine="networkx", k=100)
    >>> plan.exact, plan.sources, plan.work > plan.budget  # 300 x (300 + 44,850) units
    (False, 100, True)
    >>> plan_path_measures(nx.complete_graph(300), engine="igraph").exact
    True
    """
    work, components, largest = component_work(G)
    return plan_from_size(
        engine,
        G.number_of_nodes(),
        G.number_of_edges(),
        work=work,
        components=components,
        largest=largest,
        k=k,
        seed=seed,
        exact=exact,
    )


def plan_from_size(
    engine: str,
    nodes: int,
    edges: int,
    *,
    work: int | None = None,
    components: int = 1,
    largest: int | None = None,
    k: int = 500,
    seed: int = 0,
    exact: bool | None = None,
) -> PathPlan:
    """:func:`plan_path_measures` for a network known by its size only (one in a database).

    Without ``work`` the network is taken as one component: work = n (n + m), an upper
    bound (GDS projections in Neo4j are planned so, unless the caller counts components).

    Parameters
    ----------
    engine : str
        ``auto``, ``networkx``, ``igraph`` or ``gds`` (resolved as :func:`resolve_engine`).
    nodes, edges : int
        The network's size.
    work, components, largest : int, optional
        From :func:`component_work` when the caller has the graph (default: one component
        of every node).
    k, seed : int
        Sources sampled above the budget, and their seed.
    exact : bool, optional
        Force exact or sampled (None: the budget decides).

    Returns
    -------
    PathPlan

    Examples
    --------
    >>> plan_from_size("gds", 20_000, 100_000, k=50).describe()
    'sampled from 50 of 20,000 sources (seed 0), gds (20,000 nodes, 100,000 links, 1 component, the largest of 20,000 nodes)'
    """  # noqa: E501
    ran = resolve_engine(engine, edges)
    if work is None:
        work = nodes * (nodes + edges) if nodes >= 3 else 0
    budget = EXACT_WORK[ran]
    chosen = work <= budget if exact is None else bool(exact)
    sources = nodes if chosen else min(max(int(k), 1), nodes)
    chosen = chosen or sources >= nodes  # a sample of every node is the exact computation
    return PathPlan(
        ran,
        chosen,
        sources,
        int(seed),
        nodes,
        edges,
        components,
        nodes if largest is None else largest,
        work,
        budget,
    )
