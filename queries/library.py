"""Find the ``.cypher`` files of the query library (or of a user's own directory).

The bundled library lives next to this module (``clusteratlas.queries``); a
user points :func:`load_library` at any directory of ``.cypher`` files with the
same header format (see :mod:`clusteratlas.queries.header`).

Examples
--------
>>> lib = load_library()
>>> "listed-companies-in-region" in lib
True
>>> lib["listed-companies-in-region"].param("region").type
'str'
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from clusteratlas.errors import QueryError, UsageError
from clusteratlas.queries.header import QuerySpec, parse_query_file

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "LIBRARY_COLUMNS",
    "LIBRARY_DIR",
    "find_query",
    "library_rows",
    "library_table",
    "load_library",
]

LIBRARY_DIR = Path(__file__).resolve().parent
LIBRARY_COLUMNS = ("name", "params", "returns", "description")
"""Columns of :func:`library_rows` and :func:`library_table`."""


def load_library(queries_dir: str | Path | None = None) -> dict[str, QuerySpec]:
    """Every query in ``queries_dir`` (default: the bundled library), by name, sorted.

    Parameters
    ----------
    queries_dir : str or Path, optional
        A directory of ``.cypher`` files; default the bundled library (:data:`LIBRARY_DIR`).

    Returns
    -------
    dict of str to QuerySpec
        Every ``.cypher`` file's parsed header and body, by query name.

    Raises
    ------
    UsageError
        The directory does not exist.
    QueryError
        A file's header is malformed, or two files share a name.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     _ = (Path(d) / "n.cypher").write_text(
    ...         "// name: n\\n// description: count nodes\\n// returns: n\\n"
    ...         "MATCH (x) RETURN count(x) AS n\\n", encoding="utf-8")
    ...     sorted(load_library(d))
    ['n']
    """
    directory = Path(queries_dir) if queries_dir is not None else LIBRARY_DIR
    if not directory.is_dir():
        raise UsageError(f"query directory {str(directory)!r} does not exist")
    found: dict[str, QuerySpec] = {}
    for path in sorted(directory.glob("*.cypher")):
        spec = parse_query_file(path)
        if spec.name in found:
            raise QueryError(
                f"query name {spec.name!r} is used by both {found[spec.name].path} and {path}"
            )
        found[spec.name] = spec
    return dict(sorted(found.items()))


def find_query(name: str, queries_dir: str | Path | None = None) -> QuerySpec:
    """The query called ``name``; :class:`UsageError` listing close names if there is none.

    Parameters
    ----------
    name : str
        A query name (``graph-statistics``).
    queries_dir : str or Path, optional
        A directory of ``.cypher`` files; default the bundled library (:data:`LIBRARY_DIR`).

    Returns
    -------
    QuerySpec

    Raises
    ------
    UsageError
        No query has that name (the message suggests close names).
    QueryError
        A file's header is malformed.

    Examples
    --------
    >>> find_query("graph-statistics").returns
    ('kind', 'name', 'count')
    """
    library = load_library(queries_dir)
    if name in library:
        return library[name]
    close = [n for n in library if name.lower() in n or n in name.lower()]
    hint = (
        f" Did you mean: {', '.join(close)}?"
        if close
        else " List them with `clusteratlas queries`."
    )
    raise UsageError(f"no query named {name!r} in {queries_dir or LIBRARY_DIR}.{hint}")


def library_rows(queries_dir: str | Path | None = None) -> list[dict[str, str]]:
    """One dict per query: name, params (with types and defaults), returns, description.

    Plain Python (no pandas), so ``clusteratlas queries`` starts fast.

    Parameters
    ----------
    queries_dir : str or Path, optional
        A directory of ``.cypher`` files; default the bundled library (:data:`LIBRARY_DIR`).

    Returns
    -------
    list of dict of str to str
        Keys :data:`LIBRARY_COLUMNS`, one per query, sorted by name.

    Examples
    --------
    >>> library_rows()[0]["name"]
    'clusters-in-region'
    """
    return [
        {
            "name": spec.name,
            "params": ", ".join(p.describe() for p in spec.params),
            "returns": ", ".join(spec.returns),
            "description": spec.description,
        }
        for spec in load_library(queries_dir).values()
    ]


def library_table(queries_dir: str | Path | None = None) -> pd.DataFrame:
    """:func:`library_rows` as a DataFrame.

    Parameters
    ----------
    queries_dir : str or Path, optional
        A directory of ``.cypher`` files; default the bundled library (:data:`LIBRARY_DIR`).

    Returns
    -------
    DataFrame
        Columns :data:`LIBRARY_COLUMNS`, one row per query.

    Examples
    --------
    >>> library_table().columns.tolist()
    ['name', 'params', 'returns', 'description']
    """
    import pandas as pd

    return pd.DataFrame(library_rows(queries_dir), columns=list(LIBRARY_COLUMNS))
