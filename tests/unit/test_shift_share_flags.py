"""Shift-share flags regions it cannot decompose (review s3, item 3).

A region without data in one of the years used to get zeros there (all its level
became "regional" change); a region whose area grew by a merger showed the absorbed
unit as growth (大足区 +1,540%, 黄岛区 +231% before their 2010 rows were summed).
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

import clusteratlas as ca
from clusteratlas.errors import MatrixError
from clusteratlas.graph.analytics.growth import dataset_shift_share, shift_share


def test_missing_year_is_flagged_not_zero_filled_by_hand() -> None:
    # r and q in both years, n (new) only in the last one.
    E0 = pd.DataFrame({"A": [10.0, 30.0], "B": [20.0, 40.0]}, index=["r", "q"])
    E1 = pd.DataFrame({"A": [15.0, 30.0, 50.0], "B": [20.0, 60.0, 50.0]}, index=["r", "q", "n"])
    out = shift_share(E0, E1, years=(2010, 2020))
    # By hand, over r and q only (n is in one year; counting it would make national
    # growth (225 - 100) / 100 = 125% instead of 25%):
    # national 2010: A 40, B 60 (100); 2020: A 45, B 80 (125). G = 0.25,
    # g_A = 45/40 - 1 = 0.125, g_B = 80/60 - 1 = 1/3.
    # r: NS = 30 * 0.25 = 7.5; IM = 10 (0.125 - 0.25) + 20 (1/3 - 0.25) = -1.25 + 5/3;
    #    RS = (15 - 10 * 1.125) + (20 - 20 * 4/3) = 3.75 - 6.6667 = -2.9167; change 5.
    r = out.loc["r"]
    assert r["national_share"] == pytest.approx(7.5)
    assert r["industry_mix"] == pytest.approx(-1.25 + 5 / 3)
    assert r["regional"] == pytest.approx(3.75 - 20 / 3)
    assert r["change"] == 5.0 and r["flag"] is None and r["missing_year"] is None
    n = out.loc["n"]
    assert n["missing_year"] == "2010" and n["flag"] == "missing 2010"
    assert all(math.isnan(n[c]) for c in ("change", "national_share", "industry_mix", "regional"))
    # dropping a region from the first year only: flagged the other way
    gone = shift_share(E1, E0, years=(2020, 2030))
    assert gone.at["n", "missing_year"] == "2030"
    with pytest.raises(MatrixError, match="1 no 2010 data"):
        shift_share(E0, E1, years=(2010, 2020), missing="raise")


def test_boundary_changes_are_flagged_and_described() -> None:
    E0 = pd.DataFrame({"A": [10.0, 30.0]}, index=["r", "q"])
    E1 = pd.DataFrame({"A": [40.0, 30.0]}, index=["r", "q"])
    out = shift_share(E0, E1, boundary_changes={"r": "2011: s merged in"})
    assert out.at["r", "boundary_changed"] and not out.at["q", "boundary_changed"]
    assert out.at["r", "boundary_change"] == "2011: s merged in"
    assert out.at["r", "flag"] == "boundary changed" and out.at["q", "flag"] is None
    # components are still computed (and add up): the flag says not to compare them
    # national: 40 -> 70, G = 0.75; r: NS = 7.5, IM = 0, RS = 40 - 10 * 1.75 = 22.5
    assert out.at["r", "regional"] == pytest.approx(22.5)


@pytest.fixture(scope="module")
def bundled_shift_share() -> pd.DataFrame:
    return dataset_shift_share(ca.load_bundled("china"), 2010, 2020, level="county")


def test_bundled_shift_share_flags_dazu_and_huangdao(bundled_shift_share: pd.DataFrame) -> None:
    out = bundled_shift_share
    assert out.at["500111", "flag"] == "boundary changed"  # 大足区
    assert out.at["500111", "boundary_change"] == "2011: 500225 大足县 merged in (撤销)"
    assert out.at["370211", "flag"] == "boundary changed"  # 黄岛区
    assert "370284 胶南市 merged in" in out.at["370211", "boundary_change"]
    # their 2010 rows are the sums of their predecessors (today's area in both years)
    assert out.at["500111", "basis0"] == "summed from predecessors: 500111 双桥区 + 500225 大足县"
    assert out.at["500111", "basis1"] == "reported"
    assert out.at["440305", "flag"] is None  # Nanshan: stable


def test_bundled_shift_share_flags_every_county_missing_a_year(
    bundled_shift_share: pd.DataFrame,
) -> None:
    ds = ca.load_bundled("china")
    cov = ds.metadata["coverage"]
    out = bundled_shift_share
    lacking_2010 = set(out.index[out["missing_year"] == "2010"])
    without_2010 = set(cov["without_data"]["2010"]) - set(cov["without_data"]["2020"])
    assert lacking_2010 == without_2010 and len(lacking_2010) == 53
    assert out.loc[list(lacking_2010), "regional"].isna().all()
    assert (out["missing_year"] == "2020").sum() == 0
    decomposed = out[out["missing_year"].isna()]
    total = decomposed[["national_share", "industry_mix", "regional"]].sum(axis=1)
    assert (total - decomposed["change"]).abs().max() < 1e-6


def test_a_dataset_written_out_keeps_its_labels_and_boundary_changes(tmp_path) -> None:
    from clusteratlas.loaders.dataset import Dataset

    ds = ca.load_bundled("china")
    ds.to_dir(tmp_path)
    back = Dataset.from_dir(tmp_path)
    assert back.metadata["measure_labels"] == ds.metadata["measure_labels"]
    assert back.metadata["boundary_changes"] == ds.metadata["boundary_changes"]
    assert "coverage" not in back.metadata  # counts of the whole data, not of any copy
    basis = back.region_industries["basis"].fillna("reported")
    assert (basis != "reported").sum() == 71 * 20  # 64 units in 2010, 7 in 2020
    out = dataset_shift_share(back, 2010, 2020, level="county")
    assert out.at["500111", "flag"] == "boundary changed"
