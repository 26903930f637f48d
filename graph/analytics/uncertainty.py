"""Sampling uncertainty of indices computed from sample counts: a seeded multinomial bootstrap.

Census industry counts are a sample (China's 2020 long form: about one household
in ten), so a county's mix s_r = E_r / n_r is an estimate from n_r sampled workers.
:func:`multinomial_bootstrap` redraws every region's counts B times from
Multinomial(n_r, s_r) (the parametric bootstrap of a composition), recomputes the
statistics on each replicate, all regions at once, and :func:`percentile_interval`
turns the replicates into intervals (the percentile method). Statistics that rank
regions against each other (percentiles, the composite, the rank) are recomputed
within each replicate, so their intervals include the other regions' noise too.

The model treats each region's sampled workers as a simple random sample of its
workers; the census samples households (clusters of workers), so real sampling
errors are larger and these intervals are a lower bound. It says nothing about
errors that are not sampling errors (coding, under-count).

References
----------
Efron, B. & Tibshirani, R. J. (1993). An Introduction to the Bootstrap. Chapman &
Hall, ch. 6 (the parametric bootstrap) and ch. 13 (percentile intervals).

Examples
--------
>>> import pandas as pd
>>> E = pd.DataFrame({"A": [5, 500], "B": [5, 500]}, index=["small", "large"])
>>> reps = multinomial_bootstrap(E, lambda p: {"a": p[..., 0]}, replicates=200, seed=0)
>>> low, high = percentile_interval(reps["a"], 0.9)
>>> bool((high - low)[0] > 4 * (high - low)[1])  # 100 times the sample, a tenth the width
True
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd

from clusteratlas.errors import MatrixError
from clusteratlas.graph.definitions.matrix import check_matrix

__all__ = ["multinomial_bootstrap", "percentile_interval"]

Statistic = Callable[[np.ndarray], Mapping[str, np.ndarray]]

CHUNK_ELEMENTS = 4_000_000
"""Replicates are drawn in chunks of about this many cells (replicates x regions x
industries), so memory stays near 32 MB per float array whatever B is."""


def _count_matrix(E: pd.DataFrame) -> np.ndarray:
    """E as int64 counts; :class:`MatrixError` naming the first cell that is not a whole number.

    >>> _count_matrix(pd.DataFrame({"A": [3.0, 0.0]})).tolist()
    [[3], [0]]
    >>> _count_matrix(pd.DataFrame({"A": [2.5]}, index=["r"]))
    Traceback (most recent call last):
    ...
    clusteratlas.errors.MatrixError: E: row 'r', column 'A', value 2.5: a multinomial ...
    """
    values = check_matrix(E).to_numpy()
    bad = values != np.round(values)
    if bad.any():
        r, c = np.argwhere(bad)[0]
        raise MatrixError(
            f"E: row {E.index[r]!r}, column {E.columns[c]!r}, value {float(values[r, c])!r}: "
            "a multinomial bootstrap needs whole-number counts of sampled units"
        )
    return values.astype("int64")


def multinomial_bootstrap(
    E: pd.DataFrame,
    statistic: Statistic,
    replicates: int = 200,
    seed: int = 0,
) -> dict[str, np.ndarray]:
    """Replicates of ``statistic`` on counts redrawn from each region's multinomial.

    Replicate b draws X_r^(b) ~ Multinomial(n_r, s_r) for every region r (n_r = row
    total of ``E``, s_r its mix) and evaluates ``statistic(P^(b))`` on the shares
    P^(b)_ri = X_ri^(b) / n_r, an array of shape (b, R, K) for a chunk of b replicates.
    Regions with n_r = 0 get NaN shares.

    Parameters
    ----------
    E : DataFrame
        Region x industry counts of sampled units (whole numbers >= 0).
    statistic : callable
        Shares (b, R, K) -> mapping of name -> array (b, R). It sees all regions of a
        replicate at once, so it can rank them.
    replicates : int, default 200
        B, the number of replicates (>= 1).
    seed : int, default 0
        Seed of ``numpy.random.default_rng``: the same seed gives the same replicates.

    Returns
    -------
    dict
        Name -> array (B, R).

    Raises
    ------
    MatrixError
        ``replicates`` < 1, or ``E`` holds a value that is not a whole number >= 0.

    Examples
    --------
    >>> import pandas as pd
    >>> E = pd.DataFrame({"A": [1, 9], "B": [1, 1]}, index=["r1", "r2"])
    >>> out = multinomial_bootstrap(E, lambda p: {"sA": p[..., 0]}, replicates=3, seed=1)
    >>> out["sA"].shape
    (3, 2)
    """
    if int(replicates) < 1:
        raise MatrixError(f"replicates must be >= 1, got {replicates!r}")
    counts = _count_matrix(E)
    n = counts.sum(axis=1)
    empty = n == 0
    with np.errstate(invalid="ignore", divide="ignore"):
        pvals = np.where(empty[:, None], 1.0 / max(counts.shape[1], 1), counts / n[:, None])
    rng = np.random.default_rng(seed)
    rows, width = counts.shape
    chunk = max(1, CHUNK_ELEMENTS // max(rows * width, 1))
    parts: dict[str, list[np.ndarray]] = {}
    done = 0
    while done < replicates:
        b = min(chunk, replicates - done)
        draws = rng.multinomial(n, pvals, size=(b, rows))
        with np.errstate(invalid="ignore", divide="ignore"):
            shares = draws / n[:, None]
        shares[:, empty, :] = np.nan
        for name, values in statistic(shares).items():
            parts.setdefault(name, []).append(np.asarray(values, dtype="float64"))
        done += b
    return {name: np.concatenate(values, axis=0) for name, values in parts.items()}


def percentile_interval(
    replicates: np.ndarray, confidence: float = 0.9
) -> tuple[np.ndarray, np.ndarray]:
    """Percentile interval over axis 0: the (1 - c)/2 and (1 + c)/2 quantiles of the replicates.

    NaN replicates are ignored; a region with none gives NaN.

    Parameters
    ----------
    replicates : ndarray
        (B,) or (B, R): B replicates of a statistic, for R regions.
    confidence : float, default 0.9
        Coverage in (0, 1): 0.9 gives the 5th and 95th percentiles.

    Returns
    -------
    tuple of ndarray
        ``(low, high)``, each of shape (R,) ((1,) for 1-d ``replicates``), with linear
        interpolation between replicates (``numpy.quantile``'s default).

    Raises
    ------
    MatrixError
        ``confidence`` is not in (0, 1).

    Examples
    --------
    >>> reps = np.arange(1.0, 101.0)[:, None]  # 1..100
    >>> [round(float(v[0]), 2) for v in percentile_interval(reps, 0.9)]
    [5.95, 95.05]
    """
    if not 0 < confidence < 1:
        raise MatrixError(f"confidence must be in (0, 1), got {confidence!r}")
    tail = (1.0 - confidence) / 2.0
    values = np.asarray(replicates, dtype="float64")
    if values.ndim == 1:
        values = values[:, None]
    if not np.isnan(values).any():  # the usual case: one vectorised call
        low, high = np.quantile(values, [tail, 1.0 - tail], axis=0)
        return low, high
    out = np.full((2, values.shape[1]), np.nan)
    ok = ~np.isnan(values).all(axis=0)
    if ok.any():
        out[:, ok] = np.nanquantile(values[:, ok], [tail, 1.0 - tail], axis=0)
    return out[0], out[1]
