"""The Neo4j wing: settings, connection, schema, writers, load, read-back, write-back, bulk import.

Everything that talks to Neo4j lives here and takes a driver made by :func:`connect`;
driver errors are mapped to the project's exceptions at one boundary
(:func:`~clusteratlas.graph.neo4j_store.connection.driver_errors`). Neither the
analytics nor the views import this wing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from clusteratlas._lazy import lazy_exports

if TYPE_CHECKING:
    from clusteratlas.graph.neo4j_store.bulk import (
        ImportFile,
        bulk_import,
        header,
        write_import_files,
    )
    from clusteratlas.graph.neo4j_store.connection import (
        connect,
        scrub,
    )
    from clusteratlas.graph.neo4j_store.gds import (
        GDS_MEASURES,
        gds_analysis,
        gds_centrality,
        gds_louvain,
        gds_version,
    )
    from clusteratlas.graph.neo4j_store.load import (
        DEFAULT_BATCH_SIZE,
        LoadSummary,
        StepResult,
        batches,
        dataset_id_of,
        load_dataset,
        remove_dataset,
        stderr_progress,
    )
    from clusteratlas.graph.neo4j_store.read import (
        read_dataset,
        read_industry_network,
        read_region_hierarchy,
        read_region_industry_matrix,
        read_supply_network,
    )
    from clusteratlas.graph.neo4j_store.schema import (
        DATASETS_PROPERTY,
        NODES,
        RELATIONSHIPS,
        NodeSpec,
        RelSpec,
        constraint_statements,
        create_schema_rule,
        ensure_schema,
        index_statements,
    )
    from clusteratlas.graph.neo4j_store.settings import (
        DEFAULT_DATABASE,
        DEFAULT_PASSWORD,
        DEFAULT_URI,
        DEFAULT_USER,
        Neo4jSettings,
    )
    from clusteratlas.graph.neo4j_store.writeback import (
        score_rows,
        write_analysis,
        write_cluster_links,
        write_clusters,
        write_region_scores,
    )

_EXPORTS = {
    "DATASETS_PROPERTY": "clusteratlas.graph.neo4j_store.schema",
    "DEFAULT_BATCH_SIZE": "clusteratlas.graph.neo4j_store.load",
    "DEFAULT_DATABASE": "clusteratlas.graph.neo4j_store.settings",
    "DEFAULT_PASSWORD": "clusteratlas.graph.neo4j_store.settings",
    "DEFAULT_URI": "clusteratlas.graph.neo4j_store.settings",
    "DEFAULT_USER": "clusteratlas.graph.neo4j_store.settings",
    "GDS_MEASURES": "clusteratlas.graph.neo4j_store.gds",
    "ImportFile": "clusteratlas.graph.neo4j_store.bulk",
    "LoadSummary": "clusteratlas.graph.neo4j_store.load",
    "NODES": "clusteratlas.graph.neo4j_store.schema",
    "Neo4jSettings": "clusteratlas.graph.neo4j_store.settings",
    "NodeSpec": "clusteratlas.graph.neo4j_store.schema",
    "RELATIONSHIPS": "clusteratlas.graph.neo4j_store.schema",
    "RelSpec": "clusteratlas.graph.neo4j_store.schema",
    "StepResult": "clusteratlas.graph.neo4j_store.load",
    "batches": "clusteratlas.graph.neo4j_store.load",
    "bulk_import": "clusteratlas.graph.neo4j_store.bulk",
    "connect": "clusteratlas.graph.neo4j_store.connection",
    "constraint_statements": "clusteratlas.graph.neo4j_store.schema",
    "create_schema_rule": "clusteratlas.graph.neo4j_store.schema",
    "dataset_id_of": "clusteratlas.graph.neo4j_store.rows",
    "ensure_schema": "clusteratlas.graph.neo4j_store.schema",
    "gds_analysis": "clusteratlas.graph.neo4j_store.gds",
    "gds_centrality": "clusteratlas.graph.neo4j_store.gds",
    "gds_louvain": "clusteratlas.graph.neo4j_store.gds",
    "gds_version": "clusteratlas.graph.neo4j_store.gds",
    "header": "clusteratlas.graph.neo4j_store.bulk",
    "index_statements": "clusteratlas.graph.neo4j_store.schema",
    "load_dataset": "clusteratlas.graph.neo4j_store.load",
    "read_dataset": "clusteratlas.graph.neo4j_store.read",
    "read_industry_network": "clusteratlas.graph.neo4j_store.read",
    "read_region_hierarchy": "clusteratlas.graph.neo4j_store.read",
    "read_region_industry_matrix": "clusteratlas.graph.neo4j_store.read",
    "read_supply_network": "clusteratlas.graph.neo4j_store.read",
    "remove_dataset": "clusteratlas.graph.neo4j_store.load",
    "score_rows": "clusteratlas.graph.neo4j_store.writeback",
    "scrub": "clusteratlas.graph.neo4j_store.connection",
    "stderr_progress": "clusteratlas.graph.neo4j_store.load",
    "write_analysis": "clusteratlas.graph.neo4j_store.writeback",
    "write_cluster_links": "clusteratlas.graph.neo4j_store.writeback",
    "write_clusters": "clusteratlas.graph.neo4j_store.writeback",
    "write_import_files": "clusteratlas.graph.neo4j_store.bulk",
    "write_region_scores": "clusteratlas.graph.neo4j_store.writeback",
}

__all__ = [
    "DATASETS_PROPERTY",
    "DEFAULT_BATCH_SIZE",
    "DEFAULT_DATABASE",
    "DEFAULT_PASSWORD",
    "DEFAULT_URI",
    "DEFAULT_USER",
    "GDS_MEASURES",
    "NODES",
    "RELATIONSHIPS",
    "ImportFile",
    "LoadSummary",
    "Neo4jSettings",
    "NodeSpec",
    "RelSpec",
    "StepResult",
    "batches",
    "bulk_import",
    "connect",
    "constraint_statements",
    "create_schema_rule",
    "dataset_id_of",
    "ensure_schema",
    "gds_analysis",
    "gds_centrality",
    "gds_louvain",
    "gds_version",
    "header",
    "index_statements",
    "load_dataset",
    "read_dataset",
    "read_industry_network",
    "read_region_hierarchy",
    "read_region_industry_matrix",
    "read_supply_network",
    "remove_dataset",
    "score_rows",
    "scrub",
    "stderr_progress",
    "write_analysis",
    "write_cluster_links",
    "write_clusters",
    "write_import_files",
    "write_region_scores",
]
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
