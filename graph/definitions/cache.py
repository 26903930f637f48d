"""Memoise pure functions of an (immutable) :class:`Dataset`.

A Dataset never changes, so a projection computed from it can be reused for as
long as the Dataset lives. Results are kept per Dataset in a weak mapping (they
go away with the Dataset) and handed out as copy-on-write copies, so a caller
that modifies its result never changes what the next caller gets.

>>> import pandas as pd
>>> calls = []
>>> @dataset_cached
... def count_regions(dataset, level="county"):
...     calls.append(level)
...     return pd.Series([len(dataset.regions)])
>>> from clusteratlas.graph.definitions.examples import example_dataset
>>> ds = example_dataset()
>>> a = count_regions(ds); b = count_regions(ds, level="county")
>>> calls
['county']
"""

from __future__ import annotations

import functools
import inspect
import weakref
from collections.abc import Callable, Mapping
from typing import Any, TypeVar, cast

import pandas as pd

__all__ = ["dataset_cached"]

F = TypeVar("F", bound=Callable[..., Any])


def _fresh(value: Any) -> Any:
    if isinstance(value, pd.DataFrame | pd.Series):
        return value.copy(deep=False)
    if isinstance(value, tuple):
        return tuple(_fresh(v) for v in value)
    return value


def _hashable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return ("mapping", tuple(sorted(value.items())))
    if isinstance(value, list):
        return ("list", tuple(value))
    return value


def dataset_cached(func: F) -> F:
    """Decorate ``func(dataset, ...)`` so equal calls on the same Dataset compute once.

    Arguments are normalised through the signature (defaults applied), so
    ``f(ds)`` and ``f(ds, level="county")`` share one entry when that is the default.

    Parameters
    ----------
    func : callable
        A pure function whose first argument is a :class:`Dataset`; its other
        arguments must be hashable, mappings or lists (a call with any other
        argument is computed every time, not cached).

    Returns
    -------
    callable
        ``func`` with the same signature and docstring. Results are kept per
        Dataset (a weak mapping: they go when the Dataset goes); a DataFrame or
        Series comes back as a shallow copy-on-write copy, so a caller that changes
        it never changes what the next caller gets.

    Examples
    --------
    >>> from clusteratlas.graph.definitions.examples import example_dataset
    >>> @dataset_cached
    ... def n_regions(dataset, level="county"):
    ...     print("computing")
    ...     return int((dataset.regions["level"] == level).sum())
    >>> ds = example_dataset()
    >>> n_regions(ds)
    computing
    2
    >>> n_regions(ds, level="county")
    2
    """
    signature = inspect.signature(func)
    store: weakref.WeakKeyDictionary[Any, dict[tuple[Any, ...], Any]] = weakref.WeakKeyDictionary()

    @functools.wraps(func)
    def wrapper(dataset: Any, *args: Any, **kwargs: Any) -> Any:
        bound = signature.bind(dataset, *args, **kwargs)
        bound.apply_defaults()
        key = tuple((name, _hashable(value)) for name, value in bound.arguments.items())[1:]
        try:
            entries = store.setdefault(dataset, {})
            hash(key)
        except TypeError:  # unhashable argument or dataset: just compute
            return func(dataset, *args, **kwargs)
        if key not in entries:
            entries[key] = func(dataset, *args, **kwargs)
        return _fresh(entries[key])

    return cast(F, wrapper)
