"""Lazy re-exports for package facades (PEP 562), so importing a facade stays cheap.

A facade lists each module once with the public names it re-exports; it gets
``__getattr__``, ``__dir__`` and ``__all__`` from :func:`lazy_exports`, and a module is
imported only when one of its names is first used: ``import clusteratlas.graph`` does
not import neo4j, pyvis, igraph or scipy until a function that needs them is touched.
Adding a public name means adding it in one place, the facade's mapping.

>>> getattr_, dir_, all_ = lazy_exports("json", {"json": ("dumps",)})
>>> getattr_("dumps")([1]), all_
('[1]', ['dumps'])
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(
    package: str, modules: Mapping[str, Iterable[str]]
) -> tuple[Callable[[str], Any], Callable[[], list[str]], list[str]]:
    """Return ``(__getattr__, __dir__, __all__)`` for ``package`` re-exporting ``modules``.

    Parameters
    ----------
    package : str
        The facade's ``__name__`` (for error messages).
    modules : mapping of str to iterable of str
        Module path -> the public names it defines (a name may appear once only).

    Returns
    -------
    tuple
        ``__getattr__`` (imports the defining module on first use; an unknown name raises
        ``AttributeError`` naming the package), ``__dir__`` and ``__all__`` (sorted names).

    Raises
    ------
    ValueError
        A name is listed under two modules.

    Examples
    --------
    >>> lazy_exports("p", {"a": ("x",), "b": ("x",)})
    Traceback (most recent call last):
    ...
    ValueError: p: 'x' is exported from both a and b
    """
    where: dict[str, str] = {}
    for module, names in modules.items():
        for name in names:
            if name in where:
                raise ValueError(
                    f"{package}: {name!r} is exported from both {where[name]} and {module}"
                )
            where[name] = module
    names_sorted = sorted(where)

    def __getattr__(name: str) -> Any:
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(module), name)

    def __dir__() -> list[str]:
        return list(names_sorted)

    return __getattr__, __dir__, list(names_sorted)
