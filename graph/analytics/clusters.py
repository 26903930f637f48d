"""Clusters: region x industry concentrations, supply-network communities, the cluster network.

A *specialisation cluster* is a (region, industry) cell of E that passes
thresholds on specialisation and size, after the US Cluster Mapping idea of a
"strong cluster" (a region among the most specialised in that industry). A
*supply community* is a Louvain community of the firm supply network. The
*cluster network* links clusters by input-output linkages between their
industries (within a region, and across regions of the same group, e.g. the
same prefecture) and by firm supply links between their members.

Examples
--------
>>> import pandas as pd
>>> E = pd.DataFrame({"A": [30.0, 10.0, 10.0, 10.0], "C": [10.0, 50.0, 10.0, 10.0]},
...                  index=["r1", "r2", "r3", "r4"])
>>> detect_clusters(E).clusters[["region_code", "industry_code"]].values.tolist()
[['r1', 'A'], ['r2', 'C']]
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

import networkx as nx
import numpy as np
import pandas as pd

from clusteratlas.errors import MatrixError
from clusteratlas.graph.analytics import _fast
from clusteratlas.graph.analytics._matrix import edge_weights
from clusteratlas.graph.analytics.centrality import ALL_MEASURES, centrality
from clusteratlas.graph.definitions.engine import resolve_engine
from clusteratlas.graph.definitions.matrix import check_matrix
from clusteratlas.graph.definitions.quotients import location_quotient
from clusteratlas.loaders.dataset_json import is_sample_count

if TYPE_CHECKING:
    from clusteratlas.graph.definitions.scope import AnalysisScope
    from clusteratlas.loaders.dataset import Dataset

__all__ = [
    "CLUSTER_MARKETS",
    "DISTANCE_SCALE_KM",
    "LINK_COLUMNS",
    "MAX_DISTANCE_KM",
    "MAX_LINKS",
    "MIN_LINKAGE",
    "MIN_SAMPLED_SIZE",
    "Clusters",
    "cluster_centrality",
    "cluster_links",
    "cluster_network",
    "default_min_size",
    "detect_clusters",
    "industry_markets",
    "related_market_potential",
]

CLUSTER_MARKETS = ("traded", "mixed", "resource")
"""Market kinds whose (region, industry) cells can be specialisation clusters by default:
all but local. Delgado, Porter & Stern (2016) map clusters of traded industries only;
mixed sections are kept, flagged by the ``market`` column, because the census sections
cannot split wholesale from retail or hotels from restaurants; resource-dependent ones
(farming, mining; Porter 2003) are kept and flagged too, as the farming and mining
specialisations counties are known for, though a farming "cluster" often just says a
county is rural (``--cluster-markets traded,mixed`` leaves them out). Local industries
serve their own region's population, in every region in proportion to it: a high LQ
there is no cluster."""

MIN_SAMPLED_SIZE = 30
"""Fewest sampled units (workers in the census long-form sample) a specialisation
cluster needs when E is a declared sample count. Why 30: a count n drawn by sampling has a
relative standard error of about 1 / sqrt(n) (Poisson), 18% at 30 and 100% at 1; below
30 an LQ can move by a fifth from sampling alone, and the rule of thumb that a share needs
30 observations (Guimaraes, Figueiredo & Woodward 2009 on small-cell LQs) agrees."""

MIN_LINKAGE = 0.05
"""Smallest I-O linkage a_ij + a_ji that links two clusters in :func:`cluster_network`."""

DISTANCE_SCALE_KM = 100.0
"""D of the cluster network's distance decay exp(-d / D): a link between counties 100 km
apart counts 37%, 300 km 5%. Most localisation of industries is within 50-100 km
(Duranton & Overman 2005 find it below 50 km for British industries); a Chinese county
is about 40 km across, so D = 100 km reaches the neighbouring counties and prefectures."""

MAX_DISTANCE_KM = 300.0
"""Farthest two clusters the cluster network links (weight 5% of the same pair at 0 km)."""

MAX_LINKS = 6
"""Strongest candidate links each cluster keeps in the spatial cluster network (a link
stays when either end keeps it): the network of each cluster's main trading partners,
sparse enough that betweenness is exact within the demo's budget."""

CLUSTER_COLUMNS = [
    "cluster_id",
    "kind",
    "region_code",
    "industry_code",
    "size",
    "market",
    "share",
    "national_share",
    "lq",
    "lq_rank_share",
    "n_members",
    "inferred",
    "member_regions",
]


class Clusters(NamedTuple):
    """What :func:`detect_clusters` found.

    Attributes
    ----------
    clusters : DataFrame
        One row per cluster: ``cluster_id, kind, region_code, industry_code, size,
        market, share, national_share, lq, lq_rank_share, n_members, inferred,
        member_regions``.
    members : DataFrame
        ``company_id, cluster_id``: the firms of each cluster (a firm may be a member
        of a specialisation cluster and of a supply community).
    """

    clusters: pd.DataFrame
    members: pd.DataFrame


