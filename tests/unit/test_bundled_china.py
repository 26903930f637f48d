"""The bundled China dataset: conventions other components rely on, and researcher spot checks."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pandas as pd
import pytest

import clusteratlas as ca
from clusteratlas.errors import UsageError
from clusteratlas.loaders.bundled import bundled_dir, load_bundled
from clusteratlas.loaders.industry_schemes import NBS42_TO_GB4754


@pytest.fixture
def ds(china: ca.Dataset) -> ca.Dataset:
    return china  # the session's Dataset (tests/conftest.py)


def test_facade_and_module_give_the_same_cached_object(ds: ca.Dataset) -> None:
    assert ca.load_bundled("china") is load_bundled("china") is ds
    with pytest.raises(UsageError):
        load_bundled("atlantis")


def test_loading_takes_well_under_a_second() -> None:
    # the function behind the cache: clearing the cache would give the rest of the session
    # a second Dataset, and with it a second copy of every per-Dataset cached analysis
    start = time.perf_counter()
    load_bundled.__wrapped__("china")
    assert time.perf_counter() - start < 1.0


def test_regions_hierarchy(ds: ca.Dataset) -> None:
    r = ds.regions.set_index("code")
    assert r["level"].value_counts().to_dict() == {
        "county": 2849, "prefecture": 333, "province": 33, "country": 1}  # fmt: skip
    assert r.loc["100000", "name"] == "中国" and pd.isna(r.loc["100000", "parent_code"])
    assert r.loc["440305", ["name", "level", "parent_code"]].tolist() == [
        "南山区",
        "county",
        "440300",
    ]
    assert r.loc["440300", "parent_code"] == "440000"
    assert r.loc["440000", "parent_code"] == "100000"
    assert r.loc["320583", ["name", "parent_code"]].tolist() == ["昆山市", "320500"]
    assert r.loc["110108", "parent_code"] == "110000"  # Beijing's districts sit under the province
    assert r.loc["440305", "lon"] == pytest.approx(113.93, abs=0.1)
    assert pd.isna(r.loc["440309", "lon"])  # 龙华区 has no coordinates in the source


def test_industries_schemes_and_mapping_as_data(ds: ca.Dataset) -> None:
    ind = ds.industries.set_index("code")
    assert ind["scheme"].value_counts().to_dict() == {
        "SW2021": 511, "NBS42": 42, "GB4754": 20, "CSRC": 19}  # fmt: skip
    for sector, letter in NBS42_TO_GB4754.items():
        assert ind.loc[f"NBS42:{sector}", "parent_code"] == f"GB4754:{letter}"
    assert ind.loc["CSRC:C", "parent_code"] == "GB4754:C"
    assert ind.loc["NBS42:06", "level"] == "sector"
    assert ind.loc["GB4754:A", "level"] == "section"


def test_nbs42_mapping_covers_42_sectors_in_the_documented_ranges() -> None:
    assert sorted(NBS42_TO_GB4754) == [f"{n:02d}" for n in range(1, 43)]
    by_letter: dict[str, list[int]] = {}
    for sector, letter in NBS42_TO_GB4754.items():
        by_letter.setdefault(letter, []).append(int(sector))
    assert by_letter["B"] == [2, 3, 4, 5] and by_letter["C"] == list(range(6, 24))
    assert by_letter["D"] == [24, 25, 26] and by_letter["M"] == [35, 36]
    assert "T" not in by_letter and len(by_letter) == 19


def test_county_employment_2010_and_2020(ds: ca.Dataset) -> None:
    ri = ds.region_industries
    emp = ri[(ri["measure"] == "employment") & (ri["region_code"] != "100000")]
    assert sorted(emp["year"].unique()) == [2010, 2020]
    assert (emp["value"] >= 0).all()
    cixi = emp[(emp["region_code"] == "330282") & (emp["year"] == 2020)].set_index("industry_code")
    assert len(cixi) == 20
    assert cixi.loc["GB4754:C", "value"] / cixi["value"].sum() > 0.5
    manifest = json.loads((bundled_dir("china") / "manifest.json").read_text(encoding="utf-8"))
    for year in (2010, 2020):
        covered = emp.loc[emp["year"] == year, "region_code"].nunique()
        assert covered == manifest["report"][f"census_{year}"]["counties_covered"]
        assert set(emp.loc[emp["year"] == year, "region_code"]) <= set(
            ds.regions.loc[ds.regions["level"] == "county", "code"]
        )


def test_national_series_output_and_final_use(ds: ca.Dataset) -> None:
    nat = ds.region_industries[ds.region_industries["region_code"] == "100000"]
    emp = nat[nat["measure"] == "employment"]
    assert emp["year"].min() == 1990 and emp["year"].max() == 2018
    assert set(emp["industry_code"].str[:7]) == {"GB4754:"}
    go = nat[nat["measure"] == "gross_output"]
    assert go.groupby("year").size().to_dict() == {2018: 42, 2020: 42}
    assert (nat[nat["measure"] == "final_use"]["value"] >= 0).all()


def test_industry_links_coefficient_is_flow_over_gross_output(ds: ca.Dataset) -> None:
    links = ds.industry_links
    assert sorted(links["year"].unique()) == [2018, 2020]
    ri = ds.region_industries
    go = ri[ri["measure"] == "gross_output"].set_index(["industry_code", "year"])["value"]
    x = go.loc[list(zip(links["to_code"], links["year"], strict=True))].to_numpy()
    assert (links["flow"] / x).to_numpy() == pytest.approx(
        links["coefficient"].to_numpy(), rel=1e-9
    )
    assert links["from_code"].str.startswith("NBS42:").all()


def test_companies_placed_with_csrc_sections(ds: ca.Dataset) -> None:
    co = ds.companies.set_index("id")
    assert len(co) == 2875 and (co["exchange"] == "SZSE").all()
    assert co.loc["SZSE:000001", "ticker"] == "000001"
    assert co.loc["SZSE:000001", "region_code"] == "440303"  # 深圳市罗湖区深南东路5047号
    nanshan = (co["region_code"] == "440305").sum()
    assert nanshan >= 100
    ci = ds.company_industries
    csrc = ci[ci["industry_code"].str.startswith("CSRC:")]
    assert len(csrc) == 2875 and csrc["primary"].all()
    assert ci["industry_code"].str.match("(CSRC|SW2021):").all()  # SW2021: tests/unit/test_firms.py
    assert set(co.columns) >= {"listed_on"} and co["listed_on"].notna().all()
    levels = ds.regions.set_index("code").loc[co["region_code"], "level"].value_counts().to_dict()
    report = ds.metadata["report"]["szse"]
    assert levels.get("county") == report["placed_in_county"]
    assert levels.get("prefecture", 0) == report["placed_in_prefecture"]


def test_seed_facts_as_indicators_with_source(ds: ca.Dataset) -> None:
    ind = ds.region_indicators.set_index(["region_code", "indicator", "year"])
    gdp = ind.loc[("440305", "gdp", 2025)]
    assert gdp["value"] == 1e12 and gdp["unit"] == "CNY"
    assert "Deep News" in gdp["source"] and "qualifier >" in gdp["source"]
    assert len(ds.supply_links) == 0


def _readme_rows() -> dict[str, str]:
    text = (bundled_dir("china") / "README.md").read_text(encoding="utf-8")
    rows = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 2 and not set(cells[1]) <= {"-"}:
            rows[cells[0]] = cells[1]
    return rows


def test_data_readme_counts_match_the_data(ds: ca.Dataset) -> None:
    rows = _readme_rows()
    for table, n in ds.counts().items():
        if not (bundled_dir("china") / f"{table}.csv").is_file():
            assert n == 0, table  # a table China's data do not have (region overlaps, ...)
            continue
        assert int(rows[table]) == n, table
    levels = ds.regions["level"].value_counts()
    assert rows["regions: country / provinces / prefectures / county-level units"] == (
        f"{levels['country']} / {levels['province']} / {levels['prefecture']} / {levels['county']}"
    )
    assert int(rows["regions with coordinates"]) == ds.regions["lon"].notna().sum()
    emp = ds.region_industries
    emp = emp[(emp["measure"] == "employment") & (emp["region_code"] != "100000")]
    for year in (2010, 2020):
        covered = emp.loc[emp["year"] == year, "region_code"].nunique()
        assert int(rows[f"counties with {year} census employment"]) == covered
    level_of = ds.regions.set_index("code")["level"]
    placed = level_of.loc[ds.companies["region_code"]].value_counts()
    assert int(rows["SZSE companies placed in a county"]) == placed["county"]
    assert int(rows["SZSE companies placed in a prefecture only"]) == placed["prefecture"]
    assert int(rows["SZSE companies placed in a province only"]) == placed["province"]
    reasons = ds.metadata["report"]["szse"]["reasons"]
    assert sum(reasons.values()) == len(ds.companies) - placed["county"]


def test_the_featured_regions_are_the_articles_counties(ds: ca.Dataset) -> None:
    from clusteratlas.loaders.dataset_json import featured_regions

    featured = featured_regions(ds)  # dataset.json featured_regions, in the article's order
    assert featured == ["440305", "320583", "320281", "430121", "330782", "350582", "330282",
                        "510107"]  # fmt: skip
    in_article = set(ds.region_indicators["region_code"]) - {"100000"}
    assert set(featured) >= in_article | set(ds.clusters["region_code"])
    levels = ds.regions.set_index("code").loc[featured, "level"]
    assert set(levels) == {"county"}


# --- county-equivalent cities (issue #13, item 1) ---------------------------------------

EQUIVALENTS = {"441900": "东莞市", "442000": "中山市", "460400": "儋州市", "620200": "嘉峪关市"}


def test_prefectures_without_counties_have_one_county_level_twin(ds: ca.Dataset) -> None:
    r = ds.regions.set_index("code")
    children = ds.regions.groupby("parent_code")["code"].apply(list)
    for pref, name in EQUIVALENTS.items():
        twin = f"{pref}C"
        assert r.loc[pref, ["name", "level"]].tolist() == [name, "prefecture"]
        assert r.loc[twin, ["name", "level", "parent_code"]].tolist() == [name, "county", pref]
        assert children[pref] == [twin]  # the twin is the prefecture's only unit
    # every other prefecture has county-level units of its own
    prefs = set(r.index[r["level"] == "prefecture"])
    assert {p for p in prefs if p not in children} == set()
    assert ds.metadata["report"]["county_equivalents"] == {
        f"{p}C": n for p, n in EQUIVALENTS.items()
    }


def test_dongguan_is_in_E_with_its_census_manufacturing_share(ds: ca.Dataset) -> None:
    from clusteratlas.graph.definitions.matrix import region_industry_matrix

    for year, low in ((2020, 0.5), (2010, 0.7)):
        E = region_industry_matrix(ds, year, "employment", "GB4754", "county")
        share = E["GB4754:C"] / E.sum(axis=1)
        assert share["441900C"] > low and share["442000C"] > 0.5
        assert {f"{p}C" for p in EQUIVALENTS} <= set(E.index)
        assert not set(EQUIVALENTS) & set(E.index)  # the prefectures themselves are not rows
    E = region_industry_matrix(ds, 2020, "employment", "GB4754", "county")
    assert E.loc["441900C"].sum() == 745400 and E.loc["441900C", "GB4754:C"] == 432941
    assert E.loc["442000C"].sum() == 246816 and E.loc["442000C", "GB4754:C"] == 134028


def test_roll_ups_count_each_county_equivalent_once(ds: ca.Dataset) -> None:
    from clusteratlas.graph.definitions.matrix import region_industry_matrix
    from clusteratlas.graph.definitions.regions import region_ancestors

    E = region_industry_matrix(ds, 2020, "employment", "GB4754", "county")
    province = region_ancestors(ds, "province").reindex(E.index)
    guangdong = E[province == "440000"]
    assert guangdong.index.is_unique and "441900C" in guangdong.index
    share = guangdong["GB4754:C"].sum() / guangdong.to_numpy().sum()
    assert 0.33 < share < 0.36  # 0.296 without 东莞 and 中山 (issue #13)
    prefecture = region_ancestors(ds, "prefecture").reindex(E.index)
    assert E[prefecture == "441900"].index.tolist() == ["441900C"]
    # no employment is recorded on the prefecture codes themselves
    ri = ds.region_industries
    assert not ri["region_code"].isin(list(EQUIVALENTS)).any()


def test_companies_of_county_equivalent_cities_are_placed_in_the_twin(ds: ca.Dataset) -> None:
    co = ds.companies
    assert (co["region_code"] == "441900C").sum() >= 50
    assert (co["region_code"] == "442000C").sum() >= 25
    assert not co["region_code"].isin(list(EQUIVALENTS)).any()


def test_every_census_row_is_kept_or_dropped_with_a_reason(ds: ca.Dataset) -> None:
    for year in (2010, 2020):
        rep = ds.metadata["report"][f"census_{year}"]
        kept = rep["counties_kept_as_is"] + len(rep["county_equivalents"])
        kept += len(rep["recoded_1to1"])
        summed = rep["summed_from_predecessors"]
        # a summed unit is one county, from all of its predecessors' rows
        assert kept + len(summed) == rep["counties_covered"]
        summed_rows = sum(len(s["rows"]) for s in summed.values())
        assert kept + summed_rows + len(rep["dropped_rows"]) == rep["sheet_rows"]
        assert sum(rep["dropped"].values()) == len(rep["dropped_rows"])
        assert all(r["reason"] for r in rep["dropped_rows"])


def test_data_readme_lists_every_dropped_census_row(ds: ca.Dataset) -> None:
    from bundled_data.build_china import census_dropped_rows_markdown

    text = (bundled_dir("china") / "README.md").read_text(encoding="utf-8")
    generated = census_dropped_rows_markdown(dict(ds.metadata["report"]))
    assert f"<!-- BEGIN generated: census-dropped-rows -->\n{generated}\n" in text
    assert "row 2 全国" in generated and "development zone (not a county) (95)" in generated


# --- SZSE placement (issue #14, item 1) -------------------------------------------------


def test_at_least_80_percent_of_the_szse_list_is_placed_in_a_county_level_unit(
    ds: ca.Dataset,
) -> None:
    level = ds.regions.set_index("code")["level"]
    placed = (level.loc[ds.companies["region_code"]] == "county").mean()
    assert placed >= 0.80
    rep = ds.metadata["report"]["szse"]
    assert rep["placed_in_county"] == round(placed * len(ds.companies))
    assert sum(rep["placed_by"].values()) == rep["placed_in_county"]
    assert sum(rep["reasons"].values()) == len(ds.companies) - rep["placed_in_county"]


def test_every_company_keeps_its_basis_or_its_reason(ds: ca.Dataset) -> None:
    pl = pd.read_csv(
        bundled_dir("china") / "company_placements.csv", dtype=str, keep_default_na=False
    )
    assert list(pl.columns) == ["id", "region_code", "level", "basis", "reason"]
    co = ds.companies.set_index("id")
    assert pl["id"].tolist() == sorted(co.index)
    assert (pl.set_index("id")["region_code"] == co["region_code"]).all()
    county = pl["level"] == "county"
    assert (pl.loc[county, "reason"] == "").all() and (pl.loc[~county, "reason"] != "").all()
    assert "address" not in pl.columns  # the list's terms: factual fields only
    by_zone = pl[pl["basis"].str.startswith("development zone 长沙经济技术开发区")]
    assert set(by_zone["region_code"]) == {"430121"}  # 长沙县, an article county


def test_zone_table_placements_follow_the_table(ds: ca.Dataset) -> None:
    from clusteratlas.loaders.address import read_development_zones

    zones = read_development_zones().set_index("zone")
    pl = pd.read_csv(
        bundled_dir("china") / "company_placements.csv", dtype=str, keep_default_na=False
    )
    kinds = "same administration|became the district|townships|within"
    used = pl["basis"].str.extract(rf"^development zone (.+?) \((?:{kinds})\)$", expand=False)
    used = used.dropna()
    assert len(used) >= 100
    for company, zone in used.items():
        assert pl.at[company, "region_code"] == zones.at[zone, "county_code"], zone
    spans = pl[pl["reason"].str.contains(" spans ")]
    assert len(spans) >= 50 and spans["level"].isin(["prefecture", "province"]).all()


# --- successor units summed from their predecessors (review s3, item 2) -----------------


def test_liangjiang_new_area_has_2020_data_summed_from_jiangbei_and_yubei(
    ds: ca.Dataset, raw_dir: Path
) -> None:
    """两江新区 500157 = 江北区 500105 + 渝北区 500112, section by section, from the raw sheet."""
    from clusteratlas.loaders.adapters import read_source

    census = read_source("census-county-employment", raw_dir / "census_county_2020.xlsx")
    raw = census["employment"]
    parts = raw[raw["code"].isin(["500105", "500112"])]
    assert set(parts["code"]) == {"500105", "500112"}
    expected = parts.groupby("section")["value"].sum()
    ri = ds.region_industries
    got = ri[
        (ri["region_code"] == "500157") & (ri["year"] == 2020) & (ri["measure"] == "employment")
    ]
    assert len(got) == 20
    by_section = got.set_index("industry_code")["value"]
    for section, value in expected.items():
        assert by_section[f"GB4754:{section}"] == value
    basis = set(got["basis"])
    assert basis == {
        "summed from predecessors: 500105 江北区 + 500112 渝北区; approximate, part of a "
        "predecessor went elsewhere: 国务院批复重庆区划调整：撤销渝北区，其行政区域划入两江新区"
        "（原渝北区北部 5 镇划归北碚区除外）"
    }


def test_successors_of_2021_mergers_have_data_and_splits_have_none(ds: ca.Dataset) -> None:
    ri = ds.region_industries
    e20 = ri[(ri["year"] == 2020) & (ri["measure"] == "employment")]
    basis = e20.drop_duplicates("region_code").set_index("region_code")["basis"]
    assert basis["350404"] == "summed from predecessors: 350402 梅列区 + 350403 三元区"
    assert basis["410308"] == "summed from predecessors: 410306 吉利区 + 410322 孟津县"
    assert basis["330105"] == "summed from predecessors: 330105 拱墅区 + 330103 下城区"
    assert basis["440305"] == "reported"  # Nanshan: as published
    # 余杭区 was divided into 余杭区 and 临平区; 钱塘区 was formed from parts: no sum possible
    assert "330113" not in basis.index and "330114" not in basis.index
    cov = ds.metadata["coverage"]
    assert cov["without_data"]["2020"] == sorted(
        set(ds.regions.loc[ds.regions["level"] == "county", "code"]) - set(basis.index)
    )
    assert {"330113", "330114"} <= set(cov["without_data"]["2020"])
    assert cov["outside_regions"]["2020"] == 95 + 39  # coded and uncoded development zones


def test_summed_successors_on_both_years_make_the_merger_disappear(ds: ca.Dataset) -> None:
    """大足区 500111 took in 大足县 500225 in 2011: its 2010 row is 双桥区 + 大足县, so 2010
    and 2020 describe the same area (the unsummed 2010 row was 双桥区 alone)."""
    ri = ds.region_industries
    e = ri[(ri["region_code"] == "500111") & (ri["measure"] == "employment")]
    assert set(e.loc[e["year"] == 2010, "basis"]) == {
        "summed from predecessors: 500111 双桥区 + 500225 大足县"
    }
    totals = e.groupby("year")["value"].sum()
    assert 0.5 < totals[2020] / totals[2010] < 2.0  # was 16.4x with 双桥区 alone
