"""Graph layer in three wings: the Neo4j store, the analytics, and the views.

``clusteratlas.graph.neo4j_store``
    everything that talks to Neo4j: settings, connection, schema, load, read-back,
    write-back, bulk import.
``clusteratlas.graph.analytics``
    projections of a Dataset to matrices and networkx graphs, and the metrics (pure
    functions, no Neo4j, no files).
``clusteratlas.graph.views``
    pyvis pages built from a Dataset and the analytics.

This facade re-exports the public names of the first two wings lazily: importing it
imports neither neo4j, pyvis, igraph nor scipy (a test checks ``sys.modules``).

>>> import clusteratlas.graph as g
>>> g.herfindahl.__module__
'clusteratlas.graph.analytics.concentration'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from clusteratlas._lazy import lazy_exports

if TYPE_CHECKING:
    from clusteratlas.graph.analytics.cascade import (
        cascade,
        input_shares,
    )
    from clusteratlas.graph.analytics.centrality import (
        centrality,
    )
    from clusteratlas.graph.analytics.clusters import (
        Clusters,
        cluster_centrality,
        cluster_links,
        cluster_network,
        detect_clusters,
    )
    from clusteratlas.graph.analytics.complexity import (
        ComplexityIndices,
        diversity,
        eci_pci,
        proximity,
        relatedness_density,
        ubiquity,
    )
    from clusteratlas.graph.analytics.composite import (
        composite_score,
    )
    from clusteratlas.graph.analytics.concentration import (
        hachman_index,
        herfindahl,
        krugman_index,
        location_quotient,
        rca_binary,
        related_unrelated_variety,
        shannon_entropy,
        theil_specialisation,
    )
    from clusteratlas.graph.analytics.growth import (
        growth_covariance,
        growth_rates,
        portfolio_variance,
        shift_share,
    )
    from clusteratlas.graph.analytics.input_output import (
        InputOutputTable,
        ghosh_inverse,
        leontief_inverse,
        shock_exposure,
        shock_loss_matrix,
        supply_dependency,
    )
    from clusteratlas.graph.analytics.pipeline import (
        Analysis,
        analyze,
    )
    from clusteratlas.graph.analytics.projections import (
        company_table,
        industry_mapping,
        industry_network,
        input_output_table,
        national_series,
        region_ancestors,
        region_industry_matrix,
        supply_network,
    )
    from clusteratlas.graph.analytics.resilience import (
        resilience_scores,
    )
    from clusteratlas.graph.analytics.scope import (
        AnalysisScope,
    )
    from clusteratlas.graph.neo4j_store.connection import (
        connect,
    )
    from clusteratlas.graph.neo4j_store.gds import (
        gds_centrality,
        gds_louvain,
    )
    from clusteratlas.graph.neo4j_store.load import (
        LoadSummary,
        load_dataset,
        remove_dataset,
    )
    from clusteratlas.graph.neo4j_store.read import (
        read_dataset,
    )
    from clusteratlas.graph.neo4j_store.schema import (
        ensure_schema,
    )
    from clusteratlas.graph.neo4j_store.settings import (
        Neo4jSettings,
    )
    from clusteratlas.graph.neo4j_store.writeback import (
        write_analysis,
        write_cluster_links,
        write_clusters,
        write_region_scores,
    )

_EXPORTS = {
    "Analysis": "clusteratlas.graph.analytics.pipeline",
    "AnalysisScope": "clusteratlas.graph.analytics.scope",
    "Clusters": "clusteratlas.graph.analytics.clusters",
    "ComplexityIndices": "clusteratlas.graph.analytics.complexity",
    "InputOutputTable": "clusteratlas.graph.analytics.input_output",
    "LoadSummary": "clusteratlas.graph.neo4j_store.load",
    "Neo4jSettings": "clusteratlas.graph.neo4j_store.settings",
    "analyze": "clusteratlas.graph.analytics.pipeline",
    "cascade": "clusteratlas.graph.analytics.cascade",
    "centrality": "clusteratlas.graph.analytics.centrality",
    "cluster_centrality": "clusteratlas.graph.analytics.clusters",
    "cluster_links": "clusteratlas.graph.analytics.clusters",
    "cluster_network": "clusteratlas.graph.analytics.clusters",
    "company_table": "clusteratlas.graph.analytics.projections",
    "composite_score": "clusteratlas.graph.analytics.composite",
    "connect": "clusteratlas.graph.neo4j_store.connection",
    "detect_clusters": "clusteratlas.graph.analytics.clusters",
    "diversity": "clusteratlas.graph.analytics.complexity",
    "eci_pci": "clusteratlas.graph.analytics.complexity",
    "ensure_schema": "clusteratlas.graph.neo4j_store.schema",
    "ghosh_inverse": "clusteratlas.graph.analytics.input_output",
    "growth_covariance": "clusteratlas.graph.analytics.growth",
    "growth_rates": "clusteratlas.graph.analytics.growth",
    "hachman_index": "clusteratlas.graph.analytics.concentration",
    "herfindahl": "clusteratlas.graph.analytics.concentration",
    "industry_mapping": "clusteratlas.graph.analytics.projections",
    "industry_network": "clusteratlas.graph.analytics.projections",
    "input_output_table": "clusteratlas.graph.analytics.projections",
    "input_shares": "clusteratlas.graph.analytics.cascade",
    "krugman_index": "clusteratlas.graph.analytics.concentration",
    "leontief_inverse": "clusteratlas.graph.analytics.input_output",
    "gds_centrality": "clusteratlas.graph.neo4j_store.gds",
    "gds_louvain": "clusteratlas.graph.neo4j_store.gds",
    "load_dataset": "clusteratlas.graph.neo4j_store.load",
    "location_quotient": "clusteratlas.graph.analytics.concentration",
    "national_series": "clusteratlas.graph.analytics.projections",
    "portfolio_variance": "clusteratlas.graph.analytics.growth",
    "proximity": "clusteratlas.graph.analytics.complexity",
    "rca_binary": "clusteratlas.graph.analytics.concentration",
    "read_dataset": "clusteratlas.graph.neo4j_store.read",
    "region_ancestors": "clusteratlas.graph.analytics.projections",
    "region_industry_matrix": "clusteratlas.graph.analytics.projections",
    "related_unrelated_variety": "clusteratlas.graph.analytics.concentration",
    "relatedness_density": "clusteratlas.graph.analytics.complexity",
    "remove_dataset": "clusteratlas.graph.neo4j_store.load",
    "resilience_scores": "clusteratlas.graph.analytics.resilience",
    "shannon_entropy": "clusteratlas.graph.analytics.concentration",
    "shift_share": "clusteratlas.graph.analytics.growth",
    "shock_exposure": "clusteratlas.graph.analytics.input_output",
    "shock_loss_matrix": "clusteratlas.graph.analytics.input_output",
    "supply_dependency": "clusteratlas.graph.analytics.input_output",
    "supply_network": "clusteratlas.graph.analytics.projections",
    "theil_specialisation": "clusteratlas.graph.analytics.concentration",
    "ubiquity": "clusteratlas.graph.analytics.complexity",
    "write_analysis": "clusteratlas.graph.neo4j_store.writeback",
    "write_cluster_links": "clusteratlas.graph.neo4j_store.writeback",
    "write_clusters": "clusteratlas.graph.neo4j_store.writeback",
    "write_region_scores": "clusteratlas.graph.neo4j_store.writeback",
}

__all__ = [
    "Analysis",
    "AnalysisScope",
    "Clusters",
    "ComplexityIndices",
    "InputOutputTable",
    "LoadSummary",
    "Neo4jSettings",
    "analyze",
    "cascade",
    "centrality",
    "cluster_centrality",
    "cluster_links",
    "cluster_network",
    "company_table",
    "composite_score",
    "connect",
    "detect_clusters",
    "diversity",
    "eci_pci",
    "ensure_schema",
    "gds_centrality",
    "gds_louvain",
    "ghosh_inverse",
    "growth_covariance",
    "growth_rates",
    "hachman_index",
    "herfindahl",
    "industry_mapping",
    "industry_network",
    "input_output_table",
    "input_shares",
    "krugman_index",
    "leontief_inverse",
    "load_dataset",
    "location_quotient",
    "national_series",
    "portfolio_variance",
    "proximity",
    "rca_binary",
    "read_dataset",
    "region_ancestors",
    "region_industry_matrix",
    "related_unrelated_variety",
    "relatedness_density",
    "remove_dataset",
    "resilience_scores",
    "shannon_entropy",
    "shift_share",
    "shock_exposure",
    "shock_loss_matrix",
    "supply_dependency",
    "supply_network",
    "theil_specialisation",
    "ubiquity",
    "write_analysis",
    "write_cluster_links",
    "write_clusters",
    "write_region_scores",
]
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
