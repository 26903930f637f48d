"""``--lang en``: English names on every output, each with its source; exports for Excel.

The expected English names are written out by hand from the rule of
:mod:`clusteratlas.graph.definitions.lang` (pinyin of the stem, one word, capitalised; the
suffix translated), not computed by the code under test.
"""

from __future__ import annotations

import codecs
import io
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from clusteratlas.cli import cli
from clusteratlas.errors import UsageError
from clusteratlas.graph.definitions.export_columns import export_name
from clusteratlas.graph.definitions.lang import (
    english_industry_names,
    english_region_name,
    localise,
    name_table,
    names_in,
)
from clusteratlas.graph.views import add_search_names, region_view
from clusteratlas.outputs import with_region_context, write_csv

SPAIN = Path(__file__).resolve().parent.parent / "data" / "synthetic_spain"


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    assert not isinstance(result.exception, AssertionError | AttributeError | KeyError), result
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("name", "level", "english"),
    [
        # 昆 kūn + 山 shān -> "Kunshan"; 市 at county level -> City
        ("昆山市", "county", "Kunshan City"),
        # 北京市 is a province-level city: Municipality
        ("北京市", "province", "Beijing Municipality"),
        ("江苏省", "province", "Jiangsu Province"),
        ("长沙县", "county", "Changsha County"),
        # 长 read chang at the start of a place name (pypinyin alone says zhang)
        ("长阳土家族自治县", "county", "Changyang Tujia Autonomous County"),
        # 西 xī + 安 ān: the apostrophe keeps "xian" from reading as one syllable
        ("西安市", "prefecture", "Xi'an City"),
        ("浦东新区", "county", "Pudong New Area"),
        ("新疆维吾尔自治区", "province", "Xinjiang Uygur Autonomous Region"),
        ("科尔沁右翼前旗", "county", "Ke'erqinyouyiqian Banner"),
        ("和县", "county", "He County"),  # a one-character stem keeps its place
        ("Girona", "provincia", "Girona"),  # no Chinese: as published
    ],
)
def test_english_region_names_by_the_rule(name: str, level: str, english: str) -> None:
    assert english_region_name(name, level) == english


def test_every_bundled_name_has_english_and_a_source(china) -> None:
    table = name_table(china)
    assert len(table) == len(china.regions) + len(china.industries)
    assert table["name_en"].notna().all() and table["name_en_source"].notna().all()
    regions = table[table["kind"] == "region"]
    # pinyin, spaces, apostrophes and ü only: no Chinese left in a region's English name
    assert regions["name_en"].str.fullmatch(r"[A-Za-zü' ]+").all()
    by_code = table.set_index("code")
    # NBS's own English where the data carry it
    assert by_code.loc["GB4754:C", ["name_en", "name_en_source"]].tolist() == [
        "Manufacturing",
        "name_en",
    ]
    # a CSRC section is its GB4754 parent: marked with the parent's scheme
    assert by_code.loc["CSRC:C", "name_en"] == "Manufacturing (GB4754 section)"
    assert by_code.loc["CSRC:C", "name_en_source"] == "parent"
    # GB4754:K has no English in the raw files; its only NBS42 sector does
    nbs_k = china.industries.set_index("code")
    only_child = nbs_k[(nbs_k["parent_code"] == "GB4754:K") & (nbs_k["scheme"] == "NBS42")]
    assert len(only_child) == 1
    assert by_code.loc["GB4754:K", "name_en"] == only_child["name_en"].iloc[0]
    # Shenwan: the Chinese name, ≈ the English of the I-O sector the crosswalk names
    walk = china.industry_crosswalk.set_index("from_code")
    target = walk.loc["SW2021:270100", "to_code"]
    assert by_code.loc["SW2021:270100", "name_en"] == (f"半导体 ≈ {nbs_k.loc[target, 'name_en']}")
    assert set(by_code.loc[by_code.index.str.startswith("SW2021:"), "name_en_source"]) <= {
        "crosswalk",
        "pinyin",
        "as published",  # SW2021:270302 is called LED
    }


def test_industry_english_falls_back_to_marked_pinyin() -> None:
    t = pd.DataFrame(
        {"code": ["X:1"], "name": ["小家电"], "scheme": ["X"], "parent_code": [None]}
    )  # 小 xiǎo 家 jiā 电 diàn
    assert english_industry_names(t).loc[0, "name_en"] == "小家电 (Xiaojiadian, pinyin)"


def test_localise_changes_names_not_codes(china) -> None:
    en = localise(china, "en")
    assert localise(china, "zh") is china
    assert en.regions["code"].tolist() == china.regions["code"].tolist()
    assert en.regions.set_index("code").loc["320583", "name"] == "Kunshan City"
    assert en.companies.equals(china.companies)  # firms keep their registered names
    assert en.metadata["names_published"]["region"]["320583"] == "昆山市"
    with pytest.raises(UsageError, match="unknown language 'fr'"):
        localise(china, "fr")


