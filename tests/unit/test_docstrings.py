"""Every module's docstring examples run (doctest), and every public function has a docstring.

Modules are imported by their installed names (``clusteratlas.graph.*``), which
``pytest --doctest-modules`` on the source folders cannot do with this layout.
The subpackages live in ``graph/``, ``loaders/`` and ``queries/`` (a package-dir
mapping), so each package's own ``__path__`` is walked, not only ``clusteratlas``'s.
"""

from __future__ import annotations

import dataclasses
import doctest
import importlib
import inspect
import pkgutil
import warnings
from collections.abc import Callable
from typing import Any

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


DESIGN_METRICS = [
    "location_quotient", "rca_binary", "herfindahl", "shannon_entropy", "krugman_index",
    "hachman_index", "theil_specialisation", "related_unrelated_variety", "diversity", "ubiquity",
    "proximity", "relatedness_density", "eci_pci", "portfolio_variance", "shift_share",
    "leontief_inverse", "ghosh_inverse", "shock_exposure", "cascade", "centrality",
    "detect_clusters", "resilience_scores",
]  # fmt: skip


@pytest.mark.parametrize("name", DESIGN_METRICS)
def test_design_metric_exists_with_example_and_reference(name: str) -> None:
    """DESIGN.md's metric table is the public API: each has an example and a citation."""
    graph = importlib.import_module("clusteratlas.graph")
    func = getattr(graph, name)
    doc = inspect.getdoc(func) or ""
    module_doc = importlib.import_module(func.__module__).__doc__ or ""
    assert ">>>" in doc, f"{name} has no runnable example"
    if name != "resilience_scores":  # the project's own model, documented in the README
        assert "References" in doc or "References" in module_doc, f"{name} cites nothing"


@pytest.mark.parametrize("package", PACKAGES)
def test_exported_functions_have_runnable_examples(package: str) -> None:
    module = importlib.import_module(package)
    for attr in getattr(module, "__all__", []):
        obj = getattr(module, attr)
        if inspect.isfunction(obj):
            home = importlib.import_module(obj.__module__).__doc__ or ""
            assert ">>>" in (inspect.getdoc(obj) or "") + home, f"{package}.{attr}: no example"


# numpydoc rules (issue 21): the documented parameters are the signature's, a
# function that returns something says what, and every public function shows a
# runnable example. The codes are numpydoc's validation codes.
NUMPYDOC_PACKAGES = [
    "clusteratlas.graph.definitions",
    "clusteratlas.graph.analytics",
    "clusteratlas.graph.views",
    "clusteratlas.graph.neo4j_store",
    "clusteratlas.loaders",
    "clusteratlas.queries",
]


def _numpydoc_modules() -> list[str]:
    """Public modules of NUMPYDOC_PACKAGES (a private module's ``__all__`` is internal)."""
    names = [
        m
        for m in _modules()
        if any(m == p or m.startswith(p + ".") for p in NUMPYDOC_PACKAGES)
        and not any(part.startswith("_") for part in m.split("."))
    ]
    return sorted(names)


def _public_api() -> tuple[dict[str, Callable[..., Any]], dict[str, type]]:
    """Functions and methods, and classes, named in a module's ``__all__`` and defined there.

    A class contributes its public methods (static and class methods included);
    properties are attributes (documented in the class's Attributes), and the
    methods a dataclass or NamedTuple generates are dunder or private names.
    """
    functions: dict[str, Callable[..., Any]] = {}
    classes: dict[str, type] = {}
    for name in _numpydoc_modules():
        module = importlib.import_module(name)
        for attr in getattr(module, "__all__", []):
            obj = getattr(module, attr)
            if getattr(obj, "__module__", None) != name:
                continue
            if inspect.isfunction(obj):
                functions[f"{name}.{attr}"] = obj
            elif inspect.isclass(obj):
                classes[f"{name}.{attr}"] = obj
                for key, member in vars(obj).items():
                    if isinstance(member, staticmethod | classmethod):
                        member = member.__func__
                    if not key.startswith("_") and inspect.isfunction(member):
                        functions[f"{name}.{attr}.{key}"] = member
    return functions, classes


