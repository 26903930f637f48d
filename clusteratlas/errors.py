"""The project's exception hierarchy (one root, each with a CLI exit code).

The ground floor: every part of the project (loaders, the graph wings, queries,
views, the CLI) may import it, and it imports nothing of the project. Driver
errors are translated into these at one boundary,
:func:`clusteratlas.graph.neo4j_store.connection.driver_errors`.

Exit codes (DESIGN.md, CLI): 1 error, 2 usage, 3 Neo4j unreachable or
unauthorised, 4 invalid input data.

Examples
--------
>>> from clusteratlas.errors import DataValidationError, Problem
>>> err = DataValidationError([Problem("regions.csv", 3, "code", "", "empty key")])
>>> err.exit_code
4
>>> print(err)
1 problem in the input data:
  regions.csv, row 3, column code, value '': empty key
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Literal

__all__ = [
    "ClusterAtlasError",
    "ClusterAtlasWarning",
    "ComponentDroppedWarning",
    "DataValidationError",
    "LoadError",
    "MatrixError",
    "Neo4jUnavailableError",
    "Problem",
    "QueryError",
    "UnreliableMetricWarning",
    "UsageError",
    "driver_errors",
]


class ClusterAtlasError(Exception):
    """Root of every error the project raises on purpose; ``exit_code`` is for the CLI."""

    exit_code: int = 1


class UsageError(ClusterAtlasError):
    """The caller asked for something malformed (unknown parameter, bad option value)."""

    exit_code = 2


class Neo4jUnavailableError(ClusterAtlasError):
    """Neo4j could not be reached, or refused the credentials. Never carries the password."""

    exit_code = 3


class LoadError(ClusterAtlasError):
    """Writing into Neo4j failed after validation passed (driver errors are chained)."""

    exit_code = 1


class QueryError(ClusterAtlasError):
    """A library or user query failed (syntax, timeout, refused write)."""

    exit_code = 1


class MatrixError(ClusterAtlasError):
    """An analytics input (matrix, series, graph) breaks a rule; the message names where."""

    exit_code = 4


class ClusterAtlasWarning(UserWarning):
    """Root of the project's warnings."""


class UnreliableMetricWarning(ClusterAtlasWarning):
    """A metric was computed but means little here (matrix too small, disconnected, degenerate)."""


class ComponentDroppedWarning(ClusterAtlasWarning):
    """A weighted component of a composite could not be computed and was left out."""


@dataclass(frozen=True)
class Problem:
    """One problem in input data: where it is (file, row, column), the value, and the rule broken.

    ``row`` is the 1-based data row as a user sees it in a spreadsheet without the
    header (``None`` when the problem concerns the whole file or column).
    """

    file: str
    row: int | None
    column: str | None
    value: object
    rule: str

    def __str__(self) -> str:
        parts = [self.file]
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f"column {self.column}")
        if self.value is not None:
            parts.append(f"value {self.value!r}")
        return ", ".join(parts) + f": {self.rule}"


class DataValidationError(ClusterAtlasError):
    """Input data broke one or more rules; ``problems`` lists every one of them."""

    exit_code = 4

    def __init__(self, problems: Sequence[Problem]):
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(self.report())

    def report(self) -> str:
        """Human-readable report: a count, then one indented line per problem."""
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} in the input data:"
        return "\n".join([head, *(f"  {p}" for p in self.problems)])


Translate = Callable[[BaseException], "ClusterAtlasError | None"]


class driver_errors(contextlib.ContextDecorator):
    """The one boundary between the Neo4j driver's exceptions and the project's.

    Used as a context manager or decorator around every call that talks to Neo4j
    (load, read-back, write-back, schema, queries). Inside it:

    - refused credentials (``AuthError``, ``Neo.ClientError.Security.*``) become
      :class:`Neo4jUnavailableError` (exit 3), never showing the password;
    - a lost or refused connection (``ServiceUnavailable``, ``SessionExpired``,
      ``OSError``) becomes :class:`Neo4jUnavailableError` (exit 3);
    - any other driver or server error becomes ``error`` (default
      :class:`LoadError`, exit 1) naming ``action`` and the server's code;
    - ``translate``, when given, is asked first and may return a more specific
      project error (a refused write, a timeout, a missing database);
    - the project's own errors pass through unchanged; the cause is always chained.

    The neo4j package is imported only when an exception has to be classified.

    >>> with driver_errors("reading regions"):  # doctest: +SKIP
    ...     driver.execute_query("MATCH (r:Region) RETURN r")
    >>> try:
    ...     with driver_errors("reading regions"):
    ...         raise ConnectionRefusedError("refused")
    ... except Neo4jUnavailableError as e:
    ...     print(e.exit_code, e)
    3 lost the connection to Neo4j while reading regions: refused
    """

    def __init__(
        self,
        action: str,
        error: type[ClusterAtlasError] = LoadError,
        translate: Translate | None = None,
    ) -> None:
        self.action = action
        self.error = error
        self.translate = translate

    def __enter__(self) -> driver_errors:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> Literal[False]:
        if exc is None or isinstance(exc, ClusterAtlasError) or not isinstance(exc, Exception):
            return False
        mapped = self.map(exc)
        if mapped is None:
            return False
        raise mapped from exc

    def map(self, exc: BaseException) -> ClusterAtlasError | None:
        """The project error for ``exc``, or None when ``exc`` is not the driver's."""
        if self.translate is not None:
            specific = self.translate(exc)
            if specific is not None:
                return specific
        if isinstance(exc, OSError):
            return Neo4jUnavailableError(f"lost the connection to Neo4j while {self.action}: {exc}")
        try:
            from neo4j import exceptions as ne
        except ImportError:  # pragma: no cover - the driver is a dependency
            return None
        if isinstance(exc, ne.AuthError) or (
            isinstance(exc, ne.Neo4jError)
            and (exc.code or "").startswith("Neo.ClientError.Security")
        ):
            message = getattr(exc, "message", None) or "authentication failed"
            return Neo4jUnavailableError(
                f"Neo4j refused the credentials while {self.action}: {message}. "
                "Check NEO4J_USER / NEO4J_PASSWORD (or --user / --password)."
            )
        if isinstance(exc, ne.ServiceUnavailable | ne.SessionExpired):
            return Neo4jUnavailableError(
                f"lost the connection to Neo4j while {self.action}: {exc}. "
                "Start it (scripts/neo4j-local start) or set NEO4J_URI."
            )
        if isinstance(exc, ne.Neo4jError):
            return self.error(f"Neo4j failed while {self.action} ({exc.code}): {exc.message}")
        if isinstance(exc, ne.DriverError):
            return self.error(f"the Neo4j driver failed while {self.action}: {exc}")
        return None
