"""Dataset -> Neo4j -> Dataset and projections: what comes back equals what went in."""

from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest
from _store_helpers import small_dataset, synthetic_dataset

from clusteratlas.graph.definitions.io_table import industry_network
from clusteratlas.graph.definitions.matrix import slice_matrix
from clusteratlas.graph.definitions.supply import supply_network
from clusteratlas.graph.neo4j_store import read as neo4j_read
from clusteratlas.graph.neo4j_store.load import load_dataset
from clusteratlas.loaders.dataset import TABLES


def _sorted(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    key = list(TABLES[table].key)
    return frame.sort_values(key, kind="stable").reset_index(drop=True)


SLICE = {"measure": "employment", "scheme": "GB4754", "level": "county"}


@pytest.mark.parametrize("make", [small_dataset, lambda: synthetic_dataset(300, seed=3)])
def test_read_dataset_equals_the_loaded_tables(empty_db, neo4j_settings, make):
    db = neo4j_settings.database
    original = make()
    load_dataset(empty_db, original, database=db, batch_size=500)
    back = neo4j_read.read_dataset(empty_db, database=db)
    for table in TABLES:
        pd.testing.assert_frame_equal(
            _sorted(back.table(table), table), _sorted(original.table(table), table), obj=table
        )


def test_what_dataset_json_declares_comes_back(empty_db, neo4j_settings):
    """The Dataset node keeps the industry grouping and the featured regions, so an
    analysis or a view from Neo4j groups and features as one from the files."""
    db = neo4j_settings.database
    original = small_dataset()
    load_dataset(empty_db, original, database=db)
    back = neo4j_read.read_dataset(empty_db, database=db, dataset="small")
    for key in ("industry_groups", "featured_regions"):
        assert back.metadata[key] == original.metadata[key], key


def test_read_dataset_filters_by_dataset_id(empty_db, neo4j_settings):
    db = neo4j_settings.database
    small = small_dataset("small")
    synthetic = synthetic_dataset(100, seed=5)
    load_dataset(empty_db, small, database=db)
    load_dataset(empty_db, synthetic, database=db)
    back = neo4j_read.read_dataset(empty_db, database=db, dataset="small")
    assert back.counts() == small.counts()
    everything = neo4j_read.read_dataset(empty_db, database=db)
    assert everything.counts()["companies"] == 3 + 100


@pytest.mark.parametrize("make", [small_dataset, lambda: synthetic_dataset(400, seed=11)])
def test_projections_read_from_neo4j_equal_projections_of_the_dataset(
    empty_db, neo4j_settings, make
):
    db = neo4j_settings.database
    ds = make()
    load_dataset(empty_db, ds, database=db)
    for year in (2010, 2020):
        pd.testing.assert_frame_equal(
            neo4j_read.read_region_industry_matrix(empty_db, **SLICE, year=year, database=db),
            slice_matrix(ds, **SLICE, year=year),
        )
        every_level = {**SLICE, "level": None}
        pd.testing.assert_frame_equal(
            neo4j_read.read_region_industry_matrix(empty_db, **every_level, year=year, database=db),
            slice_matrix(ds, **every_level, year=year),
        )
    for year in (2020, None):
        expected = supply_network(ds, year=year)
        got = neo4j_read.read_supply_network(empty_db, year, database=db)
        assert dict(got.nodes(data=True)) == dict(expected.nodes(data=True))
        assert nx.utils.edges_equal(got.edges(data=True), expected.edges(data=True))
    expected = industry_network(ds, 2020)
    got = neo4j_read.read_industry_network(empty_db, 2020, database=db)
    assert nx.utils.edges_equal(got.edges(data=True), expected.edges(data=True))


def test_region_matrix_and_hierarchy_from_neo4j(empty_db, neo4j_settings):
    db = neo4j_settings.database
    load_dataset(empty_db, small_dataset(), database=db)
    E = neo4j_read.read_region_industry_matrix(empty_db, **SLICE, year=2020, database=db)
    assert list(E.index) == ["320583", "440305", "440306"]
    assert list(E.columns) == ["GB4754:C", "GB4754:I"]
    assert E.loc["440306", "GB4754:I"] == 0.0 and E.loc["320583", "GB4754:I"] == 0.0
    assert E.loc["440305", "GB4754:C"] == 150.0
    T = neo4j_read.read_region_hierarchy(empty_db, database=db)
    assert sorted(T.successors("440300")) == ["440305", "440306"]
    assert T.nodes["440305"] == {"name": "南山区", "level": "county"}
    assert nx.ancestors(T, "440305") == {"440300", "440000"}
    G = neo4j_read.read_industry_network(empty_db, 2018, database=db)
    assert list(G.edges(data=True)) == [
        ("NBS42:06", "NBS42:39", {"flow": 4.1e6, "coefficient": 0.11, "weight": 0.11})
    ]
    S = neo4j_read.read_supply_network(empty_db, 2020, database=db)
    assert S.edges["SZSE:002415", "SZSE:000063"]["inferred"] is True
    assert S.number_of_nodes() == 3
