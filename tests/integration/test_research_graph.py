"""The research graph on the bundled China data: provenance and units, lookups, ad-hoc Cypher,
roll-ups, and outputs that survive pandas (issue 15, items 1, 6, 7, 8, 9).

The tests only read the bundled data, so they share its load with the other modules
that read it (``china_db``, tests/conftest.py); the ``cypher --write`` test removes what
it writes.
"""

from __future__ import annotations

import csv
import io
import json
import math
from typing import Any

import pandas as pd
import pytest
from _reliability import fingerprint
from click.testing import CliRunner

from clusteratlas.cli import cli
from clusteratlas.queries.library import load_library
from clusteratlas.queries.runner import run_query

pytestmark = pytest.mark.neo4j


@pytest.fixture
def bundled(china):
    return china


@pytest.fixture
def db(china_db):
    return china_db


def cli_run(*args: str, stdin: str | None = None) -> Any:
    return CliRunner().invoke(cli, ["--quiet", *args], input=stdin)


def rows(db: Any, cypher: str, **params: Any) -> list[dict[str, Any]]:
    return [r.data() for r in db.execute_query(cypher, params).records]


# --- 1. provenance and units ----------------------------------------------------------


def test_sources_are_nodes_with_title_publisher_vintage_licence(db):
    sources = {r["id"]: r for r in rows(db, "MATCH (s:Source) RETURN s.id AS id, s {.*} AS s")}
    szse = sources["szse-a-share-list"]["s"]
    assert szse["vintage"] == "2025-10-22"  # the SZSE list's date
    assert "Shenzhen Stock Exchange" in szse["publisher"]
    assert szse["licence"].startswith("exchange-published")
    for row in sources.values():
        assert row["s"]["title"]
    # what they support: every region, industry and company links to its source
    unsourced = rows(
        db,
        "MATCH (n) WHERE (n:Region OR n:Industry OR n:Company) "
        "AND NOT (n)-[:SOURCED_FROM]->(:Source) RETURN count(n) AS n",
    )
    assert unsourced[0]["n"] == 0


def test_units_and_sources_on_the_values(db):
    nanshan = rows(
        db,
        "MATCH (:Region {code: '440305'})-[h:HAS_INDUSTRY {year: 2020, measure: 'employment'}]"
        "->(:Industry {code: 'GB4754:I'}) RETURN h.unit AS unit, h.source_id AS source",
    )
    assert nanshan == [{"unit": "persons", "source": "census-2020"}]  # a sample count: .sample
    national = rows(
        db,
        "MATCH (:Region {code: '100000'})-[h:HAS_INDUSTRY {year: 2010, measure: 'employment'}]"
        "->(:Industry {code: 'GB4754:C'}) RETURN h.unit AS unit, h.source_id AS source",
    )
    assert national == [{"unit": "10,000 persons (万人)", "source": "nbs-employment"}]
    flow = rows(
        db,
        "MATCH (:Industry {code: 'NBS42:14'})-[x:INPUT_TO {year: 2020}]->(:Industry "
        "{code: 'NBS42:18'}) RETURN x.unit AS unit, x.source_id AS source",
    )
    assert flow == [{"unit": "10,000 CNY (万元)", "source": "nbs-io-2020"}]
    measure = rows(
        db,
        "MATCH (m:Measure {id: 'employment@census-2020'})-[:FROM_SOURCE]->(s:Source) "
        "RETURN m.unit AS unit, m.definition AS definition, s.id AS source",
    )[0]
    assert measure["source"] == "census-2020" and "compare shares" in measure["definition"]
    missing = rows(
        db,
        "MATCH ()-[h:HAS_INDUSTRY]->() WHERE h.unit IS NULL OR h.source_id IS NULL "
        "RETURN count(h) AS n",
    )
    assert missing[0]["n"] == 0


