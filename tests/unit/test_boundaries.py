"""China's border file for the map: the decoder of the build script and the shipped file.

``scripts/build_boundaries.py`` decodes ECharts' compressed geometry (checked here on
polygons encoded by hand), and ``graph/views/assets/china-boundaries.json`` is what it
wrote (checked for its provinces, codes, coordinates and size).
"""

from __future__ import annotations

import json
import re

import pytest
from build_boundaries import (  # scripts/ (pyproject's pythonpath)
    _delta,
    chain,
    decode_ring,
    douglas_peucker,
    parse_register_map,
    recode_prefectures,
)

from clusteratlas.graph.views.map import BOUNDARIES, _is_china, china_boundaries

MAINLAND = {
    "110000", "120000", "130000", "140000", "150000", "210000", "220000", "230000",
    "310000", "320000", "330000", "340000", "350000", "360000", "370000", "410000",
    "420000", "430000", "440000", "450000", "460000", "500000", "510000", "520000",
    "530000", "540000", "610000", "620000", "630000", "640000", "650000",
}  # fmt: skip


def test_decoder_reads_a_hand_encoded_triangle():
    # A triangle at 100 E, 30 N in 1/1024 degree: start (102400, 30720) = the offset,
    # then +1 east, then -1 east and +2 north, then -3 east.
    # Zig-zag: 0 -> 0, +1 -> 2, -1 -> 1, +2 -> 4, -3 -> 5; character = chr(64 + z):
    # 0 '@', 2 'B', 1 'A', 4 'D', 5 'E'. Pairs: "@@" (0, 0), "B@" (+1, 0), "AD" (-1, +2),
    # "E@" (-3, 0).
    ring = decode_ring("@@" + "@@" + "B@" + "AD" + "E@", [102400, 30720])
    assert ring == [(102400, 30720), (102401, 30720), (102400, 30722), (102397, 30722)]
    assert ring[1][0] / 1024 == pytest.approx(100.0009765625)  # 1/1024 degree east


def test_decoder_refuses_what_is_not_a_compressed_ring():
    with pytest.raises(ValueError, match="no '@@' prefix"):
        decode_ring("ABCD", [0, 0])
    with pytest.raises(ValueError, match="odd number"):
        decode_ring("@@ABC", [0, 0])


def test_register_map_call_parsed_and_its_polygon_decoded():
    js = (
        '!function(){A.registerMap("江苏",{type:"FeatureCollection",features:[{id:"320500",'
        'type:"Feature",geometry:{type:"Polygon",coordinates:["@@@@B@AD"],'
        'encodeOffsets:[[102400,30720]]},properties:{cp:[100.0,30.0],name:"苏州市",'
        'childNum:1}}],UTF8Encoding:!0}):D("ECharts Map is not loaded")}'
    )
    name, obj = parse_register_map(js)
    assert name == "江苏" and obj["UTF8Encoding"] is True
    feature = obj["features"][0]
    assert feature["id"] == "320500" and feature["properties"]["name"] == "苏州市"
    from build_boundaries import _rings

    assert _rings(feature["geometry"]) == [[(102400, 30720), (102401, 30720), (102400, 30722)]]


def test_simplification_keeps_what_lies_beyond_the_tolerance():
    # Stretch 0-4, chord on the x axis: distances |y| = 0.01, 0, 1 -> keep 3 (1 > 0.1).
    # Stretch 0-3, chord (0,0)-(3,1), distance |1*px - 3*py| / sqrt(10):
    #   (1, 0.01): 0.97 / 3.162 = 0.307; (2, 0): 2 / 3.162 = 0.632 -> keep 2 (the farthest).
    # Stretch 0-2, chord on the x axis: (1, 0.01) is 0.01 < 0.1 away -> dropped.
    points = [(0, 0), (1, 0.01), (2, 0), (3, 1), (4, 0)]
    assert douglas_peucker(points, 0.1) == [0, 2, 3, 4]
    assert douglas_peucker(points, 0.005) == [0, 1, 2, 3, 4]  # 0.01 > 0.005: all kept
    # a straight line keeps its ends only
    assert douglas_peucker([(0, 0), (1, 0.001), (2, 0)], 0.1) == [0, 2]


