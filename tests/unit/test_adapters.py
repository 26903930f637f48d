# ruff: noqa: E501  (real published header cells are long)
"""Each adapter on a small fixture written here, and on the real published files
(the ``raw_dir`` fixture: skipped without them, a failure under ``CI=true``)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from clusteratlas.errors import DataValidationError, UsageError
from clusteratlas.loaders.adapters import SourceTables, adapters, get_adapter, read_source
from clusteratlas.loaders.adapters.census import read_census_employment
from clusteratlas.loaders.adapters.divisions import read_coordinates, read_mca_divisions
from clusteratlas.loaders.adapters.employment import read_national_employment
from clusteratlas.loaders.adapters.exchange import read_exchange_list
from clusteratlas.loaders.adapters.io_table import read_io_table
from clusteratlas.loaders.address import AddressResolver
from clusteratlas.loaders.dataset import TABLES, Dataset
from clusteratlas.loaders.industry_schemes import GB4754_SECTIONS

# --- small fixtures -----------------------------------------------------------------------


def _regions() -> pd.DataFrame:
    rows = [("100000", "中国", "country", None), ("440000", "广东省", "province", "100000"),
            ("440300", "深圳市", "prefecture", "440000"), ("440305", "南山区", "county", "440300"),
            ("440304", "福田区", "county", "440300"), ("320000", "江苏省", "province", "100000"),
            ("320500", "苏州市", "prefecture", "320000"), ("320583", "昆山市", "county", "320500"),
            ("320100", "南京市", "prefecture", "320000"), ("320106", "鼓楼区", "county", "320100"),
            ("320300", "徐州市", "prefecture", "320000"), ("320302", "鼓楼区", "county", "320300"),
            ("110000", "北京市", "province", "100000"), ("110105", "朝阳区", "county", "110000"),
            ("110101", "东城区", "county", "110000")]  # fmt: skip
    return pd.DataFrame(rows, columns=["code", "name", "level", "parent_code"])


@pytest.mark.parametrize(
    ("address", "code", "reason"),
    [
        ("广东省深圳市南山区科技园", "440305", ""),
        ("深圳市南山区科技园", "440305", ""),  # province from the hint below
        ("江苏省昆山市玉山镇", "320583", ""),  # county-level city right after the province
        ("江苏省苏州市昆山市开发区", "320583", ""),
        ("江苏省昆山开发区夏东街", "320583", ""),  # short name before a development-zone word
        ("江苏省鼓楼区中山路", "320000", "county name 鼓楼区 is ambiguous"),
        ("北京市朝阳区建国路", "110105", ""),
        ("北京市朝阳门北大街", "110000", "no known county-level name after the province"),
        ("江苏省苏州市工业园区星湖街", "320500", "development zone named instead of a county"),
        ("火星基地一号", None, "no province recognised"),
    ],
)
def test_address_resolution_on_a_small_division_list(address: str, code: str, reason: str) -> None:
    r = AddressResolver(_regions())
    placed = r.resolve(address, province_hint="广东" if address.startswith("深圳") else None)
    assert (placed.code, placed.reason) == (code, reason)


def test_county_equivalent_twin_takes_every_address_of_its_city() -> None:
    from clusteratlas.loaders.adapters.divisions import county_equivalents

    regions = pd.concat([_regions(), pd.DataFrame(
        [("441900", "东莞市", "prefecture", "440000")], columns=["code", "name", "level", "parent_code"])])  # fmt: skip
    # without the twin the city stops at the prefecture, with the reason
    assert AddressResolver(regions).resolve("广东省东莞市南城街道").reason == (
        "prefecture-level city without county-level divisions"
    )
    twins = county_equivalents(regions)
    assert twins[["code", "level", "parent_code"]].values.tolist() == [
        ["441900C", "county", "441900"]
    ]
    r = AddressResolver(pd.concat([regions, twins]))
    for address in ("广东省东莞市南城街道", "广东省东莞市松山湖园区", "东莞市长安镇"):
        assert r.resolve(address, province_hint="广东").code == "441900C"
    assert r.resolve("广东省深圳市南山区科技园").code == "440305"  # others unchanged


def test_census_all_rows_accounts_for_totals_and_rows_without_code(tmp_path: Path) -> None:
    names = ["农林牧渔业", "采矿业", "制造业", "电力热力燃气及水生产和供应业",
             "建筑业", "批发和零售业", "交通运输仓储和邮政业", "住宿和餐饮业",
             "信息传输软件和信息技术服务业", "金融业", "房地产业", "租赁和商务服务业",
             "科学研究和技术服务业", "水利环境和公共设施管理业", "居民服务修理和其服务业",
             "教育", "卫生和社会工作", "文化体育和娱乐业", "公共管理社会保障和社会组织",
             "国际组织"]  # fmt: skip

    def row(code, name):
        return {"区划代码": code, "省": "广东省", "市": "东莞市", "区县": name,
                "各种行业人口总计": 20, **{n: 1 for n in names}}  # fmt: skip

    sheet = [row("440000", "广东省"), row("441900", "东莞市"), row("441901", "某区"),
             row(None, "某某经济开发区"), {"区划代码": None, "区县": None}]  # fmt: skip
    path = tmp_path / "c.xlsx"
    pd.DataFrame(sheet).to_excel(path, index=False)
    default = read_census_employment(path)["employment"]
    assert set(default["code"]) == {"441901"}
    every = read_census_employment(path, all_rows=True)["employment"].drop_duplicates("row")
    assert every["row"].tolist() == [2, 3, 4, 5]  # the blank row 6 is not a row of data
    assert every["code"].tolist()[:3] == ["440000", "441900", "441901"]
    assert pd.isna(every["code"].iloc[3]) and every["name"].iloc[3] == "某某经济开发区"


# --- placement evidence beyond a county named in place (issue #14 item 1) -----------------


def _zone_rows(*rows: tuple[str, ...]) -> pd.DataFrame:
    from clusteratlas.loaders.address import ZONE_COLUMNS

    return pd.DataFrame([dict(zip(ZONE_COLUMNS, r, strict=True)) for r in rows])


def _shenzhen() -> tuple[pd.DataFrame, pd.DataFrame]:
    regions = pd.concat([_regions(), pd.DataFrame(
        [("440311", "光明区", "county", "440300"), ("440307", "龙岗区", "county", "440300"),
         ("650000", "新疆维吾尔自治区", "province", "100000"),
         ("654000", "伊犁哈萨克自治州", "prefecture", "650000"),
         ("654002", "伊宁市", "county", "654000"), ("654021", "伊宁县", "county", "654000"),
         ("654004", "霍尔果斯市", "county", "654000")],
        columns=["code", "name", "level", "parent_code"])])  # fmt: skip
    towns = pd.DataFrame(
        [("440305005", "蛇口街道", "440305"), ("440311001", "光明街道", "440311"),
         ("440307005", "葵涌街道", "440307"), ("440304001", "园岭街道", "440304")],
        columns=["code", "name", "parent_code"])  # fmt: skip
    return regions, towns


@pytest.mark.parametrize(
    ("address", "code", "basis_or_reason"),
    [
        # a township name anywhere after the prefecture
        ("广东省深圳市前海深港合作区蛇口街道港湾大道", "440305", "township 蛇口街道"),
        # a town since made a sub-district, written with its old suffix
        ("广东省深圳市大鹏新区葵涌镇延安路", "440307", "township 葵涌街道 (written 葵涌镇)"),
        # a full county name later in the address
        (
            "广东省深圳市经济特区（南山区）科技园",
            "440305",
            "county name 南山区 later in the address",
        ),
        # the zone table places a zone that became a district
        ("广东省深圳市光明新区观光路", "440311", "development zone 光明新区 (became the district)"),
        # the zone table says a zone spans two counties: not placed, with that reason
        (
            "广东省深圳市特区高新区科技路",
            "440300",
            "development zone 深圳高新区 spans 南山区 and 福田区",
        ),
        # ... unless the address names a township too
        ("广东省深圳市特区高新区蛇口街道", "440305", "township 蛇口街道"),
        # evidence that disagrees places nothing
        (
            "广东省深圳市光明新区园岭街道",
            "440300",
            "the address supports several counties: 福田区 (township 园岭街道), 光明区 "
            "(development zone 光明新区 (became the district))",
        ),
        # a zone named after one county: its short name right before a zone word ...
        ("新疆维吾尔自治区伊犁哈萨克自治州霍尔果斯经济开发区口岸路", "654004", ""),
        # ... or inside the zone's name
        (
            "新疆维吾尔自治区伊犁哈萨克自治州伊犁霍尔果斯经济开发区口岸路",
            "654004",
            "development zone 伊犁霍尔果斯经济开发区 named after 霍尔果斯",
        ),
        # ... but not when another zone name there names another place (伊宁: two counties)
        (
            "新疆维吾尔自治区伊犁哈萨克自治州霍尔果斯经济开发区伊宁园区阿拉木图亚村",
            "654000",
            "development zone named instead of a county",
        ),
        # only the first of two addresses is read
        (
            "广东省深圳市光明新区观光路、广东省深圳市南山区科技园",
            "440311",
            "development zone 光明新区 (became the district)",
        ),
    ],
)
def test_placement_evidence(address: str, code: str, basis_or_reason: str) -> None:
    regions, towns = _shenzhen()
    zones = _zone_rows(
        ("440300", "深圳市", "光明新区", "光明新区", "440311", "光明区", "became the district", "", "s"),
        ("440300", "深圳市", "深圳高新区", "特区高新区|高新区", "", "", "spans 南山区 and 福田区", "", "s"),
    )  # fmt: skip
    placed = AddressResolver(regions, towns, zones=zones).resolve(address)
    assert placed.code == code
    assert (placed.basis if placed.level == "county" else placed.reason) == basis_or_reason


def test_free_trade_zone_is_read_through_the_zone_table() -> None:
    regions = pd.concat([_regions(), pd.DataFrame(
        [("310000", "上海市", "province", "100000"), ("310115", "浦东新区", "county", "310000"),
         ("310120", "奉贤区", "county", "310000")], columns=["code", "name", "level", "parent_code"])])  # fmt: skip
    zones = _zone_rows(
        ("310000", "上海市", "自贸区", "自由贸易试验区", "310115", "浦东新区", "within", "", "s"),
        ("310000", "上海市", "临港", "自由贸易试验区临港新片区", "", "", "spans 浦东新区 and 奉贤区", "", "s"),
    )  # fmt: skip
    r = AddressResolver(regions, zones=zones)
    assert r.resolve("中国（上海）自由贸易试验区张江路665号").code == "310115"
    assert r.resolve("上海市中国（上海）自由贸易试验区博成路1379号").code == "310115"
    far = r.resolve("中国（上海）自由贸易试验区临港新片区飞渡路851号")
    assert (far.code, far.reason) == ("310000", "development zone 临港 spans 浦东新区 and 奉贤区")


def test_zone_table_problems_catch_rows_the_division_list_contradicts() -> None:
    from clusteratlas.loaders.address import zone_table_problems

    regions, towns = _shenzhen()
    zones = _zone_rows(
        ("440300", "深圳市", "A", "A", "440311", "光明区", "townships", "葵涌街道", "s"),
        ("440300", "深圳市", "B", "B", "", "", "spans 光明区 and 龙岗区", "光明街道", "s"),
        ("440300", "深圳市", "C", "C", "440399", "不存在区", "within", "", "s"),
        ("440300", "深圳市", "D", "D", "", "", "spans 南山区 and 龙岗区", "蛇口街道|光明街道", "s"),
    )  # fmt: skip
    rules = [(p.row, p.rule) for p in zone_table_problems(zones, regions, towns)]
    assert rules == [
        (1, "township 葵涌街道 is under 龙岗区, not 光明区"),
        (2, "the townships lie in fewer than two counties"),
        (3, "not the code of the county-level unit 不存在区"),
        (4, "does not name 光明区, where 蛇口街道|光明街道 lie"),
    ]


def test_the_shipped_zone_table_holds_against_the_official_list(raw_dir: Path) -> None:
    from clusteratlas.loaders.address import read_development_zones, zone_table_problems

    d = read_mca_divisions(raw_dir / "mca_divisions_2025.json")
    zones = read_development_zones()
    assert zone_table_problems(zones, d["regions"], d["townships"]) == []
    assert zones["source"].str.len().gt(0).all() and zones["basis"].str.len().gt(0).all()
    placing = zones[zones["county_code"] != ""]
    assert set(placing["basis"]) <= {
        "same administration",
        "became the district",
        "townships",
        "within",
    }
    assert zones.loc[zones["county_code"] == "", "basis"].str.match("(spans|not placed)").all()


def test_divisions_and_coordinates_fixture(tmp_path: Path) -> None:
    path = tmp_path / "d.json"
    path.write_text(json.dumps({"divisions": [[1, "110000", "", "北京市"],
                                              [3, "110108", "110000", "海淀区"]]}), encoding="utf-8")  # fmt: skip
    d = read_mca_divisions(path)
    assert d["regions"].set_index("code").loc["110108", "parent_code"] == "110000"
    coords = tmp_path / "c.csv"
    coords.write_text("adcode,name,longitude,latitude\n110108000000,海淀区,116.3,39.96\n", "utf-8")
    assert read_coordinates(coords)["coordinates"].values.tolist() == [["110108", 116.3, 39.96]]


def test_census_2010_layout_maps_2002_letters(tmp_path: Path) -> None:
    heads = ["农林牧渔业", "采矿业", "制造业", "电力、燃气\n及水的生产\n和供应业", "建筑业",
             "仓储和邮政业", "交通运输、\n计算机服务\n和软件业", "信息传输、\n批发和零售业",
             "住宿和餐饮业", "金融业", "房地产业", "租赁和\n商务服务业", "科学研究、\n技术服务和\n地质勘察业",
             "水利、环境\n和公共设施\n管理业", "居民服务和\n其他服务业", "教育", "卫生、社会\n保障和社会\n福利业",
             "文化、体育\n和娱乐业", "公共管理和\n社会组织", "国际组织"]  # fmt: skip
    row = {"地区": "慈溪市", "区划代码": "330282", "各种行业人口\n总计": 100}
    row.update({h: 5 for h in heads})
    row["仓储和邮政业"] = 7  # 2002 section F (transport) -> 2017 G
    row["信息传输、\n批发和零售业"] = None  # blank = 0 only when the row still adds up
    path = tmp_path / "c2010.xlsx"
    pd.DataFrame([row]).to_excel(path, index=False)
    t = read_census_employment(path)["employment"].set_index("section")["value"]
    assert t["G"] == 7 and pd.isna(t["F"])  # 5*18 + 7 = 97 != 100: blank stays unknown


def test_io_table_and_employment_fixtures(tmp_path: Path) -> None:
    io = tmp_path / "io.csv"
    io.write_text("Code,Description,DescriptionInChinese,Origin,01,02,TFU,GO\n"
                  "01,A,农业,Domestic,10,20,70,100\n02,B,煤炭,Domestic,0,5,45,50\n", "utf-8")  # fmt: skip
    t = read_io_table(io)
    links = t["industry_links"].set_index(["from_code", "to_code"])
    assert links.loc[("01", "02"), "coefficient"] == 0.4
    emp = tmp_path / "e.csv"
    emp.write_text("Code,Description,DescriptionInChinese,2017,2018\nC,Mfg,制造业,10,11\n", "utf-8")
    assert read_national_employment(emp)["employment"]["value"].tolist() == [10.0, 11.0]


# --- on the real published files -----------------------------------------------------------


def test_divisions_on_the_real_list(raw_dir: Path) -> None:
    d = read_mca_divisions(raw_dir / "mca_divisions_2025.json")
    assert d["regions"]["level"].value_counts()["county"] == 2845
    from clusteratlas.loaders.adapters.divisions import county_equivalents

    assert sorted(county_equivalents(d["regions"])["code"]) == [
        "441900C",
        "442000C",
        "460400C",
        "620200C",
    ]
    assert len(d["townships"]) == 38723


def test_census_on_the_real_files(raw_dir: Path) -> None:
    r2020 = read_census_employment(raw_dir / "census_county_2020.xlsx")
    r2010 = read_census_employment(raw_dir / "census_county_2010.xlsx")
    assert r2020.notes["layout"] == "2020" and r2010.notes["layout"] == "2010"
    t2020, t2010 = r2020["employment"], r2010["employment"]
    assert set(t2010["section"]) == set(GB4754_SECTIONS)
    cixi = t2020[t2020["code"] == "330282"].set_index("section")["value"]
    assert cixi["C"] / cixi.sum() > 0.5
    assert [c["code"] for c in r2010.notes["unparsed_cells"]] == ["542622"]


def test_io_table_on_the_real_files_matches_bundled(raw_dir: Path, china: Dataset) -> None:
    t = read_io_table(raw_dir / "nbs_china_2020_42.csv")
    assert len(t["sectors"]) == 42
    links = china.industry_links
    bundled = links[links["year"] == 2020]
    assert len(bundled) == len(t["industry_links"])


def test_exchange_list_on_the_real_file_matches_bundled(raw_dir: Path, china: Dataset) -> None:
    ds = china
    regions = ds.regions
    from clusteratlas.loaders.address import read_development_zones

    # the zone table stays: without it a zone's name can mislead (杭州余杭经济开发区 lies in
    # 临平区 since 2021, not in today's 余杭区), and the table is what says so
    r = AddressResolver(regions, zones=read_development_zones())
    listed = read_exchange_list(raw_dir / "szse_a_share_list_2025.xlsx", r)
    assert len(listed["companies"]) == 2875
    shipped = ds.companies.set_index("id")["region_code"]
    here = listed["companies"].set_index("id")["region_code"]
    # without townships and old names this resolver places a subset of what the build places
    same = (here == shipped.loc[here.index]) | (
        regions.set_index("code").loc[here.to_numpy(), "level"].to_numpy() != "county"
    )
    assert same.all()


def test_researcher_spot_checks_on_the_bundled_data(china: Dataset) -> None:
    ds = china
    r = ds.regions.set_index("code")
    assert (r.loc["440305", "parent_code"], r.loc["440300", "parent_code"]) == ("440300", "440000")
    assert r.loc["320583", "parent_code"] == "320500"
    assert (ds.companies["region_code"] == "440305").sum() >= 100


# --- the protocol -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(adapters()))
def test_every_adapter_keeps_the_contract(name: str, tmp_path: Path) -> None:
    """Each registered adapter reads its example into exactly the tables it declares; tables
    named like canonical Dataset tables use that table's column names."""
    adapter = get_adapter(name)
    assert adapter.name == name and adapter.description.strip()
    result = read_source(name, adapter.example(tmp_path), **adapter.example_options)
    assert isinstance(result, SourceTables) and result.adapter == name
    assert tuple(result.tables) == adapter.tables
    assert all(len(frame) > 0 for frame in result.tables.values()), result.counts()
    for table, frame in result.tables.items():
        if table in TABLES:
            assert set(frame.columns) <= set(TABLES[table].column_names), (table, frame.columns)


