"""Schema, Neo4j store, networkx projections, analytics and views.

The analytics are pure functions (DataFrames and networkx graphs in, DataFrames
out); the Neo4j pieces take a driver that the caller created with
:func:`connect`.
"""

from clusteratlas.graph.cascade import cascade, input_shares
from clusteratlas.graph.centrality import centrality
from clusteratlas.graph.clusters import (
    Clusters,
    cluster_centrality,
    cluster_network,
    detect_clusters,
)
from clusteratlas.graph.complexity import (
    ComplexityIndices,
    diversity,
    eci_pci,
    proximity,
    relatedness_density,
    ubiquity,
)
from clusteratlas.graph.concentration import (
    hachman_index,
    herfindahl,
    krugman_index,
    location_quotient,
    rca_binary,
    related_unrelated_variety,
    shannon_entropy,
    theil_specialisation,
)
from clusteratlas.graph.connection import connect
from clusteratlas.graph.input_output import (
    InputOutputTable,
    ghosh_inverse,
    leontief_inverse,
    shock_exposure,
    shock_loss_matrix,
    supply_dependency,
)
from clusteratlas.graph.neo4j_read import read_dataset
from clusteratlas.graph.projections import (
    company_table,
    industry_mapping,
    industry_network,
    input_output_table,
    national_series,
    region_ancestors,
    region_industry_matrix,
    supply_network,
)
from clusteratlas.graph.resilience import (
    growth_covariance,
    growth_rates,
    portfolio_variance,
    shift_share,
)
from clusteratlas.graph.schema import ensure_schema
from clusteratlas.graph.scores import composite_score, resilience_scores
from clusteratlas.graph.settings import Neo4jSettings
from clusteratlas.graph.store import LoadSummary, load_dataset, remove_dataset
from clusteratlas.graph.writeback import write_clusters, write_region_scores

__all__ = [
    "Clusters",
    "ComplexityIndices",
    "InputOutputTable",
    "LoadSummary",
    "Neo4jSettings",
    "cascade",
    "centrality",
    "cluster_centrality",
    "cluster_network",
    "company_table",
    "composite_score",
    "connect",
    "detect_clusters",
    "diversity",
    "eci_pci",
    "ensure_schema",
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
    "write_clusters",
    "write_region_scores",
]
