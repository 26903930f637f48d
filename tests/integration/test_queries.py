"""Every library query, run on a real Neo4j holding the bundled China dataset, equals pandas.

The bundled dataset is loaded once for the module. Its supply network is empty (no
firm-to-firm data exists offline), so the module adds a handful of supply links
between real bundled companies, flagged ``inferred=True`` with source
``test fixture``: the supply queries then have something to find. Each query's
answer is recomputed from the same Dataset in ``query_oracles.py`` and compared
value by value (columns, order, numbers to 1e-9 relative).

Also here: writes are refused by the server unless ``write=True``; parameter
values that look like Cypher stay inert strings; the timeout stops a long query;
and the CLI prints the same rows.
"""

from __future__ import annotations

import json
import os
import re
import shlex
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
import pytest
import query_oracles as oracle
from click.testing import CliRunner

from clusteratlas.cli import cli
from clusteratlas.errors import UsageError
from clusteratlas.loaders.dataset import Dataset
from clusteratlas.queries.header import parse_query_text
from clusteratlas.queries.library import load_library
from clusteratlas.queries.runner import QueryTimeoutError, WriteRefusedError, run_query

# --- the data --------------------------------------------------------------------------------


def with_test_supply_links(ds: Dataset) -> Dataset:
    """Bundled data plus a small supply network among its first eight companies (inferred)."""
    ids = sorted(ds.companies["id"])[:8]
    pairs = [(0, 1, 0.6), (1, 2, 0.5), (0, 2, None), (2, 3, 0.9), (3, 4, 0.2), (5, 4, 0.3),
             (1, 3, 0.1), (6, 7, 1.0), (4, 6, 0.7)]  # fmt: skip
    links = pd.DataFrame(
        {
            "supplier_id": [ids[a] for a, _, _ in pairs],
            "customer_id": [ids[b] for _, b, _ in pairs],
            "year": 2020,
            "value": np.nan,
            "share": [s if s is not None else np.nan for _, _, s in pairs],
            "source": "test fixture",
            "inferred": True,
        }
    )
    return ds.replace(supply_links=links)


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    from clusteratlas.loaders.bundled import load_bundled

    return with_test_supply_links(load_bundled("china"))


class World(NamedTuple):
    """The loaded dataset and what the analytics wrote back next to it."""

    dataset: Dataset
    clusters: pd.DataFrame
    members: pd.DataFrame
    scores: pd.DataFrame


@pytest.fixture(scope="module")
def world(dataset: Dataset) -> World:
    """Clusters with their centrality, and region scores, from the analytics package."""
    from clusteratlas.graph.analytics.clusters import (
        cluster_centrality,
        cluster_network,
        detect_clusters,
    )
    from clusteratlas.graph.analytics.firms import company_table
    from clusteratlas.graph.analytics.pipeline import CLUSTER_MEASURES
    from clusteratlas.graph.analytics.resilience import resilience_scores
    from clusteratlas.graph.definitions.io_table import input_output_table
    from clusteratlas.graph.definitions.matrix import region_industry_matrix
    from clusteratlas.graph.definitions.regions import region_ancestors

    found = detect_clusters(
        region_industry_matrix(dataset, 2020),
        year=2020,
        firms=company_table(dataset, "GB4754", "county"),
    )
    io = input_output_table(dataset, 2020, "NBS42", to_scheme="GB4754")
    network = cluster_network(
        found.clusters,
        found.members,
        coefficients=io.technical_coefficients,
        region_groups=region_ancestors(dataset, "prefecture"),
    )
    clusters = cluster_centrality(
        network,
        found.clusters,
        measures=CLUSTER_MEASURES,
        exact=True,  # as the pipeline: exact betweenness (igraph affords it)
    )
    scores = resilience_scores(dataset)
    scores = scores[
        ["entropy", "herfindahl", "resilience"]
        + [c for c in ("resilience_low", "resilience_high") if c in scores]
        + ["resilience_spec_low", "resilience_spec_high"]
        + ["sample_size", "small_sample"]
    ]
    return World(dataset, clusters, found.members, scores)


@pytest.fixture(scope="module")
def db(neo4j_driver: Any, neo4j_settings: Any, world: World) -> Iterator[Any]:
    """The driver, on a database holding exactly the dataset and the written-back results."""
    from conftest import wipe_database

    from clusteratlas.graph.neo4j_store.load import load_dataset
    from clusteratlas.graph.neo4j_store.writeback import write_clusters, write_region_scores

    database = neo4j_settings.database
    if os.environ.get("CLUSTERATLAS_DISPOSABLE_DB") != "1":
        pytest.fail("these tests wipe the database: set CLUSTERATLAS_DISPOSABLE_DB=1")
    wipe_database(neo4j_driver, database)
    load_dataset(neo4j_driver, world.dataset, database=database)
    write_clusters(neo4j_driver, world.clusters, world.members, parameters=oracle.SCOPE_2020,
                   database=database)  # fmt: skip
    write_region_scores(neo4j_driver, world.scores, parameters=oracle.SCOPE_2020,
                        database=database)  # fmt: skip
    yield neo4j_driver
    wipe_database(neo4j_driver, database)


