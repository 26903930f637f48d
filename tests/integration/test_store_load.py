"""Loading into a real Neo4j: schema, idempotency, --replace, invalid data, CLI, bundled data."""

from __future__ import annotations

import pandas as pd
import pytest
from _store_helpers import fingerprint, small_dataset
from click.testing import CliRunner

from clusteratlas.cli import cli
from clusteratlas.errors import DataValidationError
from clusteratlas.graph.definitions.matrix import slice_matrix
from clusteratlas.graph.neo4j_store import read as neo4j_read
from clusteratlas.graph.neo4j_store.load import load_dataset, remove_dataset
from clusteratlas.graph.neo4j_store.schema import NODES, constraint_statements, ensure_schema


def _names(driver, db, what):
    return {
        r["name"] for r in driver.execute_query(f"SHOW {what} YIELD name", database_=db).records
    }


def test_ensure_schema_creates_constraints_and_indexes_idempotently(empty_db, neo4j_settings):
    db = neo4j_settings.database
    ensure_schema(empty_db, db)
    constraints = _names(empty_db, db, "CONSTRAINTS")
    assert {spec.constraint_name for spec in NODES.values()} <= constraints
    assert len(constraint_statements()) == len(constraints)
    indexes = _names(empty_db, db, "INDEXES")
    assert {"region_level", "industry_scheme", "company_ticker", "cluster_year"} <= indexes
    ensure_schema(empty_db, db)  # a second call changes nothing
    assert _names(empty_db, db, "CONSTRAINTS") == constraints
    assert _names(empty_db, db, "INDEXES") == indexes
    with pytest.raises(Exception, match="already exists"):
        empty_db.execute_query("CREATE (:Region {code: 'x'}), (:Region {code: 'x'})", database_=db)


def test_ensure_schema_replaces_a_fulltext_index_of_an_older_version(empty_db, neo4j_settings):
    """Issue 24 #8: IF NOT EXISTS kept name_fulltext over `name` only, so pinyin and English
    names were never searched in a database made by an older version."""
    db = neo4j_settings.database
    empty_db.execute_query(
        "CREATE FULLTEXT INDEX name_fulltext FOR (n:Region|Industry|Company) ON EACH [n.name]",
        database_=db,
    )
    ensure_schema(empty_db, db)
    (record,) = empty_db.execute_query(
        "SHOW FULLTEXT INDEXES YIELD name, properties WHERE name = 'name_fulltext' "
        "RETURN properties",
        database_=db,
    ).records
    assert record["properties"] == ["name", "name_en", "name_pinyin", "aliases"]
    ensure_schema(empty_db, db)  # now current: left alone
    assert _names(empty_db, db, "INDEXES") >= {"name_fulltext"}


def test_an_industry_hierarchy_from_an_older_version_moves_to_subdivision_of(
    empty_db, neo4j_settings
):
    """Issue 24 #9: one PART_OF type served both hierarchies (the Browser's schema drew
    Industry-PART_OF-Region). A graph loaded by an older version converges on a reload."""
    db = neo4j_settings.database
    load_dataset(empty_db, small_dataset(), database=db)
    before = fingerprint(empty_db, db)
    empty_db.execute_query(  # what an older version wrote
        "MATCH (a:Industry)-[r:SUBDIVISION_OF]->(b:Industry) "
        "CREATE (a)-[o:PART_OF]->(b) SET o = properties(r) DELETE r",
        database_=db,
    )
    load_dataset(empty_db, small_dataset(), database=db)
    assert fingerprint(empty_db, db) == before
    schema = empty_db.execute_query(
        "MATCH (a)-[r:PART_OF]->(b) RETURN DISTINCT labels(a) AS a, labels(b) AS b",
        database_=db,
    ).records
    assert [(r["a"], r["b"]) for r in schema] == [(["Region"], ["Region"])]


