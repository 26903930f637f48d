"""The inferred-links dataset in a real Neo4j: its own dataset id, and it drives the supply
queries and the cascade (issue #14 item 4)."""

from __future__ import annotations

import os
from typing import Any

import pandas as pd
import pytest
from click.testing import CliRunner

from clusteratlas.cli import cli
from clusteratlas.graph.analytics.cascade import cascade
from clusteratlas.graph.definitions.supply import supply_network
from clusteratlas.graph.neo4j_store.load import remove_dataset
from clusteratlas.graph.neo4j_store.read import read_supply_network
from clusteratlas.loaders.bundled import load_bundled
from clusteratlas.queries.runner import run_query

LINKS = "china-inferred-links"


def _count(db: Any, query: str) -> int:
    database = os.environ.get("NEO4J_DATABASE", "neo4j")
    return int(db.execute_query(query, database_=database).records[0][0])


def test_inferred_links_load_under_their_own_id_and_drive_supply_questions(
    china_db_to_write: Any, neo4j_settings: Any, china: Any
) -> None:
    database = neo4j_settings.database
    empty_db = china_db_to_write  # china loaded; the test loads the links beside it
    links = load_bundled(LINKS)
    assert _count(empty_db, "MATCH ()-[l:SUPPLIES]->() RETURN count(l)") == 0
    res = CliRunner().invoke(cli, ["load", "--bundled", LINKS])  # as a user does
    assert res.exit_code == 0, res.output
    n = len(links.supply_links)
    assert _count(empty_db, "MATCH ()-[l:SUPPLIES]->() RETURN count(l)") == n
    # every link: inferred, the rule in source, tagged with the inferred dataset only
    assert (
        _count(
            empty_db,
            "MATCH ()-[l:SUPPLIES]->() WHERE l.inferred AND l.datasets = ['china-inferred-links'] "
            "AND l.source STARTS WITH 'inferred by io-coefficient-distance-topk' RETURN count(l)",
        )
        == n
    )
    # the companies are shared with china: tagged with both ids, not duplicated
    assert _count(empty_db, "MATCH (c:Company) RETURN count(c)") == len(china.companies)
    assert _count(
        empty_db,
        "MATCH (c:Company) WHERE 'china' IN c.datasets AND 'china-inferred-links' IN c.datasets "
        "RETURN count(c)",
    ) == len(links.companies)

    # the supply queries find inferred links, and say so
    single = run_query(empty_db, "single-supplier-dependencies", {"limit": 100000},
                       database=database)  # fmt: skip
    G = supply_network(links)
    one_supplier = [v for v in G.nodes if G.in_degree(v) == 1]
    assert len(single) == len(one_supplier) > 0 and single["inferred"].all()
    # inferred links carry a score (a ranking), never an input share; ties say so
    assert single["share"].isna().all() and (single["score"] == 1.0).all()
    assert (single["tied"] >= 0).all()
    assert _count(empty_db, "MATCH ()-[l:SUPPLIES]->() WHERE l.share IS NULL AND "
                  "l.score > 0 AND l.tied >= 0 RETURN count(l)") == n  # fmt: skip
    tied = int((links.supply_links["tied"] > 0).sum())
    assert _count(empty_db, "MATCH ()-[l:SUPPLIES]->() WHERE l.tied > 1 RETURN count(l)") == tied
    hub = max(G.nodes, key=G.out_degree)
    buyer = sorted(G.successors(hub))[0]
    paths = run_query(empty_db, "supply-paths", {"supplier": hub, "customer": buyer},
                      database=database)  # fmt: skip
    assert paths["hops"].iloc[0] == 1 and paths["inferred"].all()

    # the cascade on the network read back from Neo4j equals the one on the dataset
    H = read_supply_network(empty_db, database=database)
    assert H.number_of_edges() == n and all(a["inferred"] for *_, a in H.edges(data=True))
    from_graph = cascade(H, [hub], threshold=0.3, weight="score")
    from_data = cascade(G, [hub], threshold=0.3, weight="score")
    failed = set(from_graph.index[from_graph["failed"]])
    assert failed == set(from_data.index[from_data["failed"]]) and len(failed) > 1

    # offline, the two bundled datasets combined are what the graph holds
    from clusteratlas.graph.neo4j_store.read import read_dataset
    from clusteratlas.loaders.combine import combine_datasets
    from clusteratlas.loaders.dataset import TABLES

    stored = read_dataset(empty_db, database=database)
    offline = combine_datasets(china, links)
    for table in ("supply_links", "companies", "regions", "company_industries"):
        key = list(TABLES[table].key)
        a = stored.table(table).sort_values(key).reset_index(drop=True)
        b = offline.table(table).sort_values(key).reset_index(drop=True)
        pd.testing.assert_frame_equal(a, b, check_dtype=False, obj=table)

    # removing the inferred dataset takes the links and leaves china whole
    remove_dataset(empty_db, LINKS, database=database)
    assert _count(empty_db, "MATCH ()-[l:SUPPLIES]->() RETURN count(l)") == 0
    assert _count(empty_db, "MATCH (c:Company) RETURN count(c)") == len(china.companies)
    assert (
        _count(empty_db, "MATCH (n) WHERE 'china-inferred-links' IN n.datasets RETURN count(n)")
        == 0
    )


@pytest.mark.parametrize("name", ["single-supplier-dependencies", "supply-paths"])
def test_supply_query_descriptions_say_links_may_be_inferred(name: str) -> None:
    from clusteratlas.queries.library import load_library

    assert "inferred" in load_library()[name].description


def test_no_single_supplier_pair_of_financial_or_leasing_firms(
    china_db_to_write: Any, neo4j_settings: Any
) -> None:
    """Issue 24 item 3, the done-when: on china + china-inferred-links in Neo4j,
    single-supplier-dependencies returns no pair of financial or leasing companies (Shenwan
    banks or non-bank finance: securities, insurance, leasing, trusts ...), and no inferred
    link touches one; 申万宏源 and 渤海租赁 (issue's example) have no link at all."""
    database = neo4j_settings.database
    db = china_db_to_write
    res = CliRunner().invoke(cli, ["load", "--bundled", LINKS])
    assert res.exit_code == 0, res.output
    finance = {
        r["id"]
        for r in db.execute_query(
            "MATCH (c:Company)-[:IN_INDUSTRY]->(:Industry)-[:SUBDIVISION_OF*0..]->(i:Industry) "
            "WHERE i.code IN ['SW2021:480000', 'SW2021:490000'] RETURN DISTINCT c.id AS id",
            database_=database,
        ).records
    }
    assert len(finance) > 30 and {"SZSE:000166", "SZSE:000415"} <= finance
    single = run_query(db, "single-supplier-dependencies", {"limit": 100000}, database=database)
    assert len(single) > 0
    both = single[single["customer_id"].isin(finance) & single["supplier_id"].isin(finance)]
    assert both.empty, both
    assert not (set(single["customer_id"]) | set(single["supplier_id"])) & finance
    touching = db.execute_query(
        "MATCH (a:Company)-[l:SUPPLIES]->(b:Company) WHERE a.id IN $ids OR b.id IN $ids "
        "RETURN count(l) AS n",
        ids=sorted(finance),
        database_=database,
    ).records[0]["n"]
    assert touching == 0
    assert _count(db, "MATCH ()-[l:SUPPLIES]->() RETURN count(l)") > 6000
    remove_dataset(db, LINKS, database=database)
