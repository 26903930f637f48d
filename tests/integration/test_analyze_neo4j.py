"""`clusteratlas analyze --from neo4j --write-back` against the real server, on the bundled data.

The analysis read back from Neo4j must equal the analysis of the Dataset itself, and
what it writes back (region scores with when and how they were computed, clusters
with their links) must be in the graph, idempotently.
"""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest
from click.testing import CliRunner

from clusteratlas.cli import cli
from clusteratlas.graph.analytics.pipeline import analyze


@pytest.fixture
def bundled(china):
    return china


def _analyze_cli(*args: str) -> pd.DataFrame:
    res = CliRunner().invoke(cli, ["--quiet", "analyze", *args, "--format", "csv"])
    assert res.exit_code == 0, res.output
    return pd.read_csv(io.StringIO(res.stdout), dtype={"region_code": str})


def test_analyze_from_neo4j_with_write_back(china_db_to_write, neo4j_settings, bundled):
    db = neo4j_settings.database
    empty_db = china_db_to_write  # the bundled data loaded, as `load --bundled china` does

    from_graph = _analyze_cli("--from", "neo4j", "--write-back")
    from_dataset = _analyze_cli()  # the same command on the bundled Dataset itself
    pd.testing.assert_frame_equal(from_graph, from_dataset, check_exact=False, rtol=1e-9)
    expected = analyze(bundled, 2020)  # and the library's table is what the CLI printed
    library = expected.regions.reset_index()
    pd.testing.assert_frame_equal(
        from_graph[list(library.columns)],
        pd.read_csv(io.StringIO(library.to_csv(index=False)), dtype={"region_code": str}),
        check_exact=False,
        rtol=1e-9,
    )

    nanshan = expected.regions.loc["440305"]
    rec = empty_db.execute_query(
        "MATCH (:Region {code: '440305'})-[r:HAS_SCORES]->(a:Analysis) "
        "RETURN r.resilience AS resilience, r.entropy AS entropy, a.computed_at AS at, "
        "a.parameters AS parameters, a.id AS id, a.year AS year, a.data_source AS source",
        database_=db,
    ).records[0]
    assert rec["id"].startswith("county|GB4754|employment|2020|") and rec["year"] == 2020
    assert rec["source"] == "neo4j"
    assert rec["resilience"] == pytest.approx(nanshan["resilience"], rel=1e-12)
    assert rec["entropy"] == pytest.approx(nanshan["entropy"], rel=1e-12)
    assert rec["at"] is not None
    parameters = json.loads(rec["parameters"])
    assert parameters["year"] == 2020
    # which components the composite used, and how its intervals were computed
    assert parameters["resilience_components"] == {
        "entropy": 0.3,
        "portfolio_variance": 0.3,
        "worst_loss": 0.4,
    }
    assert parameters["dropped_components"] == {}
    assert parameters["uncertainty"]["replicates"] == 200
    kept = empty_db.execute_query(
        "MATCH (:Region {code: '440305'})-[r:HAS_SCORES]->() "
        "RETURN r.sample_size AS n, r.small_sample AS small, "
        "r.resilience_low AS low, r.resilience_high AS high, r.rank_low AS rank_low, "
        "r.worst_sector AS sector, r.worst_sector_excess AS excess, "
        "r.rank_spec_low AS spec_low, r.rank_spec_high AS spec_high, r.spec_count AS specs",
        database_=db,
    ).records[0]
    assert kept["n"] == nanshan["sample_size"] and kept["small"] is False
    assert kept["low"] == pytest.approx(nanshan["resilience_low"], rel=1e-12)
    assert kept["low"] <= rec["resilience"] <= kept["high"]
    assert kept["rank_low"] == nanshan["rank_low"]
    # the default shocks the 42 I-O sectors: software and IT services (NBS42:31)
    assert kept["sector"] == "NBS42:31" and kept["excess"] > 0
    # the specification range is written back beside the sampling interval
    assert (kept["spec_low"], kept["spec_high"], kept["specs"]) == (
        nanshan["rank_spec_low"],
        nanshan["rank_spec_high"],
        nanshan["spec_count"],
    )
    assert kept["spec_low"] <= nanshan["rank"] <= kept["spec_high"]
    assert parameters["shock_level"] == "io-sectors"
    assert parameters["specifications"]["count"] == nanshan["spec_count"]

    def cluster_counts() -> tuple[int, int, int]:
        r = empty_db.execute_query(
            "MATCH (c:Cluster) WHERE c.kind <> 'declared' "  # loaded, not written back
            "OPTIONAL MATCH (c)-[:IN_REGION]->(g:Region) "
            "OPTIONAL MATCH (c)-[:OF_INDUSTRY]->(i:Industry) "
            "RETURN count(DISTINCT c) AS c, count(DISTINCT g) AS g, count(DISTINCT i) AS i",
            database_=db,
        ).records[0]
        return r["c"], r["g"], r["i"]

    n_clusters, n_regions, n_industries = cluster_counts()
    assert n_clusters == len(expected.clusters)
    assert n_regions == expected.clusters["region_code"].nunique()
    assert n_industries == expected.clusters["industry_code"].nunique()

    # a second write-back changes nothing
    _analyze_cli("--from", "neo4j", "--write-back")
    assert cluster_counts() == (n_clusters, n_regions, n_industries)
    found_by = empty_db.execute_query(
        "MATCH (c:Cluster)-[:FOUND_BY]->(a:Analysis {id: $id}) RETURN count(c) AS n",
        id=rec["id"],
        database_=db,
    ).records[0]["n"]
    assert found_by == n_clusters


