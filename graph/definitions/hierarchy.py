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

import pandas as pd

__all__ = ["MAX_DEPTH", "ancestors", "climb", "depth", "descendants", "parents_of", "roots"]

MAX_DEPTH = 64
"""Most levels a walk climbs (real hierarchies have fewer than ten)."""


def parents_of(table: pd.DataFrame, key: str = "code", parent: str = "parent_code") -> pd.Series:
    """The hierarchy of a regions or industries table: code -> parent code (object, nulls NaN).

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


def climb(parent: pd.Series, stop: pd.Series, start: Iterable[str] | None = None) -> pd.Series:
    """For each code, the first node of its chain (itself first) where ``stop`` is true.

    ``stop`` is a boolean Series indexed by code (absent codes count as false).
    Codes whose chain ends, leaves the table or passes :data:`MAX_DEPTH` levels
    without stopping map to NaN. ``start`` limits the codes walked (default all
    codes of ``parent``); the result is indexed by them, in their order.

    >>> parent = pd.Series({"A": None, "A1": "A", "A11": "A1"})
    >>> climb(parent, pd.Series({"A": True}), start=["A11", "A1", "X"]).tolist()
    ['A', 'A', nan]
    """
    index = pd.Index(parent.index if start is None else list(start), dtype="object")
    current = pd.Series(index.to_numpy(), index=index, dtype="object")
    stop = stop.astype("boolean").fillna(False).astype(bool)
    for _ in range(MAX_DEPTH):
        here = current.map(stop).fillna(False).astype(bool)
        moving = current.notna() & ~here
        if not moving.any():
            break
        current = current.where(~moving, current.map(parent))
    found = current.notna() & current.map(stop).fillna(False).astype(bool)
    return current.where(found, float("nan")).astype("object")


def roots(parent: pd.Series) -> pd.Series:
    """Code -> the root of its chain (the last ancestor inside the table; itself for a root).

    >>> roots(pd.Series({"GB:C": None, "NBS:16": "GB:C", "X": "missing"})).to_dict()
    {'GB:C': 'GB:C', 'NBS:16': 'GB:C', 'X': 'X'}
    """
    is_root = ~parent.isin(parent.index) | parent.isna()
    found = climb(parent, is_root)
    return found.where(found.notna(), pd.Series(parent.index, index=parent.index))


def depth(parent: pd.Series) -> pd.Series:
    """Code -> number of ancestors inside the table (0 for a root).

    >>> depth(pd.Series({"a": None, "b": "a", "c": "b"})).tolist()
    [0, 1, 2]
    """
    current = parent.where(parent.isin(parent.index))
    out = pd.Series(0, index=parent.index, dtype="int64")
    for _ in range(MAX_DEPTH):
        moving = current.notna()
        if not moving.any():
            break
        out = out + moving.astype("int64")
        up = current.map(parent)
        current = up.where(up.isin(parent.index))
    return out


def descendants(
    parent: pd.Series, codes: Iterable[str], among: Iterable[str] | None = None
) -> set[str]:
    """Codes (among ``among``, default all) that are one of ``codes`` or lie below one.

    >>> parent = pd.Series({"p": None, "c1": "p", "c2": "p", "q": None})
    >>> sorted(descendants(parent, ["p"], among=["c1", "q", "zz"]))
    ['c1']
    """
    targets = pd.Series(True, index=pd.Index(list(codes), dtype="object"))
    targets = targets[~targets.index.duplicated()]
    start = list(parent.index if among is None else among)
    found = climb(parent, targets, start=start)
    return {str(c) for c in found[found.notna()].index}


def ancestors(parent: pd.Series, codes: Iterable[str]) -> set[str]:
    """Every strict ancestor of ``codes`` (inside the table or not).

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
