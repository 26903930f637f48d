"""Graph layer: a floor of shared definitions and three wings above it.

``clusteratlas.graph.definitions``
    what E, a location quotient, the analysis scope, the I-O table and the networks
    are, once (imported by every wing).
``clusteratlas.graph.neo4j_store``
    everything that talks to Neo4j: settings, connection, schema, load, read-back,
    write-back, bulk import, GDS.
``clusteratlas.graph.analytics``
    the metrics, clusters, centralities and resilience scores (pure functions, no
    Neo4j, no files).
``clusteratlas.graph.views``
    offline pages that draw what the analytics computed.

This facade re-exports the public names of the floor, the analytics and the store
lazily: importing it imports neither neo4j, pyvis, igraph nor scipy (a test checks
``sys.modules``).

>>> import clusteratlas.graph as g
>>> g.herfindahl.__module__
'clusteratlas.graph.analytics.concentration'
"""

from __future__ import annotations

from clusteratlas._lazy import lazy_exports

_EXPORTS = {
    "clusteratlas.graph.definitions.io_table": (
        "InputOutputTable",
        "industry_mapping",
        "industry_network",
        "input_output_table",
    ),
    "clusteratlas.graph.definitions.matrix": (
        "check_matrix",
        "industry_shares",
        "matrix_from_rows",
        "reference_shares",
        "region_industry_matrix",
        "region_shares",
        "slice_matrix",
    ),
    "clusteratlas.graph.definitions.quotients": (
        "aggregate_location_quotient",
        "location_quotient",
        "location_quotient_rows",
    ),
    "clusteratlas.graph.definitions.regions": (
        "national_region",
        "national_series",
        "region_ancestors",
    ),
    "clusteratlas.graph.definitions.scope": (
        "NATIONAL_LEVEL",
        "SCOPE_CHOICES",
        "AnalysisScope",
        "resolve_scope",
        "variety_groups",
    ),
    "clusteratlas.graph.definitions.supply": ("supply_graph", "supply_network"),
    "clusteratlas.graph.definitions.years": ("nearest_year",),
    "clusteratlas.graph.analytics.cascade": ("input_shares",),
    "clusteratlas.graph.analytics.centrality": ("ALL_MEASURES",),
    "clusteratlas.graph.analytics.clusters": (
        "Clusters",
        "cluster_centrality",
        "cluster_links",
        "cluster_network",
        "detect_clusters",
    ),
    "clusteratlas.graph.analytics.complexity": (
        "ComplexityIndices",
        "diversity",
        "eci_pci",
        "proximity",
        "relatedness_density",
        "ubiquity",
    ),
    "clusteratlas.graph.analytics.composite": (
        "COMPONENTS",
        "DEFAULT_WEIGHTS",
        "Component",
        "composite_score",
    ),
    "clusteratlas.graph.analytics.concentration": (
        "hachman_index",
        "herfindahl",
        "krugman_index",
        "rca_binary",
        "related_unrelated_variety",
        "shannon_entropy",
        "theil_specialisation",
    ),
    "clusteratlas.graph.analytics.crosswalk": ("industries_to_scheme",),
    "clusteratlas.graph.analytics.firms": (
        "company_industries_at",
        "company_io_sectors",
        "company_table",
        "listed_firm_specialisation",
        "region_io_sectors",
    ),
    "clusteratlas.graph.analytics.growth": (
        "growth_covariance",
        "growth_rates",
        "portfolio_variance",
        "shift_share",
    ),
    "clusteratlas.graph.analytics.input_output": (
        "demand_shock_effects",
        "ghosh_inverse",
        "leontief_inverse",
        "shock_exposure",
        "shock_loss_matrix",
        "supply_dependency",
        "supply_shock_effects",
    ),
    "clusteratlas.graph.analytics.pipeline": ("Analysis", "analyze"),
    "clusteratlas.graph.analytics.resilience": ("DEFAULT_MIN_SAMPLE", "resilience_scores"),
    "clusteratlas.graph.analytics.uncertainty": ("multinomial_bootstrap", "percentile_interval"),
    "clusteratlas.graph.neo4j_store.connection": ("connect",),
    "clusteratlas.graph.neo4j_store.gds": ("gds_centrality", "gds_louvain"),
    "clusteratlas.graph.neo4j_store.load": ("LoadSummary", "load_dataset", "remove_dataset"),
    "clusteratlas.graph.neo4j_store.read": ("read_dataset",),
    "clusteratlas.graph.neo4j_store.schema": ("ensure_schema",),
    "clusteratlas.graph.neo4j_store.settings": ("Neo4jSettings",),
    "clusteratlas.graph.neo4j_store.writeback": (
        "write_analysis",
        "write_cluster_links",
        "write_clusters",
        "write_region_scores",
    ),
}
__getattr__, __dir__, __all__ = lazy_exports(__name__, _EXPORTS)

# Functions named like their module are bound eagerly: importing the submodule sets
# the package attribute to the module, which would shadow a lazily exported function.
from clusteratlas.graph.analytics.cascade import cascade  # noqa: E402
from clusteratlas.graph.analytics.centrality import centrality  # noqa: E402

__all__ += ["cascade", "centrality"]
