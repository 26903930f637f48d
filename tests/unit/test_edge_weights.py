"""One edge-weight rule (finite, >= 0) for every analytics function that reads edge weights."""

from __future__ import annotations

import math

import networkx as nx
import pandas as pd
import pytest

from clusteratlas.errors import MatrixError
from clusteratlas.graph.analytics.cascade import input_shares
from clusteratlas.graph.analytics.centrality import centrality
from clusteratlas.graph.analytics.clusters import cluster_network


@pytest.mark.parametrize("bad", [-1.0, math.nan, math.inf, None])
def test_every_reader_refuses_the_same_bad_weights(bad: object) -> None:
    G = nx.DiGraph()
    G.add_edge("a", "b", weight=1.0)
    G.add_edge("b", "c", weight=bad)
    message = r"edge \('b', 'c'\): weight .* must be a finite number >= 0"
    for engine in ("networkx", "igraph"):
        with pytest.raises(MatrixError, match=message):
            centrality(G, measures=["pagerank", "closeness"], engine=engine)
    with pytest.raises(MatrixError, match="supply network: " + message):
        input_shares(G)
    clusters = pd.DataFrame(
        {"cluster_id": ["x", "y"], "region_code": ["1", "2"], "industry_code": ["A", "A"]}
    )
    members = pd.DataFrame({"company_id": ["a", "c"], "cluster_id": ["x", "y"]})
    with pytest.raises(MatrixError, match="supply network: " + message):
        cluster_network(clusters, members, supply=G)