def test_indicator_qualifiers_and_company_placement(db):
    nanshan = run_query(db, "regions-by-indicator", {"indicator": "listed_companies"})
    first = nanshan.iloc[0]
    assert (first["code"], first["value"], first["qualifier"]) == ("440305", 200.0, "lower_bound")
    exact = rows(
        db,
        "MATCH (:Region {code: '320583'})-[m:MEASURED {indicator: 'rd_share_of_gdp'}]->() "
        "RETURN m.qualifier AS q",
    )
    assert exact == [{"q": "exact"}]
    placed = rows(
        db,
        "MATCH (:Company {id: 'SZSE:000009'})-[l:LOCATED_IN]->(r:Region) "
        "RETURN r.code AS code, l.level AS level, l.reason AS reason",
    )
    assert placed[0]["level"] == "prefecture" and placed[0]["code"] == "440300"
    assert placed[0]["reason"]
    county = rows(
        db,
        "MATCH (:Company {id: 'SZSE:000001'})-[l:LOCATED_IN]->() RETURN l.level AS level, "
        "l.reason AS reason",
    )
    assert county == [{"level": "county", "reason": None}]


def test_sources_query(db, bundled):
    out = run_query(db, "sources")
    by_id = out.set_index("id")
    assert by_id.loc["census-2020", "vintage"] == "2020"
    # 2,840 counties x 20 sections (56,740 before the successors were summed, review s3)
    assert "HAS_INDUSTRY 56800" in by_id.loc["census-2020", "supports"]
    assert by_id.loc["nbs-io-2020", "measures"] == [
        "final_use (10,000 CNY (万元))",
        "flow (10,000 CNY (万元))",
        "gross_output (10,000 CNY (万元))",
    ]
    assert set(out["id"]) == set(bundled.metadata["provenance"]["sources"])


# --- 6. lookup ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "codes", "parents"),
    [
        ("南山区", {"230404", "440305"}, {"鹤岗市", "深圳市"}),
        ("鼓楼区", {"320106", "320302", "350102", "410204"},
         {"南京市", "徐州市", "福州市", "开封市"}),
        ("朝阳区", {"110105", "220104"}, {"北京市", "长春市"}),
    ],
)  # fmt: skip
def test_lookup_lists_every_namesake_distinguishably(db, text, codes, parents):
    res = cli_run("lookup", text, "--kind", "region", "--format", "json")
    assert res.exit_code == 0, res.output
    found = pd.DataFrame(json.loads(res.stdout))
    exact = found[found["name"] == text]
    assert set(exact["code"]) == codes
    assert set(exact["parent_name"]) == parents
    assert exact[["parent_name", "within"]].drop_duplicates().shape[0] == len(codes)
    assert (exact["level"] == "county").all()


def test_lookup_finds_companies_and_industries(db):
    vanke = run_query(db, "lookup", {"text": "万科A"})  # the list writes 万科Ａ (full width)
    assert vanke.iloc[0]["code"] == "SZSE:000002" and vanke.iloc[0]["kind"] == "company"
    software = run_query(db, "lookup", {"text": "软件和信息", "kind": "industry"})
    assert "GB4754:I" in set(software["code"])
    one_character = run_query(db, "lookup", {"text": "鼓", "kind": "region", "limit": 100})
    assert {"320106", "360926"} <= set(one_character["code"])  # 鼓楼区, 铜鼓县
    assert run_query(db, "lookup", {"text": 'x"\\) OR 1=1 //'}).empty  # only ever text


@pytest.mark.parametrize("text", ["Kunshan", "崑山市", "320583", "Kūnshān", "kun shan", "KunShan"])
def test_lookup_by_pinyin_traditional_characters_and_code_finds_kunshan_first(db, text):
    """Issue 24 #8: these found nothing and said nothing."""
    res = cli_run("lookup", text, "--format", "json")
    assert res.exit_code == 0, res.output
    found = json.loads(res.stdout)
    assert (found[0]["code"], found[0]["name"], found[0]["kind"]) == ("320583", "昆山市", "region")
    assert found[0]["parent_name"] == "苏州市"