def detect_clusters(
    E: pd.DataFrame,
    *,
    min_lq: float = 1.25,
    top_share: float = 0.25,
    min_size: float = 0.0,
    min_national_share: float = 0.0,
    markets: Mapping[str, str] | None = None,
    cluster_markets: Collection[str] = CLUSTER_MARKETS,
    year: int | None = None,
    firms: pd.DataFrame | None = None,
    supply: nx.DiGraph | None = None,
    resolution: float = 1.0,
    min_members: int = 3,
    seed: int = 0,
) -> Clusters:
    """Specialisation clusters of E, and (given ``supply``) seeded Louvain supply communities.

    Cell (r, i) is a specialisation cluster when all hold:

    - LQ_ri >= ``min_lq`` (specialised; default 1.25, a common "clearly above" cut-off),
    - r is among the top ``top_share`` of regions by LQ in industry i (its LQ rank,
      1 = highest, ties sharing the best rank, is <= max(1, ceil(top_share * n)) for n
      regions; default 0.25, the top quartile, cf. the US Cluster Mapping "strong
      cluster"); ``lq_rank_share`` = rank / n,
    - its size E_ri >= ``min_size`` and E_ri / E_i >= ``min_national_share`` (size
      floors; off here, :func:`~clusteratlas.graph.analytics.pipeline.analyze` sets
      ``min_size`` to :data:`MIN_SAMPLED_SIZE` when E is a sample count),
    - industry i's market kind (``markets``, e.g. ``dataset.json`` ``industry_markets``)
      is one of ``cluster_markets`` (default all but local, :data:`CLUSTER_MARKETS`:
      industries that serve their own region's population, *local*, are everywhere in
      proportion to it, so a high LQ there is no cluster; Delgado, Porter & Stern
      2016); industries
      ``markets`` does not classify are kept, with a null ``market``.

    Supply communities: Louvain (networkx ``louvain_communities``, ``seed``) on the
    undirected supply network with edge weights summed both ways, kept when they have
    at least ``min_members`` firms. From
    :data:`~clusteratlas.graph.definitions.engine.FAST_MIN_EDGES` supply links on (the
    engine policy of :func:`~clusteratlas.graph.definitions.engine.resolve_engine`),
    igraph's Louvain
    (``community_multilevel``, seeded) runs instead: the same objective, ~50x faster,
    possibly another partition.

    Parameters
    ----------
    E : DataFrame
        Region x industry amounts (finite, >= 0).
    min_lq : float, default 1.25
        Smallest location quotient of a cluster cell.
    top_share : float, default 0.25
        In (0, 1]: the share of regions, ranked by LQ in the industry, a cluster's
        region must be among.
    min_size : float, default 0.0
        Smallest size E_ri, in E's unit (workers, sampled workers, yuan...).
    min_national_share : float, default 0.0
        Smallest share E_ri / E_i of the industry's total in all regions of E.
    markets : mapping of str to str, optional
        Industry code -> market kind (``traded``, ``resource``, ``mixed``, ``local``);
        None: every industry may form clusters, ``market`` is null.
    cluster_markets : collection of str, default :data:`CLUSTER_MARKETS`
        The market kinds whose cells can be clusters.
    year : int, optional
        Appended to cluster ids (``region|industry|year``), as stored in Neo4j.
    firms : DataFrame, optional
        ``company_id, region_code, industry_code``
        (:func:`~clusteratlas.graph.analytics.firms.company_table`): firms in a
        cluster's region and industry become its members.
    supply : DiGraph, optional
        Firm supply network (supplier -> customer, ``weight``); None: no supply
        communities.
    resolution : float, default 1.0
        Louvain resolution (above 1: smaller communities).
    min_members : int, default 3
        Fewest firms a supply community needs to be kept.
    seed : int, default 0
        Seed of the Louvain run (the same seed gives the same communities).

    Returns
    -------
    Clusters
        ``clusters`` with columns ``cluster_id, kind`` (``specialisation`` or
        ``supply_community``; a community's id is ``community:N``, largest first),
        ``region_code`` (a community's: its members' most common region),
        ``industry_code`` (None for a community), ``size`` (E_ri, in E's unit),
        ``market`` (the industry's market kind), ``share``
        (E_ri / E_r), ``national_share`` (E_ri / E_i), ``lq``, ``lq_rank_share``,
        ``n_members`` (the last six NaN for a community but ``n_members``),
        ``inferred`` (a supply community all of whose internal links are inferred, not
        observed; False for specialisation clusters, which are counted),
        ``member_regions`` (a community's regions with their shares of its members,
        largest first: ``"440305 20%; 440306 15%"``; null for specialisation clusters),
        sorted by kind, region, industry; and ``members`` (``company_id, cluster_id``).

    Raises
    ------
    MatrixError
        ``top_share`` is not in (0, 1], or ``E`` is not a matrix of finite values
        >= 0.

    References
    ----------
    Delgado, M., Porter, M. E. & Stern, S. (2016). Defining clusters of related
    industries. Journal of Economic Geography 16(1), 1-38. Blondel, V. D. et al. (2008).
    Fast unfolding of communities in large networks. J. Stat. Mech. P10008.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "a"), ("x", "y"), ("y", "z"), ("z", "x")])
    >>> E = pd.DataFrame({"A": [1.0]}, index=["r"])
    >>> detect_clusters(E, supply=G).clusters["n_members"].tolist()
    [3, 3]
    """
    E = check_matrix(E)
    if not 0 < top_share <= 1:
        raise MatrixError(f"top_share must be in (0, 1], got {top_share!r}")
    lq = location_quotient(E)
    ranks = lq.rank(axis=0, ascending=False, method="min")
    rank_share = ranks / len(E)
    top_rank = max(1, math.ceil(top_share * len(E) - 1e-9))
    col_totals = E.sum(axis=0)
    national = E.div(col_totals.where(col_totals > 0), axis=1)
    share = E.div(E.sum(axis=1).where(E.sum(axis=1) > 0), axis=0)
    keep = (lq >= min_lq) & (ranks <= top_rank) & (min_size <= E) & (E > 0)
    keep &= national >= min_national_share
    market_of = pd.Series(
        [None if markets is None else markets.get(str(c)) for c in E.columns],
        index=E.columns,
        dtype="object",
    )
    allowed = market_of.isna() | market_of.isin(list(cluster_markets))
    keep &= pd.DataFrame(
        np.broadcast_to(allowed.to_numpy(dtype=bool), E.shape), index=E.index, columns=E.columns
    )
    mask = keep.to_numpy()
    rows, cols = np.nonzero(mask)
    regions = E.index.to_numpy()[rows].astype(str)
    industries = E.columns.to_numpy()[cols].astype(str)
    suffix = "" if year is None else f"|{year}"
    spec = pd.DataFrame(
        {
            "cluster_id": [f"{r}|{i}{suffix}" for r, i in zip(regions, industries, strict=True)],
            "kind": "specialisation",
            "region_code": regions,
            "industry_code": industries,
            "size": E.to_numpy()[mask],
            "market": market_of.to_numpy()[cols],
            "share": share.to_numpy()[mask],
            "national_share": national.to_numpy()[mask],
            "lq": lq.to_numpy()[mask],
            "lq_rank_share": rank_share.to_numpy()[mask],
        }
    ).astype(
        {
            "cluster_id": "str",
            "kind": "str",
            "region_code": "str",
            "industry_code": "str",
            "market": "object",
        }
    )
    members = _specialisation_members(spec, firms)
    frames, member_frames = [spec], [members]
    if supply is not None and supply.number_of_nodes():
        comm, comm_members = _supply_communities(supply, resolution, min_members, seed, suffix)
        frames.append(comm)
        member_frames.append(comm_members)
    clusters = pd.concat([f for f in frames if not f.empty] or [spec], ignore_index=True)
    members = pd.concat(member_frames, ignore_index=True)
    counts = members.groupby("cluster_id").size()
    clusters["n_members"] = clusters["cluster_id"].map(counts).fillna(0).astype("int64")
    clusters = clusters.reindex(columns=CLUSTER_COLUMNS)
    clusters["inferred"] = clusters["inferred"].fillna(False).astype(bool)
    order = clusters.sort_values(["kind", "region_code", "industry_code", "cluster_id"]).index
    return Clusters(clusters.loc[order].reset_index(drop=True), members)


