"""Projections of a :class:`~clusteratlas.loaders.dataset.Dataset` into matrices and graphs.

The analytics read these objects, never files or Neo4j;
``clusteratlas.graph.neo4j_store.read`` builds the same objects from a Neo4j graph.

- :func:`region_industry_matrix`: E, rows regions of one level, columns industries
  of one scheme, float values, absent combinations 0.0, both axes sorted;
- :func:`supply_network`: firms, supplier -> customer, ``weight`` and ``inferred``;
- :func:`industry_network`: industries, ``flow``, ``coefficient``, ``weight`` = coefficient;
- :func:`input_output_table`: the national table (flows, gross output, final use),
  optionally aggregated to another scheme (NBS42 sectors -> GB4754 sections);
- helpers mapping industries across schemes and regions up the hierarchy.

Examples
--------
>>> ds = example_dataset()
>>> region_industry_matrix(ds, 2020).loc["11", "GB4754:A"]
np.float64(30.0)
>>> sorted(industry_network(ds, 2020).edges)
[('NBS42:01', 'NBS42:06'), ('NBS42:06', 'NBS42:01')]
"""

from __future__ import annotations

from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from clusteratlas.errors import MatrixError
from clusteratlas.graph.analytics._cache import dataset_cached
from clusteratlas.graph.analytics.hierarchy import climb, parents_of
from clusteratlas.graph.analytics.input_output import InputOutputTable
from clusteratlas.loaders.dataset import Dataset

__all__ = [
    "company_table",
    "example_dataset",
    "industry_mapping",
    "industry_network",
    "input_output_table",
    "matrix_from_rows",
    "national_region",
    "national_series",
    "region_ancestors",
    "region_industry_matrix",
    "supply_graph",
    "supply_network",
]


@dataset_cached
def region_industry_matrix(
    dataset: Dataset,
    year: int,
    measure: str = "employment",
    scheme: str = "GB4754",
    level: str | None = "county",
    *,
    industry_level: str | None = None,
) -> pd.DataFrame:
    """E for one year and measure: rows regions of ``level`` (None: all), columns ``scheme``
    (only its industries of ``industry_level`` unless None).

    Values are summed per cell, absent combinations are 0.0, index and columns sorted,
    neither axis named. Only regions and industries with an observation appear.
    Which slice to take is the analysis scope's choice:
    :meth:`~clusteratlas.graph.analytics.scope.AnalysisScope.matrix` calls this with it.

    Raises
    ------
    MatrixError
        Nothing matches; the message lists the years and measures there are.

    Examples
    --------
    >>> region_industry_matrix(example_dataset(), 2020, level=None).shape
    (3, 2)
    """
    ri = dataset.region_industries
    ind = dataset.industries.set_index("code")
    reg = dataset.regions.set_index("code")
    keep = (ri["year"] == year) & (ri["measure"] == measure)
    keep &= ri["industry_code"].map(ind["scheme"]).eq(scheme).fillna(False)
    if industry_level is not None:
        keep &= ri["industry_code"].map(ind["level"]).eq(industry_level).fillna(False)
    if level is not None:
        keep &= ri["region_code"].map(reg["level"]).eq(level).fillna(False)
    rows = ri[keep.astype(bool)]
    if rows.empty:
        have = ri[["year", "measure"]].drop_duplicates().astype(str).agg(" ".join, axis=1)
        raise MatrixError(
            f"region_industries: no rows for year {year}, measure {measure!r}, scheme "
            f"{scheme!r}, region level {level!r}; (year measure) present: {sorted(set(have))}"
        )
    return matrix_from_rows(rows, "region_code", "industry_code")


def matrix_from_rows(
    rows: pd.DataFrame, index: str, columns: str, values: str = "value"
) -> pd.DataFrame:
    """Long rows -> the region x industry matrix E, with the conventions every reader shares.

    Values summed per cell, absent cells 0.0, both axes sorted and unnamed, float64:
    the Dataset projection and the Neo4j reader go through this one function, so
    their matrices compare equal.

    >>> rows = pd.DataFrame({"r": ["b", "a", "a"], "i": ["X", "X", "Y"], "value": [1, 2, 3]})
    >>> matrix_from_rows(rows, "r", "i").to_dict()
    {'X': {'a': 2.0, 'b': 1.0}, 'Y': {'a': 3.0, 'b': 0.0}}
    """
    rows = rows.assign(**{values: rows[values].astype("float64")})  # 0.0 fills a float column
    E = rows.pivot_table(index=index, columns=columns, values=values, aggfunc="sum", fill_value=0.0)
    E = E.sort_index().sort_index(axis=1)
    E.index.name, E.columns.name = None, None
    return E


