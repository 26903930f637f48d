"""The one boundary between the Neo4j driver's exceptions and the project's.

The project's exceptions (:mod:`clusteratlas.errors`) know no driver; every function of
this wing that talks to Neo4j (load, read-back, write-back, schema, GDS) and the query
runner wrap their driver calls in :class:`driver_errors`, which classifies what the
driver raised into those exceptions, with the cause chained.

>>> try:
...     with driver_errors("reading regions"):
...         raise ConnectionRefusedError("refused")
... except Neo4jUnavailableError as e:
...     print(e.exit_code, e)
3 lost the connection to Neo4j while reading regions: refused
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from types import TracebackType
from typing import Literal

from clusteratlas.errors import ClusterAtlasError, LoadError, Neo4jUnavailableError

__all__ = ["Translate", "driver_errors"]

Translate = Callable[[BaseException], "ClusterAtlasError | None"]
"""A wing-specific classifier: a driver exception -> a more specific project error, or None."""


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

    Parameters
    ----------
    action : str
        What was being done, for the message ("reading regions").
    error : type of ClusterAtlasError, default LoadError
        The project error other driver and server errors become.
    translate : callable, optional
        ``translate(exc) -> ClusterAtlasError or None``, asked first.

    Examples
    --------
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
        """The project error for ``exc``, or None when ``exc`` is not the driver's.

        Parameters
        ----------
        exc : BaseException
            The exception raised inside the boundary.

        Returns
        -------
        ClusterAtlasError or None
            ``translate``'s answer when it has one; else Neo4jUnavailableError for lost
            connections and refused credentials, ``error`` for other driver and server
            errors; None for anything else (it propagates unchanged).

        Examples
        --------
        >>> from clusteratlas.errors import QueryError
        >>> e = driver_errors("running a query", QueryError).map(ConnectionResetError("reset"))
        >>> type(e).__name__, str(e)
        ('Neo4jUnavailableError', 'lost the connection to Neo4j while running a query: reset')
        >>> driver_errors("x").map(ValueError("not the driver's")) is None
        True
        """
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
                "Check the user name and password (NEO4J_USER / NEO4J_PASSWORD)."
            )
        if isinstance(exc, ne.ServiceUnavailable | ne.SessionExpired):
            return Neo4jUnavailableError(
                f"lost the connection to Neo4j while {self.action}: {exc}. "
                "Is the server running at that address (NEO4J_URI)?"
            )
        if isinstance(exc, ne.Neo4jError) and "MemoryPoolOutOfMemoryError" in (exc.code or ""):
            return self.error(
                f"Neo4j aborted the statement while {self.action}: it needed more "
                f"transaction memory than the server allows ({exc.message}). Nothing was "
                "changed and the server is still up; split the work into batches (e.g. "
                "CALL { ... } IN TRANSACTIONS OF 10000 ROWS) or raise the limit "
                "(db.memory.transaction.max)."
            )
        if isinstance(exc, ne.Neo4jError):
            return self.error(f"Neo4j failed while {self.action} ({exc.code}): {exc.message}")
        if isinstance(exc, ne.DriverError):
            return self.error(f"the Neo4j driver failed while {self.action}: {exc}")
        return None