def default_min_size(dataset: Dataset, scope: AnalysisScope) -> float:
    """The smallest cluster size :func:`cluster_tables` uses by default:
    :data:`~clusteratlas.graph.analytics.clusters.MIN_SAMPLED_SIZE` (30) when the scope's
    measure is a declared sample count at its level (``dataset.json`` ``samples``), else
    0 (full counts in any unit: the user sets the floor in that unit).

    Parameters
    ----------
    dataset : Dataset
        Its ``dataset.json`` ``samples``.
    scope : AnalysisScope
        The measure and region level of E.

    Returns
    -------
    float
        The smallest size E_ri of a specialisation cluster.

    Examples
    --------
    >>> from clusteratlas.loaders.bundled import load_bundled
    >>> from clusteratlas.graph.definitions.scope import AnalysisScope
    >>> china = load_bundled("china")
    >>> default_min_size(china, AnalysisScope.infer(china))  # census long-form sample
    30.0
    """
    sampled = is_sample_count(dataset.metadata, scope.measure, scope.level)
    return float(MIN_SAMPLED_SIZE) if sampled else 0.0


def industry_markets(dataset: Dataset) -> dict[str, str] | None:
    """Industry code -> market kind from ``dataset.json`` ``industry_markets`` (None when
    the data declare none: then every industry may form clusters).

    Parameters
    ----------
    dataset : Dataset
        Its ``dataset.json`` ``industry_markets``.

    Returns
    -------
    dict of str to str or None
        ``traded``, ``resource``, ``mixed`` or ``local`` by industry code.

    Examples
    --------
    >>> from clusteratlas.loaders.bundled import load_bundled
    >>> industry_markets(load_bundled("china"))["GB4754:K"]
    'local'
    """
    markets = (dataset.metadata.get("industry_markets") or {}).get("markets")
    return dict(markets) if markets else None


def _specialisation_members(spec: pd.DataFrame, firms: pd.DataFrame | None) -> pd.DataFrame:
    if firms is None or firms.empty or spec.empty:
        return pd.DataFrame(
            {"company_id": pd.Series(dtype="str"), "cluster_id": pd.Series(dtype="str")}
        )
    joined = firms.astype({"region_code": "str", "industry_code": "str"}).merge(
        spec[["cluster_id", "region_code", "industry_code"]], on=["region_code", "industry_code"]
    )
    return joined[["company_id", "cluster_id"]].sort_values(["cluster_id", "company_id"])