def test_lookup_by_pinyin_english_and_traditional_namesakes(db):
    yiwu = run_query(db, "lookup", {"text": "yiwu"})
    assert "义乌市" in set(yiwu["name"]) and "330782" in set(yiwu["code"])
    assert set(yiwu.loc[yiwu["code"] == "330782", "matched"]) == {"alias"}
    manufacturing = run_query(db, "lookup", {"text": "Manufacturing"})
    assert manufacturing.iloc[0][["code", "matched"]].tolist() == ["GB4754:C", "english name"]
    res = cli_run("lookup", "南山區", "--format", "json")
    assert res.exit_code == 0, res.output
    assert {"440305", "230404"} <= {r["code"] for r in json.loads(res.stdout)}
    nanshan = run_query(db, "lookup", {"text": "Nanshan", "kind": "region"})
    both = nanshan[nanshan["matched"] == "alias"]
    assert set(both["code"]) == {"440305", "230404"}
    assert set(both["parent_name"]) == {"深圳市", "鹤岗市"}  # namesakes told apart


def test_researchers_cypher_finds_pinyin_through_the_fulltext_index(db):
    found = rows(
        db,
        "CALL db.index.fulltext.queryNodes('name_fulltext', 'kunshan') YIELD node "
        "RETURN node.code AS code, node.name_pinyin AS pinyin",
    )
    assert {"code": "320583", "pinyin": "Kunshan"} in found


@pytest.mark.parametrize("text", ["三一重工", "公牛", "安踏"])
def test_a_company_outside_the_data_says_what_the_data_cover(db, text):
    """三一重工 (Shanghai), 公牛 (Shanghai), 安踏 (Hong Kong): "(no rows)" said nothing."""
    res = CliRunner().invoke(cli, ["lookup", text])
    assert res.exit_code == 0, res.output
    assert "(no rows)" in res.stdout
    note = res.stderr
    assert f"no region, industry or company matches {text!r}" in note
    assert "the graph's 2,875 companies are those listed on SZSE" in note
    assert "Shenzhen Stock Exchange A-share company list, 2025-10-22" in note
    assert "listed elsewhere, or not listed, is not in the data" in note


def test_a_region_not_found_says_so(db):
    res = CliRunner().invoke(cli, ["lookup", "不存在县", "--kind", "region"])
    assert res.exit_code == 0, res.output
    assert "no region matches '不存在县': the graph's 3,216 regions are from" in res.stderr


@pytest.mark.parametrize(
    ("params", "code"),
    [
        (["-p", "region=昆山市"], "320583"),
        (["-p", "region=崑山市"], "320583"),
        (["-p", "region=Kunshan"], "320583"),
        (["-p", "region=深圳市南山区"], "440305"),
        (["-p", "region:int=440305"], "440305"),
    ],
)
def test_query_region_parameters_take_names_and_integer_codes(db, params, code):
    res = CliRunner().invoke(
        cli, ["query", "listed-companies-in-region", *params, "--format", "json"]
    )
    assert res.exit_code == 0, res.output
    found = json.loads(res.stdout)
    assert found and {r["region_code"] for r in found} == {code}


def test_query_region_name_shared_by_namesakes_is_a_usage_error(db):
    res = CliRunner().invoke(cli, ["query", "listed-companies-in-region", "-p", "region=南山区"])
    assert res.exit_code == 2
    assert "南山区 (230404, county in 黑龙江省 鹤岗市)" in res.output
    assert "南山区 (440305, county in 广东省 深圳市)" in res.output
    within = run_query(db, "regions-by-listed-companies", {"within": "Kunshan"})
    assert within["code"].tolist() == ["320583"]
    assert "parameter within: Kunshan = 320583" in within.attrs["notes"]


# --- 7. ad-hoc Cypher --------------------------------------------------------------------


def test_cypher_with_a_code_typed_as_a_number_says_why_there_are_no_rows(db):
    statement = "MATCH (r:Region {code: $code}) RETURN r.name AS name"
    res = CliRunner().invoke(cli, ["cypher", statement, "-p", "code:int=440305"])
    assert res.exit_code == 0, res.output
    assert "(no rows)" in res.stdout
    assert "parameter code is the number 440305" in res.stderr
    assert "-p code=440305" in res.stderr
    res = cli_run("cypher", statement, "-p", "code=440305", "--format", "json")
    assert json.loads(res.stdout) == [{"name": "南山区"}]


