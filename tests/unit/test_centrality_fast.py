"""The fast engine (igraph + scipy) agrees with the networkx reference on small graphs."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from conftest import import_or_skip

from clusteratlas.errors import MatrixError, UsageError
from clusteratlas.graph.analytics.centrality import ALL_MEASURES, centrality

import_or_skip("igraph")  # a failure, not a skip, when services are required (dev extra)


def weighted(G: nx.Graph, seed: int) -> nx.Graph:
    # powers of two: distances 1/w and their sums are exact, so tied shortest paths are ties
    # for both engines (with other weights, float rounding can break a tie in one engine only)
    rng = np.random.default_rng(seed)
    for u, v in G.edges:
        G.edges[u, v]["weight"] = float(rng.choice([0.5, 1.0, 2.0, 4.0, 8.0]))
    return G


GRAPHS = {
    "directed, weighted": lambda: weighted(nx.gnp_random_graph(60, 0.08, seed=1, directed=True), 1),
    "undirected, weighted": lambda: weighted(nx.gnp_random_graph(50, 0.1, seed=2), 2),
    "directed, disconnected, self-loop, zero weight": lambda: _odd_digraph(),
    "scale-free directed": lambda: weighted(nx.DiGraph(nx.scale_free_graph(80, seed=3)), 3),
    "string ids": lambda: nx.relabel_nodes(
        weighted(nx.gnp_random_graph(40, 0.1, seed=4, directed=True), 4), lambda i: f"SYN:{i:03d}"
    ),
}


def _odd_digraph() -> nx.DiGraph:
    G = weighted(nx.gnp_random_graph(30, 0.1, seed=5, directed=True), 5)
    G.add_edge(0, 0, weight=2.0)
    G.add_edge(1, 2, weight=0.0)
    G.add_nodes_from([100, 101])
    G.add_edge(100, 101, weight=1.0)
    return G


def compare(a: pd.DataFrame, b: pd.DataFrame) -> None:
    assert list(a.columns) == list(b.columns)
    assert list(a.index) == list(b.index)
    for col in a.columns:
        x, y = a[col].to_numpy(dtype="float64"), b[col].to_numpy(dtype="float64")
        # networkx's PageRank stops at an L1 change of n * 1e-6 (power iteration); igraph's
        # PRPACK solves to machine precision; eigenvector: both ARPACK, tolerance 0
        tol = {"pagerank": 1e-3, "eigenvector": 1e-6}.get(col, 1e-9)
        np.testing.assert_allclose(x, y, rtol=tol, atol=tol * 1e-2, err_msg=col)


@pytest.mark.parametrize("name", sorted(GRAPHS))
def test_exact_measures_agree(name):
    G = GRAPHS[name]()
    reference = centrality(G, engine="networkx")
    fast = centrality(G, engine="igraph")
    compare(reference, fast)


@pytest.mark.parametrize("name", sorted(GRAPHS))
@pytest.mark.parametrize("weight", ["weight", None])
def test_sampled_measures_use_the_same_sources_and_agree(name, weight):
    G = GRAPHS[name]()
    kw = dict(weight=weight, exact=False, k=7, seed=11)
    measures = ["betweenness", "closeness", "harmonic"]
    reference = centrality(G, measures, engine="networkx", **kw)
    fast = centrality(G, measures, engine="igraph", **kw)
    assert (fast["betweenness_k"] == 7).all()
    compare(reference, fast)


def test_auto_uses_the_reference_below_the_size_threshold_and_rejects_unknown_engines():
    G = GRAPHS["undirected, weighted"]()
    compare(centrality(G), centrality(G, engine="networkx"))
    with pytest.raises(UsageError, match="engine"):
        centrality(G, engine="rustworkx")


def test_bad_weights_fail_the_same_way_on_both_engines():
    G = nx.DiGraph([("a", "b", {"weight": -1.0})])
    for engine in ("networkx", "igraph"):
        with pytest.raises(MatrixError, match=r"edge \('a', 'b'\)"):
            centrality(G, engine=engine)


def test_all_measures_are_covered():
    fast = centrality(GRAPHS["directed, weighted"](), engine="igraph")
    assert set(ALL_MEASURES) <= set(fast.columns)


def test_fast_louvain_finds_partitions_as_good_as_networkx():
    from clusteratlas.graph.analytics._fast import fast_louvain

    G = nx.planted_partition_graph(6, 25, 0.4, 0.02, seed=7)
    G = weighted(G, 7)
    reference = nx.community.louvain_communities(G, weight="weight", seed=3)
    fast = fast_louvain(G, 1.0, seed=3)
    q_ref = nx.community.modularity(G, reference, weight="weight")
    q_fast = nx.community.modularity(G, fast, weight="weight")
    assert q_fast == pytest.approx(q_ref, abs=0.02)
    assert len(fast) == len(reference) == 6  # the planted groups (give or take a node)
    assert fast_louvain(G, 1.0, seed=3) == fast  # seeded: deterministic


def test_cluster_network_supply_linkage_equals_the_edge_by_edge_definition():
    from clusteratlas.graph.analytics.cascade import input_shares
    from clusteratlas.graph.analytics.clusters import cluster_network

    supply = weighted(nx.gnp_random_graph(40, 0.15, seed=9, directed=True), 9)
    rng = np.random.default_rng(9)
    members = pd.DataFrame(
        [(u, f"c{int(k)}") for u in supply.nodes for k in rng.choice(5, 2, replace=False)],
        columns=["company_id", "cluster_id"],
    )
    clusters = pd.DataFrame(
        {"cluster_id": [f"c{k}" for k in range(5)], "region_code": None, "industry_code": None}
    )
    G = cluster_network(clusters, members, supply=supply)
    expected: dict[frozenset[str], float] = {}
    of = members.groupby("company_id")["cluster_id"].apply(list).to_dict()
    for (u, v), s in input_shares(supply).items():
        for c in of[u]:
            for d in of[v]:
                if c != d:
                    expected[frozenset((c, d))] = expected.get(frozenset((c, d)), 0.0) + s
    got = {frozenset((c, d)): w for c, d, w in G.edges(data="supply_weight")}
    assert got.keys() == expected.keys()
    for key, value in expected.items():
        assert got[key] == pytest.approx(value, rel=1e-12)