def test_write_back_of_another_source_needs_saying_so(china_db_to_write, neo4j_settings):
    """Issue 24: `analyze --write-back` without --from neo4j analysed the bundled copy and
    wrote it into the server silently."""
    res = CliRunner().invoke(cli, ["analyze", "--write-back", "--limit", "1"])
    assert res.exit_code == 2, res.output
    assert "would write an analysis of bundled china, not of the server's data" in res.output
    assert "--write-back-from-copy" in res.output
    n = china_db_to_write.execute_query(
        "MATCH (a:Analysis) RETURN count(a) AS n", database_=neo4j_settings.database
    ).records[0]["n"]
    assert n == 0


def test_region_scores_after_2010_then_2020_never_mix(china_db_to_write, neo4j_settings):
    """Issue 24's done-when: after writing back 2010 and then 2020, `region-scores` returns
    one year's scores with a year column, and never a mix; 2010 stays readable."""
    common = ["--from", "neo4j", "--write-back", "--bootstrap", "0"]
    _analyze_cli(*common, "--year", "2010")
    _analyze_cli(*common, "--year", "2020")

    def query(*params: str) -> pd.DataFrame:
        args = ["query", "region-scores", "-p", "within=100000", "-p", "limit=100000"]
        res = CliRunner().invoke(
            cli, [*args, *(a for p in params for a in ("-p", p)), "--format", "csv"]
        )
        assert res.exit_code == 0, res.output
        return pd.read_csv(io.StringIO(res.stdout), dtype={"code": str})

    latest, old = query(), query("year=2010")
    assert set(latest["year"]) == {2020} and set(old["year"]) == {2010}
    assert latest["analysis"].nunique() == 1 and old["analysis"].nunique() == 1
    assert len(latest) > 2700 and len(old) > 2700
    lowest = query("lowest_first=true")
    assert set(lowest["year"]) == {2020}
    clusters = CliRunner().invoke(
        cli, ["query", "clusters-in-region", "-p", "region=100000", "-p", "limit=100000",
              "--format", "csv"],
    )  # fmt: skip
    table = pd.read_csv(io.StringIO(clusters.stdout))
    detected = table[table["kind"] != "declared"]
    assert set(detected["year"]) == {2020} and detected["id"].str.endswith("|2020").all()
