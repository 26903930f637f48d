"""Views for analysts: region, supply chain, cluster network and industry space, as offline HTML.

Each view function takes a :class:`~clusteratlas.loaders.dataset.Dataset` (from
files, the bundled data, or Neo4j through ``read_dataset``) and returns a
:class:`View`, which writes one self-contained HTML page (``.write_html(path)``)
and renders inline in Jupyter. :data:`VIEW_KINDS` maps the CLI's kind names to them.

>>> sorted(VIEW_KINDS)
['clusters', 'industry-space', 'region', 'supply-chain']
"""

from clusteratlas.graph.views.base import Legend, Reduction, View, reduce_to_top_k
from clusteratlas.graph.views.clusters import cluster_network_view, section_coefficients
from clusteratlas.graph.views.demo import DEMO_REGIONS, write_demo_views
from clusteratlas.graph.views.industry_space import industry_space_view
from clusteratlas.graph.views.region import region_view
from clusteratlas.graph.views.supply_chain import lead_sector, supply_chain_view

VIEW_KINDS = {
    "region": region_view,
    "supply-chain": supply_chain_view,
    "clusters": cluster_network_view,
    "industry-space": industry_space_view,
}

__all__ = [
    "DEMO_REGIONS",
    "VIEW_KINDS",
    "Legend",
    "Reduction",
    "View",
    "cluster_network_view",
    "industry_space_view",
    "lead_sector",
    "reduce_to_top_k",
    "region_view",
    "section_coefficients",
    "supply_chain_view",
    "write_demo_views",
]
