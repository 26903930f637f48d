"""Read Neo4j back into analytics inputs: the full Dataset, and projections read by Cypher.

:func:`read_dataset` rebuilds the canonical tables from the graph (the round
trip of :func:`~clusteratlas.graph.neo4j_store.load.load_dataset`). The projections
(:func:`read_region_industry_matrix`, :func:`read_supply_network`,
:func:`read_industry_network`, :func:`read_region_hierarchy`) read only what they need
with one query each and return the same objects as the definitions floor builds from a
Dataset (:mod:`clusteratlas.graph.definitions`). Every query is read-only and parameterised; passing
``dataset`` restricts the read to what the loads of that dataset id wrote.

Examples
--------
>>> ds = read_dataset(driver, database="neo4j", dataset="china")  # doctest: +SKIP
>>> E = read_region_industry_matrix(driver, year=2020, measure='employment',  # doctest: +SKIP
...                                 scheme='GB4754', level='county')
"""

from __future__ import annotations

import json
import logging
from itertools import chain
from typing import TYPE_CHECKING, Any

import networkx as nx
import pandas as pd

from clusteratlas.errors import MatrixError, QueryError
from clusteratlas.graph.definitions.io_table import links_network
from clusteratlas.graph.definitions.matrix import matrix_from_rows
from clusteratlas.graph.definitions.supply import supply_graph
from clusteratlas.graph.neo4j_store.driver_errors import driver_errors
from clusteratlas.graph.neo4j_store.values import from_neo4j
from clusteratlas.loaders.dataset import TABLES, Dataset

if TYPE_CHECKING:
    import neo4j

log = logging.getLogger("clusteratlas")

__all__ = [
    "read_dataset",
    "read_industry_network",
    "read_region_hierarchy",
    "read_region_industry_matrix",
    "read_supply_network",
]

# $dataset IS NULL reads everything; otherwise only elements tagged with it.
_IN = "($dataset IS NULL OR $dataset IN {0}.datasets)"

