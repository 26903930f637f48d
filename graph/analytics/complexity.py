"""Economic complexity and relatedness from the binary specialisation matrix M.

``M`` is a region x industry DataFrame of 0/1 (see :func:`rca_binary`).
Diversity k_r = sum_i M_ri, ubiquity k_i = sum_r M_ri; proximity and density
follow the product space (Hidalgo et al. 2007); ECI and PCI the eigenvector
method (Hausmann et al. 2013).

Examples
--------
>>> import pandas as pd
>>> M = pd.DataFrame({"A": [1, 1, 1], "B": [1, 1, 0], "C": [1, 0, 0]}, index=["x", "y", "z"])
>>> diversity(M).tolist(), ubiquity(M).tolist()
([3, 2, 1], [3, 2, 1])
"""

from __future__ import annotations

import warnings
from typing import NamedTuple

import numpy as np
import pandas as pd

from clusteratlas.errors import MatrixError, UnreliableMetricWarning
from clusteratlas.graph.definitions.matrix import check_matrix

__all__ = [
    "MIN_ECI_INDUSTRIES",
    "ComplexityIndices",
    "diversity",
    "eci_pci",
    "proximity",
    "relatedness_density",
    "ubiquity",
]


MIN_ECI_INDUSTRIES = 50
"""Fewest industries entering M for ECI/PCI to mean complexity. Hidalgo & Hausmann (2009)
work with hundreds of products; on a handful of broad sectors the second eigenvector
mostly sorts regions by which broad sectors they have, e.g. rural to urban on the 20
GB/T 4754 sections (PCI from agriculture -2.71 to ICT +1.48). Below this, eci_pci warns."""


def diversity(M: pd.DataFrame) -> pd.Series:
    """Diversity k_r,0 = sum_i M_ri: the number of industries a region is specialised in.

    Parameters
    ----------
    M : DataFrame
        Binary specialisation matrix, region x industry, only 0 and 1
        (:func:`~clusteratlas.graph.analytics.concentration.rca_binary`).

    Returns
    -------
    Series
        ``diversity``, int64, indexed by region.

    Raises
    ------
    MatrixError
        ``M`` holds a value other than 0 and 1, or duplicate labels.

    References
    ----------
    Hidalgo, C. A. & Hausmann, R. (2009). The building blocks of economic complexity.
    PNAS 106(26), 10570-10575.

    Examples
    --------
    >>> import pandas as pd
    >>> diversity(pd.DataFrame({"A": [1, 0], "B": [1, 1]}, index=["x", "y"])).to_dict()
    {'x': 2, 'y': 1}
    """
    return check_matrix(M, "M", binary=True).sum(axis=1).astype("int64").rename("diversity")


def ubiquity(M: pd.DataFrame) -> pd.Series:
    """Ubiquity k_i,0 = sum_r M_ri: the number of regions specialised in an industry.

    Parameters
    ----------
    M : DataFrame
        Binary specialisation matrix, region x industry, only 0 and 1
        (:func:`~clusteratlas.graph.analytics.concentration.rca_binary`).

    Returns
    -------
    Series
        ``ubiquity``, int64, indexed by industry.

    Raises
    ------
    MatrixError
        ``M`` holds a value other than 0 and 1, or duplicate labels.

    References
    ----------
    Hidalgo, C. A. & Hausmann, R. (2009), as :func:`diversity`.

    Examples
    --------
    >>> import pandas as pd
    >>> ubiquity(pd.DataFrame({"A": [1, 0], "B": [1, 1]}, index=["x", "y"])).to_dict()
    {'A': 1, 'B': 2}
    """
    return check_matrix(M, "M", binary=True).sum(axis=0).astype("int64").rename("ubiquity")


def proximity(M: pd.DataFrame) -> pd.DataFrame:
    """Proximity between industries: phi_ij = sum_r M_ri M_rj / max(k_i, k_j), diagonal 0.

    The minimum of the two conditional probabilities of co-specialisation; 0 where
    either industry has ubiquity 0.

    Parameters
    ----------
    M : DataFrame
        Binary specialisation matrix, region x industry, only 0 and 1
        (:func:`~clusteratlas.graph.analytics.concentration.rca_binary`).

    Returns
    -------
    DataFrame
        phi, industry x industry (``M``'s columns both ways), symmetric, float in
        [0, 1], diagonal 0.

    Raises
    ------
    MatrixError
        ``M`` holds a value other than 0 and 1, or duplicate labels.

    References
    ----------
    Hidalgo, C. A., Klinger, B., Barabasi, A.-L. & Hausmann, R. (2007). The product
    space conditions the development of nations. Science 317(5837), 482-487.

    Examples
    --------
    >>> import pandas as pd
    >>> M = pd.DataFrame({"A": [1, 1, 0], "B": [1, 0, 0]})
    >>> proximity(M).loc["A", "B"]
    np.float64(0.5)
    """
    m = check_matrix(M, "M", binary=True)
    co = m.T.to_numpy() @ m.to_numpy()
    k = np.diag(co).copy()
    denom = np.maximum.outer(k, k)
    with np.errstate(divide="ignore", invalid="ignore"):
        phi = np.where(denom > 0, co / denom, 0.0)
    np.fill_diagonal(phi, 0.0)
    return pd.DataFrame(phi, index=m.columns, columns=m.columns)


