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


def test_recovery_report_says_the_state_at_which_level_and_why(ds: ca.Dataset) -> None:
    """Every cluster the article names is a Shenwan industry (or none: Jiangyin), finer than
    the census sections of E: none can be detected or missed at section level, whatever
    the section around it does (Cixi's manufacturing is a detected cluster, LQ 3.4)."""
    r = declared_cluster_recovery(ds).set_index("cluster_id")
    assert set(r["level"]) == {"GB4754 section"}
    assert set(r["state"]) == {"not testable"} and not r["detected"].any()
    cixi = r.loc["declared:330282:1"]
    assert cixi["detected_as"] is None and cixi["section_lq"] > 3
    assert "finer than a GB4754 section" in cixi["why"]
    assert "制造业 (LQ 3.40, a detected cluster of the region)" in cixi["why"]
    assert "cannot tell small household appliances apart" in cixi["why"]
    assert (cixi["listed_firms"], cixi["region_listed_firms"]) == (0, 7)
    assert cixi["firm_evidence"] == "too few firms"  # 0 of 7: too few listed firms to expect any
    biomedicine = r.loc["declared:440305:3"]
    assert "not a detected cluster" in biomedicine["why"]
    assert biomedicine["firm_evidence"] == "not supported"  # 5 of 99, firm LQ 0.59
    assert "names no industry" in r.loc["declared:320281:1", "why"]
    assert r.loc["declared:320281:1", "firm_evidence"] == "not testable"
    it = r.loc["declared:440305:1"]  # Nanshan IT: the listed firms support it
    assert it["listed_firms"] == 39 and it["firm_lq"] > 2 and it["firm_evidence"] == "supported"
    machinery = r.loc["declared:430121:1"]  # Changsha County: one firm, LQ ~59, flagged
    assert machinery["listed_firms"] == 1 and machinery["firm_lq"] > 50
    assert machinery["firm_evidence"] == "too few firms"
    lines = recovery_lines(ds, r.reset_index())
    assert lines[0].startswith(
        "declared clusters: 0 detected, 0 not detected, 10 not testable at GB4754 section "
        "level; firm evidence: 3 supported, 1 not supported, 5 too few firms, 1 not testable"
    )
    assert "Shenzhen Stock Exchange companies only" in lines[0]
    assert any("慈溪市 330282 small household appliances: not testable." in x for x in lines)
    assert any("(firm LQ 59.03 from 1 firm): too few firms" in x for x in lines)


def _placebos(ds: ca.Dataset) -> ca.Dataset:
    """Three of the article's clusters declared in the wrong county, with the industries
    (Shenwan codes and the section they map to) of the real declarations."""
    moves = {  # the real declaration -> the county it is moved to
        "declared:330282:1": ("350582", "small household appliances"),  # Cixi's, in Jinjiang
        "declared:430121:1": ("320583", "construction machinery"),  # Changsha's, in Kunshan
        "declared:350582:1": ("320281", "sporting goods"),  # Jinjiang's, in Jiangyin
    }
    clusters = pd.DataFrame(
        {"id": [f"placebo:{county}" for county, _ in moves.values()], "kind": "declared",
         "label": [label for _, label in moves.values()],
         "region_code": [county for county, _ in moves.values()],
         "source": "placebo (tests/unit/test_declared_clusters.py)"})  # fmt: skip
    links = ds.cluster_industries
    links = pd.concat(
        [links[links["cluster_id"] == real].assign(cluster_id=f"placebo:{county}")
         for real, (county, _) in moves.items()], ignore_index=True)  # fmt: skip
    return ds.replace(clusters=clusters, cluster_industries=links)


def test_placebo_clusters_in_the_wrong_county_are_neither_detected_nor_supported(
    ds: ca.Dataset,
) -> None:
    """The test has power only if it can say no: appliances in Jinjiang, construction
    machinery in Kunshan, sporting goods in Jiangyin are all manufacturing counties, so
    a section-level "detection" found all three. None may be detected, and their listed
    firms (none in these industries) must not support them."""
    placebo = _placebos(ds)
    assert validate_dataset(placebo) == []
    r = declared_cluster_recovery(placebo).set_index("cluster_id")
    assert len(r) == 3
    assert (r["state"] != "detected").all() and not r["detected"].any()
    assert (r["state"] == "not testable").all()
    assert (r["section_lq"] > 1.25).all()  # the manufacturing section itself is specialised
    assert (r["firm_evidence"] != "supported").all()
    assert (r["listed_firms"] == 0).all()
    lines = recovery_lines(placebo, r.reset_index())
    assert lines[0].startswith("declared clusters: 0 detected, 0 not detected, 3 not testable")


