"""The adapters' protocol: an :class:`Adapter` turns a published file into :class:`SourceTables`.

Every adapter (``loaders/adapters/<module>.py``) declares ``ADAPTER`` (or a tuple
``ADAPTERS``) at module level: a name, a one-line description, the tables it returns,
its read function and a function that writes a small example file. :func:`adapters`
finds them by importing the modules of this package, so adding an adapter touches one
place (its module) plus a test; the contract test
(``tests/unit/test_adapters.py::test_every_adapter_keeps_the_contract``) then reads
every adapter's example and checks what comes back.

What an adapter returns is raw: the tables of the published file in its own codes and
units (``"01"`` for an input-output sector, census sample counts), named for what they
hold; a table named like a canonical :class:`~clusteratlas.loaders.dataset.Dataset`
table has that table's columns (a subset). Mapping codes onto a dataset's regions and
industries is the caller's job (the bundled-data build, ``scripts/bundled_data``).

Examples
--------
>>> sorted(adapters())[:3]
['census-county-employment', 'coordinates', 'divisions-by-year']
>>> get_adapter("nbs-io-table").tables
('industry_links', 'sectors', 'final_uses')
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import pkgutil
import zipfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from clusteratlas.errors import ClusterAtlasError, DataValidationError, Problem, UsageError

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "Adapter",
    "SourceTables",
    "adapters",
    "data_error",
    "get_adapter",
    "read_source",
    "reading",
]


@dataclass(frozen=True)
class SourceTables:
    """The tables an adapter read from one published file, by name, and notes about the read.

    ``notes`` holds what the read found worth reporting (the layout recognised, cells
    that were not numbers, blanks taken as zero, the file's own metadata).
    ``tables["name"]`` may be written ``source_tables["name"]`` (an unknown name is a
    :class:`UsageError` listing the tables), and iterating gives the table names.

    Attributes
    ----------
    adapter : str
        The adapter's name.
    source : str
        The file read.
    tables : mapping of str to DataFrame
        The tables read, by name (those of :attr:`Adapter.tables`).
    notes : mapping of str to object
        What the read found worth reporting.
    """

    adapter: str
    source: str
    tables: Mapping[str, pd.DataFrame]
    notes: Mapping[str, Any] = field(default_factory=dict)

    def __getitem__(self, name: str) -> pd.DataFrame:
        try:
            return self.tables[name]
        except KeyError:
            raise UsageError(
                f"adapter {self.adapter!r} read no table {name!r} (it has {sorted(self.tables)})"
            ) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self.tables)

    def counts(self) -> dict[str, int]:
        """Rows per table.

        Returns
        -------
        dict of str to int
            Table name -> rows.

        Examples
        --------
        >>> import pandas as pd
        >>> SourceTables("x", "x.csv", {"employment": pd.DataFrame({"a": [1, 2]})}).counts()
        {'employment': 2}
        """
        return {name: len(frame) for name, frame in self.tables.items()}


@dataclass(frozen=True)
class Adapter:
    """One published format: how to read it, and what comes back.

    Attributes
    ----------
    name : str
        The adapter's name (``nbs-io-table``).
    description : str
        The format in one line.
    tables : tuple of str
        The names of the tables it returns.
    read : callable
        ``read(path, **options) -> SourceTables``.
    example : callable
        ``example(directory) -> path``: writes a small valid file of the format into
        a directory and returns its path.
    example_options : mapping of str to object
        The options ``read`` needs for the example (a generic adapter's column
        mapping); empty for a published layout.
    """

    name: str
    description: str
    tables: tuple[str, ...]
    read: Callable[..., SourceTables]
    example: Callable[[Path], Path]
    example_options: Mapping[str, Any] = field(default_factory=dict)


@functools.cache
def adapters() -> dict[str, Adapter]:
    """Every adapter of this package, by name (the modules are imported on the first call)."""
    found: dict[str, Adapter] = {}
    package = importlib.import_module(__package__ or "clusteratlas.loaders.adapters")
    for info in pkgutil.iter_modules(package.__path__):
        if info.name.startswith("_") or info.name == "base":
            continue
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        declared = getattr(module, "ADAPTERS", None) or (getattr(module, "ADAPTER", None),)
        for adapter in declared:
            if adapter is None:
                continue
            if adapter.name in found:
                raise UsageError(f"two adapters are named {adapter.name!r}")
            found[adapter.name] = adapter
    return dict(sorted(found.items()))


def get_adapter(name: str) -> Adapter:
    """The adapter called ``name``; :class:`UsageError` listing the adapters if there is none.

    Parameters
    ----------
    name : str
        An adapter's name (a key of :func:`adapters`).

    Returns
    -------
    Adapter
        Its tables, read and example functions.

    Raises
    ------
    UsageError
        No adapter has that name.

    Examples
    --------
    >>> get_adapter("coordinates").tables
    ('coordinates',)
    """
    known = adapters()
    if name not in known:
        raise UsageError(f"no adapter named {name!r}; adapters: {', '.join(known)}")
    return known[name]


def read_source(name: str, path: str | Path, **options: Any) -> SourceTables:
    """Read ``path`` with adapter ``name`` (``options`` go to its read function).

    Parameters
    ----------
    name : str
        An adapter's name.
    path : str or Path
        A file in the adapter's published format.
    **options
        Keyword options of the adapter's read function.

    Returns
    -------
    SourceTables
        The tables the adapter read.

    Raises
    ------
    UsageError
        No adapter has that name.
    DataValidationError
        The file is missing, unreadable or not in the published layout.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     path = get_adapter("nbs-io-table").example(Path(d))
    ...     read_source("nbs-io-table", path).counts()
    {'industry_links': 3, 'sectors': 2, 'final_uses': 4}
    """
    return get_adapter(name).read(path, **options)


def data_error(
    path: str | Path,
    rule: str,
    *,
    row: int | None = None,
    column: str | None = None,
    value: object = None,
) -> DataValidationError:
    """A :class:`DataValidationError` with one problem in file ``path``.

    Parameters
    ----------
    path : str or Path
        The file.
    rule : str
        What is wrong, in words.
    row : int, optional
        The row (1-based, as a spreadsheet shows it).
    column : str, optional
        The column.
    value : object, optional
        The offending value.

    Returns
    -------
    DataValidationError
        To raise (exit code 4).

    Examples
    --------
    >>> print(data_error("io.csv", "not a number", row=3, column="flow", value="x"))
    1 problem in the input data:
      io.csv, row 3, column flow, value 'x': not a number
    """
    return DataValidationError([Problem(str(path), row, column, value, rule)])


@contextlib.contextmanager
def reading(path: str | Path) -> Iterator[None]:
    """Turn what reading a user's file can raise into :class:`DataValidationError` naming it.

    A missing or unreadable file, undecodable text, a broken Excel/zip container, a
    parse error (``ValueError``) or a missing column (``KeyError``) each become one
    problem of ``path``, the original exception chained. The project's own errors
    pass through.

    Parameters
    ----------
    path : str or Path
        The file being read, named in the problem.

    Yields
    ------
    None
        The block runs inside the boundary.

    Raises
    ------
    DataValidationError
        What the block raised, as one problem of ``path``.

    Examples
    --------
    >>> try:
    ...     with reading("missing.csv"):
    ...         open("/nonexistent/missing.csv")
    ... except DataValidationError as e:
    ...     print(e.problems[0])
    missing.csv: file not found
    """
    try:
        yield
    except ClusterAtlasError:
        raise
    except FileNotFoundError as e:
        raise data_error(path, "file not found") from e
    except OSError as e:
        raise data_error(path, f"cannot read the file ({e.strerror or e})") from e
    except KeyError as e:
        raise data_error(path, "missing column", column=str(e.args[0]) if e.args else None) from e
    except (UnicodeDecodeError, zipfile.BadZipFile, ValueError) as e:
        raise data_error(path, f"not the published layout ({type(e).__name__}: {e})") from e
