"""Network measures computed inside Neo4j by the Graph Data Science library (GDS).

The analytics wing computes centralities in this Python process (networkx, the
reference, or igraph); this module is the third engine, for graphs that live in
the database (and, on a Neo4j cluster or Aura, need not fit one machine). It
projects one of three networks stored in the graph into GDS's in-memory catalog,
runs the algorithm there and streams the results back, with the *same
definitions, normalisations and column names* as
:func:`clusteratlas.graph.analytics.centrality.centrality`:

=============  ===============================================================
network        projection (Cypher aggregation, one relationship per pair)
=============  ===============================================================
``cluster``    ``(:Cluster)-[:LINKED_TO]->(:Cluster)``, undirected, weight =
               the sum over kinds (io + supply), as written back by
               ``clusteratlas analyze --write-back``
``supply``     ``(:Company)-[:SUPPLIES]->(:Company)``, directed, weight = the
               sum over years of ``value`` (1.0 when unknown), every company a node
``industry``   ``(:Industry)-[:INPUT_TO {year}]->(:Industry)``, directed,
               weight = the coefficient a_ij; nodes: industries linked that year
=============  ===============================================================

Measures (networkx conventions; ``n`` nodes):

- ``degree``: neighbours, in + out for directed networks (``gds.degree`` with
  orientations NATURAL and REVERSE); ``strength``: the same, weighted.
- ``pagerank``: ``gds.pageRank`` (damping ``alpha``, weighted, tolerance 1e-10),
  divided by its sum. GDS leaks the rank of dangling nodes where networkx hands it
  out uniformly; both teleport uniformly, so the two vectors are proportional and
  equal once normalised.
- ``betweenness``: ``gds.betweenness`` with the distance 1 / weight, times
  2 / ((n-1)(n-2)) for undirected and 1 / ((n-1)(n-2)) for directed networks
  (networkx's normalisation); exact when the engine policy of the definitions floor
  says GDS can afford it (:func:`~clusteratlas.graph.definitions.engine.plan_from_size`,
  the same rule as the Python engines with GDS's budget), else from ``k`` sources
  sampled with ``seed`` (``samplingSize``, ``samplingSeed``), times n / k, like
  networkx's estimate (the sources differ, so sampled values agree in expectation only).
- :func:`gds_louvain`: ``gds.louvain`` on the undirected weighted network, run with
  one thread (deterministic); returns a community per node and the modularity.

Links of weight <= 0 are left out of the projection (networkx counts them in
``degree`` only). Every projected graph is dropped after use, also on failure.

Examples
--------
>>> gds_centrality(driver, "cluster", ["pagerank", "betweenness"])  # doctest: +SKIP
                     pagerank  betweenness  betweenness_k
node
110101|GB4754:I|2020 0.000091     0.000000           50
...
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import networkx as nx
import pandas as pd

from clusteratlas.errors import MatrixError, QueryError
from clusteratlas.graph.definitions.engine import PathPlan, plan_from_size, plan_path_measures
from clusteratlas.graph.neo4j_store.driver_errors import driver_errors

__all__ = [
    "GDS_MEASURES",
    "NETWORKS",
    "gds_centrality",
    "gds_louvain",
    "gds_network_centralities",
    "gds_version",
]

GDS_MEASURES = ("degree", "strength", "pagerank", "betweenness")
"""The measures :func:`gds_centrality` computes (the others of ``centrality`` are not offered)."""

_CLUSTER = """
MATCH (a:Cluster) WHERE $nodes IS NULL OR a.id IN $nodes
OPTIONAL MATCH (a)-[l:LINKED_TO]->(b:Cluster) WHERE $nodes IS NULL OR b.id IN $nodes
WITH a, b, sum(l.weight) AS w
WITH a, CASE WHEN w > 0 THEN b END AS b, w
RETURN gds.graph.project($graph, a, b,
  {relationshipProperties: CASE WHEN b IS NULL THEN null ELSE {weight: w, distance: 1.0 / w} END},
  {undirectedRelationshipTypes: $undirected}) AS g
"""

_SUPPLY = """
MATCH (a:Company) WHERE $nodes IS NULL OR a.id IN $nodes
OPTIONAL MATCH (a)-[l:SUPPLIES]->(b:Company)
  WHERE ($year IS NULL OR l.year = $year) AND ($nodes IS NULL OR b.id IN $nodes)
