"""The architecture's rules, checked: import rules over the source (AST) and lazy imports.

Every "never" of the design (DESIGN.md, README "Layout"), both directions:

- ``clusteratlas/errors.py`` imports nothing: not the project, not a driver;
- ``graph/definitions/`` (the floor) imports no wing (store, analytics, views) and
  nothing that composes (the CLI, the facade, the outputs);
- ``graph/neo4j_store/`` imports neither the analytics nor the views: the store takes
  plain frames and the floor's definitions;
- ``graph/analytics/`` and ``graph/views/`` import nothing of the Neo4j wing, nor the
  neo4j driver (directly, or through a facade name that resolves there);
- the analytics import no views; the views import no private (``_``) analytics module;
- ``loaders/`` imports nothing of ``graph``; ``queries/`` only the Neo4j wing (its
  connection, driver-error boundary and value conversion);
- nothing under ``graph/``, ``loaders/`` or ``queries/`` imports the top-level facade
  ``clusteratlas``, its CLI or its output writers: ``clusteratlas/`` composes the others.

Every import counts, also those inside functions and under ``TYPE_CHECKING``.

Lazy imports: importing the facades and the CLI loads none of neo4j, pyvis, igraph
and scipy (checked in a fresh interpreter); ``clusteratlas --version`` and
``clusteratlas queries`` load neither pandas nor neo4j.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE_DIRS = {  # source folder -> installed name
    "clusteratlas": "clusteratlas",
    "graph": "clusteratlas.graph",
    "loaders": "clusteratlas.loaders",
    "queries": "clusteratlas.queries",
}
HEAVY = ("neo4j", "pyvis", "igraph", "scipy")


def module_name(path: Path) -> str:
    rel = path.relative_to(ROOT)
    parts = [PACKAGE_DIRS[rel.parts[0]], *rel.parts[1:]]
    parts[-1] = parts[-1].removesuffix(".py")
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def source_files(folder: str) -> list[Path]:
    return sorted(p for p in (ROOT / folder).rglob("*.py") if "bundled" not in p.parts[:-1])


def imports(path: Path, module: str | None = None) -> Iterator[tuple[int, str]]:
    """``(line, module)`` for every import in ``path``; ``from m import n`` gives ``m.n``
    (so a name imported from a facade can be resolved), relative imports made absolute.

    Also counted: dynamic imports of a literal (``importlib.import_module("m")``,
    ``__import__("m")``), and attributes read from an imported module or facade
    (``import clusteratlas.graph as g; g.read_dataset`` gives ``clusteratlas.graph.
    read_dataset``), so a rule cannot be passed by spelling the import differently."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module or module_name(path)
    if path.name != "__init__.py":
        package = package.rpartition(".")[0]
    bound: dict[str, str] = {}  # local name -> the module it names
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
                if alias.asname:
                    bound[alias.asname] = alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                yield node.lineno, f"{base}.{alias.name}"
                bound[alias.asname or alias.name] = f"{base}.{alias.name}"
        elif isinstance(node, ast.Call) and node.args:
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            first = node.args[0]
            if (
                name in ("import_module", "__import__")
                and isinstance(first, ast.Constant)
                and isinstance(first.value, str)
            ):
                yield node.lineno, first.value
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in bound
            and bound[node.value.id].startswith("clusteratlas")
        ):
            yield node.lineno, f"{bound[node.value.id]}.{node.attr}"


def resolve(name: str) -> str:
    """Follow a name imported from a lazy facade to the module that defines it."""
    import importlib

    for facade in ("clusteratlas.graph", "clusteratlas.queries", "clusteratlas"):
        head, _, attr = name.rpartition(".")
        if head == facade:
            exports = getattr(importlib.import_module(facade), "_EXPORTS", {})
            for module, names in exports.items():
                if attr in names:
                    return f"{module}.{attr}"
    return name


