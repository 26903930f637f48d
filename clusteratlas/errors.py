"""The project's exception hierarchy (one root, each with a CLI exit code).

The ground floor: every part of the project (loaders, the graph wings, queries,
views, the CLI) may import it, and it imports nothing: neither the project nor a
driver. The Neo4j wing translates driver errors into these at its own boundary,
:class:`clusteratlas.graph.neo4j_store.driver_errors.driver_errors`.

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

from collections.abc import Sequence
from dataclasses import dataclass

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
