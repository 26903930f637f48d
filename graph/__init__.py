"""Graph layer: a floor of shared definitions and three wings above it.

``clusteratlas.graph.definitions``
    what E, a location quotient, the analysis scope, the I-O table and the networks
    are, once (imported by every wing).
``clusteratlas.graph.neo4j_store``
    everything that talks to Neo4j: settings, connection, schema, load, read-back,
    write-back, bulk import, GDS.
``clusteratlas.graph.analytics``
    the metrics, clusters, centralities and resilience scores (pure functions, no
    Neo4j, no files).
``clusteratlas.graph.views``
    offline pages that draw what the analytics computed.

This facade re-exports every public name of the floor, the analytics and the store
(the names each wing's own facade lists, so a new name is added in one place, its
wing's facade), lazily: importing it imports neither neo4j, pyvis, igraph nor scipy
(a test checks ``sys.modules``).

>>> import clusteratlas.graph as g
>>> g.herfindahl.__module__
'clusteratlas.graph.analytics.concentration'
"""

from __future__ import annotations

from clusteratlas._lazy import lazy_exports
from clusteratlas.graph.analytics import _EXPORTS as _ANALYTICS
from clusteratlas.graph.definitions import _EXPORTS as _DEFINITIONS
from clusteratlas.graph.neo4j_store import _EXPORTS as _STORE

_EXPORTS = {**_DEFINITIONS, **_ANALYTICS, **_STORE}
__getattr__, __dir__, __all__ = lazy_exports(__name__, _EXPORTS)

# Functions named like their module are bound eagerly: importing the submodule sets
# the package attribute to the module, which would shadow a lazily exported function.
from clusteratlas.graph.analytics.cascade import cascade  # noqa: E402
from clusteratlas.graph.analytics.centrality import centrality  # noqa: E402

__all__ += ["cascade", "centrality"]