def test_segments_chain_into_lines_and_lines_delta_encode():
    lines = chain([((0, 0), (1, 0)), ((1, 0), (1, 1)), ((1, 1), (0, 0))])  # a closed loop
    assert len(lines) == 1 and len(lines[0]) == 4 and lines[0][0] == lines[0][-1]
    # 1/100 degree integers: (100.00, 30.00) -> (10000, 3000), then differences
    assert _delta([(100.0, 30.0), (100.01, 30.0), (100.01, 30.02)]) == [10000, 3000, 1, 0, 0, 2]


def test_changed_prefecture_codes_follow_the_division_change_table(china):
    from bundled_data.build_china import default_raw_dir

    if not (default_raw_dir() / "division_changes_1980_2020.json").exists():
        pytest.skip("the raw data (shared/data/raw) is not here")
    current = set(china.regions["code"])
    got = recode_prefectures(["652200", "542400", "371200", "320500"], current)
    # 哈密地区 -> 哈密市 (2016, 撤地设市), 那曲地区 -> 那曲市 (2017), 莱芜市 abolished
    # into 济南市's 莱芜区 370116 (2018): its prefecture 3701 + "00"
    assert got == {"652200": "650500", "542400": "540600", "371200": "370100"}


def test_boundary_file_has_every_province_and_valid_codes(china):
    b = china_boundaries()
    assert set(b["provinces"]) >= MAINLAND  # the 31 mainland provinces
    assert set(b["provinces"]) - MAINLAND == {"710000", "810000", "820000"}
    regions = china.regions.set_index("code")
    for code, unit in b["units"].items():
        assert re.fullmatch(r"\d{6}", code), code
        assert unit["province"] in b["provinces"] and code[:2] == unit["province"][:2]
        if code != "710000":  # Taiwan is not in the bundled division list
            assert regions.at[code, "name"] == unit["name"]
            level, parent = regions.at[code, "level"], regions.at[code, "parent_code"]
            # prefecture-level units, municipalities, and county-level units directly
            # under a province (仙桃市 429004, 石河子市 659001...): a unit of the map
            assert level in ("prefecture", "province") or (
                level == "county" and parent[2:] == "0000"
            )
    prefectures = set(regions.index[regions["level"] == "prefecture"])
    assert len(prefectures - set(b["units"])) < 0.1 * len(prefectures)
    assert b["about"]["licence"].startswith("MIT") and "2018" in b["about"]["vintage"]


def test_boundary_lines_lie_in_china_and_the_file_stays_small():
    b = china_boundaries()
    grid = b["grid"]
    for kind in ("province", "prefecture"):
        assert len(b["lines"][kind]) > 1000
        for line in b["lines"][kind][::50]:
            x = y = 0
            for i in range(0, len(line), 2):
                x, y = x + line[i], y + line[i + 1]
                assert 73 <= x / grid <= 136 and 3 <= y / grid <= 54
    assert BOUNDARIES.stat().st_size < 400_000
    json.loads(BOUNDARIES.read_text(encoding="utf-8"))  # valid JSON


def test_only_chinas_regions_get_chinas_borders():
    import pandas as pd

    assert _is_china(["320583"], pd.Series([121.0]), pd.Series([31.4]))
    assert not _is_china(["320583"], pd.Series([-3.7]), pd.Series([40.4]))  # not in China
    assert not _is_china(["ES-M"], pd.Series([116.0]), pd.Series([40.0]))  # not a GB code
    assert not _is_china([], pd.Series([], dtype=float), pd.Series([], dtype=float))


def test_asset_readme_states_the_files_figures():
    from clusteratlas.graph.views.map import BOUNDARIES

    b = china_boundaries()
    readme = (BOUNDARIES.parent / "README.md").read_text(encoding="utf-8")
    assert f"Result: {BOUNDARIES.stat().st_size:,} bytes, {b['points']:,} points." in readme
    assert f"({b['islands_left_out']:,} of them)" in readme.replace("\n", " ").replace(
        "small islands, ", ""
    )
    assert f"({len(b['provinces'])}, with Taiwan" in readme
    assert f"prefecture-level units ({len(b['units'])}," in readme.replace("\n  ", " ")
