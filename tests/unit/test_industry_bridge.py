"""A bridge from the measure's classification to the input-output sectors (occupations).

``tests/data/synthetic_occupations`` (SYNTHETIC): jobs by occupation, an I-O table by
industry, and a staffing matrix W (``industry_bridge.csv``). By hand, with the table of
``docs/examples/national-region`` (x = (500, 2000), z_AM = 200, z_MA = 50, z_MM = 200,
f = (300, 1750)):

    A = [[0, 0.1], [0.1, 0.1]],  I - A = [[1, -0.1], [-0.1, 0.9]],  det = 0.89
    L = [[0.9, 0.1], [0.1, 1]] / 0.89 = [[1.011236, 0.112360], [0.112360, 1.123596]]
    (check: L f = (500, 2000) = x)
    relative loss of sector i from losing all final demand of k, L_ik f_k / x_i:
        A<-A 1.011236 * 300 / 500 = 0.606742     A<-M 0.112360 * 1750 / 500 = 0.393258
        M<-A 0.112360 * 300 / 2000 = 0.016854    M<-M 1.123596 * 1750 / 2000 = 0.983146
    W: machinists 0.8 A + 0.2 M; clerks 0.3 A + 0.7 M
    R1: 300 machinists, 700 clerks -> in sectors 300*0.8 + 700*0.3 = 450 A, 550 M
        loss(k=A) = 0.45 * 0.606742 + 0.55 * 0.016854 = 0.282303
        loss(k=M) = 0.45 * 0.393258 + 0.55 * 0.983146 = 0.717697  (worst: M)
    the same through the occupations: machinists lose 0.8*0.606742 + 0.2*0.016854
        = 0.488764 from k=A, clerks 0.3*0.606742 + 0.7*0.016854 = 0.193820;
        0.3 * 0.488764 + 0.7 * 0.193820 = 0.282303
"""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import pandas as pd
import pytest

from clusteratlas.errors import ComponentDroppedWarning, DataValidationError, MatrixError
from clusteratlas.graph.analytics.input_output import shock_exposure
from clusteratlas.graph.definitions.io_table import bridge_weights, bridged_matrix
from clusteratlas.graph.definitions.scope import AnalysisScope
from clusteratlas.loaders.dataset import Dataset

DATA = Path(__file__).resolve().parents[1] / "data" / "synthetic_occupations"


def test_bridge_weights_are_the_staffing_matrix() -> None:
    ds = Dataset.from_dir(DATA)
    w = bridge_weights(ds, "OCC", "IND")
    assert w.to_dict("index") == {
        "OCC:1": {"IND:A": 0.8, "IND:M": 0.2},
        "OCC:2": {"IND:A": 0.3, "IND:M": 0.7},
    }


def test_scope_reads_e_on_the_io_sectors_through_the_bridge() -> None:
    ds = Dataset.from_dir(DATA)
    scope = AnalysisScope.infer(ds)
    assert (scope.scheme, scope.io_scheme) == ("OCC", "IND")
    E, io = scope.io_inputs(ds)
    assert list(io.sectors) == ["IND:A", "IND:M"]
    assert E.loc["R1"].to_dict() == pytest.approx({"IND:A": 450.0, "IND:M": 550.0})
    # R2: 600 * 0.8 + 400 * 0.3 = 600 A; 600 * 0.2 + 400 * 0.7 = 400 M (totals kept)
    assert E.loc["R2"].to_dict() == pytest.approx({"IND:A": 600.0, "IND:M": 400.0})
    out = shock_exposure(E, io, shock=1.0)
    assert out.loc["R1", "worst_sector"] == "IND:M"
    assert out.loc["R1", "worst_loss"] == pytest.approx(0.717697, abs=1e-6)
    assert out.loc["R1", "io_coverage"] == pytest.approx(1.0)
    # the mean over the two shocks: (0.282303 + 0.717697) / 2 = 0.5 (L f = x: coverage / K)
    assert out.loc["R1", "mean_loss"] == pytest.approx(0.5, abs=1e-6)


