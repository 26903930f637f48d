"""Sources -> validated canonical tables (``Dataset``), plus the bundled China dataset.

Nothing here knows Neo4j; the exceptions are in :mod:`clusteratlas.errors`.
"""

from clusteratlas.loaders.bundled import bundled_names, load_bundled
from clusteratlas.loaders.dataset import TABLE_NAMES, TABLES, Dataset, TableSpec, empty_table

__all__ = [
    "TABLES",
    "TABLE_NAMES",
    "Dataset",
    "TableSpec",
    "bundled_names",
    "empty_table",
    "load_bundled",
]
