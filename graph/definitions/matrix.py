"""The region x industry matrix ``E``: how it is built from rows, checked, and turned into shares.

Every wing reads ``E`` the same way: the analytics take it from a Dataset through the
analysis scope (:meth:`~clusteratlas.graph.definitions.scope.AnalysisScope.matrix`),
the Neo4j reader builds it from ``HAS_INDUSTRY`` rows, and the load-time location
quotients come from it; all go through :func:`matrix_from_rows`, so their matrices
compare equal. Notation (DESIGN.md): rows are regions r, columns industries i,
values non-negative amounts (employment, output, firm counts); s_ri = E_ri / E_r is
region r's mix and S_i = E_i / E the reference mix.

Examples
--------
>>> rows = pd.DataFrame({"r": ["b", "a", "a"], "i": ["X", "X", "Y"], "value": [1, 2, 3]})
>>> E = matrix_from_rows(rows, "r", "i")
>>> region_shares(E).loc["a"].tolist(), industry_shares(E).tolist()
([0.4, 0.6], [0.5, 0.5])
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from clusteratlas.errors import MatrixError
from clusteratlas.graph.definitions.cache import dataset_cached

if TYPE_CHECKING:
    from clusteratlas.loaders.dataset import Dataset

__all__ = [
    "check_matrix",
    "industry_shares",
    "matrix_from_rows",
    "reference_shares",
    "region_industry_matrix",
    "region_shares",
    "slice_matrix",
]


def matrix_from_rows(
    rows: pd.DataFrame, index: str, columns: str, values: str = "value"
) -> pd.DataFrame:
    """Long rows -> the region x industry matrix E, with the conventions every reader shares.

    Values summed per cell, absent cells 0.0, both axes sorted and unnamed, float64.

    Parameters
    ----------
    rows : DataFrame
        One row per observation (several rows of one cell are summed).
    index, columns, values : str
        The columns holding the row label (region), the column label (industry) and
        the amount.

    Returns
    -------
    DataFrame
        E, rows the distinct ``index`` values, columns the distinct ``columns`` values.

    Examples
    --------
    >>> rows = pd.DataFrame({"r": ["b", "a", "a"], "i": ["X", "X", "Y"], "value": [1, 2, 3]})
    >>> matrix_from_rows(rows, "r", "i").to_dict()
    {'X': {'a': 2.0, 'b': 1.0}, 'Y': {'a': 3.0, 'b': 0.0}}
    """
    row_codes, row_labels = pd.factorize(rows[index], sort=True)
    col_codes, col_labels = pd.factorize(rows[columns], sort=True)
    amounts = pd.to_numeric(rows[values]).to_numpy(dtype="float64", na_value=np.nan)
    keep = (row_codes >= 0) & (col_codes >= 0) & ~np.isnan(amounts)
    cells = np.zeros(len(row_labels) * len(col_labels), dtype="float64")
    np.add.at(
        cells,
        row_codes[keep].astype(np.int64) * len(col_labels) + col_codes[keep],
        amounts[keep],
    )
    return pd.DataFrame(
        cells.reshape(len(row_labels), len(col_labels)),
        index=pd.Index(row_labels),
        columns=pd.Index(col_labels),
    )


def slice_matrix(
    dataset: Dataset,
    *,
    year: int,
    measure: str,
    scheme: str,
    level: str | None,
    industry_level: str | None = None,
) -> pd.DataFrame:
    """E of one slice of ``region_industries``, every choice explicit.

    The analysis scope chooses the slice (:meth:`~clusteratlas.graph.definitions.scope.
    AnalysisScope.matrix`); :func:`region_industry_matrix` infers the choices left open.
    Only regions and industries with an observation appear. Computed once per Dataset
    and slice (:func:`~clusteratlas.graph.definitions.cache.dataset_cached`).

    Parameters
    ----------
    dataset : Dataset
    year : int
    measure : str
        ``employment``, ``gross_output``, ...
    scheme : str
        The industry scheme of the columns.
    level : str or None
        The region level of the rows (None: every level).
    industry_level : str, optional
        Only the scheme's industries of this level (None: every level).

    Returns
    -------
    DataFrame
        E (:func:`matrix_from_rows` conventions).

    Raises
    ------
    MatrixError
        Nothing matches; the message lists the (year, measure) pairs there are.

    Examples
    --------
    >>> from clusteratlas.graph.definitions.examples import example_dataset
    >>> slice_matrix(example_dataset(), year=2020, measure="employment", scheme="GB4754",
    ...              level="county").loc["11", "GB4754:A"]
    np.float64(30.0)
    """
    return _slice(dataset, year, measure, scheme, level, industry_level)


@dataset_cached
def _slice(
    dataset: Dataset,
    year: int,
    measure: str,
    scheme: str,
    level: str | None,
    industry_level: str | None,
) -> pd.DataFrame:
    ri = dataset.region_industries
    ind = dataset.industries.set_index("code")
    keep = (ri["year"] == year) & (ri["measure"] == measure)
    wanted = ind.index[ind["scheme"] == scheme]
    if industry_level is not None:
        wanted = wanted[(ind.loc[wanted, "level"] == industry_level).to_numpy()]
    keep &= ri["industry_code"].isin(wanted)
    if level is not None:
        reg = dataset.regions
        keep &= ri["region_code"].isin(reg.loc[reg["level"] == level, "code"])
    rows = ri[keep.fillna(False).astype(bool)]
    if rows.empty:
        have = ri[["year", "measure"]].drop_duplicates().astype(str).agg(" ".join, axis=1)
        raise MatrixError(
            f"region_industries: no rows for year {year}, measure {measure!r}, scheme "
            f"{scheme!r}, region level {level!r}; (year measure) present: {sorted(set(have))}"
        )
    return matrix_from_rows(rows, "region_code", "industry_code")


def region_industry_matrix(
    dataset: Dataset,
    year: int | None = None,
    measure: str | None = None,
    scheme: str | None = None,
    level: str | None = None,
    *,
    industry_level: str | None = None,
) -> pd.DataFrame:
    """E of the dataset's analysis scope, with the choices given and the others inferred.

    The same matrix as ``AnalysisScope.infer(dataset, year=..., ...).matrix(dataset)``:
    rows the regions of one level, columns the industries of one scheme and level
    (:mod:`~clusteratlas.graph.definitions.scope` says how each open choice is
    inferred from the data, e.g. the latest year and the leaf region level).

    Parameters
    ----------
    dataset : Dataset
    year, measure, scheme, level, industry_level : optional
        Choices of the scope (None: inferred).

    Returns
    -------
    DataFrame
        E, regions x industries, float64.

    Raises
    ------
    UsageError
        A choice matches nothing in the data, or the data leave it open.

    Examples
    --------
    >>> from clusteratlas.graph.definitions.examples import example_dataset
    >>> region_industry_matrix(example_dataset(), 2020).loc["11", "GB4754:A"]
    np.float64(30.0)
    """
    from clusteratlas.graph.definitions.scope import AnalysisScope

    scope = AnalysisScope.infer(
        dataset,
        year=year,
        measure=measure,
        scheme=scheme,
        level=level,
        industry_level=industry_level,
    )
    return scope.matrix(dataset)


def check_matrix(E: pd.DataFrame, name: str = "E", *, binary: bool = False) -> pd.DataFrame:
    """Return ``E`` as float64 after checking it; raise :class:`MatrixError` naming the cell.

    Rules: a DataFrame, unique row and column labels, numeric, finite, >= 0
    (and only 0/1 when ``binary``).

    Parameters
    ----------
    E : DataFrame
    name : str
        What to call the matrix in an error.
    binary : bool
        Whether only 0 and 1 are allowed.

    Returns
    -------
    DataFrame
        ``E`` as float64, same labels.

    Raises
    ------
    MatrixError
        The first cell or label that breaks a rule.

    Examples
    --------
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


