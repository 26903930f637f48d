"""Two numeric rules private to the analytics: edge weights of a graph, and x ln y.

The matrix ``E`` itself (its construction, checks and shares) is a shared definition:
:mod:`clusteratlas.graph.definitions.matrix`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from clusteratlas.errors import MatrixError

__all__ = ["edge_weights", "xlogy"]


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


def xlogy(x: np.ndarray | pd.DataFrame, y: np.ndarray | pd.DataFrame) -> np.ndarray:
    """x * ln(y) with the convention 0 * ln(0) = 0 (NaN stays NaN)."""
    xa = np.asarray(x, dtype="float64")
    ya = np.asarray(y, dtype="float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        out = xa * np.log(np.where(xa == 0, 1.0, ya))
    return np.where(xa == 0, 0.0, out)