def run(db: Any, name: str, **params: Any) -> pd.DataFrame:
    return run_query(db, name, params, database=os.environ.get("NEO4J_DATABASE", "neo4j"))


# --- comparison ----------------------------------------------------------------------------


def assert_same(actual: pd.DataFrame, expected: pd.DataFrame, name: str) -> None:
    """Same columns (the header's ``returns``), same rows in the same order, numbers to 1e-9."""
    spec = load_library()[name]
    assert list(actual.columns) == list(spec.returns), name
    assert list(expected.columns) == list(spec.returns), f"oracle of {name}"
    assert len(actual) == len(expected), f"{name}: {len(actual)} rows, expected {len(expected)}"
    expected = expected.reset_index(drop=True)
    for column in spec.returns:
        got, want = actual[column].tolist(), expected[column].tolist()
        for k, (g, w) in enumerate(zip(got, want, strict=True)):
            if _missing(w):
                assert _missing(g), f"{name}.{column} row {k}: {g!r}, expected null"
            elif isinstance(w, float | np.floating) and not isinstance(w, bool):
                assert g == pytest.approx(float(w), rel=1e-9, abs=1e-12), (
                    f"{name}.{column} row {k}: {g!r}, expected {w!r}"
                )
            else:
                assert _plain(g) == _plain(w), f"{name}.{column} row {k}: {g!r}, expected {w!r}"


def _missing(value: Any) -> bool:
    return value is None or (not isinstance(value, list | str) and bool(pd.isna(value)))


