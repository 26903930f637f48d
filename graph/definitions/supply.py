"""The firm supply network, defined once: every reader and drawer of firm links builds it here.

Nodes are companies, edges supplier -> customer. Links of one pair in several years
are merged the same way wherever the network is used (the analytics' centralities and
supply communities, the Neo4j reader, the supply-chain page): ``weight`` = the sum of
the links' values (an unvalued link counts 1.0, so it still counts as a link),
``share`` = the last known observed share of the customer's inputs (None when no link
gives one; inferred links give none), ``score`` = the last known inference score (the
inferred links' ranking, normalised over the customer's inferred links: NOT a share of
inputs; None on observed links), ``inferred`` = whether any of the links is inferred,
``source`` = the last link's source, ``year`` = the last link's year.

Examples
--------
>>> from clusteratlas.graph.definitions.examples import example_dataset
>>> supply_network(example_dataset()).edges["f1", "f2"]
{'weight': 5.0, 'share': 0.5, 'score': None, 'inferred': True, 'source': 'example', 'year': 2020}
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import networkx as nx
import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from clusteratlas.loaders.dataset import Dataset

__all__ = ["supply_graph", "supply_network"]


def supply_network(dataset: Dataset, year: int | None = None) -> nx.DiGraph:
    """The firm supply network of a Dataset: every company a node, edges supplier -> customer.

    Parameters
    ----------
    dataset : Dataset
    year : int, optional
        Only the links of this year (None: every year, merged as the module says).

    Returns
    -------
    DiGraph
        :func:`supply_graph` of the companies and ``supply_links``.

    Examples
    --------
    >>> from clusteratlas.graph.definitions.examples import example_dataset
    >>> supply_network(example_dataset(), year=2019).number_of_edges()
    0
    """
    companies = dataset.companies
    links = dataset.supply_links
    if year is not None:
        links = links[links["year"] == year]
    return supply_graph(
        companies[["id", "name", "region_code"]],
        links.rename(columns={"supplier_id": "supplier", "customer_id": "customer"}),
    )


def supply_graph(nodes: pd.DataFrame, links: pd.DataFrame) -> nx.DiGraph:
    """The supply DiGraph from a node table and a link table (the Dataset's and Neo4j's alike).

    Links of one pair (several years) are merged in (year, supplier, customer) order as
    the module docstring says. Vectorised (one group-by, one ``add_edges_from``): about
    1M links in a few seconds.

    Parameters
    ----------
    nodes : DataFrame
        ``id``, ``name``, ``region_code``.
    links : DataFrame
        ``supplier``, ``customer``, ``year``, ``value``, ``share``, ``inferred``, and
        optionally ``score`` and ``source``.

    Returns
    -------
    DiGraph
        Node attrs ``name``, ``region_code``; edge attrs ``weight``, ``share``,
        ``score``, ``inferred``, ``source``, ``year``.

    Examples
    --------
    >>> nodes = pd.DataFrame({"id": ["a", "b"], "name": ["A", "B"], "region_code": ["1", "1"]})
    >>> links = pd.DataFrame({"supplier": ["a", "a"], "customer": ["b", "b"], "year": [1, 2],
    ...                       "value": [2.0, None], "share": [0.5, None],
    ...                       "inferred": [False, True]})
    >>> supply_graph(nodes, links).edges["a", "b"]
    {'weight': 3.0, 'share': 0.5, 'score': None, 'inferred': True, 'source': None, 'year': 2}
    """
    G: nx.DiGraph = nx.DiGraph()
    G.add_nodes_from(
        (node, {"name": name, "region_code": region})
        for node, name, region in zip(
            nodes["id"].tolist(), nodes["name"].tolist(), nodes["region_code"].tolist(), strict=True
        )
    )
    if links.empty:
        return G
    supplier, suppliers = pd.factorize(links["supplier"].astype(object), sort=True)
    customer, customers = pd.factorize(links["customer"].astype(object), sort=True)
    year = pd.to_numeric(links["year"]).astype("float64").fillna(np.inf).to_numpy()
    order = np.lexsort((customer, supplier, year))  # (year, supplier, customer), stable
    pair = (supplier.astype(np.int64) * max(len(customers), 1) + customer)[order]
    weight = pd.to_numeric(links["value"]).astype("float64").fillna(1.0).to_numpy()[order]
    share = pd.to_numeric(links["share"]).astype("float64").to_numpy()[order]
    score = (
        pd.to_numeric(links["score"]).astype("float64").to_numpy()[order]
        if "score" in links
        else np.full(len(order), np.nan)
    )
    inferred = links["inferred"].astype("boolean").fillna(False).to_numpy(dtype=bool)[order]
    source = (
        links["source"].astype(object).to_numpy()[order]
        if "source" in links
        else np.full(len(order), None, dtype=object)
    )
    year = year[order]
    if len(np.unique(pair)) < len(pair):  # a pair in several years: merge its links
        merged = (
            pd.DataFrame(
                {
                    "pair": pair,
                    "weight": weight,
                    "share": share,
                    "score": score,
                    "inferred": inferred,
                    "source": source,
                    "year": year,
                }
            )
            .groupby("pair", sort=False)
            .agg(
                weight=("weight", "sum"),
                share=("share", "last"),
                score=("score", "last"),
                inferred=("inferred", "any"),
                source=("source", "last"),
                year=("year", "last"),
            )
        )
        pair, weight = merged.index.to_numpy(), merged["weight"].to_numpy()
        share, inferred = merged["share"].to_numpy(), merged["inferred"].to_numpy()
        score = merged["score"].to_numpy()
        source, year = merged["source"].to_numpy(), merged["year"].to_numpy()
    n_customers = max(len(customers), 1)
    sources = suppliers.to_numpy()[pair // n_customers].tolist()
    targets = customers.to_numpy()[pair % n_customers].tolist()
    shares = [None if x != x else x for x in share.tolist()]
    scores = [None if x != x else x for x in score.tolist()]
    labels = [None if not isinstance(s, str) else s for s in source.tolist()]
    years = [None if not np.isfinite(y) else int(y) for y in year.tolist()]
    G.add_edges_from(
        (u, v, {"weight": w, "share": sh, "score": sc, "inferred": inf, "source": src, "year": yr})
        for u, v, w, sh, sc, inf, src, yr in zip(
            sources,
            targets,
            weight.tolist(),
            shares,
            scores,
            inferred.tolist(),
            labels,
            years,
            strict=True,
        )
    )
    return G
