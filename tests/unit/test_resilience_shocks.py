"""Shock level, shock size and the specification range of the resilience ranking.

A tiny national table with two sections (A, C) and three I-O sectors (a in A; c1, c2 in
C) whose every number is worked out by hand below: x = (a 50, c1 60, c2 140), one flow
c1 -> c2 of 20, so f = x - Z 1 = (50, 40, 140), a_{c1,c2} = 20 / 140 = 1/7 and, the
only off-diagonal coefficient being nilpotent, L = I + A (L_{c1,c2} = 1/7). The
section table: A (x 50, f 50), C (x 200, z_CC 20, f 180), L_CC = 1 / (1 - 0.1) = 10/9.
Apportioning: w_a = 1, w_c1 = 60 / 200 = 0.3, w_c2 = 140 / 200 = 0.7.
"""

from __future__ import annotations

import io
import warnings

import numpy as np
import pandas as pd
import pytest

from clusteratlas.errors import MatrixError
from clusteratlas.graph.analytics.input_output import (
    InputOutputTable,
    apportion_effects,
    apportion_shares,
    demand_shock_effects,
    sector_weights,
)
from clusteratlas.graph.analytics.resilience import resilience_scores
from clusteratlas.graph.definitions.scope import AnalysisScope
from clusteratlas.loaders.dataset import Dataset

SHOCK = 0.1


def _table() -> tuple[InputOutputTable, pd.Series]:
    sectors = ["a", "c1", "c2"]
    Z = pd.DataFrame(0.0, index=sectors, columns=sectors)
    Z.loc["c1", "c2"] = 20.0
    io = InputOutputTable(Z, pd.Series({"a": 50.0, "c1": 60.0, "c2": 140.0}))
    return io, pd.Series({"a": "A", "c1": "C", "c2": "C"})


def test_apportioning_is_the_national_output_mix_within_the_section():
    io, mapping = _table()
    assert sector_weights(io, mapping).to_dict() == pytest.approx(
        {"a": 1.0, "c1": 0.3, "c2": 0.7}  # 60 / (60 + 140), 140 / (60 + 140)
    )
    shares = pd.DataFrame({"A": [0.75, 0.5], "C": [0.25, 0.5]}, index=["r", "q"])
    got = apportion_shares(shares, io, mapping)
    assert got.loc["r"].tolist() == pytest.approx([0.75, 0.25 * 0.3, 0.25 * 0.7])
    assert got.loc["q"].tolist() == pytest.approx([0.5, 0.15, 0.35])


def test_sector_level_loss_by_hand():
    io, mapping = _table()
    eff = demand_shock_effects(io, SHOCK)
    # shock L_jk f_k / x_j with f = (50, 40, 140), L_{c1,c2} = 1/7
    assert eff.loc["a", "a"] == pytest.approx(0.1 * 50 / 50)
    assert eff.loc["c1", "c1"] == pytest.approx(0.1 * 40 / 60)
    assert eff.loc["c1", "c2"] == pytest.approx(0.1 * (1 / 7) * 140 / 60)  # = 1/30
    assert eff.loc["c2", "c2"] == pytest.approx(0.1)
    assert eff.loc["c2", "c1"] == 0.0 and eff.loc["a", "c2"] == 0.0
    # county 12: A 10, C 50 -> s_A = 1/6, s_C = 5/6 -> s_c1 = 0.25, s_c2 = 7/12
    M = apportion_effects(eff, io, mapping, ["A", "C"])
    loss = np.array([1 / 6, 5 / 6]) @ M.to_numpy()
    by_hand = {
        "a": (1 / 6) * 0.1,
        "c1": 0.25 * (0.1 * 40 / 60),
        "c2": 0.25 * (1 / 30) + (7 / 12) * 0.1,
    }
    assert dict(zip(M.columns, loss, strict=True)) == pytest.approx(by_hand)
    # the section shock is the sum of its sectors' shocks (linearity): 5/6 * 0.1
    assert loss[1] + loss[2] == pytest.approx((5 / 6) * 0.1)


