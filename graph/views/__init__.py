"""Views for analysts: region, supply chain, cluster network and industry space, as offline HTML.

:func:`region_report` writes one region's profile (charts and tables) on one page.
Each view function takes a :class:`~clusteratlas.loaders.dataset.Dataset` (from
files, the bundled data, or Neo4j through ``read_dataset``) and returns a
:class:`View`, which writes one self-contained HTML page (``.write_html(path)``)
and renders inline in Jupyter. :data:`VIEW_KINDS` maps the CLI's kind names to them.

>>> sorted(VIEW_KINDS)
['clusters', 'industry-space', 'map', 'region', 'supply-chain']
"""

from clusteratlas.graph.views._format import magnitudes_for
from clusteratlas.graph.views.clusters import cluster_network_view, section_coefficients
from clusteratlas.graph.views.demo import write_demo_views
from clusteratlas.graph.views.industry_space import industry_space_positions, industry_space_view
from clusteratlas.graph.views.map import MAP_SCORES, map_scores, map_view
from clusteratlas.graph.views.model import Legend, Reduction, Threshold, View, reduce_to_top_k
from clusteratlas.graph.views.names import (
    add_search_names,
    resolve_company_or_industry,
    resolve_industry,
    resolve_region,
    resolve_regions,
)
from clusteratlas.graph.views.region import region_view
from clusteratlas.graph.views.report import Report, region_report
from clusteratlas.graph.views.supply_chain import supply_chain_view

VIEW_KINDS = {
    "region": region_view,
    "supply-chain": supply_chain_view,
    "clusters": cluster_network_view,
    "industry-space": industry_space_view,
    "map": map_view,
}

__all__ = [
    "MAP_SCORES",
    "VIEW_KINDS",
    "Legend",
    "Reduction",
    "Report",
    "Threshold",
    "View",
    "add_search_names",
    "cluster_network_view",
    "industry_space_positions",
    "industry_space_view",
    "magnitudes_for",
    "map_scores",
    "map_view",
    "reduce_to_top_k",
    "region_report",
    "region_view",
    "resolve_company_or_industry",
    "resolve_industry",
    "resolve_region",
    "resolve_regions",
    "section_coefficients",
    "supply_chain_view",
    "write_demo_views",
]
