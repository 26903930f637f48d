"""Shared checks and share computations for the region x industry matrix ``E``.

Private to the analytics modules. ``E`` is a DataFrame: rows are regions,
columns are industries, values are non-negative amounts (employment, output,
firm counts). Notation (DESIGN.md): s_ri = E_ri / E_r, S_i = E_i / E.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from clusteratlas.errors import MatrixError

__all__ = [
    "check_matrix",
    "edge_weights",
    "industry_shares",
    "reference_shares",
    "region_shares",
    "xlogy",
]


def check_matrix(E: pd.DataFrame, name: str = "E", *, binary: bool = False) -> pd.DataFrame:
    """Return ``E`` as float64 after checking it; raise :class:`MatrixError` naming the cell.

    Rules: a DataFrame, unique row and column labels, numeric, finite, >= 0
    (and only 0/1 when ``binary``).

    >>> check_matrix(pd.DataFrame({"a": [1, 0]}, index=["r1", "r2"])).dtypes["a"]
    dtype('float64')
    """
    if not isinstance(E, pd.DataFrame):
        raise MatrixError(f"{name}: expected a pandas DataFrame, got {type(E).__name__}")
    for axis, labels in (("row", E.index), ("column", E.columns)):
        if labels.has_duplicates:
            dup = labels[labels.duplicated()][0]
            raise MatrixError(f"{name}: {axis} label {dup!r} appears more than once")
    try:
        values = E.to_numpy(dtype="float64", na_value=np.nan)
    except (TypeError, ValueError) as e:
        raise MatrixError(f"{name}: values must be numeric ({e})") from e
    bad = ~np.isfinite(values) | (values < 0)
    rule = "must be a finite number >= 0"
    if binary:
        bad |= ~np.isin(values, (0.0, 1.0))
        rule = "must be 0 or 1"
    if bad.any():
        r, c = np.argwhere(bad)[0]
        raise MatrixError(
            f"{name}: row {E.index[r]!r}, column {E.columns[c]!r}, "
            f"value {float(values[r, c])!r}: {rule}"
        )
    return pd.DataFrame(values, index=E.index, columns=E.columns)


def edge_weights(edges: Sequence[tuple[Any, Any, Any]], name: str = "graph") -> np.ndarray:
    """The weights of ``(u, v, w)`` edge triples as float64, checked: finite and >= 0.

    The one edge-weight rule of the analytics (centrality, its fast engine, cascades,
    cluster supply linkage); ``None`` counts as missing and is refused.

    >>> edge_weights([("a", "b", 2), ("b", "c", 0.5)]).tolist()
    [2.0, 0.5]
    >>> edge_weights([("a", "b", -1)], "supply network")
    Traceback (most recent call last):
    ...
    clusteratlas.errors.MatrixError: supply network: edge ('a', 'b'): weight -1 must be a finite number >= 0
    """  # noqa: E501
    values = [np.nan if e[2] is None else e[2] for e in edges]
    try:
        w = np.asarray(values, dtype="float64")
    except (TypeError, ValueError):
        w = pd.to_numeric(pd.Series(values, dtype=object), errors="coerce").to_numpy("float64")
    bad = ~np.isfinite(w) | (w < 0)
    if bad.any():
        u, v, value = edges[int(np.argmax(bad))]
        raise MatrixError(
            f"{name}: edge ({u!r}, {v!r}): weight {value!r} must be a finite number >= 0"
        )
    return w


def region_shares(E: pd.DataFrame) -> pd.DataFrame:
    """s_ri = E_ri / E_r (rows summing to 1; NaN rows for regions with E_r = 0)."""
    totals = E.sum(axis=1)
    return E.div(totals.where(totals > 0), axis=0)


def industry_shares(E: pd.DataFrame) -> pd.Series:
    """S_i = E_i / E, the reference (e.g. national) industry mix from ``E`` itself."""
    col = E.sum(axis=0)
    total = col.sum()
    if total <= 0:
        raise MatrixError("E: every value is 0; industry shares are undefined")
    return col / total


def reference_shares(E: pd.DataFrame, reference: pd.Series | None) -> pd.Series:
    """S_i from ``E`` (``reference=None``) or from a given Series of levels or shares.

    The reference is aligned to ``E``'s columns and rescaled to sum to 1; an industry of
    ``E`` missing from it raises :class:`MatrixError`.
    """
    if reference is None:
        return industry_shares(E)
    ref = pd.Series(reference, dtype="float64")
    missing = [c for c in E.columns if c not in ref.index]
    if missing:
        raise MatrixError(f"reference: no value for industries {missing[:5]} of E")
    ref = ref.reindex(E.columns)
    if (ref < 0).any() or not np.isfinite(ref).all() or ref.sum() <= 0:
        raise MatrixError("reference: values must be finite, >= 0 and not all 0")
    return ref / ref.sum()


def xlogy(x: np.ndarray | pd.DataFrame, y: np.ndarray | pd.DataFrame) -> np.ndarray:
    """x * ln(y) with the convention 0 * ln(0) = 0 (NaN stays NaN)."""
    xa = np.asarray(x, dtype="float64")
    ya = np.asarray(y, dtype="float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        out = xa * np.log(np.where(xa == 0, 1.0, ya))
    return np.where(xa == 0, 0.0, out)
