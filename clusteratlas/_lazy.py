"""Lazy re-exports for package facades (PEP 562), so importing a facade stays cheap.

A facade lists ``name -> module`` and gets ``__getattr__``/``__dir__`` that import
the module only when the name is first used: ``import clusteratlas.graph`` does not
import neo4j, pyvis, igraph or scipy until a function that needs them is touched.

>>> getattr_, dir_ = lazy_exports("json", {"dumps": "json"})
>>> getattr_("dumps")([1])
'[1]'
>>> "dumps" in dir_()
True
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(
    package: str, exports: Mapping[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """Return ``(__getattr__, __dir__)`` for ``package`` re-exporting ``exports`` lazily.

    ``exports`` maps each public name to the module that defines it. An unknown name
    raises ``AttributeError`` naming the package, as a plain attribute lookup would.
    """

    def __getattr__(name: str) -> Any:
        module = exports.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(module), name)

    def __dir__() -> list[str]:
        return sorted(exports)

    return __getattr__, __dir__