def _supply_communities(
    supply: nx.DiGraph, resolution: float, min_members: int, seed: int, suffix: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    found: list[set[Any]]
    if resolve_engine("auto", supply.number_of_edges()) == "igraph":
        found = _fast.fast_louvain(supply, resolution, seed)  # igraph: the same objective
    else:
        und: nx.Graph = nx.Graph()
        und.add_nodes_from(supply.nodes)
        for u, v, w in supply.edges(data="weight", default=1.0):
            prev = und.get_edge_data(u, v, {"weight": 0.0})["weight"]
            und.add_edge(u, v, weight=prev + float(w))
        found = nx.community.louvain_communities(
            und, weight="weight", resolution=resolution, seed=seed
        )
    comms = sorted(
        (sorted(map(str, c)) for c in found if len(c) >= min_members), key=lambda c: (-len(c), c)
    )
    rows: list[dict[str, Any]] = []
    members: list[dict[str, str]] = []
    for n, comm in enumerate(comms, start=1):
        cid = f"community:{n}{suffix}"
        regions = pd.Series([supply.nodes[m].get("region_code") for m in comm]).dropna()
        inside = supply.subgraph(comm)
        inferred = [bool(x) for _, _, x in inside.edges(data="inferred", default=False)]
        shares = regions.value_counts(normalize=True)
        shares = shares.sort_values(ascending=False, kind="stable")
        rows.append(
            {
                "cluster_id": cid,
                "kind": "supply_community",
                "region_code": regions.mode().sort_values().iloc[0] if len(regions) else None,
                "industry_code": None,
                "inferred": bool(inferred) and all(inferred),
                "member_regions": "; ".join(f"{r} {v:.0%}" for r, v in shares.items()),
            }
        )
        members.extend({"company_id": m, "cluster_id": cid} for m in comm)
    return pd.DataFrame(rows), pd.DataFrame(members, columns=["company_id", "cluster_id"])


def cluster_network(
    clusters: pd.DataFrame,
    members: pd.DataFrame | None = None,
    coefficients: pd.DataFrame | None = None,
    supply: nx.DiGraph | None = None,
    region_groups: pd.Series | None = None,
    cross_region_factor: float = 0.5,
    min_linkage: float = MIN_LINKAGE,
    *,
    coordinates: pd.DataFrame | None = None,
    distance_scale_km: float = DISTANCE_SCALE_KM,
    max_distance_km: float = MAX_DISTANCE_KM,
    max_links: int = MAX_LINKS,
) -> nx.Graph:
    """Undirected weighted network of clusters: which clusters could trade with which.

    With region ``coordinates`` (the spatial network, what :func:`analyze` builds when
    the regions have lon/lat): clusters c = (r, i) and d = (q, j) are linked when
    their industries trade, l_ij = a_ij + a_ji >= ``min_linkage`` (national technical
    coefficients; i = j gives a_ii), and their regions are at most ``max_distance_km``
    apart (great-circle distance d_rq; 0 within a region), with weight

        w_cd = l_ij * exp(-d_rq / ``distance_scale_km``)

    the proximity of two clusters in technology (how much their industries trade) and in
    space. Each cluster keeps its ``max_links`` strongest candidate links; a link stays
    when either end keeps it. The network is thus connected at the scale of the country,
    not cut at prefecture borders, and sparse. Its centralities read: strength = how
    close a cluster is to trading partners; PageRank = being close to clusters that are
    themselves well connected (the core of a regional production system); betweenness
    (distance 1 / w) = lying on the closest chains between other clusters, i.e. bridging
    regional production systems. Size is left out of w on purpose: with it (a gravity
    weight sqrt(s_c s_d)) every short path runs through the largest manufacturing
    clusters and two thirds of clusters get zero betweenness; size enters through
    :func:`related_market_potential` instead (Harris 1954's market potential).

    Without coordinates (the fallback): I-O links within a region at weight l_ij, and
    across regions of one ``region_groups`` group (e.g. prefecture) at
    ``cross_region_factor`` * l_ij; no size, no distance.

    - Supply linkage: the sum over supply edges u -> v between members of c and d of
      the share of v's inputs that u provides
      (:func:`~clusteratlas.graph.analytics.cascade.input_shares`).
    - Edge attrs ``io_weight`` (w_cd), ``supply_weight``, ``weight`` = their sum,
      ``linkage`` (l_ij) and ``distance_km`` (spatial network), and ``supply_inferred``
      (none of the supply links joining the pair is observed) where there is supply
      linkage. Nodes carry the cluster's columns. :func:`cluster_links` lists the links.

    Parameters
    ----------
    clusters : DataFrame
        One row per cluster (``Clusters.clusters``): ``cluster_id``, ``region_code``,
        ``industry_code`` (null for supply communities, which get no I-O links), and
        any other columns (copied onto the nodes).
    members : DataFrame, optional
        ``company_id, cluster_id`` (``Clusters.members``); needed for supply linkage.
    coefficients : DataFrame, optional
        Technical coefficients A, industry x industry in the clusters' scheme
        (:meth:`~clusteratlas.graph.definitions.scope.AnalysisScope.io_coefficients`);
        None: no I-O links.
    supply : DiGraph, optional
        Firm supply network (supplier -> customer, ``weight``, ``inferred``); None:
        no supply links.
    region_groups : Series, optional
        Without coordinates: region code -> group (e.g. prefecture,
        :meth:`~clusteratlas.graph.definitions.scope.AnalysisScope.region_groups`);
        None: I-O links only within a region.
    cross_region_factor : float, default 0.5
        Without coordinates: weight factor of a link between two regions of one group.
    min_linkage : float, default :data:`MIN_LINKAGE`
        Smallest a_ij + a_ji that links two clusters.
    coordinates : DataFrame, optional
        Region code -> ``lon``, ``lat`` (degrees;
        :func:`~clusteratlas.graph.definitions.regions.region_coordinates`) and
        optionally ``borrowed`` (True: the point is an ancestor's, e.g. a new district
        placed at its prefecture's point; its distance to any other region is then at
        least the median distance between neighbouring regions with their own points,
        not 0). Clusters of regions without coordinates get no I-O link.
    distance_scale_km : float, default :data:`DISTANCE_SCALE_KM`
        D of the decay exp(-d / D).
    max_distance_km : float, default :data:`MAX_DISTANCE_KM`
        Farthest two linked regions.
    max_links : int, default :data:`MAX_LINKS`
        Strongest candidate links each cluster keeps.

    Returns
    -------
    Graph
        Undirected: one node per cluster (its columns as attributes), edges as above.

    Raises
    ------
    MatrixError
        A supply edge weight is negative or not finite; a distance or link count is
        not positive.

    References
    ----------
    Harris, C. D. (1954). The market as a factor in the localization of industry in the
    United States. Annals of the AAG 44(4), 315-348. Delgado, M., Porter, M. E. & Stern,
    S. (2016), as :func:`detect_clusters`. Duranton, G. & Overman, H. G. (2005). Testing
    for localization using micro-geographic data. Review of Economic Studies 72(4).

    Examples
    --------
    Two counties 111 km apart (one degree of latitude), industries with a_AC + a_CA =
    0.25:

    >>> cl = pd.DataFrame({"cluster_id": ["r|A", "q|C"], "region_code": ["r", "q"],
    ...                    "industry_code": ["A", "C"]})
    >>> a = pd.DataFrame([[0.1, 0.2], [0.05, 0.3]], index=["A", "C"], columns=["A", "C"])
    >>> xy = pd.DataFrame({"lon": [110.0, 110.0], "lat": [30.0, 31.0]}, index=["r", "q"])
    >>> e = cluster_network(cl, coefficients=a, coordinates=xy).edges["r|A", "q|C"]
    >>> round(e["distance_km"], 1), round(e["weight"], 4)  # 0.25 * 1 * exp(-111.2 / 100)
    (111.2, 0.0822)
    >>> cl["region_code"] = "r"  # the fallback: within one region, weight l_AC
    >>> round(cluster_network(cl, coefficients=a).edges["r|A", "q|C"]["weight"], 6)
    0.25
    """
    G: nx.Graph = nx.Graph()
    for row in clusters.to_dict(orient="records"):
        G.add_node(row["cluster_id"], **{str(k): v for k, v in row.items() if k != "cluster_id"})
    spec = clusters.dropna(subset=["region_code", "industry_code"])
    if coefficients is not None and not spec.empty:
        a = coefficients.astype("float64")
        values = a.to_numpy() + a.to_numpy().T
        np.fill_diagonal(values, np.diag(a.to_numpy()))
        link = pd.DataFrame(values, index=a.index, columns=a.columns)
        if coordinates is not None:
            pairs = _spatial_pairs(
                spec,
                link,
                coordinates,
                min_linkage,
                distance_scale_km,
                max_distance_km,
                max_links,
            )
            G.add_edges_from(
                (
                    c,
                    d,
                    {
                        "io_weight": w,
                        "supply_weight": 0.0,
                        "weight": w,
                        "linkage": lij,
                        "distance_km": km,
                    },
                )
                for c, d, w, lij, km in pairs
            )
        else:
            own = "region:" + spec["region_code"].astype(str)  # no group: within the region
            if region_groups is not None:
                mapped = spec["region_code"].map(region_groups).astype("object")
                own = ("group:" + mapped.astype(str)).where(mapped.notna(), own)
            G.add_edges_from(
                (c, d, {"io_weight": w, "supply_weight": 0.0, "weight": w})
                for c, d, w in _io_pairs(
                    spec["cluster_id"].astype(str).to_numpy(dtype=object),
                    spec["region_code"].astype(str).to_numpy(dtype=object),
                    link.index.get_indexer(pd.Index(spec["industry_code"].astype(str))),
                    own.astype(str).to_numpy(dtype=object),
                    link.to_numpy(),
                    cross_region_factor,
                    min_linkage,
                )
            )
    if supply is not None and members is not None and not members.empty:
        linkage = _supply_linkage(supply, members)
        for c, d, s, inferred in zip(
            linkage["c"],
            linkage["d"],
            linkage["s"].tolist(),
            linkage["inferred"].tolist(),
            strict=True,
        ):
            if not G.has_edge(c, d):
                G.add_edge(c, d, io_weight=0.0, supply_weight=0.0, weight=0.0)
            G.edges[c, d]["supply_weight"] += s
            G.edges[c, d]["weight"] += s
            G.edges[c, d]["supply_inferred"] = bool(inferred)
    return G


EARTH_RADIUS_KM = 6371.0088
"""Mean Earth radius (IUGG), for great-circle distances."""


def _neighbour_km(unit: np.ndarray) -> float:
    """Median great-circle distance from a point (unit vectors) to its nearest other point:
    the distance given to a region that has only its ancestor's coordinates (placed at the
    prefecture's point, it is not 0 km from the prefecture's other such regions)."""
    from scipy.spatial import cKDTree

    if len(unit) < 2:
        return 0.0
    chord, _ = cKDTree(unit).query(unit, k=2)
    return float(np.median(2.0 * EARTH_RADIUS_KM * np.arcsin(np.clip(chord[:, 1] / 2, 0, 1))))


def _spatial_pairs(
    spec: pd.DataFrame,
    link: pd.DataFrame,
    coordinates: pd.DataFrame,
    min_linkage: float,
    scale_km: float,
    max_km: float,
    max_links: int,
) -> list[tuple[str, str, float, float, float]]:
    """``(c, d, w_cd, l_ij, d_km)`` of the spatial cluster network, c < d, sorted: every
    pair of clusters of trading industries within ``max_km``, each cluster keeping its
    ``max_links`` strongest (ties by id), a pair kept when either end keeps it."""
    from scipy.spatial import cKDTree

    if not (scale_km > 0 and max_km > 0 and max_links >= 1):
        raise MatrixError(
            "distance_scale_km and max_distance_km must be > 0 and max_links >= 1, got "
            f"{scale_km!r}, {max_km!r}, {max_links!r}"
        )
    columns = ["lon", "lat", "borrowed"] if "borrowed" in coordinates else ["lon", "lat"]
    xy = coordinates.reindex(spec["region_code"].astype(str).unique())[columns]
    xy = xy.dropna(subset=["lon", "lat"])
    borrowed = (
        xy["borrowed"].fillna(False).to_numpy(dtype=bool)
        if "borrowed" in xy
        else np.zeros(len(xy), dtype=bool)
    )
    industry = link.index.get_indexer(pd.Index(spec["industry_code"].astype(str)))
    placed = spec["region_code"].astype(str).isin(xy.index).to_numpy() & (industry >= 0)
    spec, industry = spec[placed], industry[placed]
    if spec.empty:
        return []
    lon, lat = np.radians(xy["lon"].to_numpy()), np.radians(xy["lat"].to_numpy())
    unit = np.column_stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)])
    chord = 2.0 * math.sin(min(max_km / EARTH_RADIUS_KM, math.pi) / 2.0)
    near = cKDTree(unit).query_pairs(chord * (1 + 1e-12), output_type="ndarray")
    n_regions = len(xy)
    region_pairs = np.vstack([near, np.column_stack([np.arange(n_regions)] * 2)])
    # clusters of each region (positions into spec), joined onto the region pairs
    of_region = pd.DataFrame(
        {
            "region": xy.index.get_indexer(pd.Index(spec["region_code"].astype(str))),
            "c": range(len(spec)),
        }
    )
    pairs = pd.DataFrame({"p": region_pairs[:, 0], "q": region_pairs[:, 1]})
    pairs = pairs.merge(of_region.rename(columns={"region": "p"}), on="p")
    pairs = pairs.merge(of_region.rename(columns={"region": "q", "c": "d"}), on="q")
    pairs = pairs[(pairs["p"] != pairs["q"]) | (pairs["c"] < pairs["d"])]
    c, d = pairs["c"].to_numpy(), pairs["d"].to_numpy()
    strength = link.to_numpy()[industry[c], industry[d]]
    ok = strength >= min_linkage
    c, d, strength = c[ok], d[ok], strength[ok]
    p, q = pairs["p"].to_numpy()[ok], pairs["q"].to_numpy()[ok]
    cosine = np.clip((unit[p] * unit[q]).sum(axis=1), -1.0, 1.0)
    km = np.where(p == q, 0.0, EARTH_RADIUS_KM * np.arccos(cosine))
    if borrowed.any():  # a region placed at an ancestor's point is somewhere near it
        near_km = _neighbour_km(unit[~borrowed])
        km = np.where((p != q) & (borrowed[p] | borrowed[q]), np.maximum(km, near_km), km)
    keep = km <= max_km
    c, d, strength, km = c[keep], d[keep], strength[keep], km[keep]
    weight = strength * np.exp(-km / scale_km)
    positive = weight > 0
    c, d, strength, km, weight = (
        c[positive],
        d[positive],
        strength[positive],
        km[positive],
        weight[positive],
    )
    ids = spec["cluster_id"].astype(str).to_numpy(dtype=object)
    ends = pd.DataFrame(
        {
            "node": np.concatenate([c, d]),
            "edge": np.concatenate([np.arange(len(c))] * 2),
            "weight": np.concatenate([weight, weight]),
            "other": np.concatenate([ids[d], ids[c]]),
        }
    ).sort_values(["node", "weight", "other"], ascending=[True, False, True], kind="stable")
    chosen = ends.loc[ends.groupby("node").cumcount() < max_links, "edge"].unique()
    out = []
    for e in np.sort(chosen).tolist():
        u, v = ids[c[e]], ids[d[e]]
        row = (u, v) if u < v else (v, u)
        out.append((*row, float(weight[e]), float(strength[e]), float(km[e])))
    out.sort()
    return out