def test_equal_shock_by_hand():
    io, _ = _table()
    eff = demand_shock_effects(io, SHOCK, size="equal")
    d = SHOCK * (50 + 40 + 140) / 3  # the same amount removed from each sector
    assert eff.loc["a", "a"] == pytest.approx(d / 50)
    assert eff.loc["c1", "c1"] == pytest.approx(d / 60)
    assert eff.loc["c1", "c2"] == pytest.approx((1 / 7) * d / 60)
    assert eff.loc["c2", "c2"] == pytest.approx(d / 140)
    # proportional rows sum to the shock (L f = x): the mean over k ranks nothing;
    # equal rows do not
    assert demand_shock_effects(io, SHOCK).sum(axis=1).tolist() == pytest.approx([0.1] * 3)
    assert eff.sum(axis=1).round(6).nunique() == 3
    with pytest.raises(MatrixError, match="shock size"):
        demand_shock_effects(io, SHOCK, size="huge")  # type: ignore[arg-type]


def _dataset() -> Dataset:
    regions = pd.DataFrame(
        {
            "code": ["1", "11", "12", "13"],
            "name": ["Land", "County 11", "County 12", "County 13"],
            "level": ["country", "county", "county", "county"],
            "parent_code": [None, "1", "1", "1"],
        }
    )
    industries = pd.DataFrame(
        {
            "code": ["S:A", "S:C", "IO:a", "IO:c1", "IO:c2"],
            "name": ["Farming", "Making", "Farm goods", "Parts", "Machines"],
            "scheme": ["S", "S", "IO", "IO", "IO"],
            "level": ["section"] * 2 + ["sector"] * 3,
            "parent_code": [None, None, "S:A", "S:C", "S:C"],
        }
    )
    rows = [
        ("11", "S:A", 2020, "employment", 30.0),
        ("11", "S:C", 2020, "employment", 10.0),
        ("12", "S:A", 2020, "employment", 10.0),
        ("12", "S:C", 2020, "employment", 50.0),
        ("13", "S:A", 2020, "employment", 20.0),
        ("13", "S:C", 2020, "employment", 20.0),
        ("1", "IO:a", 2020, "gross_output", 50.0),
        ("1", "IO:c1", 2020, "gross_output", 60.0),
        ("1", "IO:c2", 2020, "gross_output", 140.0),
    ]
    links = pd.DataFrame(
        {
            "from_code": ["IO:a", "IO:c1"],
            "to_code": ["IO:a", "IO:c2"],
            "year": [2020, 2020],
            "flow": [0.0, 20.0],
            "coefficient": [0.0, 20.0 / 140.0],
        }
    )
    return Dataset.from_frames(
        regions=regions,
        industries=industries,
        region_industries=pd.DataFrame(
            rows, columns=["region_code", "industry_code", "year", "measure", "value"]
        ),
        industry_links=links,
    )


# worst_loss of each county under each (level, size), by hand from the docstring's numbers
_D_SECTORS = SHOCK * (50 + 40 + 140) / 3  # equal shock, I-O sectors
_D_SECTIONS = SHOCK * (50 + 180) / 2  # equal shock, sections
WORST = {
    ("io-sectors", "proportional"): {
        "11": max(0.75 * 0.1, 0.075 / 15, 0.075 / 30 + 0.175 * 0.1),  # 0.075 (a)
        "12": max(0.1 / 6, 0.25 / 15, 0.25 / 30 + (7 / 12) * 0.1),  # 0.0667 (c2)
        "13": max(0.5 * 0.1, 0.15 / 15, 0.15 / 30 + 0.35 * 0.1),  # 0.05 (a)
    },
    ("sections", "proportional"): {  # eff_AA = 0.1, eff_CC = 0.1 (10/9) 180 / 200 = 0.1
        "11": max(0.75 * 0.1, 0.25 * 0.1),
        "12": max(0.1 / 6, (5 / 6) * 0.1),
        "13": max(0.5 * 0.1, 0.5 * 0.1),
    },
    ("io-sectors", "equal"): {
        "11": max(
            0.75 * _D_SECTORS / 50,
            0.075 * _D_SECTORS / 60,
            0.075 * (1 / 7) * _D_SECTORS / 60 + 0.175 * _D_SECTORS / 140,
        ),
        "12": max(
            (1 / 6) * _D_SECTORS / 50,
            0.25 * _D_SECTORS / 60,
            0.25 * (1 / 7) * _D_SECTORS / 60 + (7 / 12) * _D_SECTORS / 140,
        ),
        "13": max(
            0.5 * _D_SECTORS / 50,
            0.15 * _D_SECTORS / 60,
            0.15 * (1 / 7) * _D_SECTORS / 60 + 0.35 * _D_SECTORS / 140,
        ),
    },
    ("sections", "equal"): {
        "11": max(0.75 * _D_SECTIONS / 50, 0.25 * (10 / 9) * _D_SECTIONS / 200),
        "12": max((1 / 6) * _D_SECTIONS / 50, (5 / 6) * (10 / 9) * _D_SECTIONS / 200),
        "13": max(0.5 * _D_SECTIONS / 50, 0.5 * (10 / 9) * _D_SECTIONS / 200),
    },
}
# ranks by worst loss, lowest first: io-prop 13, 12, 11; sections-prop 13, 11, 12;
# io-equal 12, 13, 11; sections-equal 12, 13, 11
RANKS = {
    ("io-sectors", "proportional"): {"13": 1, "12": 2, "11": 3},
    ("sections", "proportional"): {"13": 1, "11": 2, "12": 3},
    ("io-sectors", "equal"): {"12": 1, "13": 2, "11": 3},
    ("sections", "equal"): {"12": 1, "13": 2, "11": 3},
}