def region_shares(E: pd.DataFrame) -> pd.DataFrame:
    """s_ri = E_ri / E_r: each region's mix (rows sum to 1; NaN rows where E_r = 0).

    Parameters
    ----------
    E : DataFrame

    Returns
    -------
    DataFrame
        Shaped like ``E``.

    Examples
    --------
    >>> region_shares(pd.DataFrame({"a": [1.0, 0.0], "b": [3.0, 0.0]})).iloc[0].tolist()
    [0.25, 0.75]
    """
    totals = E.sum(axis=1)
    return E.div(totals.where(totals > 0), axis=0)


def industry_shares(E: pd.DataFrame) -> pd.Series:
    """S_i = E_i / E: the reference (e.g. national) mix of all regions of ``E`` pooled.

    Parameters
    ----------
    E : DataFrame

    Returns
    -------
    Series
        One share per column, summing to 1.

    Raises
    ------
    MatrixError
        Every value is 0.

    Examples
    --------
    >>> industry_shares(pd.DataFrame({"a": [1.0, 1.0], "b": [2.0, 0.0]})).tolist()
    [0.5, 0.5]
    """
    col = E.sum(axis=0)
    total = col.sum()
    if total <= 0:
        raise MatrixError("E: every value is 0; industry shares are undefined")
    return col / total


def reference_shares(E: pd.DataFrame, reference: pd.Series | None) -> pd.Series:
    """S_i from ``E`` (``reference=None``) or from a given Series of levels or shares.

    The reference is aligned to ``E``'s columns and rescaled to sum to 1.

    Parameters
    ----------
    E : DataFrame
    reference : Series, optional
        Levels or shares by industry (any scale).

    Returns
    -------
    Series
        S, indexed like ``E``'s columns.

    Raises
    ------
    MatrixError
        An industry of ``E`` is missing from ``reference``, or its values are not
        finite, >= 0 and not all 0.

    Examples
    --------
    >>> E = pd.DataFrame({"a": [1.0], "b": [1.0]})
    >>> reference_shares(E, pd.Series({"a": 3.0, "b": 1.0, "c": 9.0})).tolist()
    [0.75, 0.25]
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