def _io_pairs(
    ids: np.ndarray,
    regions: np.ndarray,
    industry: np.ndarray,
    groups: np.ndarray,
    link: np.ndarray,
    cross_region_factor: float,
    min_linkage: float,
) -> list[tuple[str, str, float]]:
    """Pairs of clusters of one group whose industries' linkage reaches ``min_linkage``:
    ``(c, d, weight)`` with c < d, sorted; industries outside ``link`` (index -1) link none."""
    keep = industry >= 0
    ids, regions, industry, groups = ids[keep], regions[keep], industry[keep], groups[keep]
    group_codes, _ = pd.factorize(pd.Index(groups, dtype="object"))
    order = np.argsort(group_codes, kind="stable")
    bounds = np.flatnonzero(np.diff(group_codes[order])) + 1
    out: list[tuple[str, str, float]] = []
    for members in np.split(order, bounds):
        if len(members) < 2:
            continue
        a, b = np.triu_indices(len(members), 1)
        i, j = members[a], members[b]
        strength = link[industry[i], industry[j]]
        ok = strength >= min_linkage
        if not ok.any():
            continue
        i, j, strength = i[ok], j[ok], strength[ok]
        weight = np.where(regions[i] == regions[j], strength, strength * cross_region_factor)
        for c, d, w in zip(ids[i].tolist(), ids[j].tolist(), weight.tolist(), strict=True):
            out.append((c, d, float(w)) if c < d else (d, c, float(w)))
    out.sort()
    return out


