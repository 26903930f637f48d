"""Open a Neo4j driver from settings, mapping failures to clear errors (exit code 3).

Failures go through the wing's driver-error boundary,
:class:`~clusteratlas.graph.neo4j_store.driver_errors.driver_errors`, with
connection-specific messages.

The driver is created here once and passed into every component (store,
projections, query runner); none of them creates its own.

Examples
--------
>>> from clusteratlas.graph.neo4j_store.settings import Neo4jSettings
>>> try:
...     connect(Neo4jSettings.resolve(uri="bolt://127.0.0.1:9", env={}), timeout=2)
... except Neo4jUnavailableError as e:
...     print(e.exit_code, str(e).startswith("Neo4j is unreachable"))
3 True
"""

from __future__ import annotations

from neo4j import Driver, GraphDatabase
from neo4j.exceptions import AuthError, ConfigurationError, Neo4jError, ServiceUnavailable

from clusteratlas.errors import Neo4jUnavailableError, UsageError
from clusteratlas.graph.neo4j_store.driver_errors import driver_errors
from clusteratlas.graph.neo4j_store.settings import Neo4jSettings

__all__ = ["BOLT_SCHEMES", "connect", "scrub"]

BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
"""URI schemes this package connects with (the driver's HTTP preview is not used)."""


def scrub(text: str, settings: Neo4jSettings) -> str:
    """Remove the password from ``text`` (driver messages may echo URIs or auth).

    Parameters
    ----------
    text : str
        A message that may contain the password.
    settings : Neo4jSettings
        The settings whose password is removed.

    Returns
    -------
    str
        ``text`` with every occurrence of the password replaced by ``***`` (unchanged
        when the password is empty).

    Examples
    --------
    >>> scrub("auth failed for pw123456", Neo4jSettings(password="pw123456"))
    'auth failed for ***'
    """
    return text.replace(settings.password, "***") if settings.password else text


def connect(settings: Neo4jSettings, *, timeout: float = 10.0, verify: bool = True) -> Driver:
    """A driver for ``settings``, checked with a real round trip when ``verify``.

    The password never appears in an error message; the driver error is chained.

    Parameters
    ----------
    settings : Neo4jSettings
        URI, user, password and database (:meth:`Neo4jSettings.resolve`).
    timeout : float, default 10.0
        Seconds to wait for a connection (twice that to acquire one, which bounds the
        Bolt handshake).
    verify : bool, default True
        Check the connection, the credentials and the database with ``RETURN 1``;
        False returns the driver unchecked (the driver connects lazily).

    Returns
    -------
    neo4j.Driver
        The one driver the caller passes to every component and closes when done.

    Raises
    ------
    Neo4jUnavailableError
        The server is unreachable, refuses the credentials or has no such database
        (exit code 3); the message says what to do.
    UsageError
        The URI is not a Bolt URI (:data:`BOLT_SCHEMES`) or is malformed (exit code 2).

    Examples
    --------
    >>> from clusteratlas.graph.neo4j_store.settings import Neo4jSettings
    >>> driver = connect(Neo4jSettings.resolve())  # doctest: +SKIP
    >>> connect(Neo4jSettings(uri="http://localhost:7474"))
    Traceback (most recent call last):
    ...
    clusteratlas.errors.UsageError: 'http://localhost:7474' is not a Bolt URI ...
    """
    scheme = settings.uri.partition("://")[0] if "://" in settings.uri else ""
    if scheme not in BOLT_SCHEMES:
        raise UsageError(
            f"{settings.uri!r} is not a Bolt URI (--uri or NEO4J_URI): use one of "
            f"{', '.join(s + '://' for s in BOLT_SCHEMES)}, e.g. bolt://localhost:7687"
        )
    try:
        driver = GraphDatabase.driver(
            settings.uri,
            auth=(settings.user, settings.password),
            connection_timeout=timeout,
            # bounds the Bolt handshake too: a host that accepts and never answers fails
            connection_acquisition_timeout=2 * timeout,
            max_transaction_retry_time=30.0,
        )
    except (ConfigurationError, ValueError) as e:
        raise UsageError(
            f"{settings.uri!r} is not a valid Neo4j URI (--uri or NEO4J_URI): "
            f"{scrub(str(e), settings)}"
        ) from e
    if not verify:
        return driver

    def translate(e: BaseException) -> Neo4jUnavailableError | None:
        if isinstance(e, AuthError):
            return Neo4jUnavailableError(
                f"Neo4j refused the credentials of user {settings.user!r} at {settings.uri}: "
                "check NEO4J_USER / NEO4J_PASSWORD (or --user / --password)."
            )
        if isinstance(e, ServiceUnavailable | OSError):
            return Neo4jUnavailableError(
                f"Neo4j is unreachable at {settings.uri}: {scrub(str(e), settings)}. "
                "Start it (scripts/neo4j-local start, or docker compose up -d) or set NEO4J_URI."
            )
        if isinstance(e, Neo4jError) and "database" in str(e).lower():
            return Neo4jUnavailableError(
                f"Neo4j at {settings.uri} has no usable database {settings.database!r}: "
                f"{scrub(str(e), settings)}"
            )
        return None

    try:
        with driver_errors(f"connecting to {settings.uri}", Neo4jUnavailableError, translate):
            driver.verify_connectivity()
            driver.execute_query("RETURN 1", database_=settings.database)
    except Neo4jUnavailableError:
        driver.close()
        raise
    return driver