def test_cypher_with_parameters_and_formats(db, tmp_path):
    res = cli_run(
        "cypher",
        "MATCH (r:Region {code: $code}) RETURN r.code AS code, r.name AS name, $n AS n",
        "-p",
        "code=440305",
        "-p",
        "n:int=3",
        "--format",
        "csv",
    )
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines() == ["code,name,n", "440305,南山区,3"]
    query = tmp_path / "q.cypher"
    query.write_text(
        "// params: region (str), limit (int, default 2)\n"
        "MATCH (c:Company)-[:LOCATED_IN]->(:Region {code: $region}) "
        "RETURN c.id AS id ORDER BY id LIMIT $limit",
        encoding="utf-8",
    )
    res = cli_run("cypher", "-f", str(query), "-p", "region=440305", "--format", "jsonl")
    assert res.exit_code == 0, res.output
    assert [json.loads(line)["id"] for line in res.stdout.splitlines()] == [
        "SZSE:000014",  # 沙河股份: the leading zeros survive
        "SZSE:000016",
    ]
    res = cli_run("cypher", "-", stdin="RETURN gds.version() AS gds, apoc.version() AS apoc")
    assert res.exit_code == 0 and "2.13." in res.stdout


def test_an_untyped_parameter_takes_the_type_of_what_it_is_compared_with(db):
    """Issue 24 #8: `-p y=2020` was text, so `{year: $y}` matched nothing, with exit 0."""
    statement = (
        "MATCH (:Region {code: $c})-[h:HAS_INDUSTRY {year: $y}]->(i) "
        "RETURN i.code AS code ORDER BY h.value DESC, code LIMIT $n"
    )
    res = cli_run("cypher", statement, "-p", "c=440305", "-p", "y=2020", "-p", "n=2")
    assert res.exit_code == 0, res.output
    assert res.stdout.split()[1:] == ["GB4754:F", "GB4754:C"]  # the code stays text
    assert "note: -p y=2020 taken as int (the statement uses year: $y)" in res.stderr
    kept = cli_run("cypher", statement, "-p", "c=440305", "-p", "y:str=2020", "-p", "n=2")
    assert kept.exit_code == 0 and "(no rows)" in kept.stdout  # asked for text, got text
    bad = cli_run("cypher", statement, "-p", "c=440305", "-p", "y=twenty", "-p", "n=2")
    assert bad.exit_code == 2 and "the statement uses it as int (year: $y)" in bad.output


def test_cypher_returns_nodes_relationships_and_paths_as_objects(db):
    """Issue 24 #6: a relationship came out as its Python repr, a path without its
    relationships; both are JSON objects now, in JSON and in CSV cells."""
    res = cli_run(
        "cypher",
        "MATCH p = (c:Company {id: 'SZSE:000001'})-[r:LOCATED_IN]->(g) RETURN c, r, p",
        "--format",
        "json",
    )
    assert res.exit_code == 0, res.output
    row = json.loads(res.stdout)[0]
    company, located, path = row["c"], row["r"], row["p"]
    assert company["labels"] == ["Company"]
    assert company["properties"]["listed_on"] == "1991-04-03"  # temporal: ISO text
    assert located["type"] == "LOCATED_IN" and located["start"] == company["element_id"]
    assert set(located["properties"]) >= {"level"}
    assert [n["element_id"] for n in path["nodes"]] == [located["start"], located["end"]]
    assert [r["type"] for r in path["relationships"]] == ["LOCATED_IN"]
    res = cli_run("cypher", "MATCH ()-[r:LOCATED_IN]->() RETURN r LIMIT 1", "--format", "csv")
    assert res.exit_code == 0, res.output
    cell = json.loads(next(csv.reader(io.StringIO(res.stdout.splitlines()[1])))[0])
    assert cell["type"] == "LOCATED_IN" and "properties" in cell


