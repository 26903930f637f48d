"""The analytics wing: the metrics, clusters, centralities, resilience and the ``analyze`` job.

Pure functions: DataFrames and networkx graphs in, DataFrames out, unrounded and
seeded. Nothing here knows Neo4j or files (a test checks the imports); what E, a
location quotient, the I-O table and the networks are comes from the definitions
floor (:mod:`clusteratlas.graph.definitions`).

Modules, one concept each: ``concentration`` (entropy, HHI, Krugman, Hachman, Theil,
variety, RCA), ``complexity`` (proximity, relatedness, ECI/PCI), ``growth`` (growth
covariance, portfolio variance, shift-share), ``input_output`` (Leontief, Ghosh,
shock exposure), ``cascade``, ``centrality``, ``clusters``, ``crosswalk`` (the one
rule mapping an industry to another scheme: the dataset's crosswalk, else its
hierarchy), ``firms`` (listed-firm counts by company classification, the firm-based
location quotient, a region's firms' I-O sectors), ``composite`` (the registry of
resilience components, each with its direction), ``uncertainty`` (multinomial
bootstrap), ``resilience`` (the scores) and ``pipeline`` (the ``analyze`` job).
"""

from __future__ import annotations

from clusteratlas._lazy import lazy_exports

_EXPORTS = {
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
        "dataset_shift_share",
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
}
__getattr__, __dir__, __all__ = lazy_exports(__name__, _EXPORTS)

# Functions named like their module are bound eagerly: importing the submodule sets
# the package attribute to the module, which would shadow a lazily exported function.
from clusteratlas.graph.analytics.cascade import cascade  # noqa: E402
from clusteratlas.graph.analytics.centrality import centrality  # noqa: E402

__all__ += ["cascade", "centrality"]
