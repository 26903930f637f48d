"""Input-output: the Dorfman-Samuelson-Solow two-sector example, Ghosh, shock exposure."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from clusteratlas.errors import MatrixError
from clusteratlas.graph import (
    InputOutputTable,
    ghosh_inverse,
    leontief_inverse,
    shock_exposure,
    shock_loss_matrix,
    supply_dependency,
)

# Dorfman, Samuelson & Solow (1958), ch. 9: agriculture and manufacturing flows,
# final demand (50, 60), so gross outputs 25 + 175 + 50 = 250 and 40 + 20 + 60 = 120.
SECTORS = ["agriculture", "manufacturing"]
Z = pd.DataFrame([[25.0, 175.0], [40.0, 20.0]], index=SECTORS, columns=SECTORS)
X = pd.Series({"agriculture": 250.0, "manufacturing": 120.0})
DSS = InputOutputTable(Z, X)


def inverse_2x2(a, b, c, d):
    det = a * d - b * c
    return np.array([[d, -b], [-c, a]]) / det


def test_dss_coefficients_and_final_demand():
    A = DSS.technical_coefficients
    assert A.loc["agriculture", "agriculture"] == pytest.approx(0.1)
    assert A.loc["agriculture", "manufacturing"] == pytest.approx(175 / 120)
    assert A.loc["manufacturing", "agriculture"] == pytest.approx(0.16)
    assert DSS.final_use.tolist() == [50.0, 60.0]


def test_dss_leontief_inverse_by_hand_and_reproduces_output():
    A = DSS.technical_coefficients.to_numpy()
    expected = inverse_2x2(1 - A[0, 0], -A[0, 1], -A[1, 0], 1 - A[1, 1])
    L = leontief_inverse(DSS.technical_coefficients)
    np.testing.assert_allclose(L.to_numpy(), expected)
    np.testing.assert_allclose(L.to_numpy() @ DSS.final_use.to_numpy(), [250.0, 120.0])


def test_ghosh_inverse_by_hand_and_reproduces_output():
    B = DSS.allocation_coefficients.to_numpy()
    expected = inverse_2x2(1 - B[0, 0], -B[0, 1], -B[1, 0], 1 - B[1, 1])
    G = ghosh_inverse(DSS.allocation_coefficients)
    np.testing.assert_allclose(G.to_numpy(), expected)
    v = DSS.primary_inputs.to_numpy()  # x' = v' G
    np.testing.assert_allclose(v @ G.to_numpy(), [250.0, 120.0])


def test_singular_system_is_a_clear_error():
    A = pd.DataFrame([[1.0, 0.0], [0.0, 0.5]], index=SECTORS, columns=SECTORS)
    with pytest.raises(MatrixError, match="singular"):
        leontief_inverse(A)


def test_shock_loss_matches_explicit_output_change():
    E = pd.DataFrame({"agriculture": [3.0, 0.0], "manufacturing": [1.0, 5.0]}, index=["r", "q"])
    shock = 0.1
    losses = shock_loss_matrix(E, DSS, shock)
    L = leontief_inverse(DSS.technical_coefficients).to_numpy()
    f = DSS.final_use.to_numpy()
    for k, sector in enumerate(SECTORS):
        df = np.zeros(2)
        df[k] = -shock * f[k]
        rel = -(L @ df) / X.to_numpy()  # relative output loss per sector
        for r in E.index:
            s = E.loc[r] / E.loc[r].sum()
            assert losses.loc[r, sector] == pytest.approx(float(s @ rel))


def test_shock_exposure_summary_and_uncovered_sections():
    E = pd.DataFrame({"agriculture": [1.0], "manufacturing": [1.0], "T": [2.0]}, index=["r"])
    out = shock_exposure(E, DSS, 0.1).loc["r"]
    losses = shock_loss_matrix(E, DSS, 0.1).loc["r"]
    assert out["worst_loss"] == pytest.approx(losses.max())
    assert out["mean_loss"] == pytest.approx(losses.mean())
    assert out["worst_sector"] == losses.idxmax()
    assert out["io_coverage"] == pytest.approx(0.5)
    with pytest.raises(MatrixError, match="no input-output sector"):
        shock_exposure(E, DSS, uncovered="raise")
    # losses scale linearly with the shock
    assert shock_exposure(E, DSS, 0.2).loc["r", "worst_loss"] == pytest.approx(
        2 * out["worst_loss"]
    )


def test_supply_dependency_excludes_own_direct_loss():
    # a sells only to b: a region made only of a depends on nobody upstream
    Z2 = pd.DataFrame([[0.0, 50.0], [0.0, 0.0]], index=["a", "b"], columns=["a", "b"])
    io = InputOutputTable(Z2, pd.Series({"a": 100.0, "b": 100.0}))
    dep = supply_dependency(pd.DataFrame({"a": [1.0], "b": [0.0]}, index=["r"]), io)
    assert dep.loc["r", "dependency_loss"] == 0.0
    dep_b = supply_dependency(pd.DataFrame({"b": [1.0]}, index=["r"]), io, shock=1.0)
    # v_a = 100, G_ab - 0 = 0.5, x_b = 100 -> 0.5
    assert dep_b.loc["r"].to_dict() == {"main_dependency": "a", "dependency_loss": 0.5}


def test_aggregate_sums_flows_and_recomputes_coefficients():
    sectors = ["01", "02", "06"]
    Z3 = pd.DataFrame(
        [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]], index=sectors, columns=sectors
    )
    io = InputOutputTable(Z3, pd.Series({"01": 20.0, "02": 30.0, "06": 40.0}))
    agg = io.aggregate({"01": "A", "02": "B", "06": "B"})
    assert agg.flows.loc["B", "B"] == 5 + 6 + 8 + 9
    assert agg.output["B"] == 70.0
    assert agg.technical_coefficients.loc["A", "B"] == pytest.approx((2 + 3) / 70)
    assert agg.final_use.sum() == pytest.approx(io.final_use.sum())


def test_mean_loss_is_shock_times_coverage_over_k_because_l_f_is_x():
    E = pd.DataFrame(
        {"agriculture": [3.0, 0.0, 1.0], "manufacturing": [1.0, 5.0, 1.0], "T": [0.0, 0.0, 2.0]},
        index=["r", "q", "p"],
    )
    out = shock_exposure(E, DSS, 0.1)
    expected = 0.1 * out["io_coverage"] / len(DSS.sectors)
    np.testing.assert_allclose(out["mean_loss"], expected, rtol=1e-12)