def test_cypher_is_read_only_unless_write(db, neo4j_settings):
    before = fingerprint(db, neo4j_settings.database)
    res = cli_run("cypher", "CREATE (:Probe {n: 1})")
    assert res.exit_code == 1 and "refused" in res.stderr
    assert fingerprint(db, neo4j_settings.database) == before
    res = cli_run("cypher", "CREATE (:Probe {n: 1}) RETURN 1 AS made", "--write")
    assert res.exit_code == 0, res.output
    batched = "MATCH (p:Probe) CALL (p) { DELETE p } IN TRANSACTIONS OF 10 ROWS"
    assert cli_run("cypher", batched).exit_code == 1  # a write, refused without --write
    res = cli_run("cypher", batched, "--write")  # runs in an auto-commit transaction
    assert res.exit_code == 0, res.output
    assert fingerprint(db, neo4j_settings.database) == before


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["RETURN $missing"], 1, "pass it with -p NAME=VALUE"),
        (["MATC (n) RETURN n"], 1, "SyntaxError"),
        (["CALL apoc.util.sleep(5000)", "--timeout", "1"], 1, "timeout"),
        (["RETURN 1", "-p", "n:int=x"], 2, "must be int"),
        (["RETURN 1", "-f", "nonexistent.cypher"], 2, "nonexistent.cypher"),
    ],
)
def test_cypher_errors_have_the_query_exit_codes(db, args, code, message):
    res = cli_run("cypher", *args)
    assert res.exit_code == code, res.output
    assert message in res.stderr
    assert "Traceback" not in res.output


# --- 9. roll-ups -------------------------------------------------------------------------


def _rolled_up(bundled, level: str, year: int = 2020, equivalents: bool = False) -> pd.DataFrame:
    """County employment summed to each ancestor of ``level`` (the pandas oracle); with
    ``equivalents``, a county without a prefecture counts in its province when the province
    has no prefectures (a municipality), else in itself (a county under its province)."""
    regions = bundled.regions.set_index("code")
    parent = regions["parent_code"].to_dict()
    with_prefectures = {
        parent[p] for p in regions.index[regions["level"] == "prefecture"]
    }  # provinces that have prefectures (in the bundled data prefectures sit under provinces)

    def ancestor(code: str) -> str | None:
        county = code
        while code is not None and regions.loc[code, "level"] != level:
            code = parent.get(code)
            if code is None or (isinstance(code, float) and math.isnan(code)):
                if not equivalents or level != "prefecture":
                    return None
                province = parent[county]
                return county if province in with_prefectures else province
        return code

    ri = bundled.region_industries
    counties = set(regions.index[regions["level"] == "county"])
    ri = ri[(ri["year"] == year) & (ri["measure"] == "employment")]
    ri = ri[ri["region_code"].isin(counties) & ri["industry_code"].str.startswith("GB4754:")]
    ri = ri.assign(up=ri["region_code"].map(ancestor)).dropna(subset=["up"])
    return ri.pivot_table(index="up", columns="industry_code", values="value", aggfunc="sum")


def test_prefecture_roll_up_of_regions_specialised_in(db, bundled):
    out = run_query(
        db, "regions-specialised-in", {"industry": "GB4754:I", "level": "prefecture", "limit": 500}
    )
    assert len(out) > 20
    E = _rolled_up(bundled, "prefecture", equivalents=True).fillna(0.0)
    share = E["GB4754:I"] / E.sum(axis=1)
    lq = share / (E["GB4754:I"].sum() / E.to_numpy().sum())
    expected = lq[lq >= 1.25].sort_values(ascending=False)
    got = out.set_index("code")["lq"]
    assert list(got.index) == list(expected.index)
    pd.testing.assert_series_equal(got, expected, check_names=False, rtol=1e-9)
    # issue 24: the municipalities stand as prefectures and say so; Beijing leads IT
    levels = out.set_index("code")["region_level"]
    assert out.iloc[0]["code"] == "110000" and levels["110000"] == "province"
    assert {"110000", "310000"} <= set(out["code"]) and levels["330100"] == "prefecture"


def test_province_employment_of_a_prefecture(db, bundled):
    out = run_query(db, "province-employment-by-section", {"province": "440300"})
    assert set(out["province_code"]) == {"440300"}
    E = _rolled_up(bundled, "prefecture").fillna(0.0)
    shenzhen = E.loc["440300"]
    shenzhen = shenzhen[shenzhen > 0]
    got = out.set_index("industry_code")["value"]
    pd.testing.assert_series_equal(
        got.sort_index(), shenzhen.sort_index(), check_names=False, check_dtype=False
    )
    assert out["share"].sum() == pytest.approx(1.0)
    assert (out["regions"] <= 10).all()


