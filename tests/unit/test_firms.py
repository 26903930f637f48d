"""The Shenwan 2021 scheme in the bundled data, the firm-based measures and the SW -> I-O table."""

from __future__ import annotations

import pandas as pd
import pytest

import clusteratlas as ca
from clusteratlas.graph.analytics.crosswalk import industries_to_scheme
from clusteratlas.graph.analytics.firms import (
    company_industries_at,
    listed_firm_specialisation,
    region_io_sectors,
)
from clusteratlas.loaders.industry_schemes import (
    read_sw2021_nbs42,
    sw2021_crosswalk,
    sw2021_io_sector,
)

NANSHAN, KUNSHAN, JINJIANG = "440305", "320583", "350582"


@pytest.fixture
def ds(china: ca.Dataset) -> ca.Dataset:
    return china  # the session's Dataset (tests/conftest.py)


def test_shenwan_scheme_with_its_hierarchy(ds: ca.Dataset) -> None:
    ind = ds.industries
    sw = ind[ind["scheme"] == "SW2021"].set_index("code")
    assert sw["level"].value_counts().to_dict() == {"level3": 346, "level2": 134, "level1": 31}
    assert sw.loc["SW2021:330300", ["name", "parent_code"]].tolist() == ["小家电", "SW2021:330000"]
    assert sw.loc["SW2021:350208", ["name", "parent_code"]].tolist() == [
        "运动服装",
        "SW2021:350200",
    ]
    assert sw.loc[sw["level"] == "level1", "parent_code"].isna().all()
    assert sw.loc[sw["level"] != "level1", "parent_code"].isin(sw.index).all()


def test_matched_szse_companies_carry_their_shenwan_industry_beside_the_csrc_section(
    ds: ca.Dataset,
) -> None:
    ci = ds.company_industries
    sw = ci[ci["industry_code"].str.startswith("SW2021:")]
    assert len(sw) == sw["company_id"].nunique() == 2361
    assert not sw["primary"].any() and (sw["share"] == 1.0).all()
    csrc = ci[ci["industry_code"].str.startswith("CSRC:")]
    assert csrc["primary"].all() and set(sw["company_id"]) <= set(csrc["company_id"])
    levels = ds.industries.set_index("code")["level"]
    assert (levels.loc[sw["industry_code"]] == "level3").all()
    gree = sw.set_index("company_id").loc["SZSE:000651", "industry_code"]  # 格力电器
    assert ds.industries.set_index("code").loc[gree, "name"] == "空调"
    rep = ds.metadata["report"]["sw2021"]
    assert rep["szse_list_companies_matched"] == 2361
    assert rep["assignment_codes_changed"]["640401 金属制品"] == "640108 金属制品"


def test_nanshans_top_industries_by_listed_firms_are_information_technology(
    ds: ca.Dataset,
) -> None:
    t = listed_firm_specialisation(ds, industry_level="level1")
    nanshan = t[t["region_code"] == NANSHAN]
    assert nanshan["industry_name"].tolist()[:2] == ["计算机", "电子"]
    assert {"计算机", "电子", "通信"} <= set(nanshan["industry_name"].head(4))
    level3 = listed_firm_specialisation(ds, industry_level="level3")
    top = level3[level3["region_code"] == NANSHAN].head(3)["industry_name"].tolist()
    assert top == ["其他计算机设备", "通信终端及配件", "IT服务Ⅲ"]
    # Kunshan: machinery and electronics (optics/panels, components)
    kunshan = t[t["region_code"] == KUNSHAN]["industry_name"].tolist()[:2]
    assert kunshan == ["机械设备", "电子"]


