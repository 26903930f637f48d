"""Views from Neo4j: the toy dataset loaded into a real server, read back, drawn the same."""

from __future__ import annotations

from click.testing import CliRunner

from clusteratlas.cli import cli
from clusteratlas.graph.neo4j_store.load import load_dataset
from clusteratlas.graph.neo4j_store.read import read_dataset
from clusteratlas.graph.views import (
    cluster_network_view,
    industry_space_view,
    region_view,
    supply_chain_view,
)
from clusteratlas.graph.views._toy import toy_dataset


def _shape(view):
    return sorted(view.node_ids()), sorted(map(sorted, map(list, view.graph.edges)))


def _with_a_declared_cluster():
    """The toy dataset and one cluster a source names (region 100101, manufacturing)."""
    import pandas as pd

    from clusteratlas.loaders.dataset import Dataset

    ds = toy_dataset()
    given = {
        "clusters": pd.DataFrame(
            {"id": ["declared:100101:1"], "kind": ["declared"], "label": ["toy workshops"],
             "region_code": ["100101"], "source": ["a made-up report (test data)"]}
        ),
        "cluster_industries": pd.DataFrame(
            {"cluster_id": ["declared:100101:1"], "industry_code": ["GB4754:C"]}
        ),
    }  # fmt: skip
    return Dataset.from_frames(metadata=ds.metadata, **{**dict(ds), **given})


def test_views_from_neo4j_match_views_from_the_dataset(empty_db, neo4j_settings):
    ds = _with_a_declared_cluster()
    load_dataset(empty_db, ds, database=neo4j_settings.database, validate=False)
    back = read_dataset(empty_db, database=neo4j_settings.database)
    builds = [
        lambda d: region_view(d, ["100101"]),
        lambda d: supply_chain_view(d, "NBS42:16"),
        lambda d: cluster_network_view(d, min_linkage=0.01),
        lambda d: industry_space_view(d, ["100101"]),
    ]
    for build in builds:
        assert _shape(build(back)) == _shape(build(ds))
    declared = region_view(back, ["100101"]).graph.nodes["given:declared:100101:1"]
    assert declared["shape"] == "diamond" and "a made-up report (test data)" in declared["tooltip"]


def test_cli_view_from_neo4j(empty_db, neo4j_settings, tmp_path):
    load_dataset(empty_db, toy_dataset(), database=neo4j_settings.database, validate=False)
    out = tmp_path / "space.html"
    args = ["view", "industry-space", "--from", "neo4j", "--region", "100101", "-o", str(out)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "Industry space, employment 2020: 东县 (100101)" in out.read_text(encoding="utf-8")
