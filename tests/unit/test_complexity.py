"""Diversity, ubiquity, proximity, density and ECI/PCI against hand computations and reflections."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from clusteratlas.errors import MatrixError, UnreliableMetricWarning
from clusteratlas.graph import diversity, eci_pci, proximity, relatedness_density, ubiquity

# A connected, non-nested toy matrix (6 regions x 5 industries).
M = pd.DataFrame(
    [
        [1, 1, 1, 1, 0],
        [1, 1, 1, 0, 1],
        [1, 1, 0, 0, 0],
        [1, 0, 1, 0, 0],
        [1, 0, 0, 0, 1],
        [0, 1, 0, 1, 0],
    ],
    index=[f"r{i}" for i in range(6)],
    columns=list("ABCDE"),
)


def test_diversity_and_ubiquity_are_row_and_column_sums():
    assert diversity(M).tolist() == [4, 4, 2, 2, 2, 2]
    assert ubiquity(M).tolist() == [5, 4, 3, 2, 2]


def test_proximity_by_naive_loop():
    phi = proximity(M)
    for i in M.columns:
        for j in M.columns:
            both = sum(M.loc[r, i] * M.loc[r, j] for r in M.index)
            expected = 0.0 if i == j else both / max(M[i].sum(), M[j].sum())
            assert phi.loc[i, j] == pytest.approx(expected)
    assert phi.loc["A", "B"] == pytest.approx(3 / 5)


def test_relatedness_density_by_naive_loop_and_bounds():
    phi = proximity(M)
    dens = relatedness_density(M, phi)
    for r in M.index:
        for i in M.columns:
            num = sum(M.loc[r, j] * phi.loc[i, j] for j in M.columns)
            assert dens.loc[r, i] == pytest.approx(num / phi.loc[i].sum())
    assert ((dens >= 0) & (dens <= 1)).all().all()


def test_binary_input_is_enforced():
    with pytest.raises(MatrixError, match="must be 0 or 1"):
        diversity(M * 2)


def reflections(m: pd.DataFrame, steps: int = 400) -> np.ndarray:
    """Hidalgo-Hausmann method of reflections, standardised at every step (naive loops)."""
    a = m.to_numpy(dtype=float)
    kc0, kp0 = a.sum(axis=1), a.sum(axis=0)
    kc = kc0.copy()
    for _ in range(steps):
        kp = np.array(
            [sum(a[c, p] * kc[c] for c in range(len(kc))) / kp0[p] for p in range(a.shape[1])]
        )
        kc = np.array(
            [sum(a[c, p] * kp[p] for p in range(a.shape[1])) / kc0[c] for c in range(a.shape[0])]
        )
        kc = (kc - kc.mean()) / kc.std()
    return kc


def test_eci_matches_standardised_reflections_up_to_sign():
    with warnings.catch_warnings():
        warnings.simplefilter("error", UnreliableMetricWarning)  # connected, well separated
        warnings.filterwarnings("ignore", "eci_pci: only 5 industries", UnreliableMetricWarning)
        eci, _ = eci_pci(M)
    ref = reflections(M)
    sign = np.sign(np.dot(ref, eci.to_numpy()))
    np.testing.assert_allclose(eci.to_numpy(), sign * ref, atol=1e-6)


def test_eci_conventions_standardised_and_positive_with_diversity():
    eci, pci = eci_pci(M)
    assert eci.mean() == pytest.approx(0, abs=1e-12)
    assert eci.std(ddof=0) == pytest.approx(1)
    assert pci.std(ddof=0) == pytest.approx(1)
    assert np.corrcoef(eci, diversity(M))[0, 1] > 0
    # PCI is the mean ECI eigenvector of the regions specialised in the industry
    raw = eci.to_numpy()
    mean_eci = np.array([raw[M[c].to_numpy() == 1].mean() for c in M.columns])
    assert np.corrcoef(mean_eci, pci)[0, 1] == pytest.approx(1)


def test_eci_same_whichever_side_is_smaller():
    eci, pci = eci_pci(M)
    eci_t, pci_t = eci_pci(M.T)
    np.testing.assert_allclose(np.abs(eci_t.to_numpy()), np.abs(pci.to_numpy()), atol=1e-9)
    np.testing.assert_allclose(np.abs(pci_t.to_numpy()), np.abs(eci.to_numpy()), atol=1e-9)


def test_eci_warns_when_disconnected_or_too_small():
    blocks = pd.DataFrame(
        [[1, 1, 0, 0], [1, 1, 0, 0], [1, 0, 0, 0], [0, 0, 1, 1], [0, 0, 1, 0]],
        columns=list("ABCD"),
    )
    with pytest.warns(UnreliableMetricWarning, match="components"):
        eci_pci(blocks)
    with pytest.warns(UnreliableMetricWarning, match="at least 3"):
        eci_pci(pd.DataFrame([[1, 0], [1, 1]]))
    with pytest.warns(UnreliableMetricWarning, match="at least 3"):
        eci, pci = eci_pci(pd.DataFrame({"only": [1, 1, 1]}))
    assert eci.isna().all() and pci.isna().all()


def test_regions_without_specialisation_get_nan():
    m = pd.concat([M, pd.DataFrame([[0, 0, 0, 0, 0]], index=["none"], columns=M.columns)])
    eci, _ = eci_pci(m)
    assert np.isnan(eci["none"]) and eci.drop("none").notna().all()


def test_eci_on_a_few_broad_sectors_warns_wherever_it_is_computed(china):
    """Issue 22: ECI on the 20 census sections sorts counties from rural to urban (PCI from
    agriculture -2.71 to ICT +1.48); the resilience table printed it without a word."""
    from clusteratlas.graph.analytics.concentration import rca_binary
    from clusteratlas.graph.analytics.resilience import resilience_scores
    from clusteratlas.graph.definitions.scope import AnalysisScope

    E = AnalysisScope.infer(china).matrix(china)
    with pytest.warns(UnreliableMetricWarning, match="only 20 industries enter M"):
        eci_pci(rca_binary(E))
    with pytest.warns(UnreliableMetricWarning, match="the eci column: only 20 industries"):
        resilience_scores(china, bootstrap=0, seed=123)  # another key: not the cached table