def test_region_view_in_english_is_searchable_in_both_languages(china) -> None:
    en = localise(china, "en")
    view = add_search_names(region_view(en, ["320583"]), en)
    nodes = dict(view.graph.nodes(data=True))
    assert nodes["320583"]["name"] == "Kunshan City"
    assert "昆山市" in nodes["320583"]["search"] and "Kunshan" in nodes["320583"]["search"]
    industries = [a for a in nodes.values() if str(a.get("code", "")).startswith("GB4754:")]
    assert industries and all(not re.search("[\u4e00-\u9fff]", a["name"]) for a in industries)
    html = view.to_html()  # the page's data are JSON: non-ASCII written \\uXXXX
    assert "Kunshan City" in html and json.dumps("制造业")[1:-1] in html


def test_cli_view_and_report_in_english(tmp_path: Path) -> None:
    code, _out, err = invoke(
        "view", "region", "--region", "Kunshan", "--lang", "en", "-o", str(tmp_path / "k.html")
    )
    assert code == 0, err
    page = (tmp_path / "k.html").read_text(encoding="utf-8")
    assert "Region view: Kunshan City (320583, county)" in page and "Manufacturing" in page
    code, _out, err = invoke("report", "--region", "320583", "--lang", "en", "-o", str(tmp_path))
    assert code == 0, err
    report = (tmp_path / "report-320583.html").read_text(encoding="utf-8")
    assert "Region report: Kunshan City (320583)" in report
    assert "county in Jiangsu Province Suzhou City" in report
    assert "GDP: &gt; 500 billion yuan" in report  # 5,000亿元 = 5e11 yuan = 500 billion
    code, _out, err = invoke("report", "--region", "320583", "-o", str(tmp_path / "zh"))
    assert code == 0 and "Region report: 昆山市 (320583)" in (
        tmp_path / "zh" / "report-320583.html"
    ).read_text(encoding="utf-8")
    code, _out, err = invoke("view", "map", "--score", "lq", "--industry", "制造业", "--lang",
                            "en", "-o", str(tmp_path / "m.html"))  # fmt: skip
    assert code == 0 and "location quotient of Manufacturing (GB4754:C)" in err


def test_analyze_in_english_names_the_province(tmp_path: Path) -> None:
    code, out, err = invoke("-q", "analyze", "--format", "csv", "--lang", "en")
    assert code == 0, err
    table = pd.read_csv(io.StringIO(out), dtype=str).set_index("region_code")
    assert table.loc["320583", ["name", "name_zh"]].tolist() == ["Kunshan City", "昆山市"]
    assert table.loc["320583", ["province_code", "province_name"]].tolist() == [
        "320000",
        "Jiangsu Province",
    ]
    assert table.loc["320583", "prefecture_name"] == "Suzhou City"
    # two 朝阳区 (Beijing's, Changchun's): one English name, two provinces
    chaoyang = table[table["name_zh"] == "朝阳区"]
    assert len(chaoyang) == 2 and chaoyang["province_name"].nunique() == 2
    # the worst shock names an I-O sector (the default shock level), in the NBS's English
    construction = table[table["worst_sector"] == "NBS42:27"]
    assert len(construction) and set(construction["worst_sector_name"]) == {"Construction"}
    assert table["worst_sector_name"].dropna().map(str.isascii).all()


def test_exported_csv_has_a_bom_units_and_the_region_context(tmp_path: Path, china) -> None:
    frame = pd.DataFrame(
        {
            "region_code": ["110105", "220104"],
            "name": ["朝阳区", "朝阳区"],
            "share": [0.25, 0.5],
            "entropy": [1.0, 2.0],
        }
    )
    path = write_csv(with_region_context(frame, china), tmp_path / "t.csv")
    raw = path.read_bytes()
    assert raw.startswith(codecs.BOM_UTF8)
    header = raw[3:].decode("utf-8").splitlines()[0]
    assert header == (
        "region_code,name,province_code,province_name,prefecture_code,prefecture_name,"
        "share_frac,entropy_nats"
    )
    back = pd.read_csv(path, dtype=str, encoding="utf-8-sig")
    assert back["province_name"].tolist() == ["北京市", "吉林省"]
    assert back["prefecture_name"].fillna("").tolist() == ["", "长春市"]
    assert export_name("worst_loss") == "worst_loss_frac" and export_name("lq") == "lq"


def test_names_in_keeps_zh_and_translates_en(china) -> None:
    frame = pd.DataFrame({"region_code": ["320583"], "name": ["昆山市"]})
    assert names_in(frame, china, "zh") is frame
    assert names_in(frame, china, "en").columns.tolist() == ["region_code", "name", "name_zh"]


