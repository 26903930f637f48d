"""Security: values are parameters, labels and types come from the schema, queries are
read-only unless --write, the password never leaks, and docker-compose has no default one.

Hostile strings (quotes, backticks, ``}) DETACH DELETE n //``, HTML, unicode) go in
through every user-facing door: names and codes in loaded data (CSV -> CLI load),
CLI query parameters, region codes of the views. The graph must be unharmed and the
values must come back exactly.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from _reliability import fingerprint, run_cli
from _store_helpers import ROOT, small_dataset

from clusteratlas.errors import UsageError
from clusteratlas.graph.neo4j_store import cypher_writes as cw
from clusteratlas.graph.neo4j_store.read import read_dataset
from clusteratlas.graph.neo4j_store.schema import NODES, RELATIONSHIPS, NodeSpec, RelSpec
from clusteratlas.loaders.dataset import Dataset
from clusteratlas.loaders.io import write_dataset_dir

HOSTILE = (
    "x' }) DETACH DELETE n //",
    'x" }) DETACH DELETE n //',
    "`) DETACH DELETE n //",
    "}) DETACH DELETE n //",
    "' OR 1=1 WITH n MATCH (m) DETACH DELETE m //",
    "$rows",
    "<script>alert('南山')</script>",
    "南山区 \u202e 🏭 \\ 'quoted' \"double\"",
)
EVIL_CODE = HOSTILE[0]


def hostile_dataset() -> Dataset:
    """The small store dataset with hostile codes and names in every kind of node."""
    base = small_dataset("hostile")
    regions = base.regions.copy()
    regions.loc[len(regions)] = [EVIL_CODE, HOSTILE[6], "county", "440300", 113.9, 22.5]
    regions.loc[regions["code"] == "440305", "name"] = HOSTILE[2]
    industries = base.industries.copy()
    industries.loc[industries["code"] == "GB4754:C", "name"] = HOSTILE[3]
    companies = base.companies.copy()
    companies.loc[0, "name"] = HOSTILE[1]
    companies.loc[1, "name"] = HOSTILE[7]
    region_industries = pd.concat(
        [
            base.region_industries,
            pd.DataFrame(
                {
                    "region_code": [EVIL_CODE] * 2,
                    "industry_code": ["GB4754:C", "GB4754:I"],
                    "year": [2020, 2020],
                    "measure": ["employment", "employment"],
                    "value": [10.0, 30.0],
                }
            ),
        ],
        ignore_index=True,
    )
    indicators = base.region_indicators.copy()
    indicators.loc[0, "source"] = HOSTILE[4]
    indicators.loc[1, "indicator"] = HOSTILE[5]
    return Dataset.from_frames(
        metadata={"name": "hostile"},
        **{
            **dict(base),
            "regions": regions,
            "industries": industries,
            "companies": companies,
            "region_industries": region_industries,
            "region_indicators": indicators,
        },
    )


@pytest.fixture(scope="module")
def hostile_graph(
    neo4j_driver: Any, neo4j_settings: Any, tmp_path_factory: pytest.TempPathFactory
) -> Any:
    """The hostile dataset written as CSV and loaded with the CLI; yields (dataset, fingerprint)."""
    from _reliability import wipe_disposable

    db = neo4j_settings.database
    wipe_disposable(neo4j_driver, db)
    directory = tmp_path_factory.mktemp("hostile") / "hostile"
    dataset = hostile_dataset()
    write_dataset_dir(dataset, directory)
    result = run_cli("--verbose", "load", str(directory))
    assert result.exit_code == 0, result.output
    assert neo4j_settings.password not in result.output
    yield dataset, fingerprint(neo4j_driver, db)
    wipe_disposable(neo4j_driver, db)


def _sorted(frame: pd.DataFrame, key: list[str]) -> pd.DataFrame:
    return frame.sort_values(key).reset_index(drop=True)


def test_hostile_names_and_codes_round_trip_exactly(
    hostile_graph: Any, neo4j_driver: Any, neo4j_settings: Any
) -> None:
    dataset, _ = hostile_graph
    back = read_dataset(neo4j_driver, database=neo4j_settings.database)
    for table, key in [
        ("regions", ["code"]),
        ("industries", ["code"]),
        ("companies", ["id"]),
        ("region_indicators", ["region_code", "indicator", "year"]),
    ]:
        want = _sorted(getattr(dataset, table), key)
        got = _sorted(getattr(back, table), key)[list(want.columns)]
        pd.testing.assert_frame_equal(got, want, check_dtype=False)
    counts = fingerprint(neo4j_driver, neo4j_settings.database)["counts"]
    assert counts["Region"] == 6 and counts["Company"] == 3


@pytest.mark.parametrize("value", HOSTILE, ids=[f"hostile{i}" for i in range(len(HOSTILE))])
def test_hostile_query_parameters_match_nothing_and_harm_nothing(
    value: str, hostile_graph: Any, neo4j_driver: Any, neo4j_settings: Any
) -> None:
    _, before = hostile_graph
    for name, param in [
        ("listed-companies-in-region", "region"),
        ("regions-specialised-in", "industry"),
        ("regions-by-indicator", "indicator"),
    ]:
        result = run_cli("query", name, "--param", f"{param}={value}", "--format", "json")
        if result.exit_code == 2:  # codes are looked up first (as parameters): unknown one
            assert "in the graph" in result.output and result.stdout == ""
        else:  # a code the hostile graph has: found by value, it matches what it should
            assert result.exit_code == 0, result.output
            rows = json.loads(result.stdout)
            if name == "listed-companies-in-region" and rows:
                # a region parameter takes a name too (names are matched loosely: case,
                # spacing and punctuation aside): the hostile region name, matched as a
                # value, finds one region's companies, and a note names the region chosen
                assert len({r["region_code"] for r in rows}) == 1, rows
                assert f"= {rows[0]['region_code']}" in result.output
            elif value != HOSTILE[5] or name != "regions-by-indicator":
                assert rows == [], result.stdout
    assert fingerprint(neo4j_driver, neo4j_settings.database) == before


def test_a_hostile_code_is_found_by_value_through_query_parameters(hostile_graph: Any) -> None:
    result = run_cli(
        "query", "region-industries-by-lq", "--param", f"region={EVIL_CODE}", "--format", "json"
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert {r["industry_code"]: r["value"] for r in rows} == {"GB4754:C": 10.0, "GB4754:I": 30.0}
    names = {r["industry_name"] for r in rows}
    assert HOSTILE[3] in names  # the hostile industry name, exactly
    indicator = f"indicator={HOSTILE[5]}"
    result = run_cli("query", "regions-by-indicator", "-p", indicator, "--format", "json")
    assert result.exit_code == 0, result.output
    assert [r["code"] for r in json.loads(result.stdout)] == ["320583"]


def test_views_of_hostile_regions_escape_them_and_hold_no_password(
    hostile_graph: Any, tmp_path: Path, neo4j_settings: Any, neo4j_driver: Any
) -> None:
    _, before = hostile_graph
    out = tmp_path / "evil.html"
    result = run_cli("view", "region", "--from", "neo4j", "--region", EVIL_CODE, "-o", str(out))
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "<script>alert(" not in page  # the hostile name is escaped, never markup
    assert "alert(\\u0027南山\\u0027)" in page or "&lt;script&gt;alert" in page
    assert neo4j_settings.password not in page + result.output
    # names are looked up by value: the HTML name finds EVIL_CODE's page, escaped again
    by_name = run_cli("view", "region", "--from", "neo4j", "--region", HOSTILE[6], "-o", str(out))
    assert by_name.exit_code == 0, by_name.output
    page = out.read_text(encoding="utf-8")
    assert "<script>alert(" not in page and "&lt;script&gt;alert" in page
    assert neo4j_settings.password not in page + by_name.output
    # HOSTILE[2] is 440305's name: its page, with the name exactly as text in the title
    by_name = run_cli("view", "region", "--from", "neo4j", "--region", HOSTILE[2], "-o", str(out))
    assert by_name.exit_code == 0, by_name.output
    page = out.read_text(encoding="utf-8")
    assert f'<h1 id="view-title">Region view: {HOSTILE[2]} (440305, county)' in page
    assert neo4j_settings.password not in page + by_name.output
    # a hostile string that is no region's code or name fails cleanly, nothing leaks
    for value in (HOSTILE[4], HOSTILE[6] + "x"):
        missing = run_cli("view", "region", "--from", "neo4j", "--region", value, "-o", str(out))
        assert missing.exit_code == 2 and "Traceback" not in missing.output, missing.output
        assert neo4j_settings.password not in missing.output
    assert fingerprint(neo4j_driver, neo4j_settings.database) == before


def test_writer_refuses_labels_and_types_not_in_the_schema() -> None:
    evil_label = NodeSpec("Region`) DETACH DELETE n //", ("code",), NODES["Region"].properties)
    impostor = NodeSpec("Company", ("id",), {"id": "str", "evil": "str"})  # not the schema's
    evil_type = RelSpec("PART_OF]->() DETACH DELETE a //", "Region", "Region", (), {})
    for make in (
        lambda: cw.merge_nodes(evil_label, ["name"]),
        lambda: cw.merge_nodes(impostor, ["evil"]),
        lambda: cw.delete_nodes_by_key(evil_label),
        lambda: cw.node_keys_of_dataset(evil_label),
        lambda: cw.naive_merge_node(evil_label, []),
        lambda: cw.merge_relationships(evil_type, []),
        lambda: cw.unclaim_relationships(evil_type),
    ):
        with pytest.raises(UsageError, match="not in the schema"):
            make()
    with pytest.raises(UsageError, match="no properties"):
        cw.merge_nodes(NODES["Region"], ["name`, n.x = 1 //"])
    assert "MERGE (n:Region {code: row.code})" in cw.merge_nodes(NODES["Region"], ["name"])
    assert cw.merge_relationships(RELATIONSHIPS["SUPPLIES"], ["value"])


def test_queries_are_read_only_unless_write(
    hostile_graph: Any, tmp_path: Path, neo4j_driver: Any, neo4j_settings: Any
) -> None:
    _, before = hostile_graph
    (tmp_path / "wipe.cypher").write_text(
        "// name: wipe\n// description: deletes everything\n// returns: n\n"
        "MATCH (n) DETACH DELETE n RETURN count(*) AS n\n",
        encoding="utf-8",
    )
    (tmp_path / "tag.cypher").write_text(
        "// name: tag\n// description: writes one node\n// params: note (str)\n// returns: note\n"
        "CREATE (t:ReliabilityProbe {note: $note}) RETURN t.note AS note\n",
        encoding="utf-8",
    )
    refused = run_cli("query", "wipe", "--queries-dir", str(tmp_path))
    assert refused.exit_code == 1 and "read-only" in refused.stderr
    assert fingerprint(neo4j_driver, neo4j_settings.database) == before
    written = run_cli(
        "query", "tag", "--queries-dir", str(tmp_path), "--write",
        "-p", f"note={HOSTILE[2]}", "--format", "json",
    )  # fmt: skip
    assert written.exit_code == 0, written.output
    assert json.loads(written.stdout) == [{"note": HOSTILE[2]}]
    neo4j_driver.execute_query(
        "MATCH (t:ReliabilityProbe) DELETE t", database_=neo4j_settings.database
    )
    assert fingerprint(neo4j_driver, neo4j_settings.database) == before


def test_password_never_in_verbose_output_or_errors(
    hostile_graph: Any, tmp_path: Path, neo4j_settings: Any
) -> None:
    password = neo4j_settings.password
    pw = ("--password", password)
    outputs = [
        run_cli("--verbose", "query", "graph-statistics", *pw),
        run_cli("--verbose", "query", "no-such-query", *pw),
        run_cli("--verbose", "query", "graph-statistics", "--database", "nope", *pw),
        run_cli("--verbose", "analyze", "--from", "neo4j", "--format", "csv"),
        run_cli("--verbose", "view", "clusters", "--from", "neo4j", "-o", str(tmp_path / "c.html")),
    ]
    assert outputs[0].exit_code == 0 and outputs[1].exit_code != 0 and outputs[2].exit_code != 0
    for result in outputs:
        assert password not in result.output, result.output[-2000:]
    for page in tmp_path.glob("*.html"):
        assert password not in page.read_text(encoding="utf-8")


def test_docker_compose_password_has_no_default() -> None:
    from clusteratlas.graph.neo4j_store.settings import DEFAULT_PASSWORD

    text = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    auth = [line.strip() for line in text.splitlines() if "NEO4J_AUTH" in line]
    assert auth == [
        'NEO4J_AUTH: "neo4j/${NEO4J_PASSWORD:?set NEO4J_PASSWORD (at least 8 characters)}"'
    ]
    assert ":-" not in auth[0] and "-}" not in auth[0]  # no ${VAR:-default} / ${VAR-default}
    # the development default of scripts/neo4j-local (and settings) is not reused there
    assert DEFAULT_PASSWORD not in text and "neo4j/neo4j" not in text
    assert "127.0.0.1:7687:7687" in text  # published on loopback only