LINK_COLUMNS = ["source", "target", "kind", "weight", "inferred"]


def cluster_links(network: nx.Graph) -> pd.DataFrame:
    """The links of a :func:`cluster_network`, one row per linked pair and kind of linkage.

    ``kind`` is ``io`` (weight ``io_weight``: input-output coefficients of the national
    table applied to the regions' clusters, so always ``inferred``) or ``supply`` (weight
    ``supply_weight``: summed input shares of the firm supply links between members;
    ``inferred`` when none of those links is observed). A pair with both has two rows;
    their weights add up to the edge ``weight`` the centralities use. ``source`` <
    ``target`` (the network is undirected).

    Parameters
    ----------
    network : Graph
        A :func:`cluster_network` (edges with ``io_weight``, ``supply_weight`` and
        ``supply_inferred``).

    Returns
    -------
    DataFrame
        Columns :data:`LINK_COLUMNS`: ``source``, ``target`` (str), ``kind`` (``io``
        or ``supply``), ``weight`` (float > 0), ``inferred`` (bool); sorted by
        source, target, kind. Empty (with those columns) for a network without links.

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_edge("b", "a", io_weight=0.25, supply_weight=0.5, weight=0.75,
    ...            supply_inferred=False)
    >>> cluster_links(G)
      source target    kind  weight  inferred
    0      a      b      io    0.25      True
    1      a      b  supply    0.50     False
    """
    rows = []
    for u, v, data in network.edges(data=True):
        source, target = sorted((str(u), str(v)))
        if data.get("io_weight", 0.0) > 0:
            rows.append((source, target, "io", float(data["io_weight"]), True))
        if data.get("supply_weight", 0.0) > 0:
            inferred = bool(data.get("supply_inferred", False))
            rows.append((source, target, "supply", float(data["supply_weight"]), inferred))
    frame = pd.DataFrame(rows, columns=LINK_COLUMNS).astype(
        {"source": "str", "target": "str", "kind": "str", "weight": "float64", "inferred": "bool"}
    )
    return frame.sort_values(["source", "target", "kind"]).reset_index(drop=True)


