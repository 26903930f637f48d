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
