"""Which year of a table goes with data of another year: one rule for every wing.

An analysis of year t reads the input-output table of the nearest year at or before t
(the table in force), else the earliest one after it; the views, the Neo4j oracles and
the analytics use the same rule, so no page pairs 2020 employment with another table
than the analysis did.

>>> nearest_year([2018, 2020], 2019)
2018
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["nearest_year"]


def nearest_year(years: Iterable[int], year: int) -> int | None:
    """The year of ``years`` used with data of ``year``: the latest at or before it, else the
    earliest; None when ``years`` is empty.

    Parameters
    ----------
    years : iterable of int
        The years a table has (duplicates and NaN-free ints).
    year : int
        The year of the data it goes with.

    Returns
    -------
    int or None

    Examples
    --------
    >>> nearest_year([2018, 2020], 2019), nearest_year([2018, 2020], 2010)
    (2018, 2018)
    >>> nearest_year([], 2020) is None
    True
    """
    known = sorted({int(y) for y in years})
    if not known:
        return None
    return max([y for y in known if y <= year] or [known[0]])
