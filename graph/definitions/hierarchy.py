"""Walks up and down ``parent_code`` hierarchies (regions and industries), written once.

A hierarchy is a Series ``parent`` indexed by code whose values are parent codes
(null at a root). Every walk climbs one level per vectorised pass, so a table of
millions of codes climbs in a few passes; hierarchies are validated acyclic
(``loaders.validation``), and a walk stops after :data:`MAX_DEPTH` passes anyway.
Users: the region and industry projections (``region_ancestors``,
``industry_mapping``), the analysis scope (leaf level, group levels), the views
(sections for colours, regions below a region) and the queries' test oracles.

Examples
--------
>>> parent = pd.Series({"cn": None, "gd": "cn", "sz": "gd", "ns": "sz"})
>>> level = pd.Series({"cn": "country", "gd": "province", "sz": "prefecture", "ns": "county"})
>>> climb(parent, level.eq("province")).to_dict()
{'cn': nan, 'gd': 'gd', 'sz': 'gd', 'ns': 'gd'}
>>> depth(parent).to_dict()
{'cn': 0, 'gd': 1, 'sz': 2, 'ns': 3}
>>> sorted(descendants(parent, ["sz"]))
['ns', 'sz']
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from clusteratlas.graph.definitions.cache import dataset_cached

if TYPE_CHECKING:
    from clusteratlas.loaders.dataset import Dataset

__all__ = [
    "MAX_DEPTH",
    "ancestors",
    "climb",
    "depth",
    "descendants",
    "industry_parents",
    "parents_of",
    "region_parents",
    "roots",
]

MAX_DEPTH = 64
"""Most levels a walk climbs (real hierarchies have fewer than ten)."""


def parents_of(table: pd.DataFrame, key: str = "code", parent: str = "parent_code") -> pd.Series:
    """The hierarchy of a regions or industries table: code -> parent code (object, nulls NaN).

    Parameters
    ----------
    table : DataFrame
        A regions or industries table (or any table with a code and a parent column).
    key : str, default "code"
        The column of codes; it becomes the index.
    parent : str, default "parent_code"
        The column of parent codes; a table without it gives a Series of NaN (every
        code a root).

    Returns
    -------
    Series
        object dtype, indexed by ``table[key]`` in table order: each code's parent
        code, NaN at a root.

    See Also
    --------
    region_parents, industry_parents : the same for a Dataset's tables, cached.

    Examples
    --------
    >>> parents_of(pd.DataFrame({"code": ["a", "b"], "parent_code": [None, "a"]})).to_dict()
    {'a': nan, 'b': 'a'}
    """
    values = table[parent].astype("object") if parent in table else None
    series = pd.Series(
        values.to_numpy() if values is not None else None,
        index=table[key].astype("object").to_numpy(),
        dtype="object",
    )
    return series.where(series.notna(), float("nan"))


def region_parents(dataset: Dataset) -> pd.Series:
    """:func:`parents_of` the dataset's regions, computed once per Dataset.

    Parameters
    ----------
    dataset : Dataset

    Returns
    -------
    Series
        Region code -> parent code.

    Examples
    --------
    >>> from clusteratlas.graph.definitions.examples import example_dataset
    >>> region_parents(example_dataset())["11"]
    '10'
    """
    return _parents(dataset, "regions")


def industry_parents(dataset: Dataset) -> pd.Series:
    """:func:`parents_of` the dataset's industries, computed once per Dataset.

    Parameters
    ----------
    dataset : Dataset

    Returns
    -------
    Series
        Industry code -> parent code.

    Examples
    --------
    >>> from clusteratlas.graph.definitions.examples import example_dataset
    >>> industry_parents(example_dataset())["NBS42:01"]
    'GB4754:A'
    """
    return _parents(dataset, "industries")


@dataset_cached
def _parents(dataset: Dataset, table: str) -> pd.Series:
    return parents_of(dataset.table(table))


def climb(parent: pd.Series, stop: pd.Series, start: Iterable[str] | None = None) -> pd.Series:
    """For each code, the first node of its chain (itself first) where ``stop`` is true.

    ``stop`` is a boolean Series indexed by code (absent codes count as false).
    Codes whose chain ends, leaves the table or passes :data:`MAX_DEPTH` levels
    without stopping map to NaN. ``start`` limits the codes walked (default all
    codes of ``parent``); the result is indexed by them, in their order.

    Parameters
    ----------
    parent : Series
        Code -> parent code (:func:`parents_of`).
    stop : Series
        Code -> whether the walk stops there.
    start : iterable of str, optional
        The codes to walk from (codes outside the table too: they stop on themselves
        or map to NaN).

    Returns
    -------
    Series
        Indexed by the start codes: the code where each walk stopped, or NaN.

    Examples
    --------
    >>> parent = pd.Series({"A": None, "A1": "A", "A11": "A1"})
    >>> climb(parent, pd.Series({"A": True}), start=["A11", "A1", "X"]).tolist()
    ['A', 'A', nan]
    """
    starts = parent.index.tolist() if start is None else list(start)
    index = pd.Index(starts, dtype="object")
    # every code seen (the table's, its parents', the starts') gets an integer; walks are
    # then numpy indexing, one vectorised step per level
    codes, labels = pd.factorize(
        np.concatenate([_keys(parent.index), _keys(parent), _keys(starts)]),
        use_na_sentinel=True,
    )
    labels = pd.Index(labels, dtype="object")
    n_table = len(parent)
    up = np.full(len(labels), -1, dtype=np.int64)
    up[codes[:n_table]] = codes[n_table : 2 * n_table]
    stop_mask = np.zeros(len(labels), dtype=bool)
    stop = stop.astype("boolean").fillna(False).astype(bool)
    where = labels.get_indexer(pd.Index(_keys(stop.index), dtype="object"))
    stop_mask[where[where >= 0]] = stop.to_numpy()[where >= 0]
    current = codes[2 * n_table :].astype(np.int64)
    for _ in range(MAX_DEPTH):
        alive = current >= 0
        moving = alive & ~stop_mask[np.where(alive, current, 0)]
        if not moving.any():
            break
        current = np.where(moving, up[np.where(moving, current, 0)], current)
    alive = current >= 0
    found = alive & stop_mask[np.where(alive, current, 0)]
    values = np.full(len(current), np.nan, dtype=object)
    values[found] = labels.to_numpy(dtype=object)[current[found]]
    return pd.Series(values, index=index, dtype="object")


def _keys(codes: Iterable[object]) -> np.ndarray:
    """Codes as an object array of keys, NaN and None alike (no code: None)."""
    values = np.array(
        codes.to_numpy(dtype=object) if hasattr(codes, "to_numpy") else list(codes), dtype=object
    )
    values[pd.isna(values)] = None
    return values


def roots(parent: pd.Series) -> pd.Series:
    """Code -> the root of its chain (the last ancestor inside the table; itself for a root).

    Parameters
    ----------
    parent : Series
        Code -> parent code (:func:`parents_of`). A parent outside the table ends the
        chain: the code before it is the root.

    Returns
    -------
    Series
        object dtype, indexed like ``parent``: the root code of each code's chain.

    Examples
    --------
    >>> roots(pd.Series({"GB:C": None, "NBS:16": "GB:C", "X": "missing"})).to_dict()
    {'GB:C': 'GB:C', 'NBS:16': 'GB:C', 'X': 'X'}
    """
    is_root = ~parent.isin(parent.index) | parent.isna()
    found = climb(parent, is_root)
    return found.where(found.notna(), pd.Series(parent.index, index=parent.index))


def depth(parent: pd.Series) -> pd.Series:
    """Code -> number of ancestors inside the table (0 for a root).

    Parameters
    ----------
    parent : Series
        Code -> parent code (:func:`parents_of`).

    Returns
    -------
    Series
        int64, indexed like ``parent``.

    Examples
    --------
    >>> depth(pd.Series({"a": None, "b": "a", "c": "b"})).tolist()
    [0, 1, 2]
    """
    position = pd.Index(parent.index, dtype="object")
    up = position.get_indexer(pd.Index(_keys(parent), dtype="object"))
    out = np.zeros(len(parent), dtype=np.int64)
    current = up.copy()
    for _ in range(MAX_DEPTH):
        moving = current >= 0
        if not moving.any():
            break
        out += moving
        current = np.where(moving, up[np.where(moving, current, 0)], -1)
    return pd.Series(out, index=parent.index, dtype="int64")


def descendants(
    parent: pd.Series, codes: Iterable[str], among: Iterable[str] | None = None
) -> set[str]:
    """Codes (among ``among``, default all) that are one of ``codes`` or lie below one.

    Parameters
    ----------
    parent : Series
        Code -> parent code (:func:`parents_of`).
    codes : iterable of str
        The codes whose subtrees are wanted (each is its own descendant).
    among : iterable of str, optional
        The candidate codes to test; default every code of ``parent``. Candidates
        outside the table count only when they are one of ``codes``.

    Returns
    -------
    set of str
        The candidates that are one of ``codes`` or have one of them as an ancestor.

    Examples
    --------
    >>> parent = pd.Series({"p": None, "c1": "p", "c2": "p", "q": None})
    >>> sorted(descendants(parent, ["p"], among=["c1", "q", "zz"]))
    ['c1']
    """
    targets = pd.Series(True, index=pd.Index(list(codes), dtype="object"))
    targets = targets[~targets.index.duplicated()]
    start = parent.index if among is None else among
    start = start.tolist() if isinstance(start, pd.Index) else list(start)
    found = climb(parent, targets, start=start)
    return {str(c) for c in found.index[found.notna().to_numpy()].tolist()}


def ancestors(parent: pd.Series, codes: Iterable[str]) -> set[str]:
    """Every strict ancestor of ``codes`` (inside the table or not).

    Parameters
    ----------
    parent : Series
        Code -> parent code (:func:`parents_of`).
    codes : iterable of str
        The codes whose ancestors are wanted.

    Returns
    -------
    set of str
        Every parent, grandparent, ... of any of ``codes`` (a parent outside the
        table included, but not climbed further); ``codes`` themselves only when one
        is another's ancestor.

    Examples
    --------
    >>> sorted(ancestors(pd.Series({"a": None, "b": "a", "c": "b"}), ["c"]))
    ['a', 'b']
    """
    out: set[str] = set()
    current = pd.Series(list(codes), dtype="object").map(parent)
    for _ in range(MAX_DEPTH):
        current = current[current.notna() & ~current.isin(out)]
        if current.empty:
            break
        out.update(str(c) for c in current)
        current = current.map(parent)
    return out
