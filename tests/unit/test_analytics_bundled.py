"""The analytics on the bundled China data, and the analyze/demo commands (no server)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from clusteratlas.cli import cli
from clusteratlas.graph import (
    herfindahl,
    input_output_table,
    region_industry_matrix,
    shannon_entropy,
)

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]


def test_nanshan_is_more_diversified_than_cixi_in_2020(china):
    E = region_industry_matrix(china, 2020)
    entropy, hhi = shannon_entropy(E), herfindahl(E)
    assert entropy["440305"] > entropy["330282"]
    assert hhi["440305"] < hhi["330282"]


def test_county_matrix_and_section_io_table(china):
    E = region_industry_matrix(china, 2020)
    assert E.shape[1] == 20 and len(E) > 2800
    assert all(code.startswith("GB4754:") for code in E.columns)
    io = input_output_table(china, 2020, "NBS42", to_scheme="GB4754")
    assert list(io.sectors) == [f"GB4754:{c}" for c in "ABCDEFGHIJKLMNOPQRS"]  # no T
    # aggregation keeps the accounting identity x = Z 1 + f
    pd.testing.assert_series_equal(
        io.flows.sum(axis=1) + io.final_use, io.output, check_names=False, rtol=1e-9
    )


def test_demo_prints_ranked_seed_counties_and_writes_csvs(tmp_path):
    res = CliRunner().invoke(cli, ["-q", "demo", "--out", str(tmp_path)])
    assert res.exit_code == 0, res.output
    assert "南山区" in res.output and "慈溪市" in res.output
    # the README quotes this output (ranks, intervals, notes): it must be today's
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"```\n{res.stdout}```" in readme, "README's demo output is stale: paste this run"
    for name in ("regions.csv", "clusters.csv", "cluster_members.csv", "centralities.csv"):
        assert (tmp_path / name).stat().st_size > 0
    regions = pd.read_csv(tmp_path / "regions.csv", dtype={"region_code": str})
    assert len(regions) > 2800
    assert regions["resilience"].between(0, 100).all()
    scores = regions.set_index("region_code")["resilience"]
    assert scores["440305"] > scores["330282"]
    clusters = pd.read_csv(tmp_path / "clusters.csv")
    assert {"cluster_id", "lq", "pagerank", "betweenness", "betweenness_k"} <= set(clusters)
    # size names what it counts (issue 23): census employment, sampled persons
    assert clusters["size"].min() >= 30 and set(clusters["market"]) <= {
        "traded",
        "mixed",
        "resource",
    }
    assert set(clusters["measure"]) == {"employment"} and set(clusters["unit"]) == {"persons"}


def test_analyze_csv_on_bundled_data():
    res = CliRunner().invoke(
        cli, ["analyze", "--bundled", "china", "--format", "csv", "--limit", "3"]
    )
    assert res.exit_code == 0, res.output
    lines = res.stdout.strip().splitlines()  # logs go to stderr
    assert lines[0].startswith("region_code,") and len(lines) == 4


def test_cluster_network_is_national_and_its_sampled_betweenness_tracks_the_exact(china):
    """Issue 23: the old cluster network (I-O links within a prefecture) fell into 2,662
    components, the largest of 118 clusters, and 71% of betweenness was zero. The spatial
    network links clusters of trading industries across county borders (distance decay,
    300 km at most, each cluster's 6 strongest links): one component holds almost all
    clusters, most have a betweenness above zero, and the 50 sampled sources analyze uses
    rank clusters as exact betweenness does (Spearman >= 0.9, 80 of the top 100)."""
    import networkx as nx

    from clusteratlas.graph.analytics.centrality import centrality
    from clusteratlas.graph.analytics.pipeline import analyze

    result = analyze(china)
    clusters = result.clusters.set_index("cluster_id")
    network = result.network
    assert network is not None
    largest = max(nx.connected_components(network), key=len)
    assert len(largest) > 0.9 * len(clusters)
    assert result.parameters["cluster_network"]["kind"] == "spatial"
    plan = result.parameters["centrality_plans"]["cluster"]
    assert plan["exact"] is False and plan["sources"] == 50  # what ran is recorded
    exact = centrality(network, measures=("betweenness",), exact=True, engine="igraph")
    exact = exact["betweenness"].reindex(clusters.index)
    assert (exact > 0).mean() > 0.5
    sampled = clusters["betweenness"]
    assert sampled.corr(exact, method="spearman") >= 0.9
    assert len(set(sampled.nlargest(100).index) & set(exact.nlargest(100).index)) >= 80
    # no local industry, no cluster below 30 sampled workers (a census sample count)
    assert set(clusters["market"]) <= {"traded", "mixed", "resource"}
    assert clusters.loc[clusters["kind"] == "specialisation", "size"].min() >= 30
