"""clusteratlas: a graph-based industrial cluster analyzer.

The public facade for scripts (``import clusteratlas as ca``). It composes the
``loaders``, ``graph`` and ``queries`` packages; nothing imports it.

>>> import clusteratlas as ca
>>> isinstance(ca.__version__, str)
True
"""

from clusteratlas._version import __version__
from clusteratlas.graph import Neo4jSettings, connect, resilience_scores
from clusteratlas.loaders import Dataset, DataValidationError, load_bundled
from clusteratlas.queries import run_query

__all__ = [
    "DataValidationError",
    "Dataset",
    "Neo4jSettings",
    "__version__",
    "connect",
    "load_bundled",
    "resilience_scores",
    "run_query",
]