TABLE_QUERIES: dict[str, str] = {
    "regions": f"""
        MATCH (n:Region) WHERE {_IN.format("n")}
        OPTIONAL MATCH (n)-[p:PART_OF]->(parent:Region) WHERE {_IN.format("p")}
        RETURN n.code AS code, n.name AS name, n.level AS level,
               parent.code AS parent_code, n.lon AS lon, n.lat AS lat""",
    "industries": f"""
        MATCH (n:Industry) WHERE {_IN.format("n")}
        OPTIONAL MATCH (n)-[p:SUBDIVISION_OF]->(parent:Industry) WHERE {_IN.format("p")}
        RETURN n.code AS code, n.name AS name, n.name_en AS name_en, n.scheme AS scheme,
               n.level AS level, parent.code AS parent_code""",
    "companies": f"""
        MATCH (n:Company) WHERE {_IN.format("n")}
        OPTIONAL MATCH (n)-[l:LOCATED_IN]->(r:Region) WHERE {_IN.format("l")}
        RETURN n.id AS id, n.name AS name, n.exchange AS exchange, n.ticker AS ticker,
               r.code AS region_code, n.listed_on AS listed_on, n.employees AS employees,
               n.revenue AS revenue, n.market_cap AS market_cap,
               l.basis AS placement_basis, l.reason AS placement_reason""",
    "company_industries": f"""
        MATCH (c:Company)-[x:IN_INDUSTRY]->(i:Industry) WHERE {_IN.format("x")}
        RETURN c.id AS company_id, i.code AS industry_code, x.share AS share,
               x.primary AS primary""",
    "region_industries": f"""
        MATCH (r:Region)-[x:HAS_INDUSTRY]->(i:Industry) WHERE {_IN.format("x")}
        RETURN r.code AS region_code, i.code AS industry_code, x.year AS year,
               x.measure AS measure, x.value AS value, x.basis AS basis""",
    "supply_links": f"""
        MATCH (a:Company)-[x:SUPPLIES]->(b:Company) WHERE {_IN.format("x")}
        RETURN a.id AS supplier_id, b.id AS customer_id, x.year AS year, x.value AS value,
               x.share AS share, x.score AS score, x.tied AS tied, x.source AS source,
               x.inferred AS inferred""",
    "industry_links": f"""
        MATCH (a:Industry)-[x:INPUT_TO]->(b:Industry) WHERE {_IN.format("x")}
        RETURN a.code AS from_code, b.code AS to_code, x.year AS year, x.flow AS flow,
               x.coefficient AS coefficient""",
    "industry_final_uses": f"""
        MATCH (a:Industry)-[x:SOLD_TO]->(f:FinalDemand) WHERE {_IN.format("x")}
        RETURN a.code AS industry_code, x.year AS year, f.code AS category,
               f.name AS category_name, x.value AS value, x.unit AS unit""",
    "industry_crosswalk": f"""
        MATCH (a:Industry)-[x:MAPS_TO]->(b:Industry) WHERE {_IN.format("x")}
        RETURN a.code AS from_code, b.code AS to_code, x.weight AS weight, x.basis AS basis""",
    "industry_bridge": f"""
        MATCH (a:Industry)-[x:STAFFS]->(b:Industry) WHERE {_IN.format("x")}
        RETURN a.code AS from_code, b.code AS to_code, x.weight AS weight,
               x.source AS source""",
    "region_overlaps": f"""
        MATCH (a:Region)-[x:OVERLAPS]->(b:Region) WHERE {_IN.format("x")}
        RETURN a.code AS region_code, b.code AS overlaps_code, x.share AS share,
               x.source AS source""",
    "region_indicators": f"""
        MATCH (r:Region)-[x:MEASURED]->(:Indicator) WHERE {_IN.format("x")}
        RETURN r.code AS region_code, x.indicator AS indicator, x.year AS year,
               x.value AS value, x.unit AS unit, x.source AS source,
               x.qualifier AS qualifier""",
    # clusters a load wrote (they carry datasets); written-back ones are analysis output
    "clusters": f"""
        MATCH (n:Cluster) WHERE n.datasets IS NOT NULL AND {_IN.format("n")}
        OPTIONAL MATCH (n)-[x:IN_REGION]->(r:Region) WHERE {_IN.format("x")}
        RETURN n.id AS id, n.kind AS kind, n.label AS label, r.code AS region_code,
               n.year AS year, n.source AS source, n.note AS note""",
    "cluster_industries": f"""
        MATCH (n:Cluster)-[x:OF_INDUSTRY]->(i:Industry)
        WHERE x.datasets IS NOT NULL AND {_IN.format("x")}
        RETURN n.id AS cluster_id, i.code AS industry_code""",
}


SAMPLES_QUERY = f"""
    MATCH (r:Region)-[x:HAS_INDUSTRY]->(:Industry) WHERE x.sample = true AND {_IN.format("x")}
    RETURN DISTINCT x.measure AS measure, r.level AS level"""
"""Which measures are sample counts at which region levels (``dataset.json`` ``samples``)."""

UNITS_QUERY = f"""
    MATCH (r:Region)-[x:HAS_INDUSTRY]->(:Industry) WHERE x.unit IS NOT NULL AND {_IN.format("x")}
    RETURN DISTINCT x.measure AS measure, r.level AS level, x.unit AS unit"""
"""The unit of each measure at each region level (``dataset.json`` ``units``)."""

ANALYSIS_QUERY = """
    MATCH (d:Dataset) WHERE ($dataset IS NULL OR d.id = $dataset) AND d.analysis IS NOT NULL
    RETURN d.id AS id, d.analysis AS analysis ORDER BY id"""
"""The default analysis choices of the loaded datasets (``dataset.json`` ``analysis``)."""