def _supply_linkage(supply: nx.DiGraph, members: pd.DataFrame) -> pd.DataFrame:
    """Cluster pairs {c, d} (c < d) and the summed input shares of supply edges between them.

    Vectorised form of: for every supply edge u -> v with input share s
    (:func:`~clusteratlas.graph.analytics.cascade.input_shares`), every cluster c of u and
    d of v, c != d, add s to {c, d}.
    """
    edges = pd.DataFrame(
        [
            (u, v, data.get("weight", 1.0), bool(data.get("inferred", False)))
            for u, v, data in supply.edges(data=True)
        ],
        columns=["u", "v", "w", "inferred"],
        dtype=object,
    )
    triples = list(edges[["u", "v", "w"]].itertuples(index=False, name=None))
    w = pd.Series(edge_weights(triples, "supply network"), index=edges.index)
    total = w.groupby(edges["v"]).transform("sum")
    edges = edges.assign(s=(w / total.where(total > 0)).fillna(0.0))
    of = members[["company_id", "cluster_id"]].astype(object)
    pairs = edges.merge(of.rename(columns={"company_id": "u", "cluster_id": "c"}), on="u").merge(
        of.rename(columns={"company_id": "v", "cluster_id": "d"}), on="v"
    )
    pairs = pairs[pairs["c"] != pairs["d"]]
    low = pairs[["c", "d"]].min(axis=1)
    high = pairs[["c", "d"]].max(axis=1)
    summed = pairs["s"].groupby([low, high]).sum()
    # a pair is inferred only when none of the firm links joining it is observed
    inferred = pairs["inferred"].astype(bool).groupby([low, high]).all()
    return pd.DataFrame(
        {
            "c": summed.index.get_level_values(0),
            "d": summed.index.get_level_values(1),
            "s": summed.to_numpy(),
            "inferred": inferred.reindex(summed.index).to_numpy(dtype=bool),
        }
    )