def _plain(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


NANSHAN, SHENZHEN, GUANGDONG, JIANGSU, CHINA = "440305", "440300", "440000", "320000", "100000"
CHINA_SCOPE = "year 2020, measure employment, scheme GB4754, industry_level section"
JINJIANG = "350582"
Oracle = Callable[..., pd.DataFrame] | str  # str: an oracle of World

# (query, parameters, oracle, whether the answer must be non-empty)
CASES: list[tuple[str, dict[str, Any], Oracle, bool]] = [
    ("listed-companies-in-region", {"region": SHENZHEN}, oracle.listed_companies_in_region, True),
    (
        "listed-companies-in-region",
        {"region": NANSHAN, "limit": 5},
        oracle.listed_companies_in_region,
        True,
    ),
    ("region-industries-by-lq", {"region": NANSHAN}, oracle.region_industries_by_lq, True),
    (
        "region-industries-by-lq",
        {"region": "330782", "year": 2010, "limit": 5},
        oracle.region_industries_by_lq,
        True,
    ),
    (
        "regions-specialised-in",
        {"industry": "GB4754:I", "limit": 100000},
        oracle.regions_specialised_in,
        True,
    ),
    (
        "regions-specialised-in",
        {"industry": "GB4754:C", "min_lq": 2.0, "min_value": 50.0},
        oracle.regions_specialised_in,
        True,
    ),
    (
        "regions-specialised-in",
        {"industry": "GB4754:I", "level": "prefecture", "limit": 100000},
        oracle.regions_specialised_in,
        True,
    ),
    (
        "diversification-in-province",
        {"province": GUANGDONG, "limit": 1000},
        oracle.diversification_in_province,
        True,
    ),
    (
        "diversification-in-province",
        {"province": JIANGSU, "least_first": True},
        oracle.diversification_in_province,
        True,
    ),
    (
        "industry-upstream",
        {"industry": "NBS42:18"},
        lambda ds, **kw: oracle.industry_chains(ds, upstream=True, **kw),
        True,
    ),
    (
        "industry-upstream",
        {"industry": "NBS42:06", "max_hops": 3, "min_coefficient": 0.08},
        lambda ds, **kw: oracle.industry_chains(ds, upstream=True, **kw),
        True,
    ),
    (
        "industry-upstream",
        {"industry": "NBS42:18", "max_hops": 4, "min_coefficient": 0.03, "limit": 100000},
        lambda ds, **kw: oracle.industry_chains(ds, upstream=True, **kw),
        True,
    ),
    (
        "industry-downstream",
        {"industry": "NBS42:14", "year": 2018},
        oracle.industry_downstream,
        True,
    ),
    ("industry-downstream", {"industry": "NBS42:08"}, oracle.industry_downstream, True),
    (
        "industry-downstream",
        {"industry": "NBS42:17", "max_hops": 3, "min_share": 0.03, "limit": 100000},
        oracle.industry_downstream,
        True,
    ),
    ("supply-paths", {"supplier": 0, "customer": 4}, oracle.supply_paths, True),
    ("supply-paths", {"supplier": 0, "customer": 4, "max_hops": 2}, oracle.supply_paths, False),
    ("single-supplier-dependencies", {}, oracle.single_supplier_dependencies, True),
    ("single-supplier-dependencies", {"min_share": 0.8}, oracle.single_supplier_dependencies, True),
    ("similar-regions", {"region": NANSHAN, "limit": 100}, oracle.similar_regions, True),
    (
        "similar-regions",
        {"region": JINJIANG, "by": "krugman", "limit": 100000},
        oracle.similar_regions,
        True,
    ),
    ("similar-regions", {"region": JINJIANG, "year": 2010}, oracle.similar_regions, True),
    ("companies-in-exposed-regions", {"limit": 100000}, oracle.companies_in_exposed_regions, True),
    (
        "companies-in-exposed-regions",
        {"industry": "GB4754:C", "min_share": 0.3, "limit": 100000},
        oracle.companies_in_exposed_regions,
        True,
    ),
    ("regions-by-indicator", {}, oracle.regions_by_indicator, True),
    (
        "regions-by-indicator",
        {"indicator": "listed_companies", "min_value": 100.0},
        oracle.regions_by_indicator,
        True,
    ),
    (
        "province-employment-by-section",
        {"province": GUANGDONG},
        oracle.province_employment_by_section,
        True,
    ),
    ("province-employment-by-section", {"year": 2010}, oracle.province_employment_by_section, True),
    ("industry-hierarchy", {}, oracle.industry_hierarchy, True),
    ("industry-hierarchy", {"root": "GB4754:C"}, oracle.industry_hierarchy, True),
    ("graph-statistics", {}, "statistics", True),
    ("sources", {}, oracle.sources, True),
    ("lookup", {"text": "鼓楼区"}, "lookup", True),
    ("lookup", {"text": "南山区", "kind": "region"}, "lookup", True),
    ("regions-by-listed-companies", {"limit": 100000}, oracle.regions_by_listed_companies, True),
    (
        "regions-by-listed-companies",
        {"level": "prefecture", "limit": 100000},
        oracle.regions_by_listed_companies,
        True,
    ),
    (
        "regions-by-listed-companies",
        {"level": "prefecture", "within": GUANGDONG},
        oracle.regions_by_listed_companies,
        True,
    ),
    (
        "companies-in-industry",
        {"industry": "GB4754:I", "limit": 100000},
        oracle.companies_in_industry,
        True,
    ),
    (
        "companies-in-industry",
        {"industry": "CSRC:C", "primary_only": False, "region": SHENZHEN},
        oracle.companies_in_industry,
        True,
    ),
    (
        "companies-in-industry",
        {"industry": "SW2021:270000", "limit": 100000},
        oracle.companies_in_industry,
        True,
    ),
    ("listed-firm-specialisation", {"region": NANSHAN}, oracle.listed_firm_specialisation, True),
    (
        "listed-firm-specialisation",
        {"region": "320500", "industry_level": "level3", "limit": 100000},
        oracle.listed_firm_specialisation,
        True,
    ),
    ("industry-time-series", {"industry": "GB4754:C"}, oracle.industry_time_series, True),
    (
        "industry-time-series",
        {"industry": "GB4754:I", "from_year": 2000, "to_year": 2010},
        oracle.industry_time_series,
        True,
    ),
    (
        "industry-time-series",
        {"industry": "GB4754:I", "region": NANSHAN},
        oracle.industry_time_series,
        True,
    ),
    ("industry-linkages", {"limit": 100}, oracle.industry_linkages, True),
    ("industry-linkages", {"year": 2018, "limit": 10}, oracle.industry_linkages, True),
    ("clusters-in-region", {"region": GUANGDONG, "limit": 100000}, "clusters", True),
    ("clusters-in-region", {"region": SHENZHEN, "centrality": "degree"}, "clusters", True),
    (
        "clusters-in-region",
        {"region": GUANGDONG, "centrality": "betweenness", "limit": 100000},
        "clusters",
        True,
    ),
    ("region-scores", {"within": GUANGDONG, "limit": 100000}, "scores", True),
    (
        "region-scores",
        {"within": JIANGSU, "score": "herfindahl", "lowest_first": True},
        "scores",
        True,
    ),
]


def _ids(case: tuple[str, dict[str, Any], Oracle, bool]) -> str:
    return case[0] + "".join(f"-{k}={v}" for k, v in case[1].items())


@pytest.mark.parametrize("case", CASES, ids=[_ids(c) for c in CASES])
def test_query_equals_pandas(db: Any, world: World, case: Any) -> None:
    name, params, compute, non_empty = case
    params = dict(params)
    company_ids = sorted(world.dataset.companies["id"])
    for key in ("supplier", "customer"):  # supply cases name companies by position
        if isinstance(params.get(key), int):
            params[key] = company_ids[params[key]]
    actual = run(db, name, **params)
    if compute == "clusters":
        expected = oracle.clusters_in_region(world.dataset, world.clusters, world.members, **params)
    elif compute == "statistics":
        expected = oracle.graph_statistics(world.dataset, world.clusters, world.members)
    elif compute == "lookup":  # Lucene's score has no pandas counterpart: rows and order
        expected = oracle.lookup(world.dataset, **params)
        assert (actual["score"] > 0).all()  # every match here is a fulltext match too
        exact = actual[actual["name"] == params["text"]]["score"]
        assert exact.nunique() <= 1  # namesakes rank alike
        expected = expected.assign(score=actual["score"].to_numpy()[: len(expected)])
    elif compute == "scores":
        expected = oracle.region_scores(world.dataset, world.scores, **params)
    else:
        expected = compute(world.dataset, **params)
    assert_same(actual, expected, name)
    if non_empty:
        assert len(actual) > 0, f"{name} found nothing: the test would prove little"


def test_every_library_query_is_covered() -> None:
    assert {c[0] for c in CASES} == set(load_library())


# --- safety ----------------------------------------------------------------------------------

WRITE_QUERY = """// name: tag-regions
// description: Writes a property (used to check that writes need --write)
// params: value (str)
// returns: tagged
MATCH (r:Region {code: '440305'}) SET r.test_tag = $value RETURN count(r) AS tagged
"""


def _tag_of(db: Any) -> Any:
    records = db.execute_query("MATCH (r:Region {code: '440305'}) RETURN r.test_tag AS tag").records
    return records[0]["tag"]


@pytest.mark.parametrize(
    "cypher",
    [
        "MATCH (r:Region {code: '440305'}) SET r.test_tag = $value RETURN count(r) AS tagged",
        "MERGE (x:Region {code: $value}) RETURN count(x) AS tagged",
        "CREATE INDEX test_probe IF NOT EXISTS FOR (n:Region) ON (n.test_tag)",
        "CALL db.createLabel($value)",
    ],
)
def test_a_write_is_refused_by_the_server_without_write(db: Any, cypher: str) -> None:
    spec = parse_query_text(WRITE_QUERY.replace(WRITE_QUERY.splitlines()[-1], cypher))
    before = run(db, "graph-statistics")
    with pytest.raises(WriteRefusedError, match="pass --write"):
        run_query(db, spec, {"value": "x"})
    assert run(db, "graph-statistics").equals(before)
    assert (
        db.execute_query("SHOW INDEXES YIELD name WHERE name = 'test_probe' RETURN name").records
        == []
    )


def test_a_write_runs_with_write_true(db: Any, tmp_path: Any) -> None:
    (tmp_path / "tag.cypher").write_text(WRITE_QUERY, encoding="utf-8")
    try:
        out = run_query(db, "tag-regions", {"value": "hello"}, queries_dir=tmp_path, write=True)
        assert out["tagged"].tolist() == [1]
        assert _tag_of(db) == "hello"
    finally:
        db.execute_query("MATCH (r:Region {code: '440305'}) REMOVE r.test_tag")


def test_cli_refuses_a_write_without_write_flag(db: Any, tmp_path: Any) -> None:
    (tmp_path / "tag.cypher").write_text(WRITE_QUERY, encoding="utf-8")
    args = ["query", "tag-regions", "--queries-dir", str(tmp_path), "-p", "value=cli"]
    refused = CliRunner().invoke(cli, args)
    assert refused.exit_code == 1 and "pass --write" in refused.output
    assert _tag_of(db) is None
    try:
        allowed = CliRunner().invoke(cli, [*args, "--write", "--format", "csv"])
        assert allowed.exit_code == 0, allowed.output
        assert allowed.output == "tagged\n1\n" and _tag_of(db) == "cli"
    finally:
        db.execute_query("MATCH (r:Region {code: '440305'}) REMOVE r.test_tag")


@pytest.mark.parametrize(
    "evil",
    [
        "440305'}) DETACH DELETE r //",
        '440305"}) MATCH (n) DETACH DELETE n RETURN 1 AS code //',
        "x` RETURN 1 UNION MATCH (n) DETACH DELETE n //",
        "$region",
    ],
)
def test_injection_through_a_parameter_is_harmless(db: Any, evil: str) -> None:
    before = run(db, "graph-statistics")
    with pytest.raises(UsageError, match="parameter region: no Region with code"):
        run(db, "listed-companies-in-region", region=evil)  # an unknown code: refused
    out = run_query(db, "listed-companies-in-region", {"region": evil}, check_references=False)
    assert out.empty and list(out.columns) == list(  # unchecked, it is an inert string
        load_library()["listed-companies-in-region"].returns
    )
    assert run(db, "graph-statistics").equals(before)
    res = CliRunner().invoke(cli, ["query", "similar-regions", "-p", f"region={evil}", "--write"])
    assert res.exit_code == 2 and "no Region with code" in res.output
    assert run(db, "graph-statistics").equals(before)


def test_timeout_stops_a_long_query(db: Any) -> None:
    spec = parse_query_text(
        "// name: slow\n// returns: n\n"
        "UNWIND range(1, 2000000000) AS x WITH x WHERE x % 7 = 123 RETURN count(x) AS n"
    )
    with pytest.raises(QueryTimeoutError, match=r"0\.5 s timeout"):
        run_query(db, spec, timeout=0.5)


# --- CLI output ------------------------------------------------------------------------------


def test_cli_formats_carry_the_same_rows(db: Any, dataset: Dataset) -> None:
    expected = oracle.region_industries_by_lq(dataset, NANSHAN, limit=3)
    base = ["query", "region-industries-by-lq", "--param", f"region={NANSHAN}", "-p", "limit=3"]
    as_json = CliRunner().invoke(cli, [*base, "--format", "json"])
    assert as_json.exit_code == 0, as_json.output
    rows = json.loads(as_json.stdout)  # an array of records, as in every command
    assert [r["industry_code"] for r in rows] == expected["industry_code"].tolist()
    assert [r["lq"] for r in rows] == pytest.approx(expected["lq"].tolist(), rel=1e-9)
    assert list(rows[0]) == list(load_library()["region-industries-by-lq"].returns)
    total = len(oracle.region_industries_by_lq(dataset, NANSHAN, limit=10**6))
    cut = (  # China's scope, as it was hard-coded before (issue 26.12), now read from the graph
        f"note: {CHINA_SCOPE} inferred from the graph\n"
        f"note: showing 3 of {total} rows (limit 3); raise it with --param limit=N\n"
    )
    assert as_json.stderr == cut
    as_jsonl = CliRunner().invoke(cli, [*base, "--format", "jsonl"])
    assert [json.loads(line) for line in as_jsonl.stdout.splitlines()] == rows
    as_csv = CliRunner().invoke(cli, [*base, "--format", "csv"])
    assert as_csv.stdout.splitlines()[0] == ",".join(
        load_library()["region-industries-by-lq"].returns
    )
    assert len(as_csv.stdout.splitlines()) == 4
    assert as_csv.stderr == cut
    table = CliRunner().invoke(cli, base)
    assert table.exit_code == 0 and expected["industry_name"].iloc[0] in table.output


def test_readme_queries_print_exactly_what_the_readme_shows(db: Any) -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## For researchers: Cypher queries", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```console\n\$ (clusteratlas query [^\n]+)\n(.*?)```", section, re.S)
    assert len(blocks) >= 3
    update = os.environ.get("CLUSTERATLAS_UPDATE_README") == "1"
    for command, shown in blocks:
        res = CliRunner().invoke(cli, shlex.split(command)[1:])
        assert res.exit_code == 0, res.output
        if update:  # regenerate: CLUSTERATLAS_UPDATE_README=1 pytest -k readme_queries
            readme = readme.replace(f"$ {command}\n{shown}```", f"$ {command}\n{res.output}```")
            continue
        assert res.output == shown, (
            f"README output of `{command}` is stale: rerun this test with "
            "CLUSTERATLAS_UPDATE_README=1 to regenerate it"
        )
    if update:
        (Path(__file__).resolve().parents[2] / "README.md").write_text(readme, encoding="utf-8")


# --- answers a researcher can trust (issue #13, items 6-9) ------------------------------------


def test_own_sector_input_is_listed_first_for_transport_equipment(
    db: Any, dataset: Dataset
) -> None:
    """Transport equipment buys most from itself (a_ii = 0.2809, vehicles from parts makers):
    the distinct-node rule used to drop it, so 0.0764 (metals) came first."""
    links = dataset.industry_links
    own = links[
        (links["from_code"] == "NBS42:18")
        & (links["to_code"] == "NBS42:18")
        & (links["year"] == 2020)
    ]["coefficient"].item()
    up = run(db, "industry-upstream", industry="NBS42:18")
    first = up.iloc[0]
    assert (first["code"], first["hops"], first["path"]) == (
        "NBS42:18",
        1,
        ["NBS42:18", "NBS42:18"],
    )
    assert first["coefficient"] == pytest.approx(own) and own == pytest.approx(0.2809, abs=1e-4)
    assert up["coefficient"].iloc[1] < own
    down = run(db, "industry-downstream", industry="NBS42:18")
    assert "NBS42:18" in set(down["code"])


@pytest.mark.parametrize(
    ("industry", "customers", "final_demand"),
    [
        # apparel and footwear: 14.0% to itself, 5.8% to public administration (uniforms),
        # 27.7% exported and 27.6% consumed
        ("NBS42:08", ["NBS42:08", "NBS42:42"], ["exports", "final_consumption"]),
        # special equipment (construction machinery): 42.1% investment, 15.2% exported,
        # 10.8% to itself, 4.5% to electronics and to construction
        ("NBS42:17", ["NBS42:17", "NBS42:20", "NBS42:27"],
         ["gross_fixed_capital_formation", "exports"]),
    ],
)  # fmt: skip
def test_downstream_lists_the_largest_buyers_and_final_demand_summing_to_one(
    db: Any, industry: str, customers: list[str], final_demand: list[str]
) -> None:
    """Issue 24.2: ranked by the buyer's input coefficient a_ij, footwear and special
    equipment found only themselves. By output shares b_ij = z_ij / x_i, their largest
    buyers and the final-demand categories come first, and the direct shares with the
    part under min_share account for the whole output: the unallocated row is zero (the
    NBS domestic rows close x_i = sum_j z_ij + sum_k f_ik), not a plug."""
    out = run(db, "industry-downstream", industry=industry)
    direct = out[(out["hops"] == 1) & out["kind"].isin(["industry", "final_demand"])]
    assert list(direct["share"]) == sorted(direct["share"], reverse=True)
    top = direct.head(len(customers) + len(final_demand))
    assert set(top["code"]) == {*customers, *final_demand}
    assert set(top.loc[top["kind"] == "final_demand", "code"]) == set(final_demand)
    closing = out.set_index("code").loc[["below_min_share", "unallocated"], "share"]
    assert abs(closing["unallocated"]) < 1e-9
    assert direct["share"].sum() + closing["below_min_share"] == pytest.approx(1.0, abs=1e-9)
    everything = run(db, "industry-downstream", industry=industry, min_share=-1.0, max_hops=1)
    assert (everything["kind"] == "final_demand").sum() == 4
    assert everything.loc[everything["kind"] != "unallocated", "share"].sum() == pytest.approx(
        1.0, abs=1e-9
    )


def test_downstream_of_electrical_machinery_includes_construction(db: Any) -> None:
    """Issue 24.2: construction buys 13.2% of electrical machinery's output (2020), which
    the ranking by construction's input coefficient (a_ij = 0.032) left out."""
    out = run(db, "industry-downstream", industry="NBS42:19").set_index("code")
    assert out.loc["NBS42:27", "hops"] == 1
    assert out.loc["NBS42:27", "share"] == pytest.approx(0.1324, abs=5e-5)
    assert out.loc["exports", "share"] == pytest.approx(0.2424, abs=5e-5)


def test_cluster_betweenness_is_exact_and_a_bad_centrality_is_a_usage_error(db: Any) -> None:
    """#13.7: every cluster's betweenness is exact (k = all clusters), so a region's clusters
    are ranked by real values, not 0.0 everywhere; an unknown measure is exit 2."""
    out = run(db, "clusters-in-region", region=GUANGDONG, centrality="betweenness")
    detected = out[out["kind"] != "declared"]
    assert detected["centrality"].notna().all() and (detected["centrality"] > 0).sum() >= 10
    k = db.execute_query(
        "MATCH (c:Cluster) WHERE c.kind <> 'declared' "
        "RETURN min(c.betweenness_k) AS k, count(c) AS n"
    )
    assert k.records[0]["k"] == k.records[0]["n"]
    res = CliRunner().invoke(
        cli, ["query", "clusters-in-region", "-p", f"region={GUANGDONG}", "-p", "centrality=foo"]
    )
    assert res.exit_code == 2, res.output
    assert "must be one of degree|strength|pagerank|betweenness, got 'foo'" in res.output


def test_an_lq_from_a_handful_of_sampled_workers_ranks_last(db: Any) -> None:
    """Issue 22: Wuhou's top specialisation was international organisations, LQ 5.04 from
    4 sampled workers; such a cell is flagged small_sample and ranked after the others."""
    out = run(db, "region-industries-by-lq", region="510107", limit=25)
    assert out["industry_code"].iloc[0] == "GB4754:I" and not out["small_sample"].iloc[0]
    last = out.iloc[-1]
    assert last["industry_code"] == "GB4754:T" and last["small_sample"]
    assert last["value"] == 4 and last["lq"] > 5
    loose = run(db, "region-industries-by-lq", region="510107", limit=25, min_count=0)
    assert loose["industry_code"].iloc[0] == "GB4754:T"  # what it said before
    specialised = run(db, "regions-specialised-in", industry="GB4754:T", limit=100000)
    assert specialised["small_sample"].mean() > 0.9  # nearly every T "specialisation"


def test_similar_regions_separates_specialisations(db: Any, world: World) -> None:
    """#13.9: the cosine of raw shares put 32 counties above 0.99 against Jinjiang; the cosine
    of LQ vectors puts none there, and Krugman's index agrees with pandas too."""
    out = run(db, "similar-regions", region=JINJIANG, limit=100000)
    expected = oracle.similar_regions(world.dataset, JINJIANG, limit=100000)
    assert_same(out, expected, "similar-regions")
    assert len(out) > 2800
    # cells below 30 sampled workers count as LQ 1 (issue 22): a few more counties of the
    # same make-up pass 0.95 (45 of 2,836), none 0.99
    assert (out["lq_cosine"] > 0.99).sum() == 0 and (out["lq_cosine"] > 0.95).sum() <= 60
    raw = oracle.matrix(world.dataset, 2020, "employment", "GB4754", "county")
    raw = raw[raw.sum(axis=1) > 0]
    shares = raw.div(raw.sum(axis=1), axis=0)
    norm = (shares**2).sum(axis=1) ** 0.5
    raw_cosine = shares.mul(shares.loc[JINJIANG], axis=1).sum(axis=1) / (norm * norm[JINJIANG])
    assert (raw_cosine.drop(JINJIANG) > 0.99).sum() >= 30  # what the old measure said
    assert out["code"].iloc[0] == "330381"  # Rui'an (shoes, Wenzhou), as Jinjiang (sports shoes)


# --- no silent answers (issue #13, item 8) ------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "params", "message"),
    [
        ("listed-companies-in-region", {"region": "999999"},
         "parameter region: no Region with code '999999'"),
        ("companies-in-industry", {"industry": "GB4754:Z"}, "no Industry with code 'GB4754:Z'"),
        ("region-industries-by-lq", {"region": NANSHAN, "scheme": "NAICS"},
         "no Industry with scheme 'NAICS'"),
        ("diversification-in-province", {"province": GUANGDONG, "level": "town"},
         "no Region with level 'town'"),
        ("regions-by-indicator", {"indicator": "gpd"}, "no Indicator with name 'gpd'"),
        ("supply-paths", {"supplier": "SZSE:000001", "customer": "SZSE:x"},
         "parameter customer: no Company with id 'SZSE:x'"),
    ],
)  # fmt: skip
def test_unknown_codes_are_usage_errors(
    db: Any, name: str, params: dict[str, Any], message: str
) -> None:
    with pytest.raises(UsageError, match=re.escape(message)) as info:
        run(db, name, **params)
    assert info.value.exit_code == 2
    args = ["query", name, *(a for k, v in params.items() for a in ("-p", f"{k}={v}"))]
    res = CliRunner().invoke(cli, args)
    assert res.exit_code == 2 and message in res.output and "(no rows)" not in res.output


