"""The analytics modules' docstring examples run as tests.

``tests/unit/test_docstrings.py`` walks ``clusteratlas.__path__``, which does not
reach ``clusteratlas.graph`` (installed from ``graph/`` by a package-dir mapping),
so the analytics modules are listed here by name.
"""

from __future__ import annotations

import doctest
import importlib
import inspect

import pytest

ANALYTICS_MODULES = [
    "clusteratlas.graph._matrix",
    "clusteratlas.graph.cascade",
    "clusteratlas.graph.centrality",
    "clusteratlas.graph.clusters",
    "clusteratlas.graph.complexity",
    "clusteratlas.graph.concentration",
    "clusteratlas.graph.pipeline",
    "clusteratlas.graph.input_output",
    "clusteratlas.graph.projections",
    "clusteratlas.graph.resilience",
    "clusteratlas.graph.scores",
    "clusteratlas.cli.analyze",
    "clusteratlas.cli.demo",
]


@pytest.mark.parametrize("name", ANALYTICS_MODULES)
def test_doctests(name: str) -> None:
    module = importlib.import_module(name)
    flags = doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS
    result = doctest.testmod(module, optionflags=flags, verbose=False, report=True)
    assert result.attempted > 0, f"{name} has no examples"
    assert result.failed == 0, f"{result.failed} doctest(s) failed in {name}"


@pytest.mark.parametrize("name", ANALYTICS_MODULES)
def test_public_names_documented(name: str) -> None:
    module = importlib.import_module(name)
    for attr in getattr(module, "__all__", []):
        obj = getattr(module, attr)
        if inspect.isfunction(obj) or inspect.isclass(obj):
            assert inspect.getdoc(obj), f"{name}.{attr} has no docstring"
