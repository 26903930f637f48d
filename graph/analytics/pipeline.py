"""The main analysis job: a Dataset in, the region, cluster and centrality tables out.

:func:`analyze` chains the projections and metrics the way ``clusteratlas
analyze`` and ``clusteratlas demo`` use them; scripts can call it too and get
the same tables.

Examples
--------
>>> from clusteratlas.graph.analytics.projections import example_dataset
>>> result = analyze(example_dataset(), growth_years=(2017, 2019))
>>> list(result.regions.index), result.clusters["cluster_id"].tolist()
(['11', '12'], ['11|GB4754:A|2020', '12|GB4754:C|2020'])
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from clusteratlas.errors import MatrixError
from clusteratlas.graph.analytics.centrality import centrality
from clusteratlas.graph.analytics.clusters import (
    cluster_centrality,
    cluster_network,
    detect_clusters,
)
from clusteratlas.graph.analytics.projections import (
    company_table,
    industry_network,
    input_output_table,
    region_ancestors,
    region_industry_matrix,
    supply_network,
)
from clusteratlas.graph.analytics.resilience import resilience_scores
from clusteratlas.loaders.dataset import Dataset

__all__ = ["Analysis", "analyze"]

CLUSTER_MEASURES = ("degree", "strength", "pagerank", "betweenness")


@dataclass(frozen=True)
class Analysis:
    """The tables of one analysis run and the parameters and timings it ran with."""

    regions: pd.DataFrame
    clusters: pd.DataFrame
    members: pd.DataFrame
    centralities: pd.DataFrame
    parameters: dict[str, Any] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)


def analyze(
    dataset: Dataset,
    year: int = 2020,
    *,
    level: str = "county",
    scheme: str = "GB4754",
    group_level: str = "prefecture",
    growth_years: tuple[int, int] | None = None,
    min_lq: float = 1.25,
    top_share: float = 0.25,
    centrality_k: int = 50,
    seed: int = 0,
) -> Analysis:
    """Resilience scores, clusters with their centrality, and network centralities.

    - ``regions``: :func:`~clusteratlas.graph.resilience_scores` (one row per region);
    - ``clusters``: :func:`~clusteratlas.graph.analytics.clusters.detect_clusters` on E (and supply
      communities when the data have supply links), with the centrality of each cluster
      in the cluster network (I-O linkages within a region and across regions of the
      same ``group_level`` ancestor, plus firm supply links);
    - ``members``: company_id, cluster_id;
    - ``centralities``: centrality of every node of the industry (I-O) network and of the
      firm supply network (when it has links), column ``network`` says which.

    Path measures are sampled with ``centrality_k`` sources and ``seed`` above
    :data:`~clusteratlas.graph.analytics.centrality.EXACT_MAX_NODES` nodes.

    Examples
    --------
    >>> from clusteratlas.graph.analytics.projections import example_dataset
    >>> a = analyze(example_dataset(), growth_years=(2017, 2019))
    >>> sorted(a.centralities["network"].unique())
    ['industry', 'supply']
    """
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    regions = resilience_scores(
        dataset, year, scheme=scheme, level=level, growth_years=growth_years
    )
    timings["resilience_scores"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    E = region_industry_matrix(dataset, year, scheme=scheme, level=level)
    supply = supply_network(dataset, year=None)
    found = detect_clusters(
        E,
        min_lq=min_lq,
        top_share=top_share,
        year=year,
        firms=company_table(dataset, scheme, level),
        supply=supply if supply.number_of_edges() else None,
        seed=seed,
    )
    coefficients = _section_coefficients(dataset, year, scheme)
    network = cluster_network(
        found.clusters,
        found.members,
        coefficients=coefficients,
        supply=supply,
        region_groups=region_ancestors(dataset, group_level).dropna(),
    )
    clusters = cluster_centrality(
        network, found.clusters, CLUSTER_MEASURES, k=centrality_k, seed=seed
    )
    names = dataset.industries.set_index("code")["name"]
    region_names = dataset.regions.set_index("code")["name"]
    clusters.insert(3, "region_name", clusters["region_code"].map(region_names))
    clusters.insert(5, "industry_name", clusters["industry_code"].map(names))
    timings["clusters"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    frames = []
    io_years = sorted(int(y) for y in dataset.industry_links["year"].dropna().unique())
    if io_years:
        io_year = max([y for y in io_years if y <= year] or [io_years[0]])
        cent = centrality(industry_network(dataset, io_year), k=centrality_k, seed=seed)
        frames.append(cent.assign(network="industry", name=cent.index.map(names.to_dict())))
    if supply.number_of_edges():
        cent = centrality(supply, k=centrality_k, seed=seed)
        company_names = dataset.companies.set_index("id")["name"]
        frames.append(cent.assign(network="supply", name=cent.index.map(company_names.to_dict())))
    centralities = pd.concat(frames) if frames else pd.DataFrame(columns=["network", "name"])
    centralities.index.name = "node"
    centralities = centralities.reset_index()
    lead = ["network", "node", "name"]
    centralities = centralities[lead + [c for c in centralities.columns if c not in lead]]
    timings["centralities"] = time.perf_counter() - t0

    parameters = {
        "year": year,
        "level": level,
        "scheme": scheme,
        "group_level": group_level,
        "growth_years": list(growth_years) if growth_years else None,
        "min_lq": min_lq,
        "top_share": top_share,
        "centrality_k": centrality_k,
        "seed": seed,
    }
    return Analysis(regions, clusters, found.members, centralities, parameters, timings)


def _section_coefficients(dataset: Dataset, year: int, scheme: str) -> pd.DataFrame | None:
    """Technical coefficients of the I-O table nearest ``year``, aggregated to ``scheme``."""
    years = sorted(int(y) for y in dataset.industry_links["year"].dropna().unique())
    if not years:
        return None
    io_year = max([y for y in years if y <= year] or [years[0]])
    schemes = dataset.industries.set_index("code")["scheme"]
    from_scheme = schemes.get(dataset.industry_links["from_code"].iloc[0])
    try:
        io = input_output_table(dataset, io_year, str(from_scheme), to_scheme=scheme)
    except MatrixError:
        return None
    return io.technical_coefficients
