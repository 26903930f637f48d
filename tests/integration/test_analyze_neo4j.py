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
        "MATCH (r:Region {code: '440305'}) RETURN r.resilience AS resilience, r.entropy AS "
        "entropy, r.resilience_computed_at AS at, r.resilience_parameters AS parameters",
        database_=db,
    ).records[0]
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
        "MATCH (r:Region {code: '440305'}) RETURN r.sample_size AS n, r.small_sample AS small, "
        "r.resilience_low AS low, r.resilience_high AS high, r.rank_low AS rank_low, "
        "r.worst_sector AS sector, r.worst_sector_excess AS excess",
        database_=db,
    ).records[0]
    assert kept["n"] == nanshan["sample_size"] and kept["small"] is False
    assert kept["low"] == pytest.approx(nanshan["resilience_low"], rel=1e-12)
    assert kept["low"] <= rec["resilience"] <= kept["high"]
    assert kept["rank_low"] == nanshan["rank_low"]
    assert kept["sector"] == "GB4754:I" and kept["excess"] > 0

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
