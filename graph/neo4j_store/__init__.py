"""The Neo4j wing: settings, connection, schema, writers, load, read-back, write-back, bulk import.

Everything that talks to Neo4j lives here and takes a driver made by :func:`connect`;
driver errors are mapped to the project's exceptions at one boundary
(:class:`~clusteratlas.graph.neo4j_store.driver_errors.driver_errors`). Neither the
analytics nor the views import this wing.
"""

from __future__ import annotations

from clusteratlas._lazy import lazy_exports

_EXPORTS = {
    "clusteratlas.graph.neo4j_store.bulk": (
        "ImportFile",
        "bulk_import",
        "header",
        "write_import_files",
    ),
    "clusteratlas.graph.neo4j_store.connection": ("connect", "scrub"),
    "clusteratlas.graph.neo4j_store.gds": (
        "GDS_MEASURES",
        "gds_centrality",
        "gds_louvain",
        "gds_network_centralities",
        "gds_version",
    ),
    "clusteratlas.graph.neo4j_store.load": (
        "DEFAULT_BATCH_SIZE",
        "LoadSummary",
        "StepResult",
        "batches",
        "load_dataset",
        "remove_dataset",
    ),
    "clusteratlas.graph.neo4j_store.names": ("RESOLVABLE", "resolve_code"),
    "clusteratlas.graph.neo4j_store.read": (
        "read_dataset",
        "read_industry_network",
        "read_region_hierarchy",
        "read_region_industry_matrix",
        "read_supply_network",
    ),
    "clusteratlas.graph.neo4j_store.rows": ("dataset_id_of",),
    "clusteratlas.graph.neo4j_store.schema": (
        "DATASETS_PROPERTY",
        "NODES",
        "NodeSpec",
        "RELATIONSHIPS",
        "RelSpec",
        "constraint_statements",
        "create_schema_rule",
        "ensure_schema",
        "index_statements",
    ),
    "clusteratlas.graph.neo4j_store.settings": (
        "DEFAULT_DATABASE",
        "DEFAULT_PASSWORD",
        "DEFAULT_URI",
        "DEFAULT_USER",
        "Neo4jSettings",
    ),
    "clusteratlas.graph.neo4j_store.writeback": (
        "score_rows",
        "write_analysis",
        "write_cluster_links",
        "write_clusters",
        "write_region_scores",
    ),
}
__getattr__, __dir__, __all__ = lazy_exports(__name__, _EXPORTS)
