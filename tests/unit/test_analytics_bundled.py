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


def test_analyze_csv_on_bundled_data():
    res = CliRunner().invoke(
        cli, ["analyze", "--bundled", "china", "--format", "csv", "--limit", "3"]
    )
    assert res.exit_code == 0, res.output
    lines = res.stdout.strip().splitlines()  # logs go to stderr
    assert lines[0].startswith("region_code,") and len(lines) == 4


def test_cluster_betweenness_is_exact_on_the_bundled_data(china):
    """Issue #13.7: with k = 50 sampled sources only 189 of 11,049 clusters had a betweenness
    above 0, so `clusters-in-region -p centrality=betweenness` showed 0.0 everywhere. The
    cluster network is thousands of small components, cheap to compute exactly: every cluster's
    betweenness now comes from all sources, checked here against networkx on the largest
    component alone (paths never leave a component, so its raw counts are the whole
    network's; normalised over all N clusters as the pipeline does)."""
    import networkx as nx

    from clusteratlas.graph.analytics.clusters import cluster_network, detect_clusters
    from clusteratlas.graph.analytics.firms import company_table
    from clusteratlas.graph.analytics.pipeline import analyze
    from clusteratlas.graph.definitions.scope import resolve_scope

    ds = china
    clusters = analyze(ds).clusters.set_index("cluster_id")
    n = len(clusters)
    assert n > 10_000
    assert (clusters["betweenness_k"] == n).all()  # every cluster a source: exact
    assert (clusters["betweenness"] > 0).sum() > 2_000

    scope = resolve_scope(ds, year=2020)
    found = detect_clusters(
        scope.matrix(ds), year=2020, firms=company_table(ds, "GB4754", "county")
    )
    network = cluster_network(
        found.clusters,
        found.members,
        coefficients=scope.io_coefficients(ds),
        region_groups=scope.region_groups(ds),
    )
    assert network.number_of_nodes() == n
    largest = network.subgraph(max(nx.connected_components(network), key=len)).copy()
    for _, _, data in largest.edges(data=True):
        data["distance"] = 1.0 / data["weight"]
    raw = nx.betweenness_centrality(largest, weight="distance", normalized=False)
    expected = pd.Series(raw) * 2.0 / ((n - 1) * (n - 2))  # ordered pairs, as networkx normalises
    got = clusters.loc[expected.index, "betweenness"]
    assert got.to_numpy() == pytest.approx(expected.to_numpy(), rel=1e-9, abs=1e-15)
    assert expected.max() > 0