PUBLIC_FUNCTIONS, PUBLIC_CLASSES = _public_api()


def _numpydoc(obj: object) -> Any:
    from numpydoc.docscrape import NumpyDocString

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an unknown section or a malformed entry fails
        return NumpyDocString(inspect.getdoc(obj) or "")


def _documented_names(doc: Any, *sections: str) -> list[str]:
    """Names of a section's entries; ``year, measure : int`` documents both."""
    names = []
    for section in sections:
        for entry in doc[section]:
            names += [n.strip().replace("\\", "") for n in entry.name.split(",") if n.strip()]
    return names


def _parameter_problems(qualname: str, signature: inspect.Signature, doc: Any) -> list[str]:
    expected = []
    for p in signature.parameters.values():
        if p.name in ("self", "cls"):
            continue
        stars = {p.VAR_POSITIONAL: "*", p.VAR_KEYWORD: "**"}.get(p.kind, "")
        expected.append(stars + p.name)
    documented = _documented_names(doc, "Parameters", "Other Parameters")
    bare = [d.lstrip("*") for d in documented]
    problems = [
        f"{qualname}: PR01 parameter {e!r} is not documented"
        for e in expected
        if e.lstrip("*") not in bare
    ]
    problems += [
        f"{qualname}: PR02 documents {d!r}, which is not a parameter"
        for d in documented
        if d.lstrip("*") not in [e.lstrip("*") for e in expected]
    ]
    return problems


def _returns_none(func: Callable[..., Any]) -> bool:
    annotation = inspect.signature(func).return_annotation  # a string: PEP 563 modules
    return annotation in (None, "None")


@pytest.mark.parametrize("qualname", sorted(PUBLIC_FUNCTIONS))
def test_numpydoc_parameters_returns_examples(qualname: str) -> None:
    """PR01/PR02: Parameters match the signature; RT01: Returns (or Yields) unless None; EX01."""
    func = PUBLIC_FUNCTIONS[qualname]
    doc = _numpydoc(func)
    problems = _parameter_problems(qualname, inspect.signature(func), doc)
    if not _returns_none(func) and not (doc["Returns"] or doc["Yields"]):
        problems.append(f"{qualname}: RT01 returns a value but has no Returns section")
    if not doc["Examples"]:
        problems.append(f"{qualname}: EX01 has no Examples section")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("qualname", sorted(PUBLIC_CLASSES))
def test_numpydoc_classes(qualname: str) -> None:
    """A hand-written ``__init__``'s parameters are the class's Parameters (PR01/PR02);
    dataclass and NamedTuple fields and public properties are Attributes.

    A dataclass's generated ``__init__`` takes exactly its fields, so documenting the
    fields as Attributes documents it.
    """
    cls = PUBLIC_CLASSES[qualname]
    doc = _numpydoc(cls)
    problems = []
    init = vars(cls).get("__init__")
    if inspect.isfunction(init) and not dataclasses.is_dataclass(cls):
        problems += _parameter_problems(qualname, inspect.signature(init), doc)
    if dataclasses.is_dataclass(cls):
        fields = [f.name for f in dataclasses.fields(cls)]
    else:
        fields = list(getattr(cls, "_fields", ()))  # a NamedTuple
    fields += [k for k, v in vars(cls).items() if isinstance(v, property)]
    documented = _documented_names(doc, "Attributes", "Parameters")
    problems += [
        f"{qualname}: attribute {f!r} is not documented under Attributes"
        for f in fields
        if not f.startswith("_") and f not in documented
    ]
    assert not problems, "\n".join(problems)


def test_numpydoc_rules_cover_the_public_api() -> None:
    """The walk finds the packages' functions (a broken walk would pass everything)."""
    assert len(PUBLIC_FUNCTIONS) > 250
    for package in NUMPYDOC_PACKAGES:
        assert any(q.startswith(package + ".") for q in PUBLIC_FUNCTIONS), package
