"""clusteratlas: a graph-based industrial cluster analyzer.

The public facade for scripts (``import clusteratlas as ca``). It composes the
``loaders``, ``graph`` and ``queries`` packages; nothing of theirs imports it,
except the ground floor :mod:`clusteratlas.errors`, which imports nothing of the
project. Names are resolved lazily, so ``import clusteratlas`` is cheap and pulls
in neither neo4j, pyvis, igraph nor scipy.

>>> import clusteratlas as ca
>>> isinstance(ca.__version__, str)
True
"""

from __future__ import annotations

from clusteratlas._lazy import lazy_exports
from clusteratlas._version import __version__

_EXPORTS = {
    "clusteratlas.errors": ("ClusterAtlasError", "DataValidationError"),
    "clusteratlas.graph.analytics.resilience": ("resilience_scores",),
    "clusteratlas.graph.definitions.scope": ("AnalysisScope",),
    "clusteratlas.graph.neo4j_store.connection": ("connect",),
    "clusteratlas.graph.neo4j_store.settings": ("Neo4jSettings",),
    "clusteratlas.loaders.bundled": ("load_bundled",),
    "clusteratlas.loaders.dataset": ("Dataset",),
    "clusteratlas.outputs": ("write_analysis_tables", "write_demo_outputs"),
    "clusteratlas.queries.runner": ("run_query",),
}
__getattr__, __dir__, __all__ = lazy_exports(__name__, _EXPORTS)
__all__ += ["__version__"]
