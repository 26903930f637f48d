"""Graph analytics where the graph lives: the cluster network written back, and the GDS engine.

On the bundled China data: the analysis' cluster network (about 11,000 clusters and 47,000 links)
is written as ``LINKED_TO`` links, and GDS's degree, strength, PageRank, betweenness and
Louvain on the stored networks agree with the networkx reference:

- degree exactly; strength and betweenness to 1e-9 relative (floating point; betweenness
  exact where the engine policy affords it); PageRank to 1e-6 relative (both iterate
  to a tolerance: GDS stops when no score moves by 1e-10, networkx, run to convergence as
  ``centrality`` now does, at an L1 change of n * 1e-12; measured: 3e-8);
- sampled betweenness (a plan with exact=False) uses other random sources than networkx,
  so it agrees in expectation only: Spearman >= 0.8 with the exact values here (k = 500);
- Louvain is a heuristic: GDS (one thread, deterministic) and networkx (seed 0) need not
  find the same partition; their modularities must agree within 0.005.
"""

from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest
from _reliability import wipe_disposable
from click.testing import CliRunner

from clusteratlas.cli import cli
from clusteratlas.graph.analytics.centrality import centrality
from clusteratlas.graph.analytics.pipeline import analyze, link_clusters
from clusteratlas.graph.definitions.engine import plan_from_size
from clusteratlas.graph.definitions.io_table import industry_network
from clusteratlas.graph.neo4j_store.gds import gds_centrality, gds_louvain
from clusteratlas.graph.neo4j_store.load import load_dataset
from clusteratlas.graph.neo4j_store.schema import ensure_schema
from clusteratlas.graph.neo4j_store.writeback import write_cluster_links, write_clusters
from clusteratlas.loaders.bundled import load_bundled

pytestmark = pytest.mark.neo4j

MEASURES = ["degree", "strength", "pagerank", "betweenness"]


@pytest.fixture(scope="module")
def bundled():
    return load_bundled("china")


@pytest.fixture(scope="module")
def analysis(bundled):
    return analyze(bundled, 2020, engine="none")


@pytest.fixture(scope="module")
def stored(neo4j_driver, neo4j_settings, analysis):
    """The clusters (no members) and the cluster network of the bundled analysis, in Neo4j."""
    db = neo4j_settings.database
    wipe_disposable(neo4j_driver, db)
    ensure_schema(neo4j_driver, db)  # the Cluster.id constraint, as a load makes it
    clusters = analysis.clusters.drop(columns=["region_name", "industry_name"]).assign(year=2020)
    write_clusters(neo4j_driver, clusters, database=db)
    write_cluster_links(neo4j_driver, analysis.cluster_links, database=db)
    yield neo4j_driver
    wipe_disposable(neo4j_driver, db)


def _network(analysis) -> nx.Graph:
    """The cluster network rebuilt from the links (sum of the kinds' weights per pair)."""
    G = nx.Graph()
    G.add_nodes_from(analysis.clusters["cluster_id"])
    for row in analysis.cluster_links.itertuples():
        w = G.edges[row.source, row.target]["weight"] if G.has_edge(row.source, row.target) else 0
        G.add_edge(row.source, row.target, weight=w + row.weight)
    return G


def _compare(got: pd.DataFrame, expected: pd.DataFrame) -> None:
    got = got.reindex(expected.index)
    assert (got["degree"] == expected["degree"]).all()
    for m, rtol in (("strength", 1e-9), ("pagerank", 1e-6), ("betweenness", 1e-9)):
        pd.testing.assert_series_equal(
            got[m], expected[m], check_exact=False, rtol=rtol, atol=1e-15
        )


def test_cluster_links_are_the_network(stored, analysis, bundled, neo4j_settings):
    db = neo4j_settings.database
    links = analysis.cluster_links
    assert len(links) > 20_000 and set(links["kind"]) == {"io"}  # no firm links in the bundle
    rows = stored.execute_query(
        "MATCH (a:Cluster)-[l:LINKED_TO]->(b:Cluster) "
        "RETURN a.id AS source, b.id AS target, l.kind AS kind, l.weight AS weight, "
        "l.inferred AS inferred",
        database_=db,
    ).records
    got = pd.DataFrame([dict(r) for r in rows]).sort_values(["source", "target", "kind"])
    pd.testing.assert_frame_equal(
        got.reset_index(drop=True), links.reset_index(drop=True), check_dtype=False
    )
    assert got["inferred"].all()  # I-O links are modelled, never observed
    # the weights are the network PageRank ran on (I-O coefficients, decaying with distance)
    network = link_clusters(bundled, analysis.scope, analysis.clusters, analysis.members)
    assert network.number_of_edges() == len(links)
    row = links.iloc[0]
    assert network.edges[row.source, row.target]["weight"] == pytest.approx(row.weight)
    # writing them again changes nothing
    write_cluster_links(stored, links, database=db)
    again = stored.execute_query(
        "MATCH ()-[l:LINKED_TO]->() RETURN count(l) AS n", database_=db
    ).records[0]["n"]
    assert again == len(links)


def test_gds_agrees_with_networkx_on_the_cluster_network(stored, analysis, neo4j_settings):
    # Jiangsu, Zhejiang and Fujian: small enough for betweenness to be exact in both engines
    ids = [c for c in analysis.clusters["cluster_id"] if c.startswith(("32", "33", "35"))]
    assert 500 < len(ids) < 2000
    G = _network(analysis).subgraph(ids)
    expected = centrality(G, measures=MEASURES, engine="networkx")
    got = gds_centrality(stored, "cluster", MEASURES, nodes=ids, database=neo4j_settings.database)
    _compare(got, expected)
    assert (got["betweenness_k"] == len(ids)).all()