def test_loss_through_occupations_equals_loss_on_bridged_shares() -> None:
    """sum_o s_ro sum_j w_oj eff_jk = sum_j (sum_o s_ro w_oj) eff_jk, computed both ways."""
    eff = pd.DataFrame(
        [[0.9 * 300 / 500, 0.1 * 1750 / 500], [0.1 * 300 / 2000, 1.0 * 1750 / 2000]],
        index=["IND:A", "IND:M"], columns=["IND:A", "IND:M"],
    ) / 0.89  # fmt: skip
    w = pd.DataFrame([[0.8, 0.2], [0.3, 0.7]], index=["OCC:1", "OCC:2"], columns=eff.index)
    occupation_loss = w @ eff  # machinists 0.488764 from k=A, clerks 0.193820
    assert occupation_loss.loc["OCC:1", "IND:A"] == pytest.approx(0.488764, abs=1e-6)
    assert occupation_loss.loc["OCC:2", "IND:A"] == pytest.approx(0.193820, abs=1e-6)
    s = pd.Series({"OCC:1": 0.3, "OCC:2": 0.7})
    E = pd.DataFrame([s * 1000.0])
    bridged = bridged_matrix(E, w).iloc[0] / 1000.0
    assert (s @ occupation_loss).to_dict() == pytest.approx((bridged @ eff).to_dict())
    assert (s @ occupation_loss)["IND:A"] == pytest.approx(0.282303, abs=1e-6)


@pytest.mark.parametrize(
    ("text", "row", "rule"),
    [
        ("from_code,to_code,weight\nOCC:1,IND:A,0.8\nOCC:1,IND:M,0.1\n", 1,
         "bridge weights of from_code 'OCC:1' sum to 0.9, not 1 (rows 1, 2)"),
        ("from_code,to_code,weight\nOCC:1,IND:A,1.2\n", 1, "weight out of range (0, 1]"),
        ("from_code,to_code,weight\nOCC:1,IND:Z,1\n", 1, "dangling reference"),
        ("from_code,to_code,weight\nOCC:1,IND:A,\n", 1, "missing value"),
    ],
)  # fmt: skip
def test_bridge_validation_names_file_row_column_and_rule(
    tmp_path: Path, text: str, row: int, rule: str
) -> None:
    shutil.copytree(DATA, tmp_path / "d")
    (tmp_path / "d" / "industry_bridge.csv").write_text(text, encoding="utf-8")
    with pytest.raises(DataValidationError) as err:
        Dataset.from_dir(tmp_path / "d")
    found = [p for p in err.value.problems if rule in p.rule]
    assert len(found) == 1, err.value.problems
    assert found[0].file == "industry_bridge.csv" and found[0].row == row


def test_without_a_bridge_the_dropped_component_says_why(tmp_path: Path) -> None:
    from clusteratlas.graph.analytics.resilience import resilience_scores

    shutil.copytree(DATA, tmp_path / "d")
    (tmp_path / "d" / "industry_bridge.csv").unlink()
    ds = Dataset.from_dir(tmp_path / "d")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = resilience_scores(ds, bootstrap=0)
    dropped = [str(w.message) for w in caught if issubclass(w.category, ComponentDroppedWarning)]
    io_drop = [m for m in dropped if "worst_loss" in m]
    assert len(io_drop) == 1
    assert "do not map into OCC" in io_drop[0] and "industry_bridge.csv" in io_drop[0]
    assert "worst_loss" in out.attrs["dropped_components"]
    assert "industry_bridge.csv" in out.attrs["dropped_components"]["worst_loss"]
    with pytest.raises(MatrixError, match=r"industry_bridge\.csv rows from OCC to IND"):
        AnalysisScope.infer(ds).io_inputs(ds)


def test_the_composite_reads_the_bridge() -> None:
    """R1's worst shock through the bridge: a 10% fall in M's final demand costs
    0.1 x 0.717697 = 7.17697% of its jobs (the module docstring's hand computation); R2
    (600 machinists, 400 clerks -> 600 A, 400 M; A's excess over the nation is the larger)
    loses 0.1 x (0.6 x 0.606742 + 0.4 x 0.016854) = 3.70787% from a fall in A."""
    from clusteratlas.graph.analytics.resilience import resilience_scores

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = resilience_scores(Dataset.from_dir(DATA), bootstrap=0)
    assert "worst_loss" not in out.attrs["dropped_components"]
    assert out.loc["R1", "worst_sector"] == "IND:M"
    assert out.loc["R1", "worst_sector_loss"] == pytest.approx(0.0717697, abs=1e-7)
    assert out.loc["R2", "worst_sector"] == "IND:A"
    assert out.loc["R2", "worst_sector_loss"] == pytest.approx(0.0370787, abs=1e-7)
    assert out.loc["R1", "io_coverage"] == pytest.approx(1.0)
