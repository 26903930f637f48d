"""The article's clusters as declared clusters: in the data, the load rows, the recovery report."""

from __future__ import annotations

import pandas as pd
import pytest

import clusteratlas as ca
from clusteratlas.graph.analytics.declared import declared_cluster_recovery, recovery_lines
from clusteratlas.graph.neo4j_store.rows import dataset_steps
from clusteratlas.loaders.dataset_json import featured_regions
from clusteratlas.loaders.validation import validate_dataset


@pytest.fixture
def ds(china: ca.Dataset) -> ca.Dataset:
    return china  # the session's Dataset (tests/conftest.py)


def test_the_articles_clusters_are_declared_clusters_with_label_source_and_industries(
    ds: ca.Dataset,
) -> None:
    cl = ds.clusters.set_index("id")
    assert (cl["kind"] == "declared").all() and len(cl) == 10
    assert set(cl["region_code"]) <= set(featured_regions(ds))
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


def test_declared_cluster_sectors_follow_the_judgement_table_and_parents() -> None:
    """A made-up region with two declared clusters, worked by hand: cluster d1 names a
    Shenwan level-3 industry without a row in the dataset's crosswalk (110101 种子: its
    parent 110100 种植业 has one, -> NBS42:01) and a census section (reaches no NBS42
    sector, left out); d2 names an industry whose parent_code leads to an NBS42 code. d0
    lies in another region. Clusters come in id order, the sector with most industries
    first. Nothing comes from the package's own judgement table: without the crosswalk
    row the Shenwan industries reach no sector."""
    from clusteratlas.graph.analytics.declared import declared_cluster_sectors
    from clusteratlas.graph.definitions.examples import example_dataset

    ds = example_dataset()
    extra = pd.DataFrame(
        {"code": ["SW2021:110100", "SW2021:110101", "X:1"], "name": ["种植业", "种子", "x"],
         "scheme": ["SW2021", "SW2021", "X"], "level": ["level2", "level3", "item"],
         "parent_code": [None, "SW2021:110100", "NBS42:06"]})  # fmt: skip
    industries = pd.concat([ds.industries, extra], ignore_index=True)
    clusters = pd.DataFrame(
        {"id": ["d2", "d1", "d0"], "kind": "declared", "label": ["b", "a", "z"],
         "region_code": ["11", "11", "12"], "source": ["S; note", "S", "S"]})  # fmt: skip
    links = pd.DataFrame(
        {"cluster_id": ["d1", "d1", "d2", "d0"],
         "industry_code": ["SW2021:110101", "GB4754:C", "X:1", "SW2021:110100"]})  # fmt: skip
    crosswalk = pd.DataFrame({"from_code": ["SW2021:110100"], "to_code": ["NBS42:01"]})
    ds = ds.replace(industries=industries, clusters=clusters, cluster_industries=links,
                    industry_crosswalk=crosswalk)  # fmt: skip
    got = declared_cluster_sectors(ds, "11")
    assert got[["cluster_id", "sector", "industries"]].values.tolist() == [
        ["d1", "NBS42:01", "种子 (SW2021:110101)"],
        ["d2", "NBS42:06", "x (X:1)"],
    ]
    assert got["source"].tolist() == ["S", "S; note"]
    assert declared_cluster_sectors(ds, "1")["cluster_id"].tolist() == ["d0", "d1", "d2"]
    # in sections: d1's section as given (its SW code reaches none), d2's X:1 through
    # NBS42:06 up to its section
    by_section = declared_cluster_sectors(ds, "11", io_scheme="GB4754")
    assert by_section[["cluster_id", "sector"]].values.tolist() == [
        ["d1", "GB4754:C"],
        ["d2", "GB4754:C"],
    ]
    without = declared_cluster_sectors(ds.replace(industry_crosswalk=crosswalk.head(0)), "11")
    assert without[["cluster_id", "sector"]].values.tolist() == [["d2", "NBS42:06"]]


def test_a_county_chain_starts_from_firms_then_the_declared_cluster_then_its_section(
    ds: ca.Dataset,
) -> None:
    """The article's eight counties: four have the listed firms to name their sector, four
    do not, and of those the article names a cluster for all but Wuhou. Changsha County,
    whose most specialised section is business services, starts from the construction
    machinery the article names."""
    from clusteratlas.graph.analytics.focus import region_focus

    got = {c: region_focus(ds, c) for c in featured_regions(ds)}
    assert {c: (f.basis, f.code) for c, f in got.items()} == {
        "440305": ("firms", "NBS42:20"),
        "320583": ("firms", "NBS42:20"),
        "320281": ("firms", "NBS42:12"),
        "430121": ("declared", "NBS42:17"),
        "330782": ("declared", "NBS42:28"),
        "350582": ("declared", "NBS42:08"),
        "330282": ("declared", "NBS42:19"),
        "510107": ("section", "GB4754:I"),
    }
    assert "construction machinery" in got["430121"].reason
    assert "too few to name its sector" in got["430121"].reason
    assert all(f.level == "sector" for f in got.values() if f.basis != "section")