def test_gds_pagerank_of_the_whole_cluster_network(stored, analysis, neo4j_settings):
    G = _network(analysis)
    expected = centrality(G, measures=["pagerank", "degree"], engine="networkx")
    got = gds_centrality(
        stored, "cluster", ["pagerank", "degree"], database=neo4j_settings.database
    )
    got = got.reindex(expected.index)
    assert len(got) == 11_049 or len(got) == len(analysis.clusters)
    assert (got["degree"] == expected["degree"]).all()
    pd.testing.assert_series_equal(got["pagerank"], expected["pagerank"], rtol=1e-6)


def test_sampled_betweenness_estimates_the_exact_one(stored, analysis, neo4j_settings):
    ids = [c for c in analysis.clusters["cluster_id"] if c.startswith(("32", "33", "35"))]
    db = neo4j_settings.database
    exact = gds_centrality(stored, "cluster", ["betweenness"], nodes=ids, database=db)
    sampled = gds_centrality(
        stored,
        "cluster",
        ["betweenness"],
        nodes=ids,
        plan=plan_from_size("gds", len(ids), 0, k=500, seed=3, exact=False),
        database=db,
    )
    assert (sampled["betweenness_k"] == 500).all()
    rho = sampled["betweenness"].corr(exact["betweenness"], method="spearman")
    assert rho >= 0.8
    # the n / k rescaling makes the totals comparable
    assert sampled["betweenness"].sum() == pytest.approx(exact["betweenness"].sum(), rel=0.35)


def test_gds_louvain_modularity_matches_networkx(stored, analysis, neo4j_settings):
    ids = [c for c in analysis.clusters["cluster_id"] if c.startswith(("32", "33", "35"))]
    G = _network(analysis).subgraph(ids)
    communities, q = gds_louvain(stored, "cluster", nodes=ids, database=neo4j_settings.database)
    assert set(communities.index) == set(ids)
    parts = [set(group.index) for _, group in communities.groupby(communities)]
    assert nx.community.modularity(G, parts, weight="weight") == pytest.approx(q, abs=1e-9)
    reference = nx.community.louvain_communities(G, weight="weight", seed=0)
    assert q == pytest.approx(nx.community.modularity(G, reference, weight="weight"), abs=0.005)


def test_gds_on_the_directed_industry_network(empty_db, neo4j_settings, bundled):
    db = neo4j_settings.database
    io_only = bundled.replace(
        regions=bundled.regions.head(1),
        companies=bundled.companies.head(0),
        company_industries=bundled.company_industries.head(0),
        region_industries=bundled.region_industries.head(0),
        region_indicators=bundled.region_indicators.head(0),
        clusters=bundled.clusters.head(0),
        cluster_industries=bundled.cluster_industries.head(0),
    )
    load_dataset(empty_db, io_only, database=db, validate=False)
    expected = centrality(industry_network(bundled, 2020, scheme="NBS42"), measures=MEASURES)
    got = gds_centrality(empty_db, "industry", MEASURES, year=2020, scheme="NBS42", database=db)
    _compare(got, expected)  # in + out degree (self-loops twice), directed betweenness


def test_analyze_engine_gds_writes_gds_centralities(empty_db, neo4j_settings, bundled):
    db = neo4j_settings.database
    # what write-back needs (regions, industries, companies); the employment stays in Python
    load_dataset(empty_db, bundled.replace(region_industries=bundled.region_industries.head(0)))
    res = CliRunner().invoke(
        cli,
        [
            "--quiet",
            "analyze",
            "--bundled",
            "china",
            "--engine",
            "gds",
            "--write-back-from-copy",
            "--limit",
            "3",
        ],
    )
    assert res.exit_code == 0, res.output
    assert len(res.stdout.splitlines()) == 4
    rows = empty_db.execute_query(
        "MATCH (c:Cluster) RETURN c.id AS id, c.degree AS degree, c.pagerank AS pagerank, "
        "c.betweenness AS betweenness, c.betweenness_k AS k, c.parameters AS parameters",
        database_=db,
    ).records
    got = pd.DataFrame([dict(r) for r in rows]).set_index("id")
    # igraph: exact betweenness of ~11,000 nodes takes minutes in networkx; igraph is tested
    # against networkx in tests/unit/test_centrality_fast.py
    reference = analyze(bundled, 2020, engine="igraph")
    expected = reference.clusters.set_index("cluster_id")
    got = got.reindex(expected.index)
    assert (got["degree"] == expected["degree"]).all()
    pd.testing.assert_series_equal(
        got["pagerank"], expected["pagerank"], rtol=1e-6, check_names=False
    )
    # the same plan in both engines: exact where cheap, else the same number of sampled
    # sources (different ones: GDS samples its own), so both estimate the exact values
    assert (got["k"] == expected["betweenness_k"]).all()
    got_betweenness = pd.Series(
        [r["betweenness"] for r in rows], index=[r["id"] for r in rows]
    ).reindex(expected.index)
    if (expected["betweenness_k"] >= len(expected)).all():
        pd.testing.assert_series_equal(
            got_betweenness, expected["betweenness"], rtol=1e-9, atol=1e-15, check_names=False
        )
    else:  # issue 23: the spatial cluster network is one large component, sampled
        exact = centrality(reference.network, measures=("betweenness",), exact=True)
        exact = exact["betweenness"].reindex(expected.index)
        for estimate in (got_betweenness, expected["betweenness"]):
            assert estimate.corr(exact, method="spearman") >= 0.8
    assert '"engine": "gds"' in got["parameters"].iloc[0]