def test_load_writes_every_label_and_type_with_typed_properties(empty_db, neo4j_settings):
    db = neo4j_settings.database
    summary = load_dataset(empty_db, small_dataset(), database=db, batch_size=2)
    fp = fingerprint(empty_db, db)
    assert fp["counts"] == {
        "Company": 3, "Dataset": 1, "FinalDemand": 2, "HAS_INDUSTRY": 10, "INPUT_TO": 3,
        "IN_INDUSTRY": 3, "Indicator": 2, "Industry": 5, "LOCATED_IN": 3, "MAPS_TO": 2,
        "MEASURED": 3, "PART_OF": 3, "Region": 5, "SOLD_TO": 2, "SUBDIVISION_OF": 3,
        "SUPPLIES": 2,
    }  # fmt: skip
    assert summary.total("node").created == 18 and summary.total("relationship").created == 34
    rec = empty_db.execute_query(
        "MATCH (c:Company {id: 'SZSE:000063'})-[:LOCATED_IN]->(r:Region) "
        "RETURN c.name AS name, c.listed_on AS listed, r.name AS region, c.datasets AS ds",
        database_=db,
    ).records[0]
    assert (rec["name"], str(rec["listed"]), rec["region"], rec["ds"]) == (
        "中兴通讯", "1997-11-18", "南山区", ["small"],
    )  # fmt: skip
    rel = empty_db.execute_query(
        "MATCH (:Region {code: '440305'})-[h:HAS_INDUSTRY {year: 2010, measure: 'employment'}]"
        "->(:Industry {code: 'GB4754:C'}) RETURN h.value AS v, h.share AS s, h.lq AS lq",
        database_=db,
    ).records[0]
    # s = 120 / 200; S_C over the three counties in 2010 = 820 / 910
    assert rel["v"] == 120.0 and rel["s"] == pytest.approx(0.6)
    assert rel["lq"] == pytest.approx(0.6 / (820 / 910))
    inferred = empty_db.execute_query(
        "MATCH ()-[s:SUPPLIES]->() RETURN s.source AS src, s.inferred AS inf ORDER BY src",
        database_=db,
    ).records
    assert [(r["src"], r["inf"]) for r in inferred] == [
        ("annual report", False), ("io-inference", True),
    ]  # fmt: skip
    no_coords = empty_db.execute_query(
        "MATCH (r:Region {code: '440306'}) RETURN keys(r) AS k", database_=db
    ).records[0]["k"]
    assert "lon" not in no_coords  # nulls are not stored


def test_loading_twice_changes_nothing(empty_db, neo4j_settings):
    db = neo4j_settings.database
    load_dataset(empty_db, small_dataset(), database=db, batch_size=3)
    first = fingerprint(empty_db, db)
    again = load_dataset(empty_db, small_dataset(), database=db, batch_size=2)
    assert fingerprint(empty_db, db) == first
    assert again.total("node").created == 0 and again.total("relationship").created == 0
    assert again.total("node").updated == 18


def test_replace_removes_only_what_the_earlier_load_of_that_dataset_wrote(empty_db, neo4j_settings):
    db = neo4j_settings.database
    old = small_dataset("a")
    other = small_dataset("b")
    # dataset b: only Kunshan and its company, so it shares nodes with a
    other = other.replace(
        regions=other.regions[other.regions["code"] == "320583"],
        companies=other.companies[other.companies["region_code"] == "320583"],
        company_industries=other.company_industries.iloc[2:],
        region_industries=other.region_industries[
            other.region_industries["region_code"] == "320583"
        ],
        supply_links=other.supply_links.iloc[0:0],
        region_indicators=other.region_indicators[
            other.region_indicators["region_code"] == "320583"
        ],
    )
    load_dataset(empty_db, other, database=db)
    only_b = fingerprint(empty_db, db)
    # new version of a: Bao'an and its company gone, Nanshan's GDP revised
    new = small_dataset("a", gdp=1.1e12)
    new = new.replace(
        regions=new.regions[new.regions["code"] != "440306"],
        companies=new.companies[new.companies["region_code"] != "440306"],
        company_industries=new.company_industries[
            new.company_industries["company_id"] != "SZSE:300750"
        ],
        region_industries=new.region_industries[new.region_industries["region_code"] != "440306"],
        supply_links=new.supply_links[new.supply_links["supplier_id"] != "SZSE:300750"],
    )
    load_dataset(empty_db, old, database=db)
    load_dataset(empty_db, new, database=db, replace=True, batch_size=2)
    replaced = fingerprint(empty_db, db)
    # the same as loading b then the new a into an empty database
    empty_db.execute_query("MATCH (n) DETACH DELETE n", database_=db)
    load_dataset(empty_db, other, database=db)
    load_dataset(empty_db, new, database=db)
    assert replaced == fingerprint(empty_db, db)
    gone = empty_db.execute_query(
        "MATCH (n) WHERE n.code = '440306' OR n.id = 'SZSE:300750' RETURN count(n) AS n",
        database_=db,
    ).records[0]["n"]
    assert gone == 0
    # removing a entirely leaves what b wrote (shared elements keep the values of the
    # last load that wrote them, so compare counts and ownership, not checksums)
    remove_dataset(empty_db, "a", database=db)
    assert fingerprint(empty_db, db)["counts"] == only_b["counts"]
    owners = empty_db.execute_query(
        "MATCH (n) RETURN collect(DISTINCT n.datasets) AS n "
        "UNION ALL MATCH ()-[r]->() RETURN collect(DISTINCT r.datasets) AS n",
        database_=db,
    ).records
    assert [r["n"] for r in owners] == [[["b"]], [["b"]]]


def test_invalid_data_writes_nothing(empty_db, neo4j_settings):
    db = neo4j_settings.database
    ds = small_dataset()
    bad = ds.replace(
        region_industries=ds.region_industries.assign(
            value=[-1.0, *list(ds.region_industries["value"][1:])]
        )
    )
    with pytest.raises(DataValidationError) as info:
        load_dataset(empty_db, bad, database=db)
    assert "value" in str(info.value)
    assert fingerprint(empty_db, db)["elements"] == 0
    shows = empty_db.execute_query("SHOW CONSTRAINTS YIELD name", database_=db).records
    assert shows == []  # not even the schema


