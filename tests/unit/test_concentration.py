"""Concentration and specialisation metrics: hand computations, naive loops, properties."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from clusteratlas.errors import MatrixError
from clusteratlas.graph import (
    hachman_index,
    herfindahl,
    krugman_index,
    location_quotient,
    rca_binary,
    related_unrelated_variety,
    shannon_entropy,
    theil_specialisation,
)

E = pd.DataFrame(
    {"A": [10.0, 0.0, 5.0], "B": [30.0, 20.0, 5.0], "C": [60.0, 20.0, 0.0]},
    index=["r1", "r2", "r3"],
)


def naive_shares(frame: pd.DataFrame) -> tuple[dict, dict]:
    """s_ri and S_i by explicit loops."""
    total = sum(frame.loc[r, i] for r in frame.index for i in frame.columns)
    s = {}
    for r in frame.index:
        row_total = sum(frame.loc[r, i] for i in frame.columns)
        for i in frame.columns:
            s[r, i] = frame.loc[r, i] / row_total
    S = {i: sum(frame.loc[r, i] for r in frame.index) / total for i in frame.columns}
    return s, S


def test_location_quotient_by_hand():
    # r1: s = (0.1, 0.3, 0.6); totals A 15, B 55, C 80 of 150 -> S = (0.1, 11/30, 8/15)
    lq = location_quotient(E)
    assert lq.loc["r1", "A"] == pytest.approx(0.1 / 0.1)
    assert lq.loc["r1", "B"] == pytest.approx(0.3 / (55 / 150))
    assert lq.loc["r3", "A"] == pytest.approx(0.5 / 0.1)
    assert lq.loc["r2", "A"] == 0.0


def test_all_measures_match_naive_loops():
    s, S = naive_shares(E)
    for r in E.index:
        assert herfindahl(E)[r] == pytest.approx(sum(s[r, i] ** 2 for i in E.columns))
        h = -sum(s[r, i] * math.log(s[r, i]) for i in E.columns if s[r, i] > 0)
        assert shannon_entropy(E)[r] == pytest.approx(h)
        assert shannon_entropy(E, base=2)[r] == pytest.approx(h / math.log(2))
        assert krugman_index(E)[r] == pytest.approx(sum(abs(s[r, i] - S[i]) for i in E.columns))
        hi = 1 / sum(s[r, i] ** 2 / S[i] for i in E.columns)
        assert hachman_index(E)[r] == pytest.approx(hi)
        t = sum(s[r, i] * math.log(s[r, i] / S[i]) for i in E.columns if s[r, i] > 0)
        assert theil_specialisation(E)[r] == pytest.approx(t)


def test_rca_binary_threshold_is_inclusive():
    M = rca_binary(E, threshold=1.0)
    assert M.loc["r1", "A"] == 1  # LQ exactly 1
    assert M.loc["r2", "A"] == 0
    assert set(np.unique(M.to_numpy())) <= {0, 1}


def test_reference_shares_given_as_levels():
    ref = pd.Series({"A": 1.0, "B": 1.0, "C": 2.0})
    assert krugman_index(E, reference=ref)["r1"] == pytest.approx(
        abs(0.1 - 0.25) + abs(0.3 - 0.25) + abs(0.6 - 0.5)
    )
    with pytest.raises(MatrixError, match="no value for industries"):
        krugman_index(E, reference=pd.Series({"A": 1.0}))


def test_one_industry_region_has_hhi_one_and_entropy_zero():
    F = pd.DataFrame({"A": [7.0, 1.0], "B": [0.0, 1.0]}, index=["solo", "pair"])
    assert herfindahl(F)["solo"] == 1.0
    assert shannon_entropy(F)["solo"] == 0.0
    assert herfindahl(F)["pair"] == 0.5
    assert shannon_entropy(F, base=2)["pair"] == pytest.approx(1.0)


def test_empty_region_gives_nan_and_bad_input_names_the_cell():
    F = pd.DataFrame({"A": [0.0, 1.0], "B": [0.0, 1.0]}, index=["empty", "full"])
    assert np.isnan(herfindahl(F)["empty"])
    assert np.isnan(shannon_entropy(F)["empty"])
    bad = pd.DataFrame({"A": [1.0, -2.0]}, index=["x", "y"])
    with pytest.raises(MatrixError, match=r"row 'y', column 'A', value -2.0"):
        herfindahl(bad)


def test_related_unrelated_variety_worked_example():
    # shares 0.25, 0.25 in group C; 0.5 in F: UV = 1 bit, RV = 0.5 * 1 bit = 0.5, H = 1.5
    F = pd.DataFrame({"C13": [1.0], "C14": [1.0], "F51": [2.0]})
    v = related_unrelated_variety(F, {"C13": "C", "C14": "C", "F51": "F"}).iloc[0]
    assert v["unrelated_variety"] == pytest.approx(1.0)
    assert v["related_variety"] == pytest.approx(0.5)
    with pytest.raises(MatrixError, match="no group"):
        related_unrelated_variety(F, {"C13": "C"})


matrices = arrays(
    np.float64,
    st.tuples(st.integers(2, 6), st.integers(2, 6)),
    elements=st.floats(0, 1e6, allow_nan=False, allow_subnormal=False),
).filter(lambda a: (a.sum(axis=1) > 1e-3).all())


@settings(max_examples=60, deadline=None)
@given(matrices, st.floats(0.01, 1e4))
def test_properties_bounds_and_scale_invariance(values, scale):
    F = pd.DataFrame(values, columns=[f"i{j}" for j in range(values.shape[1])])
    n = F.shape[1]
    hhi, h = herfindahl(F), shannon_entropy(F)
    assert ((hhi >= 1 / n - 1e-12) & (hhi <= 1 + 1e-12)).all()
    assert ((h >= -1e-12) & (h <= math.log(n) + 1e-9)).all()
    k = krugman_index(F)
    assert ((k >= -1e-12) & (k <= 2 + 1e-12)).all()
    hi = hachman_index(F)
    assert ((hi > 0) & (hi <= 1 + 1e-9)).all()
    assert (theil_specialisation(F) >= -1e-9).all()
    for f in (herfindahl, shannon_entropy, krugman_index, hachman_index, theil_specialisation):
        pd.testing.assert_series_equal(f(F), f(F * scale), rtol=1e-9, atol=1e-12)
    pd.testing.assert_frame_equal(location_quotient(F), location_quotient(F * scale), rtol=1e-9)


@settings(max_examples=60, deadline=None)
@given(matrices, st.integers(1, 3))
def test_property_related_plus_unrelated_is_total_entropy(values, n_groups):
    F = pd.DataFrame(values, columns=[f"i{j}" for j in range(values.shape[1])])
    groups = {c: f"g{j % n_groups}" for j, c in enumerate(F.columns)}
    v = related_unrelated_variety(F, groups)
    total = v["unrelated_variety"] + v["related_variety"]
    np.testing.assert_allclose(total, shannon_entropy(F, base=2), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(v["entropy"], shannon_entropy(F, base=2), rtol=1e-9, atol=1e-12)
    assert (v["related_variety"] >= -1e-12).all()
