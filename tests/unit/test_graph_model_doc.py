"""docs/graph-model.md is generated from the schema and cannot drift from it (issue 15, item 2)."""

from __future__ import annotations

from pathlib import Path

from clusteratlas.graph.neo4j_store.model_doc import EXAMPLES, PROPERTY_DOCS, graph_model_markdown
from clusteratlas.graph.neo4j_store.schema import NODES, RELATIONSHIPS

DOC = Path(__file__).resolve().parents[2] / "docs" / "graph-model.md"


def test_the_committed_doc_is_the_generated_one():
    assert DOC.read_text(encoding="utf-8") == graph_model_markdown(), (
        "docs/graph-model.md is out of date: run "
        "python -m clusteratlas.graph.neo4j_store.model_doc > docs/graph-model.md"
    )


def test_every_label_type_and_property_is_documented_with_an_example():
    for name, spec in {**NODES, **RELATIONSHIPS}.items():
        assert name in EXAMPLES, name
        assert set(PROPERTY_DOCS[name]) == set(spec.properties), name
    assert set(PROPERTY_DOCS) == set(NODES) | set(RELATIONSHIPS)


def test_the_doc_shows_each_relationship_and_index():
    text = DOC.read_text(encoding="utf-8")
    for spec in RELATIONSHIPS.values():
        assert f"(:{spec.start})-[:{spec.type}]->(:{spec.end})" in text
    assert "CREATE FULLTEXT INDEX name_fulltext" in text
    assert "| `unit` | text | unit of value" in text


def test_properties_said_absent_from_the_bundled_data_are(china):
    """Issue 24 #9: the doc described company sizes as if the bundled graph had them."""
    tables = {"Company": "companies", "SUPPLIES": "supply_links"}
    absent = [
        (name, prop)
        for name, docs in PROPERTY_DOCS.items()
        for prop, text in docs.items()
        if "the bundled data: none" in text
    ]
    assert ("Company", "employees") in absent
    for name, prop in absent:
        table = china.table(tables[name])
        assert prop not in table.columns or table[prop].isna().all(), (name, prop)