DESCRIPTION_QUERY = """
    MATCH (d:Dataset) WHERE ($dataset IS NULL OR d.id = $dataset)
    RETURN d.id AS id, d.industry_groups AS industry_groups,
           d.industry_markets AS industry_markets,
           d.featured_regions AS featured_regions ORDER BY id"""
"""What the loaded datasets declare about their data (``dataset.json`` ``industry_groups``,
``industry_markets``, ``featured_regions``)."""


def _read(driver: neo4j.Driver, query: str, database: str, **params: Any) -> pd.DataFrame:
    records, _, keys = driver.execute_query(
        query, parameters_=params, database_=database, routing_="r"
    )
    return pd.DataFrame([r.values() for r in records], columns=list(keys))


def _records(
    driver: neo4j.Driver, query: str, database: str, **params: Any
) -> list[dict[str, Any]]:
    records, _, _ = driver.execute_query(
        query, parameters_=params, database_=database, routing_="r"
    )
    return [record.data() for record in records]


def _values(driver: neo4j.Driver, query: str, database: str, **params: Any) -> list[list[Any]]:
    """Rows as lists (no per-record dict: the projection reads up to millions of rows)."""
    with driver.session(database=database, default_access_mode="READ") as session:
        rows: list[list[Any]] = session.run(query, params).values()
        return rows


CHUNK = 1000
"""Companies per record in the chunked projection queries."""


def _chunked(driver: neo4j.Driver, query: str, database: str, **params: Any) -> list[list[Any]]:
    """Rows of a query that returns them in chunks (one list of row lists per record)."""
    chunks = _values(driver, query, database, chunk=CHUNK, **params)
    return list(chain.from_iterable(rows for (rows,) in chunks))


@driver_errors("reading the graph back", QueryError)
def read_dataset(
    driver: neo4j.Driver, *, database: str = "neo4j", dataset: str | None = None
) -> Dataset:
    """Rebuild the canonical tables from the graph (rows sorted by each table's key).

    Derived relationship properties (``share``, ``lq`` on HAS_INDUSTRY) and
    written-back scores are not part of the tables and are not read; nor are the
    clusters the analytics wrote back (only clusters a load wrote, which carry
    ``datasets``).

    Parameters
    ----------
    driver : neo4j.Driver
        From :func:`~clusteratlas.graph.neo4j_store.connection.connect`.
    database : str, default "neo4j"
        The database read.
    dataset : str, optional
        Only what the loads of this dataset id wrote; None reads the whole graph.

    Returns
    -------
    Dataset
        ``metadata`` says where it came from (``source='neo4j'``, ``database``, ``dataset``)
        and, when the load marked sample counts (``HAS_INDUSTRY.sample``), ``samples``
        (measure -> region levels, as ``dataset.json`` declared them), and when it stored
        units (``HAS_INDUSTRY.unit``), ``units`` (measure -> {region level: unit}); and
        ``analysis``, ``industry_groups`` and ``featured_regions`` as the ``Dataset``
        nodes stored them.

    Examples
    --------
    >>> read_dataset(driver, dataset="china").counts()["regions"]  # doctest: +SKIP
    3211
    """
    frames: dict[str, pd.DataFrame] = {}
    for name, query in TABLE_QUERIES.items():
        frame = _read(driver, query, database, dataset=dataset)
        if frame.empty:
            frame = pd.DataFrame(columns=TABLES[name].column_names)
        if name == "companies" and not frame.empty:
            frame["listed_on"] = pd.to_datetime(frame["listed_on"].map(from_neo4j))
        frame = frame.sort_values(list(TABLES[name].key), kind="stable")
        frames[name] = frame.reset_index(drop=True)
    metadata: dict[str, Any] = {"source": "neo4j", "database": database, "dataset": dataset}
    if dataset is not None:
        metadata["id"] = dataset
    samples = _read(driver, SAMPLES_QUERY, database, dataset=dataset)
    if not samples.empty:  # dataset.json "samples", as the load marked them (HAS_INDUSTRY.sample)
        metadata["samples"] = {
            str(m): sorted(str(v) for v in g["level"]) for m, g in samples.groupby("measure")
        }
    units = _read(driver, UNITS_QUERY, database, dataset=dataset)
    if not units.empty:  # dataset.json "units", by measure and region level (HAS_INDUSTRY.unit)
        metadata["units"] = {
            str(m): {str(lv): str(u) for lv, u in zip(g["level"], g["unit"], strict=True)}
            for m, g in units.sort_values(["measure", "level"]).groupby("measure")
        }
    analysis = _analysis(_read(driver, ANALYSIS_QUERY, database, dataset=dataset))
    if analysis:
        metadata["analysis"] = analysis
    described = _read(driver, DESCRIPTION_QUERY, database, dataset=dataset)
    groups = _agreed(described, "industry_groups")
    if groups is not None:  # dataset.json industry_groups (related variety's grouping)
        metadata["industry_groups"] = json.loads(groups)
    markets = _agreed(described, "industry_markets")
    if markets is not None:  # dataset.json industry_markets (which industries form clusters)
        metadata["industry_markets"] = json.loads(markets)
    featured = [  # every loaded dataset's featured regions, in dataset id order
        str(code)
        for codes in described.get("featured_regions", [])
        if isinstance(codes, list)
        for code in codes
    ]
    if featured:
        metadata["featured_regions"] = list(dict.fromkeys(featured))
    return Dataset.from_frames(metadata=metadata, **frames)