def _worked_example() -> ca.Dataset:
    """The example dataset (county 11: agriculture LQ 1.875, manufacturing LQ 0.42;
    county 12: manufacturing LQ 1.39) with ten firms classified by section: county 11 has
    four, all in agriculture; county 12 has six, one in agriculture and five in
    manufacturing. Nationally half the firms are in each section."""
    from clusteratlas.graph.definitions.examples import example_dataset

    ds = example_dataset()
    sections = ["GB4754:A"] * 4 + ["GB4754:A"] + ["GB4754:C"] * 5
    regions = ["11"] * 4 + ["12"] * 6
    ids = [f"f{k}" for k in range(len(regions))]
    companies = pd.concat([ds.companies.head(1)] * len(ids), ignore_index=True).assign(
        id=ids, name=ids, region_code=regions)  # fmt: skip
    company_industries = pd.DataFrame(
        {"company_id": ids, "industry_code": sections, "share": 1.0, "primary": True})  # fmt: skip
    clusters = pd.DataFrame(
        {"id": ["d1", "d2", "d3", "d4", "d5"], "kind": "declared",
         "label": ["farming", "factories", "goods", "farms", "nothing named"],
         "region_code": ["11", "11", "12", "12", "12"]})  # fmt: skip
    links = pd.DataFrame(
        {"cluster_id": ["d1", "d2", "d3", "d4"],
         "industry_code": ["GB4754:A", "GB4754:C", "NBS42:06", "GB4754:A"]})  # fmt: skip
    return ds.replace(companies=companies, company_industries=company_industries,
                      clusters=clusters, cluster_industries=links)  # fmt: skip


def test_each_state_and_firm_verdict_worked_by_hand() -> None:
    """top_share 1.0: the detection keeps every cell with LQ >= 1.25 (11 x A, 12 x C).

    d1 farming in 11 (A): detected; firms 4 of 4, firm LQ (4/4) / (5/10) = 2: supported.
    d2 factories in 11 (C): not detected (LQ 0.42 < 1.25); firms 0 of 4, and a cluster at
        the threshold would show 4 x 0.5 x 1.25 = 2.5 < 3 firms: too few firms.
    d3 goods in 12 (NBS42:06, an I-O sector below manufacturing): not testable, though
        manufacturing is a detected cluster of 12; no firm is classified in NBS42: not
        testable.
    d4 farms in 12 (A): not detected (LQ 0.42); firms 1 of 6, firm LQ 0.33, and at the
        threshold 6 x 0.5 x 1.25 = 3.75 >= 3 firms would show: not supported.
    d5 names no industry: not testable either way.
    """
    ds = _worked_example()
    assert validate_dataset(ds) == []
    r = declared_cluster_recovery(ds, top_share=1.0).set_index("cluster_id")
    assert r["state"].to_dict() == {
        "d1": "detected", "d2": "not detected", "d3": "not testable", "d4": "not detected",
        "d5": "not testable"}  # fmt: skip
    assert r["detected"].to_dict() == {"d1": True, "d2": False, "d3": False, "d4": False,
                                       "d5": False}  # fmt: skip
    assert r["firm_evidence"].to_dict() == {
        "d1": "supported", "d2": "too few firms", "d3": "not testable", "d4": "not supported",
        "d5": "not testable"}  # fmt: skip
    assert r.loc["d1", "firm_lq"] == pytest.approx(2.0)
    assert r.loc["d4", "firm_lq"] == pytest.approx((1 / 6) / 0.5)
    assert r.loc["d2", "why"] == "its best GB4754 section, Manufacturing, has LQ 0.42 < 1.25"
    assert r.loc["d3", "why"].startswith("its industries (Goods) are finer than a GB4754 section")
    assert "Manufacturing (LQ 1.39, a detected cluster of the region)" in r.loc["d3", "why"]
    assert r.loc["d3", "section_lq"] == pytest.approx((50 / 60) / (60 / 100))
    lines = recovery_lines(ds, r.reset_index())
    assert lines[0].startswith(
        "declared clusters: 1 detected, 2 not detected, 2 not testable at GB4754 section "
        "level; firm evidence: 1 supported, 1 not supported, 1 too few firms, 2 not testable"
    )
    assert lines[1] == (
        "  County 1 11 farming: detected. found as Agriculture; 4 of its 4 classified listed "
        "firms in these industries (firm LQ 2.00): supported"
    )


def test_recovery_follows_the_detection_thresholds() -> None:
    ds = _worked_example()
    strict = declared_cluster_recovery(ds, min_lq=2.0, top_share=1.0).set_index("cluster_id")
    assert strict.loc["d1", "state"] == "not detected"  # agriculture's LQ is 1.875
    assert "< 2" in strict.loc["d1", "why"]
    assert strict.loc["d1", "firm_evidence"] == "supported"  # firm LQ 2.0 >= 2.0


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


def test_a_declared_cluster_of_another_region_level_says_which_level_to_analyse() -> None:
    """Issue 26 #9: a province's declared cluster was reported as if the province had no
    employment data; the analysis compares counties, and the reason says so."""
    ds = _worked_example()
    province = ds.regions.loc[ds.regions["level"] == "province", "code"].iloc[0]
    clusters = ds.clusters.assign(region_code=[province, "11", "12", "12", "12"])
    r = declared_cluster_recovery(ds.replace(clusters=clusters), top_share=1.0)
    row = r.set_index("cluster_id").loc["d1"]
    assert row["state"] == "not testable"
    assert row["why"] == (
        "the region is a province, and the analysis compares county regions: "
        "`analyze --level province` tests it"
    )