def relatedness_density(M: pd.DataFrame, phi: pd.DataFrame) -> pd.DataFrame:
    """Relatedness density: omega_ri = sum_j M_rj phi_ij / sum_j phi_ij, in [0, 1].

    How much of what is related to industry i the region already does. ``phi`` is used
    as given (any symmetric or asymmetric proximity); NaN for an industry whose
    proximities are all 0.

    Parameters
    ----------
    M : DataFrame
        Binary specialisation matrix, region x industry, only 0 and 1
        (:func:`~clusteratlas.graph.analytics.concentration.rca_binary`).
    phi : DataFrame
        Proximity, industry x industry, finite and >= 0, covering every industry of
        ``M`` (:func:`proximity`, or any other relatedness matrix).

    Returns
    -------
    DataFrame
        omega, same labels as ``M``, float in [0, 1] (NaN where row i of ``phi`` is
        all 0).

    Raises
    ------
    MatrixError
        ``M`` is not binary, or ``phi`` misses an industry of ``M`` or holds a
        negative or non-finite value.

    References
    ----------
    Hidalgo et al. (2007), as :func:`proximity`. Boschma, R., Balland, P.-A. & Kogler,
    D. F. (2015). Relatedness and technological change in cities. Industrial and
    Corporate Change 24(1), 223-250.

    Examples
    --------
    >>> import pandas as pd
    >>> M = pd.DataFrame({"A": [1, 0], "B": [0, 1]}, index=["x", "y"])
    >>> phi = pd.DataFrame([[0.0, 1.0], [1.0, 0.0]], index=["A", "B"], columns=["A", "B"])
    >>> relatedness_density(M, phi).loc["x"].tolist()
    [0.0, 1.0]
    """
    m = check_matrix(M, "M", binary=True)
    p = check_matrix(phi, "phi").reindex(index=m.columns, columns=m.columns)
    if p.isna().any().any():
        missing = [c for c in m.columns if c not in phi.index or c not in phi.columns]
        raise MatrixError(f"phi: no proximities for industries {missing[:5]} of M")
    weights = p.to_numpy()
    num = m.to_numpy() @ weights.T  # sum_j M_rj phi_ij
    den = weights.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        dens = np.where(den > 0, num / den, np.nan)
    return pd.DataFrame(dens, index=m.index, columns=m.columns)


class ComplexityIndices(NamedTuple):
    """ECI by region and PCI by industry (NaN where diversity or ubiquity is 0).

    Attributes
    ----------
    eci : Series
        Economic complexity index by region (standardised; see :func:`eci_pci`).
    pci : Series
        Product (industry) complexity index by industry (standardised).
    """

    eci: pd.Series
    pci: pd.Series


