"""Pure parts of the store: row batching, row conversion, schema-generated Cypher (no server)."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from clusteratlas.errors import UsageError
from clusteratlas.graph.neo4j_store import cypher_writes as cw
from clusteratlas.graph.neo4j_store.load import LoadSummary, StepResult, batches
from clusteratlas.graph.neo4j_store.rows import _frame_rows, dataset_steps, region_industry_shares
from clusteratlas.graph.neo4j_store.schema import (
    NODES,
    RELATIONSHIPS,
    constraint_statements,
    index_statements,
)
from clusteratlas.graph.neo4j_store.writeback import score_rows
from clusteratlas.loaders.dataset import Dataset


@given(st.lists(st.integers(), max_size=50), st.integers(min_value=1, max_value=60))
def test_batches_cover_every_row_once_in_order(rows, size):
    out = list(batches(rows, size))
    assert [x for b in out for x in b] == rows
    assert all(1 <= len(b) <= size for b in out)
    assert all(len(b) == size for b in out[:-1])


def test_batches_reject_a_size_below_one():
    with pytest.raises(UsageError, match="batch size"):
        list(batches([1], 0))


def test_frame_rows_gives_plain_python_values_and_none_for_missing():
    frame = Dataset.from_frames(
        regions=pd.DataFrame({"code": ["1"], "name": ["国"], "level": ["country"]}),
        industries=pd.DataFrame({"code": ["i"], "name": ["I"], "scheme": ["S"], "level": ["l"]}),
        companies=pd.DataFrame(
            {
                "id": ["a", "b"],
                "name": ["A", "B"],
                "region_code": ["1", "1"],
                "listed_on": pd.to_datetime(["2001-02-03", None]),
                "employees": [3.0, None],
            }
        ),
    ).companies
    rows = _frame_rows(frame, {"id": "id", "listed_on": "listed_on", "employees": "employees"})
    assert rows == [
        {"id": "a", "listed_on": dt.date(2001, 2, 3), "employees": 3.0},
        {"id": "b", "listed_on": None, "employees": None},
    ]
    assert type(rows[0]["employees"]) is float and type(rows[0]["id"]) is str


def test_frame_rows_converts_nullable_ints_and_bools():
    frame = pd.DataFrame(
        {"year": pd.array([2020, None], dtype="Int64"),
         "flag": pd.array([True, None], dtype="boolean")}
    )  # fmt: skip
    rows = _frame_rows(frame, {"year": "year", "flag": "flag"})
    assert rows == [{"year": 2020, "flag": True}, {"year": None, "flag": None}]
    assert type(rows[0]["year"]) is int and type(rows[0]["flag"]) is bool


def _tiny() -> Dataset:
    return Dataset.from_frames(
        regions=pd.DataFrame(
            {"code": ["1", "11", "12"], "name": ["L", "A", "B"],
             "level": ["province", "county", "county"], "parent_code": [None, "1", "1"]}
        ),
        industries=pd.DataFrame(
            {"code": ["x", "y", "z"], "name": ["X", "Y", "Z"], "scheme": ["S", "S", "T"],
             "level": ["l", "l", "l"]}
        ),
        region_industries=pd.DataFrame(
            {"region_code": ["11", "11", "12", "11"], "industry_code": ["x", "y", "x", "z"],
             "year": [2020] * 4, "measure": ["employment"] * 4, "value": [1.0, 3.0, 0.0, 9.0]}
        ),
        region_indicators=pd.DataFrame(
            {"region_code": ["11"], "indicator": ["gdp"], "year": [2020], "value": [5.0]}
        ),
    )  # fmt: skip


def test_shares_and_lq_are_per_scheme_and_region_level():
    out = region_industry_shares(_tiny()).set_index(["region_code", "industry_code"])
    # scheme S: region 11 has 1 + 3; scheme T on its own
    assert out.loc[("11", "x"), "share"] == 0.25 and out.loc[("11", "z"), "share"] == 1.0
    # S_x over counties = 1 / 4, so LQ_11x = 0.25 / 0.25
    assert out.loc[("11", "x"), "lq"] == 1.0
    # region 12 has zero employment: share undefined, not written
    assert pd.isna(out.loc[("12", "x"), "share"])


def test_steps_write_nodes_before_relationships_and_skip_empty_tables():
    steps = dataset_steps(_tiny())
    kinds = [s.kind for s in steps]
    assert kinds == sorted(kinds, key=lambda k: k != "node")
    assert [s.name for s in steps] == [
        "Region", "Industry", "Indicator", "Dataset", "PART_OF:Region", "HAS_INDUSTRY",
        "MEASURED",
    ]  # fmt: skip
    dataset = steps[3].rows  # every load leaves one Dataset node, keyed by its dataset id
    assert dataset == [
        {"id": "default", "name": None, "description": None, "analysis": None,
         "industry_groups": None, "industry_markets": None, "featured_regions": None}
    ]  # fmt: skip
    measured = steps[-1].rows[0]
    assert measured == {
        "start": "11", "end": "gdp", "indicator": "gdp", "year": 2020, "value": 5.0,
        "unit": None, "source": None, "qualifier": None, "source_id": None,
    }  # fmt: skip


def test_crosswalk_rows_become_maps_to_with_weight_basis_and_source():
    ds = _tiny()
    meta = {
        "provenance": {
            "sources": {"j": {"title": "A judgement table"}},
            "supports": [{"table": "industry_crosswalk", "source": "j"}],
        }
    }
    crosswalk = pd.DataFrame(
        {
            "from_code": ["x", "x"],
            "to_code": ["z", "y"],
            "weight": [0.4, None],
            "basis": ["most of it", None],
        }
    )
    ds = Dataset.from_frames(metadata=meta, **{**dict(ds), "industry_crosswalk": crosswalk})
    (step,) = [s for s in dataset_steps(ds) if s.name == "MAPS_TO"]
    assert "MERGE (a)-[r:MAPS_TO]->(b)" in step.query
    assert step.rows == [
        {"start": "x", "end": "z", "weight": 0.4, "basis": "most of it", "source_id": "j"},
        {"start": "x", "end": "y", "weight": None, "basis": None, "source_id": "j"},
    ]  # fmt: skip


ALL_WRITES = (
    [cw.merge_nodes(s, [p for p in s.properties if p not in s.key]) for s in NODES.values()]
    + [cw.merge_relationships(s, list(s.properties)) for s in RELATIONSHIPS.values()]
    + [cw.unclaim_relationships(s) for s in RELATIONSHIPS.values()]
    + [cw.delete_nodes_by_key(s) for s in NODES.values()]
    + [cw.node_keys_of_dataset(s) for s in NODES.values()]
    + [cw.merge_analysis(), cw.delete_analysis_scores(), cw.write_analysis_scores(),
       cw.delete_superseded_clusters(), cw.write_clusters(), cw.write_cluster_members()]
)  # fmt: skip


@pytest.mark.parametrize("query", ALL_WRITES)
def test_generated_cypher_has_no_literal_values_and_only_schema_names(query):
    assert not re.search(r"'[^']*'|\"[^\"]*\"", query), "values must be parameters"
    assert not re.search(r"\b\d+\.\d+|\bLIMIT \d", query)
    labels = set(re.findall(r"\(\w*:(\w+)", query))
    types = set(re.findall(r"\[\w*:([\w|]+)", query))
    assert labels <= set(NODES)
    known = {s.type for s in RELATIONSHIPS.values()}
    assert {t for group in types for t in group.split("|")} <= known


def test_relationship_merges_use_the_schema_keys():
    q = cw.merge_relationships(RELATIONSHIPS["HAS_INDUSTRY"], ["value", "share", "lq"])
    assert "MERGE (a)-[r:HAS_INDUSTRY {year: row.year, measure: row.measure}]->(b)" in q
    q = cw.merge_relationships(RELATIONSHIPS["MEASURED"], ["value"])
    assert "MATCH (b:Indicator {name: row.end})" in q
    assert "{indicator: row.indicator, year: row.year}" in q


def test_unknown_properties_are_refused():
    with pytest.raises(UsageError, match="no properties"):
        cw.merge_nodes(NODES["Region"], ["name; DETACH DELETE n"])


def test_constraints_and_indexes_come_from_the_schema():
    constraints = constraint_statements()
    assert len(constraints) == len(NODES)
    assert all("IF NOT EXISTS" in s for s in constraints + index_statements())
    assert "FOR (n:Indicator) REQUIRE n.name IS UNIQUE" in constraints[3]


def test_score_rows_are_plain_and_leave_loaded_properties_alone():
    frame = pd.DataFrame(
        {"name": ["N"], "score": [pd.NA], "n": pd.array([3], dtype="Int64"), "tags": [["a"]]},
        index=["440305"],
    )
    assert score_rows(frame, protected={"name"}) == [
        {"key": "440305", "scores": {"score": None, "n": 3, "tags": ["a"]}}
    ]


def test_summary_counts_updates_and_totals():
    summary = LoadSummary("d", [StepResult("node", "Region", rows=5, created=2),
                                StepResult("node", "Industry", rows=3, created=3)])  # fmt: skip
    assert summary.total("node").updated == 3
    assert summary.to_frame()["updated"].tolist() == [3, 0]
