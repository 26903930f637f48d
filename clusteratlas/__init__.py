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

from typing import TYPE_CHECKING

from clusteratlas._lazy import lazy_exports
from clusteratlas._version import __version__

if TYPE_CHECKING:
    from clusteratlas.errors import ClusterAtlasError, DataValidationError
    from clusteratlas.graph.analytics.resilience import resilience_scores
    from clusteratlas.graph.analytics.scope import (
        AnalysisScope,
    )
    from clusteratlas.graph.neo4j_store.connection import connect
    from clusteratlas.graph.neo4j_store.settings import Neo4jSettings
    from clusteratlas.loaders.bundled import load_bundled
    from clusteratlas.loaders.dataset import Dataset
    from clusteratlas.outputs import write_analysis_tables, write_demo_outputs
    from clusteratlas.queries.runner import run_query

_EXPORTS = {
    "AnalysisScope": "clusteratlas.graph.analytics.scope",
    "ClusterAtlasError": "clusteratlas.errors",
    "DataValidationError": "clusteratlas.errors",
    "Dataset": "clusteratlas.loaders.dataset",
    "Neo4jSettings": "clusteratlas.graph.neo4j_store.settings",
    "connect": "clusteratlas.graph.neo4j_store.connection",
    "load_bundled": "clusteratlas.loaders.bundled",
    "resilience_scores": "clusteratlas.graph.analytics.resilience",
    "run_query": "clusteratlas.queries.runner",
    "write_analysis_tables": "clusteratlas.outputs",
    "write_demo_outputs": "clusteratlas.outputs",
}

__all__ = [
    "AnalysisScope",
    "ClusterAtlasError",
    "DataValidationError",
    "Dataset",
    "Neo4jSettings",
    "__version__",
    "connect",
    "load_bundled",
    "resilience_scores",
    "run_query",
    "write_analysis_tables",
    "write_demo_outputs",
]
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