def test_firm_lq_is_counted_in_firms_against_all_classified_listed_firms(ds: ca.Dataset) -> None:
    t = listed_firm_specialisation(ds, industry_level="level1")
    codes = company_industries_at(ds, "SW2021", "level1")
    national = codes.value_counts()
    row = t[(t["region_code"] == NANSHAN) & (t["industry_code"] == "SW2021:710000")].iloc[0]
    # by hand: Nanshan's computer firms / Nanshan's classified firms over the national share
    placed = ds.companies.set_index("id")["region_code"].reindex(codes.index)
    in_nanshan = codes[placed == NANSHAN]
    expected = (in_nanshan.eq("SW2021:710000").sum() / len(in_nanshan)) / (
        national["SW2021:710000"] / national.sum()
    )
    assert row["firms"] == 18 and row["firm_lq"] == pytest.approx(expected, rel=1e-12)
    assert set(t.columns) >= {"firms", "firm_share", "firm_lq"} and "employment" not in t.columns


def test_every_shenwan_level1_and_level2_industry_maps_to_an_io_sector(ds: ca.Dataset) -> None:
    table = read_sw2021_nbs42()
    sw = ds.industries[ds.industries["scheme"] == "SW2021"]
    nbs = set(ds.industries.loc[ds.industries["scheme"] == "NBS42", "code"])
    level1 = set(sw.loc[sw["level"] == "level1", "code"])
    assert level1 <= set(table["sw_code"])
    assert set(sw.loc[sw["level"] == "level2", "code"]) <= set(table["sw_code"])
    assert set(table["nbs42_code"]) <= nbs and set(table["sw_code"]) <= set(sw["code"])
    assert (table["basis"].str.len() > 0).all()
    names = sw.set_index("code")["name"]
    assert (table["sw_name"] == table["sw_code"].map(names)).all()
    for code in sw["code"]:  # every level-3 industry reaches a sector through its parents
        assert sw2021_io_sector(code, table) in nbs
    # the dataset carries the table as its crosswalk, and the analytics' one rule finds
    # the sector the table's own lookup finds, for every Shenwan industry
    pd.testing.assert_frame_equal(
        ds.industry_crosswalk, ca.Dataset.from_frames(
            regions=ds.regions, industries=ds.industries,
            industry_crosswalk=sw2021_crosswalk(table)).industry_crosswalk,
    )  # fmt: skip
    mapped = industries_to_scheme(ds, sw["code"], "NBS42")
    assert mapped.to_dict() == {c: sw2021_io_sector(c, table) for c in sw["code"]}
    # judgement spot checks: small appliances are electrical machinery, construction
    # machinery special-purpose equipment, instruments their own sector
    assert sw2021_io_sector("SW2021:330301") == "NBS42:19"
    assert sw2021_io_sector("SW2021:640601") == "NBS42:17"
    assert sw2021_io_sector("SW2021:640107") == "NBS42:21"


def test_a_countys_supply_chain_starts_from_its_own_firms_sectors(ds: ca.Dataset) -> None:
    nanshan = region_io_sectors(ds, NANSHAN)
    assert nanshan.iloc[0]["sector"] == "NBS42:20"  # computers and communication equipment
    assert nanshan["share"].sum() == pytest.approx(1.0)
    jinjiang = region_io_sectors(ds, JINJIANG)
    assert set(jinjiang["sector"].head(2)) <= {"NBS42:07", "NBS42:08"}  # textiles and apparel
    # a prefecture counts the firms of its counties (and those placed at the prefecture)
    shenzhen = region_io_sectors(ds, "440300")
    assert shenzhen["firms"].sum() > nanshan["firms"].sum()
    # no listed firms with a sector: empty, with the columns
    empty = region_io_sectors(ds, "650121")
    assert list(empty.columns) == ["sector", "sector_name", "firms", "share"] and empty.empty


def test_region_io_sectors_uses_the_datasets_crosswalk(ds: ca.Dataset) -> None:
    crosswalk = ds.industry_crosswalk.assign(to_code="NBS42:31")  # everything software
    moved = region_io_sectors(ds.replace(industry_crosswalk=crosswalk), NANSHAN)
    assert moved["sector"].tolist() == ["NBS42:31"]
    assert isinstance(moved, pd.DataFrame)
