"""The Cypher query library (``*.cypher``, one research question each) and its runner.

Names are resolved lazily: listing the library imports neither pandas nor neo4j.

>>> from clusteratlas.queries import library_table
>>> len(library_table()) >= 15
True
"""

from __future__ import annotations

from clusteratlas._lazy import lazy_exports

_EXPORTS = {
    "clusteratlas.queries.header": (
        "ParamSpec",
        "QuerySpec",
        "parse_query_file",
        "parse_query_text",
    ),
    "clusteratlas.queries.library": (
        "LIBRARY_COLUMNS",
        "LIBRARY_DIR",
        "find_query",
        "library_rows",
        "library_table",
        "load_library",
    ),
    "clusteratlas.queries.runner": (
        "DEFAULT_TIMEOUT",
        "QueryTimeoutError",
        "WriteRefusedError",
        "run_query",
    ),
}
__getattr__, __dir__, __all__ = lazy_exports(__name__, _EXPORTS)
