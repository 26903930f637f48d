"""Every module's docstring examples run (doctest), and every public function has a docstring.

Modules are imported by their installed names (``clusteratlas.graph.*``), which
``pytest --doctest-modules`` on the source folders cannot do with this layout.
The subpackages live in ``graph/``, ``loaders/`` and ``queries/`` (a package-dir
mapping), so each package's own ``__path__`` is walked, not only ``clusteratlas``'s.
"""

from __future__ import annotations

import doctest
import importlib
import inspect
import pkgutil

import pytest

SKIP = {"clusteratlas.__main__"}


PACKAGES = ["clusteratlas", "clusteratlas.graph", "clusteratlas.loaders", "clusteratlas.queries"]


def _modules() -> list[str]:
    names = set(PACKAGES)
    for package in PACKAGES:
        path = importlib.import_module(package).__path__
        for info in pkgutil.walk_packages(path, package + "."):
            names.add(info.name)
    return sorted(names - SKIP)


def test_walk_reaches_every_subpackage() -> None:
    names = _modules()
    for package in PACKAGES[1:]:
        assert any(n.startswith(package + ".") for n in names), package


@pytest.mark.parametrize("name", _modules())
def test_doctests(name: str) -> None:
    module = importlib.import_module(name)
    flags = doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS
    result = doctest.testmod(module, optionflags=flags, verbose=False, report=True)
    assert result.failed == 0, f"{result.failed} doctest(s) failed in {name}"


@pytest.mark.parametrize("name", _modules())
def test_public_functions_have_docstrings(name: str) -> None:
    module = importlib.import_module(name)
    public = getattr(module, "__all__", [])
    for attr in public:
        obj = getattr(module, attr)
        if (inspect.isfunction(obj) or inspect.isclass(obj)) and obj.__module__ == name:
            assert inspect.getdoc(obj), f"{name}.{attr} has no docstring"
