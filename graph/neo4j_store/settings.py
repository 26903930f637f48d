"""Neo4j connection settings: flag, then environment, then defaults.

Environment variables: ``NEO4J_URI``, ``NEO4J_USER`` (or ``NEO4J_USERNAME``),
``NEO4J_PASSWORD``, ``NEO4J_DATABASE``. Defaults: ``bolt://localhost:7687``,
user ``neo4j``, the development password ``clusteratlas-dev`` (the one
``scripts/neo4j-local`` sets when ``NEO4J_PASSWORD`` is unset), database ``neo4j``.

The password is kept out of ``repr`` and ``str`` so that it never reaches a log.

Examples
--------
>>> s = Neo4jSettings.resolve(uri="bolt://127.0.0.1:7999", env={"NEO4J_PASSWORD": "s3cret!!"})
>>> s.uri, s.user, s.database
('bolt://127.0.0.1:7999', 'neo4j', 'neo4j')
>>> "s3cret" in repr(s)
False
>>> Neo4jSettings.resolve(env={"NEO4J_USERNAME": "reader"}).user
'reader'
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = ["DEFAULT_DATABASE", "DEFAULT_PASSWORD", "DEFAULT_URI", "DEFAULT_USER", "Neo4jSettings"]

DEFAULT_URI = "bolt://localhost:7687"
DEFAULT_USER = "neo4j"
DEFAULT_PASSWORD = "clusteratlas-dev"  # development default of scripts/neo4j-local only
DEFAULT_DATABASE = "neo4j"


@dataclass(frozen=True)
class Neo4jSettings:
    """Where and how to connect. Build with :meth:`resolve`.

    Attributes
    ----------
    uri : str
        A Bolt URI (``bolt://localhost:7687``, ``neo4j+s://...`` for Aura).
    user : str
        The user name.
    password : str
        The password (kept out of ``repr``).
    database : str
        The database name.
    """

    uri: str = DEFAULT_URI
    user: str = DEFAULT_USER
    password: str = field(default=DEFAULT_PASSWORD, repr=False)
    database: str = DEFAULT_DATABASE

    @classmethod
    def resolve(
        cls,
        uri: str | None = None,
        user: str | None = None,
        password: str | None = None,
        database: str | None = None,
        env: Mapping[str, str] | None = None,
    ) -> Neo4jSettings:
        """Each setting from its flag if given, else the environment, else the default.

        Parameters
        ----------
        uri, user, password, database : str, optional
            The flags (``--uri`` ...); None or empty: not given.
        env : mapping of str to str, optional
            The environment to read (default ``os.environ``): ``NEO4J_URI``,
            ``NEO4J_USER`` or ``NEO4J_USERNAME``, ``NEO4J_PASSWORD``, ``NEO4J_DATABASE``.

        Returns
        -------
        Neo4jSettings
            Every field set.

        Examples
        --------
        >>> Neo4jSettings.resolve(database="atlas", env={"NEO4J_DATABASE": "x"}).database
        'atlas'
        >>> Neo4jSettings.resolve(env={}).uri
        'bolt://localhost:7687'
        """
        env = os.environ if env is None else env
        return cls(
            uri=uri or env.get("NEO4J_URI") or DEFAULT_URI,
            user=user or env.get("NEO4J_USER") or env.get("NEO4J_USERNAME") or DEFAULT_USER,
            password=password or env.get("NEO4J_PASSWORD") or DEFAULT_PASSWORD,
            database=database or env.get("NEO4J_DATABASE") or DEFAULT_DATABASE,
        )

    def describe(self) -> str:
        """Where this connects, safe to print (no password).

        Returns
        -------
        str
            ``user@uri (database name)``.

        Examples
        --------
        >>> Neo4jSettings(password="s3cret").describe()
        'neo4j@bolt://localhost:7687 (database neo4j)'
        """
        return f"{self.user}@{self.uri} (database {self.database})"
