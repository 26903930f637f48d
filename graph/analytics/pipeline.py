"""The main analysis job: a Dataset in, the region, cluster and centrality tables out.

:func:`analyze` chains the projections and metrics the way ``clusteratlas
analyze`` and ``clusteratlas demo`` use them; scripts can call it too and get
the same tables.

Examples
--------
>>> from clusteratlas.graph.definitions.examples import example_dataset
>>> result = analyze(example_dataset(), growth_years=(2017, 2019))
>>> list(result.regions.index), result.clusters["cluster_id"].tolist()
(['11', '12'], ['11|GB4754:A|2020', '12|GB4754:C|2020'])
"""

from __future__ import annotations

import logging
import time
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import pandas as pd

from clusteratlas.errors import UsageError
from clusteratlas.graph.analytics.centrality import centrality
from clusteratlas.graph.analytics.clusters import (
    CLUSTER_MARKETS,
    DISTANCE_SCALE_KM,
    LINK_COLUMNS,
    MAX_DISTANCE_KM,
    MAX_LINKS,
    MIN_LINKAGE,
    Clusters,
    cluster_centrality,
    cluster_links,
    cluster_network,
    default_min_size,
    detect_clusters,
    industry_markets,
    related_market_potential,
)
from clusteratlas.graph.analytics.composite import DEFAULT_WEIGHTS
from clusteratlas.graph.analytics.declared import declared_cluster_recovery
from clusteratlas.graph.analytics.firms import company_table
from clusteratlas.graph.analytics.resilience import (
    DEFAULT_MIN_SAMPLE,
    SmallSamples,
    resilience_scores,
)
from clusteratlas.graph.definitions.engine import PathPlan, resolve_engine
from clusteratlas.graph.definitions.io_table import industry_network
from clusteratlas.graph.definitions.regions import region_coordinates
from clusteratlas.graph.definitions.scope import AnalysisScope, resolve_scope
from clusteratlas.graph.definitions.supply import supply_network
from clusteratlas.loaders.dataset import Dataset

__all__ = [
    "Analysis",
    "analyze",
    "cluster_tables",
    "link_clusters",
    "network_definition",
    "placed_regions",
]

log = logging.getLogger("clusteratlas")

CLUSTER_MEASURES = ("degree", "strength", "pagerank", "betweenness")


@dataclass(frozen=True)
class Analysis:
    """The tables of one analysis run and the parameters and timings it ran with.

    Attributes
    ----------
    regions : DataFrame
        :func:`~clusteratlas.graph.resilience_scores`: one row per region.
    clusters : DataFrame
        The detected clusters (``Clusters.clusters``) with ``region_name``,
        ``industry_name`` and their centralities in the cluster network.
    members : DataFrame
        ``company_id, cluster_id``.
    centralities : DataFrame
        ``network`` (``industry`` or ``supply``), ``node``, ``name`` and one column per
        measure, for every node of the I-O network and of the firm supply network.
    parameters : dict
        The scope's choices, the thresholds, the composite's components (used and
        dropped), the uncertainty settings, the engine and ``centrality_plans``.
    timings : dict of str to float
        Seconds per step (``resilience_scores``, ``clusters``, ``centralities``).
    scope : AnalysisScope or None
        The scope every table uses.
    cluster_links : DataFrame
        The cluster network's links (:data:`~clusteratlas.graph.analytics.clusters.
        LINK_COLUMNS`).
    network : Graph or None
        The cluster network (:func:`cluster_tables`), for pages that draw it.
    recovery : DataFrame or None
        Declared clusters against the detected ones
        (:func:`~clusteratlas.graph.analytics.declared.declared_cluster_recovery`);
        None when the dataset declares none.
    """

    regions: pd.DataFrame
    clusters: pd.DataFrame
    members: pd.DataFrame
    centralities: pd.DataFrame
    parameters: dict[str, Any] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    scope: AnalysisScope | None = None
    cluster_links: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=LINK_COLUMNS))
    network: nx.Graph | None = None
    recovery: pd.DataFrame | None = None