@pytest.mark.parametrize(
    ("name", "params", "note"),
    [
        ("region-industries-by-lq", {"region": NANSHAN, "year": 2030},
         "no rows: no employment values for 2030 in industry scheme GB4754"),
        ("region-industries-by-lq", {"region": NANSHAN, "year": 2015},  # national series only
         "no rows: 440305 has no employment values for 2015 in scheme GB4754"),
        ("region-industries-by-lq", {"region": NANSHAN, "scheme": "CSRC"},
         "no rows: no employment values for 2020 in industry scheme CSRC"),
        ("region-industries-by-lq", {"region": SHENZHEN},
         "no rows: 440300 has no employment values for 2020 in scheme GB4754"),
        ("regions-specialised-in", {"industry": "CSRC:C"},
         "no rows: no employment values for 2020 in the industry scheme of CSRC:C"),
        ("industry-upstream", {"industry": "NBS42:18", "year": 2019},
         "no rows: no input-output links for 2019"),
        ("industry-upstream", {"industry": "GB4754:C"},
         "no rows: GB4754:C is not a sector of the 2020 input-output table"),
        ("region-scores", {"within": CHINA, "score": "worst_loss"},
         "no rows: no region has the score worst_loss: `clusteratlas analyze --write-back` writes"),
        ("region-scores", {"within": CHINA, "level": "prefecture"},
         "no rows: no analysis of prefecture regions written back"),
        ("region-scores", {"within": CHINA, "year": 2010},
         "no rows: no analysis of county regions for year 2010"),
        ("clusters-in-region", {"region": GUANGDONG, "year": 2010},
         "no rows: no clusters of year 2010"),
        ("single-supplier-dependencies", {"year": 2019}, "no rows: no supply links of year 2019"),
    ],
)  # fmt: skip
def test_an_empty_answer_says_why(
    db: Any, name: str, params: dict[str, Any], note: str | None
) -> None:
    out = run(db, name, **params)
    assert out.empty
    if note is None:  # the data it needs exist; nothing matched the filters
        assert out.attrs["notes"] == []
        return
    explained = [n for n in out.attrs["notes"] if not n.endswith("inferred from the graph")]
    assert [n[: len(note)] for n in explained] == [note]
    args = ["query", name, *(a for k, v in params.items() for a in ("-p", f"{k}={v}"))]
    res = CliRunner().invoke(cli, args)
    assert res.exit_code == 0 and "(no rows)" in res.stdout and "note: " + note in res.stderr
    as_json = CliRunner().invoke(cli, [*args, "--format", "json"])
    assert json.loads(as_json.stdout) == [] and "note: " + note in as_json.stderr
    header = CliRunner().invoke(cli, [*args, "--format", "csv"]).stdout  # CSV keeps columns
    assert header == ",".join(load_library()[name].returns) + "\n"


