"""Names for codes in the graph: a region or industry parameter given as a name, pinyin,
traditional characters or English, resolved to its code by the same resolver the views
and the CLI use (:mod:`clusteratlas.graph.definitions.names`), over the Region and
Industry nodes of the graph.

The runner of the query library (:mod:`clusteratlas.queries.runner`) calls
:func:`resolve_code` for each ``Region.code`` and ``Industry.code`` parameter whose value
is no code in the graph, so ``query listed-companies-in-region -p region=昆山市`` runs for
320583 and ``-p region=南山区`` is a usage error listing both 南山区 with their parents.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from clusteratlas.errors import UsageError
from clusteratlas.graph.definitions.names import industry_code, region_code

if TYPE_CHECKING:
    import neo4j

__all__ = ["RESOLVABLE", "resolve_code"]

#: The ``(label, property)`` references that take a name as well as a code.
RESOLVABLE = frozenset({("Region", "code"), ("Industry", "code")})

_REGIONS = (
    "MATCH (r:Region) OPTIONAL MATCH (r)-[:PART_OF]->(p:Region) "
    "RETURN r.code AS code, r.name AS name, r.level AS level, p.code AS parent_code"
)
_INDUSTRIES = (
    "MATCH (i:Industry) "
    "RETURN i.code AS code, i.name AS name, i.scheme AS scheme, i.name_en AS name_en"
)


def resolve_code(tx: neo4j.ManagedTransaction, label: str, value: str) -> str | None:
    """The code of the ``label`` node (Region or Industry) that ``value`` names, read in
    ``tx``; None when nothing in the graph matches it.

    Parameters
    ----------
    tx : neo4j.ManagedTransaction
        A (read) transaction.
    label : str
        ``Region`` or ``Industry`` (:data:`RESOLVABLE`).
    value : str
        A code, name, parent-qualified name, pinyin, traditional name or English name.

    Returns
    -------
    str or None
        The code; None when the value names nothing (the caller reports it).

    Raises
    ------
    UsageError
        Several nodes match (the message lists them with codes and parents).

    Examples
    --------
    >>> resolve_code(tx, "Region", "崑山市")  # doctest: +SKIP
    '320583'
    """
    query = _REGIONS if label == "Region" else _INDUSTRIES
    frame = pd.DataFrame([dict(r) for r in tx.run(query)])
    if frame.empty:
        return None
    frame = frame.drop_duplicates("code")
    try:
        if label == "Region":
            return region_code(frame, value)
        return industry_code(frame, value)
    except UsageError as e:
        if str(e).startswith("unknown "):
            return None
        raise