# --- 8. outputs that survive pandas --------------------------------------------------------

PARAMS: dict[str, dict[str, str]] = {
    "clusters-in-region": {"region": "440300"},
    "companies-in-exposed-regions": {},
    "companies-in-industry": {"industry": "GB4754:C", "limit": "50"},
    "diversification-in-province": {"province": "330000"},
    "industry-downstream": {"industry": "NBS42:18"},
    "industry-time-series": {"industry": "GB4754:C"},
    "industry-upstream": {"industry": "NBS42:18"},
    "listed-companies-in-region": {"region": "440305"},
    "listed-firm-specialisation": {"region": "440305"},
    "lookup": {"text": "南山"},
    "region-industries-by-lq": {"region": "440305"},
    "region-scores": {"within": "440000"},
    "regions-by-indicator": {},
    "regions-by-listed-companies": {},
    "regions-specialised-in": {"industry": "GB4754:I"},
    "similar-regions": {"region": "440305"},
    "single-supplier-dependencies": {},
    "supply-paths": {"supplier": "SZSE:000001", "customer": "SZSE:000002"},
}
"""Parameters of each library query on the bundled data (others need none)."""


def _text_columns(frame: pd.DataFrame) -> list[str]:
    return [c for c in frame.columns if frame[c].map(lambda v: isinstance(v, str)).any()]


def _normalise(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.astype(object).where(frame.notna(), None)


@pytest.mark.parametrize("name", sorted(load_library()))
def test_every_query_survives_a_csv_and_json_round_trip(db, name):
    params = PARAMS.get(name, {})
    expected = run_query(db, name, params)
    args = ["query", name, *(a for k, v in params.items() for a in ("-p", f"{k}={v}"))]

    records = cli_run(*args, "--format", "json")
    assert records.exit_code == 0, records.output
    loaded = json.loads(records.stdout)
    if expected.empty:
        assert loaded == []
    else:  # the documented recipe: pd.DataFrame(json.load(f))
        back = pd.DataFrame(loaded)
        pd.testing.assert_frame_equal(_normalise(back), _normalise(expected), check_dtype=False)

    lines = cli_run(*args, "--format", "jsonl")
    if not expected.empty:  # the documented recipe: pd.read_json(path, lines=True, dtype=False)
        back = pd.read_json(io.StringIO(lines.stdout), lines=True, dtype=False)
        pd.testing.assert_frame_equal(
            _normalise(back), _normalise(expected), check_dtype=False, check_exact=False
        )

    csv = cli_run(*args, "--format", "csv")
    assert csv.exit_code == 0, csv.output
    # the documented recipe: codes as text with dtype=, lists and maps with json.loads
    text = _text_columns(expected)
    back = pd.read_csv(io.StringIO(csv.stdout), dtype=dict.fromkeys(text, str))
    nested = [
        c for c in expected.columns if expected[c].map(lambda v: isinstance(v, list | dict)).any()
    ]
    for column in nested:
        back[column] = back[column].map(lambda v: json.loads(v) if isinstance(v, str) else v)
    assert list(back.columns) == list(expected.columns)
    pd.testing.assert_frame_equal(
        _normalise(back), _normalise(expected), check_dtype=False, check_exact=False, rtol=1e-12
    )
    for column in text:  # leading zeros kept: 000001, 100000
        assert back[column].dropna().map(type).eq(str).all()


# --- 2. the documented model -----------------------------------------------------------------


def test_graph_model_examples_run(db):
    from clusteratlas.graph.neo4j_store.model_doc import EXAMPLES

    empty = []
    for name, cypher in EXAMPLES.items():
        if not db.execute_query(cypher).records:
            empty.append(name)
    # clusters and scores are written back by `analyze --write-back`, and the bundle has no
    # supply links, no overlapping regions (China's divisions nest) and no occupation bridge
    assert set(empty) <= {
        "OVERLAPS",
        "STAFFS",
        "Analysis",
        "HAS_SCORES",
        "FOUND_BY",
        "Cluster",
        "IN_REGION",
        "OF_INDUSTRY",
        "MEMBER_OF",
        "LINKED_TO",
        "SUPPLIES",
    }