def test_demo_in_english_writes_english_tables_and_pages(tmp_path: Path) -> None:
    code, out, err = invoke("-q", "demo", "--out", str(tmp_path), "--lang", "en")
    assert code == 0, err
    assert "most resilient: Nanshan District" in out
    for name in ("regions.csv", "clusters.csv", "cluster_members.csv", "centralities.csv",
                 "recovery.csv"):  # fmt: skip
        assert (tmp_path / name).read_bytes().startswith(codecs.BOM_UTF8), name
    regions = pd.read_csv(tmp_path / "regions.csv", dtype={"region_code": str})
    kunshan = regions.set_index("region_code").loc["320583"]
    assert (kunshan["name"], kunshan["name_zh"], kunshan["province_name"]) == (
        "Kunshan City",
        "昆山市",
        "Jiangsu Province",
    )
    assert {"worst_loss_frac", "entropy_nats", "resilience", "unit"} <= set(regions)
    clusters = pd.read_csv(tmp_path / "clusters.csv", dtype=str)
    assert {"share_frac", "province_code", "prefecture_name", "lq"} <= set(clusters)
    page = (tmp_path / "views" / "region-320583.html").read_text(encoding="utf-8")
    # named in English, searchable in Chinese (JSON data: non-ASCII as \\uXXXX)
    assert "Kunshan City" in page and json.dumps("昆山市")[1:-1] in page
    assert json.loads((tmp_path / "analysis.json").read_text(encoding="utf-8"))


def test_lang_changes_nothing_for_data_without_chinese(tmp_path: Path) -> None:
    code, out, err = invoke("demo", "--from", str(SPAIN), "--out", str(tmp_path / "zh"))
    assert code == 0, err
    code, out_en, err = invoke(
        "demo", "--from", str(SPAIN), "--out", str(tmp_path / "en"), "--lang", "en"
    )
    assert code == 0, err
    assert out_en == out
    zh = pd.read_csv(tmp_path / "zh" / "regions.csv", dtype=str)
    en = pd.read_csv(tmp_path / "en" / "regions.csv", dtype=str)
    assert zh.equals(en) and "name_zh" not in en


def test_the_units_table_in_the_docs_is_todays() -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
    from generated_doc import current_block

    from clusteratlas.graph.definitions.export_columns import units_table

    doc = Path(__file__).resolve().parents[2] / "docs" / "data-format.md"
    assert current_block(doc, "export-headers") == units_table(), "run scripts/export-headers"
    assert "| regions.csv | `worst_loss` | `worst_loss_frac` |" in units_table()


def test_pages_declare_the_language_of_their_names(tmp_path: Path, china) -> None:
    """<html lang>: zh-CN for Chinese names (CJK glyphs), en for English ones and other
    countries' data."""
    import re

    from clusteratlas.graph.definitions.lang import localise
    from clusteratlas.graph.views import region_view

    def lang_of(dataset) -> str:
        page = region_view(dataset, ["320583"]).write_html(tmp_path / "p.html")
        return re.search(r'<html lang="([^"]+)"', page.read_text(encoding="utf-8")).group(1)

    assert lang_of(china) == "zh-CN"
    assert lang_of(localise(china, "en")) == "en"
    code, _out, err = invoke("report", "--region", "320583", "--lang", "en", "-o", str(tmp_path))
    assert code == 0, err
    assert '<html lang="en">' in (tmp_path / "report-320583.html").read_text(encoding="utf-8")


def test_shaanxi_is_not_shanxi_and_exonyms_are_used() -> None:
    """陕西 and 山西 are both 'Shanxi' in toneless pinyin; the official romanisation spells
    陕西 Shaanxi. Cities known abroad by their own languages' names keep them."""
    from clusteratlas.graph.definitions.lang import english_region_name

    assert english_region_name("陕西省", "province") == "Shaanxi Province"
    assert english_region_name("山西省", "province") == "Shanxi Province"
    assert english_region_name("乌鲁木齐市", "prefecture") == "Urumqi City"
    assert english_region_name("喀什地区", "prefecture") == "Kashgar Prefecture"


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Kunshan City", "320583"),  # the name an English page prints
        ("Changsha County", "430121"),
        ("Wuhou District", "510107"),
        ("Shenzhen Nanshan", "440305"),  # parent and region, pinyin stems
        ("Nanshan District Shenzhen", "440305"),
        ("Chaoyang District Beijing", "110105"),
        ("Shaanxi Province", "610000"),
    ],
)
def test_the_english_names_pages_print_name_their_regions(china, typed: str, code: str) -> None:
    from clusteratlas.graph.definitions.names import resolve_region

    assert resolve_region(china, typed) == code
