"""Regions that overlap regions besides their one parent (``region_overlaps``).

A metro area spanning two states cannot be held by ``parent_code`` (a tree). The
``region_overlaps`` table holds the other regions it lies in, with the share of its
measure inside each. Data: ``tests/data/synthetic_metro`` (SYNTHETIC, made-up numbers).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from clusteratlas.errors import DataValidationError
from clusteratlas.graph.definitions.regions import region_memberships, rollup_with_overlaps
from clusteratlas.graph.neo4j_store.rows import dataset_steps
from clusteratlas.loaders.dataset import Dataset

DATA = Path(__file__).resolve().parents[1] / "data" / "synthetic_metro"


def _with_overlaps(tmp_path: Path, text: str) -> Path:
    shutil.copytree(DATA, tmp_path / "d")
    (tmp_path / "d" / "region_overlaps.csv").write_text(text, encoding="utf-8")
    return tmp_path / "d"


def test_the_overlap_table_is_read_with_its_share() -> None:
    ds = Dataset.from_dir(DATA)
    rows = ds.region_overlaps.to_dict("records")
    assert rows == [
        {"region_code": "TC", "overlaps_code": "W", "share": 0.4,
         "source": "SYNTHETIC: made-up commuting split"}
    ]  # fmt: skip


def test_rollup_to_states_splits_the_metro_by_hand() -> None:
    """By hand (tests/data/synthetic_metro/README.md): jobs E1 100, TC 500, W1 100.
    Along parent_code: E = 100 + 500 = 600, W = 100. With TC 40% in W:
    E = 100 + 0.6 * 500 = 400, W = 100 + 0.4 * 500 = 300; the total stays 700."""
    ds = Dataset.from_dir(DATA)
    ri = ds.region_industries
    jobs = ri.groupby("region_code")["value"].sum()
    out = rollup_with_overlaps(ds, jobs, "state")
    assert out.loc["E", "tree_value"] == 600 and out.loc["W", "tree_value"] == 100
    assert out.loc["E", "value"] == pytest.approx(400.0)
    assert out.loc["W", "value"] == pytest.approx(300.0)
    assert out["value"].sum() == pytest.approx(out["tree_value"].sum())
    assert out["unknown_shares"].sum() == 0
    # one sector: SYN:A, E1 30, TC 200, W1 60 -> E = 30 + 0.6*200 = 150, W = 60 + 0.4*200 = 140
    a = ri[ri["industry_code"] == "SYN:A"].set_index("region_code")["value"]
    out_a = rollup_with_overlaps(ds, a, "state")
    assert out_a["value"].to_dict() == pytest.approx({"E": 150.0, "W": 140.0})


def test_an_overlap_without_a_share_moves_nothing_and_is_counted(tmp_path: Path) -> None:
    path = _with_overlaps(tmp_path, "region_code,overlaps_code\nTC,W\n")
    ds = Dataset.from_dir(path)
    members = region_memberships(ds, "state").set_index(["region_code", "member_of"])
    assert members.loc[("TC", "E"), "weight"] == 1.0
    assert pd.isna(members.loc[("TC", "W"), "weight"])
    out = rollup_with_overlaps(ds, pd.Series({"E1": 100.0, "TC": 500.0, "W1": 100.0}), "state")
    assert out.loc["E", "value"] == 600 and out.loc["W", "value"] == 100
    assert out.loc["W", "unknown_shares"] == 1


@pytest.mark.parametrize(
    ("text", "row", "column", "rule"),
    [
        ("region_code,overlaps_code,share\nTC,W,1.5\n", 1, "share", "share out of range (0, 1]"),
        ("region_code,overlaps_code,share\nTC,W,0\n", 1, "share", "share out of range (0, 1]"),
        ("region_code,overlaps_code,share\nTC,TC,0.5\n", 1, "overlaps_code",
         "overlap of a region with itself"),
        ("region_code,overlaps_code,share\nTC,E,0.5\n", 1, "overlaps_code",
         "overlap names the region's own parent_code"),
        ("region_code,overlaps_code,share\nTC,W,0.5\nTC,W1,0.7\n", 1, "share",
         "overlap shares of region 'TC' sum to 1.2 > 1 in rows 1, 2"),
        ("region_code,overlaps_code,share\nTC,Q,0.5\n", 1, "overlaps_code",
         "dangling reference: no regions.code 'Q'"),
        ("region_code,overlaps_code,share\nTC,W,0.4\nTC,W,0.4\n", 2, "region_code,overlaps_code",
         "duplicate key (first at row 1)"),
        ("region_code,share\nTC,0.4\n", None, "overlaps_code", "missing column"),
    ],
)  # fmt: skip
def test_validation_names_file_row_column_and_rule(
    tmp_path: Path, text: str, row: int | None, column: str, rule: str
) -> None:
    path = _with_overlaps(tmp_path, text)
    with pytest.raises(DataValidationError) as err:
        Dataset.from_dir(path)
    found = [p for p in err.value.problems if p.column == column]
    assert found, err.value.problems
    (problem,) = found
    assert problem.file == "region_overlaps.csv" and problem.row == row
    assert rule in problem.rule, problem.rule


def test_a_load_writes_one_overlaps_relationship_with_its_share() -> None:
    steps = {s.name: s for s in dataset_steps(Dataset.from_dir(DATA), "metro")}
    assert steps["OVERLAPS"].rows == [
        {"start": "TC", "end": "W", "share": 0.4, "source": "SYNTHETIC: made-up commuting split"}
    ]