def _scores(**choices: str) -> pd.DataFrame:
    ds = _dataset()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # no national series: portfolio variance dropped
        return resilience_scores(
            ds, scope=AnalysisScope.infer(ds, **choices), weights={"worst_loss": 1}
        )


@pytest.mark.parametrize("spec", list(WORST))
def test_worst_loss_and_rank_under_each_shock_spec_by_hand(spec):
    level, size = spec
    s = _scores(shock_level=level, shock_size=size)
    assert s["worst_loss"].to_dict() == pytest.approx(WORST[spec])
    for code, rank in RANKS[spec].items():  # the hand ranks follow from the losses above
        assert sorted(WORST[spec], key=WORST[spec].get).index(code) + 1 == rank
    assert s["rank"].to_dict() == RANKS[spec]


def test_default_shocks_the_finer_io_sectors_and_names_them():
    s = _scores()
    assert AnalysisScope.infer(_dataset()).shock_level == "io-sectors"  # 3 sectors, 2 sections
    assert s.loc["12", "worst_loss"] == pytest.approx(WORST["io-sectors", "proportional"]["12"])
    assert set(s["worst_sector"]) <= {"IO:a", "IO:c1", "IO:c2"}
    assert s.loc["12", "worst_sector_name"] in {"Farm goods", "Parts", "Machines"}


def test_spec_range_is_the_range_of_the_hand_ranks():
    s = _scores()
    # worst_loss alone: the weight variants (x2) rank alike, no growth series, no samples,
    # so the range is over the four shock specifications
    spec = s.attrs["specifications"]
    assert spec["shock"] == [
        "io-sectors proportional", "io-sectors equal", "sections proportional", "sections equal"
    ]  # fmt: skip
    # chosen, x2 and x0.5 of the only component score alike, and both equal-size shocks
    # rank 12, 13, 11 (RANKS): 12 combinations, 3 distinct
    assert (spec["count"], spec["distinct"]) == (4 * 3, 3)
    for code in ("11", "12", "13"):
        ranks = [RANKS[k][code] for k in RANKS]
        assert s.loc[code, "rank_spec_low"] == min(ranks)
        assert s.loc[code, "rank_spec_high"] == max(ranks)
        assert s.loc[code, "rank_spec_low"] <= s.loc[code, "rank"] <= s.loc[code, "rank_spec_high"]
        assert s.loc[code, "spec_count"] == 3
    assert (s["resilience_spec_low"] <= s["resilience"]).all()
    assert (s["resilience"] <= s["resilience_spec_high"]).all()
    # county 11 is last under three specs and second under sections-proportional
    assert (s.loc["11", "rank_spec_low"], s.loc["11", "rank_spec_high"]) == (2, 3)


