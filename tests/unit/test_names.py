"""Names to codes (issue 24 #8): aliases computed from names, and the one resolver that every
command and query uses for regions and industries (code, simplified and traditional
characters, pinyin with or without tones, English names; ambiguity lists the candidates).

The expected pinyin below is written by hand from the characters' standard readings
(昆 kūn, 山 shān, 市 shì; 南 nán, 区 qū; 义 yì, 乌 wū; 吕 lǚ, 梁 liáng), not from pypinyin.
"""

from __future__ import annotations

import pandas as pd
import pytest

from clusteratlas.errors import UsageError
from clusteratlas.graph.definitions.names import (
    industry_code,
    latin_key,
    name_aliases,
    name_pinyin,
    plain_text,
    region_code,
    resolve_region,
    short_name,
    to_simplified,
)
from clusteratlas.graph.neo4j_store.rows import dataset_steps, with_name_aliases
from clusteratlas.loaders.bundled import load_bundled


@pytest.fixture(scope="module")
def china():
    return load_bundled("china")


# --- alias generation ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("昆山市", "昆山"),
        ("南山区", "南山"),
        ("长沙县", "长沙"),
        ("浦东新区", "浦东"),
        ("内蒙古自治区", "内蒙古"),
        ("和县", "和县"),  # one character would remain: kept whole
        ("制造业", "制造业"),  # no administrative suffix
    ],
)
def test_short_name_drops_the_administrative_suffix(name, short):
    assert short_name(name) == short


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("Kunshan", "kunshan"),
        ("kunshan", "kunshan"),
        ("Kūnshān", "kunshan"),
        ("kun shan", "kunshan"),
        ("KunShan", "kunshan"),
        ("Kūn-shān", "kunshan"),
        ("Lǚliáng", "luliang"),
        ("Xi'an", "xian"),
    ],
)
def test_latin_key_ignores_tones_spaces_case_and_punctuation(typed, key):
    assert latin_key(typed) == key


def test_aliases_of_a_county_are_its_pinyin_with_and_without_suffix_and_its_short_name():
    assert name_aliases("昆山市") == ("kunshanshi", "kunshan", "昆山")
    assert name_aliases("南山区") == ("nanshanqu", "nanshan", "南山")
    assert name_aliases("义乌市") == ("yiwushi", "yiwu", "义乌")
    # ü: typed as u (tones dropped) or v (keyboard convention): both are keys
    assert name_aliases("吕梁市") == ("lvliangshi", "luliangshi", "lvliang", "luliang", "吕梁")
    assert name_pinyin("昆山市") == "Kunshan" and name_pinyin("义乌市") == "Yiwu"


def test_traditional_characters_and_tone_marks_are_normalised_before_a_search():
    assert to_simplified("崑山市") == "昆山市"
    assert to_simplified("南山區") == "南山区"
    assert to_simplified("鼓樓區") == "鼓楼区"
    assert plain_text("  Kūnshān ") == "Kunshan"
    assert plain_text("万科Ａ") == "万科Ａ"  # full-width letters are the fulltext index's job


def test_every_bundled_region_and_industry_gets_aliases_on_its_node(china):
    steps = {s.name: s for s in dataset_steps(china)}
    regions = steps["Region"].rows
    assert len(regions) == len(china.regions)
    assert all(r["aliases"] and r["name_pinyin"] for r in regions)
    kunshan = next(r for r in regions if r["code"] == "320583")
    assert kunshan["name_pinyin"] == "Kunshan"
    assert kunshan["aliases"] == ["kunshanshi", "kunshan", "昆山"]
    industries = {r["code"]: r for r in steps["Industry"].rows}
    assert industries["GB4754:C"]["name_en"] == "Manufacturing"
    assert industries["NBS42:20"]["name_en"] == (
        "Manufacture of communication equipment, computers and other electronic equipment"
    )
    # no English source for CSRC, Shenwan, or GB4754:K (the NBS file writes only "K"): empty
    assert industries["CSRC:C"]["name_en"] is None
    assert industries["GB4754:K"]["name_en"] is None
    assert all(r["name_en"] is None for c, r in industries.items() if c.startswith("SW2021:"))


def test_alias_columns_are_added_without_touching_the_dataset(china):
    before = china.regions.copy()
    out = with_name_aliases(china.regions)
    pd.testing.assert_frame_equal(china.regions, before)
    assert {"name_pinyin", "aliases", "name_en"} <= set(out.columns)


# --- the resolver ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    ["320583", 320583, "昆山市", "崑山市", "Kunshan", "kunshan", "Kūnshān", "kun shan", "KunShan",
     "kunshanshi", "昆山", "江苏省苏州市昆山市", "苏州 昆山市"],
)  # fmt: skip
def test_every_way_of_naming_kunshan_resolves_to_320583(china, typed):
    assert resolve_region(china, typed) == "320583"


@pytest.mark.parametrize(
    ("typed", "code"),
    [("yiwu shi", "330782"), ("義烏市", "330782"), ("深圳市南山區", "440305"),
     (440305, "440305"), ("广东 深圳 南山区", "440305")],
)  # fmt: skip
def test_pinyin_traditional_qualified_and_integer_codes(china, typed, code):
    assert resolve_region(china, typed) == code


def test_a_shared_name_lists_every_namesake_with_code_and_parents(china):
    with pytest.raises(UsageError) as err:
        resolve_region(china, "鼓楼区")
    message = str(err.value)
    for code, parent in [("320106", "南京市"), ("320302", "徐州市"), ("350102", "福州市"),
                         ("410204", "开封市")]:  # fmt: skip
        assert f"({code}, county in" in message and parent in message
    assert err.value.exit_code == 2


def test_pinyin_shared_by_namesakes_lists_them_all(china):
    with pytest.raises(UsageError, match="names several") as err:
        resolve_region(china, "Nanshan")
    message = str(err.value)
    assert "440305, county in 广东省 深圳市" in message
    assert "230404, county in 黑龙江省 鹤岗市" in message
    # and the same pinyin for different characters (义乌市 Yiwu, 伊吾县 Yiwu) too
    with pytest.raises(UsageError, match=r"330782.*650522"):
        resolve_region(china, "yiwu")


def test_an_unknown_region_suggests_near_names(china):
    with pytest.raises(UsageError, match=r"unknown region '昆山县'; did you mean: .*320583"):
        resolve_region(china, "昆山县")


def test_industries_by_english_name_traditional_characters_and_pinyin(china):
    industries = china.industries
    assert industry_code(industries, "Manufacturing", ["GB4754"]) == "GB4754:C"
    assert industry_code(industries, "manufacturing") == "GB4754:C"  # only GB4754:C has it
    assert industry_code(industries, "製造業", ["GB4754"]) == "GB4754:C"
    assert industry_code(industries, "Technical services") == "NBS42:36"
    with pytest.raises(UsageError, match=r"GB4754:C.*CSRC:C|CSRC:C.*GB4754:C"):
        industry_code(industries, "制造业")  # both schemes have the name: say which


def test_a_toy_table_of_namesakes_resolves_by_parent():
    regions = pd.DataFrame(
        {
            "code": ["1", "11", "2", "21"],
            "name": ["甲市", "南山区", "乙市", "南山区"],
            "level": ["prefecture", "county", "prefecture", "county"],
            "parent_code": [None, "1", None, "2"],
        }
    )
    assert region_code(regions, "乙市南山区") == "21"
    assert region_code(regions, "甲市 南山區") == "11"
    with pytest.raises(UsageError, match=r"南山区 \(11, county in 甲市\); 南山区 \(21"):
        region_code(regions, "nán shān qū")