def _analysis(rows: pd.DataFrame) -> dict[str, Any]:
    """The analysis choices the loaded datasets agree on (a choice two datasets set
    differently is left to inference, with a log line naming both)."""
    merged: dict[str, Any] = {}
    conflicts: set[str] = set()
    for dataset_id, text in zip(rows.get("id", []), rows.get("analysis", []), strict=True):
        for key, value in json.loads(text).items():
            if key in merged and merged[key] != value:
                conflicts.add(key)
                log.warning(
                    "datasets disagree on the analysis choice %s (%r, and %r in %s): inferred "
                    "from the data instead",
                    key,
                    merged[key],
                    value,
                    dataset_id,
                )
            merged.setdefault(key, value)
    return {k: v for k, v in merged.items() if k not in conflicts}


def _agreed(rows: pd.DataFrame, column: str) -> Any:
    """The one value of ``column`` the loaded datasets that set it agree on; None when
    none sets it, or when two differ (with a log line naming them)."""
    if column not in rows.columns:
        return None
    found = rows.dropna(subset=[column])
    values = list(dict.fromkeys(found[column]))
    if len(values) > 1:
        log.warning(
            "datasets %s declare different %s: left out",
            ", ".join(map(str, found["id"])),
            column,
        )
        return None
    return values[0] if values else None


