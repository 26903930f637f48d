"""centrality() against networkx, sampling reported; clusters and the cluster network."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from clusteratlas.errors import MatrixError
from clusteratlas.graph import centrality, cluster_centrality, cluster_network, detect_clusters


def weighted_digraph(n=30, seed=1):
    G = nx.gnp_random_graph(n, 0.15, seed=seed, directed=True)
    rng = np.random.default_rng(seed)
    for u, v in G.edges:
        G.edges[u, v]["weight"] = float(rng.uniform(0.5, 3))
    return G


def test_exact_measures_match_networkx_with_inverse_weight_distances():
    G = weighted_digraph()
    c = centrality(G)
    H = G.copy()
    for _, _, d in H.edges(data=True):
        d["dist"] = 1 / d["weight"]
    expect = {
        "betweenness": nx.betweenness_centrality(H, weight="dist"),
        "closeness": nx.closeness_centrality(H, distance="dist"),
        "harmonic": nx.harmonic_centrality(H, distance="dist"),
        # converged (networkx's default tol=1e-6 stops early; centrality() runs to 1e-12)
        "pagerank": nx.pagerank(G, weight="weight", tol=1e-12, max_iter=10_000),
    }
    for col, values in expect.items():
        np.testing.assert_allclose(c[col].sort_index(), pd.Series(values).sort_index(), rtol=1e-6)
    strength = {n: G.in_degree(n, weight="weight") + G.out_degree(n, weight="weight") for n in G}
    np.testing.assert_allclose(c["strength"].sort_index(), pd.Series(strength).sort_index())
    assert (c["betweenness_k"] == len(G)).all() and (c["distance_k"] == len(G)).all()


def test_sampled_above_threshold_is_reported_and_seeded():
    G = weighted_digraph(60, seed=2)
    a = centrality(G, exact=False, k=15, seed=7)
    b = centrality(G, exact=False, k=15, seed=7)
    pd.testing.assert_frame_equal(a, b)
    assert (a["betweenness_k"] == 15).all() and (a["distance_k"] == 15).all()


def test_eigenvector_only_on_largest_component():
    G = nx.Graph([(0, 1), (1, 2), (2, 0), (3, 4)])
    c = centrality(G, measures=["eigenvector"])
    assert c.loc[[0, 1, 2], "eigenvector"].notna().all()
    assert c.loc[[3, 4], "eigenvector"].isna().all()
    with pytest.raises(MatrixError, match="unknown"):
        centrality(G, measures=["nonsense"])


E = pd.DataFrame(
    {
        "A": [30.0, 10.0, 10.0, 10.0, 12.0, 10.0, 10.0, 10.0],
        "C": [10.0, 50.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0],
        "I": [10.0, 10.0, 10.0, 40.0, 10.0, 10.0, 10.0, 10.0],
    },
    index=[f"r{i}" for i in range(8)],
)


def test_specialisation_clusters_follow_the_thresholds():
    out = detect_clusters(E).clusters
    assert sorted(zip(out["region_code"], out["industry_code"], strict=True)) == [
        ("r0", "A"),
        ("r1", "C"),
        ("r3", "I"),
    ]
    # a top share of 1 and a low LQ floor admit r4 (A: LQ > 1) too
    wide = detect_clusters(E, min_lq=1.0, top_share=1.0).clusters
    assert ("r4", "A") in set(zip(wide["region_code"], wide["industry_code"], strict=True))
    # a size floor removes small cells
    assert detect_clusters(E, min_size=35).clusters["region_code"].tolist() == ["r1", "r3"]


def test_supply_communities_are_seeded_and_deterministic():
    G = nx.DiGraph()
    for block in (["a", "b", "c", "d"], ["w", "x", "y", "z"]):
        for u in block:
            for v in block:
                if u != v:
                    G.add_edge(u, v, weight=1.0)
    G.add_edge("d", "w", weight=0.1)
    one = detect_clusters(E, supply=G, seed=3)
    two = detect_clusters(E, supply=G, seed=3)
    pd.testing.assert_frame_equal(one.clusters, two.clusters)
    comms = one.clusters[one.clusters["kind"] == "supply_community"]
    assert comms["n_members"].tolist() == [4, 4]
    assert set(one.members.loc[one.members["cluster_id"] == "community:1", "company_id"]) in (
        {"a", "b", "c", "d"},
        {"w", "x", "y", "z"},
    )


def test_cluster_network_links_io_within_and_across_regions_and_supply():
    clusters = pd.DataFrame(
        {
            "cluster_id": ["r1|A", "r1|C", "r2|C", "r9|C"],
            "region_code": ["r1", "r1", "r2", "r9"],
            "industry_code": ["A", "C", "C", "C"],
        }
    )
    a = pd.DataFrame([[0.1, 0.2], [0.05, 0.3]], index=["A", "C"], columns=["A", "C"])
    groups = pd.Series({"r1": "p", "r2": "p", "r9": "q"})
    members = pd.DataFrame({"company_id": ["f1", "f2"], "cluster_id": ["r1|A", "r9|C"]})
    supply = nx.DiGraph()
    supply.add_edge("f1", "f2", weight=2.0)
    supply.add_edge("g", "f2", weight=2.0)
    G = cluster_network(clusters, members, a, supply, region_groups=groups, cross_region_factor=0.5)
    assert G.edges["r1|A", "r1|C"]["io_weight"] == pytest.approx(0.25)  # a_AC + a_CA
    assert G.edges["r1|A", "r2|C"]["io_weight"] == pytest.approx(0.5 * 0.25)  # same group
    assert G.edges["r1|C", "r2|C"]["io_weight"] == pytest.approx(0.5 * 0.3)  # a_CC
    assert not G.has_edge("r1|C", "r9|C") or G.edges["r1|C", "r9|C"]["io_weight"] == 0
    assert G.edges["r1|A", "r9|C"]["supply_weight"] == pytest.approx(0.5)  # half of f2's inputs
    cent = cluster_centrality(G, clusters, measures=("degree", "strength"))
    assert cent.set_index("cluster_id").loc["r1|A", "degree"] == 3


def test_local_industries_form_no_cluster_and_small_cells_none():
    """Issue 23: a county's real estate LQ is no cluster (local industries are everywhere in
    proportion to the population), and a cell of a handful of workers is none either."""
    E = pd.DataFrame(
        {"C": [90.0, 10.0, 10.0, 10.0], "K": [10.0, 80.0, 10.0, 10.0], "T": [1.0, 0, 0, 3.0]},
        index=["r1", "r2", "r3", "r4"],
    )
    markets = {"C": "traded", "K": "local", "T": "local"}
    every = detect_clusters(E).clusters
    assert set(zip(every["region_code"], every["industry_code"], strict=True)) == {
        ("r1", "C"),
        ("r2", "K"),
        ("r4", "T"),
    }
    assert every["market"].isna().all()  # no classification declared: kept, market null
    found = detect_clusters(E, markets=markets, min_size=30).clusters
    assert found[["region_code", "industry_code", "market", "size"]].values.tolist() == [
        ["r1", "C", "traded", 90.0]
    ]
    kept = detect_clusters(E, markets=markets, cluster_markets=("traded", "local")).clusters
    assert len(kept) == 3


def test_supply_communities_say_whether_they_rest_on_inferred_links():
    G = nx.DiGraph()
    for u, v in [("a", "b"), ("b", "c"), ("c", "a")]:
        G.add_edge(u, v, inferred=True)
    for u, v in [("x", "y"), ("y", "z"), ("z", "x")]:
        G.add_edge(u, v, inferred=u == "x")  # one inferred link of three: observed
    for node, region in zip("abcxyz", ["1", "1", "2", "3", "3", "3"], strict=True):
        G.nodes[node]["region_code"] = region
    found = detect_clusters(pd.DataFrame({"A": [1.0]}, index=["r"]), supply=G).clusters
    got = found[["cluster_id", "region_code", "inferred", "member_regions"]].values.tolist()
    assert got == [
        ["community:1", "1", True, "1 67%; 2 33%"],
        ["community:2", "3", False, "3 100%"],
    ]
