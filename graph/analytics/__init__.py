"""The analytics wing: projections of a Dataset to matrices and networkx graphs, and the metrics.

Pure functions: DataFrames and networkx graphs in, DataFrames out, unrounded and
seeded. Nothing here knows Neo4j or files (a test checks the imports).

Modules, one concept each: ``projections`` (Dataset -> E, supply network, I-O table),
``concentration`` (LQ, entropy, HHI, Krugman, Hachman, Theil, variety), ``complexity``
(RCA, proximity, relatedness, ECI/PCI), ``growth`` (growth covariance, portfolio
variance, shift-share), ``input_output`` (Leontief, Ghosh, shock exposure),
``cascade``, ``centrality``, ``clusters``, ``firms`` (listed-firm counts by company
classification, the firm-based location quotient, a region's firms' I-O sectors),
``composite`` (the registry of resilience components, each with its direction),
``uncertainty`` (multinomial bootstrap), ``resilience`` (the scores) and ``pipeline``
(the ``analyze`` job).
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
        ALL_MEASURES,
        EXACT_MAX_NODES,
        FAST_MIN_EDGES,
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
        COMPONENTS,
        DEFAULT_WEIGHTS,
        Component,
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
    from clusteratlas.graph.analytics.firms import (
        company_industries_at,
        listed_firm_specialisation,
        region_io_sectors,
    )
    from clusteratlas.graph.analytics.growth import (
        growth_covariance,
        growth_rates,
        portfolio_variance,
        shift_share,
    )
    from clusteratlas.graph.analytics.input_output import (
        InputOutputTable,
        demand_shock_effects,
        ghosh_inverse,
        leontief_inverse,
        shock_exposure,
        shock_loss_matrix,
        supply_dependency,
        supply_shock_effects,
    )
    from clusteratlas.graph.analytics.pipeline import (
        Analysis,
        analyze,
    )
    from clusteratlas.graph.analytics.projections import (
        company_table,
        example_dataset,
        industry_mapping,
        industry_network,
        input_output_table,
        matrix_from_rows,
        national_region,
        national_series,
        region_ancestors,
        region_industry_matrix,
        supply_graph,
        supply_network,
    )
    from clusteratlas.graph.analytics.resilience import (
        DEFAULT_MIN_SAMPLE,
        THREE_SECTORS,
        resilience_scores,
    )
    from clusteratlas.graph.analytics.scope import (
        AnalysisScope,
        nearest_io_year,
        resolve_scope,
        variety_groups,
    )
    from clusteratlas.graph.analytics.uncertainty import (
        multinomial_bootstrap,
        percentile_interval,
    )

_EXPORTS = {
    "ALL_MEASURES": "clusteratlas.graph.analytics.centrality",
    "Analysis": "clusteratlas.graph.analytics.pipeline",
    "AnalysisScope": "clusteratlas.graph.analytics.scope",
    "Clusters": "clusteratlas.graph.analytics.clusters",
    "ComplexityIndices": "clusteratlas.graph.analytics.complexity",
    "COMPONENTS": "clusteratlas.graph.analytics.composite",
    "Component": "clusteratlas.graph.analytics.composite",
    "DEFAULT_MIN_SAMPLE": "clusteratlas.graph.analytics.resilience",
    "DEFAULT_WEIGHTS": "clusteratlas.graph.analytics.composite",
    "EXACT_MAX_NODES": "clusteratlas.graph.analytics.centrality",
    "FAST_MIN_EDGES": "clusteratlas.graph.analytics.centrality",
    "InputOutputTable": "clusteratlas.graph.analytics.input_output",
    "THREE_SECTORS": "clusteratlas.graph.analytics.resilience",
    "analyze": "clusteratlas.graph.analytics.pipeline",
    "cascade": "clusteratlas.graph.analytics.cascade",
    "centrality": "clusteratlas.graph.analytics.centrality",
    "cluster_centrality": "clusteratlas.graph.analytics.clusters",
    "cluster_links": "clusteratlas.graph.analytics.clusters",
    "cluster_network": "clusteratlas.graph.analytics.clusters",
    "company_industries_at": "clusteratlas.graph.analytics.firms",
    "company_table": "clusteratlas.graph.analytics.projections",
    "composite_score": "clusteratlas.graph.analytics.composite",
    "demand_shock_effects": "clusteratlas.graph.analytics.input_output",
    "detect_clusters": "clusteratlas.graph.analytics.clusters",
    "diversity": "clusteratlas.graph.analytics.complexity",
    "eci_pci": "clusteratlas.graph.analytics.complexity",
    "example_dataset": "clusteratlas.graph.analytics.projections",
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
    "listed_firm_specialisation": "clusteratlas.graph.analytics.firms",
    "location_quotient": "clusteratlas.graph.analytics.concentration",
    "location_quotient_rows": "clusteratlas.graph.analytics.concentration",
    "matrix_from_rows": "clusteratlas.graph.analytics.projections",
    "multinomial_bootstrap": "clusteratlas.graph.analytics.uncertainty",
    "national_region": "clusteratlas.graph.analytics.projections",
    "national_series": "clusteratlas.graph.analytics.projections",
    "nearest_io_year": "clusteratlas.graph.analytics.scope",
    "percentile_interval": "clusteratlas.graph.analytics.uncertainty",
    "portfolio_variance": "clusteratlas.graph.analytics.growth",
    "proximity": "clusteratlas.graph.analytics.complexity",
    "rca_binary": "clusteratlas.graph.analytics.concentration",
    "region_ancestors": "clusteratlas.graph.analytics.projections",
    "region_io_sectors": "clusteratlas.graph.analytics.firms",
    "region_industry_matrix": "clusteratlas.graph.analytics.projections",
    "related_unrelated_variety": "clusteratlas.graph.analytics.concentration",
    "relatedness_density": "clusteratlas.graph.analytics.complexity",
    "resilience_scores": "clusteratlas.graph.analytics.resilience",
    "resolve_scope": "clusteratlas.graph.analytics.scope",
    "shannon_entropy": "clusteratlas.graph.analytics.concentration",
    "shift_share": "clusteratlas.graph.analytics.growth",
    "shock_exposure": "clusteratlas.graph.analytics.input_output",
    "shock_loss_matrix": "clusteratlas.graph.analytics.input_output",
    "supply_dependency": "clusteratlas.graph.analytics.input_output",
    "supply_graph": "clusteratlas.graph.analytics.projections",
    "supply_shock_effects": "clusteratlas.graph.analytics.input_output",
    "supply_network": "clusteratlas.graph.analytics.projections",
    "theil_specialisation": "clusteratlas.graph.analytics.concentration",
    "ubiquity": "clusteratlas.graph.analytics.complexity",
    "variety_groups": "clusteratlas.graph.analytics.scope",
}

__all__ = [
    "ALL_MEASURES",
    "COMPONENTS",
    "DEFAULT_MIN_SAMPLE",
    "DEFAULT_WEIGHTS",
    "EXACT_MAX_NODES",
    "FAST_MIN_EDGES",
    "THREE_SECTORS",
    "Analysis",
    "AnalysisScope",
    "Clusters",
    "ComplexityIndices",
    "Component",
    "InputOutputTable",
    "analyze",
    "cascade",
    "centrality",
    "cluster_centrality",
    "cluster_links",
    "cluster_network",
    "company_industries_at",
    "company_table",
    "composite_score",
    "demand_shock_effects",
    "detect_clusters",
    "diversity",
    "eci_pci",
    "example_dataset",
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
    "listed_firm_specialisation",
    "location_quotient",
    "location_quotient_rows",
    "matrix_from_rows",
    "multinomial_bootstrap",
    "national_region",
    "national_series",
    "nearest_io_year",
    "percentile_interval",
    "portfolio_variance",
    "proximity",
    "rca_binary",
    "region_ancestors",
    "region_industry_matrix",
    "region_io_sectors",
    "related_unrelated_variety",
    "relatedness_density",
    "resilience_scores",
    "resolve_scope",
    "shannon_entropy",
    "shift_share",
    "shock_exposure",
    "shock_loss_matrix",
    "supply_dependency",
    "supply_graph",
    "supply_network",
    "supply_shock_effects",
    "theil_specialisation",
    "ubiquity",
    "variety_groups",
]
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

# Functions named like their module are bound eagerly: importing the submodule sets
# the package attribute to the module, which would shadow a lazily exported function.
from clusteratlas.graph.analytics.cascade import cascade  # noqa: E402
from clusteratlas.graph.analytics.centrality import centrality  # noqa: E402