WITH a, b, sum(coalesce(l.value, 1.0)) AS w
WITH a, CASE WHEN w > 0 THEN b END AS b, w
RETURN gds.graph.project($graph, a, b,
  {relationshipProperties: CASE WHEN b IS NULL THEN null ELSE {weight: w, distance: 1.0 / w} END},
  {undirectedRelationshipTypes: $undirected}) AS g
"""

_INDUSTRY = """
MATCH (a:Industry)-[l:INPUT_TO {year: $year}]->(b:Industry)
WHERE ($scheme IS NULL OR a.scheme = $scheme) AND l.coefficient > 0
WITH a, b, sum(l.coefficient) AS w
RETURN gds.graph.project($graph, a, b,
  {relationshipProperties: {weight: w, distance: 1.0 / w}},
  {undirectedRelationshipTypes: $undirected}) AS g
"""

NETWORKS: dict[str, tuple[str, str, bool]] = {
    "cluster": (_CLUSTER, "id", False),
    "supply": (_SUPPLY, "id", True),
    "industry": (_INDUSTRY, "code", True),
}
"""network -> (projection Cypher, key property of its nodes, directed)."""


def _translate(error: BaseException) -> QueryError | None:
    code = getattr(error, "code", "") or ""
    message = getattr(error, "message", "") or str(error)
    if "ProcedureNotFound" in code or ("gds." in message and "Unknown function" in message):
        return QueryError(
            "this Neo4j server has no Graph Data Science library (gds.*): scripts/neo4j-local "
            "installs it, docker-compose.yml names it in NEO4J_PLUGINS; or use --engine "
            "networkx|igraph"
        )
    return None


def _boundary(action: str) -> driver_errors:
    return driver_errors(action, QueryError, _translate)


def gds_version(driver: Any, database: str | None = None) -> str:
    """The GDS version on the server (``2.13.9`` on the local server).

    Parameters
    ----------
    driver : neo4j.Driver
        An open driver to a server with the GDS plugin.
    database : str, optional
        The database (default the server's default database).

    Returns
    -------
    str
        ``gds.version()``.

    Raises
    ------
    QueryError
        The server has no GDS, or GDS failed.
    Neo4jUnavailableError
        The server cannot be reached.

    Examples
    --------
    >>> gds_version(driver)  # doctest: +SKIP
    '2.13.9'
    """
    with _boundary("asking for the GDS version"):
        records, _, _ = driver.execute_query("RETURN gds.version() AS v", database_=database)
    return str(records[0]["v"])


@contextmanager
def _projected(
    driver: Any,
    network: str,
    *,
    undirected: bool,
    nodes: Collection[str] | None,
    year: int | None,
    scheme: str | None,
    database: str | None,
) -> Iterator[tuple[str, int, int]]:
    """Project ``network`` into the GDS catalog; yield (name, nodes, relationships); drop it."""
    if network not in NETWORKS:
        raise MatrixError(f"network: {network!r}; choose {', '.join(NETWORKS)}")
    if network == "industry" and year is None:
        raise MatrixError("network 'industry' needs the input-output year")
    query = NETWORKS[network][0]
    name = f"clusteratlas-{network}-{uuid.uuid4().hex[:12]}"
    params = {
        "graph": name,
        "nodes": sorted(nodes) if nodes is not None else None,
        "year": year,
        "scheme": scheme,
        "undirected": ["*"] if undirected else [],
    }
    with _boundary(f"projecting the {network} network into GDS"):
        records, _, _ = driver.execute_query(query, params, database_=database)
    info = records[0]["g"] if records else None
    if not info:
        raise MatrixError(f"the {network} network is empty in the database (load it first)")
    try:
        yield name, int(info["nodeCount"]), int(info["relationshipCount"])
    finally:
        with _boundary("dropping a GDS graph"):
            driver.execute_query(
                "CALL gds.graph.drop($graph, false) YIELD graphName RETURN graphName",
                graph=name,
                database_=database,
            )


def _stream(
    driver: Any, call: str, graph: str, key: str, config: dict[str, Any], database: str | None
) -> pd.Series:
    query = (
        f"CALL {call}($graph, $config) YIELD nodeId, score "
        f"RETURN gds.util.asNode(nodeId).{key} AS node, score"
    )
    with _boundary(f"running {call}"):
        records, _, _ = driver.execute_query(query, graph=graph, config=config, database_=database)
    return pd.Series(
        [float(r["score"]) for r in records],
        index=pd.Index([r["node"] for r in records], dtype="object"),
        dtype="float64",
    )


def gds_centrality(
    driver: Any,
    network: str = "cluster",
    measures: Sequence[str] = GDS_MEASURES,
    *,
    nodes: Collection[str] | None = None,
    year: int | None = None,
    scheme: str | None = None,
    plan: PathPlan | None = None,
    k: int = 500,
    seed: int = 0,
    alpha: float = 0.85,
    database: str | None = None,
) -> pd.DataFrame:
    """Centralities of every node of a stored network, computed by GDS in the database.

    Parameters
    ----------
    driver
        An open driver to a server with GDS (see :func:`gds_version`).
    network : {"cluster", "supply", "industry"}
        Which stored network to project (see the module doc).
    measures : sequence of str
        Any of :data:`GDS_MEASURES`.
    nodes : collection of str, optional
        Only these nodes (cluster ids, company ids): e.g. the clusters of one run.
    year : int, optional
        ``supply``: only the links of that year (default: every year, summed);
        ``industry``: the input-output year (required).
    scheme : str, optional
        ``industry``: only links from industries of this scheme (``NBS42``).
    plan : PathPlan, optional
        Whether betweenness is exact or sampled (and from how many sources): a caller
        that has the network plans it by its components
        (:func:`~clusteratlas.graph.definitions.engine.plan_path_measures` with engine
        ``gds``); default :func:`~clusteratlas.graph.definitions.engine.plan_from_size` of
        the projected network, as one component.
    k, seed, alpha
        As in :func:`~clusteratlas.graph.analytics.centrality.centrality` (``k`` and
        ``seed`` only without ``plan``; defaults 500, 0 and 0.85).
    database : str, optional
        The database (default the server's default database).

    Returns
    -------
    DataFrame
        Indexed by node key (``Cluster.id``, ``Company.id``, ``Industry.code``), the
        requested columns in :data:`GDS_MEASURES` order, plus ``betweenness_k``; values
        with networkx's definitions and normalisation (module doc); ``attrs["plan"]``:
        the plan that ran, as a dict.

    Raises
    ------
    MatrixError
        Unknown network or measure, or an empty network.
    QueryError
        The server has no GDS, or GDS failed.
    Neo4jUnavailableError
        The server cannot be reached.

    Examples
    --------
    >>> c = gds_centrality(driver, "industry", ["pagerank"], year=2020)  # doctest: +SKIP
    >>> round(c["pagerank"].sum(), 9)  # doctest: +SKIP
    1.0
    """
    unknown = [m for m in measures if m not in GDS_MEASURES]
    if unknown:
        raise MatrixError(
            f"measures: {unknown} are not offered by the GDS engine; choose from "
            f"{list(GDS_MEASURES)} (or compute them with engine networkx|igraph)"
        )
    _, key, directed = NETWORKS.get(network, ("", "id", False))
    with _projected(
        driver,
        network,
        undirected=not directed,
        nodes=nodes,
        year=year,
        scheme=scheme,
        database=database,
    ) as (graph, n, m):
        if plan is None:
            plan = plan_from_size("gds", n, m, k=k, seed=seed)
        out = pd.DataFrame(index=pd.Index([], dtype="object", name="node"))
        stream = lambda call, config: _stream(driver, call, graph, key, config, database)  # noqa: E731
        orientations = ["NATURAL", "REVERSE"] if directed else ["NATURAL"]
        if "degree" in measures:
            degree = _total([stream("gds.degree.stream", {"orientation": o}) for o in orientations])
            out = out.reindex(out.index.union(degree.index))
            out["degree"] = degree.reindex(out.index).round().astype("int64")
        if "strength" in measures:
            weighted = {"relationshipWeightProperty": "weight"}
            strength = _total(
                [stream("gds.degree.stream", {"orientation": o, **weighted}) for o in orientations]
            )
            out = out.reindex(out.index.union(strength.index))
            out["strength"] = strength.reindex(out.index)
        if "pagerank" in measures:
            config = {
                "dampingFactor": alpha,
                "relationshipWeightProperty": "weight",
                "maxIterations": 1000,
                "tolerance": 1e-10,
            }
            rank = stream("gds.pageRank.stream", config)
            out = out.reindex(out.index.union(rank.index))
            out["pagerank"] = (rank / rank.sum()).reindex(out.index)
        if "betweenness" in measures:
            k_used = n if plan.exact else min(plan.sources, n)
            config = {"relationshipWeightProperty": "distance"}
            if not plan.exact:
                config |= {"samplingSize": k_used, "samplingSeed": plan.seed}
            raw = stream("gds.betweenness.stream", config)
            scale = (1.0 if directed else 2.0) / ((n - 1) * (n - 2)) if n > 2 else 1.0
            scale *= n / k_used
            out = out.reindex(out.index.union(raw.index))
            out["betweenness"] = (raw * scale).reindex(out.index)
            out["betweenness_k"] = k_used
    out.index.name = "node"
    order = [c for c in (*GDS_MEASURES, "betweenness_k") if c in out.columns]
    out = out[order].sort_index()
    out.attrs["plan"] = plan.to_dict() if plan is not None else None
    return out


def _total(parts: list[pd.Series]) -> pd.Series:
    """The sum of per-orientation scores (a node missing from one counts 0 there)."""
    out = parts[0]
    for part in parts[1:]:
        out = out.add(part, fill_value=0.0)
    return out


def gds_louvain(
    driver: Any,
    network: str = "cluster",
    *,
    nodes: Collection[str] | None = None,
    year: int | None = None,
    scheme: str | None = None,
    database: str | None = None,
) -> tuple[pd.Series, float]:
    """Louvain communities of a stored network by GDS: (community per node, modularity).

    The network is projected undirected and weighted (a directed network's two
    directions become two parallel links, whose weights add up, as networkx's
    ``louvain_communities`` on the summed undirected graph sees them), and GDS runs
    with one thread so that the result is deterministic. Community ids are GDS's
    (arbitrary integers); the modularity is GDS's, on the weighted network
    (Newman 2004; resolution 1).

    Parameters
    ----------
    driver : neo4j.Driver
        An open driver to a server with the GDS plugin.
    network : {"cluster", "supply", "industry"}, default "cluster"
        Which stored network to project (see the module doc).
    nodes : collection of str, optional
        Only these nodes (cluster ids, company ids): e.g. the clusters of one run.
    year : int, optional
        ``supply``: only the links of that year (default: every year, summed);
        ``industry``: the input-output year (required).
    scheme : str, optional
        ``industry``: only links from industries of this scheme (``NBS42``).
    database : str, optional
        The database (default the server's default database).

    Returns
    -------
    (Series, float)
        The community id (int) of every node, indexed by node key, and the
        partition's modularity.

    Raises
    ------
    MatrixError
        Unknown network, ``industry`` without a year, or an empty network.
    QueryError
        The server has no GDS, or GDS failed.
    Neo4jUnavailableError
        The server cannot be reached.

    References
    ----------
    Blondel, V. D. et al. (2008). Fast unfolding of communities in large networks.
    J. Stat. Mech. P10008.

    Examples
    --------
    >>> communities, q = gds_louvain(driver, "cluster")  # doctest: +SKIP
    """
    _, key, _ = NETWORKS.get(network, ("", "id", False))
    with _projected(
        driver,
        network,
        undirected=True,
        nodes=nodes,
        year=year,
        scheme=scheme,
        database=database,
    ) as (graph, _, _):
        config = {"relationshipWeightProperty": "weight", "concurrency": 1}
        with _boundary("running gds.louvain"):
            records, _, _ = driver.execute_query(
                f"CALL gds.louvain.stream($graph, $config) YIELD nodeId, communityId "
                f"RETURN gds.util.asNode(nodeId).{key} AS node, communityId",
                graph=graph,
                config=config,
                database_=database,
            )
            stats, _, _ = driver.execute_query(
                "CALL gds.louvain.stats($graph, $config) YIELD modularity RETURN modularity",
                graph=graph,
                config=config,
                database_=database,
            )
    communities = pd.Series(
        [int(r["communityId"]) for r in records],
        index=pd.Index([r["node"] for r in records], dtype="object", name="node"),
        name="community",
        dtype="int64",
    ).sort_index()
    return communities, float(stats[0]["modularity"])


def gds_network_centralities(
    driver: Any,
    clusters: pd.DataFrame,
    cluster_links: pd.DataFrame,
    *,
    io_year: int | None,
    io_scheme: str | None,
    k: int = 50,
    seed: int = 0,
    measures: Sequence[str] = GDS_MEASURES,
    database: str | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, dict[str, Any]]]:
    """The centralities ``analyze`` computes, computed by GDS on the networks stored in Neo4j.

    The cluster network is projected from ``LINKED_TO`` restricted to ``clusters`` (the
    clusters and links of one analysis, written back first), planned by its components
    (``cluster_links`` give them) with GDS's budget; the industry network is the loaded
    input-output table of ``io_year`` (and ``io_scheme``), the supply network the loaded
    firm links (when there are any).

    Parameters
    ----------
    driver
        An open driver to a server with GDS.
    clusters : DataFrame
        The clusters of the analysis (``cluster_id``, ...), as written back.
    cluster_links : DataFrame
        ``source``, ``target`` of the cluster network, as written back.
    io_year, io_scheme : int and str, optional
        The analysis scope's input-output table (None: no industry network).
    k, seed : int
        Sources sampled where the exact computation is over budget, and their seed.
    measures : sequence of str
        Any of :data:`GDS_MEASURES`.
    database : str, optional

    Returns
    -------
    tuple
        ``clusters`` with the measure columns joined on; the centralities of the
        industry and supply networks (columns ``network``, ``node``, ``name`` and the
        measures, as ``analyze`` makes them); the plans that ran, by network.

    Examples
    --------
    >>> clusters, cent, plans = gds_network_centralities(  # doctest: +SKIP
    ...     driver, a.clusters, a.cluster_links, io_year=2020, io_scheme="NBS42")
    """
    plans: dict[str, dict[str, Any]] = {}
    ids = clusters["cluster_id"].astype(str).tolist()
    if ids:
        network: nx.Graph = nx.Graph()
        network.add_nodes_from(ids)
        network.add_edges_from(zip(cluster_links["source"], cluster_links["target"], strict=True))
        plan = plan_path_measures(network, "gds", k=k, seed=seed)
        cent = gds_centrality(driver, "cluster", measures, nodes=ids, plan=plan, database=database)
        plans["cluster"] = plan.to_dict()
        clusters = clusters.drop(columns=[c for c in cent.columns if c in clusters.columns])
        clusters = clusters.merge(cent, left_on="cluster_id", right_index=True, how="left")
    frames = []
    if io_year is not None:
        cent = gds_centrality(
            driver,
            "industry",
            measures,
            year=int(io_year),
            scheme=io_scheme,
            k=k,
            seed=seed,
            database=database,
        )
        plans["industry"] = cent.attrs["plan"]
        frames.append(
            cent.assign(network="industry", name=_names(driver, "Industry", cent, database))
        )
    if _has_supply_links(driver, database):
        cent = gds_centrality(driver, "supply", measures, k=k, seed=seed, database=database)
        plans["supply"] = cent.attrs["plan"]
        frames.append(cent.assign(network="supply", name=_names(driver, "Company", cent, database)))
    centralities = pd.concat(frames) if frames else pd.DataFrame(columns=["network", "name"])
    centralities.index.name = "node"
    centralities = centralities.reset_index()
    lead = ["network", "node", "name"]
    centralities = centralities[lead + [c for c in centralities.columns if c not in lead]]
    return clusters, centralities, plans


def _names(driver: Any, label: str, frame: pd.DataFrame, database: str | None) -> list[Any]:
    key = "code" if label == "Industry" else "id"
    with _boundary(f"reading {label} names"):
        records, _, _ = driver.execute_query(
            f"UNWIND $keys AS k MATCH (n:{label} {{{key}: k}}) "
            f"RETURN n.{key} AS key, n.name AS name",
            keys=[str(x) for x in frame.index],
            database_=database,
        )
    names = {r["key"]: r["name"] for r in records}
    return [names.get(str(x)) for x in frame.index]


def _has_supply_links(driver: Any, database: str | None) -> bool:
    with _boundary("looking for supply links"):
        records, _, _ = driver.execute_query(
            "RETURN EXISTS { (:Company)-[:SUPPLIES]->(:Company) } AS found", database_=database
        )
    return bool(records[0]["found"])
