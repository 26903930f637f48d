"""What the views read from a Dataset: industry sections and colours, the matrix E, LQ, I-O graph.

Metrics come from the analytics modules (``concentration``, ``complexity``,
``centrality``). The projections from a Dataset (``clusteratlas.graph.projections``)
are used when importable; until then small private fallbacks build the same
matrix and graph (marked ``fallback`` below).

>>> from clusteratlas.graph.views._toy import toy_dataset
>>> E, year, scheme = employment_matrix(toy_dataset())
>>> E.shape, year, scheme
((5, 5), 2020, 'GB4754')
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import networkx as nx
import pandas as pd
from clusteratlas.loaders.dataset import Dataset
from clusteratlas.loaders.errors import UsageError

__all__ = [
    "PALETTE",
    "employment_matrix",
    "industry_graph",
    "industry_roots",
    "latest_year",
    "leaf_descendants",
    "location_quotients",
    "section_palette",
    "specialisations",
]

PALETTE = (
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1",
    "#ff9da7", "#9c755f", "#bab0ac", "#1f77b4", "#aec7e8", "#ff7f0e", "#ffbb78",
    "#2ca02c", "#98df8a", "#d62728", "#ff9896", "#9467bd", "#c5b0d5", "#8c564b",
    "#c49c94", "#e377c2", "#f7b6d2", "#7f7f7f", "#bcbd22", "#17becf",
)  # fmt: skip
OTHER_COLOUR = "#cbd2d9"


def industry_roots(dataset: Dataset) -> dict[str, str]:
    """Map every industry code to the root of its parent chain (its section).

    CSRC sections and NBS42 sectors have a GB/T 4754 section as parent in the
    bundled data, so ``CSRC:C``, ``NBS42:16`` and ``GB4754:C`` share a root.

    >>> from clusteratlas.graph.views._toy import toy_dataset
    >>> industry_roots(toy_dataset())["NBS42:16"]
    'GB4754:C'
    """
    ind = dataset.industries
    parent = dict(zip(ind["code"], ind["parent_code"], strict=True))
    roots: dict[str, str] = {}
    for code in parent:
        seen = [code]
        node = code
        while isinstance(parent.get(node), str) and parent[node] in parent:
            node = parent[node]
            if node in seen:  # a cycle: validation rejects these, stop anyway
                break
            seen.append(node)
        roots[code] = node
    return roots


def section_palette(dataset: Dataset) -> dict[str, str]:
    """A stable colour per root industry (sorted by code, cycling through PALETTE).

    >>> from clusteratlas.graph.views._toy import toy_dataset
    >>> section_palette(toy_dataset())["GB4754:A"]
    '#4e79a7'
    """
    roots = sorted(set(industry_roots(dataset).values()))
    return {code: PALETTE[i % len(PALETTE)] for i, code in enumerate(roots)}


def latest_year(frame: pd.DataFrame, column: str = "year") -> int:
    """The largest year in ``frame`` (UsageError when the frame is empty).

    >>> latest_year(pd.DataFrame({"year": [2018, 2020]}))
    2020
    """
    if frame.empty:
        raise UsageError("the dataset has no rows for this view (no year to show)")
    return int(frame[column].max())


def leaf_descendants(dataset: Dataset, codes: Iterable[str], leaves: Iterable[str]) -> list[str]:
    """Codes among ``leaves`` that are ``codes`` themselves or lie below them in the hierarchy.

    >>> from clusteratlas.graph.views._toy import toy_dataset
    >>> leaf_descendants(toy_dataset(), ["1001"], ["100101", "200101"])
    ['100101']
    """
    regions = dataset.regions
    parent = dict(zip(regions["code"], regions["parent_code"], strict=True))
    targets = set(codes)
    out = []
    for leaf in leaves:
        node: Any = leaf
        depth = 0
        while isinstance(node, str) and depth < 64:
            if node in targets:
                out.append(leaf)
                break
            node, depth = parent.get(node), depth + 1
    return out


def employment_matrix(
    dataset: Dataset,
    year: int | None = None,
    measure: str = "employment",
    scheme: str | None = None,
) -> tuple[pd.DataFrame, int, str]:
    """The matrix E (leaf regions x industries of one scheme), with the year and scheme used.

    Leaf regions are those with data none of whose descendants have data (so a
    national series stored at ``100000`` does not count as a region).
    ``year`` defaults to the latest year of ``measure``; ``scheme`` to the scheme
    with most rows. Uses ``projections.region_industry_matrix`` when it exists.
    """
    ri = dataset.region_industries
    ri = ri[ri["measure"] == measure]
    if ri.empty:
        raise UsageError(f"the dataset has no region_industries rows with measure {measure!r}")
    ind = dataset.industries.set_index("code")
    ri = ri.assign(scheme=ri["industry_code"].map(ind["scheme"]))
    if scheme is None:
        scheme = str(ri["scheme"].value_counts().idxmax())
    ri = ri[ri["scheme"] == scheme]
    year = latest_year(ri) if year is None else int(year)
    ri = ri[ri["year"] == year]
    if ri.empty:
        raise UsageError(f"no {measure} rows for scheme {scheme} in {year}")
    E = ri.pivot_table(
        index="region_code", columns="industry_code", values="value", aggfunc="sum", fill_value=0.0
    ).astype(float)
    with_data = set(E.index)
    parents = dict(zip(dataset.regions["code"], dataset.regions["parent_code"], strict=True))
    ancestors: set[str] = set()
    for code in with_data:
        node = parents.get(code)
        while isinstance(node, str) and node not in ancestors:
            ancestors.add(node)
            node = parents.get(node)
    E = E.loc[sorted(with_data - ancestors)]
    E.index.name, E.columns.name = "region_code", "industry_code"
    return E, year, scheme


def location_quotients(E: pd.DataFrame) -> pd.DataFrame:
    """LQ_ri = (E_ri / E_r) / (E_i / E) by the analytics' ``location_quotient``; undefined = 0.

    >>> E = pd.DataFrame({"a": [1.0, 3.0], "b": [3.0, 1.0]}, index=["r", "s"])
    >>> location_quotients(E).loc["r", "b"]
    np.float64(1.5)
    """
    from clusteratlas.graph.concentration import location_quotient

    return location_quotient(E).fillna(0.0)


def specialisations(E: pd.DataFrame, min_lq: float = 1.25, min_share: float = 0.05) -> pd.DataFrame:
    """Region x industry specialisations: LQ >= ``min_lq`` and share of the region >= ``min_share``.

    Returns columns region_code, industry_code, value, share, lq (sorted by region, then
    LQ descending). This is the cluster rule of the views' fallback; the analytics'
    ``detect_clusters`` replaces it when present (see ``clusters.py``).

    >>> E = pd.DataFrame({"a": [9.0, 1.0], "b": [1.0, 9.0]}, index=["r", "s"])
    >>> specialisations(E)[["region_code", "industry_code"]].values.tolist()
    [['r', 'a'], ['s', 'b']]
    """
    lq = location_quotients(E)
    shares = E.div(E.sum(axis=1), axis=0)
    long = pd.DataFrame(
        {
            "value": E.stack(),
            "share": shares.stack(),
            "lq": lq.stack(),
        }
    ).reset_index()
    long.columns = ["region_code", "industry_code", "value", "share", "lq"]
    keep = (long["lq"] >= min_lq) & (long["share"] >= min_share)
    out = long[keep].sort_values(["region_code", "lq"], ascending=[True, False])
    return out.reset_index(drop=True)


def industry_graph(dataset: Dataset, year: int | None = None) -> tuple[nx.DiGraph, int]:
    """The input-output network i -> j (edge attrs flow, coefficient, weight=coefficient).

    Uses ``projections.industry_network`` when it exists; ``year`` defaults to the latest.

    >>> from clusteratlas.graph.views._toy import toy_dataset
    >>> G, year = industry_graph(toy_dataset())
    >>> round(G.edges["NBS42:12", "NBS42:16"]["coefficient"], 3), year
    (0.1, 2020)
    """
    links = dataset.industry_links
    year = latest_year(links) if year is None else int(year)
    try:
        from clusteratlas.graph.projections import (  # type: ignore[import-not-found]
            industry_network,
        )
    except ImportError:  # fallback until the analytics land
        rows = links[links["year"] == year]
        G = nx.DiGraph()
        for r in rows.itertuples(index=False):
            G.add_edge(
                str(r.from_code),
                str(r.to_code),
                flow=float(r.flow),
                coefficient=float(r.coefficient),
                weight=float(r.coefficient),
            )
        return G, year
    return industry_network(dataset, year), year