@driver_errors("reading the graph back", QueryError)
def read_region_industry_matrix(
    driver: neo4j.Driver,
    *,
    year: int,
    measure: str,
    scheme: str,
    level: str | None,
    industry_level: str | None = None,
    database: str = "neo4j",
    dataset: str | None = None,
) -> pd.DataFrame:
    """E read from HAS_INDUSTRY, one slice stated in full (as the analysis scope states it).

    The same matrix as :func:`~clusteratlas.graph.definitions.matrix.slice_matrix` on the
    loaded Dataset (both go through ``matrix_from_rows``): values summed per cell, absent
    combinations 0.0, both axes sorted and unnamed, only regions and industries with an
    observation.

    Parameters
    ----------
    driver : neo4j.Driver
        From :func:`~clusteratlas.graph.neo4j_store.connection.connect`.
    year, measure, scheme : int, str, str
        The slice (e.g. ``scope.year``, ``scope.measure``, ``scope.scheme``).
    level : str or None
        Region level of the rows (None: every level).
    industry_level : str, optional
        Industry level of the columns (None: every level of the scheme).
    database, dataset : str, optional
        The database, and one loaded dataset's id (None: every dataset).

    Returns
    -------
    DataFrame
        E, regions x industries.

    Raises
    ------
    MatrixError
        Nothing matches.

    Examples
    --------
    >>> read_region_industry_matrix(driver, year=2020, measure="employment",  # doctest: +SKIP
    ...                             scheme="GB4754", level="county")
    """
    query = f"""
        MATCH (r:Region)-[x:HAS_INDUSTRY {{year: $year, measure: $measure}}]
              ->(i:Industry {{scheme: $scheme}})
        WHERE ($level IS NULL OR r.level = $level)
          AND ($industry_level IS NULL OR i.level = $industry_level) AND {_IN.format("x")}
        RETURN r.code AS region, i.code AS industry, x.value AS value"""
    rows = _read(
        driver,
        query,
        database,
        level=level,
        industry_level=industry_level,
        year=int(year),
        measure=measure,
        scheme=scheme,
        dataset=dataset,
    )
    if rows.empty:
        raise MatrixError(
            f"Neo4j: no HAS_INDUSTRY for year {year}, measure {measure!r}, scheme {scheme!r}, "
            f"region level {level!r}"
        )
    return matrix_from_rows(rows, "region", "industry")


@driver_errors("reading the graph back", QueryError)
def read_supply_network(
    driver: neo4j.Driver,
    year: int | None = None,
    *,
    database: str = "neo4j",
    dataset: str | None = None,
) -> nx.DiGraph:
    """Firm supply network from SUPPLIES, as :func:`~clusteratlas.graph.definitions.supply.
    supply_network` builds it from the loaded Dataset (the same graph, edge for edge).

    Parameters
    ----------
    driver : neo4j.Driver
        From :func:`~clusteratlas.graph.neo4j_store.connection.connect`.
    year : int, optional
        Only the links of this year (None: every year, merged).
    database, dataset : str, optional
        The database, and one loaded dataset's id (None: every dataset).

    Returns
    -------
    DiGraph
        :func:`~clusteratlas.graph.definitions.supply.supply_graph` of the companies and
        their SUPPLIES links.

    Examples
    --------
    >>> G = read_supply_network(driver, 2020)  # doctest: +SKIP
    """
    # Records carry chunks of rows as lists: the driver's cost is per record (one Bolt
    # message each), so 1M links come back as ~100 records (about 4 s) instead of 1M
    # (about 30 s). Each chunk is one subquery over CHUNK companies, so the server holds
    # one chunk's rows at a time; supply_graph merges and orders the links.
    nodes = _chunked(
        driver,
        f"""MATCH (c:Company) WHERE {_IN.format("c")}
            WITH collect(c) AS companies
            UNWIND range(0, size(companies) - 1, $chunk) AS i
            CALL (companies, i) {{
                UNWIND companies[i..i + $chunk] AS c
                OPTIONAL MATCH (c)-[l:LOCATED_IN]->(r:Region) WHERE {_IN.format("l")}
                RETURN collect([c.id, c.name, r.code]) AS rows
            }}
            RETURN rows""",
        database,
        dataset=dataset,
    )
    links = _chunked(
        driver,
        f"""MATCH (a:Company) WITH collect(a) AS companies
            UNWIND range(0, size(companies) - 1, $chunk) AS i
            CALL (companies, i) {{
                UNWIND companies[i..i + $chunk] AS a
                MATCH (a)-[x:SUPPLIES]->(b:Company)
                WHERE ($year IS NULL OR x.year = $year) AND {_IN.format("x")}
                RETURN collect([a.id, b.id, x.year, x.value, x.share, x.score, x.inferred,
                                x.source]) AS rows
            }}
            RETURN rows""",
        database,
        year=None if year is None else int(year),
        dataset=dataset,
    )
    nodes_frame = pd.DataFrame(nodes, columns=["id", "name", "region_code"])
    columns = ["supplier", "customer", "year", "value", "share", "score", "inferred", "source"]
    return supply_graph(nodes_frame.sort_values("id"), pd.DataFrame(links, columns=columns))