def test_scores_and_clusters_before_any_write_back_say_so(db: Any) -> None:
    """The written-back scores and clusters hidden (and restored): what a user meets who runs
    the score queries after `load` and before `analyze --write-back`."""
    hide = """
        MATCH (a:Analysis) SET a:HiddenAnalysis REMOVE a:Analysis
        WITH count(*) AS n
        MATCH (c:Cluster) SET c:HiddenCluster REMOVE c:Cluster"""
    restore = """
        MATCH (a:HiddenAnalysis) SET a:Analysis REMOVE a:HiddenAnalysis
        WITH count(*) AS n
        MATCH (c:HiddenCluster) SET c:Cluster REMOVE c:HiddenCluster"""
    db.execute_query(hide)
    try:
        scores = run(db, "region-scores", within=CHINA)
        clusters = run(db, "clusters-in-region", region=GUANGDONG)
    finally:
        db.execute_query(restore)
    assert scores.empty and scores.attrs["notes"] == [
        "level county inferred from the graph",
        "no rows: no analysis written back: `clusteratlas analyze --from neo4j --write-back` "
        "writes the scores",
    ]
    assert clusters.empty and clusters.attrs["notes"] == [
        "no rows: no clusters in the graph: `clusteratlas analyze --write-back` writes them"
    ]
    assert not run(db, "region-scores", within=CHINA).empty