def under(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def violations(
    folder: str,
    forbidden: tuple[str, ...],
    allowed: tuple[str, ...] = (),
    files: dict[Path, str] | None = None,
) -> list[str]:
    """Imports of ``forbidden`` modules (or names resolving there) in ``folder``'s files."""
    found = []
    files = files or {p: module_name(p) for p in source_files(folder)}
    for path, module in files.items():
        for line, name in imports(path, module):
            target = resolve(name)
            if any(under(target, a) for a in allowed):
                continue
            if any(under(target, f) or under(name, f) for f in forbidden):
                found.append(f"{path.name}:{line} imports {name}")
    return found


STORE = "clusteratlas.graph.neo4j_store"
ANALYTICS = "clusteratlas.graph.analytics"
VIEWS = "clusteratlas.graph.views"
FLOOR = "clusteratlas.graph.definitions"
COMPOSERS = ("clusteratlas.cli", "clusteratlas.outputs")


def test_the_errors_module_imports_nothing_of_the_project_nor_a_driver() -> None:
    names = [n for _, n in imports(ROOT / "clusteratlas" / "errors.py")]
    assert [n for n in names if under(n, "clusteratlas") or under(n, "neo4j")] == []


def test_the_floor_imports_no_wing_and_nothing_that_composes() -> None:
    assert violations("graph/definitions", (STORE, ANALYTICS, VIEWS, *COMPOSERS)) == []


def test_the_store_imports_neither_the_analytics_nor_the_views() -> None:
    assert violations("graph/neo4j_store", (ANALYTICS, VIEWS)) == []


@pytest.mark.parametrize("wing", ["graph/analytics", "graph/views", "graph/definitions"])
def test_analytics_views_and_floor_know_no_neo4j(wing: str) -> None:
    assert violations(wing, (STORE, "neo4j")) == []


def test_analytics_import_no_views() -> None:
    assert violations("graph/analytics", (VIEWS,)) == []


def test_views_import_no_private_analytics_module() -> None:
    found = []
    for path in source_files("graph/views"):
        for line, name in imports(path, module_name(path)):
            target = resolve(name)
            if under(target, ANALYTICS) and any(
                part.startswith("_") for part in target[len(ANALYTICS) + 1 :].split(".")
            ):
                found.append(f"{path.name}:{line} imports {name}")
    assert found == []


def test_loaders_import_nothing_of_graph() -> None:
    assert violations("loaders", ("clusteratlas.graph",)) == []


def test_queries_import_only_the_neo4j_wing_of_graph() -> None:
    assert violations("queries", ("clusteratlas.graph",), allowed=(STORE,)) == []


@pytest.mark.parametrize("folder", ["graph", "loaders", "queries"])
def test_nothing_imports_the_top_level_facade_or_the_cli(folder: str) -> None:
    """Only the ground floor of ``clusteratlas/`` (errors, the lazy-export helper, the
    version) is imported from below, by its own module path: a name taken from the top
    facade (``from clusteratlas import Dataset``) counts as importing the facade, even if
    the name is defined lower down."""
    allowed = ("clusteratlas.errors", "clusteratlas._lazy", "clusteratlas._version")
    own = ("clusteratlas.graph", "clusteratlas.loaders", "clusteratlas.queries")
    found = []
    for path in source_files(folder):
        for line, name in imports(path, module_name(path)):
            if not under(name, "clusteratlas") or any(under(name, a) for a in allowed + own):
                continue
            found.append(f"{path.name}:{line} imports {name}")
    assert found == []


def test_the_rules_see_a_violation(tmp_path: Path) -> None:
    """The checker is not blind: imports written in several forms are all found."""
    source = (
        "import importlib\n"
        "import clusteratlas.graph as g\n"
        "import clusteratlas.graph.neo4j_store.load\n"
        "from clusteratlas.graph import read_dataset\n"
        "def f():\n    from ..neo4j_store import connection\n"
        "    importlib.import_module('clusteratlas.graph.neo4j_store.read')\n"
        "    __import__('clusteratlas.graph.neo4j_store.gds')\n"
        "    return g.load_dataset\n"
    )
    probe = tmp_path / "probe.py"
    probe.write_text(source, encoding="utf-8")
    module = "clusteratlas.graph.analytics.probe"
    found = violations("-", ("clusteratlas.graph.neo4j_store",), files={probe: module})
    assert len(found) == 6, found
    (tmp_path / "top.py").write_text("from clusteratlas import Dataset\n", encoding="utf-8")
    names = [n for _, n in imports(tmp_path / "top.py", "clusteratlas.loaders.top")]
    assert names == ["clusteratlas.Dataset"]  # the facade, caught by the raw-name rule


def _loaded_after(code: str) -> list[str]:
    probe = f"{code}\nimport sys\nprint(' '.join(sorted(sys.modules)))"
    # -P: not the working directory first on sys.path. From the repository root it holds
    # clusteratlas/ without its subpackages (they are mapped from graph/, loaders/ and
    # queries/), so with a regular install `import clusteratlas.graph` would fail there.
    out = subprocess.run(
        [sys.executable, "-P", "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return out.stdout.split()


@pytest.mark.parametrize(
    "module",
    [
        "clusteratlas",
        "clusteratlas.graph",
        "clusteratlas.graph.analytics",
        "clusteratlas.graph.views",
        "clusteratlas.graph.neo4j_store",
        "clusteratlas.queries",
        "clusteratlas.loaders",
        "clusteratlas.cli",
    ],
)
def test_importing_loads_no_heavy_library(module: str) -> None:
    loaded = _loaded_after(f"import {module}")
    assert [m for m in loaded if m.split(".")[0] in HEAVY] == []


def test_the_cli_module_loads_no_pandas_numpy_or_networkx() -> None:
    loaded = {m.split(".")[0] for m in _loaded_after("import clusteratlas.cli")}
    assert loaded.isdisjoint({"pandas", "numpy", "networkx", *HEAVY})


@pytest.mark.parametrize("argv", [["--version"], ["queries"], ["queries", "--format", "json"]])
def test_fast_commands_load_no_pandas_and_no_neo4j(argv: list[str]) -> None:
    code = (
        "import contextlib, io\nfrom clusteratlas.cli import cli\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    cli({argv!r}, standalone_mode=False)\n"
    )
    loaded = {m.split(".")[0] for m in _loaded_after(code)}
    assert loaded.isdisjoint({"pandas", "numpy", "networkx", *HEAVY})


def test_using_a_name_imports_its_library() -> None:
    """The lazy facades still work: touching a name imports what it needs."""
    loaded = _loaded_after("import clusteratlas.graph as g\ng.connect")
    assert "neo4j" in {m.split(".")[0] for m in loaded}


SCHEME_NAMES = ("NBS42", "SW2021", "GB4754", "CSRC")
"""Classification schemes of the bundled China data: their names belong in data
(industries.scheme, the crosswalk, dataset.json), never in the analytics' code."""


def scheme_literals(source: str, filename: str = "<source>") -> list[str]:
    """``line: 'text'`` for every string literal of ``source`` that names one of
    :data:`SCHEME_NAMES` (f-string parts included), docstrings left out."""
    tree = ast.parse(source, filename=filename)
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
        and isinstance(node.body[0].value.value, str)
    }
    hits = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and any(name in node.value for name in SCHEME_NAMES)
    ]
    hits.sort(key=lambda n: (n.lineno, n.col_offset))
    return [f"{n.lineno}: {n.value!r}" for n in hits]


def test_analytics_name_no_classification_scheme() -> None:
    """Knowledge of one country or scheme arrives as data, never as a branch on a name
    (DESIGN.md): no string in the code of the analytics, the floor or the views names a
    scheme of the bundled
    data (``if scheme == "NBS42"``, a default ``"SW2021"``, a code ``"GB4754:C"``);
    docstrings and comments may. The checker itself is not blind."""
    found = [
        f"{path.relative_to(ROOT)}:{hit}"
        for folder in ("graph/analytics", "graph/definitions", "graph/views")
        for path in source_files(folder)
        if path.name not in ("_toy.py", "examples.py")  # tiny datasets: data, not rules
        for hit in scheme_literals(path.read_text(encoding="utf-8"), str(path))
    ]
    assert found == [], "name schemes through the data (scope, crosswalk, dataset.json)"
    sample = (
        '"""About NBS42 and SW2021."""\n'
        "def f(scheme, code):\n"
        '    """GB4754 sections."""\n'
        "    # CSRC in a comment\n"
        '    if scheme == "NBS42":\n'
        '        return f"SW2021:{code}"\n'
        '    return "CSRC" + "x"\n'
    )
    assert scheme_literals(sample) == ["5: 'NBS42'", "6: 'SW2021:'", "7: 'CSRC'"]