@driver_errors("reading the graph back", QueryError)
def read_industry_network(
    driver: neo4j.Driver, year: int, *, database: str = "neo4j", dataset: str | None = None
) -> nx.DiGraph:
    """Input-output network from INPUT_TO for ``year``: edge ``flow``, ``coefficient``, ``weight``.

    ``weight`` is the coefficient a_ij. Nodes are the industries with a link that year.
    The stored counterpart of
    :func:`~clusteratlas.graph.definitions.io_table.industry_network`.

    Parameters
    ----------
    driver : neo4j.Driver
        From :func:`~clusteratlas.graph.neo4j_store.connection.connect`.
    year : int
        The input-output year.
    database : str, default "neo4j"
        The database read.
    dataset : str, optional
        Only what the loads of this dataset id wrote; None reads the whole graph.

    Returns
    -------
    DiGraph
        Industry code -> industry code, edges with ``flow`` (z_ij), ``coefficient`` and
        ``weight`` (both a_ij); empty when the year has no links.

    Raises
    ------
    QueryError
        Neo4j rejected the query.
    Neo4jUnavailableError
        The server cannot be reached (exit code 3).

    Examples
    --------
    >>> G = read_industry_network(driver, 2020)  # doctest: +SKIP
    """
    links = _records(
        driver,
        f"""MATCH (a:Industry)-[x:INPUT_TO {{year: $year}}]->(b:Industry)
            WHERE {_IN.format("x")}
            RETURN a.code AS source, b.code AS target, x.flow AS flow,
                   x.coefficient AS coefficient""",
        database,
        year=int(year),
        dataset=dataset,
    )
    frame = pd.DataFrame(
        [(r["source"], r["target"], r["flow"], r["coefficient"]) for r in links],
        columns=["from_code", "to_code", "flow", "coefficient"],
    )
    return links_network(frame)


@driver_errors("reading the graph back", QueryError)
def read_region_hierarchy(
    driver: neo4j.Driver, *, database: str = "neo4j", dataset: str | None = None
) -> nx.DiGraph:
    """The region tree from PART_OF: edges parent -> child, node attrs ``name`` and ``level``.

    Parameters
    ----------
    driver : neo4j.Driver
        From :func:`~clusteratlas.graph.neo4j_store.connection.connect`.
    database : str, default "neo4j"
        The database read.
    dataset : str, optional
        Only what the loads of this dataset id wrote; None reads the whole graph.

    Returns
    -------
    DiGraph
        One node per region (code), with ``name`` and ``level``; an edge from each
        region's parent to it.

    Raises
    ------
    QueryError
        Neo4j rejected the query.
    Neo4jUnavailableError
        The server cannot be reached (exit code 3).

    Examples
    --------
    >>> T = read_region_hierarchy(driver)  # doctest: +SKIP
    >>> sorted(T.successors("440300"))[:1]  # doctest: +SKIP
    ['440303']
    """
    nodes = _records(
        driver,
        f"""MATCH (n:Region) WHERE {_IN.format("n")}
            OPTIONAL MATCH (n)-[p:PART_OF]->(parent:Region) WHERE {_IN.format("p")}
            RETURN n.code AS code, n.name AS name, n.level AS level, parent.code AS parent""",
        database,
        dataset=dataset,
    )
    T: nx.DiGraph[str] = nx.DiGraph()
    for node in nodes:
        T.add_node(node["code"], name=node["name"], level=node["level"])
    for node in nodes:
        if node["parent"] is not None:
            T.add_edge(node["parent"], node["code"])
    return T