def test_a_cut_result_says_so(db: Any, dataset: Dataset) -> None:
    """#13.8: 1,000 of 2,875 companies came back with no notice."""
    out = run(db, "listed-companies-in-region", region=CHINA)
    assert len(out) == 1000 and out.attrs["truncated"] is True
    assert out.attrs["total_rows"] == len(dataset.companies)
    assert out.attrs["notes"] == [
        f"showing 1,000 of {len(dataset.companies):,} rows (limit 1000); "
        "raise it with --param limit=N"
    ]
    whole = run(db, "listed-companies-in-region", region=CHINA, limit=100000)
    assert len(whole) == len(dataset.companies) and whole.attrs["truncated"] is False
    assert whole.attrs["notes"] == [] and whole.attrs["total_rows"] == len(whole)
    exact = run(db, "listed-companies-in-region", region=CHINA, limit=len(dataset.companies))
    assert exact.attrs["truncated"] is False  # a limit equal to the row count cuts nothing

    manufacturing = oracle.companies_in_industry(dataset, "GB4754:C", limit=100000)
    args = ["query", "companies-in-industry", "-p", "industry=GB4754:C", "--format", "csv"]
    res = CliRunner().invoke(cli, args)
    assert res.exit_code == 0
    assert len(res.stdout.splitlines()) == 1001  # header + 1,000 rows: the data stay clean
    assert f"note: showing 1,000 of {len(manufacturing):,} rows" in res.stderr
    as_json = CliRunner().invoke(cli, [*args[:-1], "json"])
    assert len(json.loads(as_json.stdout)) == 1000
    assert f"note: showing 1,000 of {len(manufacturing):,} rows" in as_json.stderr


