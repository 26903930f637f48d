"""The floor of shared definitions: what E, a location quotient, a year, a network mean.

Every wing above it (the Neo4j store, the analytics, the views) imports these, so each
concept is defined once and the wings agree to the last bit: ``matrix`` (the region x
industry matrix E, its checks and shares), ``quotients`` (location quotients of
cells, rows and aggregated regions), ``scope`` (the analysis scope: which regions,
industries, measure, year and I-O table form an analysis, inferred from the data),
``io_table`` (the national input-output table and network), ``supply`` (the firm supply
network), ``regions`` (the national region, ancestors), ``names`` (what a user
types to a code: names, pinyin, traditional characters, English; search aliases),
``hierarchy`` (walks up and down ``parent_code``), ``years`` (which table year goes
with which data year), ``engine`` (which engine computes path measures, exactly or
sampled), ``cache`` (memoising pure functions of a Dataset) and ``examples`` (a tiny
dataset for docstrings).

Nothing here imports a wing (``tests/unit/test_architecture.py`` checks it).
"""

from __future__ import annotations

from clusteratlas._lazy import lazy_exports

_EXPORTS = {
    "clusteratlas.graph.definitions.cache": ("dataset_cached",),
    "clusteratlas.graph.definitions.examples": ("example_dataset",),
    "clusteratlas.graph.definitions.hierarchy": (
        "ancestors",
        "climb",
        "depth",
        "descendants",
        "parents_of",
        "roots",
    ),
    "clusteratlas.graph.definitions.io_table": (
        "InputOutputTable",
        "final_use_shares",
        "industry_mapping",
        "industry_network",
        "input_output_table",
        "io_network",
        "link_output_shares",
        "links_network",
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
    "clusteratlas.graph.definitions.names": (
        "industry_code",
        "latin_key",
        "name_aliases",
        "name_pinyin",
        "plain_text",
        "region_code",
        "resolve_company_or_industry",
        "resolve_industry",
        "resolve_region",
        "resolve_regions",
        "short_name",
        "to_simplified",
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
}
__getattr__, __dir__, __all__ = lazy_exports(__name__, _EXPORTS)