def test_spec_ranges_can_be_turned_off_and_unscored_regions_are_listed():
    ds = _dataset()
    ds = Dataset.from_frames(
        metadata=ds.metadata,
        **{
            **dict(ds),
            "regions": pd.concat(
                [
                    ds.regions,
                    pd.DataFrame(
                        {"code": ["14"], "name": ["County 14"], "level": ["county"],
                         "parent_code": ["1"]}
                    ),
                ],
                ignore_index=True,
            ),
        },
    )  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        s = resilience_scores(ds, weights={"worst_loss": 1}, specifications=False)
    assert s["rank_spec_low"].isna().all() and (s["spec_count"] == 0).all()
    assert s.attrs["specifications"]["method"] is None
    assert s.attrs["unscored"] == [
        {"region_code": "14", "name": "County 14", "reason": "no employment rows in 2020"}
    ]


def test_analyze_offers_the_shock_options_and_prints_the_spec_range(tmp_path):
    from click.testing import CliRunner

    from clusteratlas.cli import cli

    help_text = CliRunner().invoke(cli, ["analyze", "--help"]).output
    assert "--shock-level [io-sectors|sections]" in help_text
    assert "--shock-size [proportional|equal]" in help_text
    unscored = tmp_path / "unscored.csv"
    args = ["analyze", "--bundled", "china", "--bootstrap", "0", "--limit", "3"]
    table = CliRunner().invoke(cli, [*args, "--unscored-csv", str(unscored)])
    assert table.exit_code == 0, table.output
    header = table.stdout.splitlines()[0].split()
    # --bootstrap 0: no sampling interval, so no rank_low/rank_high column of NaN
    assert header[:3] == ["rank", "rank_spec_low", "rank_spec_high"]
    assert "unscored: 9 of the data's 2,849 county regions are not in the ranking" in (table.stderr)
    left_out = pd.read_csv(unscored, dtype=str)
    assert list(left_out.columns) == ["region_code", "name", "reason"] and len(left_out) == 9
    # the option reaches the model: sections name GB/T 4754 sections, the default NBS42 sectors
    csv = CliRunner().invoke(cli, [*args, "--format", "csv", "--shock-level", "sections"])
    rows = pd.read_csv(io.StringIO(csv.stdout), dtype={"region_code": str})
    assert rows["worst_sector"].str.startswith("GB4754:").all()
    assert {"resilience_spec_low", "resilience_spec_high", "spec_count"} <= set(rows.columns)
    default = CliRunner().invoke(cli, [*args, "--format", "csv"])
    rows = pd.read_csv(io.StringIO(default.stdout), dtype={"region_code": str})
    assert rows["worst_sector"].str.startswith("NBS42:").all()


def test_diversity_of_a_sample_counts_only_cells_of_the_minimum_count():
    """Wuhou's 4 sampled workers in section T gave it LQ >= 1 there. By hand: two regions
    of 100 and 1,000 sampled units, industries A, B; region 1 has 4 in B (S_B = 0.1,
    its share 0.04 -> LQ 0.4, not specialised) and region 2 ... set so that region 1's
    B share 0.2 (20 units, LQ 2) is specialised only without the floor of 30."""
    import numpy as np

    from clusteratlas.graph.analytics.composite import COMPONENTS, ComponentInputs

    p = np.array([[0.8, 0.2], [0.9, 0.1]])  # region 1: 80 A + 20 B; region 2: 900 A + 100 B
    totals = np.array([100.0, 1000.0])
    S = (p * totals[:, None]).sum(axis=0) / totals.sum()  # A 980/1100, B 120/1100
    inputs = ComponentInputs(reference=S, groups=np.array([0, 1]))
    # LQ_1B = 0.2 / (120/1100) = 1.83, LQ_1A = 0.8 / (980/1100) = 0.90;
    # LQ_2A = 0.9 / 0.891 = 1.01, LQ_2B = 0.1 / 0.109 = 0.92
    assert COMPONENTS["diversity"].evaluate(p, inputs).tolist() == [1.0, 1.0]
    floored = ComponentInputs(reference=S, groups=np.array([0, 1]), totals=totals, min_count=30)
    # region 1's B holds 20 sampled units (< 30): not counted; region 2's A holds 900
    assert COMPONENTS["diversity"].evaluate(p, floored).tolist() == [0.0, 1.0]
