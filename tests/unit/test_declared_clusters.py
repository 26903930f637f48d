"""The article's clusters as declared clusters: in the data, the load rows, the recovery report."""

from __future__ import annotations

import pandas as pd
import pytest

import clusteratlas as ca
from clusteratlas.graph.analytics.declared import declared_cluster_recovery, recovery_lines
from clusteratlas.graph.neo4j_store.rows import dataset_steps
from clusteratlas.loaders.bundled import CHINA_SEED_COUNTIES
from clusteratlas.loaders.validation import validate_dataset


@pytest.fixture(scope="module")
def ds() -> ca.Dataset:
    return ca.load_bundled("china")


def test_the_articles_clusters_are_declared_clusters_with_label_source_and_industries(
    ds: ca.Dataset,
) -> None:
    cl = ds.clusters.set_index("id")
    assert (cl["kind"] == "declared").all() and len(cl) == 10
    assert set(cl["region_code"]) <= set(CHINA_SEED_COUNTIES)
    assert "510107" not in set(cl["region_code"])  # the article names no cluster for Wuhou
    assert cl["source"].str.contains("Deep News").all()
    nanshan = cl[cl["region_code"] == "440305"]["label"].tolist()
    assert nanshan == ["next-generation information technology", "digital economy", "biomedicine"]
    links = ds.cluster_industries.groupby("cluster_id")["industry_code"].apply(set)
    assert links["declared:330282:1"] == {"GB4754:C", "SW2021:330300"}  # Cixi small appliances
    assert links["declared:350582:1"] == {"GB4754:C", "SW2021:350208", "SW2021:350205"}
    assert links["declared:330782:1"] >= {"GB4754:F"}  # Yiwu commodity trade: trade
    assert "declared:320281:1" not in links  # Jiangyin: "distinctive industrial clusters"
    assert ds.metadata["report"]["declared_clusters"]["regions_naming_no_cluster"] == ["510107"]


def test_declared_clusters_validate_and_load_as_cluster_nodes(ds: ca.Dataset) -> None:
    assert validate_dataset(ds) == []
    steps = {s.name: s for s in dataset_steps(ds)}
    nodes = steps["Cluster"].rows
    assert len(nodes) == 10 and {n["kind"] for n in nodes} == {"declared"}
    assert {"label", "source"} <= set(nodes[0])
    assert len(steps["IN_REGION"].rows) == 10
    assert len(steps["OF_INDUSTRY"].rows) == len(ds.cluster_industries)
    bad = ds.replace(cluster_industries=pd.DataFrame(
        {"cluster_id": ["declared:nowhere"], "industry_code": ["GB4754:C"]}))  # fmt: skip
    assert any("dangling" in str(p) for p in validate_dataset(bad))


def test_recovery_report_says_whether_and_at_which_level_and_why_not(ds: ca.Dataset) -> None:
    r = declared_cluster_recovery(ds).set_index("cluster_id")
    assert set(r["level"]) == {"GB4754 section"}
    assert int(r["detected"].sum()) == 8
    cixi = r.loc["declared:330282:1"]
    assert cixi["detected"] and cixi["detected_as"].startswith("制造业 (LQ")
    assert "cannot tell small household appliances apart" in cixi["why"]
    biomedicine = r.loc["declared:440305:3"]
    assert not biomedicine["detected"] and biomedicine["section_lq"] < 1.25
    assert "LQ 0.87 < 1.25" in biomedicine["why"]
    assert "names no industry" in r.loc["declared:320281:1", "why"]
    it = r.loc["declared:440305:1"]  # Nanshan IT: the census section and the listed firms agree
    assert it["detected"] and it["listed_firms"] == 39 and it["firm_lq"] > 2
    lines = recovery_lines(ds, r.reset_index())
    assert lines[0].startswith("declared clusters: 8 of 10 found by the detection")
    assert "Shenzhen Stock Exchange companies only" in lines[0]
    assert any("慈溪市 330282 small household appliances: detected" in line for line in lines)


def test_recovery_follows_the_detection_thresholds(ds: ca.Dataset) -> None:
    strict = declared_cluster_recovery(ds, min_lq=4.0).set_index("cluster_id")
    assert not strict.loc["declared:330282:1", "detected"]  # Cixi's manufacturing LQ is ~3.4
    assert "< 4" in strict.loc["declared:330282:1", "why"]