def eci_pci(M: pd.DataFrame) -> ComplexityIndices:
    """Economic and product (industry) complexity indices by the eigenvector method.

    With D_r = diag(k_r), D_i = diag(k_i), the region matrix
    M~_R = D_r^-1 M D_i^-1 M' is row-stochastic; ECI is its eigenvector for the
    second-largest eigenvalue, standardised to mean 0 and population standard
    deviation 1, with the sign chosen so that ECI correlates positively with
    diversity. PCI_i is the standardised mean ECI eigenvector over the regions
    specialised in i, (D_i^-1 M' v)_i, the matching eigenvector of
    M~_I = D_i^-1 M' D_r^-1 M (same eigenvalue), so a complex industry is one made
    in complex regions. The eigenproblem is solved on the smaller side, in its
    symmetric form. Regions with diversity 0 and industries with ubiquity 0 are
    dropped (NaN).

    Parameters
    ----------
    M : DataFrame
        Binary specialisation matrix, region x industry, only 0 and 1
        (:func:`~clusteratlas.graph.analytics.concentration.rca_binary`).

    Returns
    -------
    ComplexityIndices
        ``eci`` (Series named ``eci``, indexed by region) and ``pci`` (named ``pci``,
        indexed by industry), each mean 0 and population standard deviation 1 over
        the regions (industries) kept; NaN where diversity (ubiquity) is 0, and all
        NaN when fewer than 2 regions or industries remain.

    Raises
    ------
    MatrixError
        ``M`` holds a value other than 0 and 1, or duplicate labels.

    Warns
    -----
    UnreliableMetricWarning
        Fewer than 3 regions or industries remain, fewer than
        :data:`MIN_ECI_INDUSTRIES` industries enter M (ECI then sorts regions by which
        broad sectors they have), the region-industry graph of M is disconnected (the
        second eigenvalue is then 1 and ECI only labels the components), or the second
        eigenvalue is not separated from the third.

    References
    ----------
    Hidalgo, C. A. & Hausmann, R. (2009). The building blocks of economic complexity.
    PNAS 106(26), 10570-10575. Hausmann, R., Hidalgo, C. A. et al. (2013). The Atlas
    of Economic Complexity. MIT Press.

    Examples
    --------
    >>> import pandas as pd
    >>> M = pd.DataFrame({"A": [1, 1, 1, 1], "B": [1, 1, 1, 0], "C": [1, 1, 0, 0],
    ...                   "D": [1, 0, 0, 0]}, index=["w", "x", "y", "z"])
    >>> eci, pci = eci_pci(M)
    >>> eci.idxmax(), pci.idxmax(), round(float(eci.std(ddof=0)), 6)
    ('w', 'D', 1.0)
    """
    m = check_matrix(M, "M", binary=True)
    kr, ki = m.sum(axis=1), m.sum(axis=0)
    sub = m.loc[kr > 0, ki > 0]
    eci_out = pd.Series(np.nan, index=m.index, name="eci")
    pci_out = pd.Series(np.nan, index=m.columns, name="pci")
    n_r, n_i = sub.shape
    if n_r < 3 or n_i < 3:
        warnings.warn(
            f"eci_pci: only {n_r} regions and {n_i} industries with any specialisation; "
            "ECI/PCI need at least 3 of each",
            UnreliableMetricWarning,
            stacklevel=2,
        )
        if n_r < 2 or n_i < 2:
            return ComplexityIndices(eci_out, pci_out)
    if n_i < MIN_ECI_INDUSTRIES:
        warnings.warn(
            f"eci_pci: only {n_i} industries enter M (fewer than {MIN_ECI_INDUSTRIES}): ECI "
            "then mostly sorts regions by which broad sectors they have, not by complexity",
            UnreliableMetricWarning,
            stacklevel=2,
        )
    _warn_if_disconnected(sub)
    a = sub.to_numpy()
    dr, di = a.sum(axis=1), a.sum(axis=0)
    # symmetric forms: S_R = D_r^-1/2 M D_i^-1 M' D_r^-1/2, S_I = D_i^-1/2 M' D_r^-1 M D_i^-1/2
    if n_r <= n_i:
        sym = (a / np.sqrt(dr)[:, None]) @ (a / di).T / np.sqrt(dr)[None, :]
        vals, vecs = np.linalg.eigh(sym)
        v_r = vecs[:, -2] / np.sqrt(dr)
    else:
        sym = (a.T / np.sqrt(di)[:, None]) @ (a.T / dr).T / np.sqrt(di)[None, :]
        vals, vecs = np.linalg.eigh(sym)
        v_i = vecs[:, -2] / np.sqrt(di)
        v_r = (a @ v_i) / dr  # maps an M~_I eigenvector to the matching M~_R one
    if len(vals) >= 3 and abs(vals[-2] - vals[-3]) < 1e-9:
        warnings.warn(
            "eci_pci: the second eigenvalue is degenerate; ECI is not uniquely defined",
            UnreliableMetricWarning,
            stacklevel=2,
        )
    if np.std(v_r) > 0 and np.std(dr) > 0 and np.corrcoef(v_r, dr)[0, 1] < 0:
        v_r = -v_r  # sign convention: ECI correlates positively with diversity
    v_i = (a.T @ v_r) / di
    eci_out.loc[sub.index] = _standardise(v_r)
    pci_out.loc[sub.columns] = _standardise(v_i)
    return ComplexityIndices(eci_out, pci_out)


def _standardise(v: np.ndarray) -> np.ndarray:
    sd = v.std(ddof=0)
    return (v - v.mean()) / sd if sd > 0 else np.zeros_like(v)


def _warn_if_disconnected(sub: pd.DataFrame) -> None:
    import igraph as ig

    rows, cols = np.nonzero(sub.to_numpy())
    n_rows = sub.shape[0]
    g = ig.Graph(n=n_rows + sub.shape[1], edges=np.column_stack([rows, n_rows + cols]))
    n = len(g.connected_components())
    if n > 1:
        warnings.warn(
            f"eci_pci: the region-industry graph of M has {n} components; "
            "ECI mostly tells the components apart",
            UnreliableMetricWarning,
            stacklevel=3,
        )