def supply_network(dataset: Dataset, year: int | None = None) -> nx.DiGraph:
    """Firm supply network: every company a node, edges supplier -> customer.

    Node attrs ``name``, ``region_code``. Edge attrs ``weight`` (``value``; 1.0 when the
    value is unknown, so an unvalued link still counts as one link), ``share`` (last
    known), ``inferred``. ``year=None`` merges every year: weights summed, ``inferred``
    true when any year's link is inferred.

    Examples
    --------
    >>> G = supply_network(example_dataset())
    >>> G.edges["f1", "f2"]
    {'weight': 5.0, 'share': 0.5, 'inferred': True}
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
    """The supply DiGraph from a node table and a link table (shared by both projections).

    ``nodes``: ``id``, ``name``, ``region_code``. ``links``: ``supplier``, ``customer``,
    ``year``, ``value``, ``share``, ``inferred``. Links of one pair (several years) are
    merged in (year, supplier, customer) order: ``weight`` = sum of values (a missing
    value counts 1.0), ``share`` = the last known share (None if none), ``inferred`` =
    any. Vectorised (pandas group-by, one ``add_edges_from``): about 1M links in a few
    seconds.

    >>> nodes = pd.DataFrame({"id": ["a", "b"], "name": ["A", "B"], "region_code": ["1", "1"]})
    >>> links = pd.DataFrame({"supplier": ["a", "a"], "customer": ["b", "b"], "year": [1, 2],
    ...                       "value": [2.0, None], "share": [0.5, None],
    ...                       "inferred": [False, True]})
    >>> supply_graph(nodes, links).edges["a", "b"]
    {'weight': 3.0, 'share': 0.5, 'inferred': True}
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
    inferred = links["inferred"].astype("boolean").fillna(False).to_numpy(dtype=bool)[order]
    if len(np.unique(pair)) < len(pair):  # a pair in several years: merge its links
        merged = (
            pd.DataFrame({"pair": pair, "weight": weight, "share": share, "inferred": inferred})
            .groupby("pair", sort=False)
            .agg(weight=("weight", "sum"), share=("share", "last"), inferred=("inferred", "any"))
        )
        pair, weight = merged.index.to_numpy(), merged["weight"].to_numpy()
        share, inferred = merged["share"].to_numpy(), merged["inferred"].to_numpy()
    n_customers = max(len(customers), 1)
    sources = suppliers.to_numpy()[pair // n_customers].tolist()
    targets = customers.to_numpy()[pair % n_customers].tolist()
    shares = [None if x != x else x for x in share.tolist()]
    G.add_edges_from(
        (u, v, {"weight": w, "share": sh, "inferred": inf})
        for u, v, w, sh, inf in zip(
            sources, targets, weight.tolist(), shares, inferred.tolist(), strict=True
        )
    )
    return G


def industry_network(dataset: Dataset, year: int, scheme: str | None = None) -> nx.DiGraph:
    """Input-output network of ``year``: edges from -> to with ``flow``, ``coefficient``,
    ``weight`` (= coefficient a_ij). Nodes are the industries with a link that year
    (only links from industries of ``scheme`` unless None).

    Examples
    --------
    >>> G = industry_network(example_dataset(), 2020)
    >>> G.edges["NBS42:01", "NBS42:06"]["coefficient"]
    0.25
    """
    links = dataset.industry_links
    links = links[links["year"] == year]
    if scheme is not None:
        schemes = links["from_code"].map(dataset.industries.set_index("code")["scheme"])
        links = links[schemes == scheme]
    links = links.sort_values(["from_code", "to_code"])
    G: nx.DiGraph = nx.DiGraph()
    row: Any
    for row in links.itertuples(index=False):
        G.add_edge(
            row.from_code,
            row.to_code,
            flow=float(row.flow),
            coefficient=float(row.coefficient),
            weight=float(row.coefficient),
        )
    return G


def national_region(dataset: Dataset) -> str:
    """The code of the one region of level ``country`` (the bundled data: ``100000``).

    >>> national_region(example_dataset())
    '1'
    """
    codes = dataset.regions.loc[dataset.regions["level"] == "country", "code"].tolist()
    if len(codes) != 1:
        raise MatrixError(f"regions: expected exactly one region of level 'country', got {codes}")
    return str(codes[0])


def national_series(
    dataset: Dataset, measure: str = "employment", scheme: str = "GB4754", region: str | None = None
) -> pd.DataFrame:
    """Years x industries table of the national region's ``measure`` (e.g. employment 1990-2018).

    >>> national_series(example_dataset()).loc[2019, "GB4754:A"]
    np.float64(90.0)
    """
    code = region or national_region(dataset)
    ri = dataset.region_industries
    scheme_of = ri["industry_code"].map(dataset.industries.set_index("code")["scheme"])
    rows = ri[(ri["region_code"] == code) & (ri["measure"] == measure) & (scheme_of == scheme)]
    if rows.empty:
        raise MatrixError(f"region_industries: no {measure!r} series of region {code} in {scheme}")
    table = rows.pivot_table(index="year", columns="industry_code", values="value", aggfunc="sum")
    table.index = table.index.astype("int64")
    table.index.name, table.columns.name = None, None
    return table.sort_index().sort_index(axis=1).astype("float64")


def industry_mapping(dataset: Dataset, from_scheme: str, to_scheme: str) -> pd.Series:
    """Industry of ``from_scheme`` -> its ancestor in ``to_scheme``, following ``parent_code``.

    >>> industry_mapping(example_dataset(), "NBS42", "GB4754").to_dict()
    {'NBS42:01': 'GB4754:A', 'NBS42:06': 'GB4754:C'}
    """
    ind = dataset.industries
    start = sorted(ind.loc[ind["scheme"] == from_scheme, "code"])
    in_scheme = pd.Series(ind["scheme"].eq(to_scheme).to_numpy(), index=ind["code"].to_numpy())
    found = climb(parents_of(ind), in_scheme, start=start).dropna()
    return pd.Series(found.astype(str).to_dict(), dtype="str", name=to_scheme)


def region_ancestors(dataset: Dataset, level: str) -> pd.Series:
    """Region code -> the code of its ancestor (or itself) at ``level``; absent if none.

    >>> region_ancestors(example_dataset(), "province").to_dict()
    {'1': nan, '10': '10', '11': '10', '12': '10'}
    """
    reg = dataset.regions.sort_values("code")
    at_level = pd.Series(reg["level"].eq(level).to_numpy(), index=reg["code"].to_numpy())
    return climb(parents_of(reg), at_level)


def input_output_table(
    dataset: Dataset,
    year: int,
    scheme: str = "NBS42",
    to_scheme: str | None = None,
    region: str | None = None,
) -> InputOutputTable:
    """The national input-output table of ``year`` (flows from industry_links, gross output and
    final use from the national region's ``gross_output`` / ``final_use`` measures).

    ``to_scheme`` aggregates it (e.g. NBS42 sectors into GB4754 sections via
    ``parent_code``): flows, output and final use are summed, coefficients recomputed.
    Without a ``final_use`` measure, f = x - Z 1.

    Examples
    --------
    >>> io = input_output_table(example_dataset(), 2020, to_scheme="GB4754")
    >>> io.technical_coefficients.loc["GB4754:A", "GB4754:C"]
    np.float64(0.25)
    """
    ind = dataset.industries.set_index("code")
    in_scheme = ind.index[ind["scheme"] == scheme]
    links = dataset.industry_links
    links = links[(links["year"] == year) & links["from_code"].isin(in_scheme)]
    if links.empty:
        raise MatrixError(f"industry_links: no {scheme} links for year {year}")
    # the table's sectors: the scheme's industries with a link that year (a scheme may also
    # hold coarser levels, e.g. HS sections above the chapters the table is in)
    sectors = sorted(set(links["from_code"]) | (set(links["to_code"]) & set(in_scheme)))
    code = region or national_region(dataset)
    ri = dataset.region_industries
    national = ri[
        (ri["region_code"] == code) & (ri["year"] == year) & ri["industry_code"].isin(sectors)
    ]
    output = national[national["measure"] == "gross_output"].set_index("industry_code")["value"]
    missing = [s for s in sectors if s not in output.index]
    if missing:
        raise MatrixError(
            f"region_industries: no gross_output of region {code} in {year} for {missing[:5]}"
        )
    flows = links.pivot_table(
        index="from_code", columns="to_code", values="flow", aggfunc="sum", fill_value=0.0
    ).reindex(index=sectors, columns=sectors, fill_value=0.0)
    flows.index.name, flows.columns.name = None, None
    final = national[national["measure"] == "final_use"].set_index("industry_code")["value"]
    io = InputOutputTable(
        flows.astype("float64"),
        output.reindex(sectors).astype("float64"),
        final.reindex(sectors).astype("float64") if len(final) == len(sectors) else None,
    )
    if to_scheme is None:
        return io
    return io.aggregate(industry_mapping(dataset, scheme, to_scheme))


def company_table(
    dataset: Dataset, scheme: str = "GB4754", level: str | None = "county"
) -> pd.DataFrame:
    """Companies with the region at ``level`` and their primary industry mapped to ``scheme``.

    Columns ``company_id``, ``region_code`` (the ancestor at ``level``; companies placed
    only above it, e.g. at a prefecture, are dropped), ``industry_code`` (the primary
    industry, or the largest share, mapped up through ``parent_code``; companies whose
    industry has no ancestor in ``scheme`` are dropped).

    >>> company_table(example_dataset()).values.tolist()
    [['f1', '11', 'GB4754:A'], ['f2', '12', 'GB4754:C']]
    """
    companies = dataset.companies[["id", "region_code"]]
    if level is not None:
        companies = companies.assign(
            region_code=companies["region_code"].map(region_ancestors(dataset, level))
        )
    ci = dataset.company_industries.sort_values(
        ["company_id", "primary", "share", "industry_code"], ascending=[True, False, False, True]
    ).drop_duplicates("company_id")
    schemes = dataset.industries.set_index("code")["scheme"]
    mapping = {}
    for other in sorted(set(schemes[ci["industry_code"]].dropna())):
        mapping.update(industry_mapping(dataset, other, scheme).to_dict())
    ci = ci.assign(industry_code=ci["industry_code"].map(mapping))
    out = companies.merge(ci[["company_id", "industry_code"]], left_on="id", right_on="company_id")
    out = out.dropna(subset=["region_code", "industry_code"])
    return (
        out[["company_id", "region_code", "industry_code"]]
        .astype("str")
        .sort_values("company_id")
        .reset_index(drop=True)
    )


def example_dataset() -> Dataset:
    """A tiny dataset for examples and tests: one country, one province, two counties,
    two GB4754 sections (A, C), two NBS42 sectors (01, 06), two firms and one inferred link.

    >>> example_dataset().counts()["region_industries"]
    14
    """
    regions = pd.DataFrame(
        {
            "code": ["1", "10", "11", "12"],
            "name": ["Country", "Province", "County 1", "County 2"],
            "level": ["country", "province", "county", "county"],
            "parent_code": [None, "1", "10", "10"],
        }
    )
    industries = pd.DataFrame(
        {
            "code": ["GB4754:A", "GB4754:C", "NBS42:01", "NBS42:06"],
            "name": ["Agriculture", "Manufacturing", "Farm products", "Goods"],
            "scheme": ["GB4754", "GB4754", "NBS42", "NBS42"],
            "level": ["section", "section", "sector", "sector"],
            "parent_code": [None, None, "GB4754:A", "GB4754:C"],
        }
    )
    ri = [
        ("11", "GB4754:A", 2020, "employment", 30.0),
        ("11", "GB4754:C", 2020, "employment", 10.0),
        ("12", "GB4754:A", 2020, "employment", 10.0),
        ("12", "GB4754:C", 2020, "employment", 50.0),
        ("10", "GB4754:A", 2020, "employment", 40.0),
        ("10", "GB4754:C", 2020, "employment", 60.0),
        ("1", "GB4754:A", 2017, "employment", 70.0),
        ("1", "GB4754:C", 2017, "employment", 90.0),
        ("1", "GB4754:A", 2018, "employment", 80.0),
        ("1", "GB4754:A", 2019, "employment", 90.0),
        ("1", "GB4754:C", 2018, "employment", 100.0),
        ("1", "GB4754:C", 2019, "employment", 95.0),
        ("1", "NBS42:01", 2020, "gross_output", 100.0),
        ("1", "NBS42:06", 2020, "gross_output", 200.0),
    ]
    return Dataset.from_frames(
        regions=regions,
        industries=industries,
        region_industries=pd.DataFrame(
            ri, columns=["region_code", "industry_code", "year", "measure", "value"]
        ),
        industry_links=pd.DataFrame(
            {
                "from_code": ["NBS42:01", "NBS42:06"],
                "to_code": ["NBS42:06", "NBS42:01"],
                "year": [2020, 2020],
                "flow": [50.0, 10.0],
                "coefficient": [0.25, 0.1],
            }
        ),
        companies=pd.DataFrame(
            {"id": ["f1", "f2"], "name": ["Firm 1", "Firm 2"], "region_code": ["11", "12"]}
        ),
        company_industries=pd.DataFrame(
            {
                "company_id": ["f1", "f2"],
                "industry_code": ["GB4754:A", "GB4754:C"],
                "share": [1.0, 1.0],
                "primary": [True, True],
            }
        ),
        supply_links=pd.DataFrame(
            {
                "supplier_id": ["f1"],
                "customer_id": ["f2"],
                "year": [2020],
                "value": [5.0],
                "share": [0.5],
                "source": ["example"],
                "inferred": [True],
            }
        ),
    )