def test_time_series_of_sample_counts_reports_shares_not_growth(db: Any, dataset: Dataset) -> None:
    """#13.10: Nanshan's ICT 'grew' 2.78 from census sample counts (3,249 to 12,277), levels the
    data README says not to compare. The county counts are declared sample counts
    (dataset.json samples), so the query reports the share and its change instead."""
    assert dataset.metadata["samples"] == {"employment": ["county"]}
    out = run(db, "industry-time-series", industry="GB4754:I", region=NANSHAN)
    assert out["year"].tolist() == [2010, 2020] and out["sample"].tolist() == [True, True]
    assert out["growth"].isna().all()
    assert out["value"].tolist() == [3249.0, 12277.0]
    e = oracle.matrix(dataset, 2020, "employment", "GB4754", "county")
    assert out["share"].iloc[1] == pytest.approx(e.loc[NANSHAN, "GB4754:I"] / e.loc[NANSHAN].sum())
    assert out["share_change"].iloc[1] == pytest.approx(out["share"].iloc[1] - out["share"].iloc[0])
    assert out["share_change"].iloc[1] > 0.06  # 4.5% -> 11.0% of Nanshan's sampled workers
    national = run(db, "industry-time-series", industry="GB4754:I", from_year=2016)
    assert not national["sample"].any() and national["growth"].iloc[1:].notna().all()
    flags = db.execute_query(
        "MATCH (r:Region)-[h:HAS_INDUSTRY]->() RETURN r.level AS level, h.sample AS sample, "
        "count(*) AS n ORDER BY level, sample"
    ).records
    assert {(r["level"], r["sample"]) for r in flags} == {("country", None), ("county", True)}


def test_nanshans_listed_firms_are_in_information_technology(db: Any, dataset: Dataset) -> None:
    """The firm-based measure in Neo4j equals the analytics' and puts IT first for Nanshan."""
    from clusteratlas.graph.analytics.firms import listed_firm_specialisation

    got = run(db, "listed-firm-specialisation", region=NANSHAN, limit=4)
    assert got["industry_name"].tolist()[:2] == ["计算机", "电子"]
    assert {"计算机", "电子", "通信"} <= set(got["industry_name"])
    mine = listed_firm_specialisation(dataset, industry_level="level1")
    mine = mine[mine["region_code"] == NANSHAN].head(4)
    assert got["firm_lq"].tolist() == pytest.approx(mine["firm_lq"].tolist(), rel=1e-12)
    assert got["firms"].tolist() == mine["firms"].tolist()
