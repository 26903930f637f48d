"""Schema, Neo4j store, networkx projections, analytics and views.

The analytics are pure functions (DataFrames and networkx graphs in, DataFrames
out); the Neo4j pieces take a driver that the caller created with
:func:`connect`.
"""

from clusteratlas.graph.connection import connect
from clusteratlas.graph.settings import Neo4jSettings

__all__ = ["Neo4jSettings", "connect"]
