"""Plain values across the Neo4j boundary, both ways (one definition for every reader and writer).

Like :mod:`clusteratlas.errors`, this is a ground-floor module: it imports nothing
of the project, so the Neo4j wing (loads, write-back, read-back) and the query
runner share it without importing each other.

- :func:`to_neo4j`: a pandas/numpy value as a Bolt parameter (numpy scalars as
  Python ones, missing values as ``None``, timestamps as ``datetime``, arrays as
  lists, dicts as JSON text because a property cannot hold a map).
- :func:`from_neo4j`: a driver result value as plain Python (nodes and
  relationships as dicts of their properties, paths as lists of node dicts,
  temporal values as ``datetime``/``date``).

>>> import numpy as np
>>> to_neo4j(np.int64(3)), to_neo4j(float("nan")), to_neo4j({"a": 1})
(3, None, '{"a": 1}')
>>> from_neo4j((1, 2.5, "南山区"))
[1, 2.5, '南山区']
"""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["from_neo4j", "to_neo4j"]


def to_neo4j(value: Any) -> Any:
    """``value`` as a Bolt parameter value.

    numpy scalars become Python scalars; ``None``, NaN, ``pd.NA`` and ``NaT``
    become ``None`` (a ``None`` property is no property); ``pd.Timestamp`` becomes
    ``datetime``; lists, tuples and arrays become lists, element by element;
    dicts become JSON text (Neo4j properties cannot be maps). Anything else is
    returned unchanged.

    Parameters
    ----------
    value : object
        A cell of a DataFrame, or any parameter value.

    Returns
    -------
    object
        A value the driver sends as is (None, bool, int, float, str, datetime, date,
        or a list of them).

    Examples
    --------
    >>> to_neo4j(np.float64(0.5)), to_neo4j(pd.NA), to_neo4j(np.array([1, 2]))
    (0.5, None, [1, 2])
    >>> to_neo4j(pd.Timestamp("2020-01-02 03:04"))
    datetime.datetime(2020, 1, 2, 3, 4)
    """
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, list | tuple | np.ndarray):
        return [to_neo4j(v) for v in value]
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return value


def from_neo4j(value: Any) -> Any:
    """A value from a Neo4j result as plain Python (for DataFrames, JSON and CSV).

    A node becomes ``{"element_id", "labels", "properties"}``, a relationship
    ``{"element_id", "type", "start", "end", "properties"}`` (``start``/``end``: the
    element ids of its nodes), a path ``{"nodes": [...], "relationships": [...]}``;
    lists and tuples become lists, temporal and spatial values their native Python
    equivalents (``to_native``; JSON and CSV write dates as ISO text); other values are
    unchanged.

    Parameters
    ----------
    value : object
        A value of a result record.

    Returns
    -------
    object
        Plain Python: dicts, lists, scalars, ``datetime``/``date``.

    Examples
    --------
    >>> from_neo4j([1, {"a": (2, 3)}])
    [1, {'a': [2, 3]}]
    """
    from neo4j.graph import Node, Path, Relationship  # relationship types are subclasses

    if isinstance(value, Node):
        return {
            "element_id": value.element_id,
            "labels": sorted(value.labels),
            "properties": {k: from_neo4j(v) for k, v in value.items()},
        }
    if isinstance(value, Relationship):
        start, end = value.start_node, value.end_node
        return {
            "element_id": value.element_id,
            "type": value.type,
            "start": None if start is None else start.element_id,
            "end": None if end is None else end.element_id,
            "properties": {k: from_neo4j(v) for k, v in value.items()},
        }
    if isinstance(value, Path):
        return {
            "nodes": [from_neo4j(n) for n in value.nodes],
            "relationships": [from_neo4j(r) for r in value.relationships],
        }
    if type(value).__module__.startswith("neo4j"):
        to_native = getattr(value, "to_native", None)
        if callable(to_native):
            return to_native()
        return value
    if isinstance(value, list | tuple):
        return [from_neo4j(v) for v in value]
    if isinstance(value, dict):
        return {k: from_neo4j(v) for k, v in value.items()}
    return value