def test_cli_invalid_directory_exits_4_and_writes_nothing(empty_db, neo4j_settings, tmp_path):
    small_dataset().to_dir(tmp_path / "data")
    regions = pd.read_csv(tmp_path / "data" / "regions.csv", dtype=str)
    regions.loc[2, "parent_code"] = "999999"  # dangling reference
    regions.to_csv(tmp_path / "data" / "regions.csv", index=False)
    result = CliRunner().invoke(cli, ["load", str(tmp_path / "data")])
    assert result.exit_code == 4, result.output
    assert "999999" in result.output
    assert fingerprint(empty_db, neo4j_settings.database)["elements"] == 0


def test_cli_loads_a_directory_twice_identically(empty_db, neo4j_settings, tmp_path):
    db = neo4j_settings.database
    small_dataset().to_dir(tmp_path / "mydata")
    runner = CliRunner()
    first = runner.invoke(cli, ["load", str(tmp_path / "mydata"), "--batch-size", "2"])
    assert first.exit_code == 0, first.output
    assert "HAS_INDUSTRY" in first.stdout
    fp = fingerprint(empty_db, db)
    second = runner.invoke(cli, ["load", str(tmp_path / "mydata")])
    assert second.exit_code == 0, second.output
    assert fingerprint(empty_db, db) == fp
    ds = empty_db.execute_query(
        "MATCH (r:Region {code: '440305'}) RETURN r.datasets AS d", database_=db
    ).records[0]["d"]
    assert ds == ["mydata"]


def test_cli_unreachable_or_unauthorised_exits_3(tmp_path):
    small_dataset().to_dir(tmp_path / "d")
    runner = CliRunner()
    unreachable = runner.invoke(cli, ["load", str(tmp_path / "d"), "--uri", "bolt://127.0.0.1:9"])
    assert unreachable.exit_code == 3, unreachable.output
    wrong = runner.invoke(cli, ["load", str(tmp_path / "d"), "--password", "not-the-password"])
    assert wrong.exit_code == 3, wrong.output
    assert "not-the-password" not in wrong.output


def test_cli_usage_errors_exit_2():
    result = CliRunner().invoke(cli, ["load"])
    assert result.exit_code == 2


@pytest.mark.slow
def test_bundled_china_dataset_loads(empty_db, neo4j_settings):
    from clusteratlas.loaders.bundled import load_bundled

    db = neo4j_settings.database
    china = load_bundled("china")
    result = CliRunner().invoke(cli, ["load", "--bundled", "china"])
    assert result.exit_code == 0, result.output
    counts = fingerprint(empty_db, db)["counts"]
    assert counts["Region"] == len(china.regions)
    assert counts["Company"] == len(china.companies)
    assert counts["HAS_INDUSTRY"] == len(china.region_industries)
    assert counts["INPUT_TO"] == len(china.industry_links)
    assert counts["SOLD_TO"] == len(china.industry_final_uses) == 336
    assert counts["FinalDemand"] == 4
    # output shares derived at load: every 2020 sale of special equipment, z_ij / x_i
    # and f_ik / x_i, sums to 1 (the NBS domestic rows close x_i)
    total = empty_db.execute_query(
        "MATCH (i:Industry {code: 'NBS42:17'}) "
        "OPTIONAL MATCH (i)-[l:INPUT_TO {year: 2020}]->() WITH i, sum(l.output_share) AS b "
        "OPTIONAL MATCH (i)-[s:SOLD_TO {year: 2020}]->() WITH b, sum(s.share) AS f "
        "RETURN b + f AS t",
        database_=db,
    ).records[0]["t"]
    assert total == pytest.approx(1.0, abs=1e-12)
    back = neo4j_read.read_dataset(empty_db, database=db, dataset="china")
    key = ["industry_code", "year", "category"]
    pd.testing.assert_frame_equal(
        back.industry_final_uses.sort_values(key).reset_index(drop=True),
        china.industry_final_uses.sort_values(key).reset_index(drop=True),
    )
    nanshan = empty_db.execute_query(
        "MATCH (r:Region {code: '440305'})-[:PART_OF*]->(c:Region {code: '100000'}) "
        "RETURN r.name AS name",
        database_=db,
    ).records
    assert nanshan and nanshan[0]["name"] == "南山区"
    # the round trip on the real data: E read from Neo4j equals E built from the Dataset
    for year in (2010, 2020):
        pd.testing.assert_frame_equal(
            neo4j_read.read_region_industry_matrix(
                empty_db,
                year=year,
                measure="employment",
                scheme="GB4754",
                level="county",
                database=db,
            ),
            slice_matrix(china, year=year, measure="employment", scheme="GB4754", level="county"),
        )
    pd.testing.assert_frame_equal(
        neo4j_read.read_dataset(empty_db, database=db, dataset="china").regions,
        china.regions.sort_values("code").reset_index(drop=True),
    )
