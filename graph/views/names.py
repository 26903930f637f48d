"""Names for codes in the views: the resolvers of the definitions floor
(:mod:`clusteratlas.graph.definitions.names`), one resolver for every command and query.

>>> from clusteratlas.graph.views._toy import toy_dataset
>>> resolve_region(toy_dataset(), "Dongxian")
'100101'
"""

from __future__ import annotations

from clusteratlas.graph.definitions.names import (
    resolve_company_or_industry,
    resolve_industry,
    resolve_region,
    resolve_regions,
)

__all__ = ["resolve_company_or_industry", "resolve_industry", "resolve_region", "resolve_regions"]
