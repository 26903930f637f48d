"""The Cypher query library (``*.cypher``, one research question each) and its runner.

>>> from clusteratlas.queries import library_table
>>> len(library_table()) >= 15
True
"""

from clusteratlas.queries.header import ParamSpec, QuerySpec, parse_query_file, parse_query_text
from clusteratlas.queries.library import LIBRARY_DIR, find_query, library_table, load_library
from clusteratlas.queries.runner import (
    DEFAULT_TIMEOUT,
    QueryTimeoutError,
    WriteRefusedError,
    run_query,
)

__all__ = [
    "DEFAULT_TIMEOUT",
    "LIBRARY_DIR",
    "ParamSpec",
    "QuerySpec",
    "QueryTimeoutError",
    "WriteRefusedError",
    "find_query",
    "library_table",
    "load_library",
    "parse_query_file",
    "parse_query_text",
    "run_query",
]