def related_market_potential(network: nx.Graph, clusters: pd.DataFrame) -> pd.Series:
    """Market potential of each cluster among related clusters: MP_c = sum over its links
    of w_cd * s_d, the sizes of the clusters it is linked to weighted by their proximity
    in technology and space (the cluster network's ``io_weight``), in E's unit. A
    Harris-type market potential (Harris 1954 sums the size of every market over its
    distance) restricted to the cluster's links in the network: only clusters of trading
    industries, and only its strongest partners (the network keeps about 6 per cluster),
    so it ranks the pool of related workers a cluster is tied to, not every worker within
    reach. A large value: many workers in related industries nearby, the pool of
    suppliers, customers and skills Marshall's externalities run on.

    Parameters
    ----------
    network : Graph
        The cluster network (:func:`cluster_network`).
    clusters : DataFrame
        ``cluster_id`` and ``size``.

    Returns
    -------
    Series
        Indexed by ``cluster_id`` (the order of ``clusters``), named
        ``market_potential``; 0 for a cluster without links, NaN without sizes.

    References
    ----------
    Harris, C. D. (1954), as :func:`cluster_network`.

    Examples
    --------
    >>> G = nx.Graph([("a", "b", {"io_weight": 0.5}), ("b", "c", {"io_weight": 0.1})])
    >>> cl = pd.DataFrame({"cluster_id": ["a", "b", "c"], "size": [10.0, 20.0, 30.0]})
    >>> related_market_potential(G, cl).tolist()  # a: 0.5 * 20; b: 0.5 * 10 + 0.1 * 30
    [10.0, 8.0, 2.0]
    """
    ids = clusters["cluster_id"].astype(str)
    if "size" not in clusters:
        return pd.Series(float("nan"), index=ids, name="market_potential")
    size = dict(zip(ids, pd.to_numeric(clusters["size"], errors="coerce"), strict=True))
    total = dict.fromkeys(ids, 0.0)
    for u, v, w in network.edges(data="io_weight", default=0.0):
        if u in total and v in total:
            total[u] += float(w) * float(size[v])
            total[v] += float(w) * float(size[u])
    return pd.Series([total[c] for c in ids], index=ids, name="market_potential")


def cluster_centrality(
    network: nx.Graph,
    clusters: pd.DataFrame,
    measures: Sequence[str] = ALL_MEASURES,
    **kwargs: Any,
) -> pd.DataFrame:
    """``clusters`` with the :func:`centrality` of each cluster in the cluster network joined on.

    A network without links has no centrality worth ranking (every cluster would tie):
    the measure columns are then NaN and ``attrs["note"]`` says "no links: centralities
    undefined". ``attrs["plan"]`` is the engine plan that ran (``centrality``'s).

    Parameters
    ----------
    network : Graph
        The cluster network (:func:`cluster_network`).
    clusters : DataFrame
        One row per cluster, with ``cluster_id``.
    measures : sequence of str
        Any of :data:`~clusteratlas.graph.analytics.centrality.ALL_MEASURES`.
    **kwargs
        Passed to :func:`~clusteratlas.graph.analytics.centrality.centrality` (engine,
        exact, k, seed, alpha).

    Returns
    -------
    DataFrame
        ``clusters`` with one column per measure (and ``betweenness_k``/``distance_k``).

    Examples
    --------
    >>> cl = pd.DataFrame({"cluster_id": ["x", "y", "z"]})
    >>> G = nx.Graph([("x", "y", {"weight": 1.0}), ("y", "z", {"weight": 1.0})])
    >>> cluster_centrality(G, cl, measures=("degree",))["degree"].tolist()
    [1, 2, 1]
    >>> lone = cluster_centrality(nx.empty_graph(["x", "y", "z"]), cl, ("pagerank",))
    >>> lone["pagerank"].isna().all(), lone.attrs["note"]
    (np.True_, 'no links: centralities undefined')
    """
    cent = centrality(network, measures=measures, **kwargs)
    cent.index = cent.index.astype("str")
    plan = cent.attrs.get("plan")
    note = None
    if network.number_of_edges() == 0:
        cent = cent.astype("float64")
        undefined = [m for m in (*measures, "betweenness_k", "distance_k") if m in cent.columns]
        cent.loc[:, undefined] = np.nan
        note = "no links: centralities undefined"
    out = clusters.merge(cent, left_on="cluster_id", right_index=True, how="left")
    out.attrs["plan"] = plan
    if note:
        out.attrs["note"] = note
    return out
