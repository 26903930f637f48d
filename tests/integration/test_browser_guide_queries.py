"""Every runnable block of the Browser guide runs on the bundled China data (issue 24, item 9).

What the Browser would do, through the driver: each ``:param name => value`` line's value
is evaluated by the server (``RETURN value``), as the Browser does, and must be the value
the library's runner would bind, of the same type (an integer stays an integer:
``LIMIT $limit`` refuses a float); then the slide's query runs with them and answers.
"""

from __future__ import annotations

import re

import pytest
from browser_guide import BUNDLED_SCOPE, COUNTIES, SCHEMA, SLIDES, cypher_literal, slide_params

from clusteratlas.queries.library import load_library
from clusteratlas.queries.runner import run_query

pytestmark = pytest.mark.neo4j

EMPTY_ON_BUNDLED = {"single-supplier-dependencies"}  # the bundled data have no SUPPLIES


def _evaluated(driver, literal: str):
    return driver.execute_query(f"RETURN {literal} AS v").records[0]["v"]


@pytest.mark.parametrize("slide", [s for s in SLIDES if s.query], ids=lambda s: s.query)
def test_each_slide_sets_its_parameters_and_its_query_answers(china_db, slide):
    spec = load_library()[slide.query]
    bound = slide_params(spec, slide.params)
    inferred = run_query(china_db, spec, slide.params).attrs["inferred"]
    assert inferred == {k: BUNDLED_SCOPE[spec.param(k).infers] for k in inferred}  # the runner's
    sent = {name: _evaluated(china_db, cypher_literal(v)) for name, v in bound.items()}
    assert sent == bound
    assert [type(v) for v in sent.values()] == [type(v) for v in bound.values()]
    rows = china_db.execute_query(spec.body(), sent).records
    if slide.query in EMPTY_ON_BUNDLED:
        assert rows == []
        assert not china_db.execute_query("MATCH ()-[r:SUPPLIES]->() RETURN count(r) AS n").records[
            0
        ]["n"]
    else:
        assert rows, slide.query
    for _, value, _ in slide.alternatives:  # every county or province offered answers too
        name = slide.alternatives[0][0]
        other = china_db.execute_query(spec.body(), {**sent, name: value}).records
        if slide.query != "clusters-in-region":  # only Cixi has a declared cluster
            assert other, (slide.query, value)


def test_the_article_counties_rank_where_the_slides_say(china_db):
    spec = load_library()["diversification-in-province"]
    (slide,) = [s for s in SLIDES if s.query == spec.name]
    rows = china_db.execute_query(spec.body(), slide_params(spec, slide.params)).records
    assert {"320583", "320281"} <= {r["code"] for r in rows}  # 'among the ten most concentrated'
    for code, (name, _, _) in COUNTIES.items():
        found = china_db.execute_query(
            "MATCH (r:Region {code: $code}) RETURN r.name AS name", code=code
        ).records
        assert found and found[0]["name"] == name, code
    lq = load_library()["region-industries-by-lq"]
    for region, quoted in (("320583", 2.7), ("330282", 3.4)):  # Kunshan, Cixi in the slides
        first = china_db.execute_query(lq.body(), slide_params(lq, {"region": region})).records[0]
        assert first["industry_code"] == "GB4754:C" and round(first["lq"], 1) == quoted


def test_the_schema_slide_runs(china_db):
    records = china_db.execute_query(SCHEMA).records
    labels = {label for r in records for n in r["nodes"] for label in n.labels}
    assert {"Region", "Industry", "Company", "Source"} <= labels
    assert re.fullmatch(r"CALL db\.schema\.visualization\(\)", SCHEMA)
