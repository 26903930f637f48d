"""The Cypher query library (``*.cypher``, one research question each) and its runner.

Names are resolved lazily: listing the library imports neither pandas nor neo4j.

>>> from clusteratlas.queries import library_table
>>> len(library_table()) >= 15
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from clusteratlas._lazy import lazy_exports

if TYPE_CHECKING:
    from clusteratlas.queries.header import (
        ParamSpec,
        QuerySpec,
        parse_query_file,
        parse_query_text,
    )
    from clusteratlas.queries.library import (
        LIBRARY_COLUMNS,
        LIBRARY_DIR,
        find_query,
        library_rows,
        library_table,
        load_library,
    )
    from clusteratlas.queries.runner import (
        DEFAULT_TIMEOUT,
        QueryTimeoutError,
        WriteRefusedError,
        run_query,
    )

_EXPORTS = {
    "DEFAULT_TIMEOUT": "clusteratlas.queries.runner",
    "LIBRARY_COLUMNS": "clusteratlas.queries.library",
    "LIBRARY_DIR": "clusteratlas.queries.library",
    "ParamSpec": "clusteratlas.queries.header",
    "QuerySpec": "clusteratlas.queries.header",
    "QueryTimeoutError": "clusteratlas.queries.runner",
    "WriteRefusedError": "clusteratlas.queries.runner",
    "find_query": "clusteratlas.queries.library",
    "library_rows": "clusteratlas.queries.library",
    "library_table": "clusteratlas.queries.library",
    "load_library": "clusteratlas.queries.library",
    "parse_query_file": "clusteratlas.queries.header",
    "parse_query_text": "clusteratlas.queries.header",
    "run_query": "clusteratlas.queries.runner",
}

__all__ = [
    "DEFAULT_TIMEOUT",
    "LIBRARY_COLUMNS",
    "LIBRARY_DIR",
    "ParamSpec",
    "QuerySpec",
    "QueryTimeoutError",
    "WriteRefusedError",
    "find_query",
    "library_rows",
    "library_table",
    "load_library",
    "parse_query_file",
    "parse_query_text",
    "run_query",
]
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
