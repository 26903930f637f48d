"""Every library query says what each parameter means and what each returned column holds
(with its type and unit), so that `clusteratlas query NAME --help` explains it (issue 15.2)."""

from __future__ import annotations

import pytest

from clusteratlas.errors import QueryError
from clusteratlas.queries.header import COLUMN_TYPES, parse_query_text
from clusteratlas.queries.library import load_library

LIBRARY = load_library()


@pytest.mark.parametrize("name", sorted(LIBRARY))
def test_every_parameter_and_column_is_documented(name):
    spec = LIBRARY[name]
    assert set(spec.param_docs) == {p.name for p in spec.params}
    assert list(spec.columns) == list(spec.returns)
    for column, (kind, doc) in spec.columns.items():
        assert kind in COLUMN_TYPES and len(doc) > 10, column
    text = spec.describe()
    for column in spec.returns:
        assert f"  {column} (" in text
    assert "pd.read_csv(f, dtype=" in text


def test_codes_are_read_back_as_text():
    spec = LIBRARY["listed-companies-in-region"]
    assert {"id", "ticker", "region_code", "industry_code"} <= set(spec.text_columns())
    assert "'ticker': str" in spec.describe()


def test_doc_lines_are_checked():
    head = "// name: q\n// params: a (int)\n// returns: x\n"
    with pytest.raises(QueryError, match="undeclared parameters"):
        parse_query_text(head + "// param b: nope\nRETURN 1 AS x")
    with pytest.raises(QueryError, match="not in returns"):
        parse_query_text(head + "// column y (int): nope\nRETURN 1 AS x")
    with pytest.raises(QueryError, match="needs a type"):
        parse_query_text(head + "// column x: no type\nRETURN 1 AS x")
    spec = parse_query_text(
        head + "// param a: how many\n//   things\n// column x (int): one\nRETURN $a AS x"
    )
    assert spec.param_docs == {"a": "how many things"}
    assert spec.columns == {"x": ("int", "one")}