@pytest.mark.parametrize("name", sorted(adapters()))
def test_every_adapter_names_the_file_of_a_bad_input(name: str, tmp_path: Path) -> None:
    """A file of the wrong kind (or none) is a DataValidationError naming the file."""
    missing = tmp_path / "missing.dat"
    with pytest.raises(DataValidationError) as e:
        read_source(name, missing)
    assert e.value.problems[0].file == str(missing)
    wrong = adapter_wrong_file(name, tmp_path)
    with pytest.raises(DataValidationError) as e:
        read_source(name, wrong)
    assert e.value.problems[0].file == str(wrong)


def adapter_wrong_file(name: str, tmp_path: Path) -> Path:
    """A file in the adapter's container format (csv, xlsx or json) without its layout."""
    (tmp_path / "probe").mkdir()
    suffix = get_adapter(name).example(tmp_path / "probe").suffix
    wrong = tmp_path / f"wrong{suffix}"
    if suffix == ".xlsx":
        pd.DataFrame({"a": [1], "b": [2]}).to_excel(wrong, index=False)
    elif suffix == ".json":
        wrong.write_text(json.dumps({"unexpected": [1, 2]}), encoding="utf-8")
    else:
        wrong.write_text("a,b\n1,2\n", encoding="utf-8")
    return wrong


def test_a_bad_division_row_is_named_by_position(tmp_path: Path) -> None:
    path = tmp_path / "d.json"
    path.write_text(json.dumps({"divisions": [[1, "440000", "", "广东省"], [2, "440300"]]}))
    with pytest.raises(DataValidationError) as e:
        read_mca_divisions(path)
    problem = e.value.problems[0]
    assert (problem.file, problem.row, problem.value) == (str(path), 2, [2, "440300"])


def test_an_unknown_adapter_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="no adapter named 'nope'; adapters: census-county"):
        get_adapter("nope")
