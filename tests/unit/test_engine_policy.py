"""The engine and exactness policy of path measures (graph/definitions/engine.py), and the
networkx engine's per-component exact betweenness.

- per component, networkx gives the values of networkx on the whole graph (undirected and
  directed, weighted, with isolated nodes and pairs);
- the cost is counted by component: an edgeless network of any size is free and exact,
  a network of many small components is exact, one large component is sampled by
  networkx and exact by igraph;
- the engine is resolved before exactness is decided, and the plan that ran is
  returned with the table.
"""

from __future__ import annotations

import random

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from clusteratlas.errors import UsageError
from clusteratlas.graph.analytics.centrality import centrality
from clusteratlas.graph.analytics.clusters import cluster_centrality
from clusteratlas.graph.definitions.engine import (
    EXACT_WORK,
    component_work,
    plan_from_size,
    plan_path_measures,
    resolve_engine,
)


def _islands(directed: bool, seed: int) -> nx.Graph:
    """Random weighted components of 1 to 30 nodes (isolated nodes and pairs included)."""
    rng = random.Random(seed)
    G: nx.Graph = nx.DiGraph() if directed else nx.Graph()
    start = 0
    for size in [1, 2, 2, 5, 30, 12, 1, 8, 3]:
        nodes = list(range(start, start + size))
        G.add_nodes_from(nodes)
        for u in nodes:
            for v in nodes:
                if u != v and rng.random() < 0.35:
                    G.add_edge(u, v, weight=rng.uniform(0.1, 3.0))
        start += size
    return G


@pytest.mark.parametrize("directed", [False, True])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_per_component_betweenness_equals_networkx_on_the_whole_graph(directed, seed):
    G = _islands(directed, seed)
    got = centrality(G, ["betweenness"], engine="networkx", exact=True)["betweenness"]
    H = nx.DiGraph() if directed else nx.Graph()
    H.add_nodes_from(G)
    H.add_edges_from((u, v, {"d": 1.0 / w}) for u, v, w in G.edges(data="weight"))
    expected = pd.Series(nx.betweenness_centrality(H, weight="d", normalized=True))
    np.testing.assert_allclose(got.sort_index(), expected.sort_index(), rtol=1e-12, atol=1e-15)
    assert got.max() > 0


def test_an_edgeless_network_is_free_and_exact_whatever_its_size():
    G = nx.empty_graph(43_840)
    plan = plan_path_measures(G, "networkx")
    assert (plan.work, plan.exact, plan.engine) == (0, True, "networkx")
    c = centrality(G, ["betweenness", "closeness", "harmonic"], engine="networkx")
    assert (c["betweenness"] == 0).all() and (c["betweenness_k"] == 43_840).all()


def test_many_small_components_are_exact_one_large_component_is_sampled_by_networkx():
    small = nx.union_all([nx.path_graph(range(i, i + 50)) for i in range(0, 5000, 50)])
    assert plan_path_measures(small, "networkx").exact
    big = nx.gnm_random_graph(3000, 12_000, seed=4)
    work, _, largest = component_work(big)
    assert work > EXACT_WORK["networkx"] and largest > 2900
    nx_plan = plan_path_measures(big, "networkx", k=40, seed=5)
    assert (nx_plan.exact, nx_plan.sources, nx_plan.seed) == (False, 40, 5)
    assert plan_path_measures(big, "igraph").exact  # igraph affords it


def test_the_engine_is_resolved_first_and_what_ran_is_returned():
    assert resolve_engine("auto", 10) == "networkx"
    assert resolve_engine("auto", 10_000) == "igraph"
    G = nx.gnm_random_graph(1500, 6000, seed=2)
    for asked, ran in (("auto", "igraph"), ("networkx", "networkx"), ("igraph", "igraph")):
        c = centrality(G, ["betweenness"], engine=asked, k=30)
        assert c.attrs["plan"]["engine"] == ran
        assert c.attrs["plan"]["exact"] == (ran == "igraph")
        assert (c["betweenness_k"] == c.attrs["plan"]["sources"]).all()
    with pytest.raises(UsageError, match="engine"):
        resolve_engine("rustworkx", 1)


def test_a_network_known_by_its_size_is_planned_as_one_component():
    plan = plan_from_size("gds", 1000, 4000)
    assert plan.work == 1000 * 5000 and plan.exact
    assert not plan_from_size("gds", 20_000, 100_000).exact


def test_a_cluster_network_without_links_has_no_centrality_ranks():
    clusters = pd.DataFrame({"cluster_id": list("abcd")})
    out = cluster_centrality(nx.empty_graph(list("abcd")), clusters, ("degree", "pagerank"))
    assert out[["degree", "pagerank"]].isna().all().all()
    assert out.attrs["note"] == "no links: centralities undefined"


def test_analyze_finishes_when_no_cluster_is_detected():
    """issue 26 #5: an empty cluster table merged on a float cluster_id column."""
    from clusteratlas.graph.analytics.pipeline import analyze
    from clusteratlas.graph.definitions.examples import example_dataset

    a = analyze(example_dataset(), growth_years=(2017, 2019), min_lq=100.0)
    assert a.clusters.empty and "pagerank" in a.clusters.columns
    assert a.parameters["centrality_plans"]["cluster"]["nodes"] == 0