def analyze(
    dataset: Dataset,
    year: int | None = None,
    *,
    scope: AnalysisScope | None = None,
    level: str | None = None,
    scheme: str | None = None,
    measure: str | None = None,
    io_scheme: str | None = None,
    group_level: str | None = None,
    variety_level: str | None = None,
    growth_years: tuple[int, int] | None = None,
    min_lq: float = 1.25,
    top_share: float = 0.25,
    min_cluster_size: float | None = None,
    cluster_markets: Collection[str] = CLUSTER_MARKETS,
    centrality_k: int = 50,
    seed: int = 0,
    weights: Mapping[str, float] = DEFAULT_WEIGHTS,
    bootstrap: int = 200,
    min_sample: int = DEFAULT_MIN_SAMPLE,
    small_samples: SmallSamples = "flag",
    engine: str = "auto",
) -> Analysis:
    """Resilience scores, clusters with their centrality, and network centralities.

    Every table uses one :class:`~clusteratlas.graph.definitions.scope.AnalysisScope`:
    ``scope``, or the one inferred from the data with the choices given
    (``year``, ``level``, ``scheme``, ``measure``, ``io_scheme``, ``group_level``,
    ``variety_level``; on the bundled data county x GB4754 employment 2020, NBS42).

    - ``regions``: :func:`~clusteratlas.graph.resilience_scores` (one row per region,
      with ``weights``, ``bootstrap`` replicates seeded with ``seed``, ``min_sample``
      and ``small_samples``; the components it used, those it dropped and why, and
      its uncertainty settings are in ``parameters``);
    - ``clusters``: :func:`~clusteratlas.graph.analytics.clusters.detect_clusters` on E
      (and supply communities when the data have supply links), with the centrality of
      each cluster in the cluster network (:func:`link_clusters`: I-O linkages between
      nearby clusters weighted by size and distance, plus firm supply links);
    - ``members``: company_id, cluster_id;
    - ``centralities``: centrality of every node of the industry (I-O) network and of the
      firm supply network (when it has links), column ``network`` says which;
    - ``cluster_links``: the links of the cluster network (:func:`~clusteratlas.graph.
      analytics.clusters.cluster_links`: source, target, kind, weight, inferred).

    Path measures (betweenness, closeness, harmonic) are exact when the engine that runs
    can afford it, else sampled with ``centrality_k`` sources and ``seed``: the floor's
    policy (:func:`~clusteratlas.graph.definitions.engine.plan_path_measures`) decides
    per network from the real cost (a sum over connected components), and the
    ``betweenness_k`` column says how many sources were used. ``engine`` (``auto``,
    ``networkx``, ``igraph``) computes the centralities (see
    :func:`~clusteratlas.graph.analytics.centrality.centrality`); ``none`` leaves them
    out, for an engine outside this process (``clusteratlas analyze --engine gds``
    computes them in Neo4j with :func:`clusteratlas.graph.neo4j_store.gds.gds_centrality`).
    ``parameters`` holds the scope's choices, the thresholds and, under
    ``centrality_plans``, what ran for each network (engine, exact or sampled, sources).

    Parameters
    ----------
    dataset : Dataset
        The data to analyse.
    year : int, optional
        Year of E (default: the latest with rows at the scope's level).
    scope : AnalysisScope, optional
        The whole scope at once, instead of the separate choices below.
    level, scheme, measure, io_scheme, group_level, variety_level : str, optional
        Choices of the :class:`~clusteratlas.graph.definitions.scope.AnalysisScope`
        (None: ``dataset.json``'s, else inferred from the data).
    growth_years : (int, int), optional
        First and last year of the national series for the portfolio covariance
        (default the scope's; the bundled data: 2003-2018).
    min_lq : float, default 1.25
        Smallest location quotient of a specialisation cluster.
    top_share : float, default 0.25
        Share of regions, ranked by LQ in an industry, a cluster's region must be among.
    min_cluster_size : float, optional
        Smallest cluster size E_ri (None: :func:`default_min_size`, 30 sampled units on
        sample counts, else 0).
    cluster_markets : collection of str, default traded, mixed, resource
        Market kinds (``dataset.json`` ``industry_markets``) that can form clusters.
    centrality_k : int, default 50
        Sampled sources of the path measures where they cannot be exact.
    seed : int, default 0
        Seed of the bootstrap, the Louvain communities and sampled centralities.
    weights : mapping, default :data:`~clusteratlas.graph.analytics.composite.DEFAULT_WEIGHTS`
        Composite weights by component name.
    bootstrap : int, default 200
        Bootstrap replicates of the resilience intervals (0: none).
    min_sample : int, default 2000
        Regions with fewer sampled units are flagged ``small_sample``.
    small_samples : {"flag", "exclude"}, default "flag"
        Keep small-sample regions (flagged) or leave them out.
    engine : {"auto", "networkx", "igraph", "none"}, default "auto"
        The engine of the centralities; ``none`` computes none.

    Returns
    -------
    Analysis
        The tables above, ``parameters``, ``timings`` (seconds per step), the scope,
        the cluster network and, when the data declare clusters, the recovery table.

    Raises
    ------
    UsageError
        An unknown ``engine``, a scope choice that matches no data, or bad weights.
    MatrixError
        The dataset has no rows to build E from, or nothing could be scored.

    Examples
    --------
    >>> from clusteratlas.graph.definitions.examples import example_dataset
    >>> a = analyze(example_dataset(), growth_years=(2017, 2019))
    >>> sorted(a.centralities["network"].unique()), a.parameters["measure"]
    (['industry', 'supply'], 'employment')
    """
    if engine == "gds":
        raise UsageError(
            "engine gds computes in Neo4j: analyze with engine='none', write the clusters "
            "back, then gds_network_centralities (clusteratlas analyze --engine gds does it)"
        )
    if engine != "none":
        resolve_engine(engine, 0)  # the one list of engines: an unknown one is refused here
    scope = resolve_scope(
        dataset,
        scope,
        year=year,
        level=level,
        scheme=scheme,
        measure=measure,
        io_scheme=io_scheme,
        group_level=group_level,
        variety_level=variety_level,
    )
    if growth_years is not None:
        scope = scope.replace(growth_years=(int(growth_years[0]), int(growth_years[1])))
    log.info("analysis scope: %s", scope.describe())
    has_points = {"lon", "lat"} <= set(dataset.regions.columns) and bool(
        dataset.regions[["lon", "lat"]].notna().all(axis=1).any()
    )
    if scope.group_level is None and not has_points:
        log.warning(
            "regions of level %s have no parent level and no coordinates in the data: the "
            "cluster network has no cross-region links (give --group-level to link regions "
            "of one larger region, or lon/lat to link them by distance)",
            scope.level,
        )
    timings: dict[str, float] = {}
    plans: dict[str, dict[str, Any]] = {}
    t0 = time.perf_counter()
    log.info("resilience scores of %s regions (once per dataset and scope) ...", scope.level)
    regions = resilience_scores(
        dataset,
        scope=scope,
        weights=weights,
        bootstrap=bootstrap,
        seed=seed,
        min_sample=min_sample,
        small_samples=small_samples,
    )
    timings["resilience_scores"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    log.info("clusters and the cluster network ...")
    supply = supply_network(dataset, year=None)
    min_size = default_min_size(dataset, scope) if min_cluster_size is None else min_cluster_size
    found, network = cluster_tables(
        dataset,
        scope,
        min_lq=min_lq,
        top_share=top_share,
        min_size=min_size,
        cluster_markets=cluster_markets,
        seed=seed,
        supply=supply,
    )
    measures = () if engine == "none" else CLUSTER_MEASURES
    clusters = found.clusters
    if measures:
        clusters = cluster_centrality(
            network, found.clusters, measures, k=centrality_k, seed=seed, engine=engine
        )
        plans["cluster"] = _log_plan("cluster network", clusters.attrs)
    potential = related_market_potential(network, clusters)
    clusters = clusters.assign(market_potential=potential.to_numpy())
    links = cluster_links(network)
    names = dataset.industries.set_index("code")["name"]
    region_names = dataset.regions.set_index("code")["name"]
    clusters.insert(3, "region_name", clusters["region_code"].map(region_names))
    clusters.insert(5, "industry_name", clusters["industry_code"].map(names))
    timings["clusters"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    frames = []
    if scope.io_year is not None and engine != "none":
        G = industry_network(dataset, scope.io_year, scheme=scope.io_scheme)
        cent = centrality(G, k=centrality_k, seed=seed, engine=engine)
        plans["industry"] = _log_plan("input-output network", cent.attrs)
        frames.append(cent.assign(network="industry", name=cent.index.map(names.to_dict())))
    if supply.number_of_edges() and engine != "none":
        cent = centrality(supply, k=centrality_k, seed=seed, engine=engine)
        plans["supply"] = _log_plan("supply network", cent.attrs)
        company_names = dataset.companies.set_index("id")["name"]
        frames.append(cent.assign(network="supply", name=cent.index.map(company_names.to_dict())))
    centralities = pd.concat(frames) if frames else pd.DataFrame(columns=["network", "name"])
    centralities.index.name = "node"
    centralities = centralities.reset_index()
    lead = ["network", "node", "name"]
    centralities = centralities[lead + [c for c in centralities.columns if c not in lead]]
    timings["centralities"] = time.perf_counter() - t0

    parameters = {
        **scope.to_dict(),
        "min_lq": min_lq,
        "top_share": top_share,
        "min_cluster_size": float(min_size),
        "cluster_markets": list(cluster_markets),
        "industry_markets": (dataset.metadata.get("industry_markets") or {}).get("source"),
        "cluster_network": network_definition(network),
        "centrality_k": centrality_k,
        "seed": seed,
        "resilience_components": regions.attrs.get("components"),
        "dropped_components": regions.attrs.get("dropped_components"),
        "uncertainty": regions.attrs.get("uncertainty"),
        "specifications": regions.attrs.get("specifications"),
        "min_sample": min_sample,
        "small_samples": small_samples,
        "engine": engine,
        "centrality_plans": plans,
    }
    recovery = None
    if len(dataset.clusters):
        recovery = declared_cluster_recovery(
            dataset,
            clusters,
            scope=scope,
            min_lq=min_lq,
            top_share=top_share,
            min_size=min_size,
            cluster_markets=cluster_markets,
        )
    return Analysis(
        regions,
        clusters,
        found.members,
        centralities,
        parameters,
        timings,
        scope,
        links,
        network,
        recovery,
    )


def cluster_tables(
    dataset: Dataset,
    scope: AnalysisScope,
    *,
    min_lq: float = 1.25,
    top_share: float = 0.25,
    min_size: float | None = None,
    cluster_markets: Collection[str] = CLUSTER_MARKETS,
    seed: int = 0,
    supply: nx.DiGraph | None = None,
    min_linkage: float = MIN_LINKAGE,
) -> tuple[Clusters, nx.Graph]:
    """The clusters of ``scope`` and the cluster network that links them: the one definition
    :func:`analyze` and the cluster network page share.

    Specialisation clusters of the scope's E
    (:func:`~clusteratlas.graph.analytics.clusters.detect_clusters` with ``min_lq``,
    ``top_share``, ``min_size``, the dataset's ``industry_markets`` and
    ``cluster_markets``; members from the listed firms), supply communities when the data
    have firm supply links, linked by :func:`link_clusters`.

    Parameters
    ----------
    dataset : Dataset
        The data: E, companies, supply links, I-O table, region hierarchy.
    scope : AnalysisScope
        The scope of E, its I-O coefficients and its region groups.
    min_lq, top_share : float
        Detection thresholds (defaults 1.25 and 0.25, as :func:`analyze`).
    min_size : float, optional
        Smallest cluster size E_ri; None: :data:`~clusteratlas.graph.analytics.clusters.
        MIN_SAMPLED_SIZE` (30) sampled units when E is a declared sample count
        (``dataset.json`` ``samples``), else 0.
    cluster_markets : collection of str
        Market kinds that can form clusters (default all but ``local``).
    seed : int, default 0
        Seed of the supply communities (Louvain).
    supply : DiGraph, optional
        The firm supply network (default
        :func:`~clusteratlas.graph.definitions.supply.supply_network` of ``dataset``).
    min_linkage : float, default MIN_LINKAGE
        Smallest I-O linkage that links two clusters (``cluster_network``'s, 0.05).

    Returns
    -------
    tuple
        :class:`~clusteratlas.graph.analytics.clusters.Clusters` and the network.

    Examples
    --------
    >>> from clusteratlas.graph.definitions.examples import example_dataset
    >>> from clusteratlas.graph.definitions.scope import AnalysisScope
    >>> ds = example_dataset()
    >>> found, network = cluster_tables(ds, AnalysisScope.infer(ds))
    >>> sorted(network.nodes)
    ['11|GB4754:A|2020', '12|GB4754:C|2020']
    """
    if supply is None:
        supply = supply_network(dataset, year=None)
    markets = industry_markets(dataset)
    if markets is None:
        log.warning(
            "dataset.json declares no industry_markets: every industry may form clusters, "
            "local services (real estate, schools, public administration) included "
            "(docs/data-format.md, industry_markets)"
        )
    found = detect_clusters(
        scope.matrix(dataset),
        min_lq=min_lq,
        top_share=top_share,
        min_size=default_min_size(dataset, scope) if min_size is None else float(min_size),
        markets=markets,
        cluster_markets=cluster_markets,
        year=scope.year,
        firms=company_table(dataset, scope.scheme, scope.level),
        supply=supply if supply.number_of_edges() else None,
        seed=seed,
    )
    network = link_clusters(
        dataset, scope, found.clusters, found.members, supply=supply, min_linkage=min_linkage
    )
    return found, network


def placed_regions(
    dataset: Dataset, codes: Collection[str], groups: pd.Series | None = None
) -> pd.DataFrame:
    """The points the cluster network places ``codes`` at: a region's own ``lon``/``lat``,
    else the point of its ancestor at the group level (``groups``, e.g. a new district at
    its prefecture's point: ``borrowed``); a region without either is left out, not put
    at a province's capital hundreds of km away (Xinjiang's corps cities, Chongqing's
    counties: their parent is the province).

    Parameters
    ----------
    dataset : Dataset
        Regions with ``lon`` and ``lat``.
    codes : collection of str
        Region codes.
    groups : Series, optional
        Region code -> its ancestor at the group level
        (:meth:`~clusteratlas.graph.definitions.scope.AnalysisScope.region_groups`);
        None: no region borrows a point.

    Returns
    -------
    DataFrame
        Indexed by the placed codes: ``lon``, ``lat``, ``coordinates_of`` and ``borrowed``
        (True: the group ancestor's point).

    Examples
    --------
    >>> from clusteratlas.graph.definitions.examples import example_dataset
    >>> ds = example_dataset()
    >>> ds = ds.replace(regions=ds.regions.assign(lon=[100.0, 113.0, 114.0, None],
    ...                                           lat=[30.0, 22.5, 23.0, None]))
    >>> groups = pd.Series({"11": "10", "12": "10"})
    >>> placed_regions(ds, ["11", "12"], groups)[["coordinates_of", "borrowed"]].values.tolist()
    [['11', False], ['10', True]]
    >>> list(placed_regions(ds, ["11", "12"]).index)  # no group level: no borrowing
    ['11']
    """
    points = region_coordinates(dataset, codes).dropna(subset=["lon", "lat"])
    own = points["coordinates_of"] == points.index
    if groups is None or groups.empty:
        keep = own
    else:
        group_of = groups.astype("object").reindex(points.index)
        keep = own | ((points["coordinates_of"] == group_of) & group_of.notna())
    points = points[keep].copy()
    points["borrowed"] = ~own[keep]
    return points


def network_definition(network: nx.Graph) -> dict[str, Any]:
    """How the cluster network was built, for ``parameters``: spatial (with the distance
    scale, the farthest link and the links kept per cluster) or grouped (the fallback
    without coordinates), and its size and components.

    Parameters
    ----------
    network : Graph
        The cluster network (:func:`link_clusters`).

    Returns
    -------
    dict
        ``kind`` (``spatial`` or ``grouped``), ``nodes``, ``links``, ``components``,
        ``largest_component`` and, for a spatial network, ``distance_scale_km``,
        ``max_distance_km`` and ``max_links``.

    Examples
    --------
    >>> network_definition(nx.Graph([("a", "b", {"distance_km": 12.0})]))["kind"]
    'spatial'
    """
    spatial = any("distance_km" in data for _, _, data in network.edges(data=True))
    components = [len(c) for c in nx.connected_components(network)] if len(network) else []
    out: dict[str, Any] = {
        "kind": "spatial" if spatial else "grouped",
        "nodes": network.number_of_nodes(),
        "links": network.number_of_edges(),
        "components": len(components),
        "largest_component": max(components, default=0),
    }
    if spatial:
        out.update(
            distance_scale_km=DISTANCE_SCALE_KM, max_distance_km=MAX_DISTANCE_KM,
            max_links=MAX_LINKS,
        )  # fmt: skip
    return out


def link_clusters(
    dataset: Dataset,
    scope: AnalysisScope,
    clusters: pd.DataFrame,
    members: pd.DataFrame | None = None,
    *,
    supply: nx.DiGraph | None = None,
    min_linkage: float = MIN_LINKAGE,
) -> nx.Graph:
    """The cluster network of ``clusters`` as :func:`analyze` builds it:
    :func:`~clusteratlas.graph.analytics.clusters.cluster_network` with the scope's I-O
    coefficients, the regions' coordinates
    (:func:`~clusteratlas.graph.definitions.regions.region_coordinates`: a region
    without its own takes its nearest ancestor's) when any region has them, else the
    scope's region groups, and the firm supply links between members.

    Parameters
    ----------
    dataset : Dataset
        Regions (coordinates, hierarchy) and the I-O table.
    scope : AnalysisScope
        The scope whose I-O coefficients and region groups link the clusters.
    clusters : DataFrame
        ``Clusters.clusters`` (or any table with ``cluster_id``, ``region_code``,
        ``industry_code``).
    members : DataFrame, optional
        ``company_id, cluster_id``, for the supply links.
    supply : DiGraph, optional
        The firm supply network; None: no supply links.
    min_linkage : float, default MIN_LINKAGE
        Smallest I-O linkage that links two clusters.

    Returns
    -------
    Graph
        :func:`~clusteratlas.graph.analytics.clusters.cluster_network`'s.

    Examples
    --------
    >>> from clusteratlas.graph.definitions.examples import example_dataset
    >>> from clusteratlas.graph.definitions.scope import AnalysisScope
    >>> ds = example_dataset()
    >>> found, _ = cluster_tables(ds, AnalysisScope.infer(ds))
    >>> link_clusters(ds, AnalysisScope.infer(ds), found.clusters).number_of_nodes()
    2
    """
    codes = clusters["region_code"].dropna().astype(str).unique()
    groups = scope.region_groups(dataset)
    coordinates = placed_regions(dataset, codes, groups)
    if len(coordinates) and len(coordinates) < len(codes):
        unplaced = clusters["region_code"].astype(str).isin(set(codes) - set(coordinates.index))
        log.warning(
            "%d clusters of %d regions have no coordinates (neither the region's own nor its "
            "%s's): they get no I-O link in the cluster network",
            int(unplaced.sum()),
            len(codes) - len(coordinates),
            scope.group_level or "parent",
        )
    elif not len(coordinates) and len(codes):
        log.info(
            "the regions have no coordinates: the cluster network links clusters within a "
            "region and across regions of one %s, not by distance",
            scope.group_level or "region (no group level)",
        )
    return cluster_network(
        clusters,
        members,
        coefficients=scope.io_coefficients(dataset),
        supply=supply,
        region_groups=groups,
        min_linkage=min_linkage,
        coordinates=coordinates if len(coordinates) else None,
    )


def _log_plan(what: str, attrs: Mapping[Any, Any]) -> dict[str, Any]:
    """Say on stderr how a network's centralities were computed; return the plan."""
    plan = dict(attrs.get("plan") or {})
    if plan:
        log.info("centralities of the %s: %s", what, PathPlan(**plan).describe())
    if attrs.get("note"):
        log.info("centralities of the %s: %s", what, attrs["note"])
    return plan
