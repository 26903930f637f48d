"""Query headers, parameter typing, the library's own consistency, and the CLI without a server."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from clusteratlas.cli import cli
from clusteratlas.errors import QueryError, UsageError
from clusteratlas.queries.header import _parse_params, coerce_value, parse_query_text
from clusteratlas.queries.library import LIBRARY_DIR, find_query, library_table, load_library

HEADER = """// name: demo-query
// description: First line of the description
//   continues here.
// params: region (str), year (int, default 2020), min_lq (float, default 1.25),
//   flag (bool, default false), codes (list[str], default "a, b"), note (str, default null)
// returns: code, name
MATCH (r:Region {code: $region}) RETURN r.code AS code, r.name AS name
"""


def test_header_fields_and_continuation_lines():
    spec = parse_query_text(HEADER)
    assert spec.name == "demo-query"
    assert spec.description == "First line of the description continues here."
    assert [(p.name, p.type, p.required) for p in spec.params] == [
        ("region", "str", True),
        ("year", "int", False),
        ("min_lq", "float", False),
        ("flag", "bool", False),
        ("codes", "list[str]", False),
        ("note", "str", False),
    ]
    assert spec.param("codes").default == ["a", "b"]
    assert spec.param("note").default is None
    assert spec.returns == ("code", "name")
    assert spec.body().startswith("MATCH (r:Region")


def test_bind_fills_defaults_and_converts_text():
    spec = parse_query_text(HEADER)
    bound = spec.bind({"region": "440305", "year": "2010", "flag": "true", "codes": "x,y"})
    assert bound == {
        "region": "440305",
        "year": 2010,
        "min_lq": 1.25,
        "flag": True,
        "codes": ["x", "y"],
        "note": None,
    }
    assert type(bound["year"]) is int


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"region": "1", "nope": "2"}, "has no parameter 'nope'"),
        ({}, "needs parameter 'region'"),
        ({"region": "1", "year": "twenty"}, "must be int"),
        ({"region": "1", "year": 2020.5}, "must be int"),
        ({"region": "1", "year": True}, "must be int"),
        ({"region": "1", "min_lq": "nan"}, "must be float"),
        ({"region": "1", "flag": "maybe"}, "must be bool"),
        ({"region": 440305}, "must be str"),
        ({"region": "1", "codes": 3}, r"must be list\[str\]"),
    ],
)
def test_bind_refuses_unknown_missing_and_ill_typed(values, message):
    with pytest.raises(UsageError, match=message) as info:
        parse_query_text(HEADER).bind(values)
    assert info.value.exit_code == 2


def test_text_that_looks_like_cypher_stays_a_string():
    value = "x'}) DETACH DELETE r //"
    assert coerce_value(value, "str") == value
    assert parse_query_text(HEADER).bind({"region": value})["region"] == value


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a (str", "cannot parse"),
        ("a (decimal)", "unknown type"),
        ("a (int), a (str)", "declared twice"),
        ("a (int, default x)", "bad default"),
        ("a (int) b (int)", "expected ','"),
    ],
)
def test_malformed_params_header(text, message):
    with pytest.raises(QueryError, match=message):
        _parse_params(text)


def test_header_without_cypher_or_name_is_an_error():
    with pytest.raises(QueryError, match="no Cypher"):
        parse_query_text("// name: x\n// params:\n")
    with pytest.raises(QueryError, match="name"):
        parse_query_text("RETURN 1")


# --- the library ---------------------------------------------------------------------------


def test_library_has_at_least_15_queries_each_named_after_its_file():
    library = load_library()
    assert len(library) >= 15
    for name, spec in library.items():
        assert spec.path is not None and spec.path.stem == name
        assert spec.description and spec.returns, name


@pytest.mark.parametrize("name", sorted(load_library()))
def test_every_parameter_used_is_declared_and_every_declared_one_used(name):
    spec = find_query(name)
    used = set(re.findall(r"\$([A-Za-z_][A-Za-z0-9_]*)", spec.body()))
    assert used == {p.name for p in spec.params}
    for requirement in spec.requires:  # requires: patterns use declared parameters only
        assert set(re.findall(r"\$([A-Za-z_][A-Za-z0-9_]*)", requirement.pattern)) <= used


@pytest.mark.parametrize("name", sorted(load_library()))
def test_code_parameters_are_references_and_limits_are_limits(name):
    """Parameters naming a region, industry, scheme or company are checked against the graph."""
    spec = find_query(name)
    for p in spec.params:
        if p.name in ("region", "province", "within", "industry", "root", "supplier", "customer"):
            assert p.reference is not None, f"{name}.{p.name} should be a Label.property"
        if p.name == "scheme":
            assert p.reference == ("Industry", "scheme"), name
    if spec.limit_param is not None:
        assert "LIMIT $limit" in spec.body(), name


CHECKED = """// name: checked
// description: choices, references and requirements
// params: region (Region.code), within (Region.code, default null),
//   by (str, default lq, one of lq|share), depth (int, default 2, one of 1|2|3)
// returns: code
// requires: (:Region {code: $region})-[:HAS_INDUSTRY]->() =>
//   {region} has no industry data
// requires: (r:Region) WHERE r[$by] IS NOT NULL => no region has {by} (depth {depth})
MATCH (r:Region {code: $region}) RETURN r.code AS code, $within, $by, $depth
"""


def test_choices_references_and_requirements_are_parsed():
    spec = parse_query_text(CHECKED)
    assert spec.param("region").reference == ("Region", "code")
    assert spec.param("region").type == "str" and spec.param("region").required
    assert spec.param("by").choices == ("lq", "share") and spec.param("by").default == "lq"
    assert spec.param("depth").choices == (1, 2, 3)
    assert [r.pattern for r in spec.requires] == [
        "(:Region {code: $region})-[:HAS_INDUSTRY]->()",
        "(r:Region) WHERE r[$by] IS NOT NULL",
    ]
    bound = spec.bind({"region": "440305", "depth": "3"})
    assert spec.references(bound) == [("region", "Region", "code", "440305")]
    assert spec.references({**bound, "within": "440300"})[1] == (
        "within",
        "Region",
        "code",
        "440300",
    )
    assert [r.explain(bound) for r in spec.requires] == [
        "440305 has no industry data",
        "no region has lq (depth 3)",
    ]
    assert "Checked against the graph" in spec.describe()
    assert "{region} has no industry data" in spec.describe()


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"region": "1", "by": "rank"}, r"'by' must be one of lq\|share, got 'rank'"),
        ({"region": "1", "depth": "4"}, r"'depth' must be one of 1\|2\|3, got 4"),
        ({"region": 7.5}, "must be str"),
        ({"region": True}, "must be str"),
    ],
)
def test_values_outside_the_choices_are_usage_errors(values, message):
    with pytest.raises(UsageError, match=message) as info:
        parse_query_text(CHECKED).bind(values)
    assert info.value.exit_code == 2


def test_a_code_typed_as_a_number_is_the_text_code():
    """Issue 24 #8: region:int=440305 ran with the integer and found no rows."""
    assert parse_query_text(CHECKED).bind({"region": 440305})["region"] == "440305"
    assert parse_query_text(CHECKED).bind({"region": "440305"})["region"] == "440305"


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("// params: a (str, default x, one of y|z)\n", "bad default"),
        ("// params: a (region.code)\n", "unknown type 'region.code'"),
        ("// params: a (str, one of x y)\n", "bad choices"),
        ("// params: a (str, flavour sweet)\n", "cannot parse 'flavour sweet'"),
        ("// requires: (:Region)\n", "needs PATTERN => MESSAGE"),
        ("// requires: (:Region) => about {nobody}\n", "undeclared ['nobody']"),
    ],
)
def test_malformed_checks_in_the_header(header, message):
    with pytest.raises(QueryError, match=re.escape(message)):
        parse_query_text("// name: bad\n" + header + "RETURN 1 AS x")


