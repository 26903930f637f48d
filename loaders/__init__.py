"""Sources -> validated canonical tables (``Dataset``), plus the bundled China dataset.

Nothing here knows Neo4j.
"""

from clusteratlas.loaders.bundled import bundled_names, load_bundled
from clusteratlas.loaders.dataset import TABLE_NAMES, TABLES, Dataset, TableSpec, empty_table
from clusteratlas.loaders.errors import (
    ClusterAtlasError,
    DataValidationError,
    Neo4jUnavailableError,
    Problem,
)

__all__ = [
    "TABLES",
    "TABLE_NAMES",
    "ClusterAtlasError",
    "DataValidationError",
    "Dataset",
    "Neo4jUnavailableError",
    "Problem",
    "TableSpec",
    "bundled_names",
    "empty_table",
    "load_bundled",
]