def test_unknown_query_suggests_close_names():
    with pytest.raises(UsageError, match="Did you mean: industry-upstream"):
        find_query("upstream")


def test_user_directory_and_duplicate_names(tmp_path: Path):
    (tmp_path / "mine.cypher").write_text(HEADER, encoding="utf-8")
    assert list(load_library(tmp_path)) == ["demo-query"]
    (tmp_path / "again.cypher").write_text(HEADER, encoding="utf-8")
    with pytest.raises(QueryError, match="used by both"):
        load_library(tmp_path)
    with pytest.raises(UsageError, match="does not exist"):
        load_library(tmp_path / "missing")


# --- CLI (no server needed: everything here fails or answers before connecting) ------------


def test_cli_queries_lists_the_library_as_json():
    res = CliRunner().invoke(cli, ["queries", "--format", "json"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.output)
    assert [r["name"] for r in rows] == list(load_library())
    assert len(rows) == len(library_table())


def test_cli_query_help_describes_the_query():
    res = CliRunner().invoke(cli, ["query", "regions-specialised-in", "--help"])
    assert res.exit_code == 0, res.output
    assert "regions-specialised-in: Regions of one level" in res.output
    assert "min_lq (float, default 1.25)" in res.output
    assert "industry (Industry.code, required)" in res.output
    assert "industry: must be an existing Industry.code" in res.output
    assert "Returns: code, name, value, share, lq" in res.output
    assert "MATCH (target:Industry {code: $industry})" in res.output
    plain = CliRunner().invoke(cli, ["query", "--help"])
    assert plain.exit_code == 0 and "--param NAME[:TYPE]=VALUE" in plain.output


@pytest.mark.parametrize(
    "args",
    [
        ["query"],
        ["query", "no-such-query"],
        ["query", "regions-specialised-in"],
        ["query", "regions-specialised-in", "--param", "industry=GB4754:C", "--param", "x=1"],
        ["query", "regions-specialised-in", "-p", "industry=GB4754:C", "-p", "limit=ten"],
        ["query", "regions-specialised-in", "-p", "industry"],
        ["query", "graph-statistics", "--timeout", "0"],
        ["query", "clusters-in-region", "-p", "region=440300", "-p", "centrality=foo"],
        ["query", "similar-regions", "-p", "region=440305", "-p", "by=cosine"],
    ],
)
def test_cli_usage_errors_exit_2_before_connecting(args):
    res = CliRunner().invoke(cli, [*args, "--uri", "bolt://127.0.0.1:9"])
    assert res.exit_code == 2, res.output


def test_cli_user_queries_dir(tmp_path: Path):
    (tmp_path / "mine.cypher").write_text(HEADER, encoding="utf-8")
    res = CliRunner().invoke(cli, ["queries", "--queries-dir", str(tmp_path), "--format", "csv"])
    assert res.exit_code == 0 and res.output.splitlines()[1].startswith("demo-query,")
    res = CliRunner().invoke(cli, ["query", "demo-query", "--queries-dir", str(tmp_path), "-h"])
    assert res.exit_code == 0 and 'codes (list[str], default "a, b")' not in res.output
    assert "codes (list[str], default a,b)" in res.output


def test_library_dir_is_shipped_as_package_data():
    assert LIBRARY_DIR.name == "queries"
    assert sorted(p.stem for p in LIBRARY_DIR.glob("*.cypher")) == list(load_library())


def test_ad_hoc_parameters_are_typed_only_by_unambiguous_uses():
    from clusteratlas.queries.adhoc import infer_param_types

    # lq is a float on HAS_INDUSTRY and a Cluster score; code text on every label
    assert infer_param_types("MATCH (r {code: $c})-[h]->() WHERE $m <= h.lq RETURN r") == {
        "c": ("str", "code: $c"),
        "m": ("float", "$m <= h.lq"),
    }
    # a property the schema does not know, or one parameter used two ways: left as given
    assert infer_param_types("MATCH (r) WHERE r.nonsense = $x RETURN r") == {}
    assert infer_param_types("MATCH (r {code: $x})-[h {year: $x}]->() RETURN r") == {}
    assert infer_param_types("MATCH (r) WHERE r.code IN $codes RETURN r SKIP $s") == {
        "codes": ("list[str]", "r.code IN $codes"),
        "s": ("int", "SKIP $s"),
    }


def test_region_scores_offers_every_numeric_score_written_back():
    """Issue 24: -p score=main_dependency (text) gave Neo4j's TypeError; the choices are the
    numeric HAS_SCORES columns (interval ends are read beside their score)."""
    from clusteratlas.graph.definitions.score_columns import REGION_SCORE_COLUMNS
    from clusteratlas.queries.library import find_query

    numeric = [
        c
        for c, s in REGION_SCORE_COLUMNS.items()
        # spec_count: the same for every region of an analysis, nothing to rank by
        if s.type in ("float", "int") and not c.endswith(("_low", "_high")) and c != "spec_count"
    ]
    assert list(find_query("region-scores").param("score").choices) == numeric


# --- scope parameters inferred from the graph (issue 26.12) --------------------------------


def test_a_default_inferred_is_left_to_the_runner_and_described():
    from clusteratlas.queries.header import INFERRED

    spec = parse_query_text(
        "// name: s\n// params: year (int, default inferred), limit (int, default 5)\n"
        "RETURN $year AS year LIMIT $limit"
    )
    assert spec.param("year").inferred and not spec.param("limit").inferred
    assert spec.bind({}) == {"year": INFERRED, "limit": 5}
    assert spec.bind({"year": "2010"})["year"] == 2010  # given: typed as declared
    assert spec.param("year").describe() == "year (int, default inferred)"
    for bad in ("min_lq (float, default inferred)", "year (int, default inferred decade)"):
        with pytest.raises(QueryError, match="'default inferred' needs a choice, one of level"):
            parse_query_text(f"// name: s\n// params: {bad}\nRETURN $min_lq, $year")
    io = parse_query_text(
        "// name: s\n// params: year (int, default inferred io_year)\nRETURN $year"
    )
    assert io.param("year").infers == "io_year"
    assert io.param("year").describe() == "year (int, default inferred io_year)"


def test_china_scope_queries_declare_their_scope_inferred():
    library = load_library()
    for name in ("region-industries-by-lq", "similar-regions", "diversification-in-province",
                 "province-employment-by-section", "companies-in-exposed-regions"):  # fmt: skip
        for param in ("year", "measure", "scheme", "industry_level"):
            assert library[name].param(param).inferred, (name, param)
    specialised = library["regions-specialised-in"]
    assert all(specialised.param(p).inferred for p in ("level", "from_level", "year", "measure"))
    assert library["industry-time-series"].param("region").inferred
    for name in ("industry-upstream", "industry-downstream", "industry-linkages"):
        assert library[name].param("year").infers == "io_year"
    firms = library["listed-firm-specialisation"]
    assert (firms.param("scheme").infers, firms.param("industry_level").infers) == (
        "firm_scheme", "firm_level"
    )  # fmt: skip


def _facts(cells, tops=("XX",), given=None):
    from clusteratlas.queries.scope import ScopeFacts

    return ScopeFacts(
        cells=cells,
        level_depths={"country": 0, "state": 1, "district": 2},
        industry_depths={("S", "major"): 0, ("S", "detailed"): 1, ("T", "x"): 0},
        tops=list(tops),
        given=dict(given or {}),
    )


def test_the_scope_is_inferred_as_analyze_infers_it():
    from clusteratlas.queries.scope import choose_scope

    cells = [
        ("country", "S", "major", "jobs", 2022, 2),  # a later national series: not the level
        ("state", "S", "major", "jobs", 2021, 4),
        ("district", "S", "major", "jobs", 2021, 8),
        ("district", "S", "detailed", "jobs", 2021, 16),
        ("district", "S", "detailed", "jobs", 2019, 16),
    ]
    wanted = {"level", "scheme", "industry_level", "measure", "year", "region"}
    assert choose_scope(_facts(cells), wanted) == {
        "level": "district", "scheme": "S", "industry_level": "detailed", "measure": "jobs",
        "year": 2021, "region": "XX",
    }  # fmt: skip
    # given values narrow the rest; one with no values narrows nothing
    assert choose_scope(_facts(cells), {"year"}, {"level": "country"}) == {"year": 2022}
    assert choose_scope(_facts(cells), {"year"}, {"level": "town"}) == {"year": 2021}
    # a region's level and an industry's scheme and level narrow it as well
    given = {"level": "state", "scheme": "S", "industry_level": "major"}
    assert choose_scope(_facts(cells, given=given), {"scheme", "year"}) == {
        "scheme": "S", "year": 2021
    }  # fmt: skip


def test_a_given_scheme_narrows_the_level_inferred_before_it():
    """Review r26: two datasets in one graph (S by district, T by state); -p scheme=T must
    infer T's level and measure, not the deeper level of S's regions."""
    from clusteratlas.queries.scope import choose_scope

    cells = [
        ("district", "S", "major", "jobs", 2021, 8),
        ("state", "T", "x", "exports", 2022, 4),
    ]
    wanted = {"level", "industry_level", "measure", "year"}
    assert choose_scope(_facts(cells), wanted, {"scheme": "T"}) == {
        "level": "state", "industry_level": "x", "measure": "exports", "year": 2022
    }  # fmt: skip


def test_an_open_choice_is_a_usage_error_naming_the_choices():
    from clusteratlas.queries.scope import choose_scope

    cells = [
        ("district", "S", "major", "jobs", 2021, 3),
        ("district", "S", "major", "sales", 2021, 1),
    ]
    with pytest.raises(UsageError, match=re.escape(
        "are in 2 measures: jobs (3 values), sales (1 value); choose one with -p measure=VALUE"
    )):  # fmt: skip
        choose_scope(_facts(cells), {"measure", "year"})
    assert choose_scope(_facts(cells), {"year"}) == {"year": 2021}  # not the query's choice
    with pytest.raises(UsageError, match="several top regions: A, B; choose one with -p region="):
        choose_scope(_facts(cells, tops=("A", "B")), {"region"})
    with pytest.raises(UsageError, match="holds no region values"):
        choose_scope(_facts([]), {"year"})


def test_the_io_year_and_the_firm_classification_are_inferred():
    from clusteratlas.queries.scope import ScopeFacts, choose_scope

    facts = ScopeFacts(
        cells=[],
        level_depths={},
        industry_depths={},
        io_year=2020,
        firm_schemes=[("CSRC", 0, 900), ("SW", 2, 400)],  # SW's industries lie deeper
        top_levels={"CSRC": "section", "SW": "level1"},
    )
    assert choose_scope(facts, {"io_year", "firm_scheme", "firm_level"}) == {
        "io_year": 2020, "firm_scheme": "SW", "firm_level": "level1"
    }  # fmt: skip
    assert choose_scope(facts, {"firm_level"}, {"firm_scheme": "CSRC"}) == {"firm_level": "section"}
    with pytest.raises(UsageError, match="no input-output links"):
        choose_scope(ScopeFacts([], {}, {}), {"io_year"})
